//! Benchmarks for dgraph's pipeline on generated graphs: parsing and
//! building, the value pass, and each mode's sweeps.
//!
//! `cargo bench --bench sweeps` (criterion; reports in target/criterion).
//! Families: Rosenbrock (a long sum of small shared terms), a random DAG
//! with heavy reuse written as statements, and a chain of diamonds (few
//! edges, exponentially many paths).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

use dgraph::graph::{self, Setting, Value};
use dgraph::modes::{self, Mode, Request};

/// `sum 100*(x{i+1} - x{i}^2)^2 + (1 - x{i})^2` over `n` variables.
fn rosenbrock(n: usize) -> String {
    let terms: Vec<String> = (0..n - 1)
        .map(|i| format!("100*(x{} - x{i}^2)^2 + (1 - x{i})^2", i + 1))
        .collect();
    terms.join(" + ")
}

/// `n` statements, each an operation on two earlier nodes chosen by a fixed
/// linear congruential sequence, over `inputs` variables.
fn random_dag(n: usize, inputs: usize) -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound
    };
    let mut text = String::new();
    for i in 0..n {
        let pick = |r: usize| {
            if r < inputs || i == 0 {
                format!("v{}", r % inputs)
            } else {
                format!("n{}", r % i)
            }
        };
        let (a, b) = (pick(next(i + inputs)), pick(next(i + inputs)));
        let op = ["+", "-", "*", "*"][next(4)];
        let call = ["sin", "tanh", "sigmoid", ""][next(4)];
        text.push_str(&format!("n{i} = {call}({a} {op} {b})\n"));
    }
    text
}

/// `k` diamonds: each node feeds three operations that sum into the next.
fn diamond_chain(k: usize) -> String {
    let mut text = String::from("y0 = x\n");
    for i in 1..=k {
        let p = i - 1;
        text.push_str(&format!("y{i} = sin(y{p}) + cos(y{p}) + tanh(y{p})\n"));
    }
    text
}

struct Prepared {
    graph: graph::Graph,
    values: Vec<f64>,
    output: Value,
}

fn prepare(source: &str) -> Prepared {
    let program = graph::build(source).expect("the generated program parses");
    let settings: Vec<Setting> = program
        .graph
        .inputs()
        .iter()
        .enumerate()
        .map(|(i, &id)| Setting {
            name: program.graph.name(id).unwrap_or_default().to_string(),
            value: 0.5 + (i % 7) as f64 * 0.1,
        })
        .collect();
    let inputs = graph::bind(&program, &settings).expect("every input is set");
    let values = graph::evaluate(&program.graph, &inputs);
    Prepared {
        output: program.last.value,
        graph: program.graph,
        values,
    }
}

fn families() -> Vec<(String, String)> {
    let mut all = Vec::new();
    for n in [1_000, 100_000] {
        all.push((format!("rosenbrock/{n}"), rosenbrock(n)));
        all.push((format!("random_dag/{n}"), random_dag(n, n / 100)));
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
        group.bench_function(BenchmarkId::new("evaluate", &name), |b| {
            let inputs: Vec<f64> = prepared
                .graph
                .inputs()
                .iter()
                .map(|&id| prepared.values[id.index()])
                .collect();
            b.iter(|| graph::evaluate(&prepared.graph, black_box(&inputs)))
        });
        for (mode, wrt) in [
            (Mode::Reverse, prepared.graph.inputs()),
            (Mode::Forward, first_input),
        ] {
            let request = Request {
                graph: &prepared.graph,
                values: &prepared.values,
                outputs: std::slice::from_ref(&prepared.output),
                wrt,
                max_paths: 0,
            };
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
        let request = Request {
            graph: &prepared.graph,
            values: &prepared.values,
            outputs: std::slice::from_ref(&prepared.output),
            wrt: prepared.graph.inputs(),
            max_paths: u128::MAX,
        };
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
