//! `dgraph draw --format svg`: layout and SVG of the shapes that strain a
//! layered layout, up to the node limit (300).
//!
//! `cargo bench --bench drawing`. Chains of 12 to 59 diamonds (61 to 296
//! nodes), the 280-node fan (`x*2 + x*3 + ... + x*141`: one input feeding
//! 140 products summed in a chain, the long edges cut into some 20,000
//! pieces) and a random DAG of 300 nodes whose edges reach anywhere below.
//! Each run is the whole command in-process: parse, evaluate, reverse mode,
//! lay out and write the SVG.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

mod common;
use common::diamond_chain;

/// The SVG of `program` at `settings`: how many bytes it takes.
fn draw(program: &str, settings: &str) -> usize {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut streams = dgraph::cli::Streams {
        out: &mut out,
        err: &mut err,
        out_terminal: false,
        err_terminal: false,
        no_color: true,
        out_width: None,
        err_width: None,
        quiet: false,
    };
    let argv = [
        "dgraph", "draw", "--format", "svg", "--set", settings, "--", program,
    ];
    dgraph::cli::run(argv, &mut streams).expect("draws");
    out.len()
}

/// `v_k` over three inputs, each one or two earlier values from anywhere.
fn random_dag(statements: usize) -> String {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut names = vec!["x0".to_string(), "x1".into(), "x2".into()];
    let mut program = String::new();
    for k in 0..statements {
        let (a, b) = (&names[next(names.len())], &names[next(names.len())]);
        program.push_str(&format!("v{k} = {a} * {b} + sin({a})\n"));
        names.push(format!("v{k}"));
    }
    program
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("draw_svg");
    group.sample_size(10);
    let fan = (2..142)
        .map(|k| format!("x*{k}"))
        .collect::<Vec<_>>()
        .join(" + ");
    let mut cases: Vec<(String, String, &str)> = [12, 14, 16, 18, 59]
        .iter()
        .map(|&k| (format!("diamonds/{k}"), diamond_chain(k), "x=0.5"))
        .collect();
    cases.push(("fan/280".into(), fan, "x=0.5"));
    cases.push((
        "random_dag/300".into(),
        random_dag(99),
        "x0=0.5,x1=0.25,x2=2",
    ));
    for (name, program, settings) in &cases {
        println!("draw_svg/{name}: {} bytes of SVG", draw(program, settings));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| black_box(draw(program, settings)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
