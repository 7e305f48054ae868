//! `dgraph diff` at scale: the symbolic reverse sweep and the statements
//! written from it.
//!
//! `cargo bench --bench diff`. The random DAG (1e4 and 1e5 statements; its
//! last statement depends on a part of the graph), Rosenbrock (1e4 and 1e5
//! inputs: every node is on the derivative's path) and chains of 10, 20 and
//! 30 diamonds (3^30 paths, where a tree-building symbolic tool explodes).
//! Each run clones the built graph (the derivative grows it), differentiates
//! by every input and writes the statements; the printed size is reported
//! once per case so the linear growth can be read off.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

use dgraph::graph::Value;
use dgraph::modes::symbolic;
use dgraph::report::formula::{self, Style};

mod common;
use common::{diamond_chain, prepare, random_dag, rosenbrock};

/// The derivative of `prepared`'s output by every input, as statements:
/// how many bytes they take.
fn diff(prepared: &common::Prepared) -> usize {
    let wrt = prepared.graph.inputs().to_vec();
    let formulas = symbolic::differentiate(prepared.graph.clone(), &[prepared.output], &wrt, 1)
        .expect("within the budget");
    let roots: Vec<Value> = formulas.derivatives.iter().map(|d| d.value).collect();
    let printed = formula::statements(&formulas.graph, &roots, Style::Text);
    let statements: usize = printed
        .statements
        .iter()
        .map(|(n, e)| n.len() + e.len() + 4)
        .sum();
    statements + printed.roots.iter().map(String::len).sum::<usize>()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for (name, source) in [
        ("random_dag/10000", random_dag(10_000, 1_000)),
        ("random_dag/100000", random_dag(100_000, 1_000)),
        ("rosenbrock/10000", rosenbrock(10_000)),
        ("rosenbrock/100000", rosenbrock(100_000)),
        ("diamonds/10", diamond_chain(10)),
        ("diamonds/20", diamond_chain(20)),
        ("diamonds/30", diamond_chain(30)),
    ] {
        let prepared = prepare(&source);
        let bytes = diff(&prepared);
        println!(
            "diff/{name}: {} nodes, {} edges -> {bytes} bytes of statements",
            prepared.graph.len(),
            prepared.graph.edge_count()
        );
        group.throughput(Throughput::Elements(prepared.graph.len() as u64));
        group.bench_function(name, |b| b.iter(|| black_box(diff(&prepared))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
