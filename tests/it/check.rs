//! `dgraph check`: textbook functions pass in every mode, and so do fast,
//! steep and edge-hugging ones; a failure exits 1 naming the derivative;
//! kinks, undefined points and what the witnesses cannot decide warn
//! instead of failing; NaN on both sides agrees; bad tolerances are
//! refused. (Wrong derivatives failing: `mutation`.)

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

use crate::support::BigSum;

fn dgraph() -> Command {
    Command::cargo_bin("dgraph").expect("the binary is built")
}

fn check_json(args: &[&str]) -> Value {
    let output = dgraph()
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn results(doc: &Value) -> Vec<&str> {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["result"].as_str().unwrap())
        .collect()
}

#[test]
fn textbook_derivatives_pass_in_every_mode_and_the_hessian() {
    for (program, point) in [
        ("c = a + b; d = b + 1; e = c * d", "a=2,b=1"),
        ("x^2*sin(x)", "x=1"),
        ("exp(-x^2/2) / sqrt(2*pi)", "x=0.3"),
        ("y = atan(x/z) + log(x*z) - tanh(z)^3", "x=0.4,z=1.7"),
        ("y = sigmoid(w*x + b)", "w=0.5,x=2,b=-1"),
        ("r = (1-x)^2 + 100*(y-x^2)^2", "x=-1.2,y=1"),
        ("u = x^y; v = pow(y, x) / acos(x/4)", "x=1.5,y=2.5"),
    ] {
        let doc = check_json(&[program, "--set", point, "--order", "2"]);
        assert_eq!(doc["passed"], true, "{program}: {doc}");
        let results = results(&doc);
        assert!(results.iter().all(|r| *r == "pass"), "{program}: {doc}");
        let inputs = point.split(',').count();
        // Four modes per input, and a Hessian row per input.
        assert_eq!(results.len(), 4 * inputs + inputs * inputs, "{program}");
    }
}

/// Fast-changing, steep and edge-hugging functions whose exact derivatives
/// a fixed step of 2⁻¹⁰·max(|x|, 1) used to fail: the step is now the
/// function's, first and second order.
#[test]
fn derivatives_a_fixed_step_could_not_check_pass() {
    for (program, point) in [
        ("sin(1000*x)", "x=0.5"),
        ("exp(100*x)", "x=3"),
        ("sin(1/x)", "x=0.001"),
        ("exp(x/1e-4)", "x=1e-4"),
        ("sqrt(x)", "x=1e-25"),
    ] {
        dgraph()
            .args(["check", program, "--set", point])
            .assert()
            .success()
            .stdout(contains("4 checks: 4 passed"))
            .stderr("");
        let doc = check_json(&[program, "--set", point, "--order", "2"]);
        assert!(
            results(&doc).iter().all(|r| *r == "pass"),
            "{program}: {doc}"
        );
    }
}

/// dgraph's reverse mode gives `x*sqrt(x*x)` at 0 the derivative NaN (its
/// rule multiplies sqrt's infinite slope at 0 by 0); the function is
/// `x·|x|`, whose derivative there is 0: the differences say so, and the
/// remainder of their estimate is second order.
#[test]
fn a_failure_exits_1_and_names_the_derivative() {
    dgraph()
        .args(["check", "y = x*sqrt(x*x)", "--set", "x=0"])
        .assert()
        .code(1)
        .stdout(contains("FAIL"))
        .stderr(contains(
            "error: check failed: ∂y/∂x by reverse: dgraph nan",
        ))
        .stderr(contains("slope 2 (second order)"));
}

/// Zero tolerance asks for more than differences can give: an exact
/// derivative is then inconclusive, not a failure.
#[test]
fn zero_tolerance_is_inconclusive_not_a_failure() {
    dgraph()
        .args([
            "check",
            "y = sin(x)*z",
            "--set",
            "x=1,z=2",
            "--rtol",
            "0",
            "--atol",
            "0",
        ])
        .assert()
        .success()
        .stdout(contains("8 checks: 0 passed, 8 inconclusive"))
        .stderr(contains(
            "inconclusive: the mismatch is within what finite differences resolve here",
        ));
}

/// Where the witnesses cannot decide, the verdict says so (exit 0, a
/// warning), and JSON says why.
#[test]
fn what_the_witnesses_cannot_decide_is_inconclusive() {
    for (program, point, doubt, warning) in [
        // Not finite on one side of the point at any step.
        (
            "sqrt(x)",
            "x=0",
            "no-differences",
            "no difference could be taken",
        ),
        // The domain's edge nearer than the smallest step, 2^-1000.
        (
            "sqrt(x)",
            "x=1e-300",
            "no-differences",
            "no difference could be taken",
        ),
        // Rounding: the output is quantised in steps of 1/8 (or 16), and
        // no step moves it.
        (
            "(x + 1e15) - 1e15",
            "x=1",
            "rounding",
            "leave `x + 1e15` at 1000000000000001 (its rounding swallows them)",
        ),
        (
            "x*x + 1e17",
            "x=1",
            "rounding",
            "leave `x * x + 1e17` at 1e17",
        ),
        // 1 + x is 1 for every step inside acosh's domain: differences of
        // exactly 0, while the derivative is about 7e14.
        (
            "acosh(1 + x)",
            "x=1e-30",
            "rounding",
            "leave `1 + x` at 1 (its rounding swallows them), so finite differences see no change and cannot tell",
        ),
        // Rounding that the noise estimate sees: the steps move the
        // output, in steps of 1/8.
        (
            "(x + 1e15) - 1e15",
            "x=1000",
            "unresolved",
            "within what finite differences resolve",
        ),
        // A jump across x = 0: the differences never settle.
        (
            "atan2(y, x)",
            "x=0,y=0",
            "unresolved",
            "cannot resolve the derivative",
        ),
        // A cone: symmetric differences say 0, the remainder says no
        // derivative.
        (
            "sqrt(x^2 + y^2)",
            "x=0,y=0",
            "not-smooth",
            "shows no derivative at the steps taken",
        ),
        // Smooth, but only at a scale of 1e-200: every step sees a cone.
        (
            "hypot(x, y)",
            "x=1e-200,y=1e-200",
            "not-smooth",
            "for their own estimate",
        ),
        // dgraph's 0 is rounding (cos(x)/x - sin(x)/x^2), within its noise.
        (
            "sin(x)/x",
            "x=1e-8",
            "unresolved",
            "within what finite differences resolve",
        ),
    ] {
        dgraph()
            .args(["check", program, "--set", point])
            .assert()
            .success()
            .stdout(contains("INCONCLUSIVE"))
            .stdout(contains("inconclusive (rtol"))
            .stderr(contains(warning));
        let doc = check_json(&[program, "--set", point]);
        assert_eq!(doc["passed"], true, "{program}: {doc}");
        let first = &doc["checks"][0];
        assert_eq!(first["result"], "inconclusive", "{program}: {doc}");
        assert_eq!(first["doubt"], doubt, "{program}: {doc}");
        if program != "sin(x)/x" {
            let doc = check_json(&[program, "--set", point, "--order", "2"]);
            assert_eq!(doc["passed"], true, "{program} --order 2: {doc}");
        }
    }
}

/// dgraph's own rounding is estimated for first derivatives, not for the
/// Hessian: `sin(x)/x` at 1e-8 has the second derivative -1/3, which
/// dgraph's arithmetic loses to cancellation (it says 0). That fails: the
/// number is wrong.
#[test]
fn a_hessian_entry_lost_to_dgraphs_rounding_fails() {
    let doc = check_json(&["sin(x)/x", "--set", "x=1e-8", "--order", "2"]);
    assert_eq!(doc["passed"], false, "{doc}");
    let hessian = doc["checks"].as_array().unwrap().last().unwrap();
    assert_eq!(
        (&hessian["by"], &hessian["result"]),
        (&"hessian".into(), &"fail".into())
    );
    assert!((hessian["numeric"].as_f64().unwrap() + 1.0 / 3.0).abs() < 1e-2);
}

/// JSON carries the differences' error, the remainder's slope and order
/// when it was read, and the evaluations spent.
#[test]
fn json_carries_both_witnesses() {
    let doc = check_json(&["y = x^2", "--set", "x=3"]);
    assert_eq!(doc["evaluations"], 6, "{doc}");
    let pass = &doc["checks"][0];
    assert!(pass["numeric_error"].as_f64().unwrap() < 1e-9, "{doc}");
    assert_eq!(pass["taylor_slope"], Value::Null);
    assert_eq!(pass["taylor_order"], Value::Null);
    assert_eq!(pass["doubt"], Value::Null);
    let doc = check_json(&["sqrt(x^2 + y^2)", "--set", "x=0,y=0"]);
    let doubt = &doc["checks"][0];
    assert_eq!(doubt["taylor_order"], "first", "{doc}");
    assert!((doubt["taylor_slope"].as_f64().unwrap() - 1.0).abs() < 0.1);
}

#[test]
fn a_kink_in_the_step_warns_instead_of_failing() {
    dgraph()
        .args(["check", "y = abs(x) + relu(x)*x", "--set", "x=0"])
        .assert()
        .success()
        .stdout(contains("KINK"))
        .stderr(contains("warning: ∂y/∂x: dgraph 0"))
        .stderr(contains("abs(x), relu(x) have their kinks within the step"));
    // relu's slope is 0 by convention at 0, the differences say 1/2.
    let doc = check_json(&["y = relu(x)", "--set", "x=0"]);
    assert!(results(&doc).iter().all(|r| *r == "kink"), "{doc}");
    // A kink crossed only by the first, large steps is not in the way.
    let doc = check_json(&["y = relu(x)*x", "--set", "x=1e-5"]);
    assert!(results(&doc).iter().all(|r| *r == "pass"), "{doc}");
    // Far from the kink the same program is checked like any other.
    let doc = check_json(&["y = abs(x) + relu(x)*x", "--set", "x=0.5"]);
    assert!(results(&doc).iter().all(|r| *r == "pass"), "{doc}");
}

#[test]
fn nan_on_both_sides_is_undefined_and_an_undefined_function_warns() {
    // sqrt(-1): the value and both derivatives are NaN; NaN against NaN
    // earns no pass.
    let doc = check_json(&["y = sqrt(x)", "--set", "x=-1"]);
    assert!(results(&doc).iter().all(|r| *r == "undefined"), "{doc}");
    assert_eq!(doc["checks"][0]["analytic"], "nan");
    // log(-1) is NaN, but 1/x has a value: not a failure, a warning.
    dgraph()
        .args(["check", "y = log(x)", "--set", "x=-1"])
        .assert()
        .success()
        .stdout(contains("UNDEFINED"))
        .stderr(contains("the function is not finite here"));
}

#[test]
fn wrt_and_of_choose_what_is_checked() {
    let doc = check_json(&[
        "u = x*y; v = sin(u)",
        "--set",
        "x=1,y=2",
        "--of",
        "u,v",
        "--wrt",
        "y",
    ]);
    let names: Vec<&str> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["derivative"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "∂u/∂y",
            "∂u/∂y",
            "∂u/∂y",
            "∂u/∂y",
            "∂v/∂y",
            "∂v/∂y",
            "∂v/∂y",
            "∂v/∂y"
        ]
    );
}

#[test]
fn paths_over_the_limit_is_left_out_and_said() {
    dgraph()
        .args([
            "check",
            "(a+b)*(b+1)",
            "--set",
            "a=2,b=1",
            "--max-paths",
            "1",
        ])
        .assert()
        .success()
        .stdout(contains("paths mode not checked"))
        .stdout(contains("6 checks: 6 passed"));
}

/// Finite differences cost at least six evaluations of the graph per
/// input: past a budget, check refuses at once and says how to narrow it.
#[test]
fn a_check_too_big_to_run_is_refused_at_once() {
    let big = BigSum::new(20_000, "check-budget");
    dgraph()
        .arg("check")
        .args(big.args())
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("more than its budget"))
        .stderr(contains("--wrt"));
    dgraph()
        .arg("check")
        .args(big.args())
        .args(["--wrt", "x7"])
        .assert()
        .success()
        .stdout(contains("4 checks: 4 passed"));
}

#[test]
fn bad_tolerances_and_usage_are_refused_with_exit_2() {
    for (args, message) in [
        (
            &["check", "x", "--set", "x=1", "--rtol=-1"][..],
            "--rtol must be a finite number",
        ),
        (
            &["check", "x", "--set", "x=1", "--atol", "nan"][..],
            "--atol must be a finite number",
        ),
        (&["check", "x", "--set", "x=1", "--order", "3"][..], "3"),
        (&["check", "x*y", "--set", "x=1"][..], "`y`"),
        (
            &[
                "check",
                "u = x; v = x",
                "--set",
                "x=1",
                "--of",
                "u,v",
                "--order",
                "2",
            ][..],
            "one output",
        ),
    ] {
        dgraph()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(message));
    }
}

/// A NaN from dgraph against no estimate at all is not a pass: two NaNs
/// agree on nothing (the fresh-clone trial's `sqrt(x)*y^2` at x = 0).
#[test]
fn nan_against_no_estimate_is_not_a_pass() {
    let json = crate::support::dgraph(&[
        "check",
        "f = sqrt(x)*y^2",
        "--set",
        "x=0,y=1",
        "--order",
        "2",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let checks = report["checks"].as_array().expect("checks");
    let unearned = checks
        .iter()
        .filter(|c| c["analytic"] == "nan" && c["numeric"] == "nan" && c["result"] == "pass");
    assert!(
        checks.iter().any(|c| c["analytic"] == "nan"),
        "the case has a NaN: {json}"
    );
    assert_eq!(unearned.count(), 0, "{json}");
}
