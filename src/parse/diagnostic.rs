//! Errors that point into the program text.
//!
//! Syntax errors (from pest) and semantic errors (unknown function, name
//! assigned twice, ...) share this one type, so every error about the program
//! looks the same: a message, the 1-based line and column (counted in
//! characters), the source line and a caret under the spot.
//!
//! ```text
//! error: expected an operand: a number, a name, a call or `(`
//!  --> 1:4
//!   |
//! 1 | a +* b
//!   |    ^
//! ```

use std::fmt;

use super::ast::SourceSpan;
use crate::escape::{push_shown, quoted, shown_width};

/// Most columns of a source line shown around the error spot.
const LINE_WINDOW: usize = 100;

/// An error located in the program text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    message: String,
    /// The file the program came from, when it came from one.
    file: Option<Box<str>>,
    line: usize,
    column: usize,
    excerpt: String,
    caret: String,
    /// A bracket left open before the spot: it, and its line and column
    /// (boxed: rare, and the error stays small).
    unclosed: Option<Box<(char, usize, usize)>>,
}

impl SourceError {
    /// An error about `source[span]`; an empty span points between characters.
    pub fn new(source: &str, span: SourceSpan, message: impl Into<String>) -> SourceError {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        let before: Vec<char> = line_text[..(start - line_start).min(line_text.len())]
            .chars()
            .collect();
        let marked = source[start..end.min(line_end).max(start)]
            .chars()
            .count()
            .max(1);
        let (excerpt, caret) = excerpt_and_caret(line_text, &before, marked);
        SourceError {
            message: message.into(),
            file: None,
            line: source[..line_start].matches('\n').count() + 1,
            column: before.len() + 1,
            excerpt,
            caret,
            unclosed: None,
        }
    }

    /// The same error in a source that starts `lines` lines into a larger
    /// input (one line of `--lines`): its line is counted from there.
    pub fn below(mut self, lines: usize) -> SourceError {
        self.line += lines;
        if let Some(unclosed) = &mut self.unclosed {
            unclosed.1 += lines;
        }
        self
    }

    /// The same error in a program read from the file `name` (shown as
    /// given, its control characters escaped): the location names it,
    /// `--> model.dg:3:5`, as compilers write it for editors to jump to.
    pub fn in_file(mut self, name: &str) -> SourceError {
        self.file = Some(quoted(name).into_owned().into_boxed_str());
        self
    }

    /// The same error, noting that the bracket at byte `at` of `source`
    /// was opened and not closed.
    pub fn unclosed_at(mut self, source: &str, at: usize) -> SourceError {
        let (line, column) = location(source, at);
        let bracket = source[at..].chars().next().unwrap_or('(');
        self.unclosed = Some(Box::new((bracket, line, column)));
        self
    }

    /// The message alone, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// 1-based line of the error spot.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the error spot, in characters.
    pub fn column(&self) -> usize {
        self.column
    }
}

/// The shown part of the line and the caret line under it. Control
/// characters are shown escaped ([`crate::escape`]), and the caret moves
/// right by every column an escape before the spot adds; tabs before the
/// spot are copied into the caret line so the caret stays aligned. A long
/// line is cut to a window of at most [`LINE_WINDOW`] shown columns around
/// the spot, marked with `...`.
fn excerpt_and_caret(line: &str, before: &[char], marked: usize) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let column = before.len();
    let (first, last) = window(&chars, column);
    let mut excerpt = String::new();
    let mut caret = String::new();
    if first > 0 {
        excerpt.push_str("...");
        caret.push_str("   ");
    }
    for &c in &chars[first..last] {
        match c {
            '\t' => excerpt.push('\t'),
            c => push_shown(&mut excerpt, c),
        }
    }
    if last < chars.len() {
        excerpt.push_str("...");
    }
    for &c in &before[first..] {
        match c {
            '\t' => caret.push('\t'),
            c => caret.extend(std::iter::repeat_n(' ', shown_width(c))),
        }
    }
    let under = &chars[column.min(last)..(column + marked).min(last)];
    let width = under.iter().map(|&c| width(c)).sum::<usize>().max(1);
    caret.push_str(&"^".repeat(width));
    (excerpt, caret)
}

/// Shown columns of `c` in an excerpt (a tab is kept as it is).
fn width(c: char) -> usize {
    match c {
        '\t' => 1,
        c => shown_width(c),
    }
}

/// The characters `first..last` of the line shown around the spot at
/// `column`: at most half the window before it, the window in all, and
/// never ending before the spot.
fn window(chars: &[char], column: usize) -> (usize, usize) {
    let mut first = column;
    let mut shown = 0;
    while first > 0 && shown + width(chars[first - 1]) <= LINE_WINDOW / 2 {
        first -= 1;
        shown += width(chars[first]);
    }
    let mut last = first;
    shown = 0;
    while last < chars.len() && shown + width(chars[last]) <= LINE_WINDOW {
        shown += width(chars[last]);
        last += 1;
    }
    (first, last.max(column))
}

/// The 1-based line and column (in characters) of byte `offset` in `source`.
pub fn location(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[..line_start].matches('\n').count() + 1;
    (line, source[line_start..offset].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        let file = self
            .file
            .as_deref()
            .map_or(String::new(), |f| format!("{f}:"));
        writeln!(f, "{}", self.message)?;
        writeln!(f, "{gutter}--> {file}{}:{}", self.line, self.column)?;
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{number} | {}", self.excerpt)?;
        write!(f, "{gutter} | {}", self.caret)?;
        if let Some(&(bracket, line, column)) = self.unclosed.as_deref() {
            write!(
                f,
                "\n{gutter} = note: the `{bracket}` opened at {file}{line}:{column} is not closed"
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for SourceError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_line_and_column_in_characters() {
        let err = SourceError::new("c = a\né + (x", 9..9, "expected a name");
        assert_eq!((err.line(), err.column()), (2, 3));
        assert_eq!(
            err.to_string(),
            "expected a name\n --> 2:3\n  |\n2 | é + (x\n  |   ^"
        );
    }

    #[test]
    fn underlines_a_span_and_keeps_tabs_aligned() {
        let err = SourceError::new("\tsin(x, y)", 1..10, "`sin` takes 1 argument");
        assert!(err
            .to_string()
            .ends_with("1 | \tsin(x, y)\n  | \t^^^^^^^^^"));
    }

    #[test]
    fn escapes_control_characters_and_moves_the_caret_past_them() {
        let err = SourceError::new("\u{1b}[2J\u{7}\t+ ?", 8..9, "unexpected `?`");
        assert_eq!(err.column(), 9);
        assert_eq!(
            err.to_string(),
            "unexpected `?`\n --> 1:9\n  |\n1 | \\u{1b}[2J\\u{7}\t+ ?\n  |               \t  ^"
        );
        let wide = format!("{}@", "\u{1b}".repeat(500));
        let shown = SourceError::new(&wide, 500..501, "unexpected `@`").to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[3].starts_with("1 | ...\\u{1b}") && lines[3].len() < 120);
        assert_eq!(lines[3].find('@'), lines[4].find('^'));
    }

    #[test]
    fn cuts_long_lines_around_the_spot() {
        let source = format!("{}@{}", "x+".repeat(500), "y+".repeat(500));
        let err = SourceError::new(&source, 1000..1001, "unexpected `@`");
        assert_eq!(err.column(), 1001);
        let shown = err.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert!(
            lines[3].len() < 120 && lines[3].starts_with("1 | ...") && lines[3].ends_with("...")
        );
        let caret_at = lines[4].find('^').unwrap();
        assert_eq!(&lines[3][caret_at..caret_at + 1], "@");
    }
}
