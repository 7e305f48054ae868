//! Reverse mode (backpropagation): one sweep per output, down the ids.
//!
//! Pre: `values` holds every node's value. The sweep seeds ∂out/∂out = 1
//! and visits nodes from the output down; a node that the output does not
//! depend on — through live edges: an `if` carries nothing to its condition
//! or its branch not taken — is skipped. For each live edge of a visited
//! node it adds
//! `∂out/∂node · ∂node/∂operand` to the operand's adjoint — one edge touched.
//! Post: `adjoint[n] = ∂out/∂n` for every node (0 where out does not
//! depend on n). Olah's example touches 5 edges: `e→c, e→d, d→b, c→a, c→b`.

use super::sparse::pattern::Carrying;
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
    for (position, output) in request.outputs.iter().enumerate() {
        let mut adjoint = vec![0.0; request.graph.len()];
        if let Value::Node(out) = *output {
            trace.output(position);
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
///
/// A node `out` does not depend on is skipped, which takes a `reached` flag
/// per node, set on every edge. When the graph says every node feeds `out`
/// (the last node of a graph with nothing dangling), every node is reached
/// and the sweep runs without the flags: the same operations, one store
/// less per edge.
pub fn sweep<T: Trace>(
    graph: &Graph,
    values: &[f64],
    out: NodeId,
    adjoint: &mut [f64],
    trace: &mut T,
) -> u64 {
    if graph.has_branches() {
        sweep_from::<true, true, false, T>(graph, values, (&[out], None), adjoint, trace)
    } else if out.index() + 1 == graph.len() && graph.all_feed_last() {
        sweep_from::<false, false, false, T>(graph, values, (&[out], None), adjoint, trace)
    } else {
        sweep_from::<true, false, false, T>(graph, values, (&[out], None), adjoint, trace)
    }
}

/// One sweep seeded with 1 at each of `seeds` (nodes, in id order) at
/// once, into a zeroed `adjoint`: `adjoint[n]` is then the sum of ∂s/∂n
/// over the seeds, which is ∂s/∂n itself wherever only one seed depends on
/// n (a compressed sweep, see [`super::sparse`]). Only the edges
/// `carrying` names carry anything. Returns the edges touched.
pub fn sweep_seeds<T: Trace>(
    graph: &Graph,
    values: &[f64],
    (seeds, carrying): (&[NodeId], &Carrying),
    adjoint: &mut [f64],
    trace: &mut T,
) -> u64 {
    let seeds = (seeds, Some(carrying));
    match graph.has_branches() {
        true => sweep_from::<true, true, true, T>(graph, values, seeds, adjoint, trace),
        false => sweep_from::<true, false, true, T>(graph, values, seeds, adjoint, trace),
    }
}

/// [`sweep_seeds`], keeping `reached` flags when `TRACK` (else the one seed
/// must be the last node and every node must feed it), and asking each node
/// which edges are live when `BRANCHES` (else the graph has no `if`: every
/// edge is live, and no node uses a third slot — the common case pays
/// nothing for `if`), and skipping the edges `carrying` does not name when
/// `STRUCTURAL`.
fn sweep_from<const TRACK: bool, const BRANCHES: bool, const STRUCTURAL: bool, T: Trace>(
    graph: &Graph,
    values: &[f64],
    (seeds, carrying): (&[NodeId], Option<&Carrying>),
    adjoint: &mut [f64],
    trace: &mut T,
) -> u64 {
    let Some(&top) = seeds.last() else {
        return 0;
    };
    debug_assert!(seeds.is_sorted(), "seeds go in id order");
    let mut reached = vec![false; if TRACK { top.index() + 1 } else { 0 }];
    for &seed in seeds.iter().rev() {
        if TRACK {
            reached[seed.index()] = true;
        }
        adjoint[seed.index()] = 1.0;
        trace.sweep(Mode::Reverse, seed);
    }
    let mut touched = 0;
    for id in (0..=top.index()).rev() {
        let instruction = graph.instruction(id);
        let wanted = instruction.wanted();
        if (TRACK && !reached[id]) || wanted == [false; 3] {
            continue;
        }
        let (operands, live) = if BRANCHES {
            let operands = graph.operand_values(instruction, values);
            (operands, instruction.op.live(operands, wanted))
        } else {
            let [x, y, _] = wanted;
            (graph.two_operand_values(instruction, values), [x, y, false])
        };
        let partials = instruction.op.partials(operands, values[id], live);
        let carried = adjoint[id];
        // Called once per slot rather than looped over: a `for slot in 0..3`
        // loop kept its counter, slots and partials in memory and measured
        // 1.3-1.5x slower on a flat sum of products.
        let mut carry = |slot: usize| {
            let Some(operand) = instruction.edge(slot).filter(|_| live[slot]) else {
                return;
            };
            if STRUCTURAL && !carrying.is_some_and(|carrying| carrying.carries(id, slot)) {
                return;
            }
            adjoint[operand.index()] += carried * partials[slot];
            if TRACK {
                reached[operand.index()] = true;
            }
            touched += 1;
            trace.edge(
                Mode::Reverse,
                Step {
                    user: NodeId(id as u32),
                    operand,
                    slot,
                    partial: partials[slot],
                    carried,
                    total: adjoint[operand.index()],
                },
            );
        };
        carry(0);
        carry(1);
        if BRANCHES {
            carry(2);
        }
    }
    touched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, evaluate, Interner, Op};
    use crate::modes::NoTrace;

    /// The untracked sweep (every node feeds the output) gives the tracked
    /// sweep's adjoints bit for bit and the same edge count; a graph with a
    /// dangling statement takes the tracked sweep.
    #[test]
    fn untracked_sweep_equals_tracked_when_everything_feeds_the_output() {
        let program = build("c = a + b; d = b * 1.5; e = sin(c) * d + c^2").expect("builds");
        let graph = &program.graph;
        assert!(graph.all_feed_last());
        let values = evaluate(graph, &[0.7, -1.3]);
        let out = NodeId(graph.len() as u32 - 1);
        let (mut tracked, mut untracked) = (vec![0.0; graph.len()], vec![0.0; graph.len()]);
        let touched = sweep_from::<true, false, false, _>(
            graph,
            &values,
            (&[out], None),
            &mut tracked,
            &mut NoTrace,
        );
        let untouched = sweep_from::<false, false, false, _>(
            graph,
            &values,
            (&[out], None),
            &mut untracked,
            &mut NoTrace,
        );
        assert_eq!(touched, untouched);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&tracked), bits(&untracked));
        let dangling = build("u = a * 2; v = a + b; v * v").expect("builds");
        assert!(!dangling.graph.all_feed_last());
        // A graph grown after the question was answered answers afresh.
        let mut grown = Interner::from_graph(graph.clone());
        grown.apply(Op::Neg, Value::Node(NodeId(0)), Value::Const(0.0));
        assert!(!grown.graph().all_feed_last());
    }
}
