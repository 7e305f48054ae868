//! Runs that would cost too much are refused before they allocate — with
//! the estimate and the cheaper way — and what forward mode keeps grows with
//! the dependencies, not nodes × inputs.

use assert_cmd::Command;
use predicates::str::contains;
use serde_json::Value;

use crate::support::{dgraph as dgraph_in_process, BigSum};

fn dgraph() -> Command {
    Command::cargo_bin("dgraph").expect("the binary is built")
}

/// A program and its point in a temporary folder.
struct Files {
    dir: std::path::PathBuf,
}

impl Files {
    fn new(tag: &str, program: &str, point: &str) -> Files {
        let dir = std::env::temp_dir().join(format!("dgraph-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("program.dg"), program).unwrap();
        std::fs::write(dir.join("point.txt"), point).unwrap();
        Files { dir }
    }

    fn args(&self) -> Vec<String> {
        let path = |name: &str| self.dir.join(name).display().to_string();
        vec![
            "-f".into(),
            path("program.dg"),
            "--set".into(),
            format!("@{}", path("point.txt")),
        ]
    }
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `p1 = x1; p2 = p1 * x2; ...`: p_k depends on k inputs, so forward
/// mode keeps n (the inputs) + Σ_{k=2..n} k derivatives, and its Jacobian n.
fn product_chain(n: usize, tag: &str) -> Files {
    let mut program = vec!["p1 = x1".to_string()];
    program.extend((2..=n).map(|k| format!("p{k} = p{} * x{k}", k - 1)));
    let point: Vec<String> = (1..=n).map(|k| format!("x{k}=1.0001")).collect();
    Files::new(tag, &program.join("\n"), &point.join("\n"))
}

#[test]
fn forward_json_lists_each_nodes_derivatives_by_the_inputs_it_depends_on() {
    let out = dgraph_in_process(&[
        "eval",
        "(a+b)*(b+1)",
        "--set",
        "a=2,b=1",
        "--mode",
        "forward",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let derivative = |id: usize| json["nodes"][id]["derivative"].to_string();
    assert_eq!(derivative(0), r#"{"a":1}"#);
    assert_eq!(derivative(3), r#"{"b":1}"#, "b + 1 does not depend on a");
    assert_eq!(derivative(4), r#"{"a":2,"b":5}"#);
    // One column: a number, 0 where the node does not depend on the input.
    let out = dgraph_in_process(&[
        "eval",
        "(a+b)*(b+1)",
        "--set",
        "a=2,b=1",
        "--mode",
        "forward",
        "--wrt",
        "a",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["nodes"][3]["derivative"], 0.0);
}

#[test]
fn forward_mode_past_the_visit_budget_is_refused_with_the_cheaper_way() {
    let big = BigSum::new(50_000, "budget-visits");
    dgraph()
        .arg("eval")
        .args(big.args())
        .args(["--mode", "forward"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "forward mode refused: its 50000 sweeps would visit",
        ))
        .stderr(contains("--mode reverse"))
        .stderr(contains("--wrt"));
    dgraph()
        .arg("eval")
        .args(big.args())
        .args(["--mode", "forward", "--wrt", "x7", "--format", "csv"])
        .assert()
        .success();
}

#[test]
fn forward_mode_that_would_keep_too_much_is_refused() {
    let chain = product_chain(9_000, "budget-kept");
    dgraph()
        .arg("eval")
        .args(chain.args())
        .args(["--mode", "forward", "--format", "json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "forward mode refused: it would keep 40522499 derivatives",
        ))
        .stderr(contains("--mode reverse"));
}

#[test]
fn paths_whose_edges_are_too_many_to_multiply_are_refused() {
    let big = BigSum::new(50_000, "budget-paths");
    dgraph()
        .arg("eval")
        .args(big.args())
        .args(["--mode", "paths"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("paths mode refused: its paths have"))
        .stderr(contains("--mode reverse"));
}

/// `--stats` on a graph where forward and paths are over budget: their rows
/// say so, the elimination in forward order is abandoned, and the run
/// succeeds.
#[test]
fn stats_shows_refused_modes_as_skipped_rows() {
    let big = BigSum::new(50_000, "budget-stats");
    let assert = dgraph()
        .arg("eval")
        .args(big.args())
        .args(["--stats", "--format", "json"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let stats = json["stats"].as_array().unwrap();
    let row = |mode: &str| stats.iter().find(|r| r["mode"] == mode).unwrap();
    assert!(row("forward")["refused"]
        .as_str()
        .unwrap()
        .contains("would visit"));
    assert!(row("paths")["refused"]
        .as_str()
        .unwrap()
        .contains("paths have"));
    assert_eq!(row("eliminate")["orders"]["forward"], Value::Null);
    assert!(row("eliminate")["orders"]["reverse"].is_u64());
}

/// Past a dense Hessian's budget the Hessian is found sparse; one whose
/// inputs all interact (`(x1 + ... + xn)^2`) is too dense for that too,
/// and is refused before its index sets grow, naming `--wrt`.
#[test]
fn a_hessian_too_dense_to_hold_is_refused() {
    let n = 9_000;
    let sum: Vec<String> = (1..=n).map(|i| format!("x[{i}]")).collect();
    let values = vec!["0.5"; n].join(",");
    dgraph()
        .args(["eval", &format!("({})^2", sum.join(" + "))])
        .args(["--set", &format!("x=[{values}]"), "--order", "2"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("the sparsity pattern is too dense"))
        .stderr(contains("--wrt"));
}

/// `check --order 2` judges every entry of a dense Hessian: 6,000 inputs
/// are refused. `eval --order 2` writes a Hessian that large sparse instead
/// (6,000 non-zeros here: the terms do not mix), with a note.
#[test]
fn check_refuses_a_hessian_that_eval_writes_sparse() {
    let big = BigSum::new(6_000, "budget-hessian");
    dgraph()
        .arg("check")
        .args(big.args())
        .args(["--order", "2"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--wrt"));
    let output = dgraph()
        .arg("eval")
        .args(big.args())
        .args(["--order", "2", "--format", "json"])
        .assert()
        .code(0)
        .stderr(contains("6000 inputs would hold 36000000 entries"))
        .stderr(contains("written sparse"))
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(doc["kind"], "hessian");
    assert_eq!(doc["nonzeros"], 6_000);
}

/// The 12-diamond chain's 531,441 paths narrate 17 million lines: refused
/// after holding at most the limit.
#[test]
fn explain_past_its_limit_is_refused() {
    let mut program = vec!["y0 = x".to_string()];
    program.extend((1..=12).map(|k| {
        let y = format!("y{}", k - 1);
        format!("y{k} = sin({y}) + cos({y}) + tanh({y})")
    }));
    let program = program.join("\n");
    dgraph()
        .args([
            "eval",
            &program,
            "--set",
            "x=0.5",
            "--mode",
            "paths",
            "--explain",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--explain narrates at most 16 MiB"));
    dgraph()
        .args(["eval", &program, "--set", "x=0.5", "--explain"])
        .assert()
        .success()
        .stdout(contains("reverse sweep from y12"));
}

/// `--stats` judges its reference, reverse mode, like any run: thousands of
/// outputs (`--of x`, a family) over thousands of nodes are refused at once
/// (the fuzzer found this running for minutes).
#[test]
fn stats_refuses_a_reverse_reference_over_budget() {
    let values: Vec<&str> = vec!["0.5"; 8_000];
    let point = format!("y=0.5\nx=[{}]", values.join(", "));
    let files = Files::new(
        "budget-stats-reverse",
        "out = y*sum(i = 1..8000, x[i])",
        &point,
    );
    dgraph()
        .arg("eval")
        .args(files.args())
        .args(["--stats", "--of", "y,x"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("reverse mode refused: it would keep"));
}

#[test]
fn a_table_too_large_to_read_is_refused_and_csv_streams_it() {
    // Found by the fuzzer: forward mode's table of 2,000 inputs over 4,000
    // nodes held 8 M cells (7 GB for the fuzzer's 2,869 inputs).
    let chain = product_chain(2_000, "budget-table");
    dgraph()
        .arg("eval")
        .args(chain.args())
        .args(["--mode", "forward"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("the table would hold 8009997 cells"))
        .stderr(contains("--format csv"))
        .stderr(contains("--wrt"));
    dgraph()
        .arg("eval")
        .args(chain.args())
        .args(["--mode", "forward", "--format", "csv"])
        .assert()
        .success();
}
