//! `--mode auto`: forward or reverse mode, whichever touches fewer edges
//! on this graph for these outputs and inputs.
//!
//! The counts come from the graph, not from the number of inputs and
//! outputs alone: reverse mode touches, per output, every edge of a node
//! the output depends on; forward mode touches, per input, every edge whose
//! operand depends on the input (see `reverse.rs` and `forward.rs`). Both
//! are counted 64 sweeps at a time with bit masks (bit k of a node's mask:
//! sweep k reaches it), so a count costs a pass over the edges per 64
//! sweeps. The side with fewer sweeps is counted first; the other stops
//! counting as soon as it is no cheaper, so a clear case costs little.
//! The counts are the graph's, for every point: where an `if` leaves its
//! branch not taken out, the sweeps touch fewer edges than counted here.

use super::Mode;
use crate::graph::{Graph, NodeId, Value};

/// What one mode would cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Sweeps it would run.
    pub sweeps: usize,
    /// Edges it would touch; a lower bound when `complete` is false.
    pub edges: u64,
    /// Whether `edges` is the whole count (false: counting stopped once
    /// it reached the other mode's count).
    pub complete: bool,
}

/// Auto's decision, with the counts behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// The mode chosen: forward when it touches fewer edges (or as many
    /// in fewer sweeps), else reverse.
    pub mode: Mode,
    /// Forward mode's cost.
    pub forward: Cost,
    /// Reverse mode's cost.
    pub reverse: Cost,
}

/// Chooses between forward mode (one sweep per `wrt` input) and reverse
/// mode (one sweep per output that is a node); a tie goes to reverse.
pub fn choose(graph: &Graph, outputs: &[Value], wrt: &[NodeId]) -> Choice {
    let seeds: Vec<NodeId> = outputs.iter().filter_map(|output| output.node()).collect();
    let (forward, reverse) = if wrt.len() <= seeds.len() {
        let forward = count(graph, wrt, u64::MAX, forward_pass);
        (forward, count(graph, &seeds, forward.edges, reverse_pass))
    } else {
        let reverse = count(graph, &seeds, u64::MAX, reverse_pass);
        (count(graph, wrt, reverse.edges, forward_pass), reverse)
    };
    Choice {
        mode: if forward_wins(forward, reverse) {
            Mode::Forward
        } else {
            Mode::Reverse
        },
        forward,
        reverse,
    }
}

/// The edges forward mode (from each of `wrt`) or reverse mode (from each
/// output that is a node) would touch on `graph`; counting stops once it
/// reaches `limit` (then the cost is not `complete`).
pub fn cost(mode: Mode, graph: &Graph, outputs: &[Value], wrt: &[NodeId], limit: u64) -> Cost {
    match mode {
        Mode::Forward => count(graph, wrt, limit, forward_pass),
        _ => {
            let seeds: Vec<NodeId> = outputs.iter().filter_map(|output| output.node()).collect();
            count(graph, &seeds, limit, reverse_pass)
        }
    }
}

/// Fewer edges wins; at equal edges, fewer sweeps (each sweep has a cost
/// of its own); a full tie goes to reverse, the default mode.
fn forward_wins(forward: Cost, reverse: Cost) -> bool {
    forward.complete
        && (forward.edges < reverse.edges
            || (forward.edges == reverse.edges
                && (forward.sweeps < reverse.sweeps || !reverse.complete)))
}

/// The edges touched by one sweep from each of `seeds`, 64 sweeps per
/// `pass` (bit k of `reach[n]`: the k-th sweep of the batch reaches node
/// n); counting stops after the batch that reaches `limit`.
fn count(
    graph: &Graph,
    seeds: &[NodeId],
    limit: u64,
    pass: fn(&Graph, &[NodeId], &mut [u64]) -> u64,
) -> Cost {
    let mut reach = vec![0u64; graph.len()];
    let mut edges = 0;
    let batches = seeds.chunks(64);
    let last = batches.len().saturating_sub(1);
    for (done, batch) in batches.enumerate() {
        reach.fill(0);
        for (k, seed) in batch.iter().enumerate() {
            reach[seed.index()] |= 1 << k;
        }
        edges += pass(graph, batch, &mut reach);
        if edges >= limit && done < last {
            return Cost {
                sweeps: seeds.len(),
                edges,
                complete: false,
            };
        }
    }
    Cost {
        sweeps: seeds.len(),
        edges,
        complete: true,
    }
}

/// Forward sweeps from `inputs`, up the ids: each edge is touched by every
/// sweep that reaches its operand.
fn forward_pass(graph: &Graph, inputs: &[NodeId], reach: &mut [u64]) -> u64 {
    let first = inputs.iter().map(|id| id.index()).min().unwrap_or(0);
    let mut edges = 0;
    for id in first..graph.len() {
        for (_, operand) in graph.node(NodeId(id as u32)).edges() {
            edges += u64::from(reach[operand.index()].count_ones());
            reach[id] |= reach[operand.index()];
        }
    }
    edges
}

/// Reverse sweeps from `outputs`, down the ids: each edge is touched by
/// every sweep that reaches its user.
fn reverse_pass(graph: &Graph, outputs: &[NodeId], reach: &mut [u64]) -> u64 {
    let last = outputs.iter().map(|id| id.index()).max().unwrap_or(0);
    let mut edges = 0;
    for id in (0..=last).rev() {
        let sweeps = reach[id];
        for (_, operand) in graph.node(NodeId(id as u32)).edges() {
            edges += u64::from(sweeps.count_ones());
            reach[operand.index()] |= sweeps;
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph;

    fn choice(source: &str, of: &[&str]) -> Choice {
        let program = graph::build(source).unwrap();
        let outputs = crate::modes::outputs_named(&program, of);
        choose(&program.graph, &outputs, program.graph.inputs())
    }

    #[test]
    fn the_posts_example_is_reverse_with_the_sweeps_own_counts() {
        let choice = choice("c = a+b; d = b+1; e = c*d", &[]);
        assert_eq!(choice.mode, Mode::Reverse);
        assert_eq!((choice.reverse.sweeps, choice.reverse.edges), (1, 5));
        assert_eq!((choice.forward.sweeps, choice.forward.edges), (2, 6));
    }

    #[test]
    fn many_inputs_one_output_is_reverse() {
        let choice = choice("y = sin(a*b + c*d + e*f)", &[]);
        assert_eq!(choice.mode, Mode::Reverse);
        assert!(choice.reverse.edges < choice.forward.edges);
    }

    #[test]
    fn one_input_many_outputs_is_forward() {
        let choice = choice(
            "u = sin(x); v = cos(x); w = x^3; z = u*v",
            &["u", "v", "w", "z"],
        );
        assert_eq!(choice.mode, Mode::Forward);
        // x->u, x->v, x->w, u->z, v->z: one sweep touches each once.
        assert_eq!((choice.forward.sweeps, choice.forward.edges), (1, 5));
        assert!(choice.forward.complete);
        assert!(choice.reverse.edges >= 5);
    }

    #[test]
    fn square_jacobians_are_decided_by_the_graph() {
        // Two inputs, two outputs: x's long chain is walked once by forward
        // mode (from x) but once per output by reverse mode.
        let chain_in = choice(
            "a = sin(sin(sin(x))); s = a*y; u = s*2; v = exp(s)",
            &["u", "v"],
        );
        // Forward: from x 3 + 1 + 2, from y 1 + 2. Reverse: per output
        // 1 + 2 + 3.
        assert_eq!((chain_in.forward.sweeps, chain_in.forward.edges), (2, 9));
        assert_eq!((chain_in.reverse.sweeps, chain_in.reverse.edges), (2, 12));
        assert_eq!(chain_in.mode, Mode::Forward);
        // Its mirror image: the chain leads to one output. Forward: per
        // input 1 + 3 + 1; reverse: from u 3 + 2, from v 1 + 2.
        let chain_out = choice("s = x*y; u = sin(sin(sin(s))); v = s*2", &["u", "v"]);
        assert_eq!((chain_out.forward.edges, chain_out.reverse.edges), (10, 8));
        assert_eq!(chain_out.mode, Mode::Reverse);
    }

    #[test]
    fn equal_edges_go_to_fewer_sweeps() {
        let choice = choice("u = sin(x); v = cos(x)", &["u", "v"]);
        assert_eq!((choice.forward.edges, choice.reverse.edges), (2, 2));
        assert_eq!(choice.mode, Mode::Forward);
    }

    #[test]
    fn a_tie_goes_to_reverse() {
        let choice = choice("y = x*2", &[]);
        assert_eq!(choice.mode, Mode::Reverse);
        assert_eq!(choice.forward.edges, choice.reverse.edges);
    }

    #[test]
    fn a_wide_sum_is_counted_whole_within_one_batch_of_sweeps() {
        // (a+b)+c: reverse touches a->s, b->s, s->y, c->y; forward from a
        // and from b touch two edges each, from c one.
        let choice = choice("y = a + b + c", &[]);
        assert_eq!((choice.reverse.edges, choice.forward.edges), (4, 5));
        assert!(choice.reverse.complete && choice.forward.complete);
    }

    #[test]
    fn counting_stops_once_the_other_side_is_beaten() {
        // 100 inputs: forward runs two batches of sweeps; the first
        // already passes reverse's 198 edges (99 additions), so the second is not counted.
        let terms: Vec<String> = (0..100).map(|i| format!("x{i}")).collect();
        let choice = choice(&format!("y = {}", terms.join(" + ")), &[]);
        assert_eq!(choice.reverse.edges, 198);
        assert!(!choice.forward.complete && choice.forward.edges >= 198);
        assert_eq!(choice.mode, Mode::Reverse);
    }
}
