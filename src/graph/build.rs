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

use super::expand::{bindings_in, operation, spell, Bound, Definition, Indexed, Writer};
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

/// An indexed name's indices, compared as a list (`[1]` < `[1,-5]` <
/// `[2]`): up to three held inline, so that sorting a family of 100,000
/// allocates nothing per name, more in a vector.
#[derive(Debug, Clone)]
enum Indices {
    /// Up to three indices (then zeros) and how many there are.
    Inline([i64; 3], usize),
    /// More than three.
    Long(Vec<i64>),
}

impl Indices {
    fn as_slice(&self) -> &[i64] {
        match self {
            Indices::Inline(indices, count) => &indices[..*count],
            Indices::Long(indices) => indices,
        }
    }
}

impl PartialEq for Indices {
    fn eq(&self, other: &Indices) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Indices {}

impl PartialOrd for Indices {
    fn partial_cmp(&self, other: &Indices) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Indices {
    fn cmp(&self, other: &Indices) -> std::cmp::Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl Indices {
    /// `1`, `2,3`: `None` unless every part is an integer.
    fn parse(text: &str) -> Option<Indices> {
        let mut inline = [0; 3];
        let mut count = 0;
        for part in text.split(',') {
            let index: i64 = part.parse().ok()?;
            if count == 3 {
                let long = text
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .ok()?;
                return Some(Indices::Long(long));
            }
            inline[count] = index;
            count += 1;
        }
        Some(Indices::Inline(inline, count))
    }
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
        let mut members: Vec<(Indices, &String)> = self
            .bound
            .indexed
            .keys()
            .filter_map(|key| {
                let indices = key
                    .strip_prefix(name)?
                    .strip_prefix('[')?
                    .strip_suffix(']')?;
                Some((Indices::parse(indices)?, key))
            })
            .collect();
        members.sort_unstable();
        members.into_iter().map(|(_, key)| key.clone()).collect()
    }

    /// What the indexed name `name` stands for, if the program uses it.
    pub(super) fn indexed(&self, name: &str) -> Option<Indexed> {
        self.bound.indexed.get(name).copied()
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
    /// The indexed name the current statement assigned last.
    last_indexed: Option<String>,
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
            last_indexed: None,
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
        let exprs = statement.loops.iter().flat_map(|l| [&l.from, &l.to]);
        let exprs = exprs
            .chain(&statement.target_indices)
            .chain([&statement.expr]);
        let count: usize = exprs.map(|expr| bindings_in(expr)).sum();
        let mut bindings = std::mem::take(&mut self.bindings);
        bindings.clear();
        bindings.extend(uses.take(count).map(|(binding, _)| *binding));
        let mut env = Vec::new();
        let value = self.pass(&statement, 0, &bindings, &mut env);
        self.bindings = bindings;
        let name = match statement.target_indices.is_empty() {
            true => statement
                .target
                .as_ref()
                .map(|(name, _)| Cow::Borrowed(*name)),
            false => self.last_indexed.take().map(Cow::Owned),
        };
        Ok(Last {
            name,
            value: value?.unwrap_or(Value::Const(f64::NAN)),
            text: statement.expr.text,
        })
    }

    /// Runs the statement's loops from `level` in: returns the last value
    /// written (`None` when a loop's range is empty).
    fn pass(
        &mut self,
        statement: &Statement<'s>,
        level: usize,
        bindings: &[Binding],
        env: &mut Vec<i64>,
    ) -> Result<Option<Value>, SourceError> {
        let mut writer = self.writer();
        let Some(repeat) = statement.loops.get(level) else {
            return self.once(statement, bindings, env).map(Some);
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
            last = self.pass(statement, level + 1, rest, env)?.or(last);
            env.pop();
            if i == from {
                let size = self.work - before;
                self.writer().afford(count, size, repeat.span.clone())?;
            }
        }
        Ok(last)
    }

    /// One pass of a statement, its loop variables in `env`: the target's
    /// indices, then its value.
    fn once(
        &mut self,
        statement: &Statement<'s>,
        bindings: &[Binding],
        env: &mut Vec<i64>,
    ) -> Result<Value, SourceError> {
        let mut writer = self.writer();
        let mut rest = bindings;
        let mut indices = Vec::with_capacity(statement.target_indices.len());
        for index in &statement.target_indices {
            let (own, others) = rest.split_at(bindings_in(index));
            indices.push(writer.integer(index, own, env, "an index")?);
            rest = others;
        }
        let value = writer.expr(&statement.expr, rest, env)?;
        match &statement.target {
            Some((name, span)) if !indices.is_empty() => {
                let name = spell(name, &indices);
                writer.assign(&name, value, span.clone())?;
                self.last_indexed = Some(name);
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
    /// Indices order as lists, whatever their count or sign.
    #[test]
    fn indices_order_as_lists() {
        let sorted = ["-1", "-1,-5", "1", "1,-5", "1,0", "1,2,3,4", "1,2,4", "2"];
        let mut parsed: Vec<Indices> = sorted
            .iter()
            .rev()
            .map(|t| Indices::parse(t).unwrap())
            .collect();
        parsed.sort();
        let back: Vec<Vec<i64>> = parsed.iter().map(|i| i.as_slice().to_vec()).collect();
        let want: Vec<Vec<i64>> = sorted
            .iter()
            .map(|t| t.split(',').map(|p| p.parse().unwrap()).collect())
            .collect();
        assert_eq!(back, want);
        assert!(Indices::parse("1,x").is_none());
    }

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
