//! `dgraph check`: every derivative dgraph computes, against finite
//! differences.
//!
//! Each mode's Jacobian entry ∂out/∂x (and, when asked, each Hessian entry
//! ∂²out/∂x_i∂x_j, against differences of the reverse-mode gradient) is
//! compared with the [`numeric`] estimate. It passes when
//! `|analytic − numeric| ≤ atol + rtol·|numeric|`; NaN on both sides, or the
//! same infinity, is agreement. A mismatch where a kink lies within the
//! finite-difference stencil is not a failure but a warning: there the
//! derivative is a convention (see `graph::op`) that differences cannot
//! confirm; so is a mismatch where the differentiated quantity is itself not
//! finite at the point (`log` of a negative number has a formula for its
//! derivative, but no differences).

use super::hessian;
use super::numeric::{self, Estimate};
use super::{reverse, run, Mode, NoTrace, Refused, Request};
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
    /// Whether `analytic` agrees with `numeric`.
    pub fn agrees(self, analytic: f64, numeric: f64) -> bool {
        analytic == numeric
            || (analytic.is_nan() && numeric.is_nan())
            || (analytic - numeric).abs() <= self.atol + self.rtol * numeric.abs()
    }
}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within tolerance.
    Pass,
    /// Outside tolerance.
    Fail,
    /// Outside tolerance, but a kink lies within the stencil.
    Kink,
    /// Outside tolerance, but the quantity is not finite at the point.
    Undefined,
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
    /// The verdict.
    pub verdict: Verdict,
    /// Kinks within the stencil.
    pub kinks: Vec<NodeId>,
}

impl Check {
    /// `|analytic − numeric|`.
    pub fn absolute_error(&self) -> f64 {
        (self.analytic - self.numeric).abs()
    }

    /// `|analytic − numeric| / |numeric|`.
    pub fn relative_error(&self) -> f64 {
        self.absolute_error() / self.numeric.abs()
    }
}

/// Every check, and the modes that were refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Checks {
    /// Output by output, input by input, subject by subject.
    pub checks: Vec<Check>,
    /// A mode that was refused (paths over its limit, a budget), when one was.
    pub refused: Option<Refused>,
}

impl Checks {
    /// The failures.
    pub fn failures(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.verdict == Verdict::Fail)
    }
}

/// Checks every mode's Jacobian of `request` — and with `second`, the first
/// output's Hessian — at `point` (every graph input's value, in order).
pub fn check(request: &Request<'_>, point: &[f64], tolerance: Tolerance, second: bool) -> Checks {
    let mut refused = None;
    let mut jacobians = Vec::new();
    for mode in Mode::ALL {
        match run(mode, request) {
            Ok(derivatives) => jacobians.push((mode, derivatives.jacobian)),
            Err(too_many) => refused = Some(too_many),
        }
    }
    let hessian = second.then(|| match request.outputs[0] {
        Value::Node(out) => hessian::of(request.graph, request.values, out, request.wrt),
        Value::Const(_) => hessian::zero(request.wrt),
    });
    let mut checks = Vec::new();
    for (input, &x) in request.wrt.iter().enumerate() {
        let position = position(request, x);
        let first = numeric::differentiate(request.graph, point, position, |values| {
            output_values(request, values)
        });
        for output in 0..request.outputs.len() {
            for (mode, jacobian) in &jacobians {
                let judged = Judged {
                    output,
                    input,
                    subject: Subject::First(*mode),
                };
                checks.push(judged.against(jacobian[output][input], (&first, output), tolerance));
            }
        }
        if let Some(hessian) = &hessian {
            let second = numeric::differentiate(request.graph, point, position, |values| {
                gradient(request, values)
            });
            for other in 0..request.wrt.len() {
                let judged = Judged {
                    output: 0,
                    input,
                    subject: Subject::Second(other),
                };
                let analytic = hessian.matrix[other][input];
                checks.push(judged.against(analytic, (&second, other), tolerance));
            }
        }
    }
    Checks { checks, refused }
}

/// Where input `x` sits among the graph's inputs.
fn position(request: &Request<'_>, x: NodeId) -> usize {
    let inputs = request.graph.inputs();
    inputs
        .iter()
        .position(|&id| id == x)
        .expect("--wrt names graph inputs")
}

/// Which derivative a check is about.
struct Judged {
    output: usize,
    input: usize,
    subject: Subject,
}

impl Judged {
    /// The check of dgraph's `analytic` value against quantity number
    /// `quantity` of the finite-difference `estimate`.
    fn against(
        self,
        analytic: f64,
        (estimate, quantity): (&Estimate, usize),
        tolerance: Tolerance,
    ) -> Check {
        let numeric = estimate.derivatives[quantity];
        let verdict = if tolerance.agrees(analytic, numeric) {
            Verdict::Pass
        } else if !estimate.at_point[quantity].is_finite() {
            Verdict::Undefined
        } else if !estimate.kinks.is_empty() {
            Verdict::Kink
        } else {
            Verdict::Fail
        };
        Check {
            output: self.output,
            input: self.input,
            subject: self.subject,
            analytic,
            numeric,
            verdict,
            kinks: estimate.kinks.clone(),
        }
    }
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
