//! Reading the program and `--set @FILE` from files and standard input.
//!
//! A UTF-8 byte order mark (EF BB BF) at the start of the text is skipped:
//! editors on Windows write one.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, Result};

use super::config::Source;
use crate::error::InputError;
use crate::escape::quoted;
use crate::parse::location;

/// The program text from its source (standard input when there is none).
pub fn program(source: Option<&Source>) -> Result<String> {
    match source {
        Some(Source::Inline(text)) => Ok(text.clone()),
        Some(Source::File(path)) => file(path),
        Some(Source::Stdin) | None => stdin(),
    }
}

/// `err`, its location naming the program's file when the program came
/// from one (`--> model.dg:3:5`).
pub fn in_program(source: Option<&Source>, err: impl Into<InputError>) -> InputError {
    let err = err.into();
    match source {
        Some(Source::File(path)) => err.in_file(&path.display().to_string()),
        _ => err,
    }
}

/// The text of `path`, which must be UTF-8.
pub fn file(path: &Path) -> Result<String> {
    let name = format!("`{}`", quoted(&path.display().to_string()));
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    utf8(bytes, &name)
}

/// Everything on standard input, which must be UTF-8.
pub fn stdin() -> Result<String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    utf8(bytes, "standard input")
}

/// The byte order mark that may start a UTF-8 text.
pub const BOM: &[u8] = b"\xef\xbb\xbf";

/// `bytes` as text, without a leading byte order mark, or an input error
/// naming `what` and the first bad byte (its line and column counted after
/// the mark).
fn utf8(mut bytes: Vec<u8>, what: &str) -> Result<String> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let text = std::str::from_utf8(&err.as_bytes()[..valid]).unwrap_or_default();
        let (line, column) = location(text, valid);
        InputError::new(format!(
            "{what} is not UTF-8: invalid byte at {line}:{column}"
        ))
        .into()
    })
}
