//! Second derivatives: the Hessian of one output, forward over reverse.
//!
//! One reverse sweep gives every node's adjoint `ā[n] = ∂out/∂n`. Then, for
//! each input `x_j`, a forward sweep gives the tangents `ṅ = ∂n/∂x_j`, and a
//! second reverse sweep differentiates the first one along them: at a node
//! with operands `u_k`, local derivatives `p_k` and second derivatives
//! `h_kl`,
//!
//! ```text
//! ā[u_k] += ā[n] · p_k
//! ȧ[u_k] += ȧ[n] · p_k + ā[n] · Σ_l h_kl · u̇_l
//! ```
//!
//! so `ȧ[x_i] = ∂²out/∂x_i∂x_j`: column j of the Hessian. The local first
//! derivatives come from the one table in `graph::calculus`, and the
//! second ones (`Σ_l h_kl · u̇_l`) from the same table run over dual numbers
//! ([`Op::partials_along`](crate::graph::Op::partials_along)).
//! Edges touched: the first reverse sweep's, then per input its forward
//! sweep's and the second reverse sweep's (one per edge it visits). The
//! matrix is symmetric up to rounding: entry (i, j) and (j, i) are summed in
//! different orders.

use super::sparse::pattern::Carrying;
use super::{forward, reverse, NoTrace};
use crate::graph::{Graph, NodeId, Operand};

/// The Hessian of one output and what computing it cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Hessian {
    /// `matrix[i][j] = ∂²out/∂x_i∂x_j` over the requested inputs.
    pub matrix: Vec<Vec<f64>>,
    /// Sweeps run: one reverse, then a forward and a reverse per input.
    pub sweeps: usize,
    /// Edges touched by all of them.
    pub edges_touched: u64,
}

/// The Hessian of `out` (a node) with respect to `wrt`, at `values`.
pub fn of(graph: &Graph, values: &[f64], out: NodeId, wrt: &[NodeId]) -> Hessian {
    let mut adjoint = vec![0.0; graph.len()];
    let mut edges_touched = reverse::sweep(graph, values, out, &mut adjoint, &mut NoTrace);
    let mut columns = Vec::with_capacity(wrt.len());
    let mut rows = forward::Rows::new(graph.len());
    for &input in wrt {
        edges_touched += forward::sweep(graph, values, input, &mut rows, &mut NoTrace);
        let (column, touched) = second_sweep(graph, values, out, (&adjoint, rows.tangent()), None);
        edges_touched += touched;
        columns.push(wrt.iter().map(|x| column[x.index()]).collect::<Vec<f64>>());
    }
    let matrix = (0..wrt.len())
        .map(|i| columns.iter().map(|column| column[i]).collect())
        .collect();
    Hessian {
        matrix,
        sweeps: 1 + 2 * wrt.len(),
        edges_touched,
    }
}

/// The Hessian of a constant output: all zeros, nothing touched.
pub fn zero(wrt: &[NodeId]) -> Hessian {
    Hessian {
        matrix: vec![vec![0.0; wrt.len()]; wrt.len()],
        sweeps: 0,
        edges_touched: 0,
    }
}

/// Differentiates the reverse sweep along `tangent`: returns `ȧ` for every
/// node and the edges touched. With `carrying`, only the edges it names
/// carry anything (a compressed sweep).
pub(super) fn second_sweep(
    graph: &Graph,
    values: &[f64],
    out: NodeId,
    (adjoint, tangent): (&[f64], &[f64]),
    carrying: Option<&Carrying>,
) -> (Vec<f64>, u64) {
    let mut dot = vec![0.0; graph.len()];
    let mut reached = vec![false; out.index() + 1];
    reached[out.index()] = true;
    let mut touched = 0;
    for id in (0..=out.index()).rev() {
        if !reached[id] {
            continue;
        }
        let node = graph.node(NodeId(id as u32));
        let operands = node.operand_values(values);
        let live = node.op.live(operands, node.wanted());
        let moving = node.operands.map(|operand| moving(operand, tangent));
        let (partials, partial_dots) = node.op.partials_along(operands, values[id], moving, live);
        let carries = |slot| carrying.is_none_or(|carrying| carrying.carries(id, slot));
        for (slot, operand) in node
            .edges()
            .filter(|&(slot, _)| live[slot] && carries(slot))
        {
            dot[operand.index()] += dot[id] * partials[slot] + adjoint[id] * partial_dots[slot];
            reached[operand.index()] = true;
            touched += 1;
        }
    }
    (dot, touched)
}

/// An operand slot's tangent: 0 for a constant.
fn moving(operand: Operand, tangent: &[f64]) -> f64 {
    match operand {
        Operand::Node(id) => tangent[id.index()],
        Operand::Const(_) => 0.0,
    }
}
