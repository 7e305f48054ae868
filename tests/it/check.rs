//! `dgraph check`: textbook functions pass in every mode, a failure exits 1
//! naming the derivative, kinks and undefined points warn instead of
//! failing, NaN on both sides agrees, and bad tolerances are refused.

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

#[test]
fn a_failure_exits_1_and_names_the_derivative() {
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
        .code(1)
        .stdout(contains("FAIL"))
        .stderr(contains("error: check failed: ∂y/∂x by reverse: dgraph"));
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
    // Far from the kink the same program is checked like any other.
    let doc = check_json(&["y = abs(x) + relu(x)*x", "--set", "x=0.5"]);
    assert!(results(&doc).iter().all(|r| *r == "pass"), "{doc}");
}

#[test]
fn nan_on_both_sides_agrees_and_an_undefined_function_warns() {
    // sqrt(-1): the value and both derivatives are NaN.
    let doc = check_json(&["y = sqrt(x)", "--set", "x=-1"]);
    assert!(results(&doc).iter().all(|r| *r == "pass"), "{doc}");
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

/// Finite differences cost four evaluations of the graph per input: past a
/// budget, check refuses at once and says how to narrow it.
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
