//! No byte of input reaches a terminal raw: control characters injected in
//! every place a command takes text — the program, `--set` names, values
//! and files, `--wrt`, `--of`, file names, `--points` headers and fields,
//! `--lines` lines, flags and subcommands — come out escaped on standard
//! output and error alike; messages cut a huge piece of input short; a
//! parse error's caret stays under the spot when escapes widen the line.
//! A byte order mark starting an input is skipped; an empty `--set` pair
//! is an error.

use std::path::{Path, PathBuf};
use std::process::Output;

/// Control characters as they come: a terminal title and screen clear
/// (ESC, BEL), a carriage return, backspace, DEL, vertical tab, form feed
/// and a C1 CSI (U+009B); in files and standard input also NUL and every
/// other C0 character.
const IN_ARGUMENTS: &str = "\x1b]0;PWNED\x07\x1b[2J\r\x08\x7f\x0b\x0c\u{9b}";

fn in_files() -> String {
    let every: String = (1u8..0x20)
        .filter(|&b| b != b'\n')
        .map(char::from)
        .collect();
    format!("{IN_ARGUMENTS}\0{every}")
}

/// A directory of this test's own, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dgraph-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        Scratch(dir)
    }

    /// Writes `text` to the file `name`; its path.
    fn file(&self, name: &str, text: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("a scratch file");
        path.to_str().expect("a UTF-8 path").to_string()
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[String], stdin: &[u8]) -> Output {
    assert_cmd::Command::cargo_bin("dgraph")
        .expect("the binary is built")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("dgraph runs")
}

/// The first raw control character of `bytes` (C0 but newline and tab,
/// DEL, and C1 in UTF-8), and where it is.
fn raw_control(bytes: &[u8]) -> Option<usize> {
    bytes.iter().enumerate().position(|(i, &b)| {
        (b < 0x20 && b != b'\n' && b != b'\t')
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)))
    })
}

/// Every command of `cases` (each with `{}` where the payload goes, and
/// standard input) runs with nothing raw on standard output or error.
fn assert_escaped(cases: &[(Vec<String>, Vec<u8>)]) {
    for (args, stdin) in cases {
        let output = run(args, stdin);
        for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
            if let Some(at) = raw_control(bytes) {
                let from = at.saturating_sub(80);
                panic!(
                    "{args:?} wrote a raw control character on {stream} at byte {at}: {:?}",
                    String::from_utf8_lossy(&bytes[from..(at + 20).min(bytes.len())])
                );
            }
        }
        assert!(
            !output.stdout.is_empty() || !output.stderr.is_empty(),
            "{args:?} said nothing"
        );
    }
}

fn args(template: &[&str], payload: &str) -> Vec<String> {
    template.iter().map(|a| a.replace("{}", payload)).collect()
}

#[test]
fn no_control_character_from_an_argument_reaches_the_terminal() {
    let templates: &[&[&str]] = &[
        &["eval", "{}", "--set", "x=1"],
        &["eval", "x + {}", "--set", "x=1"],
        &["eval", "x + 1 # {}", "--set", "x=1"],
        &["eval", "x + 1 # {}", "--set", "x=1", "--format", "csv"],
        &["eval", "x\n{}", "--set", "x=1"],
        &["eval", "x", "--set", "x={}"],
        &["eval", "x", "--set", "{}=1"],
        &["eval", "x", "--set", "x[{}]=1"],
        &["eval", "x", "--set", "x=[1, {}]"],
        &["eval", "x", "--set", "x=[1] {}"],
        &["eval", "x", "--set", "x=1,{}"],
        &["eval", "x", "--set", "x=1,,{}"],
        &["eval", "x", "--set", "x=1", "--wrt", "{}"],
        &["eval", "x", "--set", "x=1", "--of", "{}"],
        &["eval", "x", "--set", "x=1", "--of", "x,{}"],
        &["eval", "-f", "/nonexistent/{}", "--set", "x=1"],
        &["eval", "x", "--set", "@/nonexistent/{}"],
        &["eval", "x", "--points", "/nonexistent/{}"],
        &["eval", "x", "--set", "x=1", "--mode", "{}"],
        &["eval", "x", "--set", "x=1", "--format", "{}"],
        &["eval", "x", "--set", "x=1", "--{}"],
        &["eval{}", "x"],
        &["eval", "x", "--set", "x=1", "--color", "{}"],
        &["eval", "f(u) = u + {}; f(x)", "--set", "x=1"],
        &["eval", "sum(i = 1..{}, x)", "--set", "x=1"],
        &["diff", "{}"],
        &["diff", "x + 1 # {}"],
        &["diff", "x", "--wrt", "{}"],
        &["diff", "x", "--of", "{}"],
        &["draw", "x + {}", "--set", "x=1"],
        &["draw", "x", "--set", "x=1", "--format", "{}"],
        &["check", "x", "--set", "x={}"],
        &["check", "x", "--set", "x=1", "--rtol", "{}"],
        &["completions", "{}"],
    ];
    let cases: Vec<_> = templates
        .iter()
        .map(|t| (args(t, IN_ARGUMENTS), Vec::new()))
        .collect();
    assert_escaped(&cases);
}

#[test]
fn no_control_character_from_a_file_or_standard_input_reaches_the_terminal() {
    let scratch = Scratch::new("escaping");
    let bad = in_files();
    let named = scratch.file(&format!("named{IN_ARGUMENTS}.csv"), b"x\n1,2\n");
    let program = scratch.file("program", format!("x + {bad}").as_bytes());
    let comment = scratch.file("comment", format!("x + 1 # {bad}").as_bytes());
    let value = scratch.file("value.txt", format!("x = {bad}\n").as_bytes());
    let name = scratch.file("name.txt", format!("{bad} = 1\n").as_bytes());
    let json_name = scratch.file("name.json", format!("{{\"x{bad}\": 1}}").as_bytes());
    let json_value = scratch.file("value.json", format!("{{\"x\": [\"{bad}\"]}}").as_bytes());
    let json_bad = scratch.file("bad.json", format!("{{\"x\": 1{bad}}}").as_bytes());
    let header = scratch.file("header.csv", format!("x,{bad}\n1,2\n").as_bytes());
    let field = scratch.file("field.csv", format!("x\n1\n{bad}\n3\n").as_bytes());
    let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let lines = format!("x+1 # {bad}\nx + {bad}\n{bad}\n");
    let mut cases = vec![
        (owned(&["eval", "-f", &program, "--set", "x=1"]), vec![]),
        (owned(&["eval", "-f", &comment, "--set", "x=1"]), vec![]),
        (owned(&["eval", "x", "--set", &format!("@{value}")]), vec![]),
        (owned(&["eval", "x", "--set", &format!("@{name}")]), vec![]),
        (
            owned(&["eval", "x", "--set", &format!("@{json_name}")]),
            vec![],
        ),
        (
            owned(&["eval", "x", "--set", &format!("@{json_value}")]),
            vec![],
        ),
        (
            owned(&["eval", "x", "--set", &format!("@{json_bad}")]),
            vec![],
        ),
        (owned(&["eval", "x", "--points", &header]), vec![]),
        (owned(&["eval", "x", "--points", &field]), vec![]),
        (
            owned(&["eval", "x", "--points", &field, "--skip-bad"]),
            vec![],
        ),
        (owned(&["eval", "x", "--points", &named]), vec![]),
        (owned(&["eval", "x", "--points", "-"]), bad.clone().into()),
        (
            owned(&["eval", "-", "--set", "x=1"]),
            format!("x+{bad}").into(),
        ),
        (owned(&["diff", "-"]), format!("x+{bad}").into()),
        (owned(&["draw", "-"]), format!("x # {bad}").into()),
    ];
    for format in ["csv", "tsv", "json"] {
        for skip in [None, Some("--skip-bad")] {
            let mut args = owned(&["eval", "--lines", "--set", "x=1", "--format", format]);
            args.extend(skip.map(String::from));
            cases.push((args, lines.clone().into()));
        }
        // Found by the fuzzer: `--lines` named its gradient columns after
        // `--wrt` as given.
        let wrt = owned(&["eval", "--lines", "--set", "x=1", "--format", format]);
        let wrt = [wrt, owned(&["--wrt", &format!("x,{IN_ARGUMENTS}")])].concat();
        cases.push((wrt, b"x\n".to_vec()));
    }
    assert_escaped(&cases);
    assert!(scratch.path().exists());
}

/// The `--lines` CSV `expr` cell shows a comment's control characters
/// escaped; JSON lines escape them as JSON does (DEL and C1 too, which
/// serde_json leaves raw), and read back to the line.
#[test]
fn lines_escape_the_expr_cell() {
    let line = "x+1 # \x1b[2J\x07\x7f\u{9b}\u{202e}";
    let run = |format| {
        let args = ["eval", "--lines", "--set", "x=1", "--format", format];
        crate::support::dgraph_fed(&args, format!("{line}\n").as_bytes()).1
    };
    assert_eq!(
        run("csv"),
        "line,expr,output,value,edges_touched,d_output/d_x\n\
         1,x+1 # \\u{1b}[2J\\u{7}\\u{7f}\\u{9b}\\u{202e},x+1,2,1,1\n"
    );
    let json = run("json");
    assert!(
        json.contains(r#""expr":"x+1 # \u001b[2J\u0007\u007f\u009b\u202e""#),
        "{json}"
    );
    let read: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(read["expr"], line);
}

/// Where escapes widen the line, the caret moves right with them; the
/// column is still counted in characters of the input. (A carriage return
/// is the one control character the language reads as a space.)
#[test]
fn the_caret_stays_under_the_spot_after_escapes() {
    let out = run(&args(&["eval", "x\r\r + ?"], ""), b"");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(
        err,
        "error: expected an operand: a number, a name, a call or `(`, found `?`\n \
         --> 1:7\n  |\n1 | x\\r\\r + ?\n  |         ^\n"
    );
    let out = run(&args(&["eval", "x\r + yy", "--set", "x=1"], ""), b"");
    let err = String::from_utf8(out.stderr).expect("UTF-8");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[1], " --> 1:6", "{err}");
    assert_eq!(lines[3], "1 | x\\r + yy", "{err}");
    assert_eq!(lines[4], "  |       ^^", "{err}");
}

/// A huge literal, name or value is cut short in messages, with its length
/// said; the snippet shows a window around the spot, the caret under it.
#[test]
fn huge_input_is_cut_short_in_messages() {
    let scratch = Scratch::new("huge");
    let n = 10 << 20;
    let digits = "9".repeat(n);
    let name = "a".repeat(n);
    let literal = scratch.file("literal", format!("x + 1e{digits}").as_bytes());
    let unset = scratch.file("unset", format!("x + {name}").as_bytes());
    let after = scratch.file("after", format!("{name} + ?").as_bytes());
    let value = scratch.file("value.txt", format!("x = {digits}q\n").as_bytes());
    let said = |args: &[&str]| {
        let out = run(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>(), b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        assert!(err.len() < 1000, "{args:?}: {} bytes", err.len());
        err
    };
    let err = said(&["eval", "-f", &literal, "--set", "x=1"]);
    assert!(
        err.starts_with(&format!(
            "error: the number `1e{}... ({} characters)` is too large",
            &digits[..58],
            n + 2
        )),
        "{err}"
    );
    let err = said(&["eval", "-f", &unset, "--set", "x=1"]);
    assert!(
        err.contains(&format!(
            "`{}... ({n} characters)` is used but not set",
            &name[..60]
        )),
        "{err}"
    );
    let err = said(&["eval", "x", "--set", &format!("@{value}")]);
    assert!(
        err.contains(&format!(
            "the value `{}... ({} characters)`",
            &digits[..60],
            n + 1
        )),
        "{err}"
    );
    let err = said(&["eval", "-f", &after]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[1], format!(" --> {after}:1:{}", n + 4));
    assert!(lines[3].starts_with("1 | ...a"), "{err}");
    assert_eq!(lines[3].find('?'), lines[4].find('^'), "{err}");
}

/// A UTF-8 byte order mark starting a program file, standard input or a
/// `--set @FILE` (text or JSON), a `--points` file or `--lines` input is
/// skipped.
#[test]
fn a_byte_order_mark_is_skipped() {
    let scratch = Scratch::new("bom");
    let bom = "\u{feff}";
    let program = scratch.file("program", format!("{bom}x+1").as_bytes());
    let pairs = scratch.file("pairs.txt", format!("{bom}x=1\n").as_bytes());
    let json = scratch.file("pairs.json", format!("{bom}{{\"x\": 1}}").as_bytes());
    let points = scratch.file("points.csv", format!("{bom}x\n1\n").as_bytes());
    let csv = ["--format", "csv"];
    let expected = "id,name,expr,value,d_output/d_node\n0,x,x,1,1\n1,,x + 1,2,1\n";
    for (args, stdin) in [
        (vec!["eval", "-f", &program, "--set", "x=1"], ""),
        (vec!["eval", "-", "--set", "x=1"], "\u{feff}x+1"),
        (vec!["eval", "x+1", "--set", &format!("@{pairs}")], ""),
        (vec!["eval", "x+1", "--set", &format!("@{json}")], ""),
    ] {
        let (code, out, err) =
            crate::support::dgraph_fed(&[&args[..], &csv[..]].concat(), stdin.as_bytes());
        assert_eq!((code, out.as_str(), err.as_str()), (Some(0), expected, ""));
    }
    let (_, out, _) = crate::support::dgraph_fed(&["eval", "x+1", "--points", &points], b"");
    assert_eq!(out, "x,output,d_output/d_x\n1,2,1\n");
    let (_, out, _) = crate::support::dgraph_fed(
        &["eval", "--lines", "--set", "x=1"],
        "\u{feff}x+1\n".as_bytes(),
    );
    assert_eq!(
        out,
        "line,expr,output,value,edges_touched,d_output/d_x\n1,x+1,x+1,2,1,1\n"
    );
}

/// An empty pair beside a comma is an error naming it and where it is,
/// inline and in a file; blank lines and a trailing newline in a file are
/// fine.
#[test]
fn an_empty_pair_is_an_error() {
    let scratch = Scratch::new("pairs");
    for (set, message) in [
        ("a=1,,b=2", "--set: an empty pair at 1:5 in `a=1,,b=2`"),
        ("a=1, ,b=2", "--set: an empty pair at 1:5 in `a=1, ,b=2`"),
        ("a=1,", "--set: an empty pair at 1:5 in `a=1,`"),
        (",a=1", "--set: an empty pair at 1:1 in `,a=1`"),
    ] {
        let (code, out, err) = crate::support::dgraph_fed(&["eval", "a+b", "--set", set], b"");
        assert_eq!((code, out.as_str()), (Some(2), ""), "{set}");
        assert_eq!(err, format!("error: {message}; remove the extra comma\n"));
    }
    let file = scratch.file("pairs.txt", b"a=1\n\n# b next\n\nb=2,,\n");
    let (code, _, err) =
        crate::support::dgraph_fed(&["eval", "a+b", "--set", &format!("@{file}")], b"");
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        format!(
            "error: {file}: line 5: an empty pair at column 5 in `b=2,,`; remove the extra comma\n"
        )
    );
    let file = scratch.file("blank.txt", b"\na=1\n\n  \n# b next\nb=2 # two\n\n");
    let (code, out, err) = crate::support::dgraph_fed(
        &[
            "eval",
            "a+b",
            "--set",
            &format!("@{file}"),
            "--format",
            "csv",
        ],
        b"",
    );
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(out.ends_with(",,a + b,3,1\n"), "{out}");
}
