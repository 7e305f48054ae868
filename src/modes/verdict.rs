//! The verdict on one derivative: the decision rule of `dgraph check`.
//!
//! A claimed derivative is compared with the [`numeric`] estimate `n`,
//! which comes with its own error estimate `e` (Ridders' method: the step is chosen by the
//! function). With `tol = atol + rtol·|n|` and dgraph's value `a`:
//!
//! 0. The differences saw no change at any step, behind a node that feeds
//!    the quantity and swallowed even the largest step in its rounding
//!    (`1 + x` at `x = 1e-30`, see the `rounding` module): their
//!    0 may owe nothing to the function, so there is no estimate to judge
//!    by — INCONCLUSIVE, never PASS or FAIL.
//! 1. `|a − n| ≤ tol` (or NaN on both sides, or the same infinity): PASS.
//! 2. The quantity is not finite at the point: UNDEFINED (`log` of a
//!    negative number has a formula for its derivative, but no
//!    differences).
//! 3. A kink lies within the steps the estimate used: KINK — there the
//!    derivative is a convention (see `graph::op`) differences cannot
//!    confirm.
//! 4. No finite estimate (the function is not finite on one side of the
//!    point down to the smallest step): INCONCLUSIVE.
//! 5. The mismatch is within what the differences resolve — `|a − n| ≤
//!    tol + 2e + η_a`, with `η_a` the rounding noise of dgraph's own value
//!    (its sum of path products, in ulps) — or, for a `nan` or infinite
//!    `a`, the differences do not pin the derivative down (`e > tol`):
//!    INCONCLUSIVE.
//! 6. The differences clearly disagree; now the [`taylor`] remainder is
//!    read, first of the differences' own estimate `n` (known to `±e`):
//!    the function must be smooth at the steps probed. First order — a
//!    cone such as `sqrt(x^2)` at 0, or `hypot(x, 1e-200)` seen at steps
//!    far larger than 1e-200, which no kink rule knows — is NOT SMOOTH,
//!    and of no clear order, unclear: INCONCLUSIVE either way.
//! 7. Second order: the function is smooth, so the differences stand. A
//!    `nan` or infinite `a` FAILS. A finite `a` waits for its own
//!    remainder: first order (slope ≈ 1) confirms, FAIL; second order
//!    (slope ≈ 2) says `a` is consistent with `f` as far as it can see —
//!    if its bound on the error it could hide, `r(h)/h`, is below
//!    `|a − n|`, the witnesses contradict each other: INCONCLUSIVE; if
//!    not, it is too coarse to see an error that small: FAIL. Unclear:
//!    INCONCLUSIVE.
//!
//! So a FAIL needs the differences, within their own error and dgraph's
//! rounding, to disagree; the function to be smooth where they looked; and
//! the remainder of dgraph's value, free of any step, to agree or to be
//! too coarse to see an error that small. A wrong derivative fails: its
//! remainder is first order once the step is small, or too coarse to
//! contradict. A right one is not failed by a step too large, by
//! differences drowned in rounding (their error estimate, at least the
//! rounding [`noise`](super::noise), says so), by a function that is not
//! smooth at the steps taken, or by differences fooled into confidence (the
//! remainder contradicts them). The remainders cost evaluations only for
//! derivatives that do not pass: up to 24 pairs per input.

use std::cell::OnceCell;

use super::check::{Check, Doubt, Rounding, Subject, Tolerance, Verdict};
use super::numeric::{self, Along, Estimate};
use super::rounding;
use super::taylor::{self, Order, Remainders, Witness};
use crate::graph::{Graph, NodeId};

/// How many error estimates beyond the tolerance a clear disagreement is.
const RESOLUTION: f64 = 2.0;

/// How much finer than the tolerance the differences aim to be.
const GOAL: f64 = 16.0;

/// The evidence along one input: the differences, and the remainders once
/// a derivative needs them.
pub struct Evidence<'a, R> {
    graph: &'a Graph,
    at: Along<'a>,
    read: R,
    noise: &'a [f64],
    tolerance: Tolerance,
    estimate: Estimate,
    /// Per quantity, the node that swallowed the steps, when the
    /// differences could see nothing (their estimate is then dropped).
    rounded: Vec<Option<NodeId>>,
    remainders: OnceCell<Remainders>,
}

impl<'a, R: Fn(&[f64]) -> Vec<f64>> Evidence<'a, R> {
    /// Takes the differences of the quantities `read` takes, along one
    /// input, each quantity with its rounding `noise`, as finely as
    /// `tolerance` needs. `sources` names the node each quantity is
    /// computed from (an output, or the output whose gradient it is).
    pub fn gather(
        graph: &'a Graph,
        at: Along<'a>,
        (noise, tolerance): (&'a [f64], Tolerance),
        sources: &[Option<NodeId>],
        read: R,
    ) -> Evidence<'a, R> {
        let goal = |estimate: f64| tolerance.bound(estimate) / GOAL;
        let mut estimate = numeric::differentiate(graph, at, noise, goal, &read);
        let rounded = rounded(graph, at.values, &estimate, sources);
        for (q, node) in rounded.iter().enumerate() {
            if node.is_some() {
                (estimate.derivatives[q], estimate.errors[q]) = (f64::NAN, f64::INFINITY);
            }
        }
        Evidence {
            graph,
            at,
            read,
            noise,
            tolerance,
            estimate,
            rounded,
            remainders: OnceCell::new(),
        }
    }

    /// Evaluations of the graph spent on both witnesses so far.
    pub fn evaluations(&self) -> usize {
        self.estimate.evaluations + self.remainders.get().map_or(0, |r| r.evaluations)
    }

    /// The check of `analytic` (with rounding `noise` of its own), claimed
    /// as the derivative of quantity number `quantity`, for
    /// `(output, input, subject)`.
    pub fn check(
        &self,
        (output, input, subject): (usize, usize, Subject),
        (analytic, noise): (f64, f64),
        quantity: usize,
    ) -> Check {
        let (verdict, taylor) = self.verdict((analytic, noise), quantity);
        Check {
            output,
            input,
            subject,
            analytic,
            numeric: self.estimate.derivatives[quantity],
            error: self.estimate.errors[quantity],
            taylor,
            verdict,
            kinks: self.estimate.kinks.clone(),
        }
    }

    /// The verdict on `analytic` (to within its rounding `noise`) for
    /// quantity `quantity`, and the Taylor remainder's witness when it was
    /// read.
    fn verdict(
        &self,
        (analytic, noise): (f64, f64),
        quantity: usize,
    ) -> (Verdict, Option<Witness>) {
        let estimate = &self.estimate;
        let numeric = estimate.derivatives[quantity];
        let error = estimate.errors[quantity];
        if let Some(node) = self.rounded[quantity] {
            let rounding = Rounding {
                node,
                value: self.at.values[node.index()],
                step: estimate.step.unwrap_or(0.0),
            };
            return (Verdict::Inconclusive(Doubt::Rounding(rounding)), None);
        } else if self.tolerance.agrees(analytic, numeric) {
            return (Verdict::Pass, None);
        } else if !estimate.at_point[quantity].is_finite() {
            return (Verdict::Undefined, None);
        } else if !estimate.kinks.is_empty() {
            return (Verdict::Kink, None);
        } else if !(numeric.is_finite() && error.is_finite()) {
            return (Verdict::Inconclusive(Doubt::NoDifferences), None);
        }
        let finite = analytic.is_finite();
        let said = finite.then(|| self.taylor(quantity, (analytic, noise)));
        let mismatch = (analytic - numeric).abs();
        let tolerance = self.tolerance.bound(numeric);
        let clear = match finite {
            true => mismatch > tolerance + RESOLUTION * error + noise,
            false => error <= tolerance,
        };
        if !clear {
            return (Verdict::Inconclusive(Doubt::Unresolved), said);
        }
        let own = self.taylor(quantity, (numeric, error));
        match (own.order, said) {
            (Order::First, _) => (Verdict::Inconclusive(Doubt::NotSmooth), Some(own)),
            (Order::Unclear, _) => (Verdict::Inconclusive(Doubt::Unclear), Some(own)),
            (Order::Second, None) => (Verdict::Fail, Some(own)),
            (Order::Second, Some(said)) => {
                let verdict = match said.order {
                    Order::First => Verdict::Fail,
                    Order::Second if said.bound < mismatch => {
                        Verdict::Inconclusive(Doubt::Contradicted)
                    }
                    Order::Second => Verdict::Fail,
                    Order::Unclear => Verdict::Inconclusive(Doubt::Unclear),
                };
                (verdict, Some(said))
            }
        }
    }

    /// The Taylor remainder's witness for `claimed` (to within its
    /// uncertainty) as the derivative of quantity `quantity`; the
    /// remainders are sampled on first use.
    fn taylor(&self, quantity: usize, claimed: (f64, f64)) -> Witness {
        let remainders = self.remainders.get_or_init(|| {
            let start = self.estimate.step.unwrap_or(0.0);
            taylor::along(self.graph, self.at, start, &self.read)
        });
        remainders.witness(quantity, claimed, self.noise[quantity])
    }
}

/// Per quantity, the first node that swallowed the first step and feeds
/// the quantity's source, when no row changed the quantity.
fn rounded(
    graph: &Graph,
    values: &[f64],
    estimate: &Estimate,
    sources: &[Option<NodeId>],
) -> Vec<Option<NodeId>> {
    let mut feeding: Option<(NodeId, Vec<bool>)> = None;
    (0..estimate.flat.len())
        .map(|q| {
            let source = sources[q].filter(|_| estimate.flat[q])?;
            if estimate.swallowed.is_empty() {
                return None;
            }
            if feeding.as_ref().is_none_or(|(node, _)| *node != source) {
                feeding = Some((source, rounding::feeding(graph, values, source)));
            }
            let (_, feeds) = feeding.as_ref().expect("just set");
            estimate
                .swallowed
                .iter()
                .copied()
                .find(|id| feeds[id.index()])
        })
        .collect()
}
