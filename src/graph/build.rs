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

use std::borrow::Cow;
use std::sync::mpsc;
use std::thread;

use super::expand::{bindings_in, operation, Bound, Definition, Frame, Spelling, Writer};
use super::indexed::{spell, Indexed};
use super::intern::Interner;
use super::names::Names;
use super::resolve::{Binding, Resolver};
use super::{Graph, NodeId, Operand};
use crate::parse::{self, Expr, ExprKind, SourceError, Statement, Statements};

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
    /// Lines of the input before `source` (see [`SourceError::below`]).
    pub lines_before: usize,
    /// The computational graph.
    pub graph: Graph,
    /// The last statement: the default output.
    pub last: Output,
    names: Names<'s>,
    /// What the names stand for in the graph.
    bound: Bound,
}

impl<'s> Program<'s> {
    /// The output called `name` (`--of`): an assigned name or an input,
    /// plain or indexed (`h[2]`).
    pub fn output(&self, name: &str) -> Option<Output> {
        let value = match self.indexed(name) {
            Some(indexed) => indexed.value(),
            None => self.value(self.names.get(name)?)?,
        };
        Some(Output {
            name: Some(name.to_string()),
            value,
            text: name.to_string(),
        })
    }

    /// The input variable called `name` (`x`, `x[3]`), if there is one.
    pub fn input(&self, name: &str) -> Option<NodeId> {
        if let Some(indexed) = self.indexed(name) {
            return match indexed {
                Indexed::Input(id, _) => Some(id),
                Indexed::Assigned(..) => None,
            };
        }
        match *self.names.get(name)? {
            Binding::Input(n, _) => self.bound.inputs.get(n as usize).copied().flatten(),
            Binding::Assigned(..) | Binding::Function(..) => None,
        }
    }

    /// The indexed names of the family `name` (`h` for `h[1]`, `h[2]`,
    /// ...), in index order.
    pub fn family(&self, name: &str) -> Vec<String> {
        let members = self.bound.indexed.family(name).into_iter();
        members.map(|(member, _)| member).collect()
    }

    /// The members of the family `name` as outputs (see
    /// [`Program::output`]), in index order.
    pub fn family_outputs(&self, name: &str) -> Vec<Output> {
        let output = |(member, indexed): (String, Indexed)| Output {
            name: Some(member.clone()),
            value: indexed.value(),
            text: member,
        };
        let members = self.bound.indexed.family(name).into_iter();
        members.map(output).collect()
    }

    /// The input variables of the family `name` (`x` for `x[1]`, `x[2]`,
    /// ...), in index order.
    pub fn family_inputs(&self, name: &str) -> Vec<NodeId> {
        let input = |(_, indexed)| match indexed {
            Indexed::Input(id, _) => Some(id),
            Indexed::Assigned(..) => None,
        };
        let members = self.bound.indexed.family(name).into_iter();
        members.filter_map(input).collect()
    }

    /// What the indexed name `name` stands for, if the program uses it.
    pub(super) fn indexed(&self, name: &str) -> Option<Indexed> {
        self.bound.indexed.get(name)
    }

    /// Whether the program defines a function called `name`.
    pub fn is_function(&self, name: &str) -> bool {
        matches!(self.names.get(name), Some(Binding::Function(..)))
    }

    /// What `name` stands for, plain or indexed, and where it first stood.
    /// An input named only where nothing was built (an empty sum) is not
    /// one.
    pub(super) fn named(&self, name: &str) -> Option<Named> {
        if let Some(indexed) = self.indexed(name) {
            return Some(match indexed {
                Indexed::Input(_, at) => Named::Input(at),
                Indexed::Assigned(_, at) => Named::Assigned(at),
            });
        }
        match *self.names.get(name)? {
            Binding::Input(_, at) => self.input(name).map(|_| Named::Input(at)),
            Binding::Assigned(_, at) => Some(Named::Assigned(at)),
            Binding::Function(_, at) => Some(Named::Function(at)),
        }
    }

    /// The value a binding stands for (a function has none, nor an input
    /// only used where nothing was built, like an empty sum).
    fn value(&self, binding: &Binding) -> Option<Value> {
        match *binding {
            Binding::Input(n, _) => {
                let id = self.bound.inputs.get(n as usize).copied().flatten()?;
                Some(Value::Node(id))
            }
            Binding::Assigned(n, _) => Some(self.bound.assigned[n as usize]),
            Binding::Function(..) => None,
        }
    }
}

/// What a name of a program stands for, and the offset where it first
/// stood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// An input variable.
    Input(usize),
    /// An assigned name.
    Assigned(usize),
    /// A function the program defines.
    Function(usize),
}

/// Builds the program `source`, statement by statement.
pub fn build(source: &str) -> Result<Program<'_>, SourceError> {
    build_at(source, 1)
}

/// Builds the program `source`, which starts on line `first_line` (from 1)
/// of a larger input (one line of `--lines`): error locations count lines
/// from there.
pub fn build_at(source: &str, first_line: usize) -> Result<Program<'_>, SourceError> {
    let pipelined = source.len() >= PIPELINE_FROM;
    build_staged(source, first_line.saturating_sub(1), pipelined)
}

/// Programs this long (in bytes) or longer resolve names on a thread of
/// their own; shorter ones (a `--lines` line, a formula) are not worth a
/// thread.
const PIPELINE_FROM: usize = 1 << 20;

/// Statements resolved together and handed to the builder at once.
const BATCH: usize = 1024;

/// Resolved batches the resolver may run ahead of the builder.
const IN_FLIGHT: usize = 4;

/// Builds `source`, which starts after `lines_before` lines of its input,
/// with the two stages on two threads or one after the other on this
/// thread.
fn build_staged(
    source: &str,
    lines_before: usize,
    pipelined: bool,
) -> Result<Program<'_>, SourceError> {
    let statements = parse::parse_within(source, 0..source.len());
    let mut resolver = Resolver::new(source, lines_before);
    let mut builder = Builder::new(source, lines_before);
    let last = if pipelined {
        build_pipelined(statements, &mut resolver, &mut builder)
    } else {
        build_in_turn(statements, &mut resolver, &mut builder)
    };
    let last = last.map_err(|err| err.below(lines_before))?;
    let last = last.map(Last::output).ok_or_else(|| {
        SourceError::new(
            source,
            0..0,
            "the program has no statement: it is empty, or only comments and definitions",
        )
        .below(lines_before)
    })?;
    Ok(Program {
        source,
        lines_before,
        graph: builder.graph.into_graph(),
        last,
        names: resolver.into_names(),
        bound: builder.bound,
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
        last = builder.batch([statement], &uses)?.or(last);
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
/// An error the builder finds (an index not known, say) is in a statement
/// the resolver passed, so it comes first in the program.
fn build_pipelined<'s>(
    statements: Statements<'s>,
    resolver: &mut Resolver<'s>,
    builder: &mut Builder<'s>,
) -> Result<Option<Last<'s>>, SourceError> {
    let (send, receive) = mpsc::sync_channel(IN_FLIGHT);
    thread::scope(|scope| {
        let resolving = scope.spawn(move || resolve_batches(statements, resolver, send));
        let mut last = None;
        let mut built = Ok(());
        for Resolved { statements, uses } in receive.iter() {
            match builder.batch(statements, &uses) {
                Ok(batch) => last = batch.or(last),
                Err(err) => {
                    built = Err(err);
                    break;
                }
            }
        }
        drop(receive);
        let resolved = resolving.join();
        let resolved = resolved.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        built?;
        resolved?;
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

/// The node-making stage: the graph so far, what the names stand for, and
/// the functions the program defines.
struct Builder<'s> {
    source: &'s str,
    /// Lines of the input before `source`.
    lines_before: usize,
    graph: Interner,
    bound: Bound,
    /// Each function the program defines, in program order.
    definitions: Vec<Definition<'s>>,
    /// Operations written out for calls, reductions and loops so far.
    work: u64,
    /// The values of the current expression's nodes.
    values: Vec<Value>,
    /// The values of the current batch's names, where they were built
    /// before it.
    ahead: Vec<Option<Value>>,
    /// The current statement's bindings, when it is written out by the
    /// [`Writer`].
    bindings: Vec<Binding>,
    /// The indices of the indexed name the current statement assigned
    /// last.
    indices: Vec<i64>,
    /// Where the [`Writer`] spells indexed names.
    spelling: Spelling,
}

/// The last statement built so far: the program's default output (made an
/// [`Output`] once, at the end, not for every statement).
struct Last<'s> {
    name: Option<Cow<'s, str>>,
    value: Value,
    text: &'s str,
}

impl Last<'_> {
    fn output(self) -> Output {
        Output {
            name: self.name.map(Cow::into_owned),
            value: self.value,
            text: self.text.to_string(),
        }
    }
}

impl<'s> Builder<'s> {
    fn new(source: &'s str, lines_before: usize) -> Builder<'s> {
        Builder {
            source,
            lines_before,
            graph: Interner::default(),
            bound: Bound::default(),
            definitions: Vec::new(),
            work: 0,
            values: Vec::new(),
            ahead: Vec::new(),
            bindings: Vec::new(),
            indices: Vec::new(),
            spelling: Spelling::default(),
        }
    }

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
    ) -> Result<Option<Last<'s>>, SourceError> {
        let mut ahead = std::mem::take(&mut self.ahead);
        ahead.clear();
        ahead.extend(uses.iter().map(|binding| self.built(binding)));
        let mut uses = uses.iter().zip(ahead.iter().copied());
        let mut last = None;
        for statement in statements {
            last = self.statement(statement, &mut uses)?.or(last);
        }
        self.ahead = ahead;
        Ok(last)
    }

    /// What `binding` stands for, if that is built already.
    fn built(&self, binding: &Binding) -> Option<Value> {
        match *binding {
            Binding::Input(n, _) => self
                .bound
                .inputs
                .get(n as usize)
                .copied()
                .flatten()
                .map(Value::Node),
            Binding::Assigned(n, _) => self.bound.assigned.get(n as usize).copied(),
            Binding::Function(..) => None,
        }
    }

    /// Builds a resolved statement; `uses` yields the bindings of its names
    /// and calls in order, with their values if read ahead. A definition is
    /// kept for its calls, and is not a statement of the graph (`None`).
    fn statement<'b>(
        &mut self,
        statement: Statement<'s>,
        uses: &mut impl Iterator<Item = (&'b Binding, Option<Value>)>,
    ) -> Result<Option<Last<'s>>, SourceError> {
        if statement.parameters.is_some() {
            let calls = uses
                .take(bindings_in(&statement.expr))
                .map(|(binding, _)| *binding);
            let calls = calls.collect();
            let body = statement.expr;
            self.definitions.push(Definition { body, calls });
            return Ok(None);
        }
        if is_second_edition(&statement) {
            return self.written_out(statement, uses).map(Some);
        }
        let value = self.expr(&statement.expr, uses)?;
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
        Ok(Some(Last {
            name: name.map(Cow::Borrowed),
            value,
            text: statement.expr.text,
        }))
    }

    /// The value of a statement's expression written in the first edition
    /// (and calls of defined functions): one loop up its nodes.
    fn expr<'b>(
        &mut self,
        expr: &Expr<'s>,
        uses: &mut impl Iterator<Item = (&'b Binding, Option<Value>)>,
    ) -> Result<Value, SourceError> {
        self.values.clear();
        for node in &expr.nodes {
            let value = match node.kind {
                ExprKind::Name(name) => {
                    let (binding, known) = uses.next().expect("a binding for every name used");
                    match known {
                        Some(value) => value,
                        None => self.bound.plain(&mut self.graph, name, binding),
                    }
                }
                ExprKind::Apply(_, at) => {
                    let (binding, _) = uses.next().expect("a binding for every call");
                    let Binding::Function(n, _) = *binding else {
                        unreachable!("the resolver binds every call to a function");
                    };
                    let arguments: Vec<Value> = expr
                        .list(at)
                        .iter()
                        .map(|&id| self.values[id as usize])
                        .collect();
                    self.writer().call(n, &arguments)?
                }
                kind => operation(&mut self.graph, kind, &self.values)
                    .expect("the second edition's forms are written out by the Writer"),
            };
            self.values.push(value);
        }
        Ok(*self.values.last().expect("an expression has a root"))
    }

    /// A statement with loops, an indexed target, indices or reductions,
    /// written out by the [`Writer`]: its `for` loops run outermost first,
    /// and each pass assigns the target (an indexed name) anew.
    fn written_out<'b>(
        &mut self,
        statement: Statement<'s>,
        uses: &mut impl Iterator<Item = (&'b Binding, Option<Value>)>,
    ) -> Result<Last<'s>, SourceError> {
        let bounds = statement.loops.iter().flat_map(|l| [&l.from, &l.to]);
        let bounds: usize = bounds.map(|expr| bindings_in(expr)).sum();
        let exprs = statement.target_indices.iter().chain([&statement.expr]);
        let count: usize = bounds + exprs.map(|expr| bindings_in(expr)).sum::<usize>();
        let mut bindings = std::mem::take(&mut self.bindings);
        bindings.clear();
        bindings.extend(uses.take(count).map(|(binding, _)| *binding));
        let (loops, body) = bindings.split_at(bounds);
        let mut pass = Pass::new(&statement, body);
        let value = self.pass(&statement, 0, loops, &mut pass, &mut Vec::new());
        drop(pass);
        self.bindings = bindings;
        let value = value?;
        let name = match statement.target_indices.is_empty() {
            true => statement
                .target
                .as_ref()
                .map(|(name, _)| Cow::Borrowed(*name)),
            false => value
                .and(statement.target.as_ref())
                .map(|(name, _)| Cow::Owned(spell(name, &self.indices))),
        };
        Ok(Last {
            name,
            value: value.unwrap_or(Value::Const(f64::NAN)),
            text: statement.expr.text,
        })
    }

    /// Runs the statement's loops from `level` in, whose bounds are bound
    /// by `bindings`: returns the last value written (`None` when a loop's
    /// range is empty).
    fn pass(
        &mut self,
        statement: &Statement<'s>,
        level: usize,
        bindings: &[Binding],
        pass: &mut Pass<'_, 's>,
        env: &mut Vec<i64>,
    ) -> Result<Option<Value>, SourceError> {
        let mut writer = self.writer();
        let Some(repeat) = statement.loops.get(level) else {
            return self.once(statement, pass, env).map(Some);
        };
        let (from_uses, rest) = bindings.split_at(bindings_in(&repeat.from));
        let (to_uses, rest) = rest.split_at(bindings_in(&repeat.to));
        let from = writer.integer(&repeat.from, from_uses, env, "a bound")?;
        let to = writer.integer(&repeat.to, to_uses, env, "a bound")?;
        let count = (to - from + 1).max(0) as u64;
        let size = statement.expr.nodes.len() as u64;
        writer.afford(count, size, repeat.span.clone())?;
        let mut last = None;
        for i in from..=to {
            let before = self.work;
            env.push(i);
            last = self.pass(statement, level + 1, rest, pass, env)?.or(last);
            env.pop();
            if i == from {
                let size = self.work - before;
                self.writer().afford(count, size, repeat.span.clone())?;
            }
        }
        Ok(last)
    }

    /// One pass of a statement, its loop variables in `env`: the target's
    /// indices (kept in `self.indices`), then its value.
    fn once(
        &mut self,
        statement: &Statement<'s>,
        pass: &mut Pass<'_, 's>,
        env: &mut Vec<i64>,
    ) -> Result<Value, SourceError> {
        let mut indices = std::mem::take(&mut self.indices);
        indices.clear();
        let value = self.assign_pass(statement, pass, &mut indices, env);
        self.indices = indices;
        value
    }

    /// One pass of a statement (see [`Builder::once`]), the target's
    /// indices pushed to `indices`.
    fn assign_pass(
        &mut self,
        statement: &Statement<'s>,
        pass: &mut Pass<'_, 's>,
        indices: &mut Vec<i64>,
        env: &mut Vec<i64>,
    ) -> Result<Value, SourceError> {
        let mut writer = self.writer();
        let value = pass.run(&mut writer, indices, env)?;
        match &statement.target {
            Some((name, span)) if !indices.is_empty() => {
                writer.assign((name, indices), value, span.clone())?;
            }
            Some((name, _)) => self.assign(name, value),
            None => {}
        }
        Ok(value)
    }

    /// A writer over this builder's graph and names.
    fn writer(&mut self) -> Writer<'_, 's> {
        Writer {
            graph: &mut self.graph,
            spelling: &mut self.spelling,
            bound: &mut self.bound,
            definitions: &self.definitions,
            source: self.source,
            lines_before: self.lines_before,
            work: &mut self.work,
        }
    }

    fn assign(&mut self, name: &str, value: Value) {
        if let Value::Node(id) = value {
            self.graph.name(id, name);
        }
        self.bound.assigned.push(value);
    }
}

/// A written-out statement's target indices and value, ready to be
/// evaluated on every pass of its loops.
struct Pass<'e, 's> {
    indices: Vec<Frame<'e, 's>>,
    value: Frame<'e, 's>,
}

impl<'e, 's> Pass<'e, 's> {
    /// The frames of `statement`'s target indices and value, whose names
    /// and calls are bound by `bindings`, in that order.
    fn new(statement: &'e Statement<'s>, bindings: &'e [Binding]) -> Pass<'e, 's> {
        let mut rest = bindings;
        let mut frame = |expr: &'e Expr<'s>| {
            let (own, others) = rest.split_at(bindings_in(expr));
            rest = others;
            Frame::new(expr, own, &[])
        };
        let indices = statement.target_indices.iter().map(&mut frame).collect();
        let value = frame(&statement.expr);
        Pass { indices, value }
    }

    /// The target's indices (pushed to `indices`), then the value.
    fn run(
        &mut self,
        writer: &mut Writer<'_, 's>,
        indices: &mut Vec<i64>,
        env: &mut Vec<i64>,
    ) -> Result<Value, SourceError> {
        for index in &mut self.indices {
            indices.push(writer.integer_in(index, env, "an index")?);
        }
        writer.evaluate(&mut self.value, env)
    }
}

/// Whether a statement uses what the second edition adds beyond calls:
/// loops, indices or reductions (the fast path never reads these).
fn is_second_edition(statement: &Statement<'_>) -> bool {
    !statement.loops.is_empty()
        || !statement.target_indices.is_empty()
        || statement
            .expr
            .nodes
            .iter()
            .any(|node| matches!(node.kind, ExprKind::Indexed(..) | ExprKind::Reduce(..)))
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
            build_staged(source, 0, pipelined)
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
