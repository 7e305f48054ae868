//! Sparse Jacobians and Hessians: the pattern, the colouring and the
//! compressed sweeps, each alone and all together, at the issue's scale.
//!
//! `cargo bench --bench sparse`. Rosenbrock's Hessian (100,000 variables,
//! written with `sum`: tridiagonal, 299,998 non-zeros), the Jacobian of a
//! 100,000-point boundary-value residual (299,994 non-zeros; building its
//! `for` loop is measured too), and the
//! colouring of a banded pattern of 1,000,000 columns. Beside them runs
//! the gradient alone (one reverse sweep) on the same graph.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use dgraph::graph::{NodeId, Value};
use dgraph::modes::sparse::jacobian::{self, Choice, Question};
use dgraph::modes::sparse::{colour, hessian, pattern, Pattern};
use dgraph::modes::{reverse, NoTrace};

mod common;
use common::{prepare, residual, rosenbrock_sum};

fn rosenbrock_hessian(c: &mut Criterion) {
    let mut group = c.benchmark_group("rosenbrock_hessian/100000");
    group.sample_size(10);
    let prepared = prepare(&rosenbrock_sum(100_000));
    let graph = &prepared.graph;
    let out = prepared.output.node().expect("a node");
    let wrt = graph.inputs();
    group.bench_function("gradient", |b| {
        let mut adjoint = vec![0.0; graph.len()];
        b.iter(|| {
            reverse::sweep(
                graph,
                black_box(&prepared.values),
                out,
                &mut adjoint,
                &mut NoTrace,
            )
        })
    });
    group.bench_function("pattern", |b| {
        b.iter(|| pattern::hessian(graph, out, wrt).expect("sparse"))
    });
    let pattern = pattern::hessian(graph, out, wrt).expect("sparse");
    assert_eq!(pattern.nonzeros(), 299_998);
    group.bench_function("colour", |b| b.iter(|| colour::star(black_box(&pattern))));
    let colouring = colour::star(&pattern);
    group.bench_function("sweeps", |b| {
        b.iter(|| hessian::compute((graph, &prepared.values), (out, wrt), &pattern, &colouring))
    });
    group.bench_function("whole", |b| {
        b.iter(|| {
            let pattern = pattern::hessian(graph, out, wrt).expect("sparse");
            let colouring = colour::star(&pattern);
            hessian::compute((graph, &prepared.values), (out, wrt), &pattern, &colouring)
        })
    });
    group.finish();
}

fn residual_jacobian(c: &mut Criterion) {
    let mut group = c.benchmark_group("residual_jacobian/100000");
    group.sample_size(10);
    let source = format!("{}\nlast = x[1]", residual(100_000));
    group.bench_function("build", |b| {
        b.iter(|| dgraph::graph::build(black_box(&source)).expect("builds"))
    });
    let program = dgraph::graph::build(&source).expect("builds");
    let prepared = prepare(&source);
    let graph = &prepared.graph;
    let outputs = program.family_outputs("r").into_iter();
    let outputs: Vec<Value> = outputs.map(|output| output.value).collect();
    let wrt: Vec<NodeId> = graph.inputs().to_vec();
    let question = Question {
        graph,
        values: &prepared.values,
        outputs: &outputs,
        wrt: &wrt,
    };
    group.bench_function("pattern", |b| {
        b.iter(|| pattern::jacobian(graph, &outputs, &wrt).expect("sparse"))
    });
    let pattern = pattern::jacobian(graph, &outputs, &wrt).expect("sparse");
    assert_eq!(pattern.nonzeros(), 299_994);
    group.bench_function("colour", |b| b.iter(|| Choice::of(black_box(&pattern))));
    let choice = Choice::of(&pattern);
    group.bench_function("sweeps", |b| {
        b.iter(|| jacobian::compute(&question, &pattern, &choice))
    });
    group.finish();
}

fn banded_colouring(c: &mut Criterion) {
    let mut group = c.benchmark_group("colour_banded/1000000");
    group.sample_size(10);
    for width in [1, 2] {
        let pattern = Pattern::banded(1_000_000, width);
        group.bench_function(format!("star/{}", 2 * width + 1), |b| {
            b.iter(|| colour::star(black_box(&pattern)))
        });
        group.bench_function(format!("distance2/{}", 2 * width + 1), |b| {
            b.iter(|| colour::columns(black_box(&pattern)))
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    rosenbrock_hessian,
    residual_jacobian,
    banded_colouring
);
criterion_main!(benches);
