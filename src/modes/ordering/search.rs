//! `--elimination-order search`: Markowitz with look-ahead (the pilot
//! method), under a budget of work.
//!
//! At each step every pending vertex is tried: eliminate it, then finish
//! greedily in Markowitz order, and note the total. The vertex whose
//! finished total is lowest is eliminated for good (on a tie, the one
//! Markowitz would take), and the best complete order ever seen is kept — so
//! the search never returns an order worse than Markowitz's, whose own first
//! step is among the tries. The budget counts simulated work (multiply-adds
//! and adjacency entries visited), not time, so a program always gets the
//! same order. When it runs out, the best order seen so far is the answer.

use super::markowitz::{self, greedy, highest_first};
use super::structure::Structure;

/// The most work (simulated multiply-adds and adjacency entries visited) a
/// search may do: well under a second on the AlphaGrad benchmarks' graphs.
pub const SEARCH_WORK: u64 = 40_000_000;

/// The best order found: compact vertices, and its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The order, as compact vertices of the shape searched.
    pub order: Vec<u32>,
    /// Its multiply-adds.
    pub cost: u64,
}

/// Searches `shape` for a cheap order within `work` units of work; `None`
/// when even Markowitz's order passes `limit` multiply-adds.
pub fn search(shape: &Structure, work: u64, limit: u64) -> Option<Found> {
    let (order, cost) = markowitz::order(shape, limit)?;
    let mut best = Found { order, cost };
    for fixed in [increasing(shape), decreasing(shape)] {
        consider(shape, &fixed, &mut best);
    }
    pilot(shape, work, limit, &mut best);
    Some(best)
}

/// Keeps `order` in `best` when it is cheaper.
fn consider(shape: &Structure, order: &[u32], best: &mut Found) {
    let mut copy = shape.clone();
    let mut scratch = Vec::new();
    for &v in order {
        if copy.fills >= best.cost {
            return;
        }
        copy.eliminate(v, &mut scratch);
    }
    let cost = copy.fills - shape.fills;
    if cost < best.cost {
        *best = Found {
            order: order.to_vec(),
            cost,
        };
    }
}

/// The pilot method: one vertex at a time, the one whose greedy completion
/// is cheapest, until the pending vertices or the budget run out.
fn pilot(shape: &Structure, work: u64, limit: u64, best: &mut Found) {
    let mut state = shape.clone();
    let mut prefix = Vec::with_capacity(state.left());
    let mut spent = 0;
    let mut scratch = Vec::new();
    while state.left() > 1 {
        let mut step: Option<(u64, (u64, u64), u32)> = None;
        for v in state.pending_vertices() {
            let mut trial = state.clone();
            trial.eliminate(v, &mut scratch);
            let rest = greedy(&mut trial, limit, highest_first);
            spent += trial.work - state.work;
            let total = match rest {
                Some(rest) if trial.fills - shape.fills < best.cost => {
                    let order = prefix.iter().copied().chain([v]).chain(rest).collect();
                    *best = Found {
                        order,
                        cost: trial.fills - shape.fills,
                    };
                    best.cost
                }
                Some(_) => trial.fills - shape.fills,
                None => u64::MAX,
            };
            let key = (total, (state.cost(v), highest_first(v)), v);
            if step.is_none_or(|old| (key.0, key.1) < (old.0, old.1)) {
                step = Some(key);
            }
            if spent > work {
                return;
            }
        }
        let Some((_, _, v)) = step else { return };
        state.eliminate(v, &mut scratch);
        prefix.push(v);
    }
}

/// The pending vertices in increasing id order: forward mode's.
fn increasing(shape: &Structure) -> Vec<u32> {
    shape.pending_vertices().collect()
}

/// The pending vertices in decreasing id order: reverse mode's.
fn decreasing(shape: &Structure) -> Vec<u32> {
    let mut order = increasing(shape);
    order.reverse();
    order
}
