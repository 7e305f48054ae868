//! The recorder and the sums, on small graphs.

use super::places::Places;
use super::steps::{Recorded, Recorder};
use crate::graph::{self, Setting};
use crate::modes::{self, Mode, Request};
use crate::report::drawing::{Drawing, Extent};
use crate::report::explain::Narration;
use crate::report::{Digits, Report};

/// Runs `mode` on `source` at `x` with a recorder whose narration holds
/// `limit` bytes; what it recorded, or that it ran out of room.
fn record(source: &str, x: f64, mode: Mode, limit: usize) -> Option<Recorded> {
    let program = graph::build(source).expect("it builds");
    let setting = Setting {
        name: "x".into(),
        value: x,
    };
    let inputs = graph::bind(&program, &[setting]).expect("x is its input");
    let graph = &program.graph;
    let values = graph::evaluate(graph, &inputs);
    let outputs = [program.last.value];
    let request = Request {
        graph,
        values: &values,
        outputs: &outputs,
        wrt: graph.inputs(),
        max_paths: 1_000_000,
        order: crate::modes::ordering::Strategy::default(),
    };
    let derivatives = modes::run(mode, &request).expect("it runs");
    let report = Report::new(
        graph,
        &values,
        std::slice::from_ref(&program.last),
        graph.inputs(),
        &derivatives,
    );
    let extent = Extent {
        outputs_only: false,
        max_nodes: 300,
    };
    let places = Places::of(&Drawing::of(&report, extent).expect("it draws"));
    let narration = Narration::new(
        graph,
        std::slice::from_ref(&program.last),
        Digits::significant(3),
    )
    .limited_to(limit);
    let mut recorder = Recorder::new(narration, &places, &outputs, Digits::significant(3));
    modes::run_traced(mode, &request, &mut recorder).expect("it runs");
    recorder.finish().ok()
}

#[test]
fn a_narration_past_its_limit_records_nothing() {
    assert!(record("y = sin(x)*x", 1.0, Mode::Reverse, 30).is_none());
    let whole = record("y = sin(x)*x", 1.0, Mode::Reverse, 1 << 20).expect("it fits");
    assert_eq!(whole.steps.len(), 4);
}

/// x used 14 times: its reverse sum spells 12 terms and counts 2; `cos`
/// makes a negative factor, written in parentheses.
#[test]
fn long_sums_are_cut_and_negative_factors_bracketed() {
    let terms: Vec<String> = (2..=14).map(|k| format!("x*{k}")).collect();
    let source = format!("y = cos(x) + {}", terms.join(" + "));
    let recorded = record(&source, 1.0, Mode::Reverse, 1 << 20).expect("it fits");
    let sums = recorded.steps[0].sums.as_ref().expect("the sweep's sums");
    let x = &sums[&0].text;
    assert!(x.starts_with("∂y/∂x = ∂y/∂(cos(x))·∂(cos(x))/∂x + "), "{x}");
    assert!(x.contains(" = 1·(-0.841) + 1·2 + 1·3 + "), "{x}");
    assert!(x.contains(" + … (2 more) = "), "{x}");
    assert!(x.ends_with(" = 103"), "{x}");
}

/// Elimination removes each intermediate vertex once, keeps an output
/// that is used by another (its copy holds its derivatives), and labels
/// each fill-in edge with its running sum.
#[test]
fn elimination_removes_vertices_and_fills_in_edges() {
    let recorded = record(
        "u = sin(x); v = u*u; y = v + u",
        0.5,
        Mode::Eliminate,
        1 << 20,
    )
    .expect("it fits");
    let gone: Vec<usize> = recorded.steps.iter().filter_map(|s| s.gone).collect();
    let mut unique = gone.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), gone.len(), "{gone:?}");
    let mut fills = recorded.steps.iter().filter_map(|s| s.fill.as_ref());
    let last = fills.next_back().expect("a multiply-add");
    assert_eq!(recorded.fills.ends[last.0], (0, 3));
    assert!(last.1.starts_with("∂y/∂x = "), "{}", last.1);
}
