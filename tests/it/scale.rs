//! Inputs far past everyday sizes: the process never crashes, and either
//! answers or refuses with exit 2 and a message naming the limit.

use assert_cmd::Command;
use predicates::str::contains;

fn dgraph() -> Command {
    Command::cargo_bin("dgraph").expect("the binary is built")
}

#[test]
fn a_million_nested_parentheses_are_refused_by_name() {
    let deep = format!("{}x{}", "(".repeat(1_000_000), ")".repeat(1_000_000));
    dgraph()
        .args(["eval", "-", "--set", "x=1"])
        .write_stdin(deep)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("the limit is 100000"));
}

#[test]
fn nesting_up_to_the_limit_gives_a_result() {
    let deep = format!("{}x{}", "(-".repeat(50_000), ")".repeat(50_000));
    dgraph()
        .args(["eval", "-", "--set", "x=3", "--format", "json"])
        .write_stdin(deep)
        .assert()
        .success()
        .stdout(contains("\"value\":3,"));
}

#[test]
fn a_million_unary_minuses_are_refused_by_name() {
    dgraph()
        .args(["eval", "-", "--set", "x=1"])
        .write_stdin(format!("{}x", "-".repeat(1_000_000)))
        .assert()
        .code(2)
        .stderr(contains("the limit is 100000"));
}

#[test]
fn a_million_chained_statements_give_their_result() {
    let mut program = String::from("x0 = x\n");
    for i in 1..1_000_000 {
        program.push_str(&format!("x{i} = x{} + 1\n", i - 1));
    }
    let text =
        crate::support::dgraph_reading(&["eval", "-", "--set", "x=1", "--format", "csv"], program);
    assert_eq!(text.lines().count(), 1_000_001);
    assert_eq!(
        text.lines().last(),
        Some("999999,x999999,x999998 + 1,1e6,1")
    );
}

#[test]
fn a_flat_sum_of_a_hundred_thousand_terms_is_not_nesting() {
    let terms: Vec<String> = (0..100_000).map(|i| format!("x*{i}")).collect();
    dgraph()
        .args(["eval", "-", "--set", "x=2", "--format", "json"])
        .write_stdin(terms.join(" + "))
        .assert()
        .success()
        .stdout(contains("\"gradient\":{\"x\":4.99995e9}"));
}

/// A program of 1 MiB or more is built on two threads (names resolved a
/// batch ahead); its errors are those of any program: the first in program
/// order, at its line, with nothing on standard output.
#[test]
fn a_large_program_reports_its_first_error_at_its_line() {
    let mut program: String = (0..100_000).map(|i| format!("t{i} = x * {i}\n")).collect();
    assert!(program.len() > 1 << 20);
    program.push_str("t7 = 1\n");
    program.push_str(&format!(
        "u = {}x{}\n",
        "(".repeat(100_001),
        ")".repeat(100_001)
    ));
    dgraph()
        .args(["eval", "-", "--set", "x=1"])
        .write_stdin(program)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--> 100001:1"))
        .stderr(contains("`t7` is assigned twice (first at 8:1)"));
}
