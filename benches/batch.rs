//! The engine behind `--points`: one graph at many points.
//!
//! `cargo bench --bench batch`. A 100-operation random DAG over 10 inputs at
//! 1,000,000 points (value and full gradient by reverse mode), on every core
//! and on one; throughput is in points per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use dgraph::modes::batch::Batch;
use dgraph::modes::Mode;

mod common;
use common::{prepare, random_dag};

const POINTS: usize = 1_000_000;

fn batch(c: &mut Criterion) {
    let prepared = prepare(&random_dag(100, 10));
    let inputs = prepared.graph.inputs().len();
    let points: Vec<Vec<f64>> = (0..POINTS)
        .map(|p| {
            (0..inputs)
                .map(|i| 0.1 + ((p * 31 + i * 7) % 97) as f64 / 97.0)
                .collect()
        })
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
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(POINTS as u64));
    group.bench_function("random_dag_100/1e6_points/all_cores", |b| {
        b.iter(|| batch.at_all(black_box(&points)))
    });
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a thread pool");
    group.bench_function("random_dag_100/1e6_points/one_core", |b| {
        b.iter(|| one_core.install(|| batch.at_all(black_box(&points))))
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
