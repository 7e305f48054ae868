//! Elimination orders: which vertex of the linearized graph goes when.
//!
//! The order decides what vertex elimination costs (the sum over paths can
//! be factored in many ways), and the cost depends only on the graph's
//! shape, not its labels. This module works on that shape, a
//! [`Structure`], and finds an order three ways (`--elimination-order`):
//!
//! - [`markowitz`]: greedy, the cheapest vertex now, highest id on a tie;
//! - [`search`]: Markowitz with look-ahead under a budget of work — the
//!   default, up to [`MAX_SEARCH_VERTICES`] vertices to eliminate, past
//!   which it falls back to Markowitz;
//! - [`optimal`]: branch and bound over the sets of eliminated vertices with
//!   an admissible lower bound ([`bound`]), up to [`MAX_OPTIMAL_VERTICES`]
//!   vertices and [`optimal::MAX_STATES`] states, refused past either.
//!
//! Every budget counts work, not time: the same program always gets the
//! same order and count. The numeric elimination then runs the order once,
//! and counts its multiply-adds as it does them; they equal the cost
//! predicted here.

mod bits;
pub mod bound;
pub mod markowitz;
pub mod optimal;
pub mod search;
pub mod structure;

use std::fmt;

pub use structure::Structure;

/// The most vertices to eliminate that `search` looks ahead on; past it,
/// the default order is Markowitz's.
pub const MAX_SEARCH_VERTICES: usize = 4_096;

/// The most vertices to eliminate that `optimal` takes on.
pub const MAX_OPTIMAL_VERTICES: usize = 512;

/// How to choose the elimination order (`--elimination-order`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// Greedy Markowitz.
    Markowitz,
    /// Markowitz with look-ahead, under a budget of work (the default).
    #[default]
    Search,
    /// The cheapest order, proved by an exact search.
    Optimal,
}

impl Strategy {
    /// The strategy's name on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Markowitz => "markowitz",
            Strategy::Search => "search",
            Strategy::Optimal => "optimal",
        }
    }
}

/// An elimination order and what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The vertices to eliminate, as the caller numbers them, in order.
    pub order: Vec<u32>,
    /// Its multiply-adds.
    pub cost: u64,
    /// The strategy that found it (Markowitz, when search fell back).
    pub by: Strategy,
    /// Whether `search` fell back to Markowitz past
    /// [`MAX_SEARCH_VERTICES`].
    pub fell_back: bool,
}

/// Why no order was planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unplanned {
    /// Every order tried passed the multiply-add limit.
    Fills,
    /// `optimal` refused: too many vertices or states.
    Optimal(optimal::Refused),
}

/// Plans the elimination of every pending vertex of `shape` with
/// `strategy`, none of whose orders may pass `limit` multiply-adds.
pub fn plan(shape: &Structure, strategy: Strategy, limit: u64) -> Result<Plan, Unplanned> {
    let fell_back = strategy == Strategy::Search && shape.left() > MAX_SEARCH_VERTICES;
    let (found, by) = match strategy {
        Strategy::Markowitz => (markowitz_found(shape, limit)?, Strategy::Markowitz),
        Strategy::Search if fell_back => (markowitz_found(shape, limit)?, Strategy::Markowitz),
        Strategy::Search => {
            let found = search::search(shape, search::SEARCH_WORK, limit);
            (found.ok_or(Unplanned::Fills)?, Strategy::Search)
        }
        Strategy::Optimal => (optimal::optimal(shape, limit)?, Strategy::Optimal),
    };
    Ok(Plan {
        order: shape.ids_of(&found.order),
        cost: found.cost,
        by,
        fell_back,
    })
}

/// Markowitz's order as a search result.
fn markowitz_found(shape: &Structure, limit: u64) -> Result<search::Found, Unplanned> {
    let (order, cost) = markowitz::order(shape, limit).ok_or(Unplanned::Fills)?;
    Ok(search::Found { order, cost })
}

impl fmt::Display for Unplanned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unplanned::Fills => f.write_str("every order tried passed the multiply-add budget"),
            Unplanned::Optimal(refused) => refused.fmt(f),
        }
    }
}

/// Which way through the ids an order goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Increasing ids: forward mode's order.
    Increasing,
    /// Decreasing ids: reverse mode's order.
    Decreasing,
}

/// What eliminating `shape`'s pending vertices in id order costs, or `None`
/// past `limit` multiply-adds.
pub fn in_id_order(shape: &Structure, direction: Direction, limit: u64) -> Option<u64> {
    let mut order: Vec<u32> = shape.pending_vertices().collect();
    if direction == Direction::Decreasing {
        order.reverse();
    }
    let mut copy = shape.clone();
    let mut scratch = Vec::new();
    for v in order {
        if copy.fills + copy.cost(v) > limit {
            return None;
        }
        copy.eliminate(v, &mut scratch);
    }
    Some(copy.fills - shape.fills)
}
