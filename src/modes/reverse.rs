//! Reverse mode (backpropagation): one sweep per output, down the ids.
//!
//! Pre: `values` holds every node's value. The sweep seeds ∂out/∂out = 1
//! and visits nodes from the output down; a node that the output does not
//! depend on is skipped. For each edge of a visited node it adds
//! `∂out/∂node · ∂node/∂operand` to the operand's adjoint — one edge touched.
//! Post: `adjoint[n] = ∂out/∂n` for every node (0 where out does not
//! depend on n). Olah's example touches 5 edges: `e→c, e→d, d→b, c→a, c→b`.

use super::{Derivatives, Mode, NoTrace, PerNode, Request, Step, Trace};
use crate::graph::{Graph, NodeId, Value};

/// Runs one reverse sweep per output that is a node (a constant output has
/// an all-zero gradient and needs no sweep).
pub fn run(request: &Request<'_>) -> Derivatives {
    run_traced(request, &mut NoTrace)
}

/// [`run`], telling `trace` every edge it touches.
pub fn run_traced<T: Trace>(request: &Request<'_>, trace: &mut T) -> Derivatives {
    let mut adjoints = Vec::with_capacity(request.outputs.len());
    let mut jacobian = Vec::with_capacity(request.outputs.len());
    let (mut sweeps, mut edges_touched) = (0, 0);
    for output in request.outputs {
        let mut adjoint = vec![0.0; request.graph.len()];
        if let Value::Node(out) = *output {
            edges_touched += sweep(request.graph, request.values, out, &mut adjoint, trace);
            sweeps += 1;
        }
        jacobian.push(request.wrt.iter().map(|x| adjoint[x.index()]).collect());
        adjoints.push(adjoint);
    }
    Derivatives {
        mode: Mode::Reverse,
        jacobian,
        per_node: PerNode::Adjoints(adjoints),
        sweeps,
        edges_touched,
    }
}

/// One sweep from `out`; fills `adjoint` and returns the edges touched.
pub fn sweep<T: Trace>(
    graph: &Graph,
    values: &[f64],
    out: NodeId,
    adjoint: &mut [f64],
    trace: &mut T,
) -> u64 {
    let mut reached = vec![false; out.index() + 1];
    reached[out.index()] = true;
    adjoint[out.index()] = 1.0;
    trace.sweep(Mode::Reverse, out);
    let mut touched = 0;
    let nodes = graph.nodes();
    for id in (0..=out.index()).rev() {
        let node = &nodes[id];
        let wanted = node.wanted();
        if !reached[id] || wanted == [false, false] {
            continue;
        }
        let (x, y) = node.operand_values(values);
        let partials = node.op.partials(x, y, values[id], wanted);
        let carried = adjoint[id];
        for (slot, operand) in node.edges() {
            adjoint[operand.index()] += carried * partials[slot];
            reached[operand.index()] = true;
            touched += 1;
            trace.edge(
                Mode::Reverse,
                Step {
                    user: NodeId(id as u32),
                    operand,
                    partial: partials[slot],
                    carried,
                    total: adjoint[operand.index()],
                },
            );
        }
    }
    touched
}
