//! `--points` input: a bad row — not UTF-8, a line too long — never loses
//! the rows before it, and messages never echo a control character raw.

use crate::support::{dgraph_endless, dgraph_fed};

const ARGS: [&str; 4] = ["eval", "x*y", "--points", "-"];

/// Rows `1,1` to `n,1` after the header `x,y`.
fn rows(n: usize) -> Vec<u8> {
    let mut text = b"x,y\n".to_vec();
    for i in 1..=n {
        text.extend(format!("{i},1\n").bytes());
    }
    text
}

/// A row that is not UTF-8 stops the run after every row before it — it
/// dropped the rows before it in its chunk of 4,096 — or, with
/// `--skip-bad`, is skipped like any bad row.
#[test]
fn points_rows_not_utf8_stop_after_every_row_before_them() {
    let mut input = rows(5000);
    input.extend(b"7,\xff\n8,2\n");
    let (code, out, err) = dgraph_fed(&ARGS, &input);
    assert_eq!(code, Some(2));
    assert_eq!(out.lines().count(), 1 + 5000);
    assert_eq!(out.lines().last(), Some("5e3,1,5e3,1,5e3"));
    assert_eq!(
        err,
        "error: standard input: line 5002, column 2: not UTF-8\n"
    );
    let (code, out, err) = dgraph_fed(&[&ARGS[..], &["--skip-bad"]].concat(), &input);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 1 + 5001);
    assert_eq!(out.lines().last(), Some("8,2,16,2,8"));
    assert_eq!(
        err,
        "warning: standard input: line 5002, column 2: not UTF-8; row skipped\n"
    );
}

/// A line past the limit stops the run with exit 2, naming the line and
/// the limit, after the rows before it — reading only as far as the limit
/// (the line here never ends).
#[test]
fn points_lines_past_the_limit_are_refused_without_reading_them_whole() {
    for skip in [&[][..], &["--skip-bad"]] {
        let seen = dgraph_endless(&[&ARGS[..], skip].concat(), &rows(3), b"1", 10);
        assert_eq!(seen.lines.len(), 4, "{:?}", seen.lines);
        assert_eq!(seen.code, Some(2));
        assert_eq!(
            seen.stderr,
            "error: standard input: line 5 is longer than 4 MiB (4194304 bytes), \
             the longest line dgraph reads\n"
        );
    }
}

#[cfg(unix)]
#[test]
fn points_from_dev_zero_are_refused() {
    let (code, out, err) = dgraph_fed(&["eval", "x", "--points", "/dev/zero"], b"");
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(
        err.contains("/dev/zero: line 1 is longer than 4 MiB"),
        "{err}"
    );
}

/// A control character echoed from a bad field or column is written
/// escaped, never raw.
#[test]
fn points_errors_escape_control_characters() {
    let mut input = rows(1);
    input.extend(b"2,\x1b[31m\x07\r\n3,1\n");
    for skip in [&[][..], &["--skip-bad"]] {
        let (_, _, err) = dgraph_fed(&[&ARGS[..], skip].concat(), &input);
        assert!(
            !err.contains(['\x1b', '\x07', '\r']) && err.contains("`\\u{1b}[31m\\u{7}`"),
            "{err:?}"
        );
    }
    let (code, _, err) = dgraph_fed(&ARGS, b"x,\x1by\n1,2\n");
    assert_eq!(code, Some(2));
    assert!(!err.contains('\x1b') && err.contains("\\u{1b}y"), "{err:?}");
}

/// The batch split in shards, as GNU parallel's `--pipe --header 1` splits
/// it (each shard repeats the input's header), each shard run with
/// `--no-header` and the outputs concatenated under one header line, is
/// the one run byte for byte — in CSV, TSV and JSON lines, and with `--lines`.
#[test]
fn shards_run_with_no_header_concatenate_to_the_one_run() {
    let program = "y = sin(x)*z + x^2/z; w = x*z";
    let header = "x,z";
    let lines: Vec<String> = (1..=10_000)
        .map(|i| format!("{},{}", f64::from(i) / 1000.0, 1 + i % 7))
        .collect();
    let text = format!("{header}\n{}\n", lines.join("\n"));
    for format in ["csv", "tsv", "json"] {
        let args = [
            "eval", program, "--of", "y,w", "--points", "-", "--format", format,
        ];
        let (code, whole, err) = dgraph_fed(&args, text.as_bytes());
        assert_eq!((code, err.as_str()), (Some(0), ""));
        let (code, head, _) = dgraph_fed(&args, format!("{header}\n").as_bytes());
        assert_eq!(code, Some(0));
        let mut joined = head;
        for shard in lines.chunks(3_333) {
            let input = format!("{header}\n{}\n", shard.join("\n"));
            let no_header = [&args[..], &["--no-header"]].concat();
            let (code, out, err) = dgraph_fed(&no_header, input.as_bytes());
            assert_eq!((code, err.as_str()), (Some(0), ""), "{format}");
            joined.push_str(&out);
        }
        assert_eq!(joined, whole, "{format}");
        assert_eq!(
            whole.lines().count(),
            10_000 + usize::from(format != "json")
        );
    }
    let programs = "x + 1\nx * 2\nsin(x)\nx^3\n";
    let args = ["eval", "--lines", "--set", "x=0.5"];
    let (_, whole, _) = dgraph_fed(&args, programs.as_bytes());
    let no_header = [&args[..], &["--no-header"]].concat();
    let (_, rows_only, _) = dgraph_fed(&no_header, programs.as_bytes());
    assert_eq!(
        whole.split_once('\n').map(|(_, rows)| rows),
        Some(rows_only.as_str())
    );
}

/// A bad first row leaves standard output empty, header and all, as every
/// failure does; a file of no rows still gets its header.
#[test]
fn points_a_bad_first_row_prints_no_header() {
    let (code, out, err) = dgraph_fed(&ARGS, b"x,y\nfoo,1\n2,3\n");
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("`foo` is not a decimal"), "{err}");
    let (code, out, _) = dgraph_fed(&ARGS, b"x,y\n");
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 1);
}

/// `--points` eliminates in Markowitz order: asking it for a search is
/// refused, saying so, rather than ignored; `markowitz` is what it does.
#[test]
fn points_refuse_an_elimination_search() {
    let base = ["eval", "sin(x*y)+x", "--points", "-", "--mode", "eliminate"];
    let csv = b"x,y\n1,2\n";
    for order in ["search", "optimal"] {
        let args = [&base[..], &["--elimination-order", order]].concat();
        let (code, out, err) = dgraph_fed(&args, csv);
        assert_eq!((code, out.as_str()), (Some(2), ""), "{order}: {err}");
        assert!(
            err.contains("--points eliminates in Markowitz order"),
            "{err}"
        );
    }
    let args = [&base[..], &["--elimination-order", "markowitz"]].concat();
    let (code, out, _) = dgraph_fed(&args, csv);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("x,y,output,"), "{out}");
}
