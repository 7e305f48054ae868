//! `--lines`: programs stream in line by line, in bounded memory; a line
//! that is not UTF-8 or too long is that line's error; messages never
//! echo a control character raw.

use crate::support::{dgraph_endless, dgraph_fed};

const CSV: [&str; 6] = ["eval", "--lines", "--set", "x=1", "--format", "csv"];

/// `yes 'x+1' | dgraph eval --lines ... | head -3`: results come out while
/// the input never ends, and the closed pipe ends dgraph quietly with
/// status 0 (it read the whole input first, and grew without bound).
#[test]
fn lines_stream_from_an_endless_input_and_stop_at_a_closed_pipe() {
    let seen = dgraph_endless(&CSV, b"", b"x+1\n", 3);
    assert_eq!(
        seen.lines,
        [
            "line,expr,output,value,edges_touched,d_output/d_x",
            "1,x+1,x+1,2,1,1",
            "2,x+1,x+1,2,1,1"
        ]
    );
    assert_eq!((seen.code, seen.stderr.as_str()), (Some(0), ""));
}

/// A line past the limit stops the run after the results before it, after
/// reading only as far as the limit (the line here never ends).
#[test]
fn lines_past_the_limit_are_refused_without_reading_them_whole() {
    let seen = dgraph_endless(&CSV, b"x+1\n\nx*", b"x", 10);
    assert_eq!(seen.lines.len(), 2, "{:?}", seen.lines);
    assert_eq!(seen.code, Some(2));
    assert_eq!(
        seen.stderr,
        "error: standard input: line 3 is longer than 4 MiB (4194304 bytes), \
         the longest line dgraph reads\n"
    );
}

/// A line that is not UTF-8 is that line's error: it stops the run after
/// the lines before it, or is skipped with `--skip-bad` (it stopped the
/// whole run, before any result).
#[test]
fn lines_that_are_not_utf8_are_their_own_error() {
    let input = b"x+1\nx\xff + 1\n\nx*2\n";
    let (code, out, err) = dgraph_fed(&CSV, input);
    assert_eq!(
        (code, out.lines().count(), err.as_str()),
        (
            Some(2),
            2,
            "error: line 2: not UTF-8: invalid byte at column 2\n"
        )
    );
    let (code, out, err) = dgraph_fed(&[&CSV[..], &["--skip-bad"]].concat(), input);
    let lines: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(lines, ["1,x+1,x+1,2,1,1", "4,x*2,x*2,2,1,2"]);
    assert_eq!(
        (code, err.as_str()),
        (
            Some(0),
            "warning: line 2 skipped: not UTF-8: invalid byte at column 2\n"
        )
    );
}

/// Errors inside a line name that line, in the caret and in the message
/// (each line is built on its own, numbered where it stands).
#[test]
fn lines_errors_name_their_line_everywhere() {
    let input = b"x\n\nq = 1; q = 2\nz + x\n";
    let (code, _, err) = dgraph_fed(&[&CSV[..], &["--skip-bad"]].concat(), input);
    assert_eq!(code, Some(0));
    assert!(
        err.contains("line 3 skipped: `q` is assigned twice (first at 3:1)")
            && err.contains(" --> 3:8\n")
            && err.contains("line 4 skipped: `z` is used but not set")
            && err.contains(" --> 4:1\n"),
        "{err}"
    );
}

/// A control character echoed from a bad line is written escaped, never
/// raw: it could drive the terminal.
#[test]
fn lines_errors_escape_control_characters() {
    let input = b"a\x1b[31m\x07\rb + \x00\n";
    for skip in [&[][..], &["--skip-bad"]] {
        let (_, _, err) = dgraph_fed(&[&CSV[..], skip].concat(), input);
        assert!(
            !err.contains(['\x1b', '\x07', '\r', '\0']) && err.contains("a\\u{1b}[31m\\u{7}\\rb"),
            "{err:?}"
        );
    }
}

/// A bad first line leaves standard output empty, header and all; an input
/// of no programs still gets its header.
#[test]
fn lines_a_bad_first_line_prints_no_header() {
    let (code, out, err) = dgraph_fed(&CSV, b"bad(\nx+1\n");
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.starts_with("error: line 1:"), "{err}");
    let (code, out, _) = dgraph_fed(&CSV, b"# only a comment\n");
    assert_eq!((code, out.lines().count()), (Some(0), 1));
}
