//! Benchmarks for planning elimination orders on the four AlphaGrad
//! programs (`tests/data/alphagrad/`): greedy Markowitz, the search, and
//! the exact search where it proves its optimum (not on RoeFlux_1d, where
//! it gives up after its state budget).
//!
//! `cargo bench --bench ordering` (criterion; reports in target/criterion).
//! The plans are made on the value-free shape of the linearized graph, as
//! `--mode eliminate` makes them before eliminating.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

use dgraph::graph::{self, Value};
use dgraph::modes::budget::MAX_FILLS;
use dgraph::modes::eliminate;
use dgraph::modes::ordering::{self, Strategy, Structure};
use dgraph::modes::Request;

/// The programs, their outputs, and whether `optimal` finishes on them.
const PROGRAMS: [(&str, &str, bool); 4] = [
    ("HumanHeartDipole", "f1,f2,f3,f4,f5,f6,f7,f8", true),
    (
        "PropaneCombustion",
        "f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11",
        true,
    ),
    ("RobotArm_6DOF", "px,py,pz,z,y_,z__", true),
    ("RoeFlux_1d", "phi0,phi1,phi2", false),
];

/// The shape of `file`'s linearized graph for the outputs `of`, every
/// input at 0.1 (the shape does not depend on the point: no `if`).
fn shape(file: &str, of: &str) -> Structure {
    let path = format!(
        "{}/tests/data/alphagrad/{file}.dg",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(path).expect("the benchmark program");
    let program = graph::build(&source).expect("it parses");
    let outputs: Vec<Value> = of
        .split(',')
        .map(|name| program.output(name).expect("an output").value)
        .collect();
    let point = vec![0.1; program.graph.inputs().len()];
    let values = graph::evaluate(&program.graph, &point);
    eliminate::shape(&Request {
        graph: &program.graph,
        values: &values,
        outputs: &outputs,
        wrt: program.graph.inputs(),
        max_paths: 0,
        order: Strategy::default(),
    })
}

fn orders(c: &mut Criterion) {
    let mut group = c.benchmark_group("ordering");
    group.sample_size(10);
    for (file, of, provable) in PROGRAMS {
        let shape = shape(file, of);
        let mut strategies = vec![Strategy::Markowitz, Strategy::Search];
        if provable {
            strategies.push(Strategy::Optimal);
        }
        for strategy in strategies {
            group.bench_function(format!("{}/{file}", strategy.name()), |b| {
                b.iter(|| {
                    ordering::plan(black_box(&shape), strategy, MAX_FILLS)
                        .unwrap()
                        .cost
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, orders);
criterion_main!(benches);
