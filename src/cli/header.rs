//! The header line of a stream of rows, held back until the first row.

use std::io::{self, Write};

/// A header line written just before the first row (or at a clean end with
/// no rows), so that a run stopped by its first line or row leaves standard
/// output empty, as every failure does.
#[derive(Debug)]
pub(super) struct PendingHeader(Option<String>);

impl PendingHeader {
    /// `header`, or nothing to write (`--no-header`).
    pub fn new(header: Option<String>) -> PendingHeader {
        PendingHeader(header)
    }

    /// Writes the header unless it was written already.
    pub fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.0.take() {
            Some(header) => out.write_all(header.as_bytes()),
            None => Ok(()),
        }
    }
}
