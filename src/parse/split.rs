//! Cutting a program into statements, and measuring how deep each one nests.
//!
//! Statements end at `;` and at newlines outside parentheses and brackets
//! (inside, a newline is whitespace and a `;` is left for the grammar to reject);
//! `#` comments run to the end of the line. The grammar then parses one statement at a
//! time, so its memory stays proportional to one statement, not the program.
//!
//! The splitter also measures each statement's *nesting*: how deep the
//! recursive-descent parser and the Pratt walk will recurse. Each open
//! parenthesis is one level, and inside it each unary sign and each
//! right-grouping operator (`^`) whose operand is still open adds one more
//! (`-x^-y^z` nests four deep); a left-grouping operator (`+ - * /`, a
//! comparison), a `,` or an `=` closes those at its level. A statement deeper
//! than the parser allows is refused before any recursion starts.

use super::ast::{BinaryOp, Grouping, SourceSpan};
use super::cursor::Cursor;

/// One statement's text, located in the whole program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementText {
    /// Where the statement stands in the program (separators excluded).
    pub span: SourceSpan,
    /// The deepest nesting reached in it.
    pub depth: usize,
    /// Where that depth was first reached.
    pub deepest_at: usize,
}

/// The statements of `source[range]` that hold more than whitespace and
/// comments; spans are offsets in the whole `source`.
pub fn statements(source: &str, range: std::ops::Range<usize>) -> Splitter<'_> {
    Splitter {
        cursor: Cursor::new(source, range),
    }
}

/// Iterator over the statements of a program; see [`statements`].
pub struct Splitter<'s> {
    cursor: Cursor<'s>,
}

impl Iterator for Splitter<'_> {
    type Item = StatementText;

    fn next(&mut self) -> Option<StatementText> {
        while self.cursor.peek().is_some() {
            let statement = self.scan_one();
            if statement.span.start < statement.span.end {
                return Some(statement);
            }
        }
        None
    }
}

/// What the previous significant token allows the next `+`/`-` to be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    /// An operand ended: a sign is a binary operator.
    Operand,
    /// An operator, `(`, `,`, `=` or the start: a sign is unary.
    Operator,
}

impl Splitter<'_> {
    /// Scans up to and past the next separator; the span covers the
    /// statement's first to last significant byte (empty if there was none).
    fn scan_one(&mut self) -> StatementText {
        let mut nesting = Nesting::default();
        let (mut first, mut last) = (usize::MAX, 0);
        let mut after = After::Operator;
        while let Some(byte) = self.cursor.peek() {
            let at = self.cursor.pos;
            match byte {
                b';' | b'\n' if nesting.parens() == 0 => {
                    self.cursor.pos += 1;
                    break;
                }
                b'#' => {
                    self.cursor.skip_comment();
                    continue;
                }
                b' ' | b'\t' | b'\r' | b'\n' => {
                    self.cursor.pos += 1;
                    continue;
                }
                _ => {}
            }
            after = self.token(byte, after, &mut nesting);
            first = first.min(at);
            last = self.cursor.pos;
        }
        let span = if first == usize::MAX {
            0..0
        } else {
            first..last
        };
        StatementText {
            span,
            depth: nesting.deepest,
            deepest_at: nesting.deepest_at,
        }
    }

    /// Consumes one token starting with `byte` and updates the nesting.
    fn token(&mut self, byte: u8, after: After, nesting: &mut Nesting) -> After {
        if self.cursor.number().is_some() || self.cursor.identifier().is_some() {
            return After::Operand;
        }
        let at = self.cursor.pos;
        let after = match byte {
            b'(' | b'[' => {
                nesting.open(at);
                After::Operator
            }
            b')' | b']' => {
                nesting.close();
                After::Operand
            }
            b'+' | b'-' if after == After::Operator => {
                nesting.pending_operator(at);
                After::Operator
            }
            b',' | b'=' if BinaryOp::read(self.cursor.rest()).is_none() => {
                nesting.close_pending();
                After::Operator
            }
            _ => match BinaryOp::read(self.cursor.rest()) {
                Some((op, len)) => {
                    self.cursor.pos += len - 1;
                    match op.grouping() {
                        Grouping::Right => nesting.pending_operator(at),
                        Grouping::Left | Grouping::Never => nesting.close_pending(),
                    }
                    After::Operator
                }
                None => After::Operand,
            },
        };
        self.cursor.pos += 1;
        after
    }
}

/// Open parentheses, each with the unary signs and `^`s pending inside it.
struct Nesting {
    /// Pending operators per open level; the bottom entry is the statement.
    pending: Vec<usize>,
    /// Current depth: levels plus all pending operators.
    depth: usize,
    deepest: usize,
    deepest_at: usize,
}

impl Default for Nesting {
    fn default() -> Nesting {
        Nesting {
            pending: vec![0],
            depth: 0,
            deepest: 0,
            deepest_at: 0,
        }
    }
}

impl Nesting {
    fn parens(&self) -> usize {
        self.pending.len() - 1
    }

    fn top(&mut self) -> &mut usize {
        self.pending
            .last_mut()
            .expect("the statement level is never popped")
    }

    fn open(&mut self, at: usize) {
        self.pending.push(0);
        self.deeper(1, at);
    }

    fn close(&mut self) {
        if self.pending.len() > 1 {
            let pending = self.pending.pop().unwrap_or(0);
            self.depth -= pending + 1;
        }
    }

    fn pending_operator(&mut self, at: usize) {
        *self.top() += 1;
        self.deeper(1, at);
    }

    fn close_pending(&mut self) {
        let pending = std::mem::take(self.top());
        self.depth -= pending;
    }

    fn deeper(&mut self, by: usize, at: usize) {
        self.depth += by;
        if self.depth > self.deepest {
            self.deepest = self.depth;
            self.deepest_at = at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<&str> {
        statements(source, 0..source.len())
            .map(|s| &source[s.span])
            .collect()
    }

    fn depth(source: &str) -> usize {
        statements(source, 0..source.len())
            .map(|s| s.depth)
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn splits_at_semicolons_and_top_level_newlines() {
        assert_eq!(
            texts("c = a + b; d = b + 1\ne = c * d\n"),
            ["c = a + b", "d = b + 1", "e = c * d"]
        );
        assert_eq!(texts("y = (a\n+ b)\nz = y"), ["y = (a\n+ b)", "z = y"]);
    }

    #[test]
    fn skips_empty_statements_and_comments() {
        assert_eq!(texts(";; # only a comment\n\n x # trailing\n;"), ["x"]);
        assert!(texts("  \n\t # nothing\n").is_empty());
        assert_eq!(
            texts("f = (a # comment ) ;\n + b)"),
            ["f = (a # comment ) ;\n + b)"]
        );
    }

    #[test]
    fn measures_nesting_of_parentheses_signs_and_powers() {
        assert_eq!(depth("x"), 0);
        assert_eq!(depth("(x)"), 1);
        assert_eq!(depth("((((x))))"), 4);
        assert_eq!(depth("---x"), 3);
        assert_eq!(depth("x^x^x^x"), 3);
        assert_eq!(depth("-x^-y^z"), 4);
        assert_eq!(depth("a - b - c - d"), 0);
        assert_eq!(depth("-a*-b*-c"), 1);
        assert_eq!(depth("1e-3 - 2E+5"), 0);
        assert_eq!(depth("sin(-(x))"), 3);
        assert_eq!(depth("(-(-(x)))"), 5);
    }

    #[test]
    fn an_unbalanced_close_does_not_underflow() {
        assert_eq!(texts("a+b)) ; c"), ["a+b))", "c"]);
    }
}
