//! `--elimination-order optimal`: the cheapest order, proved.
//!
//! Depth-first branch and bound over orders, pruned three ways:
//!
//! - the graph left after eliminating a set of vertices depends only on the
//!   set, not on the order, so a set reached again at no lower cost is not
//!   searched again (memoised on the set, a bitset);
//! - cost so far + the [`bound`] of the vertices left ≥ the best order
//!   known: nothing below can beat it;
//! - the search starts from `search`'s order, so it only has to prove it or
//!   beat it.
//!
//! The graph is held as bitsets (a row of predecessors and one of
//! successors per vertex) and each elimination logs the rows it changes, so
//! stepping back is a copy. The recursion is one level per vertex
//! eliminated, at most [`MAX_OPTIMAL_VERTICES`] deep. Past [`MAX_STATES`]
//! states searched, or [`MAX_WORK`] work, the answer is refused, with the
//! best order found and the best lower bound proved.

use std::fmt;

use rustc_hash::FxHashMap;

use super::bits::{clear, ones, set};
use super::search::{self, Found};
use super::structure::Structure;
use super::{bound, Unplanned, MAX_OPTIMAL_VERTICES};

/// The most states (sets of eliminated vertices) the search may expand;
/// the memo holds at most this many sets (under 150 MB at the largest).
pub const MAX_STATES: u64 = 1_000_000;

/// The most work the search may do: each state expanded costs its pending
/// vertices times the words of a bitset row (the degrees it counts), so a
/// search on a large graph stops after fewer states, in about a second.
pub const MAX_WORK: u64 = 200_000_000;

/// The most vertices, inputs and outputs included, the bitset graph holds
/// (two rows of this many bits per vertex: 2 MB).
pub const MAX_OPTIMAL_GRAPH: usize = 4 * MAX_OPTIMAL_VERTICES;

/// Why `optimal` gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Too many vertices: to eliminate, and in all.
    Size {
        /// Vertices to eliminate.
        pending: usize,
        /// Vertices in all.
        vertices: usize,
    },
    /// The state or work budget ran out before the proof.
    States {
        /// The cheapest order found.
        best: u64,
        /// What every order was proved to cost at least.
        lower: u64,
    },
}

/// The cheapest order of `shape`, or why it was not proved.
pub fn optimal(shape: &Structure, limit: u64) -> Result<Found, Unplanned> {
    if shape.left() > MAX_OPTIMAL_VERTICES || shape.vertices() > MAX_OPTIMAL_GRAPH {
        return Err(Unplanned::Optimal(Refused::Size {
            pending: shape.left(),
            vertices: shape.vertices(),
        }));
    }
    let found = search::search(shape, search::SEARCH_WORK, limit).ok_or(Unplanned::Fills)?;
    let mut branch = Branch::new(shape, found);
    let h = branch.bounds.iter().sum();
    match branch.expand(0, h) {
        Ok(()) => Ok(branch.best),
        Err(Aborted) => Err(Unplanned::Optimal(Refused::States {
            best: branch.best.cost,
            lower: branch.frontier.min(branch.best.cost),
        })),
    }
}

/// The state budget ran out.
struct Aborted;

/// The search's state.
struct Branch {
    /// Words per bitset row.
    words: usize,
    /// `preds[v * words..]`: `v`'s predecessors, a bitset.
    preds: Vec<u64>,
    /// `succs[v * words..]`: `v`'s successors.
    succs: Vec<u64>,
    /// The vertices still to eliminate, a bitset (over the compact
    /// vertices).
    pending: Vec<u64>,
    /// Each vertex's lower bound.
    bounds: Vec<u64>,
    /// Rows changed by the eliminations on the stack: (row in `preds` or
    /// `succs` as `2 * v` or `2 * v + 1`, its old words).
    log: Vec<(usize, u64)>,
    /// The order on the stack.
    prefix: Vec<u32>,
    /// The vertices to eliminate in all.
    total: usize,
    /// The best order known.
    best: Found,
    /// Set of eliminated vertices → the least cost it was reached at.
    memo: FxHashMap<Box<[u64]>, u64>,
    /// States expanded.
    states: u64,
    /// Work done: the bitset words counted while expanding.
    work: u64,
    /// The least `cost + bound` of any state left unsearched at an abort.
    frontier: u64,
}

impl Branch {
    fn new(shape: &Structure, best: Found) -> Branch {
        let len = shape.vertices();
        let words = len.div_ceil(64);
        let mut branch = Branch {
            words,
            preds: vec![0; len * words],
            succs: vec![0; len * words],
            pending: vec![0; words],
            bounds: bound::vertex_bounds(shape),
            log: Vec::new(),
            prefix: Vec::with_capacity(shape.left()),
            total: shape.left(),
            best,
            memo: FxHashMap::default(),
            states: 0,
            work: 0,
            frontier: u64::MAX,
        };
        for v in 0..len as u32 {
            for &p in shape.preds(v) {
                set(&mut branch.preds[v as usize * words..], p);
            }
            for &s in shape.succs(v) {
                set(&mut branch.succs[v as usize * words..], s);
            }
        }
        for v in shape.pending_vertices() {
            set(&mut branch.pending, v);
        }
        branch
    }

    /// Searches every completion of the current state, which cost `g` so
    /// far and whose pending vertices are bounded by `h` in all.
    fn expand(&mut self, g: u64, h: u64) -> Result<(), Aborted> {
        if self.pending.iter().all(|&w| w == 0) {
            if g < self.best.cost {
                self.best = Found {
                    order: self.prefix.clone(),
                    cost: g,
                };
            }
            return Ok(());
        }
        if g + h >= self.best.cost || !self.first_visit(g) {
            return Ok(());
        }
        if self.states >= MAX_STATES || self.work >= MAX_WORK {
            self.frontier = self.frontier.min(g + h);
            return Err(Aborted);
        }
        self.states += 1;
        let left = (self.total - self.prefix.len()) as u64;
        self.work += left * self.words as u64 + 1;
        let children = self.children(g, h);
        for (k, &(f, cost, v)) in children.iter().enumerate() {
            if f >= self.best.cost {
                break;
            }
            let mark = self.eliminate(v);
            let result = self.expand(g + cost, h - self.bounds[v as usize]);
            self.undo(v, mark);
            if result.is_err() {
                let rest = children[k + 1..].iter().map(|c| c.0).min();
                self.frontier = self.frontier.min(rest.unwrap_or(u64::MAX));
                return result;
            }
        }
        Ok(())
    }

    /// Records that the current set was reached at cost `g`; false when it
    /// was reached as cheaply before.
    fn first_visit(&mut self, g: u64) -> bool {
        match self.memo.get_mut(self.pending.as_slice()) {
            Some(seen) if *seen <= g => false,
            Some(seen) => {
                *seen = g;
                true
            }
            None => {
                self.memo.insert(self.pending.clone().into_boxed_slice(), g);
                true
            }
        }
    }

    /// The pending vertices as `(cost + bound after, cost, vertex)`,
    /// cheapest first.
    fn children(&self, g: u64, h: u64) -> Vec<(u64, u64, u32)> {
        let mut children: Vec<(u64, u64, u32)> = ones(&self.pending)
            .map(|v| {
                let cost = self.degree(&self.preds, v) * self.degree(&self.succs, v);
                (g + cost + h - self.bounds[v as usize], cost, v)
            })
            .collect();
        children.sort_unstable();
        children
    }

    /// How many bits `v`'s row of `rows` has set.
    fn degree(&self, rows: &[u64], v: u32) -> u64 {
        let row = &rows[v as usize * self.words..][..self.words];
        row.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Eliminates `v`; the log's length before, to undo it.
    fn eliminate(&mut self, v: u32) -> usize {
        let mark = self.log.len();
        let w = self.words;
        let (ins, outs): (Vec<u32>, Vec<u32>) = (
            ones(&self.preds[v as usize * w..][..w]).collect(),
            ones(&self.succs[v as usize * w..][..w]).collect(),
        );
        for p in ins {
            self.join(2 * p as usize + 1, v);
        }
        for s in outs {
            self.join(2 * s as usize, v);
        }
        clear(&mut self.pending, v);
        self.prefix.push(v);
        mark
    }

    /// Row `row` (`2v`: `v`'s predecessors, `2v + 1`: its successors) loses
    /// `through` and gains the same side of it (its predecessors when the
    /// row is of predecessors). The old words are logged.
    fn join(&mut self, row: usize, through: u32) {
        let w = self.words;
        let (rows, vertex) = match row % 2 {
            0 => (&mut self.preds, row / 2),
            _ => (&mut self.succs, row / 2),
        };
        for k in 0..w {
            self.log.push((row * w + k, rows[vertex * w + k]));
            let added = rows[through as usize * w + k];
            rows[vertex * w + k] |= added;
        }
        clear(&mut rows[vertex * w..][..w], through);
    }

    /// Steps back over `v`'s elimination.
    fn undo(&mut self, v: u32, mark: usize) {
        let w = self.words;
        for (slot, old) in self.log.drain(mark..).rev() {
            let (row, k) = (slot / w, slot % w);
            let rows = match row % 2 {
                0 => &mut self.preds,
                _ => &mut self.succs,
            };
            rows[row / 2 * w + k] = old;
        }
        set(&mut self.pending, v);
        self.prefix.pop();
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Refused::Size { pending, vertices } => write!(
                f,
                "--elimination-order optimal refused: the graph has {pending} vertices to \
                 eliminate ({vertices} in all); an exact search takes on at most \
                 {MAX_OPTIMAL_VERTICES} ({MAX_OPTIMAL_GRAPH} in all): use --elimination-order search"
            ),
            Refused::States { best, lower } => write!(
                f,
                "--elimination-order optimal gave up at its budget ({MAX_STATES} states or \
                 {MAX_WORK} units of work): the best order found takes {best} multiply-adds and \
                 every order takes at least {lower}; use --elimination-order search"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modes::ordering::markowitz;

    #[test]
    fn the_optimum_of_a_small_graph_is_its_cheapest_order() {
        // a=0 b=1 c=2 d=3 e=4; c = a+b, d = b+1, e = c*d: both orders take 3.
        let edges = [(0, 2), (1, 2), (1, 3), (2, 4), (3, 4)];
        let shape = Structure::new(&edges, &[false, false, true, true, false]);
        let found = optimal(&shape, u64::MAX).unwrap();
        assert_eq!(found.cost, 3);
        assert_eq!(shape.cost_of(&shape.ids_of(&found.order)), Some(3));
        assert_eq!(markowitz::order(&shape, u64::MAX).unwrap().1, 3);
    }
}
