//! Greedy Markowitz: eliminate the cheapest vertex now, again and again.
//!
//! The cost of a vertex is its `in-degree × out-degree` at the time of
//! choosing; on a tie, the highest id (the vertex nearest the outputs, which
//! keeps a long sum's in-degrees from growing). Costs in the heap may be
//! stale: a vertex whose degrees changed was a neighbour of the vertex just
//! eliminated and got a fresh entry then, so a popped entry whose cost is not
//! the vertex's cost now is dropped.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::structure::Structure;

/// Eliminates every pending vertex of `shape` greedily, cheapest first and
/// on a tie the one with the smallest `tie(v)`; the compact vertices in the
/// order they went, or `None` once the multiply-adds pass `limit`.
pub fn greedy(shape: &mut Structure, limit: u64, tie: impl Fn(u32) -> u64) -> Option<Vec<u32>> {
    let mut heap: BinaryHeap<Reverse<(u64, u64, u32)>> = shape
        .pending_vertices()
        .map(|v| Reverse((shape.cost(v), tie(v), v)))
        .collect();
    let mut order = Vec::with_capacity(shape.left());
    let mut neighbours = Vec::new();
    while let Some(Reverse((cost, _, v))) = heap.pop() {
        if !shape.pending(v) || cost != shape.cost(v) {
            continue;
        }
        if shape.fills + cost > limit {
            return None;
        }
        shape.eliminate(v, &mut neighbours);
        order.push(v);
        for &n in &neighbours {
            if shape.pending(n) {
                heap.push(Reverse((shape.cost(n), tie(n), n)));
            }
        }
    }
    Some(order)
}

/// The Markowitz order of `shape` (ties to the highest id) and its cost, or
/// `None` past `limit` multiply-adds.
pub fn order(shape: &Structure, limit: u64) -> Option<(Vec<u32>, u64)> {
    let mut copy = shape.clone();
    let order = greedy(&mut copy, limit, highest_first)?;
    Some((order, copy.fills - shape.fills))
}

/// The Markowitz tie rule: the highest vertex first.
pub fn highest_first(v: u32) -> u64 {
    u64::from(u32::MAX - v)
}
