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
//!
//! What a run keeps is sparse: per input, the derivatives of the nodes that
//! depend on it ([`Tangent`]), so memory follows the dependencies, not
//! nodes × inputs.

use super::sparse::pattern::Carrying;
use super::{Derivatives, Mode, NoTrace, PerNode, Request, Step, Trace};
use crate::graph::{Graph, NodeId, Value};

/// ∂node/∂x for the nodes that depend on input x through live edges (x
/// itself first), in id order; every other node's derivative is 0.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tangent {
    nodes: Vec<u32>,
    derivatives: Vec<f64>,
}

impl Tangent {
    /// ∂node/∂x, or `None` when the node does not depend on x.
    pub fn get(&self, node: usize) -> Option<f64> {
        let at = self.nodes.binary_search(&(node as u32)).ok()?;
        Some(self.derivatives[at])
    }

    /// ∂node/∂x read in id order: `cursor` (from [`Tangent::cursor_at`])
    /// moves past the nodes before `node`, so reading a whole column costs
    /// one step per node.
    pub fn get_from(&self, node: usize, cursor: &mut usize) -> Option<f64> {
        let node = node as u32;
        while self.nodes.get(*cursor).is_some_and(|&n| n < node) {
            *cursor += 1;
        }
        (self.nodes.get(*cursor) == Some(&node)).then(|| self.derivatives[*cursor])
    }

    /// A cursor for [`Tangent::get_from`] that starts at node `first`.
    pub fn cursor_at(&self, first: usize) -> usize {
        self.nodes.partition_point(|&n| (n as usize) < first)
    }

    /// The derivatives of the nodes that depend on x, in id order.
    pub fn derivatives(&self) -> &[f64] {
        &self.derivatives
    }
}

/// One sweep's working rows, reused from sweep to sweep.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    tangent: Vec<f64>,
    reached: Vec<bool>,
}

impl Rows {
    /// Rows for a graph of `len` nodes.
    pub fn new(len: usize) -> Rows {
        Rows {
            tangent: vec![0.0; len],
            reached: vec![false; len],
        }
    }

    /// ∂node/∂x for every node after a sweep from x (0 where it does not
    /// depend on x).
    pub fn tangent(&self) -> &[f64] {
        &self.tangent
    }

    /// The nodes that depend on x, with their derivatives.
    fn kept(&self, input: NodeId) -> Tangent {
        let mut kept = Tangent::default();
        for id in input.index()..self.tangent.len() {
            if self.reached[id] {
                kept.nodes.push(id as u32);
                kept.derivatives.push(self.tangent[id]);
            }
        }
        kept
    }
}

/// Runs one forward sweep per requested input.
pub fn run(request: &Request<'_>) -> Derivatives {
    run_traced(request, &mut NoTrace)
}

/// [`run`], telling `trace` every edge it touches.
pub fn run_traced<T: Trace>(request: &Request<'_>, trace: &mut T) -> Derivatives {
    let mut rows = Rows::new(request.graph.len());
    let mut jacobian = vec![Vec::with_capacity(request.wrt.len()); request.outputs.len()];
    let mut tangents = Vec::with_capacity(request.wrt.len());
    let mut edges_touched = 0;
    for &input in request.wrt {
        edges_touched += sweep(request.graph, request.values, input, &mut rows, trace);
        for (row, output) in jacobian.iter_mut().zip(request.outputs) {
            row.push(match *output {
                Value::Node(out) => rows.tangent[out.index()],
                Value::Const(_) => 0.0,
            });
        }
        tangents.push(rows.kept(input));
    }
    Derivatives {
        mode: Mode::Forward,
        jacobian,
        sweeps: request.wrt.len(),
        per_node: PerNode::Tangents(tangents),
        edges_touched,
    }
}

/// One sweep from `input` into `rows`; returns the edges touched.
pub fn sweep<T: Trace>(
    graph: &Graph,
    values: &[f64],
    input: NodeId,
    rows: &mut Rows,
    trace: &mut T,
) -> u64 {
    sweep_seeds(
        graph,
        values,
        std::slice::from_ref(&input),
        None,
        rows,
        trace,
    )
}

/// One sweep seeded with 1 at each of `seeds` (inputs, in id order) at
/// once: `tangent[n]` is then the sum of ∂n/∂x over the seeds, which is
/// ∂n/∂x itself wherever n depends on one seed only (a compressed sweep,
/// see [`super::sparse`]). With `carrying`, only the edges it names carry
/// anything. Returns the edges touched.
pub fn sweep_seeds<T: Trace>(
    graph: &Graph,
    values: &[f64],
    seeds: &[NodeId],
    carrying: Option<&Carrying>,
    rows: &mut Rows,
    trace: &mut T,
) -> u64 {
    let Some(&first) = seeds.first() else {
        return 0;
    };
    debug_assert!(seeds.is_sorted(), "seeds go in id order");
    let Rows { tangent, reached } = rows;
    tangent[..first.index()].fill(0.0);
    reached[..first.index()].fill(false);
    reached[first.index()] = true;
    tangent[first.index()] = 1.0;
    let mut next_seeds = seeds[1..].iter().peekable();
    for &seed in seeds {
        trace.sweep(Mode::Forward, seed);
    }
    let mut touched = 0;
    for id in first.index() + 1..graph.len() {
        let instruction = graph.instruction(id);
        let carries = |slot| carrying.is_none_or(|carrying| carrying.carries(id, slot));
        let reached_by = |slot| {
            instruction
                .edge(slot)
                .filter(|edge| reached[edge.index()] && carries(slot))
        };
        if (0..3).all(|slot| reached_by(slot).is_none()) {
            let seeded = next_seeds.next_if(|seed| seed.index() == id).is_some();
            tangent[id] = f64::from(u8::from(seeded));
            reached[id] = seeded;
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
                    slot,
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
