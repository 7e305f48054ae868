//! Standard streams: a reader that goes away early, and colour only where
//! it belongs.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

/// `dgraph ... | head -1`: the reader closes the pipe after one line; dgraph
/// must stop quietly with status 0 — no panic, no message.
#[test]
fn a_closed_stdout_ends_quietly_with_status_0() {
    let program: String = (0..200_000).map(|i| format!("n{i} = x * {i}\n")).collect();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("dgraph"))
        .args(["eval", "-", "--set", "x=1", "--format", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dgraph starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(program.as_bytes()));
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped stdout"))
        .read_line(&mut first)
        .expect("one line");
    assert_eq!(first, "id,name,expr,value,d_n199999/d_node\n");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let status = child.wait().expect("dgraph exits");
    writer
        .join()
        .expect("the writer ends")
        .expect("stdin written");
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

/// Runs dgraph in-process as if stdout and stderr were terminals.
fn on_terminal(args: &[&str], no_color: bool) -> (String, String) {
    crate::support::dgraph_with(args, true, no_color)
}

#[test]
fn colour_only_on_a_terminal_without_no_color_or_never() {
    let args = ["eval", "log(x)", "--set", "x=-1"];
    let (out, err) = on_terminal(&args, false);
    assert!(
        out.contains("\x1b[1m") && err.contains("\x1b[1;33mwarning:"),
        "{out}{err}"
    );
    let (out, err) = on_terminal(&args, true);
    assert!(
        !out.contains('\x1b') && !err.contains('\x1b'),
        "NO_COLOR: {out}{err}"
    );
    let (out, err) = on_terminal(&[&args[..], &["--color", "never"]].concat(), false);
    assert!(
        !out.contains('\x1b') && !err.contains('\x1b'),
        "--color never: {out}{err}"
    );
    let (out, _) = on_terminal(&["eval", "x", "--set", "x=1", "--format", "json"], false);
    assert!(!out.contains('\x1b'), "JSON is never coloured: {out}");
}
