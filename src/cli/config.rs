//! The validated configuration: what `dgraph eval` was asked to do, in the
//! program's own types.

use std::path::PathBuf;

use super::args::{EvalArgs, FormatArg, ModeArg};
use crate::error::InputError;
use crate::modes::{Mode, PathCount};
use crate::report::Format;

/// Where the program text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The EXPR argument.
    Inline(String),
    /// Standard input (`-`).
    Stdin,
    /// A file (`-f FILE`).
    File(PathBuf),
}

/// One `--set` argument: pairs written inline, or `@FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsArg {
    /// `a=2,b=1`
    Inline(String),
    /// `@FILE`
    File(PathBuf),
}

/// Everything `dgraph eval` needs, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The program text's origin.
    pub source: Source,
    /// The `--set` arguments, in order.
    pub settings: Vec<SettingsArg>,
    /// The mode.
    pub mode: Mode,
    /// `--wrt` names (empty: every input).
    pub wrt: Vec<String>,
    /// `--of` names (empty: the last statement).
    pub of: Vec<String>,
    /// Whether to compare every mode.
    pub stats: bool,
    /// The output format.
    pub format: Format,
    /// The most paths paths mode enumerates.
    pub max_paths: PathCount,
}

impl TryFrom<EvalArgs> for Config {
    type Error = InputError;

    fn try_from(args: EvalArgs) -> Result<Config, InputError> {
        let source = match (args.expr, args.file) {
            (Some(expr), None) if expr == "-" => Source::Stdin,
            (Some(expr), None) => Source::Inline(expr),
            (None, Some(path)) if path.as_os_str() == "-" => Source::Stdin,
            (None, Some(path)) => Source::File(path),
            (None, None) => {
                return Err(InputError::new(
                    "no program: give EXPR, `-` to read standard input, or -f FILE",
                ))
            }
            (Some(_), Some(_)) => {
                return Err(InputError::new(
                    "give the program either as EXPR or with -f FILE, not both",
                ))
            }
        };
        Ok(Config {
            source,
            settings: args.set.into_iter().map(settings_arg).collect(),
            mode: match args.mode {
                ModeArg::Reverse => Mode::Reverse,
                ModeArg::Forward => Mode::Forward,
                ModeArg::Paths => Mode::Paths,
            },
            wrt: names("--wrt", args.wrt)?,
            of: names("--of", args.of)?,
            stats: args.stats,
            format: match args.format {
                FormatArg::Table => Format::Table,
                FormatArg::Json => Format::Json,
                FormatArg::Csv => Format::Csv,
                FormatArg::Tsv => Format::Tsv,
            },
            max_paths: PathCount::from(args.max_paths),
        })
    }
}

fn settings_arg(text: String) -> SettingsArg {
    match text.trim().strip_prefix('@') {
        Some(path) => SettingsArg::File(PathBuf::from(path)),
        None => SettingsArg::Inline(text),
    }
}

/// A comma-separated list of names, trimmed; none may be empty or repeated.
fn names(flag: &str, raw: Vec<String>) -> Result<Vec<String>, InputError> {
    let mut names: Vec<String> = Vec::with_capacity(raw.len());
    for name in raw.iter().map(|n| n.trim()) {
        if name.is_empty() {
            return Err(InputError::new(format!(
                "{flag}: an empty name in the list"
            )));
        }
        if names.iter().any(|n| n == name) {
            return Err(InputError::new(format!("{flag}: `{name}` is named twice")));
        }
        names.push(name.to_string());
    }
    Ok(names)
}
