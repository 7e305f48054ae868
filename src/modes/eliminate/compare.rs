//! What the elimination would cost in each order, side by side: the order a
//! run uses next to Markowitz's, forward mode's and reverse mode's, with the
//! time each took to find (`--stats`, `--explain`).

use std::time::Instant;

use super::Abandoned;
use crate::modes::budget::MAX_FILLS;
use crate::modes::ordering::{self, Direction, Plan, Strategy, Unplanned, MAX_SEARCH_VERTICES};
use crate::modes::{Refused, Request};

/// An order's multiply-adds and the seconds it took to find.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timed {
    /// Multiply-adds.
    pub cost: u64,
    /// Seconds spent finding the order.
    pub seconds: f64,
}

/// The orders compared. A count that is `None` went past [`MAX_FILLS`].
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The strategy asked for.
    pub asked: Strategy,
    /// The strategy whose order is used (Markowitz when `search` fell back
    /// past [`MAX_SEARCH_VERTICES`] vertices).
    pub used: Strategy,
    /// The order used: its count and time.
    pub chosen: Timed,
    /// The order used, to run without planning it again.
    pub plan: Plan,
    /// Greedy Markowitz.
    pub markowitz: Option<Timed>,
    /// The search (`None` past [`MAX_SEARCH_VERTICES`]).
    pub search: Option<Timed>,
    /// The proved optimum, when asked for.
    pub optimal: Option<Timed>,
    /// Increasing id order: forward mode's.
    pub forward: Option<u64>,
    /// Decreasing id order: reverse mode's.
    pub reverse: Option<u64>,
}

/// Plans `request`'s elimination every way; refused as the run would be
/// (an optimum not proved, every order past [`MAX_FILLS`]).
pub fn compare(request: &Request<'_>) -> Result<Comparison, Refused> {
    let shape = super::shape(request);
    let timed = |strategy| {
        let started = Instant::now();
        let plan = ordering::plan(&shape, strategy, MAX_FILLS);
        plan.map(|plan: Plan| (plan, started.elapsed().as_secs_f64()))
    };
    let markowitz = timed(Strategy::Markowitz).ok();
    let search = match shape.left() > MAX_SEARCH_VERTICES {
        true => None,
        false => timed(Strategy::Search).ok(),
    };
    let optimal = match request.order {
        Strategy::Optimal => Some(timed(Strategy::Optimal).map_err(
            |unplanned| match unplanned {
                Unplanned::Fills => Refused::from(Abandoned),
                Unplanned::Optimal(refused) => Refused::Order(refused),
            },
        )?),
        _ => None,
    };
    let (used, chosen) = match (request.order, &search) {
        (Strategy::Optimal, _) => (Strategy::Optimal, &optimal),
        (Strategy::Search, Some(_)) => (Strategy::Search, &search),
        _ => (Strategy::Markowitz, &markowitz),
    };
    let (plan, _) = chosen.clone().ok_or(Refused::from(Abandoned))?;
    let timing = |found: &Option<(Plan, f64)>| {
        found.as_ref().map(|(plan, seconds)| Timed {
            cost: plan.cost,
            seconds: *seconds,
        })
    };
    Ok(Comparison {
        asked: request.order,
        used,
        chosen: timing(chosen).ok_or(Refused::from(Abandoned))?,
        plan,
        markowitz: timing(&markowitz),
        search: timing(&search),
        optimal: timing(&optimal),
        forward: ordering::in_id_order(&shape, Direction::Increasing, MAX_FILLS),
        reverse: ordering::in_id_order(&shape, Direction::Decreasing, MAX_FILLS),
    })
}
