//! From pest's pairs to the flat syntax tree of one statement.
//!
//! The Pratt table groups each `expr` by precedence; this walk turns the
//! groups into [`ExprNode`]s in post-order and checks what the grammar
//! cannot: numbers that overflow a double, unknown functions, arity, and
//! function names used as variables.

use std::cell::RefCell;

use pest::iterators::{Pair, Pairs};

use super::ast::{
    self, is_reserved, Expr, ExprId, ExprKind, ExprNode, Func, Loop, Reducer, SourceSpan,
    Statement, PI_NAME,
};
use super::cursor::closes_group;
use super::diagnostic::SourceError;
use super::grammar::{infix, Rule, PRATT};
use crate::escape::quoted;

type Walked = Result<ExprId, SourceError>;

/// Builds one statement's tree; spans are shifted by `offset` into the whole
/// program `source`.
pub(super) struct Walker<'s> {
    source: &'s str,
    offset: usize,
    nodes: RefCell<Vec<ExprNode<'s>>>,
    arguments: RefCell<Vec<ExprId>>,
    /// In a definition's body: the function's name and its parameters.
    defining: Option<(&'s str, Vec<&'s str>)>,
    /// The loop variables in scope, outermost first.
    scope: RefCell<Vec<&'s str>>,
}

/// The deepest that `for`, `sum` and `prod` may nest.
pub const MAX_LOOPS: usize = 64;

impl<'s> Walker<'s> {
    pub(super) fn new(source: &'s str, offset: usize) -> Walker<'s> {
        Walker {
            source,
            offset,
            nodes: RefCell::new(Vec::new()),
            arguments: RefCell::new(Vec::new()),
            defining: None,
            scope: RefCell::new(Vec::new()),
        }
    }

    /// Walks the pair of rule `statement`.
    pub(super) fn statement(mut self, pair: Pair<'s, Rule>) -> Result<Statement<'s>, SourceError> {
        let mut body = pair.into_inner().next().expect("a statement has a body");
        let mut loops = Vec::new();
        while body.as_rule() == Rule::repeat {
            let mut inner = body.into_inner();
            let var = inner.next().expect("a loop has a variable");
            let range = inner.next().expect("a loop has a range");
            let span = self.span(&range);
            let (from, to) = self.range(range)?;
            self.enter(&var)?;
            loops.push(Loop {
                span,
                var: var.as_str(),
                from,
                to,
            });
            body = inner.next().expect("a loop has a statement");
        }
        let rule = body.as_rule();
        let (mut target, mut target_indices, mut parameters) = (None, Vec::new(), None);
        let expr = match rule {
            Rule::assignment | Rule::definition => {
                let mut inner = body.into_inner();
                let mut name = inner.next().expect("a statement's target has a name");
                if name.as_rule() == Rule::indexed {
                    let mut parts = name.into_inner();
                    name = parts.next().expect("an indexed name has a name");
                    target_indices = parts
                        .map(|index| self.sub_expr(index))
                        .collect::<Result<_, _>>()?;
                }
                target = Some((name.as_str(), self.span(&name)));
                if rule == Rule::definition {
                    parameters = Some(self.parameters(name.as_str(), inner.next())?);
                }
                inner.next().expect("a statement's target has a value")
            }
            _ => body,
        };
        let expr = self.sub_expr(expr)?;
        Ok(Statement {
            target,
            parameters,
            target_indices,
            loops,
            expr,
        })
    }

    /// An expression of its own (a loop's bound, a target's index, the
    /// statement's value), walked in the current scope.
    fn sub_expr(&self, pair: Pair<'s, Rule>) -> Result<Expr<'s>, SourceError> {
        let (nodes, arguments) = (self.nodes.take(), self.arguments.take());
        let text = pair.as_str();
        let walked = self.expr(pair.into_inner());
        let expr = Expr {
            nodes: self.nodes.replace(nodes),
            arguments: self.arguments.replace(arguments),
            text,
        };
        walked.map(|_| expr)
    }

    /// The bounds `from..to` of a loop, each an expression of its own.
    fn range(&self, pair: Pair<'s, Rule>) -> Result<(Expr<'s>, Expr<'s>), SourceError> {
        let mut bounds = pair.into_inner();
        let from = self.sub_expr(bounds.next().expect("a range has a start"))?;
        let to = self.sub_expr(bounds.next().expect("a range has an end"))?;
        Ok((from, to))
    }

    /// Brings the loop variable `var` into scope.
    fn enter(&self, var: &Pair<'s, Rule>) -> Result<(), SourceError> {
        let name = var.as_str();
        let mut scope = self.scope.borrow_mut();
        let why = if is_reserved(name) || Func::from_name(name).is_some() {
            Some(format!(
                "`{name}` is reserved and cannot be a loop variable"
            ))
        } else if scope.contains(&name) {
            Some(format!(
                "`{}` is already a loop variable here",
                quoted(name)
            ))
        } else if scope.len() >= MAX_LOOPS {
            Some(format!("loops nest more than {MAX_LOOPS} deep"))
        } else {
            None
        };
        match why {
            Some(message) => Err(self.error(self.span(var), message)),
            None => {
                scope.push(name);
                Ok(())
            }
        }
    }

    /// `sum(i = from..to, body)` or `prod(...)`: the bounds, then the body
    /// with `i` in scope, then the reduction.
    fn reduction(&self, pair: Pair<'s, Rule>, span: SourceSpan) -> Walked {
        let mut inner = pair.into_inner();
        let reducer = match inner.next().expect("a reduction has a reducer").as_str() {
            "sum" => Reducer::Sum,
            _ => Reducer::Prod,
        };
        let var = inner.next().expect("a reduction has a variable");
        let mut bounds = inner.next().expect("a reduction has a range").into_inner();
        let from = self.expr(bounds.next().expect("a range has a start").into_inner())?;
        let to = self.expr(bounds.next().expect("a range has an end").into_inner())?;
        self.enter(&var)?;
        let body_start = self.nodes.borrow().len() as ExprId;
        let body = self.expr(inner.next().expect("a reduction has a body").into_inner());
        self.scope.borrow_mut().pop();
        body?;
        Ok(self.push(ExprKind::Reduce(reducer, from, to, body_start), span))
    }

    /// `x[i, j]`: a name and its indices.
    fn indexed(&self, pair: Pair<'s, Rule>, span: SourceSpan) -> Walked {
        let mut inner = pair.into_inner();
        let name = inner.next().expect("an indexed name has a name");
        let text = name.as_str();
        if let Some((function, _)) = &self.defining {
            let message = format!(
                "`{}[...]` is not a parameter of `{}`: a definition's body may use its parameters, numbers, `pi` and functions",
                quoted(text),
                quoted(function)
            );
            return Err(self.error(span, message));
        }
        if is_reserved(text) || Func::from_name(text).is_some() {
            let message = format!("`{text}` is reserved and cannot carry indices");
            return Err(self.error(self.span(&name), message));
        }
        let ids = inner
            .map(|index| self.expr(index.into_inner()))
            .collect::<Result<Vec<ExprId>, SourceError>>()?;
        let at = Expr::push_list(&mut self.arguments.borrow_mut(), &ids);
        Ok(self.push(ExprKind::Indexed(text, at), span))
    }

    /// The parameters of the definition of `name`, each named once; the body
    /// is walked with them in scope.
    fn parameters(
        &mut self,
        name: &'s str,
        pair: Option<Pair<'s, Rule>>,
    ) -> Result<Vec<(&'s str, SourceSpan)>, SourceError> {
        let pair = pair.expect("a definition has parameters");
        let mut parameters: Vec<(&'s str, SourceSpan)> = Vec::new();
        for parameter in pair.into_inner() {
            let (text, span) = (parameter.as_str(), self.span(&parameter));
            if parameters.iter().any(|(p, _)| *p == text) {
                let message = format!(
                    "`{}` is a parameter of `{}` twice",
                    quoted(text),
                    quoted(name)
                );
                return Err(self.error(span, message));
            }
            if is_reserved(text) {
                let message = format!("`{text}` is reserved and cannot be a parameter");
                return Err(self.error(span, message));
            }
            parameters.push((text, span));
        }
        self.defining = Some((name, parameters.iter().map(|(p, _)| *p).collect()));
        Ok(parameters)
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
            Rule::indexed => self.indexed(pair, span),
            Rule::reduction => self.reduction(pair, span),
            _ => self.expr(pair.into_inner()),
        }
    }

    fn number(&self, pair: &Pair<'s, Rule>) -> Result<f64, SourceError> {
        match pair.as_str().parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(self.error(
                self.span(pair),
                format!(
                    "the number `{}` is too large for a double",
                    quoted(pair.as_str())
                ),
            )),
        }
    }

    fn name(&self, name: &'s str, span: SourceSpan) -> Walked {
        if name == PI_NAME {
            return Ok(self.push(ExprKind::Literal(std::f64::consts::PI), span));
        }
        if let Some(level) = self.scope.borrow().iter().rposition(|var| *var == name) {
            return Ok(self.push(ExprKind::Index(level as u32), span));
        }
        if let Some((function, parameters)) = &self.defining {
            return match parameters.iter().position(|p| *p == name) {
                Some(k) => Ok(self.push(ExprKind::Param(k as u32), span)),
                None => {
                    let message = format!(
                        "`{}` is not a parameter of `{}`: a definition's body may use its parameters, numbers, `pi` and functions",
                        quoted(name),
                        quoted(function)
                    );
                    Err(self.error(span, message))
                }
            };
        }
        if Func::from_name(name).is_some_and(Func::reserved) {
            let message = format!("`{name}` is a function: call it as `{name}(...)`");
            return Err(self.error(span, message));
        }
        Ok(self.push(ExprKind::Name(name), span))
    }

    /// A call of a built-in function, or of a function the program
    /// defines (whether it does is the resolver's to say).
    fn call(&self, pair: Pair<'s, Rule>, span: SourceSpan) -> Walked {
        let mut inner = pair.into_inner();
        let name = inner.next().expect("a call has a name");
        let func = Func::from_name(name.as_str());
        if func.is_none() {
            self.not_a_misspelt_function(&name)?;
        }
        let arguments: Vec<Pair<'s, Rule>> = inner
            .next()
            .expect("a call has arguments")
            .into_inner()
            .collect();
        if let Some(func) = func.filter(|func| !func.accepts(arguments.len())) {
            return Err(self.error(span, arity_message(func, arguments.len())));
        }
        let ids = arguments
            .into_iter()
            .map(|argument| self.expr(argument.into_inner()))
            .collect::<Result<Vec<ExprId>, SourceError>>()?;
        let Some(func) = func else {
            let at = Expr::push_list(&mut self.arguments.borrow_mut(), &ids);
            return Ok(self.push(ExprKind::Apply(name.as_str(), at), span));
        };
        Ok(ast::call(func, &ids, |kind| self.push(kind, span.clone())))
    }

    /// Refuses a call of `EXP(x)`: a built-in function spelt in capitals.
    fn not_a_misspelt_function(&self, name: &Pair<'s, Rule>) -> Result<(), SourceError> {
        let text = name.as_str();
        match Func::from_name(&text.to_ascii_lowercase()) {
            Some(func) => {
                let message = format!(
                    "unknown function `{}`; did you mean `{}`?",
                    quoted(text),
                    func.name()
                );
                Err(self.error(self.span(name), message))
            }
            None => Ok(()),
        }
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
