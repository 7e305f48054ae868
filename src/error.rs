//! The two kinds of failure and the exit status each one means.
//!
//! Bad input — a usage error, a parse error, a variable that is unbound,
//! unknown or bound twice, paths over the limit — is an [`InputError`]
//! anywhere in the error chain and exits with status 2. Everything else
//! (I/O) exits with 1. A closed stdout is not a failure: the program stops
//! quietly with status 0.

use std::fmt;
use std::io;

use crate::parse::SourceError;

/// Bad input: the user can fix it by changing what they typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    message: String,
    /// The error in the program text this one is, if it is one.
    located: Option<Box<SourceError>>,
}

impl InputError {
    /// An input error with this message (lowercase, names in backticks).
    pub fn new(message: impl Into<String>) -> InputError {
        InputError {
            message: message.into(),
            located: None,
        }
    }

    /// The message (for an error in the program text: with its excerpt
    /// and caret).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The error in the program text this one is, if it is one.
    pub fn located(&self) -> Option<&SourceError> {
        self.located.as_deref()
    }

    /// The same error in a program read from the file `name`: an error in
    /// the program text names the file in its location (see
    /// [`SourceError::in_file`]); any other is left as it is.
    pub fn in_file(self, name: &str) -> InputError {
        match self.located {
            Some(located) => InputError::from(located.in_file(name)),
            None => self,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

impl From<SourceError> for InputError {
    fn from(err: SourceError) -> InputError {
        InputError {
            message: err.to_string(),
            located: Some(Box::new(err)),
        }
    }
}

/// Exit status for bad input.
pub const EXIT_INPUT: u8 = 2;
/// Exit status for any other failure.
pub const EXIT_FAILURE: u8 = 1;

/// What a failed run should exit with: `None` for a closed stdout (exit 0
/// without a message), else the status.
pub fn exit_status(err: &anyhow::Error) -> Option<u8> {
    let chain = || err.chain();
    if chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(is_broken_pipe)
    }) {
        None
    } else if chain().any(|cause| cause.is::<InputError>()) {
        Some(EXIT_INPUT)
    } else {
        Some(EXIT_FAILURE)
    }
}

fn is_broken_pipe(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn input_errors_anywhere_in_the_chain_exit_2() {
        let err = anyhow::Error::new(InputError::new("bad")).context("while reading");
        assert_eq!(exit_status(&err), Some(EXIT_INPUT));
    }

    #[test]
    fn other_failures_exit_1_and_a_closed_pipe_is_quiet() {
        let missing: anyhow::Result<()> = Err(io::Error::from(io::ErrorKind::NotFound).into());
        assert_eq!(
            exit_status(&missing.context("reading x").unwrap_err()),
            Some(EXIT_FAILURE)
        );
        let pipe = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(exit_status(&pipe), None);
    }
}
