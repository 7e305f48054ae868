//! Comparisons and `if`: values, and the branch not taken contributing
//! exactly 0 to every derivative in every mode, with no warning.

use dgraph::modes::Mode;

use crate::support::{close, dgraph_with, evaluate, finite_difference};

/// Every mode's gradient, the Hessian, and `diff`'s formula evaluated again,
/// for `source` at `point`.
fn every_derivative(source: &str, point: &[(&str, f64)]) -> Vec<Vec<f64>> {
    let evaluated = evaluate(source, point);
    let mut all: Vec<Vec<f64>> = Mode::ALL.iter().map(|&m| evaluated.gradient(m)).collect();
    all.extend(evaluated.hessian());
    all
}

fn set(point: &[(&str, f64)]) -> String {
    let pairs: Vec<String> = point.iter().map(|(n, v)| format!("{n}={v}")).collect();
    pairs.join(",")
}

#[test]
fn the_branch_not_taken_contributes_exactly_zero_in_every_mode() {
    let source = "if(x > 0, sqrt(x), 0)";
    let at_zero = evaluate(source, &[("x", 0.0)]);
    assert_eq!(at_zero.value.to_bits(), 0f64.to_bits());
    for row in every_derivative(source, &[("x", 0.0)]) {
        assert_eq!(row, [0.0], "{source} at 0");
    }
    let right = every_derivative(source, &[("x", 4.0)]);
    for row in &right[..Mode::ALL.len()] {
        assert_eq!(row, &[0.25], "{source} at 4");
    }
    assert_eq!(right[Mode::ALL.len()], [-1.0 / 32.0], "the Hessian at 4");
    // Through several levels and a division by zero in the other branch.
    let deep = "u = x / y; v = log(u) * u; if(y != 0, v^2, x*3)";
    for row in every_derivative(deep, &[("x", 2.0), ("y", 0.0)]) {
        assert!(row.iter().all(|d| d.is_finite()), "{deep}: {row:?}");
    }
    assert_eq!(
        evaluate(deep, &[("x", 2.0), ("y", 0.0)]).gradient(Mode::Reverse),
        [3.0, 0.0]
    );
}

#[test]
fn the_symbolic_derivative_keeps_the_branch_not_taken_out() {
    for (source, x, expected) in [
        ("if(x > 0, sqrt(x), 0)", "0", "0"),
        ("if(x <= 0, 0, sqrt(x)*x)", "0", "0"),
        ("2 * if(x > 0, log(x), x)", "-1", "2"),
        ("2 * if(x > 0, log(x), x)", "4", "0.5"),
    ] {
        let (formula, _) = dgraph_with(&["diff", source], false, true);
        let (out, err) = dgraph_with(
            &[
                "eval",
                formula.trim(),
                "--set",
                &format!("x={x}"),
                "--format",
                "csv",
            ],
            false,
            true,
        );
        let last = out.lines().last().expect("a row");
        let value = last.rsplit(',').nth(1).expect("a value column");
        assert_eq!(value, expected, "{source} at {x}: {formula} gives {last}");
        assert!(err.is_empty(), "{err}");
    }
}

#[test]
fn no_warning_comes_from_a_branch_not_taken() {
    let (_, err) = dgraph_with(
        &["eval", "if(y != 0, x/y, x)", "--set", "x=3,y=0"],
        false,
        true,
    );
    assert!(err.is_empty(), "{err}");
    let (_, err) = dgraph_with(
        &["eval", "if(y == 0, x/y, x)", "--set", "x=3,y=0"],
        false,
        true,
    );
    assert!(
        err.contains("warning"),
        "a branch taken still warns: {err:?}"
    );
    for mode in ["reverse", "forward", "paths", "eliminate"] {
        let args = [
            "eval",
            "if(x > 0, sqrt(x), 0)",
            "--set",
            "x=0",
            "--mode",
            mode,
        ];
        let (_, err) = dgraph_with(&args, false, true);
        assert!(err.is_empty(), "{mode}: {err}");
    }
}

#[test]
fn a_nan_condition_gives_nan() {
    let source = "if(sqrt(x) - sqrt(x), x, 2*x)";
    let at = evaluate(source, &[("x", -1.0)]);
    assert!(at.value.is_nan());
    for mode in Mode::ALL {
        assert!(at.gradient(mode)[0].is_nan(), "{}", mode.name());
    }
}

#[test]
fn branches_and_comparisons_match_finite_differences_away_from_the_switch() {
    let sources = [
        "if(x*y > 1, x*y^2, sin(x) - y)",
        "(x < y) * x^2 + (x >= y) * exp(y)",
        "if(x == y, 0, x) + if(x != 1, y^3, y)",
        "if(x, y, -y) * if(y - 2, x, 1)",
    ];
    for source in sources {
        for (x, y) in [(0.3, 0.7), (2.0, 1.5), (1.25, -0.5), (-0.8, 3.0)] {
            let point = [("x", x), ("y", y)];
            let evaluated = evaluate(source, &point);
            for mode in Mode::ALL {
                let gradient = evaluated.gradient(mode);
                for (name, analytic) in ["x", "y"].iter().zip(gradient) {
                    let numeric = finite_difference(source, &point, name);
                    assert!(
                        close(analytic, numeric, 1e-6),
                        "{source} at {}: {} gives ∂/∂{name} = {analytic}, differences {numeric}",
                        set(&point),
                        mode.name()
                    );
                }
            }
        }
    }
}

#[test]
fn comparisons_give_one_or_zero_as_ieee_compares() {
    for (source, expected) in [
        ("x < y", 1.0),
        ("x <= y", 1.0),
        ("x > y", 0.0),
        ("x >= y", 0.0),
        ("x == y", 0.0),
        ("x != y", 1.0),
        ("x + 1 == y", 1.0),
        ("(x < y) + (y < x) + (x < x)", 1.0),
        ("(0*log(x - 5) < y) + (0*log(x - 5) != 0*log(x - 5))", 1.0),
    ] {
        assert_eq!(
            evaluate(source, &[("x", 1.0), ("y", 2.0)]).value,
            expected,
            "{source}"
        );
    }
}

#[test]
fn an_if_on_a_constant_condition_is_its_branch() {
    let evaluated = evaluate(
        "if(1, x, y) + if(0, x, y) * if(2 > 3, 5, y)",
        &[("x", 2.0), ("y", 3.0)],
    );
    assert_eq!(evaluated.value, 2.0 + 9.0);
    assert_eq!(
        evaluated.values.len(),
        4,
        "x, y, y*y and the sum: no if node"
    );
}
