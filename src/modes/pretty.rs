//! `dgraph diff --pretty`: the derivative rewritten the way a person (or
//! SymPy, without `simplify`) writes it, at the cost of bit-exactness.
//!
//! The default formulas repeat reverse mode's arithmetic, so they read back
//! bit for bit; that keeps reciprocals and repeated divisions a person
//! would not write. This pass rebuilds the formulas' nodes with rules that
//! are equal in exact arithmetic but round differently:
//!
//! - `u*(1/t)` and `(1/t)*u` as `u/t`;
//! - `u/s/t` as `u/(s*t)`, and so `1/x/x` as `1/x^2`, `x^n*x` as `x^(n+1)`;
//! - `0.5*u` as `u/2` and `0.5/u` as `1/(2*u)` (a constant that is one
//!   over a whole number).
//!
//! Each rebuilt node is shared like any other (an unchanged node is the
//! node it was, program names included), and the pass adds a bounded
//! number of nodes per node.

use crate::graph::{Interner, NodeId, Op, Value};
use crate::parse::{BinaryOp, Func};

use super::symbolic::{Formulas, MAX_FORMULA_NODES};

/// How deep one rewrite may call the next (`u/s/t` into `s*t` into …).
const MAX_DEPTH: u32 = 8;

/// The largest whole number `n` for which `1/n` is written as a fraction.
const MAX_DENOMINATOR: f64 = 1000.0;

/// The formulas rewritten for reading; `None` when that would take the
/// graph past [`MAX_FORMULA_NODES`].
pub fn prettify(formulas: Formulas) -> Option<Formulas> {
    let roots: Vec<NodeId> = formulas
        .derivatives
        .iter()
        .filter_map(|derivative| derivative.value.node())
        .collect();
    let reachable = formulas.graph.ancestors(roots);
    let mut rewriter = Rewriter {
        nodes: Interner::from_graph(formulas.graph),
    };
    let mut rebuilt: Vec<Value> = Vec::with_capacity(reachable.len());
    for (id, &wanted) in reachable.iter().enumerate() {
        let node = rewriter.nodes.graph().node(NodeId(id as u32));
        if !wanted || node.op == Op::Input {
            rebuilt.push(Value::Node(NodeId(id as u32)));
            continue;
        }
        let operands = node.operands.map(|operand| match Value::from(operand) {
            Value::Node(operand) => rebuilt[operand.index()],
            constant => constant,
        });
        rebuilt.push(rewriter.rewrite(node.op, operands));
        if rewriter.nodes.graph().len() > MAX_FORMULA_NODES {
            return None;
        }
    }
    let remap = |value: Value| match value {
        Value::Node(id) => rebuilt[id.index()],
        constant => constant,
    };
    let mut derivatives = formulas.derivatives;
    for derivative in &mut derivatives {
        derivative.value = remap(derivative.value);
    }
    Some(Formulas {
        graph: rewriter.nodes.into_graph(),
        derivatives,
    })
}

/// Rebuilds nodes with the rules above.
struct Rewriter {
    nodes: Interner,
}

impl Rewriter {
    fn rewrite(&mut self, op: Op, [x, y, z]: [Value; 3]) -> Value {
        match op {
            Op::Binary(BinaryOp::Mul) => self.product(x, y, 0),
            Op::Binary(BinaryOp::Div) => self.quotient(x, y, 0),
            Op::Call(Func::If) => self.nodes.select(x, y, z),
            _ => self.nodes.apply(op, x, y),
        }
    }

    /// The operands of `value` when it is `x op y`.
    fn operands(&self, value: Value, op: BinaryOp) -> Option<(Value, Value)> {
        let id = value.node()?;
        let node = self.nodes.graph().node(id);
        (node.op == Op::Binary(op)).then(|| {
            let [x, y, _] = node.operands.map(Value::from);
            (x, y)
        })
    }

    /// `t` where `value` is `1/t`.
    fn reciprocal(&self, value: Value) -> Option<Value> {
        match self.operands(value, BinaryOp::Div)? {
            (Value::Const(1.0), t) => Some(t),
            _ => None,
        }
    }

    /// `x^n` as `(x, n)` for a constant `n`; `x` as `(x, 1)`.
    fn power(&self, value: Value) -> (Value, f64) {
        match self.operands(value, BinaryOp::Pow) {
            Some((base, Value::Const(n))) => (base, n),
            _ => (value, 1.0),
        }
    }

    fn product(&mut self, x: Value, y: Value, depth: u32) -> Value {
        if depth < MAX_DEPTH {
            if let Some(t) = self.reciprocal(y) {
                return self.quotient(x, t, depth + 1);
            }
            if let Some(t) = self.reciprocal(x) {
                return self.quotient(y, t, depth + 1);
            }
            if let Some(n) = whole_reciprocal(x) {
                return self
                    .nodes
                    .apply(Op::Binary(BinaryOp::Div), y, Value::Const(n));
            }
            let ((a, m), (b, n)) = (self.power(x), self.power(y));
            if a == b && !matches!(a, Value::Const(_)) {
                let exponent = Value::Const(m + n);
                return self.nodes.apply(Op::Binary(BinaryOp::Pow), a, exponent);
            }
        }
        self.nodes.apply(Op::Binary(BinaryOp::Mul), x, y)
    }

    fn quotient(&mut self, x: Value, y: Value, depth: u32) -> Value {
        if depth < MAX_DEPTH {
            if let Some((u, s)) = self.operands(x, BinaryOp::Div) {
                let denominator = self.product(s, y, depth + 1);
                return self.quotient(u, denominator, depth + 1);
            }
            if let Some(n) = whole_reciprocal(x) {
                let denominator = self.product(Value::Const(n), y, depth + 1);
                return self.quotient(Value::Const(1.0), denominator, depth + 1);
            }
        }
        self.nodes.apply(Op::Binary(BinaryOp::Div), x, y)
    }
}

/// `n` when `value` is the constant `1/n` for a whole `n` from 2 to
/// [`MAX_DENOMINATOR`].
fn whole_reciprocal(value: Value) -> Option<f64> {
    let Value::Const(c) = value else {
        return None;
    };
    let n = (1.0 / c).round();
    ((2.0..=MAX_DENOMINATOR).contains(&n) && 1.0 / n == c).then_some(n)
}
