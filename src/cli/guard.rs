//! A panic while drawing becomes an ordinary error (exit 1, one line on
//! standard error) instead of a crash with a backtrace (exit 101).
//!
//! Drawing runs dgraph's own layout, which is written not to panic and is
//! stress-tested at the node limit; this is the boundary that keeps it so
//! for the user should a bug slip through. [`install_hook`] (called once,
//! by the process) keeps the default panic hook but silences it while
//! [`quietly`] runs, on that thread only: tests that call [`super::run`]
//! in-process leave the global hook alone.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

use anyhow::{anyhow, Result};

thread_local! {
    /// Whether this thread is inside [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs a panic hook that says nothing inside [`quietly`] and does what
/// the previous hook did everywhere else.
pub fn install_hook() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !QUIET.get() {
            previous(info);
        }
    }));
}

/// Runs `work`; a panic inside it becomes an error saying that `what`
/// failed, with the panic's message.
pub fn quietly<T>(what: &str, work: impl FnOnce() -> T) -> Result<T> {
    let was = QUIET.replace(true);
    let outcome = panic::catch_unwind(AssertUnwindSafe(work));
    QUIET.set(was);
    outcome.map_err(|payload| {
        anyhow!(
            "{what} failed: {} (a bug in dgraph: please report it with the command that caused it)",
            message(payload.as_ref())
        )
    })
}

/// The text a panic was raised with, when it has one.
fn message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let error = quietly("drawing", || panic!("layers {} and {}", 1, 2)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "drawing failed: layers 1 and 2 (a bug in dgraph: please report it with the command that caused it)"
        );
        assert!(quietly("drawing", || panic!("static")).is_err());
        assert_eq!(quietly("drawing", || 7).unwrap(), 7);
        assert!(!QUIET.get());
    }
}
