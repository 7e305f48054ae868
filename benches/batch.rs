//! The engine behind `--points`: one graph at many points.
//!
//! `cargo bench --bench batch`. A 100-operation random DAG over 10 inputs at
//! 1,000,000 points, and Rosenbrock's function of 10 variables at 100,000
//! points (value and full gradient by reverse mode), on every core and on
//! one; throughput is in points per second. The results are written into
//! the same memory run after run, as `--points` does chunk after chunk.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use dgraph::modes::batch::{Batch, Results};
use dgraph::modes::Mode;

mod common;
use common::{prepare, random_dag, rosenbrock};

fn batch(c: &mut Criterion) {
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    for (name, source, count) in [
        ("random_dag_100/1e6_points", random_dag(100, 10), 1_000_000),
        ("rosenbrock_10/1e5_points", rosenbrock(10), 100_000),
    ] {
        let prepared = prepare(&source);
        let inputs = prepared.graph.inputs().len();
        let points: Vec<f64> = (0..count * inputs)
            .map(|k| 0.1 + (((k / inputs) * 31 + (k % inputs) * 7) % 97) as f64 / 97.0)
            .collect();
        let outputs = [prepared.output];
        let batch = Batch::new(
            &prepared.graph,
            &outputs,
            prepared.graph.inputs(),
            Mode::Reverse,
            0,
        )
        .expect("reverse mode is never refused");
        group.throughput(Throughput::Elements(count as u64));
        let mut results = Results::default();
        group.bench_function(format!("{name}/all_cores"), |b| {
            b.iter(|| {
                batch
                    .at_all_into(black_box(&points), count, &mut results)
                    .unwrap()
            })
        });
        group.bench_function(format!("{name}/one_core"), |b| {
            b.iter(|| {
                one_core.install(|| {
                    batch
                        .at_all_into(black_box(&points), count, &mut results)
                        .unwrap()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
