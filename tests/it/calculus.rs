//! Every derivative rule against central finite differences, in every mode,
//! and the documented choices at kinks.

use dgraph::modes::Mode;
use dgraph::parse::Func;

use crate::support::{close, evaluate, finite_difference, points_for};

/// Checks every mode's gradient of `source` at `point` against finite
/// differences.
fn check(source: &str, point: &[(&str, f64)]) {
    let evaluated = evaluate(source, point);
    for mode in Mode::ALL {
        let gradient = evaluated.gradient(mode);
        for (name, analytic) in evaluated.inputs.iter().zip(gradient) {
            let numeric = finite_difference(source, point, name);
            assert!(
                close(analytic, numeric, 1e-6),
                "{source} at {point:?}: {} gives ∂/∂{name} = {analytic}, finite differences {numeric}",
                mode.name()
            );
        }
    }
}

#[test]
fn every_one_argument_function_matches_finite_differences() {
    for &func in Func::ALL.iter().filter(|f| f.arity() == 1) {
        assert!(!points_for(func).is_empty(), "{}", func.name());
        for &x in points_for(func) {
            check(&format!("{}(x)", func.name()), &[("x", x)]);
            check(
                &format!("{}(x * y) * y", func.name()),
                &[("x", x / 2.0), ("y", 2.0)],
            );
        }
    }
}

#[test]
fn every_two_argument_function_matches_finite_differences() {
    for (x, y) in [(0.7f64, 1.9), (2.5, -0.5), (1.3, 0.4), (3.0, 2.0)] {
        check("pow(x, y)", &[("x", x.abs()), ("y", y)]);
        check(
            "min(x, y) * max(x, y) + min(x*x, y) - max(y, 2*x)",
            &[("x", x), ("y", y)],
        );
        check(
            "atan2(y, x) * hypot(x, y) + atan2(x*y, -x) - hypot(y, 3)",
            &[("x", x), ("y", y)],
        );
        check(
            "logsumexp(x, y) + logsumexp(x*y, 2*x, -y) - logsumexp(y)",
            &[("x", x), ("y", y)],
        );
    }
}

/// The list above must name every function of several arguments.
#[test]
fn every_function_of_several_arguments_is_checked() {
    let checked = ["pow", "min", "max", "atan2", "hypot", "logsumexp", "if"];
    for func in Func::ALL.iter().filter(|f| f.arity() > 1) {
        assert!(
            checked.contains(&func.name()),
            "{} is not checked",
            func.name()
        );
    }
}

#[test]
fn every_operator_matches_finite_differences() {
    for (x, y) in [(0.7, 1.9), (2.5, -0.5), (-1.3, 0.4)] {
        let point = [("x", x), ("y", y)];
        check("x + y", &point);
        check("x - y", &point);
        check("x * y", &point);
        check("x / y", &point);
        check("-x * y", &point);
        check("abs(x)^y + y^2", &point);
        check("x^3 - 2^x + 3 - x + x / 4 + 4 / x + y^-2", &point);
    }
}

#[test]
fn shared_nodes_and_statements_match_finite_differences() {
    check("c = a + b; d = b + 1; e = c * d", &[("a", 2.0), ("b", 1.0)]);
    check(
        "s = sin(x) * y; t = s * s + x; u = t / (1 + s^2)",
        &[("x", 0.3), ("y", 1.7)],
    );
    check(
        "(a+b)*(a+b) + x*x*x",
        &[("a", 0.5), ("b", -1.5), ("x", 1.1)],
    );
}

fn gradient_at(source: &str, point: &[(&str, f64)]) -> Vec<f64> {
    let evaluated = evaluate(source, point);
    let reverse = evaluated.gradient(Mode::Reverse);
    for mode in [Mode::Forward, Mode::Paths] {
        let other = evaluated.gradient(mode);
        assert!(
            reverse.iter().zip(&other).all(|(a, b)| close(*a, *b, 0.0)),
            "{source}: {mode:?}"
        );
    }
    reverse
}

#[test]
fn kinks_follow_the_documented_choices() {
    assert_eq!(gradient_at("abs(x)", &[("x", 0.0)]), [0.0]);
    assert_eq!(gradient_at("relu(x)", &[("x", 0.0)]), [0.0]);
    assert_eq!(
        gradient_at("min(x, y)", &[("x", 1.0), ("y", 1.0)]),
        [0.5, 0.5]
    );
    assert_eq!(
        gradient_at("max(x, y)", &[("x", -2.0), ("y", -2.0)]),
        [0.5, 0.5]
    );
    assert_eq!(gradient_at("min(x, x)", &[("x", 3.0)]), [1.0]);
    assert_eq!(gradient_at("x^y", &[("x", 0.0), ("y", 2.0)]), [0.0, 0.0]);
    assert_eq!(
        gradient_at("x^y", &[("x", 5.0), ("y", 0.0)]),
        [0.0, 5f64.ln()]
    );
}

#[test]
fn non_finite_values_flow_through_every_mode_alike() {
    let sqrt_at_zero = gradient_at("sqrt(x)", &[("x", 0.0)]);
    assert_eq!(sqrt_at_zero, [f64::INFINITY]);
    let log_negative = evaluate("log(x) * 2", &[("x", -1.0)]);
    assert!(log_negative.value.is_nan());
    assert!(gradient_at("0 * sqrt(x)", &[("x", 0.0)])[0].is_nan());
    assert!(gradient_at("min(x, y)", &[("x", f64::NAN), ("y", 1.0)])
        .iter()
        .all(|d| d.is_nan()));
}

#[test]
fn olah_example_is_exact() {
    for source in ["(a+b)*(b+1)", "c = a + b; d = b + 1; e = c * d"] {
        let evaluated = evaluate(source, &[("a", 2.0), ("b", 1.0)]);
        assert_eq!(evaluated.value, 6.0);
        for mode in Mode::ALL {
            let derivatives = evaluated.derivatives(mode);
            assert_eq!(derivatives.jacobian, [[2.0, 5.0]], "{mode:?}");
            let expected_edges = match mode {
                Mode::Reverse => 5,
                Mode::Forward => 6,
                Mode::Paths => 6,
                // d (1 in × 1 out), then c (2 × 1): no products with a seed.
                Mode::Eliminate => 3,
            };
            assert_eq!(derivatives.edges_touched, expected_edges, "{mode:?}");
        }
        assert_eq!(&evaluated.values[2..], [3.0, 2.0, 6.0]);
    }
}
