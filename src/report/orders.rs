//! Eliminate mode's order next to the others, in words: the lines
//! `--stats` and `--explain` print so that the cost of the order shows.

use super::plural;
use super::table::duration;
use crate::modes::budget::MAX_FILLS;
use crate::modes::eliminate::{Comparison, Timed};
use crate::modes::ordering::{Strategy, MAX_SEARCH_VERTICES};

/// One line: the multiply-adds of the order used and of every other.
pub fn counts(c: &Comparison) -> String {
    let count = |t: Option<Timed>| fills(t.map(|t| t.cost));
    let mut counts = vec![format!("Markowitz {}", count(c.markowitz))];
    if let Some(search) = c.search {
        counts.push(format!("search {}", search.cost));
    }
    if let Some(optimal) = c.optimal {
        counts.push(format!("optimal {}", optimal.cost));
    }
    counts.push(format!("forward {}", fills(c.forward)));
    counts.push(format!("reverse {}", fills(c.reverse)));
    let fell_back = match (c.asked, c.used) {
        (Strategy::Search, Strategy::Markowitz) => {
            format!(" (the search takes on at most {MAX_SEARCH_VERTICES} vertices to eliminate)")
        }
        _ => String::new(),
    };
    format!(
        "eliminate: {} in the {} order{fell_back}; orders: {} (forward and reverse: the sweeps' counts without their products with the seed 1)",
        plural(c.chosen.cost as usize, "multiply-add", "multiply-adds"),
        name(c.used),
        counts.join(", "),
    )
}

/// One line: how long each planned order took to find (the time varies
/// from run to run, so `--explain` leaves it out).
pub fn times(c: &Comparison) -> String {
    let mut times = Vec::new();
    for (name, timed) in [
        ("Markowitz", c.markowitz),
        ("search", c.search),
        ("optimal", c.optimal),
    ] {
        if let Some(t) = timed {
            times.push(format!("{name} {}", duration(t.seconds)));
        }
    }
    format!("time to find each order: {}", times.join(", "))
}

/// A strategy's name in a sentence.
fn name(strategy: Strategy) -> &'static str {
    match strategy {
        Strategy::Markowitz => "Markowitz",
        Strategy::Search => "search's",
        Strategy::Optimal => "optimal",
    }
}

/// An elimination's multiply-adds, or that it was abandoned.
fn fills(count: Option<u64>) -> String {
    match count {
        Some(count) => count.to_string(),
        None => format!("more than {MAX_FILLS}"),
    }
}
