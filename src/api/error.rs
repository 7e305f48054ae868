//! The library's one error type.

use std::fmt;

use crate::error::InputError;
use crate::modes::budget::{OverBudget, Refused};

/// Why a program could not be parsed, bound or differentiated: the message
/// the command line would print, and where in the program text the fault
/// is, when it is in the text.
///
/// ```
/// let err = dgraph::Program::parse("e = (a + b * 2").unwrap_err();
/// assert_eq!(err.location(), Some(dgraph::Location { line: 1, column: 15 }));
/// assert!(err.to_string().contains("--> 1:15"));
/// assert!(err.to_string().contains("the `(` opened at 1:5 is not closed"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    inner: InputError,
}

/// A place in the program text: line and column, both from 1 (columns
/// count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub column: usize,
}

impl Error {
    /// The message alone, without the excerpt of the program and its
    /// caret.
    ///
    /// ```
    /// let program = dgraph::Program::parse("y = x^2").unwrap();
    /// let err = program.at(&[("z", 1.0)]).unwrap_err();
    /// assert_eq!(err.message(), "`x` is used but not set; give it a value with (\"x\", VALUE) in Program::at");
    /// ```
    pub fn message(&self) -> &str {
        match self.inner.located() {
            Some(located) => located.message(),
            None => self.inner.message(),
        }
    }

    /// Where in the program text the fault is, if it is in the text.
    ///
    /// ```
    /// let err = dgraph::Program::parse("a = 1\nb = a +").unwrap_err();
    /// assert_eq!(err.location().map(|at| at.line), Some(2));
    /// ```
    pub fn location(&self) -> Option<Location> {
        let located = self.inner.located()?;
        Some(Location {
            line: located.line(),
            column: located.column(),
        })
    }

    /// An error with `message` and no place in the text.
    pub(super) fn new(message: impl Into<String>) -> Error {
        Error {
            inner: InputError::new(message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.fmt(f)
    }
}

impl std::error::Error for Error {}

impl From<InputError> for Error {
    fn from(inner: InputError) -> Error {
        Error { inner }
    }
}

impl From<crate::parse::SourceError> for Error {
    fn from(err: crate::parse::SourceError) -> Error {
        Error::from(InputError::from(err))
    }
}

impl From<Refused> for Error {
    fn from(refused: Refused) -> Error {
        Error::from(InputError::from(refused))
    }
}

impl From<OverBudget> for Error {
    fn from(over: OverBudget) -> Error {
        Error::from(InputError::from(over))
    }
}
