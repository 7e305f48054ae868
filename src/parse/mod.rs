//! Text to syntax trees: the language of `grammar/dgraph.pest`.
//!
//! [`parse`] yields the program's statements in order, each as a flat
//! post-order [`Statement`]; they are parsed a batch at a time (in
//! parallel), so memory follows one batch, not the whole program. Every
//! error points into the text ([`SourceError`]).
//!
//! A statement is read by the fast path (`fast.rs`, one loop, no pest) when
//! it is valid; otherwise pest parses it to explain the error. The grammar
//! is the definition; a property test holds the two paths equal.
//!
//! Recursion is bounded: the splitter measures each statement's nesting
//! first. Up to [`MAX_NESTING`] levels parse (in pest, deep statements on a
//! thread whose stack is sized for them); deeper ones are refused with an
//! error that names the limit.

pub mod ast;
mod cursor;
mod diagnostic;
mod fast;
mod grammar;
mod hints;
mod split;
mod walk;

use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;
use rayon::prelude::*;

pub use ast::{
    is_identifier, is_reserved, BinaryOp, Expr, ExprId, ExprKind, ExprNode, Func, SourceSpan,
    Statement, PI_NAME,
};
pub use diagnostic::{location, SourceError};

use grammar::{DgraphParser, Rule};
use split::StatementText;

use crate::escape::quoted;

/// The deepest nesting a statement may have (parentheses, calls, unary signs
/// and chained `^`, see `split.rs`).
pub const MAX_NESTING: usize = 100_000;

/// Statements nesting deeper than this parse on a thread with a larger stack.
const INLINE_NESTING: usize = 256;

/// Stack reserved per level of nesting. Measured need for the worst shapes
/// (`sin(`, `(-`, `pow(1,` repeated): 1-2 KiB in release builds, 2-3 KiB in
/// debug builds; the stack is reserved, not touched, so the margin is cheap.
const STACK_PER_LEVEL: usize = 8 * 1024;

/// The statements of `source`, in order; empty statements are skipped.
pub fn parse(source: &str) -> impl Iterator<Item = Result<Statement<'_>, SourceError>> {
    parse_within(source, 0..source.len())
}

/// The statements of `source[range]` (one line of a larger text, say), with
/// spans and error locations in the whole `source`.
pub fn parse_within(source: &str, range: std::ops::Range<usize>) -> Statements<'_> {
    Statements {
        source,
        splitter: split::statements(source, range),
        ready: Vec::new().into_iter(),
    }
}

/// Statements parsed together; a batch this large is parsed on every core.
const BATCH: usize = 4096;

/// Batches smaller than this are parsed on the calling thread.
const PARALLEL_FROM: usize = 256;

/// The statements of a program, in order (see [`parse_within`]).
///
/// Statements are independent until they are built, so they are parsed a
/// batch at a time, in parallel, and handed out in order: memory follows
/// one batch, not the program.
pub struct Statements<'s> {
    source: &'s str,
    splitter: split::Splitter<'s>,
    ready: std::vec::IntoIter<Result<Statement<'s>, SourceError>>,
}

impl<'s> Iterator for Statements<'s> {
    type Item = Result<Statement<'s>, SourceError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(statement) = self.ready.next() {
            return Some(statement);
        }
        let texts: Vec<StatementText> = self.splitter.by_ref().take(BATCH).collect();
        let source = self.source;
        let parsed: Vec<_> = if texts.len() < PARALLEL_FROM {
            let mut scratch = fast::Scratch::default();
            texts
                .iter()
                .map(|text| parse_statement(source, text, &mut scratch))
                .collect()
        } else {
            texts
                .par_iter()
                .map_init(fast::Scratch::default, |scratch, text| {
                    parse_statement(source, text, scratch)
                })
                .collect()
        };
        self.ready = parsed.into_iter();
        self.ready.next()
    }
}

/// The value of a numeric literal written alone (`2`, `-1.5e-3`, `.5`, `2.`,
/// `+1e3`), with an optional sign; an error says why `text` is not one.
///
/// The literal must be the grammar's `number` rule from end to end (read by
/// the same `cursor::Cursor` as the fast path; a test checks it against
/// pest); Rust's `f64::from_str` then gives its value.
pub fn number(text: &str) -> Result<f64, &'static str> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut cursor = cursor::Cursor::new(digits, 0..digits.len());
    if cursor.number() != Some(0..digits.len()) {
        return Err("is not a decimal or scientific number");
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        Ok(_) => Err("is too large for a double"),
        Err(_) => Err("is not a decimal or scientific number"),
    }
}

/// Whether `text` is a literal of the grammar's `number` rule, with an
/// optional sign (what [`number`] must accept, overflow aside).
#[cfg(test)]
fn grammar_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    DgraphParser::parse(Rule::number, digits)
        .ok()
        .and_then(|mut pairs| pairs.next())
        .is_some_and(|pair| pair.as_str().len() == digits.len())
}

/// One statement: by the fast path when it reads it, else by pest (which
/// explains what is wrong).
fn parse_statement<'s>(
    source: &'s str,
    text: &StatementText,
    scratch: &mut fast::Scratch,
) -> Result<Statement<'s>, SourceError> {
    if text.depth > MAX_NESTING {
        let message = format!(
            "this statement nests {} levels deep; the limit is {MAX_NESTING}",
            text.depth
        );
        return Err(SourceError::new(
            source,
            text.deepest_at..text.deepest_at + 1,
            message,
        ));
    }
    if let Some(statement) = fast::statement(source, text.span.clone(), scratch) {
        return Ok(statement);
    }
    if text.depth <= INLINE_NESTING {
        return parse_text(source, text);
    }
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("dgraph-deep-parse".into())
            .stack_size(1024 * 1024 + text.depth * STACK_PER_LEVEL)
            .spawn_scoped(scope, || parse_text(source, text));
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(err) => Err(SourceError::new(
                source,
                text.deepest_at..text.deepest_at + 1,
                format!(
                    "could not reserve a stack for {} levels of nesting: {err}",
                    text.depth
                ),
            )),
        }
    })
}

fn parse_text<'s>(source: &'s str, text: &StatementText) -> Result<Statement<'s>, SourceError> {
    let offset = text.span.start;
    let mut pairs = DgraphParser::parse(Rule::statement, &source[text.span.clone()])
        .map_err(|err| syntax_error(source, text, err))?;
    let pair = pairs.next().expect("a parsed statement");
    walk::Walker::new(source, offset).statement(pair)
}

fn syntax_error(source: &str, text: &StatementText, err: pest::error::Error<Rule>) -> SourceError {
    let offset = text.span.start;
    let span = match err.location {
        InputLocation::Pos(at) => offset + at..offset + at,
        InputLocation::Span((start, end)) => offset + start..offset + end,
    };
    let message = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => grammar::expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let statement = &source[offset..text.span.end];
    let message = match source[span.start..text.span.end].chars().next() {
        Some(found) => format!(
            "{message}, found `{}`",
            quoted(found.encode_utf8(&mut [0; 4]))
        ),
        None => format!("{message}, found the end of the statement"),
    };
    let message = match hints::slip(statement, span.start - offset) {
        Some(hint) => format!("{message}; {hint}"),
        None => message,
    };
    let at_end = span.start >= text.span.end;
    let error = SourceError::new(source, span.clone(), message);
    // A bracket left open is the likely mistake at the end, or when the
    // error is on a later line than the bracket.
    let at = span.start - offset;
    match hints::unclosed(statement, at) {
        Some(open) if at_end || statement[open..at].contains('\n') => {
            error.unclosed_at(source, offset + open)
        }
        _ => error,
    }
}

#[cfg(test)]
mod tests;
