//! From statements to the graph: hash-consing, literal folding and names.
//!
//! Statements are built in order as the parser yields them. Each expression
//! node becomes a [`Value`]: a literal stays a constant, an operation on
//! constants alone is folded to a constant, and any other operation becomes a
//! graph node — the same node as an identical earlier one (same operation,
//! same operand nodes, same constants bit for bit), so shared subexpressions
//! are one node reached by several edges.
//!
//! Building has two stages: resolving names (`resolve.rs`: what each name
//! stands for, and every error about names) and making nodes (here). In a
//! large program they run on two threads, the resolver a batch of
//! statements ahead: each stage reads its own table (names, shared nodes)
//! at random places, and the two wait for memory side by side.

use std::sync::mpsc;
use std::thread;

use super::intern::Interner;
use super::names::Names;
use super::resolve::{Binding, Resolver};
use super::{Graph, NodeId, Op, Operand};
use crate::parse::{self, Expr, ExprId, ExprKind, Func, SourceError, Statement, Statements};

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
    /// The value of each assignment, in program order.
    assigned: Vec<Value>,
}

impl<'s> Program<'s> {
    /// The output called `name` (`--of`): an assigned name or an input.
    pub fn output(&self, name: &str) -> Option<Output> {
        let value = self.value(self.names.get(name)?)?;
        Some(Output {
            name: Some(name.to_string()),
            value,
            text: name.to_string(),
        })
    }

    /// The input variable called `name`, if there is one.
    pub fn input(&self, name: &str) -> Option<NodeId> {
        match *self.names.get(name)? {
            Binding::Input(n, _) => Some(self.graph.inputs()[n as usize]),
            Binding::Assigned(..) | Binding::Function(..) => None,
        }
    }

    /// Whether the program defines a function called `name`.
    pub fn is_function(&self, name: &str) -> bool {
        matches!(self.names.get(name), Some(Binding::Function(..)))
    }

    /// What `name` is bound to, if anything.
    pub(super) fn binding(&self, name: &str) -> Option<&Binding> {
        self.names.get(name)
    }

    /// The value a binding stands for (a function has none).
    fn value(&self, binding: &Binding) -> Option<Value> {
        match *binding {
            Binding::Input(n, _) => Some(Value::Node(self.graph.inputs()[n as usize])),
            Binding::Assigned(n, _) => Some(self.assigned[n as usize]),
            Binding::Function(..) => None,
        }
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
    let pipelined = range.len() >= PIPELINE_FROM;
    build_staged(source, range, pipelined)
}

/// Programs this long (in bytes) or longer resolve names on a thread of
/// their own; shorter ones (a `--lines` line, a formula) are not worth a
/// thread.
const PIPELINE_FROM: usize = 1 << 20;

/// Statements resolved together and handed to the builder at once.
const BATCH: usize = 1024;

/// Resolved batches the resolver may run ahead of the builder.
const IN_FLIGHT: usize = 4;

/// [`build_within`], with the two stages on two threads or one after the
/// other on this thread.
fn build_staged(
    source: &str,
    range: std::ops::Range<usize>,
    pipelined: bool,
) -> Result<Program<'_>, SourceError> {
    let start = range.start;
    let statements = parse::parse_within(source, range);
    let mut resolver = Resolver::new(source);
    let mut builder = Builder::default();
    let last = if pipelined {
        build_pipelined(statements, &mut resolver, &mut builder)?
    } else {
        build_in_turn(statements, &mut resolver, &mut builder)?
    };
    let last = last.map(Last::output).ok_or_else(|| {
        SourceError::new(
            source,
            start..start,
            "the program has no statement: it is empty, or only comments and definitions",
        )
    })?;
    Ok(Program {
        source,
        graph: builder.graph.into_graph(),
        last,
        names: resolver.into_names(),
        assigned: builder.assigned,
    })
}

/// Resolves and builds each statement in turn.
fn build_in_turn<'s>(
    statements: Statements<'s>,
    resolver: &mut Resolver<'s>,
    builder: &mut Builder<'s>,
) -> Result<Option<Last<'s>>, SourceError> {
    let mut last = None;
    let mut uses = Vec::new();
    for statement in statements {
        let statement = statement?;
        uses.clear();
        resolver.statement(&statement, &mut uses)?;
        last = builder.batch([statement], &uses).or(last);
    }
    Ok(last)
}

/// Statements with the bindings of the names they use, in order.
struct Resolved<'s> {
    statements: Vec<Statement<'s>>,
    uses: Vec<Binding>,
}

/// Resolves on a second thread, a batch at a time, while this thread
/// builds. The first error (a statement that does not parse, or a name
/// misused) stops the resolver; what the builder made by then is dropped.
fn build_pipelined<'s>(
    statements: Statements<'s>,
    resolver: &mut Resolver<'s>,
    builder: &mut Builder<'s>,
) -> Result<Option<Last<'s>>, SourceError> {
    let (send, receive) = mpsc::sync_channel(IN_FLIGHT);
    thread::scope(|scope| {
        let resolving = scope.spawn(move || resolve_batches(statements, resolver, send));
        let mut last = None;
        for Resolved { statements, uses } in receive {
            last = builder.batch(statements, &uses).or(last);
        }
        let resolved = resolving.join();
        resolved.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        Ok(last)
    })
}

/// The resolver's side of [`build_pipelined`]: sends batches until the
/// statements end, an error, or the builder stops listening.
fn resolve_batches<'s>(
    mut statements: Statements<'s>,
    resolver: &mut Resolver<'s>,
    send: mpsc::SyncSender<Resolved<'s>>,
) -> Result<(), SourceError> {
    loop {
        let mut batch = Resolved {
            statements: Vec::with_capacity(BATCH),
            uses: Vec::with_capacity(2 * BATCH),
        };
        for statement in statements.by_ref().take(BATCH) {
            let statement = statement?;
            resolver.statement(&statement, &mut batch.uses)?;
            batch.statements.push(statement);
        }
        if batch.statements.is_empty() || send.send(batch).is_err() {
            return Ok(());
        }
    }
}

/// The node-making stage: the graph so far, each assignment's value, and
/// the functions the program defines.
#[derive(Default)]
struct Builder<'s> {
    graph: Interner,
    /// The value of each assignment so far, in program order.
    assigned: Vec<Value>,
    /// Each function the program defines, in program order.
    definitions: Vec<Definition<'s>>,
    /// The values of the current expression's nodes.
    values: Vec<Value>,
    /// The values of the current batch's names, where they were built
    /// before it.
    ahead: Vec<Option<Value>>,
}

/// A function the program defines: its body, and the function each call in
/// the body calls (in the order of the body's nodes).
struct Definition<'s> {
    body: Expr<'s>,
    calls: Vec<u32>,
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
    /// Builds resolved statements; `uses` holds the bindings of their names
    /// in order. Returns the last statement, if any.
    ///
    /// The names whose values were built before the batch are read first,
    /// together: in a large program each is a trip to memory at a random
    /// place, and one after another (not each waiting for the node built
    /// before it) the processor overlaps them.
    fn batch(
        &mut self,
        statements: impl IntoIterator<Item = Statement<'s>>,
        uses: &[Binding],
    ) -> Option<Last<'s>> {
        let mut ahead = std::mem::take(&mut self.ahead);
        ahead.clear();
        ahead.extend(uses.iter().map(|binding| self.built(binding)));
        let mut uses = uses.iter().zip(ahead.iter().copied());
        let last = statements
            .into_iter()
            .filter_map(|statement| self.statement(statement, &mut uses))
            .last();
        self.ahead = ahead;
        last
    }

    /// What `binding` stands for, if that is built already.
    fn built(&self, binding: &Binding) -> Option<Value> {
        match *binding {
            Binding::Input(n, _) => self
                .graph
                .graph()
                .inputs()
                .get(n as usize)
                .copied()
                .map(Value::Node),
            Binding::Assigned(n, _) => self.assigned.get(n as usize).copied(),
            Binding::Function(..) => None,
        }
    }

    /// Builds a resolved statement; `uses` yields the bindings of its names
    /// in order, with their values if read ahead. A definition is kept for
    /// its calls, and is not a statement of the graph (`None`).
    fn statement<'b>(
        &mut self,
        statement: Statement<'s>,
        uses: &mut impl Iterator<Item = (&'b Binding, Option<Value>)>,
    ) -> Option<Last<'s>> {
        if statement.parameters.is_some() {
            let applies = statement.expr.nodes.iter();
            let calls = applies
                .filter(|node| matches!(node.kind, ExprKind::Apply(..)))
                .map(|_| function(uses.next().expect("a binding for every call").0))
                .collect();
            let body = statement.expr;
            self.definitions.push(Definition { body, calls });
            return None;
        }
        let value = self.expr(&statement.expr, uses);
        let name = match statement.target {
            Some((name, _)) => {
                self.assign(name, value);
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
        Some(Last {
            name,
            value,
            text: statement.expr.text,
        })
    }

    fn expr<'b>(
        &mut self,
        expr: &Expr<'_>,
        uses: &mut impl Iterator<Item = (&'b Binding, Option<Value>)>,
    ) -> Value {
        self.values.clear();
        for node in &expr.nodes {
            let value = match node.kind {
                ExprKind::Name(name) => {
                    let (binding, known) = uses.next().expect("a binding for every name used");
                    known.unwrap_or_else(|| self.lookup(name, binding))
                }
                ExprKind::Apply(_, start, count) => {
                    let (binding, _) = uses.next().expect("a binding for every call");
                    let arguments = &expr.arguments[start as usize..][..count as usize];
                    let arguments: Vec<Value> = arguments.iter().map(|&id| self.at(id)).collect();
                    expand(
                        &mut self.graph,
                        &self.definitions,
                        function(binding),
                        &arguments,
                    )
                }
                kind => operation(&mut self.graph, kind, &self.values)
                    .expect("parameters stand only in a definition's body"),
            };
            self.values.push(value);
        }
        *self.values.last().expect("an expression has a root")
    }

    /// The value of an already built node of the current expression.
    fn at(&self, id: ExprId) -> Value {
        self.values[id as usize]
    }

    /// The value of the name `name`, bound to `binding`; the first use of
    /// an input makes its node.
    fn lookup(&mut self, name: &str, binding: &Binding) -> Value {
        match *binding {
            Binding::Input(n, _) => match self.graph.graph().inputs().get(n as usize) {
                Some(&id) => Value::Node(id),
                None => Value::Node(self.graph.input(name)),
            },
            Binding::Assigned(n, _) => self.assigned[n as usize],
            Binding::Function(..) => unreachable!("the resolver refuses a function used as a name"),
        }
    }

    fn assign(&mut self, name: &str, value: Value) {
        if let Value::Node(id) = value {
            self.graph.name(id, name);
        }
        self.assigned.push(value);
    }
}

/// The function a call's binding names.
fn function(binding: &Binding) -> u32 {
    match *binding {
        Binding::Function(n, _) => n,
        Binding::Input(..) | Binding::Assigned(..) => {
            unreachable!("the resolver binds every call to a function")
        }
    }
}

/// The value of the call of defined function `n` with `arguments`: its body
/// written out where the call stands, so identical calls are one node like
/// any identical subexpression. Calls inside the body are written out in
/// turn (they nest at most `MAX_CALL_DEPTH` deep: the resolver checks).
fn expand(
    graph: &mut Interner,
    definitions: &[Definition<'_>],
    n: u32,
    arguments: &[Value],
) -> Value {
    let Definition { body, calls } = &definitions[n as usize];
    let mut calls = calls.iter();
    let mut values: Vec<Value> = Vec::with_capacity(body.nodes.len());
    for node in &body.nodes {
        let value = match node.kind {
            ExprKind::Param(k) => arguments[k as usize],
            ExprKind::Apply(_, start, count) => {
                let inner = &body.arguments[start as usize..][..count as usize];
                let inner: Vec<Value> = inner.iter().map(|&id| values[id as usize]).collect();
                let callee = *calls.next().expect("a function for every call");
                expand(graph, definitions, callee, &inner)
            }
            kind => operation(graph, kind, &values)
                .expect("a definition's body names only its parameters"),
        };
        values.push(value);
    }
    *values.last().expect("a body has a root")
}

/// The value of an operation of an expression — a literal, a sign, an
/// operator or a built-in call — whose operands' values are in `values`:
/// folded if they are constants, else the shared node for it. `None` for the
/// kinds that stand for something else (names, parameters, calls of defined
/// functions), which the caller looks up.
fn operation(graph: &mut Interner, kind: ExprKind<'_>, values: &[Value]) -> Option<Value> {
    let at = |id: ExprId| values[id as usize];
    Some(match kind {
        ExprKind::Literal(value) => Value::Const(value),
        ExprKind::Neg(x) => graph.apply(Op::Neg, at(x), Value::Const(0.0)),
        ExprKind::Binary(op, x, y) => graph.apply(Op::Binary(op), at(x), at(y)),
        ExprKind::Call(Func::If, [c, a, b]) => graph.select(at(c), at(a), at(b)),
        ExprKind::Call(func, [x, y, _]) => {
            let y = match func.arity() {
                2 => at(y),
                _ => Value::Const(0.0),
            };
            graph.apply(Op::Call(func), at(x), y)
        }
        ExprKind::Name(_) | ExprKind::Param(_) | ExprKind::Apply(..) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both ways of running the stages build the same program and find the
    /// same first error, whatever the batch boundaries: names bound in one
    /// batch and used in a later one, inputs first used late, and errors
    /// past the first batch.
    #[test]
    fn pipelined_and_in_turn_builds_agree() {
        let mut source = String::from("y = late * 2\nsq(u, v) = u*u + v\n");
        for i in 0..3 * BATCH {
            source.push_str(&format!("t{i} = y + {i} * in{}\n", i % 7));
        }
        source.push_str("twice(u) = sq(u, 1) * 2\n");
        source.push_str("sin(t5) + t3000 + twice(t7) + sq(t1, y)\n");
        fn built(source: &str, pipelined: bool) -> Result<Program<'_>, SourceError> {
            build_staged(source, 0..source.len(), pipelined)
        }
        let summary = |program: Program<'_>| {
            let graph = &program.graph;
            let nodes: Vec<String> = graph.nodes().map(|node| format!("{node:?}")).collect();
            let names: Vec<Option<String>> = (0..graph.len() as u32)
                .map(|id| graph.name(NodeId(id)).map(str::to_string))
                .collect();
            let late = program.input("late").expect("late is an input");
            let t7 = program.output("t7").expect("t7 is assigned").value;
            (
                nodes,
                names,
                graph.inputs().to_vec(),
                program.last,
                late,
                t7,
            )
        };
        let in_turn = summary(built(&source, false).expect("builds"));
        let pipelined = summary(built(&source, true).expect("builds"));
        assert_eq!(in_turn, pipelined);
        assert_eq!(in_turn.2.len(), 8, "late and in0..in6");

        let errors = [
            (
                format!("{source}late = 1\n"),
                "assigned after it was used (at 1:5)",
            ),
            (format!("{source}t3 = 0\n"), "assigned twice (first at 6:1)"),
            (
                format!("{source}sq(t3)\n"),
                "`sq` takes 2 arguments, but 1 was given",
            ),
            (format!("{source}twice = 2\n"), "is a function (defined at"),
            (
                format!("{source}sin = 0\n"),
                "is a function and cannot be assigned",
            ),
            (format!("{source}t1 = (\n"), "expected"),
        ];
        for (source, message) in errors {
            let in_turn = built(&source, false).expect_err("fails");
            let pipelined = built(&source, true).expect_err("fails");
            assert!(in_turn.message().contains(message), "{}", in_turn.message());
            assert_eq!(in_turn.message(), pipelined.message());
        }
    }
}
