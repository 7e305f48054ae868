//! Reverse mode run symbolically: the derivative as a graph (`dgraph diff`).
//!
//! The sweep is reverse mode's, but every adjoint is an expression node
//! instead of a number: `ā[operand] += ā[node] · ∂node/∂operand`, with the
//! local derivative built by the same table the numeric modes use
//! (`graph::calculus`) over an algebra of expression nodes. The nodes go
//! into the program's own graph, shared by hash-consing, so the derivative
//! of a graph with heavy sharing stays as small as the graph: one sweep adds
//! a bounded number of nodes per edge. Differentiating again (`--order`)
//! runs the same sweep from a derivative node.
//!
//! Simplification happens as the nodes are built, and only where it keeps
//! the numbers: `0·x = 0`, `1·x = x`, `x + 0 = x`, `x − 0 = x`, `0 − x = −x`,
//! `x/1 = x`, `0/x = 0`, `x^1 = x`, `x^0 = 1`, `−(−x) = x`, `−1·x = −x`,
//! constants folded, `x·x = x^2` (which dgraph evaluates as `x·x`),
//! `a + (−b) = a − b` and `a − (−b) = a + b` (also where `−b` is a chain of
//! products led by a negative constant: negating the constant negates
//! every rounded step), a power of two folded into a chain's leading
//! constant (`2·(3·a·b) = 6·a·b`), and constants written first in
//! products. Commuting
//! operands is exact in IEEE arithmetic; none of the rules reassociates, so
//! evaluating the formula repeats the numeric reverse sweep's operations
//! where the values are finite (`0·x = 0` differs from IEEE only when x is
//! infinite or NaN).
//!
//! The derivative of `abs` is `sign(x)` (−1, 0 or 1; NaN for NaN),
//! `relu`'s is `relu(sign(x))`, and `min` and `max` give
//! `0.5 ± 0.5·sign(y − x)`; a branch not taken of an `if` stays out of
//! every product (`f·if(c, a, 0) = if(c, f·a, 0)`). The flat cases of `x^y`
//! (`y = 0`, `x^y = 0`) are applied when the exponent or value is a
//! constant; with a variable exponent the formula is the textbook one.

use std::cmp::Ordering;
use std::fmt;

use super::budget::MAX_VISITS;
use crate::graph::calculus::{partials, Algebra};
use crate::graph::{Graph, Interner, NodeId, Op, Value};
use crate::parse::{BinaryOp, Func};

/// The derivatives of the outputs, as nodes of a graph that extends the
/// program's.
#[derive(Debug)]
pub struct Formulas {
    /// The program's graph with the derivative nodes added.
    pub graph: Graph,
    /// Every derivative, output by output.
    pub derivatives: Vec<Derivative>,
}

/// One derivative of one output.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivative {
    /// Which output (its position).
    pub of: usize,
    /// Which `wrt` inputs it is taken by (positions, one per order,
    /// nondecreasing).
    pub by: Vec<usize>,
    /// Its formula.
    pub value: Value,
}

/// The most nodes the program and its derivatives may take together: each
/// order can multiply the graph several times over, so past this `diff`
/// stops (about 100 MB, and some 40 MB of text). The README's Rosenbrock
/// of 100,000 inputs takes 2.0 M with its gradient.
pub const MAX_FORMULA_NODES: usize = 4_000_000;

/// Differentiation stopped past a budget: the graph outgrew
/// [`MAX_FORMULA_NODES`], or its sweeps [`MAX_VISITS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// The order being computed when it stopped.
    pub order: usize,
    /// Nodes by then.
    pub nodes: usize,
    /// Nodes visited by the sweeps by then.
    pub visits: u64,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the derivatives of order {} outgrew the budget ({} nodes of formulas, {} nodes \
             visited; the limits are {MAX_FORMULA_NODES} and {MAX_VISITS}) and were abandoned; \
             ask for a lower --order or fewer inputs with --wrt",
            self.order, self.nodes, self.visits
        )
    }
}

impl std::error::Error for TooLarge {}

/// The derivatives of each of `outputs` of order `order` by every multiset
/// of `wrt` inputs (mixed partials once each: `∂²/∂x∂y`, not also
/// `∂²/∂y∂x`), output by output; stopped as soon as they outgrow a budget
/// ([`TooLarge`]). The outputs share one graph, so what their derivatives
/// have in common is built once.
pub fn differentiate(
    graph: Graph,
    outputs: &[Value],
    wrt: &[NodeId],
    order: usize,
) -> Result<Formulas, TooLarge> {
    let mut algebra = Simplifier {
        nodes: Interner::from_graph(graph),
        visits: 0,
    };
    let mut derivatives = Vec::new();
    for (of, &output) in outputs.iter().enumerate() {
        let level = algebra.derivatives(output, wrt, order)?;
        derivatives.extend(
            level
                .into_iter()
                .map(|(by, value)| Derivative { of, by, value }),
        );
    }
    Ok(Formulas {
        graph: algebra.nodes.into_graph(),
        derivatives,
    })
}

/// The algebra of expression nodes, simplifying as it builds.
struct Simplifier {
    nodes: Interner,
    /// Nodes visited by the sweeps so far.
    visits: u64,
}

impl Simplifier {
    /// The derivatives of `output` of order `order` by every multiset of
    /// `wrt` inputs.
    fn derivatives(
        &mut self,
        output: Value,
        wrt: &[NodeId],
        order: usize,
    ) -> Result<Vec<(Vec<usize>, Value)>, TooLarge> {
        let mut level = vec![(Vec::new(), output)];
        for current in 1..=order {
            let mut next = Vec::new();
            for (by, value) in level {
                let gradient = self.gradient(value, wrt).ok_or(TooLarge {
                    order: current,
                    nodes: self.nodes.graph().len(),
                    visits: self.visits,
                })?;
                let first = by.last().copied().unwrap_or(0);
                for (k, derivative) in gradient.into_iter().enumerate().skip(first) {
                    let mut by = by.clone();
                    by.push(k);
                    next.push((by, derivative));
                }
            }
            level = next;
        }
        Ok(level)
    }

    /// ∂value/∂x for each x in `wrt`: one symbolic reverse sweep; `None`
    /// once the graph or the visits are past their budget.
    fn gradient(&mut self, value: Value, wrt: &[NodeId]) -> Option<Vec<Value>> {
        let Value::Node(root) = value else {
            return Some(vec![Value::Const(0.0); wrt.len()]);
        };
        self.visits += root.index() as u64 + 1;
        if self.visits > MAX_VISITS {
            return None;
        }
        let mut adjoint: Vec<Option<Value>> = vec![None; root.index() + 1];
        adjoint[root.index()] = Some(Value::Const(1.0));
        for id in (0..=root.index()).rev() {
            let Some(carried) = adjoint[id] else {
                continue;
            };
            if self.nodes.graph().len() > MAX_FORMULA_NODES {
                return None;
            }
            let node = self.nodes.graph().node(NodeId(id as u32));
            if node.op == Op::Input {
                continue;
            }
            let operands = node.operands.map(Value::from);
            let out = Value::Node(NodeId(id as u32));
            let local = partials(self, node.op, (operands, out), node.wanted());
            for (slot, operand) in node.edges() {
                // A derivative that is 0 by its formula (an `if`'s
                // condition, a comparison) adds nothing.
                if local[slot] == Value::Const(0.0) {
                    continue;
                }
                let term = self.binary(BinaryOp::Mul, carried, local[slot]);
                let sum = match adjoint[operand.index()] {
                    None => term,
                    // The second term goes first (`u'v + uv'`); later ones
                    // are added in the numeric sweep's order.
                    Some(first) if !self.is_sum(first) => self.binary(BinaryOp::Add, term, first),
                    Some(sum) => self.binary(BinaryOp::Add, sum, term),
                };
                adjoint[operand.index()] = Some(sum);
            }
        }
        let gradient = wrt.iter().map(|x| {
            adjoint
                .get(x.index())
                .copied()
                .flatten()
                .unwrap_or(Value::Const(0.0))
        });
        Some(gradient.collect())
    }

    fn is_sum(&self, value: Value) -> bool {
        matches!(
            self.op(value),
            Some(Op::Binary(BinaryOp::Add | BinaryOp::Sub))
        )
    }

    fn op(&self, value: Value) -> Option<Op> {
        match value {
            Value::Node(id) => Some(self.nodes.graph().node(id).op),
            Value::Const(_) => None,
        }
    }

    /// The operands of `value` when it is the operation `op`.
    fn operands_of(&self, value: Value, op: Op) -> Option<[Value; 3]> {
        match value {
            Value::Node(id) if self.nodes.graph().node(id).op == op => {
                Some(self.nodes.graph().node(id).operands.map(Value::from))
            }
            _ => None,
        }
    }

    fn binary(&mut self, op: BinaryOp, x: Value, y: Value) -> Value {
        self.apply(Op::Binary(op), x, y)
    }

    fn negate(&mut self, x: Value) -> Value {
        self.apply(Op::Neg, x, Value::Const(0.0))
    }

    /// `sign(x)`: −1, 0 or 1, NaN for NaN.
    fn sign(&mut self, x: Value) -> Value {
        self.apply(Op::Call(Func::Sign), x, Value::Const(0.0))
    }

    /// `w` where `value = −w` is written with a minus: `-w`, or a negative
    /// constant.
    fn negation(&self, value: Value) -> Option<Value> {
        match value {
            Value::Const(c) if c < 0.0 => Some(Value::Const(-c)),
            Value::Const(_) => None,
            node => self.operands_of(node, Op::Neg).map(|[inner, ..]| inner),
        }
    }

    /// The operand of `value` when it is `-w` (not a negative constant).
    fn negated_node(&self, value: Value) -> Option<Value> {
        match value {
            Value::Node(_) => self.negation(value),
            Value::Const(_) => None,
        }
    }

    /// `value` as `2^k · rest`: a power-of-two constant, a product led by
    /// one, or one divided by something (`2^k/r = 2^k·(1/r)` exactly), and
    /// what is left (`None` for the constant alone).
    fn scaled(&mut self, value: Value) -> Option<(f64, Option<Value>)> {
        if let Value::Const(c) = value {
            return is_power_of_two(c).then_some((c, None));
        }
        if let Some([Value::Const(c), rest, _]) = self.operands_of(value, Op::Binary(BinaryOp::Mul))
        {
            return is_power_of_two(c).then_some((c, Some(rest)));
        }
        match self.operands_of(value, Op::Binary(BinaryOp::Div)) {
            Some([Value::Const(c), rest, _]) if is_power_of_two(c) && c != 1.0 => {
                let reciprocal = self.binary(BinaryOp::Div, Value::Const(1.0), rest);
                Some((c, Some(reciprocal)))
            }
            _ => None,
        }
    }

    /// Where a factor goes in a product: constants, products led by a
    /// constant, inputs, powers, the rest.
    fn rank(&self, value: Value) -> u8 {
        match (value, self.op(value)) {
            (Value::Const(_), _) => 0,
            _ if self.leads_with_constant(value) => 1,
            (_, Some(Op::Input)) => 2,
            (_, Some(Op::Binary(BinaryOp::Pow))) => 3,
            _ => 4,
        }
    }

    fn simplify_mul(&mut self, x: Value, y: Value) -> Option<Value> {
        let mul = BinaryOp::Mul;
        if let Some(folded) = self.fold_constants(x, y) {
            return Some(folded);
        }
        if let Some(guarded) = self
            .guarded_product(x, y)
            .or_else(|| self.guarded_product(y, x))
        {
            return Some(guarded);
        }
        match (x, y) {
            (Value::Const(c), _) | (_, Value::Const(c)) if c == 0.0 => Some(Value::Const(0.0)),
            (Value::Const(c), other) | (other, Value::Const(c)) if c == 1.0 => Some(other),
            (Value::Const(c), other) | (other, Value::Const(c)) if c == -1.0 => {
                Some(self.negate(other))
            }
            _ if self.negated_node(x).is_some() || self.negated_node(y).is_some() => {
                let (a, b) = (self.negated_node(x), self.negated_node(y));
                let product = self.binary(mul, a.unwrap_or(x), b.unwrap_or(y));
                Some(match (a, b) {
                    (Some(_), Some(_)) => product,
                    _ => self.negate(product),
                })
            }
            _ => match (self.scaled(x), self.scaled(y)) {
                (Some((c, None)), Some((d, Some(rest))))
                | (Some((d, Some(rest))), Some((c, None))) => {
                    Some(self.binary(mul, Value::Const(c * d), rest))
                }
                (Some((c, Some(a))), Some((d, Some(b)))) => {
                    let product = self.binary(mul, a, b);
                    Some(self.binary(mul, Value::Const(c * d), product))
                }
                (Some((c, Some(a))), None) if !matches!(y, Value::Const(_)) => {
                    let product = self.binary(mul, a, y);
                    Some(self.binary(mul, Value::Const(c), product))
                }
                (None, Some((d, Some(b)))) if !matches!(x, Value::Const(_)) => {
                    let product = self.binary(mul, x, b);
                    Some(self.binary(mul, Value::Const(d), product))
                }
                _ if x == y => Some(self.binary(BinaryOp::Pow, x, Value::Const(2.0))),
                _ if self.rank(y) < self.rank(x) => Some(self.binary(mul, y, x)),
                _ => None,
            },
        }
    }

    /// `f·if(c, a, 0)` as `if(c, f·a, 0)` (and likewise with the 0 first):
    /// where the branch is not taken the product is 0, even when `f` is
    /// infinite or NaN — the derivative of a branch not taken is exactly 0,
    /// however far it is carried.
    fn guarded_product(&mut self, factor: Value, branch: Value) -> Option<Value> {
        let [c, a, b] = self.operands_of(branch, Op::Call(Func::If))?;
        let zero = Value::Const(0.0);
        match (a, b) {
            (_, Value::Const(0.0)) => {
                let a = self.binary(BinaryOp::Mul, factor, a);
                Some(self.nodes.select(c, a, zero))
            }
            (Value::Const(0.0), _) => {
                let b = self.binary(BinaryOp::Mul, factor, b);
                Some(self.nodes.select(c, zero, b))
            }
            _ => None,
        }
    }

    /// `c·(d·z)` as `(c·d)·z`, when one of the constants is a power of two
    /// (then `c·d` is exact, and so is the regrouping); and a power of two
    /// times a longer chain led by a constant, `2·(3·a·b/d)`, as
    /// `6·a·b/d` (scaling each rounded step by 2^k is exact).
    fn fold_constants(&mut self, x: Value, y: Value) -> Option<Value> {
        let Value::Const(c) = x else {
            return None;
        };
        if let Some([Value::Const(d), z, _]) = self.operands_of(y, Op::Binary(BinaryOp::Mul)) {
            if (is_power_of_two(c) || is_power_of_two(d)) && (c * d).is_normal() {
                return Some(self.binary(BinaryOp::Mul, Value::Const(c * d), z));
            }
        }
        // A chain led by a power of two is left to `scaled`, which keeps
        // such a constant outside (folding it back in would undo that).
        let (d, links) = self.chain(y)?;
        let folds = is_power_of_two(c) && !is_power_of_two(d) && (c * d).is_normal();
        folds.then(|| self.rebuild(c * d, &links))
    }

    /// The constant that leads `value`'s chain of products and quotients
    /// (`c` in `c·a·b/d`, read down the left operands), and the chain's
    /// links from the inside out; `None` when `value` is no such chain or
    /// it runs past [`MAX_CHAIN`] links.
    fn chain(&self, value: Value) -> Option<(f64, Vec<(BinaryOp, Value)>)> {
        let mut links = Vec::new();
        let mut at = value;
        while links.len() < MAX_CHAIN {
            let op = match self.op(at)? {
                Op::Binary(op @ (BinaryOp::Mul | BinaryOp::Div)) => op,
                _ => return None,
            };
            let [left, right, _] = self.operands_of(at, Op::Binary(op))?;
            links.push((op, right));
            if let Value::Const(c) = left {
                links.reverse();
                return Some((c, links));
            }
            at = left;
        }
        None
    }

    /// The chain `lead·a·b/d…` from its links (inside out).
    fn rebuild(&mut self, lead: f64, links: &[(BinaryOp, Value)]) -> Value {
        links
            .iter()
            .fold(Value::Const(lead), |chain, &(op, operand)| {
                self.binary(op, chain, operand)
            })
    }

    /// `w` where `value = −w` and is written with a minus: `-w`, a negative
    /// constant, or a chain of products led by one (`-2·a/b` gives
    /// `2·a/b`, exact: IEEE rounding is symmetric).
    fn negative_term(&mut self, value: Value) -> Option<Value> {
        if let Some(w) = self.negation(value) {
            return Some(w);
        }
        match self.chain(value)? {
            (c, links) if c < 0.0 => Some(self.rebuild(-c, &links)),
            _ => None,
        }
    }

    /// Whether `value` is a product whose first factor is a constant.
    fn leads_with_constant(&self, value: Value) -> bool {
        matches!(
            self.operands_of(value, Op::Binary(BinaryOp::Mul)),
            Some([Value::Const(_), ..])
        )
    }

    fn simplify(&mut self, op: Op, x: Value, y: Value) -> Option<Value> {
        let is = |value: Value, c: f64| matches!(value, Value::Const(v) if v == c);
        match op {
            // `-(-2·a/b)` is `2·a/b`, exactly.
            Op::Neg => self.negative_term(x),
            Op::Binary(BinaryOp::Add) if is(y, 0.0) => Some(x),
            Op::Binary(BinaryOp::Add) if is(x, 0.0) => Some(y),
            Op::Binary(BinaryOp::Add) => {
                if let Some(w) = self.negative_term(y) {
                    return Some(self.binary(BinaryOp::Sub, x, w));
                }
                let w = self.negative_term(x)?;
                Some(self.binary(BinaryOp::Sub, y, w))
            }
            Op::Binary(BinaryOp::Sub) if is(y, 0.0) => Some(x),
            Op::Binary(BinaryOp::Sub) if is(x, 0.0) => Some(self.negate(y)),
            Op::Binary(BinaryOp::Sub) => {
                let w = self.negative_term(y)?;
                Some(self.binary(BinaryOp::Add, x, w))
            }
            Op::Binary(BinaryOp::Mul) => self.simplify_mul(x, y),
            Op::Binary(BinaryOp::Div) if is(y, 1.0) => Some(x),
            Op::Binary(BinaryOp::Div) if is(x, 0.0) => Some(Value::Const(0.0)),
            // `u/x/x` is not written `u/x^2`, though it reads better (the
            // second derivative of `log(x)` prints `-1/x/x`): `x^2` is
            // evaluated as `x*x`, so `u/x^2` rounds the square and then the
            // quotient, where the sweep rounded `u/x` and divided that by
            // `x` — at `x = 0.1`, `-1/x/x` is -100 like the Hessian and
            // `-1/x^2` is -99.99999999999999. Only `--pretty`
            // (`modes::pretty`) rewrites it, not bit for bit.
            Op::Binary(BinaryOp::Div) => {
                let (a, b) = (self.negated_node(x), self.negated_node(y));
                if a.is_none() && b.is_none() {
                    return None;
                }
                let quotient = self.binary(BinaryOp::Div, a.unwrap_or(x), b.unwrap_or(y));
                Some(match (a, b) {
                    (Some(_), Some(_)) => quotient,
                    _ => self.negate(quotient),
                })
            }
            Op::Binary(BinaryOp::Pow) | Op::Call(Func::Pow) if is(y, 1.0) => Some(x),
            Op::Binary(BinaryOp::Pow) | Op::Call(Func::Pow) if is(y, 0.0) => {
                Some(Value::Const(1.0))
            }
            _ => None,
        }
    }
}

/// The longest chain of products and quotients whose leading constant is
/// folded or its sign taken out: a longer one is left as it is, so a
/// rewrite costs a bounded number of nodes.
const MAX_CHAIN: usize = 16;

/// Whether `c` is ±2^k (a normal double with no mantissa bits): scaling by
/// it is exact, barring overflow and underflow.
pub fn is_power_of_two(c: f64) -> bool {
    c.is_normal() && c.to_bits() & ((1 << 52) - 1) == 0
}

impl Algebra for Simplifier {
    type Value = Value;

    fn constant(&mut self, c: f64) -> Value {
        Value::Const(c)
    }

    fn apply(&mut self, op: Op, x: Value, y: Value) -> Value {
        if let (Value::Const(_), Value::Const(_)) = (x, y) {
            return self.nodes.apply(op, x, y);
        }
        match self.simplify(op, x, y) {
            Some(simpler) => simpler,
            None => self.nodes.apply(op, x, y),
        }
    }

    fn step(&mut self, x: Value, below: f64, at: f64, above: f64) -> Value {
        debug_assert_eq!(at, 0.0, "the kinks' derivative at the switch is 0");
        let sign = self.sign(x);
        if (below, above) == (-1.0, 1.0) {
            return sign;
        }
        let up = self.apply(Op::Call(Func::Relu), sign, Value::Const(0.0));
        let minus_sign = self.negate(sign);
        let down = self.apply(Op::Call(Func::Relu), minus_sign, Value::Const(0.0));
        let up = self.binary(BinaryOp::Mul, Value::Const(above), up);
        let down = self.binary(BinaryOp::Mul, Value::Const(below), down);
        self.binary(BinaryOp::Add, up, down)
    }

    fn split(&mut self, x: Value, y: Value, chosen: Ordering) -> [Value; 2] {
        let (winner, loser) = match chosen {
            Ordering::Less => (y, x),
            _ => (x, y),
        };
        let gap = self.binary(BinaryOp::Sub, winner, loser);
        let sign = self.sign(gap);
        let half = self.binary(BinaryOp::Mul, Value::Const(0.5), sign);
        let more = self.binary(BinaryOp::Add, Value::Const(0.5), half);
        let less = self.binary(BinaryOp::Sub, Value::Const(0.5), half);
        [more, less]
    }

    fn unless_zero(&mut self, guard: Value, value: impl FnOnce(&mut Self) -> Value) -> Value {
        if guard == Value::Const(0.0) {
            Value::Const(0.0)
        } else {
            value(self)
        }
    }

    fn select(&mut self, c: Value, a: Value, b: Value) -> Value {
        self.nodes.select(c, a, b)
    }
}
