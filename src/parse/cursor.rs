//! The grammar's tokens read byte by byte: whitespace and comments (the
//! `gap` rule), names and numbers. The splitter and the fast path both read
//! through a [`Cursor`], so the tokens are spelled out once beside the
//! grammar.

use super::ast::SourceSpan;

/// A position in a program's bytes, reading up to `end`.
#[derive(Debug, Clone)]
pub(super) struct Cursor<'s> {
    bytes: &'s [u8],
    /// The next byte to read.
    pub pos: usize,
    end: usize,
}

impl<'s> Cursor<'s> {
    /// A cursor at `range.start` of `source`, reading up to `range.end`.
    pub fn new(source: &'s str, range: SourceSpan) -> Cursor<'s> {
        Cursor {
            bytes: source.as_bytes(),
            pos: range.start,
            end: range.end,
        }
    }

    /// The byte at the cursor, if any is left.
    pub fn peek(&self) -> Option<u8> {
        self.byte_at(self.pos)
    }

    /// The byte at `at`, if it is before the end.
    pub fn byte_at(&self, at: usize) -> Option<u8> {
        if at < self.end {
            Some(self.bytes[at])
        } else {
            None
        }
    }

    /// The bytes from the cursor to the end.
    pub fn rest(&self) -> &'s [u8] {
        &self.bytes[self.pos.min(self.end)..self.end]
    }

    /// Skips the bytes that `keep` accepts.
    pub fn skip_while(&mut self, keep: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
    }

    /// Skips a `#` comment up to (not past) the end of its line.
    pub fn skip_comment(&mut self) {
        self.skip_while(|b| b != b'\n');
    }

    /// Skips whitespace and comments: the grammar's `gap`.
    pub fn skip_gap(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'#' => self.skip_comment(),
                _ => return,
            }
        }
    }

    /// An identifier `[A-Za-z_][A-Za-z0-9_]*` at the cursor (the grammar's
    /// `name`), read past.
    pub fn identifier(&mut self) -> Option<SourceSpan> {
        let start = self.pos;
        if !self
            .peek()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        {
            return None;
        }
        self.skip_while(|b| b.is_ascii_alphanumeric() || b == b'_');
        Some(start..self.pos)
    }

    /// A literal of the grammar's `number` rule at the cursor (`2`, `2.5`,
    /// `.5`, `2.`, `1e-3`), read past; an exponent marker not followed by
    /// digits is left unread, as the grammar leaves it.
    pub fn number(&mut self) -> Option<SourceSpan> {
        let start = self.pos;
        let whole = self.digits();
        if self.peek() == Some(b'.') && self.byte_at(self.pos + 1) != Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 && whole == 0 {
                self.pos = start;
                return None;
            }
        } else if whole == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            let sign = matches!(self.byte_at(self.pos + 1), Some(b'+' | b'-'));
            let digit_at = self.pos + 1 + usize::from(sign);
            if self.byte_at(digit_at).is_some_and(|b| b.is_ascii_digit()) {
                self.pos = digit_at;
                self.digits();
            }
        }
        Some(start..self.pos)
    }

    /// Skips ASCII digits; returns how many.
    fn digits(&mut self) -> usize {
        let start = self.pos;
        self.skip_while(|b| b.is_ascii_digit());
        self.pos - start
    }
}

/// Whether `source[between]` — the text between an operand and the
/// operator after it — closes a group: holds a `)` outside comments.
pub(super) fn closes_group(source: &str, between: SourceSpan) -> bool {
    let mut cursor = Cursor::new(source, between);
    loop {
        cursor.skip_gap();
        match cursor.peek() {
            Some(b')') => return true,
            Some(_) => cursor.pos += 1,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<&str> {
        let mut cursor = Cursor::new(text, 0..text.len());
        cursor.number().map(|span| &text[span])
    }

    #[test]
    fn numbers_stop_where_the_grammar_stops() {
        for (text, read) in [
            ("2", Some("2")),
            ("2.5x", Some("2.5")),
            (".5", Some(".5")),
            ("2.", Some("2.")),
            ("1e-3", Some("1e-3")),
            ("6.02E+23", Some("6.02E+23")),
            ("1e", Some("1")),
            ("1e+", Some("1")),
            ("1.2.3", Some("1.2")),
            ("1..3", Some("1")),
            (".", None),
            (".e5", None),
            ("x", None),
        ] {
            assert_eq!(number(text), read, "{text}");
        }
    }

    #[test]
    fn gaps_are_whitespace_and_comments() {
        let text = "  # note ( ;\n\t x";
        let mut cursor = Cursor::new(text, 0..text.len());
        cursor.skip_gap();
        assert_eq!(cursor.identifier().map(|span| &text[span]), Some("x"));
    }
}
