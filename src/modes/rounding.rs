//! Steps that rounding swallows, for the finite differences.
//!
//! A difference `f(x+h) − f(x−h)` of exactly 0 says "flat" only if the
//! step reached the output. Where a node's operands move but the node does
//! not, although its first-order change `Σ ∂node/∂operand · Δoperand` is
//! not 0, the step vanished in that node's rounding: `1 + x` at
//! `x = 1e-30` is 1 for every step below 1e-16, so `acosh(1 + x)` looks
//! flat there while its derivative is about 7·10¹⁴. Such a node *swallows*
//! the step; an estimate that saw no change in any row, behind a node that
//! swallowed even the largest step and feeds the quantity, owes its 0 to
//! rounding, not to the function, and tells nothing.
//!
//! A node that does not move because its change really is 0 is not
//! swallowing: `x - x` (the partials cancel), `floor(x)` (its derivative
//! is 0), the branch an `if` does not take (no live edge).

use super::numeric::Row;
use crate::graph::{Graph, NodeId, Op};

/// The nodes that swallowed `row`'s step, in id order: an operand moved
/// (at `x + h` or at `x − h`, against `centre`), the first-order change
/// is not 0, and the node's value is the same at both points as at `x`.
pub fn swallowing(graph: &Graph, centre: &[f64], row: &Row) -> Vec<NodeId> {
    let same = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    let mut found = Vec::new();
    for id in 0..graph.len() {
        let node = graph.node(NodeId(id as u32));
        if node.op == Op::Input || !(same(row.up[id], centre[id]) && same(row.down[id], centre[id]))
        {
            continue;
        }
        let (partials, live) = graph.partials(id, centre);
        let change = |values: &[f64]| {
            node.edges()
                .filter(|&(slot, operand)| {
                    live[slot] && !same(values[operand.index()], centre[operand.index()])
                })
                .map(|(slot, operand)| {
                    partials[slot] * (values[operand.index()] - centre[operand.index()])
                })
                .fold(None, |sum: Option<f64>, term| {
                    Some(sum.unwrap_or(0.0) + term)
                })
        };
        let moved = |change: Option<f64>| change.is_some_and(|c| c != 0.0);
        if moved(change(&row.up)) || moved(change(&row.down)) {
            found.push(NodeId(id as u32));
        }
    }
    found
}

/// Which nodes feed `out` at `values`: `out` itself, and every node with
/// a live edge of non-zero local derivative to a node that feeds it.
pub fn feeding(graph: &Graph, values: &[f64], out: NodeId) -> Vec<bool> {
    let mut feeds = vec![false; graph.len()];
    feeds[out.index()] = true;
    for id in (0..=out.index()).rev() {
        if !feeds[id] {
            continue;
        }
        let (partials, live) = graph.partials(id, values);
        for (slot, operand) in graph.node(NodeId(id as u32)).edges() {
            if live[slot] && partials[slot] != 0.0 {
                feeds[operand.index()] = true;
            }
        }
    }
    feeds
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, evaluate, Value};

    /// The nodes of `source`'s last statement that swallow the step `h`
    /// at `x`, by id, and whether each feeds the output.
    fn swallowed(source: &str, x: f64, h: f64) -> Vec<(u32, bool)> {
        let program = graph::build(source).unwrap();
        let Value::Node(out) = program.last.value else {
            panic!("{source}: a constant");
        };
        let graph = &program.graph;
        let centre = evaluate(graph, &[x]);
        let row = Row {
            step: h,
            up: evaluate(graph, &[x + h]),
            down: evaluate(graph, &[x - h]),
        };
        let feeds = feeding(graph, &centre, out);
        swallowing(graph, &centre, &row)
            .into_iter()
            .map(|id| (id.0, feeds[id.index()]))
            .collect()
    }

    #[test]
    fn a_step_lost_in_rounding_is_found_where_it_is_lost() {
        // Node 1 is `1 + x`, `x + 1e15`.
        assert_eq!(swallowed("y = acosh(1 + x)", 1e-30, 1e-18), [(1, true)]);
        assert_eq!(swallowed("y = (x + 1e15) - 1e15", 1.0, 1e-3), [(1, true)]);
        assert!(swallowed("y = acosh(1 + x)", 1e-30, 1e-3).is_empty());
    }

    #[test]
    fn a_change_that_really_is_zero_is_not_swallowed() {
        assert!(swallowed("y = x - x", 0.5, 1e-3).is_empty());
        assert!(swallowed("y = floor(x)", 0.5, 1e-3).is_empty());
        assert!(swallowed("y = x*0.5 - x/2", 0.5, 1e-3).is_empty());
        // Swallowing, but feeding nothing: the branch not taken (node 2),
        // the argument max does not pick (node 1).
        let unfed = swallowed("y = if(x > 5, x + 1e15, 3)", 1.0, 1e-3);
        assert_eq!(unfed, [(2, false)]);
        assert_eq!(
            swallowed("y = max(x + 1e15, 2e15)", 1.0, 1e-3),
            [(1, false)]
        );
    }
}
