//! Forward mode: one sweep per input, up the ids.
//!
//! Pre: `values` holds every node's value. The sweep seeds ∂x/∂x = 1 at the
//! input x and visits the nodes above it in id order. An edge counts only
//! when its operand depends on x and it is live (an `if` carries nothing
//! from its condition or its branch not taken): the sweep multiplies
//! `∂node/∂operand · ∂operand/∂x` for those edges alone and skips the rest,
//! so each forward sweep touches exactly the live edges downstream of its
//! input.
//! Post: `tangent[n] = ∂n/∂x` for every node (0 where n does not depend on
//! x). In Olah's example the sweep from `a` touches 2 edges and the sweep
//! from `b` touches 4.

use super::{Derivatives, Mode, NoTrace, PerNode, Request, Step, Trace};
use crate::graph::{Graph, NodeId, Value};

/// Runs one forward sweep per requested input.
pub fn run(request: &Request<'_>) -> Derivatives {
    run_traced(request, &mut NoTrace)
}

/// [`run`], telling `trace` every edge it touches.
pub fn run_traced<T: Trace>(request: &Request<'_>, trace: &mut T) -> Derivatives {
    let mut tangents = Vec::with_capacity(request.wrt.len());
    let mut edges_touched = 0;
    for &input in request.wrt {
        let mut tangent = vec![0.0; request.graph.len()];
        edges_touched += sweep(request.graph, request.values, input, &mut tangent, trace);
        tangents.push(tangent);
    }
    let jacobian = request
        .outputs
        .iter()
        .map(|output| match *output {
            Value::Node(out) => tangents.iter().map(|t| t[out.index()]).collect(),
            Value::Const(_) => vec![0.0; request.wrt.len()],
        })
        .collect();
    Derivatives {
        mode: Mode::Forward,
        jacobian,
        sweeps: request.wrt.len(),
        per_node: PerNode::Tangents(tangents),
        edges_touched,
    }
}

/// One sweep from `input`; fills `tangent` and returns the edges touched.
pub fn sweep<T: Trace>(
    graph: &Graph,
    values: &[f64],
    input: NodeId,
    tangent: &mut [f64],
    trace: &mut T,
) -> u64 {
    let mut reached = vec![false; graph.len()];
    reached[input.index()] = true;
    tangent[input.index()] = 1.0;
    trace.sweep(Mode::Forward, input);
    let mut touched = 0;
    for id in input.index() + 1..graph.len() {
        let instruction = graph.instruction(id);
        let reached_by = |slot| instruction.edge(slot).filter(|edge| reached[edge.index()]);
        if (0..3).all(|slot| reached_by(slot).is_none()) {
            continue;
        }
        let (partials, live) = graph.partials(id, values);
        let mut sum = 0.0;
        let mut carried = false;
        for (slot, partial) in partials.into_iter().enumerate() {
            let Some(operand) = reached_by(slot).filter(|_| live[slot]) else {
                continue;
            };
            carried = true;
            sum += partial * tangent[operand.index()];
            touched += 1;
            trace.edge(
                Mode::Forward,
                Step {
                    user: NodeId(id as u32),
                    operand,
                    partial,
                    carried: tangent[operand.index()],
                    total: sum,
                },
            );
        }
        tangent[id] = sum;
        reached[id] = carried;
    }
    touched
}
