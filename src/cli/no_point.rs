//! `dgraph diff` given a point: an error that says why it takes none.
//!
//! `diff` is symbolic — it writes the derivative as a formula, true at
//! every point — so it has no `--set` or `--points`. Clap's own message
//! for such a flag ("to pass '--set' as a value, use '-- --set'") answers
//! a question nobody asked; [`given_to_diff`] says what diff is and which
//! command gives numbers at a point.

use std::ffi::OsString;

use crate::error::InputError;
use crate::escape::quoted;

/// The flags that give a point, which `diff` does not take.
const POINT_FLAGS: [&str; 2] = ["--set", "--points"];

/// The subcommands, to find which one a command line runs.
const SUBCOMMANDS: [&str; 7] = [
    "eval",
    "draw",
    "diff",
    "check",
    "language",
    "completions",
    "man",
];

/// The error for a `dgraph diff` command line (`argv`, program name first)
/// that gives a point with `--set` or `--points`, before `--`; `None` for
/// any other command line.
pub fn given_to_diff(argv: &[OsString]) -> Option<InputError> {
    let words: Vec<&str> = argv
        .iter()
        .skip(1)
        .map(|word| word.to_str().unwrap_or(""))
        .take_while(|word| *word != "--")
        .collect();
    let command = words.iter().position(|word| SUBCOMMANDS.contains(word))?;
    if words[command] != "diff" {
        return None;
    }
    let after = &words[command + 1..];
    let (flag, value) = after.iter().enumerate().find_map(|(at, word)| {
        POINT_FLAGS
            .iter()
            .find_map(|&flag| match word.strip_prefix(flag) {
                Some("") => Some((flag, after.get(at + 1).copied())),
                Some(rest) => rest.strip_prefix('=').map(|value| (flag, Some(value))),
                None => None,
            })
    })?;
    let value = match value {
        Some(value) if !value.starts_with('-') => shell_word(&quoted(value)),
        _ if flag == "--set" => "NAME=VALUE".to_string(),
        _ => "FILE".to_string(),
    };
    Some(InputError::new(format!(
        "`dgraph diff` takes no {flag}: diff is symbolic, it writes the derivative as a \
         formula that holds at every point; for numbers at a point use `dgraph eval EXPR \
         {flag} {value}` (the value and the derivatives there), or evaluate diff's formula: \
         `dgraph eval \"$(dgraph diff EXPR)\" {flag} {value}`"
    )))
}

/// `word` as a shell reads it back: in single quotes unless it is plain.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_=.,:@/+-".contains(c);
    match word.chars().all(plain) {
        true => word.to_string(),
        false => format!("'{word}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(line: &[&str]) -> Option<String> {
        let argv: Vec<OsString> = line.iter().map(OsString::from).collect();
        given_to_diff(&argv).map(|err| err.to_string())
    }

    #[test]
    fn diff_given_a_point_says_to_use_eval() {
        for line in [
            &["dgraph", "diff", "--set", "x=1", "x^2"][..],
            &["dgraph", "diff", "x^2", "--set=x=1"],
            &["dgraph", "--quiet", "diff", "x^2", "--set", "x=1"],
        ] {
            let message = refused(line).expect("refused");
            assert!(message.contains("takes no --set"), "{message}");
            assert!(
                message.contains("use `dgraph eval EXPR --set x=1`"),
                "{message}"
            );
        }
        let points = refused(&["dgraph", "diff", "x^2", "--points", "p.csv"]).expect("refused");
        assert!(points.contains("takes no --points"), "{points}");
        assert!(points.contains("--points p.csv`"), "{points}");
        let list = refused(&["dgraph", "diff", "x[1]", "--set", "x=[1, 2]"]).expect("refused");
        assert!(list.contains("--set 'x=[1, 2]'`"), "{list}");
        let bare = refused(&["dgraph", "diff", "x^2", "--set"]).expect("refused");
        assert!(bare.contains("--set NAME=VALUE`"), "{bare}");
    }

    #[test]
    fn other_command_lines_are_left_to_clap() {
        for line in [
            &["dgraph", "eval", "x^2", "--set", "x=1"][..],
            &["dgraph", "diff", "x^2", "--wrt", "x"],
            &["dgraph", "diff", "--", "--set"],
            &["dgraph", "check", "--set", "x=1", "x^2"],
        ] {
            assert_eq!(refused(line), None, "{line:?}");
        }
    }
}
