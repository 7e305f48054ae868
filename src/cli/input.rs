//! Input read a line at a time in bounded memory (`--lines`, `--points`).
//!
//! A line longer than [`MAX_LINE`] is refused after reading just past the
//! limit — never held whole, so `/dev/zero` or a gigabyte line costs a few
//! megabytes. Bytes are handed out as they are: a line that is not UTF-8
//! is that line's problem, for the caller to report (see [`text`]). A
//! UTF-8 byte order mark at the start of the first line is skipped.

use std::io::{BufRead, Read};

use anyhow::{Context, Result};

use super::read::BOM;
use crate::error::InputError;

/// The longest line read, in bytes, without its line ending: 4 MiB.
pub const MAX_LINE: usize = 4 << 20;

/// Lines of a reader, numbered from 1.
pub struct LineReader<R> {
    reader: R,
    /// How the input is called in messages.
    name: String,
    /// The number of the last line read.
    line: usize,
    /// Bytes read so far, line endings included.
    bytes: u64,
}

impl<R: BufRead> LineReader<R> {
    /// Lines of `reader`, called `name` in messages.
    pub fn new(reader: R, name: impl Into<String>) -> LineReader<R> {
        LineReader {
            reader,
            name: name.into(),
            line: 0,
            bytes: 0,
        }
    }

    /// Appends the next line to `buffer`, without its line ending (`\n`,
    /// and any `\r` before it) or, on the first line, a byte order mark,
    /// and returns its number; `None` at the end.
    ///
    /// A line longer than [`MAX_LINE`] is an [`InputError`] naming it and
    /// the limit, and leaves `buffer` as it was; a failed read is an I/O
    /// error.
    pub fn read_line(&mut self, buffer: &mut Vec<u8>) -> Result<Option<usize>> {
        let start = buffer.len();
        let read = (&mut self.reader)
            .take(MAX_LINE as u64 + 2)
            .read_until(b'\n', buffer)
            .with_context(|| format!("cannot read {}", self.name))?;
        if read == 0 {
            return Ok(None);
        }
        self.line += 1;
        self.bytes += read as u64;
        if self.line == 1 && buffer[start..].starts_with(BOM) {
            buffer.drain(start..start + BOM.len());
        }
        let text = buffer[start..]
            .strip_suffix(b"\n")
            .unwrap_or(&buffer[start..]);
        let length = text.len() - text.iter().rev().take_while(|&&b| b == b'\r').count();
        if length > MAX_LINE {
            buffer.truncate(start);
            return Err(InputError::new(format!(
                "{}: line {} is longer than {} MiB ({MAX_LINE} bytes), the longest line dgraph reads",
                self.name,
                self.line,
                MAX_LINE >> 20
            ))
            .into());
        }
        buffer.truncate(start + length);
        Ok(Some(self.line))
    }

    /// How the input is called in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// `line` as text, or why it is not: `not UTF-8: invalid byte at column C`
/// (counted in characters).
pub fn text(line: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(line).map_err(|err| {
        let valid = std::str::from_utf8(&line[..err.valid_up_to()]).unwrap_or_default();
        let column = valid.chars().count() + 1;
        format!("not UTF-8: invalid byte at column {column}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<Result<(usize, Vec<u8>), String>> {
        let mut reader = LineReader::new(input, "input");
        let mut out = Vec::new();
        loop {
            let mut buffer = b"kept".to_vec();
            match reader.read_line(&mut buffer) {
                Ok(Some(n)) => out.push(Ok((n, buffer[4..].to_vec()))),
                Ok(None) => return out,
                Err(err) => {
                    assert_eq!(buffer, b"kept");
                    out.push(Err(err.to_string()));
                    return out;
                }
            }
        }
    }

    #[test]
    fn lines_lose_their_endings_and_keep_everything_else() {
        let got = lines(b"a\r\n\nb\xff\rc\nlast");
        let want: Vec<(usize, &[u8])> = vec![(1, b"a"), (2, b""), (3, b"b\xff\rc"), (4, b"last")];
        let want: Vec<_> = want.into_iter().map(|(n, l)| Ok((n, l.to_vec()))).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_line_at_the_limit_is_read_and_one_past_it_refused() {
        let mut input = vec![b'x'; MAX_LINE];
        input.extend_from_slice(b"\r\n");
        input.extend(vec![b'y'; MAX_LINE + 1]);
        input.extend_from_slice(b"\nnever read\n");
        let got = lines(&input);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].as_ref().map(|(n, l)| (*n, l.len())),
            Ok((1, MAX_LINE))
        );
        assert_eq!(
            got[1],
            Err(
                "input: line 2 is longer than 4 MiB (4194304 bytes), the longest line dgraph reads"
                    .to_string()
            )
        );
    }

    #[test]
    fn text_names_the_column_of_the_first_bad_byte() {
        assert_eq!(text(b"x + 1"), Ok("x + 1"));
        assert_eq!(
            text(b"\xc3\xa9\x1bx\x80\xff"),
            Err("not UTF-8: invalid byte at column 4".to_string())
        );
    }
}
