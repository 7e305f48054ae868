//! Reverse mode over a block of points at once: the engine behind
//! `--points`.
//!
//! Values and adjoints are stored node-major (`values[id * BLOCK + p]`), so
//! each node's operation runs as one tight loop over the block's points,
//! and nothing is allocated per point. Every point goes through exactly the
//! operations, in exactly the order, of a single evaluation and reverse
//! sweep (`graph::evaluate`, `reverse::sweep`): the results are bit-identical.

use crate::graph::{Graph, NodeId, Op, Operand, Value};

/// Points evaluated together.
pub const BLOCK: usize = 64;

/// Buffers reused from block to block (one per thread).
#[derive(Debug, Default)]
pub struct Scratch {
    values: Vec<f64>,
    adjoints: Vec<f64>,
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
        let mut depends = Vec::with_capacity(outputs.len());
        for output in outputs {
            let mut reached = vec![false; graph.len()];
            if let Value::Node(out) = *output {
                reached[out.index()] = true;
                for id in (0..=out.index()).rev() {
                    if reached[id] {
                        for (_, operand) in graph.nodes()[id].edges() {
                            reached[operand.index()] = true;
                        }
                    }
                }
            }
            depends.push(reached);
        }
        Ancestry { depends }
    }
}

/// Outputs and Jacobian by reverse mode at `m` ≤ [`BLOCK`] points.
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
    evaluate(graph, inputs, m, &mut scratch.values);
    let (count, size) = (outputs.len(), outputs.len() * wrt.len());
    for (k, output) in outputs.iter().enumerate() {
        match *output {
            Value::Node(out) => sweep(graph, out, &ancestry.depends[k], scratch, m),
            Value::Const(_) => scratch.adjoints.iter_mut().for_each(|a| *a = 0.0),
        }
        for p in 0..m {
            values[p * count + k] = match *output {
                Value::Node(out) => scratch.values[out.index() * BLOCK + p],
                Value::Const(c) => c,
            };
            for (i, x) in wrt.iter().enumerate() {
                jacobian[p * size + k * wrt.len() + i] = scratch.adjoints[x.index() * BLOCK + p];
            }
        }
    }
}

/// Every node's value at the block's `m` points.
fn evaluate(graph: &Graph, inputs: &[f64], m: usize, values: &mut Vec<f64>) {
    let width = graph.inputs().len();
    values.clear();
    values.resize(graph.len() * BLOCK, 0.0);
    for (k, &input) in graph.inputs().iter().enumerate() {
        for p in 0..m {
            values[input.index() * BLOCK + p] = inputs[p * width + k];
        }
    }
    for (id, node) in graph.nodes().iter().enumerate() {
        if node.op == Op::Input {
            continue;
        }
        let (before, rest) = values.split_at_mut(id * BLOCK);
        let (mut x_const, mut y_const) = ([0.0; BLOCK], [0.0; BLOCK]);
        let xs = operand(before, node.operands[0], &mut x_const, m);
        let ys = operand(before, node.operands[1], &mut y_const, m);
        node.op.eval_many(xs, ys, &mut rest[..m]);
    }
}

/// One reverse sweep from `out` over the block; adjoints end in `scratch`.
fn sweep(graph: &Graph, out: NodeId, depends: &[bool], scratch: &mut Scratch, m: usize) {
    let adjoints = &mut scratch.adjoints;
    adjoints.clear();
    adjoints.resize(graph.len() * BLOCK, 0.0);
    adjoints[out.index() * BLOCK..out.index() * BLOCK + m].fill(1.0);
    let values = &scratch.values;
    for id in (0..=out.index()).rev() {
        let node = &graph.nodes()[id];
        if !depends[id] || node.edges().next().is_none() {
            continue;
        }
        let (before, rest) = adjoints.split_at_mut(id * BLOCK);
        let own = &rest[..m];
        let (mut x_const, mut y_const) = ([0.0; BLOCK], [0.0; BLOCK]);
        let xs = operand(values, node.operands[0], &mut x_const, m);
        let ys = operand(values, node.operands[1], &mut y_const, m);
        let outs = &values[id * BLOCK..id * BLOCK + m];
        let mut partials = [[0.0; 2]; BLOCK];
        node.op
            .partials_many(xs, ys, outs, node.wanted(), &mut partials[..m]);
        for (slot, operand) in node.edges() {
            let target = &mut before[operand.index() * BLOCK..operand.index() * BLOCK + m];
            for p in 0..m {
                target[p] += own[p] * partials[p][slot];
            }
        }
    }
}

/// An operand's values over the block's `m` points: a node's row of
/// `values`, or the constant repeated in `constant`.
fn operand<'a>(
    values: &'a [f64],
    operand: Operand,
    constant: &'a mut [f64; BLOCK],
    m: usize,
) -> &'a [f64] {
    match operand {
        Operand::Node(id) => &values[id.index() * BLOCK..id.index() * BLOCK + m],
        Operand::Const(c) => {
            constant.fill(c);
            &constant[..m]
        }
    }
}
