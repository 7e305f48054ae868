//! From statements to the graph: hash-consing, literal folding and names.
//!
//! Statements are built in order as the parser yields them. Each expression
//! node becomes a [`Value`]: a literal stays a constant, an operation on
//! constants alone is folded to a constant, and any other operation becomes a
//! graph node — the same node as an identical earlier one (same operation,
//! same operand nodes, same constants bit for bit), so shared subexpressions
//! are one node reached by several edges.

use super::intern::Interner;
use super::names::Names;
use super::{Graph, NodeId, Op, Operand};
use crate::parse::{
    self, is_reserved, location, Expr, ExprId, ExprKind, SourceError, SourceSpan, Statement,
};

/// What an expression or a name stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A node of the graph.
    Node(NodeId),
    /// A constant (no node).
    Const(f64),
}

impl Value {
    /// The node, when the value is one.
    pub fn node(self) -> Option<NodeId> {
        match self {
            Value::Node(id) => Some(id),
            Value::Const(_) => None,
        }
    }

    /// The operand slot holding this value.
    pub fn operand(self) -> Operand {
        match self {
            Value::Node(id) => Operand::Node(id),
            Value::Const(c) => Operand::Const(c),
        }
    }
}

impl From<Operand> for Value {
    fn from(operand: Operand) -> Value {
        match operand {
            Operand::Node(id) => Value::Node(id),
            Operand::Const(c) => Value::Const(c),
        }
    }
}

/// An output of the program: what it is and what to call it.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The name it was asked for or assigned to, if any.
    pub name: Option<String>,
    /// Its value.
    pub value: Value,
    /// The expression as written (to name an unnamed constant).
    pub text: String,
}

/// A built program: the graph, the names bound in it, and its last statement.
#[derive(Debug)]
pub struct Program<'s> {
    /// The program text.
    pub source: &'s str,
    /// The computational graph.
    pub graph: Graph,
    /// The last statement: the default output.
    pub last: Output,
    names: Names<'s>,
}

/// What a name is bound to, and the offset in the program where it first
/// stands (the name's own span starts there).
#[derive(Debug, Clone, Copy)]
pub(super) enum Binding {
    /// An input variable, and where it was first used.
    Input(NodeId, usize),
    /// An assigned name, and where it was assigned.
    Assigned(Value, usize),
}

impl Binding {
    /// The value the name stands for.
    fn value(&self) -> Value {
        match *self {
            Binding::Input(id, _) => Value::Node(id),
            Binding::Assigned(value, _) => value,
        }
    }
}

impl<'s> Program<'s> {
    /// The output called `name` (`--of`): an assigned name or an input.
    pub fn output(&self, name: &str) -> Option<Output> {
        let value = self.names.get(name)?.value();
        Some(Output {
            name: Some(name.to_string()),
            value,
            text: name.to_string(),
        })
    }

    /// The input variable called `name`, if there is one.
    pub fn input(&self, name: &str) -> Option<NodeId> {
        match self.names.get(name)? {
            Binding::Input(id, _) => Some(*id),
            Binding::Assigned(..) => None,
        }
    }

    /// What `name` is bound to, if anything.
    pub(super) fn binding(&self, name: &str) -> Option<&Binding> {
        self.names.get(name)
    }
}

/// Builds the program `source`, statement by statement.
pub fn build(source: &str) -> Result<Program<'_>, SourceError> {
    build_within(source, 0..source.len())
}

/// Builds the program `source[range]`; error locations and spans refer to
/// the whole `source` (so line numbers are right for one line of many).
pub fn build_within(
    source: &str,
    range: std::ops::Range<usize>,
) -> Result<Program<'_>, SourceError> {
    let start = range.start;
    let mut builder = Builder {
        source,
        ..Builder::default()
    };
    let mut last = None;
    let mut statements = parse::parse_within(source, range);
    let mut batch = Vec::with_capacity(LOOK_AHEAD);
    loop {
        batch.extend(statements.by_ref().take(LOOK_AHEAD));
        if batch.is_empty() {
            break;
        }
        builder.look_ahead(&batch);
        for statement in batch.drain(..) {
            last = Some(builder.statement(statement?)?);
        }
    }
    let last = last.map(Last::output).ok_or_else(|| {
        SourceError::new(
            source,
            start..start,
            "the program has no statement: it is empty or only comments",
        )
    })?;
    Ok(Program {
        source,
        graph: builder.graph.into_graph(),
        last,
        names: builder.names,
    })
}

/// Statements whose names are looked up together, ahead of building them.
const LOOK_AHEAD: usize = 256;

#[derive(Default)]
struct Builder<'s> {
    source: &'s str,
    graph: Interner,
    names: Names<'s>,
    values: Vec<Value>,
    /// What each name used by the coming statements was bound to before
    /// them, in order of use (`None`: not bound yet), and the next to use.
    ahead: Vec<Option<Value>>,
    ahead_at: usize,
}

/// The last statement built so far: the program's default output (made an
/// [`Output`] once, at the end, not for every statement).
struct Last<'s> {
    name: Option<&'s str>,
    value: Value,
    text: &'s str,
}

impl Last<'_> {
    fn output(self) -> Output {
        Output {
            name: self.name.map(str::to_string),
            value: self.value,
            text: self.text.to_string(),
        }
    }
}

impl<'s> Builder<'s> {
    fn statement(&mut self, statement: Statement<'s>) -> Result<Last<'s>, SourceError> {
        let value = self.expr(&statement.expr)?;
        let name = match statement.target {
            Some((name, span)) => {
                self.assign(name, span, value)?;
                Some(name)
            }
            None => match statement.expr.nodes.as_slice() {
                [only] => match only.kind {
                    ExprKind::Name(name) => Some(name),
                    _ => None,
                },
                _ => None,
            },
        };
        Ok(Last {
            name,
            value,
            text: statement.expr.text,
        })
    }

    fn expr(&mut self, expr: &Expr<'s>) -> Result<Value, SourceError> {
        self.values.clear();
        for node in &expr.nodes {
            let value = match node.kind {
                ExprKind::Literal(value) => Value::Const(value),
                ExprKind::Name(name) => self.lookup(name, &node.span),
                ExprKind::Neg(x) => self.apply(Op::Neg, self.at(x), Value::Const(0.0)),
                ExprKind::Binary(op, x, y) => self.apply(Op::Binary(op), self.at(x), self.at(y)),
                ExprKind::Call(func, x, y) => {
                    let y = y.map_or(Value::Const(0.0), |y| self.at(y));
                    self.apply(Op::Call(func), self.at(x), y)
                }
            };
            self.values.push(value);
        }
        Ok(*self.values.last().expect("an expression has a root"))
    }

    /// The value of an already built node of the current expression.
    fn at(&self, id: ExprId) -> Value {
        self.values[id as usize]
    }

    /// Looks up every name the coming `statements` use. In a large program
    /// each lookup is a trip to memory; made one after another here they
    /// are independent, so the processor overlaps them, where building
    /// statement by statement makes each wait for the last. Bindings never
    /// change, so what is found stays right; a name bound within the batch
    /// is looked up again when it is used.
    fn look_ahead(&mut self, statements: &[Result<Statement<'s>, SourceError>]) {
        self.ahead.clear();
        self.ahead_at = 0;
        let names = statements
            .iter()
            .flatten()
            .flat_map(|statement| &statement.expr.nodes)
            .filter_map(|node| match node.kind {
                ExprKind::Name(name) => Some(name),
                _ => None,
            });
        for name in names {
            let known = self.names.get(name).map(Binding::value);
            self.ahead.push(known);
        }
    }

    /// The value of a name; a name never seen before is a new input.
    fn lookup(&mut self, name: &'s str, span: &SourceSpan) -> Value {
        let known = self.ahead.get(self.ahead_at).copied().flatten();
        self.ahead_at += 1;
        if let Some(value) = known {
            return value;
        }
        if let Some(binding) = self.names.get(name) {
            return binding.value();
        }
        let id = self.graph.input(name);
        self.names.insert(name, Binding::Input(id, span.start));
        Value::Node(id)
    }

    /// The value of `op` applied to `x` (and `y`): folded if both are
    /// constants, else the shared node for it.
    fn apply(&mut self, op: Op, x: Value, y: Value) -> Value {
        self.graph.apply(op, x, y)
    }

    fn assign(&mut self, name: &'s str, span: SourceSpan, value: Value) -> Result<(), SourceError> {
        if is_reserved(name) {
            let what = if name == parse::PI_NAME {
                "a constant"
            } else {
                "a function"
            };
            return Err(self.error(span, format!("`{name}` is {what} and cannot be assigned")));
        }
        if let Some(earlier) = self.names.get(name) {
            return Err(self.twice(name, span, earlier));
        }
        if let Value::Node(id) = value {
            self.graph.name(id, name);
        }
        self.names
            .insert(name, Binding::Assigned(value, span.start));
        Ok(())
    }

    fn twice(&self, name: &str, span: SourceSpan, earlier: &Binding) -> SourceError {
        let message = match earlier {
            Binding::Assigned(_, at) => {
                let (line, column) = location(self.source, *at);
                format!("`{name}` is assigned twice (first at {line}:{column}); a name may be assigned once")
            }
            Binding::Input(_, at) => {
                let (line, column) = location(self.source, *at);
                format!("`{name}` is assigned after it was used (at {line}:{column}); assign a name before using it")
            }
        };
        self.error(span, message)
    }

    fn error(&self, span: SourceSpan, message: String) -> SourceError {
        SourceError::new(self.source, span, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names are looked up a batch ahead; what a later statement binds or
    /// uses must still be seen, across batches and within one.
    #[test]
    fn bindings_hold_across_look_ahead_batches() {
        let mut source = String::from("y = late * 2\n");
        for i in 0..3 * LOOK_AHEAD {
            source.push_str(&format!("t{i} = y + {i}\n"));
        }
        let program = build(&source).expect("builds");
        assert!(program.input("late").is_some());
        assert!(matches!(program.last.value, Value::Node(_)));
        source.push_str("late = 1\n");
        let err = build(&source).expect_err("late is used before it is assigned");
        assert!(
            err.message()
                .contains("assigned after it was used (at 1:5)"),
            "{}",
            err.message()
        );
        let twice = format!("{source}t3 = 0\n").replacen("late = 1\n", "", 1);
        let err = build(&twice).expect_err("t3 is assigned twice");
        assert!(
            err.message().contains("assigned twice (first at 5:1)"),
            "{}",
            err.message()
        );
    }
}
