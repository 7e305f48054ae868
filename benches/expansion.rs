//! The language's second edition at scale: Rosenbrock written as one `sum`
//! line against the same function written out as one statement per term.
//!
//! `cargo bench --bench expansion`. Each run builds the program (parsing,
//! and for the sum, writing it out), evaluates it and runs one reverse
//! sweep; the one line must be at least as fast as the written-out
//! program (whose text is read and parsed statement by statement).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use dgraph::modes::{reverse, Request};

mod common;
use common::prepare;

/// Rosenbrock over `n` variables as one line.
fn as_one_sum(n: usize) -> String {
    format!("n = {n}\nr = sum(i = 1..n-1, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)\n")
}

/// The same function as the first edition writes it: one statement per
/// term (plain names `x1`, `x2`, ...), then their sum.
fn as_statements(n: usize) -> String {
    let mut source = String::new();
    for i in 1..n {
        source.push_str(&format!(
            "t{i} = 100*(x{} - x{i}^2)^2 + (1 - x{i})^2\n",
            i + 1
        ));
    }
    let terms: Vec<String> = (1..n).map(|i| format!("t{i}")).collect();
    source.push_str(&format!("r = {}\n", terms.join(" + ")));
    source
}

/// Builds, evaluates and differentiates `source`; the gradient's size.
fn run(source: &str) -> usize {
    let prepared = prepare(source);
    let wrt = prepared.graph.inputs().to_vec();
    let request: Request<'_> = prepared.request(&wrt, 0);
    reverse::run(&request).jacobian[0].len()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("expansion");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let (sum, statements) = (as_one_sum(n), as_statements(n));
        assert_eq!(run(&sum), run(&statements), "the same inputs");
        group.bench_function(format!("rosenbrock/{n}/one_sum"), |b| {
            b.iter(|| run(black_box(&sum)))
        });
        group.bench_function(format!("rosenbrock/{n}/statements"), |b| {
            b.iter(|| run(black_box(&statements)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
