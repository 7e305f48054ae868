//! Standard streams: a reader that goes away early, and data on stdout only.

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
