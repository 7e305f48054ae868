//! Second derivatives: every operation's second derivative against finite
//! differences of the gradient, Rosenbrock's Hessian in closed form,
//! symmetry on random programs, and `--order 2` on the command line.

use dgraph::modes::Mode;
use dgraph::parse::Func;
use proptest::prelude::*;

use crate::support::{close, dgraph, evaluate, points_for, BigSum};

/// Central differences (with Richardson extrapolation) of the reverse-mode
/// gradient with base step `step` (relative): column j is ∂gradient/∂x_j.
fn hessian_by_differences(source: &str, point: &[(&str, f64)], step: f64) -> Vec<Vec<f64>> {
    let gradient_at = |input: &str, shift: f64| {
        let moved: Vec<(&str, f64)> = point
            .iter()
            .map(|&(n, v)| (n, if n == input { v + shift } else { v }))
            .collect();
        evaluate(source, &moved).gradient(Mode::Reverse)
    };
    let names = evaluate(source, point).inputs;
    let columns: Vec<Vec<f64>> = names
        .iter()
        .map(|name| {
            let x = point.iter().find(|(n, _)| n == name).unwrap().1;
            let h = step * x.abs().max(1.0);
            let central = |h: f64| -> Vec<f64> {
                let (up, down) = (gradient_at(name, h), gradient_at(name, -h));
                up.iter()
                    .zip(&down)
                    .map(|(u, d)| (u - d) / (2.0 * h))
                    .collect()
            };
            let (wide, narrow) = (central(h), central(h / 2.0));
            narrow
                .iter()
                .zip(&wide)
                .map(|(n, w)| (4.0 * n - w) / 3.0)
                .collect()
        })
        .collect();
    (0..names.len())
        .map(|i| columns.iter().map(|column| column[i]).collect())
        .collect()
}

fn assert_hessian_matches_differences(source: &str, point: &[(&str, f64)]) {
    let analytic = evaluate(source, point).hessian();
    let numeric = hessian_by_differences(source, point, 1e-3);
    for (i, (a_row, n_row)) in analytic.iter().zip(&numeric).enumerate() {
        for (j, (a, n)) in a_row.iter().zip(n_row).enumerate() {
            assert!(
                close(*a, *n, 1e-6),
                "{source} at {point:?}: H[{i}][{j}] = {a}, finite differences {n}"
            );
        }
    }
}

#[test]
fn every_operation_has_the_right_second_derivative() {
    for &func in Func::ALL.iter().filter(|f| f.arity() == 1) {
        // Compose with a product so cross terms appear too.
        let f = func.name();
        for &at in points_for(func).iter().take(3) {
            let source = format!("y = {f}(x*z) * z");
            assert_hessian_matches_differences(&source, &[("x", at / 0.7), ("z", 0.7)]);
        }
        let at = points_for(func)[1];
        let source = format!("y = {f}(-x*z + 0.1) * z");
        assert_hessian_matches_differences(&source, &[("x", (0.1 - at) / 0.9), ("z", 0.9)]);
    }
    for source in [
        "y = x + z",
        "y = x - z",
        "y = x * z",
        "y = x / z",
        "y = x ^ z",
        "y = pow(x, z)",
        "y = x^3 * z",
        "y = x^2 * z^2",
        "y = 2^(x*z)",
        "y = x^-1.5 / z",
        "y = min(x*x, z) * x",
        "y = max(x*x, z) * z",
        "y = -x * z",
        "y = (x*z)^0.5",
        "y = atan2(x, z) * hypot(x, z)",
        "y = logsumexp(x*z, x, z^2)",
        "y = if(x > z, x^3*z, sin(x*z))",
    ] {
        assert_hessian_matches_differences(source, &[("x", 1.3), ("z", 0.8)]);
    }
}

/// `f = Σ (1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2`: a tridiagonal Hessian
/// known in closed form.
#[test]
fn rosenbrock_matches_its_closed_form() {
    let n = 6;
    let terms: Vec<String> = (0..n - 1)
        .map(|i| format!("(1 - x{i})^2 + 100*(x{} - x{i}^2)^2", i + 1))
        .collect();
    let source = terms.join(" + ");
    let values: Vec<f64> = (0..n).map(|i| 0.3 * i as f64 - 0.7).collect();
    let names: Vec<String> = (0..n).map(|i| format!("x{i}")).collect();
    let point: Vec<(&str, f64)> = names
        .iter()
        .map(String::as_str)
        .zip(values.iter().copied())
        .collect();
    let evaluated = evaluate(&source, &point);
    assert_eq!(evaluated.inputs, names);
    let hessian = evaluated.hessian();
    let x = &values;
    for i in 0..n {
        for j in 0..n {
            let expected = if i == j {
                let mut d = 0.0;
                if i + 1 < n {
                    d += 2.0 + 1200.0 * x[i] * x[i] - 400.0 * x[i + 1];
                }
                if i > 0 {
                    d += 200.0;
                }
                d
            } else if j == i + 1 {
                -400.0 * x[i]
            } else if i == j + 1 {
                -400.0 * x[j]
            } else {
                0.0
            };
            assert!(
                close(hessian[i][j], expected, 1e-12),
                "H[{i}][{j}] = {}, expected {expected}",
                hessian[i][j]
            );
        }
    }
}

fn program() -> impl Strategy<Value = (String, [f64; 3])> {
    // Smooth everywhere (and dividing only by inputs ≥ 0.2), so finite
    // differences are accurate; `every_operation_...` covers the rest.
    let op = prop_oneof![
        Just("sin"),
        Just("exp"),
        Just("tanh"),
        Just("cos"),
        Just("atan")
    ];
    let bin = prop_oneof![Just("+"), Just("-"), Just("*"), Just("/")];
    let point = [0.2..1.2f64, 0.2..1.2f64, 0.2..1.2f64];
    (
        proptest::collection::vec((op, bin, 0..3usize, 0..3usize), 1..8),
        point,
    )
        .prop_map(|(steps, point)| {
            let names = ["x", "y", "z"];
            let mut lines = vec!["t0 = x * y + z".to_string()];
            for (k, (f, b, i, j)) in steps.iter().enumerate() {
                lines.push(format!(
                    "t{} = {f}(t{k} {b} {}) * {}",
                    k + 1,
                    names[*i],
                    names[*j]
                ));
            }
            (lines.join("\n"), point)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The Hessian is symmetric to rounding, and its columns are the
    /// derivatives of the gradient.
    #[test]
    fn hessians_are_symmetric_and_match_differences((source, point) in program()) {
        let point = [("x", point[0]), ("y", point[1]), ("z", point[2])];
        let evaluated = evaluate(&source, &point);
        let hessian = evaluated.hessian();
        prop_assume!(hessian.iter().flatten().all(|d| d.is_finite() && d.abs() < 1e6));
        let scale = hessian.iter().flatten().fold(1.0f64, |m, d| m.max(d.abs()));
        for (i, row) in hessian.iter().enumerate() {
            for (j, &h) in row.iter().enumerate() {
                let mirror = hessian[j][i];
                prop_assert!((h - mirror).abs() <= 1e-12 * scale,
                    "{source}: H[{i}][{j}] = {h}, H[{j}][{i}] = {mirror}");
            }
        }
        // Two step sizes: their difference bounds the differences' own
        // error, which grows on the steeper random programs. Where they
        // still disagree with dgraph, the differences may be what is wrong
        // (a steep oscillation, `sin(exp(exp(...)))`): `check`'s Ridders
        // extrapolation and Taylor witness then judge, and must not fail.
        let coarse = hessian_by_differences(&source, &point, 4e-4);
        let fine = hessian_by_differences(&source, &point, 2e-4);
        let pairs = coarse.iter().flatten().zip(fine.iter().flatten());
        let agree = hessian
            .iter()
            .flatten()
            .zip(pairs)
            .all(|(a, (c, f))| (a - f).abs() <= 1e-6 * scale + 4.0 * (c - f).abs());
        prop_assert!(agree || evaluated.checks_pass(), "{source} at {point:?}");
    }
}

#[test]
fn the_command_line_prints_the_hessian_as_a_matrix_and_in_json() {
    let doc: serde_json::Value = serde_json::from_str(&dgraph(&[
        "eval",
        "r = (1-x)^2 + 100*(y-x^2)^2",
        "--set",
        "x=1.5,y=0.5",
        "--order",
        "2",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(doc["hessian"]["x"]["x"], 2502.0);
    assert_eq!(doc["hessian"]["x"]["y"], -600.0);
    assert_eq!(doc["hessian"]["y"]["x"], -600.0);
    assert_eq!(doc["hessian"]["y"]["y"], 200.0);
    // One reverse sweep (9 edges: `x^2` is one edge), then per input a
    // forward sweep and a second reverse sweep: from x 8 edges, from y 4.
    assert_eq!(doc["hessian_sweeps"], 5);
    assert_eq!(doc["hessian_edges_touched"], 9 + (8 + 9) + (4 + 9));
    let constant = dgraph(&[
        "eval",
        "k = 2; y = x; k",
        "--set",
        "x=1",
        "--order",
        "2",
        "--format",
        "json",
    ]);
    let constant: serde_json::Value = serde_json::from_str(&constant).unwrap();
    assert_eq!(constant["hessian"]["x"]["x"], 0.0);
}

#[test]
fn the_hessian_is_refused_where_it_cannot_be_shown() {
    for (args, message) in [
        (
            &[
                "eval",
                "u = x*y; v = x+y",
                "--set",
                "x=1,y=2",
                "--of",
                "u,v",
                "--order",
                "2",
            ][..],
            "one output",
        ),
        (
            &[
                "eval", "x*y", "--set", "x=1,y=2", "--order", "2", "--format", "csv",
            ][..],
            "not csv",
        ),
        (
            &["eval", "x*y", "--set", "x=1,y=2", "--order", "3"][..],
            "3",
        ),
    ] {
        assert_cmd::Command::cargo_bin("dgraph")
            .expect("the binary is built")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(message));
    }
}

/// A dense Hessian by every one of 20,000 inputs would take 40,001 sweeps
/// and hold 400 million entries: it is written sparse instead, with a note
/// (the terms do not mix: one colour, three sweeps); by two inputs it is
/// dense and immediate.
#[test]
fn a_hessian_too_big_to_be_dense_is_written_sparse() {
    let big = BigSum::new(20_000, "hessian-budget");
    let dgraph = || {
        let mut command = assert_cmd::Command::cargo_bin("dgraph").unwrap();
        command
            .arg("eval")
            .args(big.args())
            .args(["--order", "2", "--format", "json"]);
        command
    };
    let sparse = dgraph().output().unwrap();
    assert_eq!(sparse.status.code(), Some(0));
    let note = String::from_utf8(sparse.stderr).unwrap();
    assert!(note.contains("it is written sparse"), "{note}");
    let doc: serde_json::Value = serde_json::from_slice(&sparse.stdout).unwrap();
    assert_eq!(doc["kind"], "hessian");
    assert_eq!(doc["nonzeros"], 20_000);
    assert_eq!(doc["sweeps"], 3);
    let expected = 2.0 * 0.5f64.cos() - 0.5 * 0.5f64.sin();
    for entry in doc["entries"].as_array().unwrap() {
        assert_eq!(entry[0], entry[1]);
        assert!((entry[2].as_f64().unwrap() - expected).abs() < 1e-12);
    }
    let output = dgraph().args(["--wrt", "x3,x4"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!((doc["hessian"]["x3"]["x3"].as_f64().unwrap() - expected).abs() < 1e-12);
    assert_eq!(doc["hessian"]["x3"]["x4"], 0.0);
}
