//! From pest's pairs to the flat syntax tree of one statement.
//!
//! The Pratt table groups each `expr` by precedence; this walk turns the
//! groups into [`ExprNode`]s in post-order and checks what the grammar
//! cannot: numbers that overflow a double, unknown functions, arity, and
//! function names used as variables.

use std::cell::RefCell;

use pest::iterators::{Pair, Pairs};

use super::ast::{self, Expr, ExprId, ExprKind, ExprNode, Func, SourceSpan, Statement, PI_NAME};
use super::cursor::closes_group;
use super::diagnostic::SourceError;
use super::grammar::{infix, Rule, PRATT};

type Walked = Result<ExprId, SourceError>;

/// Builds one statement's tree; spans are shifted by `offset` into the whole
/// program `source`.
pub(super) struct Walker<'s> {
    source: &'s str,
    offset: usize,
    nodes: RefCell<Vec<ExprNode<'s>>>,
}

impl<'s> Walker<'s> {
    pub(super) fn new(source: &'s str, offset: usize) -> Walker<'s> {
        Walker {
            source,
            offset,
            nodes: RefCell::new(Vec::new()),
        }
    }

    /// Walks the pair of rule `statement`.
    pub(super) fn statement(self, pair: Pair<'s, Rule>) -> Result<Statement<'s>, SourceError> {
        let body = pair.into_inner().next().expect("a statement has a body");
        let (target, expr) = match body.as_rule() {
            Rule::assignment => {
                let mut inner = body.into_inner();
                let name = inner.next().expect("an assignment has a name");
                let target = (name.as_str(), self.span(&name));
                (
                    Some(target),
                    inner.next().expect("an assignment has a value"),
                )
            }
            _ => (None, body),
        };
        let text = expr.as_str();
        self.expr(expr.into_inner())?;
        Ok(Statement {
            target,
            expr: Expr {
                nodes: self.nodes.into_inner(),
                text,
            },
        })
    }

    fn expr(&self, pairs: Pairs<'s, Rule>) -> Walked {
        PRATT
            .map_primary(|primary| self.primary(primary))
            .map_prefix(|op, operand| {
                let operand = operand?;
                if op.as_rule() == Rule::plus {
                    return Ok(operand);
                }
                let span = self.span(&op).start..self.end_of(operand);
                Ok(self.push(ExprKind::Neg(operand), span))
            })
            .map_infix(|lhs, pair, rhs| {
                let (lhs, rhs) = (lhs?, rhs?);
                let op =
                    infix(pair.as_rule()).expect("the Pratt parser's infix rules spell operators");
                if op.is_comparison() {
                    self.refuse_chain(lhs, &pair)?;
                }
                let span = self.start_of(lhs)..self.end_of(rhs);
                Ok(self.push(ExprKind::Binary(op, lhs, rhs), span))
            })
            .parse(pairs)
    }

    /// Refuses `a < b < c`: comparisons do not chain (grouping makes it
    /// explicit: `(a < b) < c`).
    fn refuse_chain(&self, lhs: ExprId, op: &Pair<'s, Rule>) -> Result<(), SourceError> {
        let node = &self.nodes.borrow()[lhs as usize];
        let ExprKind::Binary(first, ..) = node.kind else {
            return Ok(());
        };
        let at = self.span(op);
        if !first.is_comparison() || closes_group(self.source, node.span.end..at.start) {
            return Ok(());
        }
        let message = format!(
            "comparisons do not chain: `{}` follows `{}`; write `a < b` and `b < c` apart, or group one in parentheses",
            op.as_str(),
            first.symbol()
        );
        Err(self.error(at, message))
    }

    fn primary(&self, pair: Pair<'s, Rule>) -> Walked {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::number => Ok(self.push(ExprKind::Literal(self.number(&pair)?), span)),
            Rule::name => self.name(pair.as_str(), span),
            Rule::call => self.call(pair, span),
            _ => self.expr(pair.into_inner()),
        }
    }

    fn number(&self, pair: &Pair<'s, Rule>) -> Result<f64, SourceError> {
        match pair.as_str().parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(self.error(
                self.span(pair),
                format!("the number `{}` is too large for a double", pair.as_str()),
            )),
        }
    }

    fn name(&self, name: &'s str, span: SourceSpan) -> Walked {
        if name == PI_NAME {
            return Ok(self.push(ExprKind::Literal(std::f64::consts::PI), span));
        }
        if Func::from_name(name).is_some_and(Func::reserved) {
            let message = format!("`{name}` is a function: call it as `{name}(...)`");
            return Err(self.error(span, message));
        }
        Ok(self.push(ExprKind::Name(name), span))
    }

    fn call(&self, pair: Pair<'s, Rule>, span: SourceSpan) -> Walked {
        let mut inner = pair.into_inner();
        let name = inner.next().expect("a call has a name");
        let func = self.function(&name)?;
        let arguments: Vec<Pair<'s, Rule>> = inner
            .next()
            .expect("a call has arguments")
            .into_inner()
            .collect();
        if !func.accepts(arguments.len()) {
            return Err(self.error(span, arity_message(func, arguments.len())));
        }
        let ids = arguments
            .into_iter()
            .map(|argument| self.expr(argument.into_inner()))
            .collect::<Result<Vec<ExprId>, SourceError>>()?;
        Ok(ast::call(func, &ids, |kind| self.push(kind, span.clone())))
    }

    fn function(&self, name: &Pair<'s, Rule>) -> Result<Func, SourceError> {
        let text = name.as_str();
        Func::from_name(text).ok_or_else(|| {
            let lower = text.to_ascii_lowercase();
            let hint = match Func::from_name(&lower) {
                Some(func) => format!("; did you mean `{}`?", func.name()),
                None => format!("; the functions are {}", function_list()),
            };
            self.error(self.span(name), format!("unknown function `{text}`{hint}"))
        })
    }

    fn push(&self, kind: ExprKind<'s>, span: SourceSpan) -> ExprId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(ExprNode { kind, span });
        u32::try_from(nodes.len() - 1).expect("a statement has fewer than 2^32 nodes")
    }

    fn start_of(&self, id: ExprId) -> usize {
        self.nodes.borrow()[id as usize].span.start
    }

    fn end_of(&self, id: ExprId) -> usize {
        self.nodes.borrow()[id as usize].span.end
    }

    fn span(&self, pair: &Pair<'s, Rule>) -> SourceSpan {
        let span = pair.as_span();
        self.offset + span.start()..self.offset + span.end()
    }

    fn error(&self, span: SourceSpan, message: String) -> SourceError {
        SourceError::new(self.source, span, message)
    }
}

fn arity_message(func: Func, given: usize) -> String {
    let wanted = match (func.variadic(), func.arity()) {
        (true, _) => "at least 1 argument".to_string(),
        (false, 1) => "1 argument".to_string(),
        (false, n) => format!("{n} arguments"),
    };
    let given = match given {
        0 => "none was given".to_string(),
        1 => "1 was given".to_string(),
        n => format!("{n} were given"),
    };
    format!("`{}` takes {wanted}, but {given}", func.name())
}

fn function_list() -> String {
    let names: Vec<&str> = Func::ALL.iter().map(|f| f.name()).collect();
    names.join(" ")
}
