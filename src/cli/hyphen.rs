//! An EXPR that looks like a long flag (`--stat`, `--version`) is taken for
//! the mistyped flag it almost always is, not for a program.
//!
//! EXPR may start with `-` (`-x^2`, SPEC), so clap takes any word in its
//! place, and a mistyped `--stat` became the program (then `x*2` was the
//! unexpected word). [`misplaced_flag`] parses the command line again with
//! EXPR refusing words that start with `-`, and when clap then refuses a
//! word of the form `--name` or `--name=value`, that error is the one to
//! show: clap's own, with its "a similar argument exists" tip. A program
//! that really is `--x` is written after `--` (`dgraph eval -- --x`) or
//! with a leading space (`dgraph eval ' --x'`).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::CommandFactory;

use super::args::Cli;

/// The subcommands that take an EXPR.
const WITH_EXPR: [&str; 4] = ["eval", "draw", "diff", "check"];

/// Clap's error about a word before `--` that looks like a long flag the
/// subcommand does not have, if there is one; `None` when the command line
/// has no such word (then the ordinary parse decides).
pub fn misplaced_flag(argv: &[OsString]) -> Option<clap::Error> {
    let mut before_dashes = argv.iter().skip(1).take_while(|word| *word != "--");
    if !before_dashes.any(|word| word.to_str().is_some_and(looks_like_long_flag)) {
        return None;
    }
    let strict = WITH_EXPR.iter().fold(Cli::command(), |command, name| {
        command.mut_subcommand(name, |sub| {
            sub.mut_arg("expr", |arg| arg.allow_hyphen_values(false))
        })
    });
    let err = strict.try_get_matches_from(argv).err()?;
    let refused = match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(word)) => word.as_str(),
        _ => return None,
    };
    (err.kind() == ErrorKind::UnknownArgument && looks_like_long_flag(refused)).then_some(err)
}

/// Whether `word` has the shape of a long flag: `--`, a letter, then
/// letters, digits and `-`, and optionally `=value`.
fn looks_like_long_flag(word: &str) -> bool {
    let Some(flag) = word.strip_prefix("--") else {
        return false;
    };
    let name = flag.split_once('=').map_or(flag, |(name, _)| name);
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(line: &str) -> Option<String> {
        let argv: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        misplaced_flag(&argv).map(|err| err.to_string())
    }

    #[test]
    fn a_mistyped_flag_in_place_of_expr_is_refused_as_a_flag() {
        let stat = refused("dgraph eval --stat x*2 --set x=1").expect("refused");
        assert!(
            stat.contains("'--stat'") && stat.contains("'--stats'"),
            "{stat}"
        );
        let version = refused("dgraph draw --version").expect("refused");
        assert!(version.contains("'--version'"), "{version}");
        assert!(refused("dgraph diff --wrt=x --x").is_some());
    }

    #[test]
    fn programs_that_start_with_a_hyphen_stay_programs() {
        for line in [
            "dgraph eval -x^2 --set x=3",
            "dgraph eval -x+1 --set x=3",
            "dgraph eval --set x=3 -- --x",
            "dgraph check -- --stat --set x=1",
            "dgraph eval x*2 --set x=1 --stats",
            "dgraph eval --x+1 --set x=1",
        ] {
            assert_eq!(refused(line), None, "{line}");
        }
        assert!(looks_like_long_flag("--max-paths=3"));
        assert!(
            !looks_like_long_flag("--x+1")
                && !looks_like_long_flag("-x")
                && !looks_like_long_flag("--")
        );
    }
}
