//! What every run must satisfy (SPEC, "Errors"), whatever its input: no
//! panic, no crash, no hang; exit status 0, 1 or 2; on 2 an empty stdout
//! and a message; no internal panic turned into a message; UTF-8 streams
//! without control characters (but newline and tab, and the colours asked
//! for with `--color always`); JSON that parses, SVG that is XML and
//! MatrixMarket that is well formed.

use std::time::Duration;

use crate::case::Case;
use crate::run::{Outcome, Status};

/// One broken promise: its kind (what `allow` lists name) and the detail.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: &'static str,
    pub detail: String,
}

/// Every kind of finding, for the documentation and `DGRAPH_FUZZ_ALLOW`.
pub const KINDS: [&str; 15] = [
    "panic",
    "crash",
    "hang",
    "slow",
    "status",
    "stdout-on-2",
    "silent-2",
    "silent-1",
    "bug",
    "utf8",
    "control",
    "json",
    "svg",
    "html",
    "mtx",
];

/// The findings of `outcome`, a run of `case`; `limit` is the time a case
/// may take.
pub fn findings(case: &Case, outcome: &Outcome, limit: Duration) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |kind: &'static str, detail: String| found.push(Finding { kind, detail });
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    let excerpt = || excerpt(&stderr);
    let code = match &outcome.status {
        Status::Panic(message) => {
            return vec![Finding {
                kind: "panic",
                detail: message.clone(),
            }]
        }
        Status::Signal(signal) => {
            return vec![Finding {
                kind: "crash",
                detail: format!("killed by signal {signal}: {}", excerpt()),
            }]
        }
        Status::Hang => {
            return vec![Finding {
                kind: "hang",
                detail: format!("still running after {:.1?}", outcome.elapsed),
            }]
        }
        Status::Exit(code) => *code,
    };
    if outcome.elapsed > limit {
        add(
            "slow",
            format!(
                "took {:.2?} (limit {limit:?}), exit {code}",
                outcome.elapsed
            ),
        );
    }
    match code {
        0 => {}
        1 if outcome.stderr.is_empty() => add("silent-1", "exit 1 without a message".into()),
        // --points and --lines stream: the rows before a bad one stay.
        2 if !outcome.stdout.is_empty() && !streams(case) => add(
            "stdout-on-2",
            format!(
                "exit 2 wrote {} bytes to stdout: {}",
                outcome.stdout.len(),
                excerpt()
            ),
        ),
        2 if outcome.stderr.is_empty() => add("silent-2", "exit 2 without a message".into()),
        1 | 2 => {}
        other => add("status", format!("exit {other}: {}", excerpt())),
    }
    if stderr.contains("a bug in dgraph") {
        add(
            "bug",
            format!("an internal panic became a message: {}", excerpt()),
        );
    }
    let colour = case.has("--color=always")
        || case
            .argv
            .windows(2)
            .any(|w| w[0] == b"--color" && w[1] == b"always");
    for (stream, bytes) in [("stdout", &outcome.stdout), ("stderr", &outcome.stderr)] {
        match std::str::from_utf8(bytes) {
            Err(err) => add(
                "utf8",
                format!("{stream} is not UTF-8 at byte {}", err.valid_up_to()),
            ),
            Ok(text) => {
                if let Some((at, c)) = control(text, colour) {
                    add(
                        "control",
                        format!("{stream} holds {c:?} at byte {at}: {:?}", around(text, at)),
                    );
                }
            }
        }
    }
    if matches!(code, 0 | 1) && !outcome.stdout.is_empty() {
        if let Ok(text) = std::str::from_utf8(&outcome.stdout) {
            if asks(case, "json") && !json(text) {
                add(
                    "json",
                    format!(
                        "--format json wrote what is not JSON: {:?}",
                        around(text, 0)
                    ),
                );
            }
            if asks(case, "mtx") && code == 0 {
                if let Err(err) = matrix_market(text) {
                    add("mtx", format!("--format mtx wrote a bad file: {err}"));
                }
            }
            if asks(case, "svg") && code == 0 {
                if let Err(err) = roxmltree::Document::parse(text) {
                    add("svg", format!("--format svg wrote what is not XML: {err}"));
                }
            }
            if asks(case, "html") && code == 0 {
                if let Err(err) = page(text) {
                    add("html", format!("--format html wrote a bad page: {err}"));
                }
            }
        }
    }
    found
}

/// Whether the command line reads `--points` or `--lines`, which write
/// their rows as they go.
fn streams(case: &Case) -> bool {
    case.argv.iter().any(|a| {
        a == b"--lines"
            || a == b"--points"
            || (a.starts_with(b"--points=") && !a.starts_with(b"--points-format"))
    })
}

/// Whether the command line asks for `--format value`.
fn asks(case: &Case, value: &str) -> bool {
    if ["--help", "-h", "--version", "-V"]
        .iter()
        .any(|h| case.has(h))
    {
        return false; // help and the version win over everything
    }
    let equals = format!("--format={value}");
    case.has(&equals)
        || case
            .argv
            .windows(2)
            .any(|w| w[0] == b"--format" && w[1] == value.as_bytes())
}

/// One JSON value, or one per line (`--points`, `--lines`).
fn json(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
        || text
            .lines()
            .filter(|l| !l.is_empty())
            .all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
}

/// Whether `text` is a MatrixMarket coordinate file as `--format mtx`
/// promises: the banner (`real` or `pattern`, `general` or `symmetric`),
/// comments, the size line, then as many entries as it says, 1-based and in
/// range, a symmetric one in the lower triangle.
fn matrix_market(text: &str) -> Result<(), String> {
    let mut lines = text.lines();
    let banner = lines.next().unwrap_or_default();
    let words: Vec<&str> = banner.split(' ').collect();
    let (field, symmetry) = match words[..] {
        ["%%MatrixMarket", "matrix", "coordinate", field, symmetry]
            if ["real", "pattern"].contains(&field)
                && ["general", "symmetric"].contains(&symmetry) =>
        {
            (field, symmetry)
        }
        _ => return Err(format!("banner {banner:?}")),
    };
    let mut body = lines.skip_while(|line| line.starts_with('%'));
    let size = body.next().unwrap_or_default();
    let numbers: Vec<usize> = size.split(' ').filter_map(|w| w.parse().ok()).collect();
    let [rows, cols, count] = numbers[..] else {
        return Err(format!("size line {size:?}"));
    };
    let entries: Vec<&str> = body.collect();
    if entries.len() != count {
        return Err(format!(
            "{count} entries announced, {} given",
            entries.len()
        ));
    }
    let width = if field == "real" { 3 } else { 2 };
    for entry in entries {
        let words: Vec<&str> = entry.split(' ').collect();
        let index = |k: usize| words.get(k).and_then(|w| w.parse::<usize>().ok());
        let value = words.get(2).map(|w| w.parse::<f64>());
        let ok = match (index(0), index(1)) {
            (Some(i), Some(j)) => {
                words.len() == width
                    && (1..=rows).contains(&i)
                    && (1..=cols).contains(&j)
                    && (symmetry == "general" || j <= i)
                    && value.is_none_or(|v| v.is_ok())
            }
            _ => false,
        };
        if !ok {
            return Err(format!(
                "entry {entry:?} in a {rows}x{cols} {symmetry} matrix"
            ));
        }
    }
    Ok(())
}

/// The first control character but newline and tab (and, with `colour`,
/// the SGR sequences `ESC [ digits ; m`), with its byte offset.
fn control(text: &str, colour: bool) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        if !c.is_control() || c == '\n' || c == '\t' {
            continue;
        }
        if colour && c == '\u{1b}' && bytes.get(at + 1) == Some(&b'[') {
            let rest = &bytes[at + 2..];
            let len = rest
                .iter()
                .take_while(|b| b.is_ascii_digit() || **b == b';')
                .count();
            if rest.get(len) == Some(&b'm') {
                for _ in 0..len + 2 {
                    chars.next();
                }
                continue;
            }
        }
        return Some((at, c));
    }
    None
}

/// Up to 60 characters of `text` around byte `at`.
fn around(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(30);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 30).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].to_string()
}

/// The start of a message (its first 300 characters).
fn excerpt(text: &str) -> String {
    text.chars().take(300).collect()
}

#[test]
fn matrix_market_files_are_checked() {
    let good = "%%MatrixMarket matrix coordinate real symmetric\n% c\n2 2 2\n1 1 0.5\n2 1 nan\n";
    assert_eq!(matrix_market(good), Ok(()));
    let pattern = "%%MatrixMarket matrix coordinate pattern general\n1 3 1\n1 3\n";
    assert_eq!(matrix_market(pattern), Ok(()));
    for bad in [
        "",
        "%%MatrixMarket matrix array real general\n1 1\n1\n",
        "%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n",
        "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n",
        "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n",
        "%%MatrixMarket matrix coordinate real general\n2 2 1\n0 1 1\n",
        "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n",
        "%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1\n",
        "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 one\n",
    ] {
        assert!(matrix_market(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn colours_pass_and_other_escapes_do_not() {
    assert_eq!(control("a\tb\n", false), None);
    assert_eq!(control("\u{1b}[1;31merror:\u{1b}[0m x", true), None);
    assert_eq!(control("\u{1b}[1;31merror:", false), Some((0, '\u{1b}')));
    assert_eq!(control("ok \u{1b}[2J", true), Some((3, '\u{1b}')));
    assert_eq!(control("ok \u{1b}]0;PWNED\u{7}", true), Some((3, '\u{1b}')));
    assert_eq!(control("a\rb", false), Some((1, '\r')));
}

/// A page of `draw --format html`: its step data is JSON, and it names no
/// URL it would fetch.
fn page(text: &str) -> Result<(), String> {
    let start = r#"<script type="application/json" id="data">"#;
    let from = text.find(start).ok_or("no data script")? + start.len();
    let to = from
        + text[from..]
            .find("</script>")
            .ok_or("the data script never ends")?;
    serde_json::from_str::<serde_json::Value>(&text[from..to]).map_err(|e| e.to_string())?;
    match ["http://", "https://"]
        .iter()
        .find(|url| text.contains(*url))
    {
        Some(url) => Err(format!("it names {url}")),
        None => Ok(()),
    }
}
