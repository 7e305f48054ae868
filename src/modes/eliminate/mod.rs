//! Vertex elimination: the Jacobian accumulated on the linearized graph.
//!
//! The linearized graph keeps the vertices that lie on a path from a `--wrt`
//! input to an output, and labels each edge `p → v` with its local
//! derivative ∂v/∂p (parallel edges, as in `x*x`, are one edge with the sum
//! of their labels). Eliminating an intermediate vertex `v` joins every
//! predecessor `p` to every successor `s`:
//!
//! ```text
//! c[p→s] += c[p→v] · c[v→s]        for every p → v → s
//! ```
//!
//! and removes `v` — one multiply-add, one edge touched, per pair. When only
//! the inputs and outputs are left, the labels of the edges between them are
//! the Jacobian. Forward and reverse mode are elimination in increasing and
//! decreasing id order; the order used is planned first on the graph's
//! shape by [`crate::modes::ordering`] (`--elimination-order`: greedy
//! Markowitz, a search with look-ahead — the default — or the proved
//! optimum), then run once here, counting each multiply-add as it is done.
//!
//! An output that is used by another vertex, or is itself an input, gets a
//! copy to keep its derivatives in (an edge labelled 1): then it can be
//! eliminated like any intermediate. The counts include no multiplication by
//! a seed of 1, which the sweeps do count: on a single output, elimination
//! in decreasing id order touches the reverse sweep's edges minus those into
//! the output.

mod compare;
mod linearized;

pub use compare::{compare, Comparison, Timed};

use super::budget::MAX_FILLS;
use super::ordering::{self, Plan, Unplanned};
use super::{Derivatives, Mode, NoTrace, PerNode, Refused, Request, Trace};
use crate::graph::{NodeId, Value};
use linearized::Linearized;

/// One multiply-add of an elimination: `c[from→to] += c[from→through] ·
/// c[through→to]`. A copy kept for an output is called by the output's node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// The predecessor.
    pub from: NodeId,
    /// The vertex being eliminated.
    pub through: NodeId,
    /// The successor.
    pub to: NodeId,
    /// `c[from→through]`.
    pub into: f64,
    /// `c[through→to]`.
    pub out_of: f64,
    /// `c[from→to]` after the multiply-add.
    pub total: f64,
}

/// An elimination abandoned past [`MAX_FILLS`] multiply-adds (fill-in can
/// grow quadratically, and each costs a hash-map update).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abandoned;

/// Accumulates the Jacobian by eliminating vertices in the order
/// `request.order` plans.
pub fn run(request: &Request<'_>) -> Result<Derivatives, Refused> {
    run_traced(request, &mut NoTrace)
}

/// [`run`], telling `trace` the orders compared (when it asks), every
/// elimination and every multiply-add.
pub fn run_traced<T: Trace>(request: &Request<'_>, trace: &mut T) -> Result<Derivatives, Refused> {
    if trace.compares_orders() {
        let comparison = compare(request)?;
        trace.orders(&comparison);
        return run_planned(request, &comparison.plan, trace);
    }
    let plan = match ordering::plan(&shape(request), request.order, MAX_FILLS) {
        Ok(plan) => plan,
        Err(Unplanned::Fills) => return Err(Abandoned.into()),
        Err(Unplanned::Optimal(refused)) => return Err(Refused::Order(refused)),
    };
    run_planned(request, &plan, trace)
}

/// Accumulates the Jacobian by eliminating vertices in `plan`'s order,
/// planned for `request` (by `compare`, say), telling `trace` every
/// elimination and every multiply-add.
pub fn run_planned<T: Trace>(
    request: &Request<'_>,
    plan: &Plan,
    trace: &mut T,
) -> Result<Derivatives, Refused> {
    let mut linear = Linearized::new(request);
    linear.eliminate_in(&plan.order, trace)?;
    debug_assert_eq!(linear.touched, plan.cost, "the plan's count is the count");
    let jacobian = request
        .outputs
        .iter()
        .map(|output| match *output {
            Value::Node(out) => linear.jacobian_row(out, request.wrt),
            Value::Const(_) => vec![0.0; request.wrt.len()],
        })
        .collect();
    let mut eliminated = vec![0; request.graph.len()];
    // Only graph nodes are eliminated (an output's copy never is).
    for (step, &vertex) in plan.order.iter().enumerate() {
        if let Some(slot) = eliminated.get_mut(vertex as usize) {
            *slot = step as u32 + 1;
        }
    }
    Ok(Derivatives {
        mode: Mode::Eliminate,
        jacobian,
        per_node: PerNode::Eliminated(eliminated, plan.by),
        sweeps: plan.order.len(),
        edges_touched: linear.touched,
    })
}

/// The shape of `request`'s linearized graph, for planning orders.
pub fn shape(request: &Request<'_>) -> ordering::Structure {
    Linearized::new(request).shape()
}

#[cfg(test)]
mod tests;
