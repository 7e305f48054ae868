//! The library (`dgraph::Program`): on random programs it gives what the
//! command line gives, bit for bit, at one point and at many; every mode's
//! Jacobian agrees; any text parses or fails without a panic; errors carry
//! their place in the text; work past a budget is an error.

use dgraph::{Mode, Program};
use proptest::prelude::*;
use serde_json::Value as Json;

use crate::properties::program;
use crate::support::{close, dgraph};

/// `--set` text for `names` at `point`, in the shortest round-trip form.
fn settings(names: &[&str], point: &[f64]) -> String {
    let pairs = names.iter().zip(point).map(|(n, v)| format!("{n}={v:e}"));
    pairs.collect::<Vec<_>>().join(",")
}

/// Each number's bits, every NaN alike (a NaN's sign is not a result).
fn bits(numbers: &[f64]) -> Vec<u64> {
    let bits = |n: &f64| {
        if n.is_nan() {
            f64::NAN.to_bits()
        } else {
            n.to_bits()
        }
    };
    numbers.iter().map(bits).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The library's value and gradient are the command line's, bit for
    /// bit (JSON numbers are shortest round-trip doubles).
    #[test]
    fn the_library_gives_what_the_command_line_gives((source, point) in program(false)) {
        let program = Program::parse(&source).expect("a generated program parses");
        let inputs = program.inputs();
        let at: Vec<(&str, f64)> = inputs.iter().copied().zip(point).collect();
        let here = program.at(&at).expect("every input is set");
        let set = settings(&inputs, &point);
        let json: Json = serde_json::from_str(&dgraph(&["eval", &source, "--set", &set, "--format", "json"])).unwrap();
        let value = json["value"].as_f64();
        prop_assert_eq!(value.map(f64::to_bits), Some(here.value()).filter(|v| v.is_finite()).map(f64::to_bits));
        let gradient = here.gradient().expect("one output");
        for (name, derivative) in gradient.names().iter().zip(gradient.values()) {
            let cli = json["gradient"][name.as_str()].as_f64();
            prop_assert_eq!(cli.map(f64::to_bits), Some(*derivative).filter(|d| d.is_finite()).map(f64::to_bits), "{}", name);
        }
    }

    /// Many points at once give each point's single result, bit for bit.
    #[test]
    fn many_points_give_each_points_result((source, point) in program(false)) {
        let program = Program::parse(&source).expect("a generated program parses");
        let inputs = program.inputs();
        let points: Vec<Vec<f64>> = (0..5).map(|k| point.iter().map(|v| v + k as f64 * 0.25).collect()).collect();
        let many = program.gradients(&points).expect("within budget");
        for (p, values) in points.iter().enumerate() {
            let at: Vec<(&str, f64)> = inputs.iter().copied().zip(values.iter().copied()).collect();
            let here = program.at(&at).expect("every input is set");
            prop_assert_eq!(bits(&[many.value(p)]), bits(&[here.value()]));
            let single = here.gradient().expect("one output");
            prop_assert_eq!(bits(many.gradient(p)), bits(single.values()));
        }
    }

    /// Every mode's Jacobian agrees with reverse mode's.
    #[test]
    fn every_mode_agrees((source, point) in program(true)) {
        let program = Program::parse(&source).expect("a generated program parses");
        let at: Vec<(&str, f64)> = program.inputs().into_iter().zip(point).collect();
        let here = program.at(&at).expect("every input is set");
        let reverse = here.jacobian(Mode::Reverse).expect("reverse always runs");
        for mode in [Mode::Auto, Mode::Forward, Mode::Paths, Mode::Eliminate] {
            let Ok(other) = here.jacobian(mode) else { continue };
            for (a, b) in reverse.row(0).iter().zip(other.row(0)) {
                prop_assert!(!a.is_finite() || close(*a, *b, 1e-9), "{:?}: {} vs {}", mode, a, b);
            }
        }
    }

    /// Any text parses or fails with an error; nothing panics.
    #[test]
    fn any_text_parses_or_fails_cleanly(text in "\\PC{0,60}") {
        if let Ok(program) = Program::parse(&text) {
            let at: Vec<(&str, f64)> = program.inputs().into_iter().map(|n| (n, 0.5)).collect();
            if let Ok(here) = program.at(&at) {
                let _ = here.jacobian(Mode::Auto);
                let _ = here.hessian();
            }
        }
    }
}

#[test]
fn errors_say_where_they_are_and_are_std_errors() {
    let err = Program::parse("a = 1\nb = a +* 2").unwrap_err();
    let location = err.location().expect("in the text");
    assert_eq!((location.line, location.column), (2, 8));
    assert!(err.to_string().contains("--> 2:8"), "{err}");
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(!boxed.to_string().is_empty());
    let unset = Program::parse("y = x^2").unwrap().at(&[]).unwrap_err();
    assert_eq!(
        unset.location().map(|at| (at.line, at.column)),
        Some((1, 5))
    );
    let unknown = Program::parse("y = x").unwrap().of(&["z"]).unwrap_err();
    assert!(unknown.location().is_none());
    assert!(
        unknown.message().starts_with("of: `z` is not a name"),
        "{unknown}"
    );
    let unknown = Program::parse("y = x").unwrap().wrt(&["y"]).unwrap_err();
    assert!(
        unknown.message().starts_with("wrt: `y` is assigned"),
        "{unknown}"
    );
}

#[test]
fn work_past_a_budget_is_an_error() {
    let program = Program::parse("y = sum(i = 1..20000, x[i])^2").unwrap();
    let inputs = program.inputs();
    let at: Vec<(&str, f64)> = inputs.iter().map(|&n| (n, 1.0)).collect();
    let err = program.at(&at).unwrap().hessian().unwrap_err();
    assert!(err.message().contains("Hessian"), "{err}");
    let two = Program::parse("u = x*y; v = x+y")
        .unwrap()
        .of(&["u", "v"])
        .unwrap();
    let here = two.at(&[("x", 1.0), ("y", 2.0)]).unwrap();
    assert!(here.gradient().is_err() && here.hessian().is_err());
    assert_eq!(here.jacobian(Mode::Auto).unwrap().outputs(), ["u", "v"]);
    let wide = Program::parse("for j = 1..3000: h[j] = x[j]*x[j+1]")
        .unwrap()
        .of(&["h"])
        .unwrap();
    let err = wide.gradients(&vec![vec![0.5; 3001]; 200]).unwrap_err();
    assert!(
        err.message().contains("take at most 3 points at a time"),
        "{err}"
    );
    let wrong = two.gradients(&[[1.0]]).unwrap_err();
    assert!(wrong.message().contains("point 1 has 1 values"), "{wrong}");
}

#[test]
fn families_and_indices_work_through_the_library() {
    let source = "for i = 1..3: r[i] = x[i]^2 * s";
    let program = Program::parse(source)
        .unwrap()
        .of(&["r"])
        .unwrap()
        .wrt(&["x"])
        .unwrap();
    assert_eq!(program.outputs(), ["r[1]", "r[2]", "r[3]"]);
    let here = program
        .at(&[("x[1]", 1.0), ("x[2]", 2.0), ("x[3]", 3.0), ("s", 2.0)])
        .unwrap();
    let jacobian = here.jacobian(Mode::Auto).unwrap();
    assert_eq!(jacobian.inputs(), ["x[1]", "x[2]", "x[3]"]);
    assert_eq!(jacobian.get("r[3]", "x[3]"), Some(12.0));
    assert_eq!(jacobian.get("r[3]", "x[1]"), Some(0.0));
    assert_eq!(
        program.diff(&["x[2]"]).unwrap(),
        "dr_dx[1,2] = 0\ndr_dx[2,2] = 2*s*x[2]\ndr_dx[3,2] = 0\n"
    );
}
