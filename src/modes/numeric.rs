//! Finite differences with their own error estimate: the derivative that
//! owes nothing to the calculus table, for `dgraph check`.
//!
//! Ridders' method (Numerical Recipes' `dfridr`). Along one input, central
//! differences `D(h) = (f(x+h) − f(x−h)) / 2h` are taken at steps halving
//! from `h₀ = 3·2⁻¹²·max(|x|, 1)`, one row of the tableau per step, and each
//! is extrapolated against the rows before it (Neville's scheme in `h²`,
//! at most `DEPTH` columns deep, so that rows taken at a step too large
//! for the function drop out as the sweep moves on). Every entry's error is
//! its distance to its two neighbours of lower order, and at least the
//! rounding noise `2η/h` of the differences (η: the rounding noise of one
//! value, see [`super::noise`]); the estimate is the entry with the smallest
//! error, and that error comes with it. So the step is chosen by the
//! function: `sin(1000·x)` or `exp(x/1e-4)` simply take more rows.
//!
//! The sweep of a quantity stops when its error is below the `goal` (small
//! enough for the verdict), when the noise of the next, smaller steps can
//! only exceed the best error, or when the best estimate has settled to
//! three digits and the newest extrapolation moved away from it by twice
//! the error (Ridders' own rule); for all quantities together it stops
//! after at least [`MIN_ROWS`] and at most `ROWS` rows, and never takes a
//! step below `max(2⁻⁵⁰·|x|, 2⁻¹⁰⁰⁰)`. Cost: two evaluations of the graph
//! per row (the values at the point are given) — 6 at the least (a smooth
//! function meets the default tolerance there), 80 at the most.
//!
//! Where `x ± h₀` leaves the function's domain (a non-finite value beside
//! a finite one at `x`), the largest step that stays inside is found by
//! bisecting the step's exponent (about ten more pairs of evaluations) and
//! the sweep starts `MARGIN` times below it; when even the smallest step
//! leaves the domain there is no estimate (NaN, with an infinite error). A
//! row that leaves the domain later restarts the quantity's tableau.
//!
//! A quantity that no row changed at all, behind a node whose rounding
//! swallowed even the first step (see the `rounding` module), is reported
//! with the nodes that swallowed it: its 0 may owe nothing to the function.
//!
//! The sweep also watches the kinks: an operation with a kink (`abs`,
//! `relu`, `min`, `max`, a comparison) whose side changes between a row's
//! points and `x`, in the rows the estimate was drawn from, or that sits
//! exactly on its switch at `x`, makes the difference quotient meaningless
//! there; such nodes are reported with the estimate. A kink on its switch
//! stops the sweep at [`MIN_ROWS`]: smaller steps cannot help.

use super::kinks::Kinks;
use super::rounding;
use crate::graph::{evaluate, Graph, NodeId};

/// The first step, relative to `max(|x|, 1)`: 3·2⁻¹², about 7·10⁻⁴. Few
/// bits, so that `x ± h` and a polynomial's values there are exact; not a
/// power of two, so that halving it never lands on a half-period of
/// `sin(2π·2ᵏ·x)`, where every difference would be 0.
const FIRST_STEP: f64 = 7.32421875e-4;

/// The smallest step, relative to `|x|`: 2⁻⁵⁰, four bits above the last.
const RELATIVE_FLOOR: f64 = 8.881784197001252e-16;

/// The smallest step at all: 2⁻¹⁰⁰⁰.
const ABSOLUTE_FLOOR: f64 = 9.332636185032189e-302;

/// The most rows (steps) of the tableau.
const ROWS: usize = 40;

/// The fewest rows before the sweep may stop: two extrapolations.
pub const MIN_ROWS: usize = 3;

/// The most columns (orders of extrapolation) of the tableau.
const DEPTH: usize = 5;

/// How far below the domain's edge the sweep starts.
const MARGIN: f64 = 16.0;

/// Rounding noise of a value, at least, in units of its last place.
const ULPS: f64 = 4.0;

/// Finite-difference estimates along one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// d(quantity)/d(input), one per quantity read; NaN where no difference
    /// could be taken.
    pub derivatives: Vec<f64>,
    /// Each estimate's error estimate; infinite where there is none.
    pub errors: Vec<f64>,
    /// The quantities at the point itself.
    pub at_point: Vec<f64>,
    /// The first step of the sweep, when the function had one.
    pub step: Option<f64>,
    /// Kinks that lie within the steps the estimates used (or exactly at
    /// the point) and depend on the input.
    pub kinks: Vec<NodeId>,
    /// Per quantity: whether it was the same at `x ± h` as at `x` in every
    /// row taken (false when no row was taken).
    pub flat: Vec<bool>,
    /// When some quantity is flat, the nodes that swallowed the first
    /// (largest) step in their rounding, in id order.
    pub swallowed: Vec<NodeId>,
    /// Evaluations of the graph spent.
    pub evaluations: usize,
}

/// Where differences are taken.
#[derive(Debug, Clone, Copy)]
pub struct Along<'a> {
    /// Every graph input's value, in the order of [`Graph::inputs`].
    pub point: &'a [f64],
    /// Every node's value there.
    pub values: &'a [f64],
    /// The input that moves: an index into [`Graph::inputs`].
    pub position: usize,
}

/// Differentiates the quantities `read` takes from every node's values
/// `along` one input. `noise` is each quantity's rounding noise at the
/// point; `goal` the error small enough for an estimate of a given size.
pub fn differentiate(
    graph: &Graph,
    along: Along<'_>,
    noise: &[f64],
    goal: impl Fn(f64) -> f64,
    read: impl Fn(&[f64]) -> Vec<f64>,
) -> Estimate {
    let Along {
        point,
        values: centre,
        position,
    } = along;
    let mut probe = Probe::new(graph, point, position);
    let at_point = read(centre);
    let watched: Vec<bool> = at_point.iter().map(|v| v.is_finite()).collect();
    let inside = |row: &Row| {
        let [up, down] = [&row.up, &row.down].map(|values| read(values));
        (0..at_point.len()).all(|q| !watched[q] || (up[q].is_finite() && down[q].is_finite()))
    };
    let x = point[position];
    let floor = (x.abs() * RELATIVE_FLOOR).max(ABSOLUTE_FLOOR);
    let first = probe.row(FIRST_STEP * x.abs().max(1.0));
    let start = if inside(&first) {
        Some((first.step, Some(first)))
    } else {
        probe
            .edge(first.step, floor, inside)
            .map(|step| (step, None))
    };
    let mut kinks = Kinks::watch(graph, graph.inputs()[position], centre);
    let mut tableaux: Vec<Tableau> = watched.iter().map(|&w| Tableau::new(w)).collect();
    let step = start.as_ref().map(|&(step, _)| step);
    let mut flat = watched.clone();
    let mut first_row = None;
    if let Some((step, mut row)) = start {
        let rows = if kinks.on_switch() { MIN_ROWS } else { ROWS };
        let mut h = step;
        for index in 0..rows {
            if h < floor {
                break;
            }
            let row = row.take().unwrap_or_else(|| probe.row(h));
            kinks.row(&row);
            let [up, down] = [&row.up, &row.down].map(|values| read(values));
            for (q, tableau) in tableaux.iter_mut().enumerate() {
                let noise = noise[q].max(ULPS * f64::EPSILON * up[q].abs().max(down[q].abs()));
                tableau.push(index, row.step, (up[q], down[q]), noise, &goal);
                flat[q] &= up[q] == at_point[q] && down[q] == at_point[q];
            }
            first_row.get_or_insert(row);
            if index + 1 >= MIN_ROWS && tableaux.iter().all(|t| t.done) {
                break;
            }
            h /= 2.0;
        }
    }
    let from = tableaux.iter().filter_map(|t| t.from).min().unwrap_or(0);
    let flat: Vec<bool> = flat.iter().map(|&f| f && first_row.is_some()).collect();
    let swallowed = match (&first_row, flat.contains(&true)) {
        (Some(row), true) => rounding::swallowing(graph, centre, row),
        _ => Vec::new(),
    };
    Estimate {
        derivatives: tableaux.iter().map(|t| t.best).collect(),
        errors: tableaux.iter().map(|t| t.error).collect(),
        at_point,
        step,
        kinks: kinks.found(from),
        flat,
        swallowed,
        evaluations: probe.evaluations,
    }
}

/// Every node's values at `x + h` and `x − h`.
pub struct Row {
    /// The step as the arithmetic took it: half the distance between the
    /// two points.
    pub step: f64,
    /// Values at `x + h`.
    pub up: Vec<f64>,
    /// Values at `x − h`.
    pub down: Vec<f64>,
}

/// Evaluations of the graph along one input, counted.
pub struct Probe<'a> {
    graph: &'a Graph,
    point: Vec<f64>,
    position: usize,
    /// Evaluations so far.
    pub evaluations: usize,
}

impl<'a> Probe<'a> {
    /// A probe moving input number `position` of `point`.
    pub fn new(graph: &'a Graph, point: &[f64], position: usize) -> Probe<'a> {
        Probe {
            graph,
            point: point.to_vec(),
            position,
            evaluations: 0,
        }
    }

    /// Every node's values with the input moved by `shift`.
    pub fn at(&mut self, shift: f64) -> Vec<f64> {
        let x = self.point[self.position];
        self.point[self.position] = x + shift;
        let values = evaluate(self.graph, &self.point);
        self.point[self.position] = x;
        self.evaluations += 1;
        values
    }

    /// The values at `x ± h`.
    pub fn row(&mut self, h: f64) -> Row {
        let x = self.point[self.position];
        Row {
            step: ((x + h) - (x - h)) / 2.0,
            up: self.at(h),
            down: self.at(-h),
        }
    }

    /// The step to start from when `outside` is outside the domain: the
    /// largest step that stays `inside` (to a factor of 2), over
    /// [`MARGIN`], and not below `floor`; `None` when `floor` leaves too.
    fn edge(&mut self, outside: f64, floor: f64, inside: impl Fn(&Row) -> bool) -> Option<f64> {
        let mut outside = outside;
        let mut within = floor;
        if !inside(&self.row(within)) {
            return None;
        }
        while outside > 2.0 * within {
            let middle = (within.sqrt() * outside.sqrt()).max(within * 1.5);
            if inside(&self.row(middle)) {
                within = middle;
            } else {
                outside = middle;
            }
        }
        Some((within / MARGIN).max(floor))
    }
}

/// Ridders' tableau of one quantity: the last row, and the best entry.
struct Tableau {
    /// The last row's entries, by order of extrapolation.
    previous: Vec<f64>,
    /// The best estimate so far (NaN: none).
    best: f64,
    /// Its error (infinite: none).
    error: f64,
    /// The first row the best estimate was extrapolated from.
    from: Option<usize>,
    /// Whether the sweep is over for this quantity.
    done: bool,
}

impl Tableau {
    /// An empty tableau; one for a quantity not finite at the point is done
    /// before it starts.
    fn new(watched: bool) -> Tableau {
        Tableau {
            previous: Vec::new(),
            best: f64::NAN,
            error: f64::INFINITY,
            from: None,
            done: !watched,
        }
    }

    /// Adds row `index`: the values at `x ± step`, each with rounding
    /// `noise`.
    fn push(
        &mut self,
        index: usize,
        step: f64,
        (up, down): (f64, f64),
        noise: f64,
        goal: impl Fn(f64) -> f64,
    ) {
        if self.done {
            return;
        }
        if !(up.is_finite() && down.is_finite()) {
            self.previous.clear();
            return;
        }
        let noise = 2.0 * noise / step;
        let mut row = Vec::with_capacity(DEPTH + 1);
        row.push((up - down) / (2.0 * step));
        for j in 1..=self.previous.len().min(DEPTH) {
            let factor = 4f64.powi(j as i32);
            let value = (factor * row[j - 1] - self.previous[j - 1]) / (factor - 1.0);
            let error = (value - row[j - 1])
                .abs()
                .max((value - self.previous[j - 1]).abs())
                .max(noise);
            if error < self.error {
                (self.best, self.error, self.from) = (value, error, Some(index - j));
            }
            row.push(value);
        }
        let moved = match (row.last(), self.previous.last()) {
            (Some(new), Some(old)) if row.len() > 1 => (new - old).abs(),
            _ => 0.0,
        };
        let settled = self.error <= 1e-3 * self.best.abs();
        self.done = self.error <= goal(self.best)
            || noise >= self.error
            || (settled && moved >= 2.0 * self.error);
        self.previous = row;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, Value};

    /// The derivative of the last statement of `source` by its input
    /// number `position`, at `point`, to a relative goal of 1e-8.
    fn estimate(source: &str, point: &[f64], position: usize) -> Estimate {
        let program = graph::build(source).unwrap();
        let Value::Node(out) = program.last.value else {
            panic!("{source}: a constant");
        };
        let goal = |d: f64| 1e-8 * d.abs();
        let values = evaluate(&program.graph, point);
        let along = Along {
            point,
            values: &values,
            position,
        };
        differentiate(&program.graph, along, &[0.0], goal, |values| {
            vec![values[out.index()]]
        })
    }

    fn close(e: &Estimate, exact: f64) -> bool {
        let d = e.derivatives[0];
        (d - exact).abs() <= 2.0 * e.errors[0] && e.errors[0] <= 1e-7 * exact.abs()
    }

    #[test]
    fn a_smooth_function_takes_three_rows_and_is_accurate() {
        let e = estimate("y = exp(x) * sin(x)", &[0.7], 0);
        let exact = 0.7f64.exp() * (0.7f64.sin() + 0.7f64.cos());
        assert!(close(&e, exact), "{e:?}");
        assert!((e.derivatives[0] - exact).abs() < 1e-10 * exact, "{e:?}");
        assert_eq!(e.evaluations, 2 * MIN_ROWS, "{e:?}");
        assert!(e.kinks.is_empty());
    }

    #[test]
    fn a_fast_function_takes_smaller_steps() {
        let e = estimate("y = sin(1/x)", &[1e-3], 0);
        let exact = -(1e3f64).cos() * 1e6;
        assert!(close(&e, exact), "{e:?}");
        let e = estimate("y = exp(x/1e-4)", &[1e-4], 0);
        assert!(close(&e, 1f64.exp() * 1e4), "{e:?}");
    }

    #[test]
    fn the_step_scales_with_the_input_and_shrinks_at_the_domains_edge() {
        assert_eq!(estimate("y = x*x", &[1000.0], 0).step, Some(0.732421875));
        let e = estimate("y = sqrt(x)", &[1e-25], 0);
        assert!(e.step.unwrap() < 1e-26, "{e:?}");
        assert!(close(&e, 0.5 / 1e-25f64.sqrt()), "{e:?}");
    }

    #[test]
    fn no_step_inside_the_domain_gives_no_estimate() {
        for x in [0.0, 1e-300] {
            let e = estimate("y = sqrt(x)", &[x], 0);
            assert!(e.derivatives[0].is_nan(), "{e:?}");
            assert_eq!(e.errors[0], f64::INFINITY, "{e:?}");
        }
    }

    #[test]
    fn kinks_in_the_steps_used_are_found_and_others_are_not() {
        let at_zero = estimate("u = abs(x); v = max(x, y); w = u + v", &[0.0, 1.0], 0);
        assert_eq!(at_zero.kinks, vec![NodeId(1)]);
        let on_the_tie = estimate("u = abs(x); v = max(x, y); w = u + v", &[1.0, 1.0], 0);
        assert_eq!(on_the_tie.kinks, vec![NodeId(3)]);
        let far = estimate("y = relu(x) + abs(x - 3)", &[0.5], 0);
        assert!(far.kinks.is_empty(), "{far:?}");
        // The first steps cross relu's switch, the estimate's do not.
        let near = estimate("y = relu(x)*x", &[1e-5], 0);
        assert!(near.kinks.is_empty(), "{near:?}");
        assert!(close(&near, 2e-5), "{near:?}");
    }
}
