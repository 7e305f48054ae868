//! `eval --sparse` and `--pattern` through the binary: the Rosenbrock
//! Hessian and a tridiagonal residual's Jacobian of 200 inputs against
//! their closed forms, read from `--format json`; a Hessian too large to
//! print dense is written sparse with a note; `--pattern` evaluates
//! nothing; `check --order 2` is unchanged.

use serde_json::Value;

use crate::support::{dgraph, dgraph_fed};

/// Inputs of the large cases.
const N: usize = 200;

/// The Rosenbrock function of `n` inputs, written with `sum`.
fn rosenbrock(n: usize) -> String {
    format!(
        "r = sum(i = 1..{}, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)",
        n - 1
    )
}

/// A residual of `n` inputs with a tridiagonal Jacobian: `r[2]` to
/// `r[n-1]`, each of its neighbours.
fn residual(n: usize) -> String {
    format!(
        "for i = 2..{}: r[i] = x[i-1] - 2*x[i] + x[i+1] + 1e-4*sin(x[i])",
        n - 1
    )
}

/// `x_1 .. x_n` in [1, 2), scattered: the diagonal of the Rosenbrock
/// Hessian stays far from 0, so a relative tolerance means something.
fn point(n: usize) -> Vec<f64> {
    (1..=n)
        .map(|i| 1.0 + (i * 37 % 100) as f64 / 100.0)
        .collect()
}

/// `--set x=[...]` for `x`.
fn set(x: &[f64]) -> String {
    let values: Vec<String> = x.iter().map(f64::to_string).collect();
    format!("x=[{}]", values.join(","))
}

/// Runs the binary; asserts exit 0; returns the JSON on stdout and stderr.
fn json(args: &[&str]) -> (Value, String) {
    let (code, out, err) = dgraph_fed(args, b"");
    assert_eq!(code, Some(0), "{args:?}: {err}");
    let doc = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"));
    (doc, err)
}

/// The `entries` of a sparse JSON report as (row, column, value).
fn entries(doc: &Value) -> Vec<(usize, usize, f64)> {
    let list = doc["entries"].as_array().expect("entries");
    list.iter()
        .map(|e| {
            let index = |k: usize| e[k].as_u64().expect("an index") as usize;
            (index(0), index(1), e[2].as_f64().expect("a finite value"))
        })
        .collect()
}

/// `x[1]` to `x[n]`.
fn names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("x[{i}]")).collect()
}

/// Whether `got` is `want` to 1e-12 relative.
fn agrees(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-12 * want.abs()
}

/// H_ii = 1200 x_i² − 400 x_{i+1} + 2 (for i < n) + 200 (for i > 1),
/// H_{i,i+1} = H_{i+1,i} = −400 x_i, 0 elsewhere (indices from 0 here).
fn rosenbrock_hessian(x: &[f64], r: usize, c: usize) -> Option<f64> {
    let n = x.len();
    let diagonal = |i: usize| {
        let mut h = 0.0;
        if i + 1 < n {
            h += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
        }
        if i > 0 {
            h += 200.0;
        }
        h
    };
    match (r, c) {
        _ if r == c => Some(diagonal(r)),
        _ if c == r + 1 => Some(-400.0 * x[r]),
        _ if r == c + 1 => Some(-400.0 * x[c]),
        _ => None,
    }
}

#[test]
fn rosenbrock_hessian_of_200_inputs_is_its_closed_form() {
    let x = point(N);
    let (source, set) = (rosenbrock(N), set(&x));
    let args = [
        "eval", &source, "--order", "2", "--sparse", "--wrt", "x", "--set", &set, "--format",
        "json",
    ];
    let (doc, _) = json(&args);
    assert_eq!(doc["kind"], "hessian");
    assert_eq!(doc["nonzeros"], 3 * N - 2);
    assert_eq!(doc["rows"], serde_json::json!(names(N)));
    assert_eq!(doc["cols"], serde_json::json!(names(N)));
    let found = entries(&doc);
    assert_eq!(found.len(), 3 * N - 2);
    for (r, c, got) in found {
        let want = rosenbrock_hessian(&x, r, c)
            .unwrap_or_else(|| panic!("({r}, {c}) = {got} is outside the tridiagonal band"));
        assert!(agrees(got, want), "H[{r}][{c}] = {got}, closed form {want}");
    }
    // The star colouring of a tridiagonal pattern takes 3 colours.
    assert_eq!(doc["colour_count"], 3);
    assert_eq!(doc["sweeps"], 7);
}

#[test]
fn residual_jacobian_of_200_inputs_is_its_closed_form() {
    let x = point(N);
    let (source, set) = (residual(N), set(&x));
    let args = [
        "eval", &source, "--of", "r", "--wrt", "x", "--sparse", "--set", &set, "--format", "json",
    ];
    let (doc, _) = json(&args);
    assert_eq!(doc["kind"], "jacobian");
    assert_eq!(doc["nonzeros"], 3 * (N - 2));
    let rows: Vec<String> = (2..N).map(|i| format!("r[{i}]")).collect();
    assert_eq!(doc["rows"], serde_json::json!(rows));
    assert_eq!(doc["cols"], serde_json::json!(names(N)));
    let found = entries(&doc);
    assert_eq!(found.len(), 3 * (N - 2));
    for (r, c, got) in found {
        // Row r is r[r+2], of x[r+1], x[r+2], x[r+3]: columns r, r+1, r+2.
        let want = match c.checked_sub(r) {
            Some(0 | 2) => 1.0,
            Some(1) => -2.0 + 1e-4 * x[c].cos(),
            _ => panic!("({r}, {c}) = {got} is outside the band"),
        };
        assert!(agrees(got, want), "J[{r}][{c}] = {got}, closed form {want}");
    }
    assert_eq!(doc["colour_count"], 3);
    assert_eq!(doc["sweeps"], 3);
}

#[test]
fn a_hessian_of_2000_inputs_is_written_sparse_with_a_note() {
    let n = 2000;
    let x = point(n);
    let (source, set) = (rosenbrock(n), set(&x));
    let args = [
        "eval", &source, "--order", "2", "--wrt", "x", "--set", &set, "--format", "json",
    ];
    let (doc, err) = json(&args);
    assert!(
        err.contains("note:") && err.contains("2000 inputs") && err.contains("written sparse"),
        "stderr: {err}"
    );
    assert_eq!(doc["kind"], "hessian");
    assert_eq!(doc["nonzeros"], 3 * n - 2);
    let found = entries(&doc);
    assert_eq!(found.len(), 3 * n - 2);
    for (r, c, got) in found {
        let want = rosenbrock_hessian(&x, r, c).expect("inside the band");
        assert!(agrees(got, want), "H[{r}][{c}] = {got}, closed form {want}");
    }
}

#[test]
fn pattern_needs_no_point() {
    let source = rosenbrock(N);
    let args = [
        "eval",
        &source,
        "--order",
        "2",
        "--pattern",
        "--wrt",
        "x",
        "--format",
        "json",
    ];
    let (doc, err) = json(&args);
    assert_eq!(err, "");
    assert_eq!(doc["nonzeros"], 3 * N - 2);
    assert!(doc.get("entries").is_none(), "a pattern has no values");
    let pattern = doc["pattern"].as_array().expect("pattern");
    assert_eq!(pattern.len(), 3 * N - 2);
    for entry in pattern {
        let (r, c) = (entry[0].as_u64().unwrap(), entry[1].as_u64().unwrap());
        assert!(r.abs_diff(c) <= 1, "({r}, {c}) is outside the band");
    }
    // The table draws no picture this large, and says so.
    let (code, out, err) = dgraph_fed(&["eval", &source, "--order", "2", "--pattern"], b"");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with(&format!("Hessian of r by {N} inputs: 598 non-zeros")));
}

#[test]
fn check_order_2_still_works() {
    let args = [
        "check",
        "r = (1-x)^2 + 100*(y-x^2)^2",
        "--set",
        "x=1.5,y=0.5",
        "--order",
        "2",
        "--format",
        "json",
    ];
    let (doc, _) = json(&args);
    assert_eq!(doc["passed"], true);
    let checks = doc["checks"].as_array().expect("checks");
    let hessian: Vec<f64> = checks
        .iter()
        .filter(|c| c["by"] == "hessian")
        .map(|c| c["analytic"].as_f64().unwrap())
        .collect();
    assert_eq!(hessian, [2502.0, -600.0, -600.0, 200.0]);
}

/// A variable named alone and again in its family is named twice: refused
/// (the compressed sweeps would add the two columns' entries together).
#[test]
fn a_name_given_alone_and_in_its_family_is_refused() {
    let program = "r = sum(i = 1..2, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)";
    for wrt in ["x,x[1]", "x[1],x"] {
        let args = [
            "eval",
            program,
            "--set",
            "x=[1.2,1,0.8]",
            "--wrt",
            wrt,
            "--order",
            "2",
            "--sparse",
        ];
        let (code, out, err) = dgraph_fed(&args, b"");
        assert_eq!((code, out.as_str()), (Some(2), ""), "{wrt}: {err}");
        assert!(err.contains("`x[1]` is named twice"), "{err}");
    }
    let args = [
        "eval",
        "for i = 1..2: r[i] = x*i",
        "--set",
        "x=1",
        "--of",
        "r,r[2]",
    ];
    let (code, _, err) = dgraph_fed(&args, b"");
    assert_eq!(code, Some(2));
    assert!(err.contains("`r[2]` is named twice"), "{err}");
}

/// `x^y` at `y = 0`: ∂/∂x is flat there, but its derivative along y is
/// 1/x — the mixed entry, the same in both triangles, dense and sparse.
#[test]
fn the_mixed_second_derivative_of_a_power_at_exponent_zero() {
    let args = [
        "eval", "f = x^y", "--set", "x=2,y=0", "--order", "2", "--format", "json",
    ];
    let (dense, _) = json(&args);
    assert_eq!(dense["hessian"]["x"]["y"], 0.5);
    assert_eq!(dense["hessian"]["y"]["x"], 0.5);
    let (sparse, _) = json(&[&args[..], &["--sparse"]].concat());
    let mixed: Vec<f64> = entries(&sparse)
        .iter()
        .filter(|e| e.0 != e.1)
        .map(|e| e.2)
        .collect();
    assert_eq!(mixed, [0.5, 0.5]);
}

/// Under `--stats`, a way whose sweeps would visit more nodes than the
/// budget is left out: a row over every input makes forward sweeps one per
/// input (60,000 sweeps over 300,000 nodes), where reverse takes two.
#[test]
fn ways_past_the_visit_budget_are_left_out_of_stats() {
    let n = 60_000;
    let program = format!("r[1] = sum(i=1..{n}, x[i]*x[i]); for i=2..{n}: r[i] = x[i]^2");
    let set = format!("x=[{}]", vec!["0.5"; n].join(","));
    let args = [
        "eval", &program, "--set", "@-", "--of", "r", "--wrt", "x", "--sparse", "--stats",
        "--format", "json",
    ];
    let (code, out, err) = dgraph_fed(&args, set.as_bytes());
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let stats = doc["stats"].as_array().expect("stats");
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0]["sweeps_by"], "reverse");
    assert_eq!(stats[0]["sweeps"], 2);
}

/// A name longer than `format!` pads (65,535) is drawn, not a panic (the
/// fresh-clone trial's finding).
#[test]
fn a_pattern_draws_names_longer_than_format_pads() {
    let name = "v".repeat(65_536);
    let drawn = dgraph(&["eval", &format!("{name} = x*x"), "--pattern"]);
    assert!(
        drawn.lines().any(|line| line.starts_with(&name)),
        "{}",
        &drawn[..200]
    );
    let second = dgraph(&[
        "eval",
        &format!("y = {name} * x"),
        "--order",
        "2",
        "--pattern",
    ]);
    assert!(second.contains('●'));
}

/// `--format mtx` with a stream names what streams write (it once said to
/// add `--sparse`, which streams refuse).
#[test]
fn mtx_with_a_stream_says_what_streams_write() {
    for args in [
        &["eval", "x^2", "--points", "-", "--format", "mtx"][..],
        &["eval", "--lines", "--format", "mtx"],
    ] {
        let (status, stdout, stderr) = dgraph_fed(args, b"x\n1\n");
        assert_eq!((status, stdout.as_str()), (Some(2), ""), "{args:?}");
        assert!(
            stderr.contains("not mtx: a MatrixMarket file holds one matrix"),
            "{stderr}"
        );
    }
}
