//! `--elimination-order search`: Markowitz with look-ahead (the pilot
//! method), under a budget of work.
//!
//! First the fixed orders: Markowitz's, increasing and decreasing ids. Then
//! the pilot method: at each step every pending vertex is tried —
//! eliminate it, then finish greedily in Markowitz order, and note the
//! total. The vertex whose finished total is lowest is eliminated for good
//! (on a tie, the one Markowitz would take). Then local improvement of the
//! best order: one vertex moved elsewhere, kept when cheaper, until no move
//! helps. The best complete order ever seen is the answer, so the search
//! is never worse than Markowitz (nor forward or reverse order).
//!
//! The budget counts simulated work (multiply-adds, adjacency entries
//! visited, vertices copied), not time, so a program always gets the same
//! order; half of it at most goes to the pilot, the rest to improvement.
//! When it runs out, the best order seen so far is the answer.

use super::markowitz::{self, greedy, highest_first};
use super::structure::Structure;

/// The most work (simulated multiply-adds, adjacency entries visited and
/// vertices copied) a search may do: 0.4–0.5 s on RoeFlux_1d, 0.85–0.95 s
/// on 3,600-vertex layered graphs (whole process, this project's machine).
pub const SEARCH_WORK: u64 = 80_000_000;

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
    let spent = pilot(shape, work / 2, limit, &mut best);
    improve(shape, work - spent.min(work), &mut best);
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
/// is cheapest, until the pending vertices or the budget run out; the work
/// spent.
fn pilot(shape: &Structure, work: u64, limit: u64, best: &mut Found) -> u64 {
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
            spent += trial.work - state.work + state.vertices() as u64;
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
                return spent;
            }
        }
        let Some((_, _, v)) = step else { break };
        state.eliminate(v, &mut scratch);
        prefix.push(v);
    }
    spent
}

/// Local improvement of `best`: move one vertex to another place in the
/// order and keep the move when the order gets cheaper, pass after pass,
/// until a pass finds nothing or the budget runs out; the work spent. The
/// moves are tried from the state after each prefix of the order (vertex
/// `i > p` brought forward to `p`, or vertex `p` put back after `j > p`): a
/// move changes nothing before `p`, so the prefix is eliminated once for
/// all the moves that share it, improvements included.
fn improve(shape: &Structure, work: u64, best: &mut Found) -> u64 {
    let mut spent = 0;
    let mut scratch = Vec::new();
    let mut improved = true;
    while improved {
        improved = false;
        let mut state = shape.clone();
        for p in 0..best.order.len() {
            let mut other = p + 1;
            while other < best.order.len() {
                for forward in [true, false] {
                    let moved = moved(&best.order, p, other, forward);
                    let mut trial = state.clone();
                    let cost = finish(&mut trial, &moved[p..], shape.fills + best.cost);
                    spent += trial.work - state.work + state.vertices() as u64;
                    if let Some(cost) = cost {
                        *best = Found {
                            order: moved,
                            cost: cost - shape.fills,
                        };
                        improved = true;
                    }
                    if spent > work {
                        return spent;
                    }
                }
                other += 1;
            }
            state.eliminate(best.order[p], &mut scratch);
        }
    }
    spent
}

/// `order` with vertex `other` brought forward to `p` (`forward`), or
/// vertex `p` put back just after `other`.
fn moved(order: &[u32], p: usize, other: usize, forward: bool) -> Vec<u32> {
    let mut moved = order.to_vec();
    match forward {
        true => moved[p..=other].rotate_right(1),
        false => moved[p..=other].rotate_left(1),
    }
    moved
}

/// Eliminates `rest` from `state`; the total multiply-adds, or `None` once
/// they reach `cutoff`.
fn finish(state: &mut Structure, rest: &[u32], cutoff: u64) -> Option<u64> {
    let mut scratch = Vec::new();
    for &v in rest {
        if state.fills + state.cost(v) >= cutoff {
            return None;
        }
        state.eliminate(v, &mut scratch);
    }
    (state.fills < cutoff).then_some(state.fills)
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
