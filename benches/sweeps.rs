//! Benchmarks for dgraph's pipeline on generated graphs: parsing and
//! building, the value pass, and each mode's sweeps.
//!
//! `cargo bench --bench sweeps` (criterion; reports in target/criterion).
//! Beside dgraph's reverse mode runs `floor`: a hand-written sweep over a
//! flat tape of the same graph (`common/floor.rs`), so the ratio of the two
//! is measured in one run. `reverse_sweep` is dgraph's sweep alone on the
//! same preallocated buffer as the floor's; `reverse` is the whole mode
//! (buffers, the sweep, gathering the gradient).
//! Families: Rosenbrock (a long sum of small shared terms), a random DAG
//! with heavy reuse written as statements, a flat sum of products, deep
//! nesting (Horner's rule, 10,000 levels of parentheses) and a chain of
//! diamonds (few edges, exponentially many paths).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

use dgraph::graph;
use dgraph::modes::{self, Mode, NoTrace};

mod common;
use common::{deep_nesting, diamond_chain, prepare, random_dag, rosenbrock, wide_sum};

fn families() -> Vec<(String, String)> {
    let mut all = Vec::new();
    for n in [1_000, 100_000] {
        all.push((format!("rosenbrock/{n}"), rosenbrock(n)));
        all.push((format!("random_dag/{n}"), random_dag(n, n / 100)));
        all.push((format!("wide_sum/{n}"), wide_sum(n)));
    }
    for depth in [1_000, 10_000] {
        all.push((format!("deep_nesting/{depth}"), deep_nesting(depth)));
    }
    all
}

fn parse_and_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_and_build");
    group.sample_size(10);
    for (name, source) in families() {
        group.throughput(Throughput::Bytes(source.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&name), &source, |b, source| {
            b.iter(|| graph::build(black_box(source)).expect("parses").graph.len())
        });
    }
    group.finish();
}

fn sweeps(c: &mut Criterion) {
    let mut group = c.benchmark_group("sweeps");
    group.sample_size(20);
    for (name, source) in families() {
        let prepared = prepare(&source);
        let edges = prepared.graph.edge_count() as u64;
        let first_input = &prepared.graph.inputs()[..1];
        group.throughput(Throughput::Elements(edges));
        let tape = common::floor::Tape::of(&prepared.graph);
        let mut adjoint = vec![0.0; prepared.graph.len()];
        group.bench_function(BenchmarkId::new("floor_reverse", &name), |b| {
            b.iter(|| tape.reverse(black_box(&prepared.values), &mut adjoint))
        });
        if let graph::Value::Node(out) = prepared.output {
            group.bench_function(BenchmarkId::new("reverse_sweep", &name), |b| {
                b.iter(|| {
                    adjoint.fill(0.0);
                    let values = black_box(&prepared.values);
                    modes::reverse::sweep(&prepared.graph, values, out, &mut adjoint, &mut NoTrace)
                })
            });
        }
        group.bench_function(BenchmarkId::new("evaluate", &name), |b| {
            let inputs = prepared.input_values();
            b.iter(|| graph::evaluate(&prepared.graph, black_box(&inputs)))
        });
        for (mode, wrt) in [
            (Mode::Reverse, prepared.graph.inputs()),
            (Mode::Forward, first_input),
        ] {
            let request = prepared.request(wrt, 0);
            group.bench_function(BenchmarkId::new(mode.name(), &name), |b| {
                b.iter(|| modes::run(mode, black_box(&request)).expect("not paths"))
            });
        }
    }
    group.finish();
}

fn paths(c: &mut Criterion) {
    let mut group = c.benchmark_group("paths");
    group.sample_size(10);
    for k in [8, 12] {
        let prepared = prepare(&diamond_chain(k));
        let request = prepared.request(prepared.graph.inputs(), u128::MAX);
        let path_edges = modes::run(Mode::Paths, &request)
            .expect("under the limit")
            .edges_touched;
        group.throughput(Throughput::Elements(path_edges));
        group.bench_function(BenchmarkId::new("diamond_chain", k), |b| {
            b.iter(|| modes::run(Mode::Paths, black_box(&request)).expect("under the limit"))
        });
    }
    group.finish();
}

criterion_group!(benches, parse_and_build, sweeps, paths);
criterion_main!(benches);
