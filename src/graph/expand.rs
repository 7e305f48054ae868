//! Writing out what the second edition of the language adds: calls of the
//! program's own functions, `sum` and `prod`, `for` loops and indexed
//! names. Each is written into the graph where it stands, through the same
//! hash-consing as everything else, so the expanded graph is the graph of
//! the program written out by hand.
//!
//! Expressions are evaluated up their post-order nodes, in one loop; a
//! reduction's body — the contiguous run of nodes just before it — is run
//! again for each value of its variable, so only reductions nest (at most
//! `MAX_LOOPS` deep, checked by the parser). Every index and bound must be
//! an integer known when the program is built; the work is counted, and a
//! reduction or loop that would take the program past [`MAX_EXPANSION`]
//! operations is refused before it starts.

use super::indexed::{spell, spell_into, Indexed, IndexedNames};
use super::intern::Interner;
use super::resolve::{Binding, MAX_EXPANSION};
use super::{NodeId, Op, Value};
use crate::escape::quoted;
use crate::parse::ast::Reducer;
use crate::parse::{BinaryOp, Expr, ExprId, ExprKind, Func, SourceError, SourceSpan};

/// A function the program defines: its body, and the binding of each call
/// in the body (in the order of the body's nodes).
#[derive(Debug)]
pub(super) struct Definition<'s> {
    pub body: Expr<'s>,
    pub calls: Vec<Binding>,
}

/// The program's names and what the builder has made of them: the plain
/// names the resolver bound (by their numbers), and the indexed names,
/// which are known only as the program is built.
#[derive(Debug, Default)]
pub(super) struct Bound {
    /// The value of each assignment, in program order.
    pub assigned: Vec<Value>,
    /// The node of each plain input, by the resolver's number, once used.
    pub inputs: Vec<Option<NodeId>>,
    /// Every indexed name.
    pub indexed: IndexedNames,
}

impl Bound {
    /// The value of the plain name `name`, bound to `binding`; the first
    /// use of an input makes its node.
    pub fn plain(&mut self, graph: &mut Interner, name: &str, binding: &Binding) -> Value {
        match *binding {
            Binding::Input(n, _) => {
                let n = n as usize;
                if self.inputs.len() <= n {
                    self.inputs.resize(n + 1, None);
                }
                Value::Node(*self.inputs[n].get_or_insert_with(|| graph.input(name)))
            }
            Binding::Assigned(n, _) => self.assigned[n as usize],
            Binding::Function(..) => unreachable!("the resolver refuses a function used as a name"),
        }
    }
}

/// Writes expressions of the second edition into a graph.
pub(super) struct Writer<'a, 's> {
    pub graph: &'a mut Interner,
    /// Where indexed names are worked out.
    pub spelling: &'a mut Spelling,
    pub bound: &'a mut Bound,
    pub definitions: &'a [Definition<'s>],
    pub source: &'s str,
    /// Lines of the input before `source` (see [`SourceError::below`]).
    pub lines_before: usize,
    /// Operations written out so far, against [`MAX_EXPANSION`].
    pub work: &'a mut u64,
}

/// Where an indexed name's indices are worked out, and the name spelled
/// when it is new: kept from name to name, so that a loop of 100,000
/// passes allocates nothing for the names it only reads.
#[derive(Debug, Default)]
pub(super) struct Spelling {
    text: String,
    indices: Vec<i64>,
}

/// One expression being evaluated: its nodes' values so far, the bindings
/// of its names and calls, and the parameters in scope. A loop evaluates
/// the same frame on every pass.
pub(super) struct Frame<'e, 's> {
    expr: &'e Expr<'s>,
    bindings: &'e [Binding],
    /// For each node, the index of its binding (names and calls).
    binding_of: Vec<u32>,
    /// For each node that starts a reduction's body, that reduction.
    body_of: Vec<Option<ExprId>>,
    values: Vec<Value>,
    params: &'e [Value],
}

impl<'e, 's> Frame<'e, 's> {
    /// A frame for `expr`, whose names and calls are bound by `bindings`
    /// in node order, and whose parameters are `params`.
    pub fn new(expr: &'e Expr<'s>, bindings: &'e [Binding], params: &'e [Value]) -> Frame<'e, 's> {
        let mut binding_of = Vec::with_capacity(expr.nodes.len());
        let mut body_of = vec![None; expr.nodes.len()];
        let mut next = 0;
        for (id, node) in expr.nodes.iter().enumerate() {
            binding_of.push(next);
            match node.kind {
                ExprKind::Name(_) | ExprKind::Apply(..) => next += 1,
                ExprKind::Reduce(_, _, _, start) => body_of[start as usize] = Some(id as ExprId),
                _ => {}
            }
        }
        Frame {
            expr,
            bindings,
            binding_of,
            body_of,
            values: vec![Value::Const(0.0); expr.nodes.len()],
            params,
        }
    }
}

/// How many bindings (names and calls) an expression consumes.
pub(super) fn bindings_in(expr: &Expr<'_>) -> usize {
    let named = |node: &&crate::parse::ExprNode<'_>| {
        matches!(node.kind, ExprKind::Name(_) | ExprKind::Apply(..))
    };
    expr.nodes.iter().filter(named).count()
}

impl<'s> Writer<'_, 's> {
    /// The value of `frame`'s expression with loop variables `env`
    /// (outermost first).
    pub fn evaluate(
        &mut self,
        frame: &mut Frame<'_, 's>,
        env: &mut Vec<i64>,
    ) -> Result<Value, SourceError> {
        self.run(frame, 0..frame.expr.nodes.len(), env)?;
        Ok(*frame.values.last().expect("an expression has a root"))
    }

    /// The integer value of `expr` (a bound or an index), whose names and
    /// calls are bound by `bindings` in node order, or an error that says
    /// what it is instead.
    pub fn integer(
        &mut self,
        expr: &Expr<'s>,
        bindings: &[Binding],
        env: &mut Vec<i64>,
        what: &str,
    ) -> Result<i64, SourceError> {
        self.integer_in(&mut Frame::new(expr, bindings, &[]), env, what)
    }

    /// The integer value of `frame`'s expression (see [`Writer::integer`]).
    pub fn integer_in(
        &mut self,
        frame: &mut Frame<'_, 's>,
        env: &mut Vec<i64>,
        what: &str,
    ) -> Result<i64, SourceError> {
        let value = self.evaluate(frame, env)?;
        let span = frame
            .expr
            .nodes
            .last()
            .map_or(0..0, |node| node.span.clone());
        self.integer_of(value, span, what)
    }

    /// The call of defined function `n` with `arguments`: its body written
    /// out where the call stands.
    pub fn call(&mut self, n: u32, arguments: &[Value]) -> Result<Value, SourceError> {
        let definitions = self.definitions;
        let Definition { body, calls } = &definitions[n as usize];
        let mut frame = Frame::new(body, calls, arguments);
        self.run(&mut frame, 0..body.nodes.len(), &mut Vec::new())?;
        Ok(*frame.values.last().expect("a body has a root"))
    }

    /// Evaluates the nodes `range` of `frame`, a reduction's body at a time.
    fn run(
        &mut self,
        frame: &mut Frame<'_, 's>,
        range: std::ops::Range<usize>,
        env: &mut Vec<i64>,
    ) -> Result<(), SourceError> {
        let mut id = range.start;
        while id < range.end {
            // A body starting here belongs to a reduction further on; the
            // range being run may be that very body.
            let reduction = frame.body_of[id].filter(|&r| r as usize != range.end);
            if let Some(reduction) = reduction {
                self.reduce(frame, id, reduction as usize, env)?;
                id = reduction as usize + 1;
                continue;
            }
            frame.values[id] = self.node(frame, id, env)?;
            *self.work += 1;
            id += 1;
        }
        Ok(())
    }

    /// Runs the body `start..reduction` once per value of the loop
    /// variable and combines the terms, left to right.
    fn reduce(
        &mut self,
        frame: &mut Frame<'_, 's>,
        start: usize,
        reduction: usize,
        env: &mut Vec<i64>,
    ) -> Result<(), SourceError> {
        let node = &frame.expr.nodes[reduction];
        let ExprKind::Reduce(reducer, from, to, _) = node.kind else {
            unreachable!("a body belongs to a reduction");
        };
        let span = |id: ExprId| frame.expr.nodes[id as usize].span.clone();
        let from = self.integer_of(frame.values[from as usize], span(from), "a bound")?;
        let to = self.integer_of(frame.values[to as usize], span(to), "a bound")?;
        let count = (to - from).saturating_add(1).max(0) as u64;
        self.afford(count, (reduction - start) as u64, node.span.clone())?;
        let (op, empty) = match reducer {
            Reducer::Sum => (BinaryOp::Add, 0.0),
            Reducer::Prod => (BinaryOp::Mul, 1.0),
        };
        let mut total = None;
        for i in from..=to {
            let before = *self.work;
            env.push(i);
            self.run(frame, start..reduction, env)?;
            env.pop();
            if i == from {
                // The first term's work, nested sums and calls included,
                // prices them all before the others are written.
                self.afford(count, *self.work - before, node.span.clone())?;
            }
            let term = frame.values[reduction - 1];
            total = Some(match total {
                None => term,
                Some(total) => self.graph.apply(Op::Binary(op), total, term),
            });
        }
        frame.values[reduction] = total.unwrap_or(Value::Const(empty));
        Ok(())
    }

    /// Refuses `count` repetitions of `size` operations when they would
    /// take the program past [`MAX_EXPANSION`].
    pub fn afford(&self, count: u64, size: u64, span: SourceSpan) -> Result<(), SourceError> {
        let total = count.saturating_mul(size).saturating_add(*self.work);
        if total <= MAX_EXPANSION {
            return Ok(());
        }
        let times = if count == 1 { "time" } else { "times" };
        let operations = if size == 1 { "operation" } else { "operations" };
        let message = format!(
            "this repeats {count} {times}, {size} {operations} each: the program would take {total} operations or more, past the limit of {MAX_EXPANSION}"
        );
        Err(SourceError::new(self.source, span, message))
    }

    /// The value of node `id` of `frame`, its operands' values known.
    fn node(
        &mut self,
        frame: &Frame<'_, 's>,
        id: usize,
        env: &[i64],
    ) -> Result<Value, SourceError> {
        let node = &frame.expr.nodes[id];
        let binding = || &frame.bindings[frame.binding_of[id] as usize];
        let arguments = |at: u32| {
            frame
                .expr
                .list(at)
                .iter()
                .map(|&id| frame.values[id as usize])
                .collect::<Vec<Value>>()
        };
        Ok(match node.kind {
            ExprKind::Name(name) => self.bound.plain(self.graph, name, binding()),
            ExprKind::Param(k) => frame.params[k as usize],
            ExprKind::Index(level) => Value::Const(env[level as usize] as f64),
            ExprKind::Apply(_, at) => {
                let Binding::Function(n, _) = *binding() else {
                    unreachable!("the resolver binds every call to a function");
                };
                self.call(n, &arguments(at))?
            }
            ExprKind::Indexed(name, at) => {
                let mut spelling = std::mem::take(self.spelling);
                let value = self.indexed(frame, (name, at), &mut spelling, node.span.start);
                *self.spelling = spelling;
                value?
            }
            kind => operation(self.graph, kind, &frame.values)
                .expect("every other kind is an operation"),
        })
    }

    /// The value of the indexed name `name` with the indices listed at
    /// `list` of `frame`, used at offset `at`: an earlier assignment, or
    /// an input (made at its first use).
    fn indexed(
        &mut self,
        frame: &Frame<'_, 's>,
        (name, list): (&str, u32),
        spelling: &mut Spelling,
        at: usize,
    ) -> Result<Value, SourceError> {
        spelling.indices.clear();
        for &index in frame.expr.list(list) {
            let span = frame.expr.nodes[index as usize].span.clone();
            let value = frame.values[index as usize];
            spelling
                .indices
                .push(self.integer_of(value, span, "an index")?);
        }
        if let Some(known) = self.bound.indexed.find(name, &spelling.indices) {
            return Ok(known.value());
        }
        spelling.text.clear();
        spell_into(&mut spelling.text, name, &spelling.indices);
        let id = self.graph.input(&spelling.text);
        let input = Indexed::Input(id, at);
        self.bound.indexed.insert(name, &spelling.indices, input);
        Ok(Value::Node(id))
    }

    /// Assigns `value` to the indexed name `name[indices]`, written at
    /// `span`.
    pub fn assign(
        &mut self,
        (name, indices): (&str, &[i64]),
        value: Value,
        span: SourceSpan,
    ) -> Result<(), SourceError> {
        let message = match self.bound.indexed.find(name, indices) {
            None => {
                if let Value::Node(id) = value {
                    let spelled = &mut self.spelling.text;
                    spelled.clear();
                    spell_into(spelled, name, indices);
                    self.graph.name(id, spelled);
                }
                let binding = Indexed::Assigned(value, span.start);
                self.bound.indexed.insert(name, indices, binding);
                return Ok(());
            }
            Some(Indexed::Assigned(_, at)) => {
                let (line, column) = self.location(at);
                format!("`{}` is assigned twice (first at {line}:{column}); a name may be assigned once", quoted(&spell(name, indices)))
            }
            Some(Indexed::Input(_, at)) => {
                let (line, column) = self.location(at);
                format!("`{}` is assigned after it was used (at {line}:{column}); assign a name before using it", quoted(&spell(name, indices)))
            }
        };
        Err(SourceError::new(self.source, span, message))
    }

    /// The line (counted in the whole input) and column of `at`.
    fn location(&self, at: usize) -> (usize, usize) {
        let (line, column) = crate::parse::location(self.source, at);
        (line + self.lines_before, column)
    }

    /// `value` as an integer, or an error at `span` naming `what` it is.
    fn integer_of(&self, value: Value, span: SourceSpan, what: &str) -> Result<i64, SourceError> {
        // Below 2^53 every integer is a double, and integer arithmetic on
        // doubles is exact.
        const EXACT: f64 = 9_007_199_254_740_992.0;
        let message = match value {
            Value::Const(c) if c.fract() == 0.0 && c.abs() < EXACT => return Ok(c as i64),
            Value::Const(c) if c.fract() == 0.0 => {
                format!("{what} must lie within ±2^53, where doubles hold every integer, but this is {c:e}")
            }
            Value::Const(c) => format!("{what} must be an integer, but this is {c}"),
            Value::Node(_) => format!(
                "{what} must be an integer known when the program is built (from numbers, loop variables and names assigned a constant), but this depends on an input"
            ),
        };
        Err(SourceError::new(self.source, span, message))
    }
}

/// The value of an operation of an expression — a literal, a sign, an
/// operator or a built-in call — whose operands' values are in `values`:
/// folded if they are constants, else the shared node for it. `None` for the
/// kinds that stand for something else (names, parameters, calls of defined
/// functions, indices, reductions), which the caller works out.
pub(super) fn operation(
    graph: &mut Interner,
    kind: ExprKind<'_>,
    values: &[Value],
) -> Option<Value> {
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
        ExprKind::Name(_)
        | ExprKind::Param(_)
        | ExprKind::Apply(..)
        | ExprKind::Indexed(..)
        | ExprKind::Index(_)
        | ExprKind::Reduce(..) => return None,
    })
}
