//! Reverse mode over a block of points at once: the engine behind
//! `--points`.
//!
//! Values and adjoints are stored node-major (`values[id * BLOCK + p]`), so
//! each node's operation runs as one tight loop over the block's points,
//! and nothing is allocated per point. Every point goes through exactly the
//! operations, in exactly the order, of a single evaluation and reverse
//! sweep (`graph::evaluate`, `reverse::sweep`): the results are bit-identical.

use crate::graph::{Graph, Node, NodeId, Op, Operand, Value};

/// Points evaluated together.
pub const BLOCK: usize = 256;

/// Buffers reused from block to block (one per thread).
#[derive(Debug)]
pub struct Scratch {
    values: Vec<f64>,
    adjoints: Vec<f64>,
    /// Whether a node's adjoint row was written in this sweep (rows not
    /// written hold stale numbers and stand for 0).
    written: Vec<bool>,
    /// A constant operand repeated over the block, per slot (two: a graph
    /// with an `if`, the one three-operand operation, never runs here).
    constants: [Repeated; 2],
    /// One node's local derivatives over the block, per slot.
    partials: [[f64; BLOCK]; 2],
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch {
            values: Vec::new(),
            adjoints: Vec::new(),
            written: Vec::new(),
            constants: Default::default(),
            partials: [[0.0; BLOCK]; 2],
        }
    }
}

impl Scratch {
    /// Makes every adjoint row of a graph of `nodes` nodes stand for 0.
    fn clear_adjoints(&mut self, nodes: usize) {
        self.adjoints.resize(nodes * BLOCK, 0.0);
        self.written.clear();
        self.written.resize(nodes, false);
    }
}

/// The nodes each output depends on: fixed by the graph, so found once
/// for every point.
#[derive(Debug, Clone)]
pub struct Ancestry {
    depends: Vec<Vec<bool>>,
}

impl Ancestry {
    /// The ancestry of each output.
    pub fn of(graph: &Graph, outputs: &[Value]) -> Ancestry {
        let depends = outputs
            .iter()
            .map(|output| graph.ancestors(output.node()))
            .collect();
        Ancestry { depends }
    }
}

/// Outputs and Jacobian by reverse mode at `m` ≤ [`BLOCK`] points, for a
/// graph without `if` (whose live edges change from point to point).
/// `inputs` holds the points one after the other (one value per graph
/// input); point p's output values go to `values[p * outputs..]` and its
/// Jacobian, row by row, to `jacobian[p * outputs * wrt..]`.
pub fn reverse(
    graph: &Graph,
    (outputs, wrt): (&[Value], &[NodeId]),
    ancestry: &Ancestry,
    (inputs, m): (&[f64], usize),
    scratch: &mut Scratch,
    (values, jacobian): (&mut [f64], &mut [f64]),
) {
    debug_assert!(m <= BLOCK);
    evaluate(graph, inputs, m, scratch);
    let (count, size) = (outputs.len(), outputs.len() * wrt.len());
    for (k, output) in outputs.iter().enumerate() {
        match *output {
            Value::Node(out) => sweep(graph, out, &ancestry.depends[k], scratch, m),
            Value::Const(_) => scratch.clear_adjoints(graph.len()),
        }
        let points = values[k..].iter_mut().step_by(count).take(m);
        match *output {
            Value::Node(out) => row_into(points, &scratch.values[out.index() * BLOCK..][..m]),
            Value::Const(c) => points.for_each(|value| *value = c),
        }
        for (i, x) in wrt.iter().enumerate() {
            let points = jacobian[k * wrt.len() + i..]
                .iter_mut()
                .step_by(size)
                .take(m);
            if scratch.written[x.index()] {
                row_into(points, &scratch.adjoints[x.index() * BLOCK..][..m]);
            } else {
                points.for_each(|derivative| *derivative = 0.0);
            }
        }
    }
}

/// Copies a node's row (one value per point) into the points' places.
fn row_into<'a>(points: impl Iterator<Item = &'a mut f64>, row: &[f64]) {
    points.zip(row).for_each(|(point, x)| *point = *x);
}

/// Every node's value at the block's `m` points, into `scratch.values`.
fn evaluate(graph: &Graph, inputs: &[f64], m: usize, scratch: &mut Scratch) {
    let width = graph.inputs().len();
    let values = &mut scratch.values;
    // Every row is written before it is read: no need to clear.
    values.resize(graph.len() * BLOCK, 0.0);
    for (k, &input) in graph.inputs().iter().enumerate() {
        let row = &mut values[input.index() * BLOCK..][..m];
        let column = inputs[k..].iter().step_by(width);
        row.iter_mut()
            .zip(column)
            .for_each(|(value, x)| *value = *x);
    }
    for (id, node) in graph.nodes().enumerate() {
        if node.op == Op::Input {
            continue;
        }
        let (before, rest) = values.split_at_mut(id * BLOCK);
        let operands = operands(before, &node, &mut scratch.constants, m);
        node.op.eval_many(operands, &mut rest[..m]);
    }
}

/// One reverse sweep from `out` over the block; adjoints end in `scratch`.
///
/// An adjoint row is not cleared before the sweep: its first edge writes
/// `0 + ∂out/∂user · ∂user/∂node` (the sum a cleared row would hold, `-0`
/// included), later edges add to it.
fn sweep(graph: &Graph, out: NodeId, depends: &[bool], scratch: &mut Scratch, m: usize) {
    scratch.clear_adjoints(graph.len());
    let (adjoints, written) = (&mut scratch.adjoints, &mut scratch.written);
    adjoints[out.index() * BLOCK..out.index() * BLOCK + m].fill(1.0);
    written[out.index()] = true;
    let values = &scratch.values;
    for id in (0..=out.index()).rev() {
        let node = graph.node(NodeId(id as u32));
        let wanted = node.wanted();
        if !depends[id] || wanted == [false; 3] {
            continue;
        }
        let (before, rest) = adjoints.split_at_mut(id * BLOCK);
        let own = &rest[..m];
        let operands = operands(values, &node, &mut scratch.constants, m);
        let outs = &values[id * BLOCK..id * BLOCK + m];
        let [by_x, by_y] = &mut scratch.partials;
        let by = [&mut by_x[..m], &mut by_y[..m]];
        let [x_wanted, y_wanted, _] = wanted;
        node.op
            .partials_many((operands, outs), [x_wanted, y_wanted], by);
        for (slot, operand) in node.edges() {
            let target = &mut before[operand.index() * BLOCK..operand.index() * BLOCK + m];
            let partials = &scratch.partials[slot][..m];
            let rows = target.iter_mut().zip(own).zip(partials);
            if written[operand.index()] {
                rows.for_each(|((target, own), partial)| *target += own * partial);
            } else {
                rows.for_each(|((target, own), partial)| *target = 0.0 + own * partial);
                written[operand.index()] = true;
            }
        }
    }
}

/// The operands' values over the block's `m` points, like [`operand`]; a
/// slot past the operation's arity gets the first operand's row back
/// instead of a row of zeros written for nothing (the operation ignores it).
fn operands<'a>(
    values: &'a [f64],
    node: &Node,
    [x_const, y_const]: &'a mut [Repeated; 2],
    m: usize,
) -> [&'a [f64]; 2] {
    debug_assert!(node.op.arity() <= 2, "blocks take no if");
    let xs = operand(values, node.operands[0], x_const, m);
    let ys = match node.op.arity() {
        2 => operand(values, node.operands[1], y_const, m),
        _ => xs,
    };
    [xs, ys]
}

/// An operand's values over the block's `m` points: a node's row of
/// `values`, or the constant repeated in `constant`.
fn operand<'a>(
    values: &'a [f64],
    operand: Operand,
    constant: &'a mut Repeated,
    m: usize,
) -> &'a [f64] {
    match operand {
        Operand::Node(id) => &values[id.index() * BLOCK..id.index() * BLOCK + m],
        Operand::Const(c) => &constant.of(c)[..m],
    }
}

/// A constant repeated over a whole block, written again only when the
/// constant changes (the same few constants come back node after node,
/// block after block).
#[derive(Debug)]
struct Repeated {
    bits: Option<u64>,
    row: [f64; BLOCK],
}

impl Default for Repeated {
    fn default() -> Repeated {
        Repeated {
            bits: None,
            row: [0.0; BLOCK],
        }
    }
}

impl Repeated {
    /// The row of `c`.
    fn of(&mut self, c: f64) -> &[f64; BLOCK] {
        if self.bits != Some(c.to_bits()) {
            self.row.fill(c);
            self.bits = Some(c.to_bits());
        }
        &self.row
    }
}
