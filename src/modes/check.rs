//! `dgraph check`: every derivative dgraph computes, against finite
//! differences, with the Taylor remainder as a second witness.
//!
//! Each mode's Jacobian entry ∂out/∂x (and, when asked, each Hessian entry
//! ∂²out/∂x_i∂x_j, against differences of the reverse-mode gradient) is
//! judged by the rule in [`verdict`](super::verdict): PASS within
//! tolerance, FAIL only when both witnesses allow it, KINK, UNDEFINED or
//! INCONCLUSIVE otherwise. [`judge`] takes any claimed derivatives, so a
//! deliberately wrong one can be shown to fail.
//!
//! Cost per input: the [`numeric`](super::numeric) sweep (6 evaluations of
//! the graph for a smooth function, 80 at the most, plus about 20 near a
//! domain's edge), and the [`taylor`](super::taylor) remainders (up to 48)
//! only when some derivative along it does not pass. With the Hessian, the
//! same again over the gradient, each evaluation followed by a reverse
//! sweep.

use super::numeric::Along;
use super::taylor::Witness;
use super::verdict::Evidence;
use super::{hessian, noise, reverse, run, Mode, NoTrace, Refused, Request};
use crate::graph::{NodeId, Value};

/// How close is close enough.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// Relative to the numeric value.
    pub rtol: f64,
    /// Absolute.
    pub atol: f64,
}

impl Tolerance {
    /// Whether `analytic` agrees with `numeric`. Two NaNs do not: a NaN
    /// estimate is no estimate, and agreeing with it earns nothing.
    pub fn agrees(self, analytic: f64, numeric: f64) -> bool {
        analytic == numeric || (analytic - numeric).abs() <= self.bound(numeric)
    }

    /// `atol + rtol·|numeric|`.
    pub fn bound(self, numeric: f64) -> f64 {
        self.atol + self.rtol * numeric.abs()
    }
}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Within tolerance.
    Pass,
    /// The differences clearly disagree and the remainder is first order.
    Fail,
    /// Outside tolerance, but a kink lies within the steps.
    Kink,
    /// Outside tolerance, but the quantity is not finite at the point.
    Undefined,
    /// Outside tolerance, but the witnesses cannot decide.
    Inconclusive(Doubt),
}

/// Why a check is inconclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Doubt {
    /// No finite difference could be taken.
    NoDifferences,
    /// The mismatch is within the differences' own error estimate.
    Unresolved,
    /// The differences disagree, but the remainder is second order.
    Contradicted,
    /// The differences disagree, but the remainder's order is unclear.
    Unclear,
    /// The differences disagree, but the function shows no derivative at
    /// the steps taken: the remainder of their own estimate is first order.
    NotSmooth,
    /// No step changed the quantity: a node's rounding swallowed them, so
    /// the differences see nothing.
    Rounding(Rounding),
}

/// Where the steps of the differences vanished in rounding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rounding {
    /// The node that did not move although its operands did.
    pub node: NodeId,
    /// Its value, at the point and at every step.
    pub value: f64,
    /// The largest step taken.
    pub step: f64,
}

/// What was checked: a mode's first derivative or a Hessian entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// ∂out/∂x by a mode.
    First(Mode),
    /// ∂²out/∂x∂y (forward over reverse), with y's position in `wrt`.
    Second(usize),
}

/// One comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// The output's position in the request.
    pub output: usize,
    /// The input's position in `wrt` (the one the difference moves).
    pub input: usize,
    /// What was checked.
    pub subject: Subject,
    /// dgraph's value.
    pub analytic: f64,
    /// The finite-difference estimate.
    pub numeric: f64,
    /// Its error estimate (infinite: none).
    pub error: f64,
    /// The Taylor remainder's witness, when it was read (for a claim that
    /// is not finite, the witness for the differences' own estimate).
    pub taylor: Option<Witness>,
    /// The verdict.
    pub verdict: Verdict,
    /// Kinks within the steps.
    pub kinks: Vec<NodeId>,
}

impl Check {
    /// `|analytic − numeric|`: 0 where the two are equal (the same
    /// infinity included); `None` where either is NaN, so no error is
    /// defined.
    pub fn absolute_error(&self) -> Option<f64> {
        if self.analytic == self.numeric {
            Some(0.0)
        } else if self.analytic.is_nan() || self.numeric.is_nan() {
            None
        } else {
            Some((self.analytic - self.numeric).abs())
        }
    }

    /// `|analytic − numeric| / |numeric|`: 0 where the two are equal (0 and
    /// 0 included: not 0/0), infinite where only the estimate is 0;
    /// `None` where no ratio is defined (a NaN, or an infinite estimate).
    pub fn relative_error(&self) -> Option<f64> {
        let error = self.absolute_error()?;
        match error == 0.0 {
            true => Some(0.0),
            false => Some(error / self.numeric.abs()).filter(|r| !r.is_nan()),
        }
    }
}

/// Every check, and the modes that were refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Checks {
    /// Output by output, input by input, subject by subject.
    pub checks: Vec<Check>,
    /// A mode that was refused (paths over its limit, a budget), when one was.
    pub refused: Option<Refused>,
    /// Evaluations of the graph the witnesses spent.
    pub evaluations: usize,
}

impl Checks {
    /// The failures.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.verdict == Verdict::Fail)
    }
}

/// The derivatives to check: what dgraph computed ([`claims`]) or any
/// others.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    /// Each mode's Jacobian, `[output][input]`.
    pub jacobians: Vec<(Mode, Vec<Vec<f64>>)>,
    /// The first output's Hessian over `wrt`, when asked.
    pub hessian: Option<Vec<Vec<f64>>>,
    /// A mode that was refused (paths over its limit, a budget), when one was.
    pub refused: Option<Refused>,
}

/// Every mode's Jacobian of `request` — and with `second`, the first
/// output's Hessian.
pub fn claims(request: &Request<'_>, second: bool) -> Claims {
    let mut refused = None;
    let mut jacobians = Vec::new();
    for mode in Mode::ALL {
        match run(mode, request) {
            Ok(derivatives) => jacobians.push((mode, derivatives.jacobian)),
            Err(refusal) => refused = Some(refusal),
        }
    }
    let hessian = second.then(|| match request.outputs[0] {
        Value::Node(out) => hessian::of(request.graph, request.values, out, request.wrt).matrix,
        Value::Const(_) => hessian::zero(request.wrt).matrix,
    });
    Claims {
        jacobians,
        hessian,
        refused,
    }
}

/// Checks every mode's Jacobian of `request` — and with `second`, the first
/// output's Hessian — at `point` (every graph input's value, in order).
pub fn check(request: &Request<'_>, point: &[f64], tolerance: Tolerance, second: bool) -> Checks {
    judge(request, point, tolerance, claims(request, second))
}

/// Checks `claims` about `request`'s derivatives at `point` (every graph
/// input's value, in order; `request.values` are every node's values
/// there).
pub fn judge(request: &Request<'_>, point: &[f64], tolerance: Tolerance, claims: Claims) -> Checks {
    let graph = request.graph;
    let value_noise: Vec<f64> = request
        .outputs
        .iter()
        .map(|output| match *output {
            Value::Node(out) => noise::of_value(graph, request.values, out),
            Value::Const(_) => 0.0,
        })
        .collect();
    // The rounding of each Jacobian entry; a gradient entry's is also the
    // noise of the quantities the Hessian is checked on.
    let derivative_noise: Vec<Vec<f64>> = request
        .outputs
        .iter()
        .map(|output| match *output {
            Value::Node(out) => noise::of_gradient(graph, request.values, out, request.wrt),
            Value::Const(_) => vec![0.0; request.wrt.len()],
        })
        .collect();
    let gradient_noise = &derivative_noise[0];
    let sources: Vec<Option<NodeId>> = request.outputs.iter().map(|o| o.node()).collect();
    let mut checks = Vec::new();
    let mut evaluations = 0;
    for (input, &x) in request.wrt.iter().enumerate() {
        let at = Along {
            point,
            values: request.values,
            position: position(request, x),
        };
        let read = |values: &[f64]| output_values(request, values);
        let first = Evidence::gather(graph, at, (&value_noise, tolerance), &sources, read);
        for output in 0..request.outputs.len() {
            for (mode, jacobian) in &claims.jacobians {
                let subject = Subject::First(*mode);
                let analytic = (jacobian[output][input], derivative_noise[output][input]);
                checks.push(first.check((output, input, subject), analytic, output));
            }
        }
        evaluations += first.evaluations();
        if let Some(hessian) = &claims.hessian {
            let read = |values: &[f64]| gradient(request, values);
            let sources = vec![sources[0]; request.wrt.len()];
            let second = Evidence::gather(graph, at, (gradient_noise, tolerance), &sources, read);
            for (other, row) in hessian.iter().enumerate() {
                let subject = Subject::Second(other);
                // The Hessian's own rounding is not estimated.
                checks.push(second.check((0, input, subject), (row[input], 0.0), other));
            }
            evaluations += second.evaluations();
        }
    }
    Checks {
        checks,
        refused: claims.refused,
        evaluations,
    }
}

/// Where input `x` sits among the graph's inputs.
fn position(request: &Request<'_>, x: NodeId) -> usize {
    let inputs = request.graph.inputs();
    inputs
        .iter()
        .position(|&id| id == x)
        .expect("--wrt names graph inputs")
}

/// The outputs' values among every node's `values`.
fn output_values(request: &Request<'_>, values: &[f64]) -> Vec<f64> {
    request
        .outputs
        .iter()
        .map(|output| match *output {
            Value::Node(id) => values[id.index()],
            Value::Const(c) => c,
        })
        .collect()
}

/// The first output's reverse-mode gradient by `wrt` at `values`.
fn gradient(request: &Request<'_>, values: &[f64]) -> Vec<f64> {
    let Value::Node(out) = request.outputs[0] else {
        return vec![0.0; request.wrt.len()];
    };
    let mut adjoint = vec![0.0; request.graph.len()];
    reverse::sweep(request.graph, values, out, &mut adjoint, &mut NoTrace);
    request.wrt.iter().map(|x| adjoint[x.index()]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(analytic: f64, numeric: f64) -> Check {
        Check {
            output: 0,
            input: 0,
            subject: Subject::First(Mode::Reverse),
            analytic,
            numeric,
            error: 0.0,
            taylor: None,
            verdict: Verdict::Pass,
            kinks: Vec::new(),
        }
    }

    #[test]
    fn errors_are_zero_where_equal_and_undefined_where_not_numbers() {
        let errors = |a, n| {
            let c = check(a, n);
            (c.absolute_error(), c.relative_error())
        };
        assert_eq!(errors(0.0, 0.0), (Some(0.0), Some(0.0)));
        assert_eq!(errors(0.0, -0.0), (Some(0.0), Some(0.0)));
        assert_eq!(errors(f64::INFINITY, f64::INFINITY), (Some(0.0), Some(0.0)));
        assert_eq!(errors(3.0, 2.0), (Some(1.0), Some(0.5)));
        assert_eq!(errors(1.0, 0.0), (Some(1.0), Some(f64::INFINITY)));
        assert_eq!(
            errors(f64::INFINITY, 0.0),
            (Some(f64::INFINITY), Some(f64::INFINITY))
        );
        assert_eq!(errors(1.0, f64::INFINITY), (Some(f64::INFINITY), None));
        assert_eq!(errors(f64::NAN, 1.0), (None, None));
        assert_eq!(errors(f64::NAN, f64::NAN), (None, None));
        assert_eq!(errors(1.0, f64::NAN), (None, None));
    }
}
