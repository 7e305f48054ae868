//! `dgraph check`'s report: one row per derivative and way of computing it,
//! against finite differences, then the tally.
//!
//! ```text
//! derivative  by       dgraph  finite differences  abs error  rel error  result
//! ∂e/∂a       reverse  2       2 ± 0               0          0          PASS
//! ...
//! 8 checks: 8 passed (rtol 1e-6, atol 1e-9)
//! ```
//!
//! The finite differences carry their own error estimate (`± e`); a
//! `taylor slope` column appears when some derivative needed the second
//! witness.

use serde::Serialize;

use super::fit::{Grid, Kind};
use super::number::{approximate, format, Digits, JsonNumber};
use super::{plural, Labels, Layout, Named};
use crate::graph::{Graph, NodeId};
use crate::modes::check::{Check, Checks, Doubt, Rounding, Subject, Tolerance, Verdict};
use crate::modes::taylor::{Order, Witness};

/// What the check report shows.
pub struct CheckReport<'a> {
    /// The graph (to name kink nodes).
    pub graph: &'a Graph,
    /// Node expressions.
    pub labels: Labels,
    /// The outputs, in check order.
    pub outputs: Vec<Named>,
    /// The inputs, in check order.
    pub inputs: Vec<Named>,
    /// The checks.
    pub checks: &'a Checks,
    /// The tolerance they were held to.
    pub tolerance: Tolerance,
    /// How many digits the table shows (`--digits`).
    pub digits: Digits,
}

impl CheckReport<'_> {
    /// `∂e/∂a` or `∂²e/∂a∂b`, with titles (tables) or labels (JSON).
    fn derivative(&self, check: &Check, titles: bool) -> String {
        let name = |n: &Named| {
            if titles {
                n.title.clone()
            } else {
                n.label.clone()
            }
        };
        let out = name(&self.outputs[check.output]);
        let x = name(&self.inputs[check.input]);
        match check.subject {
            Subject::First(_) => format!("∂{out}/∂{x}"),
            Subject::Second(other) => {
                format!("∂²{out}/∂{}∂{x}", name(&self.inputs[other]))
            }
        }
    }

    /// `∂e/∂a by forward` or `∂²e/∂a∂b`, for messages.
    pub fn describe(&self, check: &Check) -> String {
        match check.subject {
            Subject::First(mode) => format!("{} by {}", self.derivative(check, true), mode.name()),
            Subject::Second(_) => format!("{} (Hessian)", self.derivative(check, true)),
        }
    }

    /// Why a check that differs is not a failure, once per derivative (the
    /// modes share their conventions): kinks within the step, a function
    /// that is not finite at the point, or witnesses that cannot decide.
    pub fn excuses(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut excuses = Vec::new();
        for check in &self.checks.checks {
            let derivative = self.derivative(check, true);
            let reason = match check.verdict {
                Verdict::Pass | Verdict::Fail => continue,
                Verdict::Kink => {
                    let kinks = self.kinks(check).join(", ");
                    let has = if check.kinks.len() == 1 {
                        "has its kink"
                    } else {
                        "have their kinks"
                    };
                    format!("{kinks} {has} within the step, where the derivative is a convention, not checked")
                }
                Verdict::Undefined => self.undefined(check),
                Verdict::Inconclusive(doubt) => {
                    format!("inconclusive: {}", doubt_text(self, doubt, check))
                }
            };
            if seen.contains(&derivative) {
                continue;
            }
            excuses.push(format!(
                "{derivative}: dgraph {}, finite differences {}; {reason}",
                format(check.analytic),
                numeric(check)
            ));
            seen.push(derivative);
        }
        excuses
    }

    /// Why differences cannot check `check` here: what they difference is
    /// not finite at the point (the function, or for a second derivative
    /// the first derivative the differences move).
    fn undefined(&self, check: &Check) -> String {
        match check.subject {
            Subject::First(_) => {
                "the function is not finite here, so differences cannot check it".to_string()
            }
            Subject::Second(other) => {
                let out = &self.outputs[check.output].title;
                let by = &self.inputs[other].title;
                format!("∂{out}/∂{by}, which the differences move, is not finite here, so they cannot check it")
            }
        }
    }

    /// What a node is called, for messages.
    fn node_label(&self, node: NodeId) -> &str {
        self.labels.label(self.graph, node)
    }

    /// What the kinks within a check's stencil are called.
    pub fn kinks(&self, check: &Check) -> Vec<String> {
        check
            .kinks
            .iter()
            .map(|&id| self.labels.label(self.graph, id).to_string())
            .collect()
    }

    /// The tally: how many checks, passed, failed, near a kink, undecided.
    pub fn tally(&self) -> String {
        let count = |v: Verdict| self.checks.checks.iter().filter(|c| c.verdict == v).count();
        let total = self.checks.checks.len();
        let mut parts = vec![format!("{} passed", count(Verdict::Pass))];
        if count(Verdict::Fail) > 0 {
            parts.push(format!("{} FAILED", count(Verdict::Fail)));
        }
        if count(Verdict::Kink) > 0 {
            parts.push(format!("{} differ near a kink", count(Verdict::Kink)));
        }
        if count(Verdict::Undefined) > 0 {
            parts.push(format!(
                "{} where the function is not finite",
                count(Verdict::Undefined)
            ));
        }
        let inconclusive = (self.checks.checks.iter())
            .filter(|c| matches!(c.verdict, Verdict::Inconclusive(_)))
            .count();
        if inconclusive > 0 {
            parts.push(format!("{inconclusive} inconclusive"));
        }
        format!(
            "{}: {} (rtol {}, atol {})",
            plural(total, "check", "checks"),
            parts.join(", "),
            format(self.tolerance.rtol),
            format(self.tolerance.atol)
        )
    }
}

fn by(check: &Check) -> &'static str {
    match check.subject {
        Subject::First(mode) => mode.name(),
        Subject::Second(_) => "hessian",
    }
}

fn verdict(check: &Check) -> &'static str {
    match check.verdict {
        Verdict::Pass => "PASS",
        Verdict::Fail => "FAIL",
        Verdict::Kink => "KINK",
        Verdict::Undefined => "UNDEFINED",
        Verdict::Inconclusive(_) => "INCONCLUSIVE",
    }
}

/// The estimate and its error: `n ± e`, `n` alone when it has no error
/// estimate, `none` when there is no estimate.
pub fn numeric(check: &Check) -> String {
    numeric_to(check, Digits::ALL)
}

/// [`numeric`] with the estimate to `digits`.
fn numeric_to(check: &Check, digits: Digits) -> String {
    if check.numeric.is_nan() {
        "none".to_string()
    } else if check.error.is_finite() {
        format!(
            "{} ± {}",
            digits.format(check.numeric),
            approximate(check.error)
        )
    } else {
        digits.format(check.numeric)
    }
}

/// An error to two digits, or a dash where none is defined (a NaN).
fn error_text(error: Option<f64>) -> String {
    error.map_or_else(|| NOT_DEFINED.to_string(), approximate)
}

/// What a cell shows for a number that is not there.
const NOT_DEFINED: &str = "–";

/// The Taylor remainder's slope; `noise` when it never rose above the
/// rounding noise; a dash when it was not read.
fn slope(check: &Check) -> String {
    match check.taylor {
        None => NOT_DEFINED.to_string(),
        Some(Witness { slope: Some(s), .. }) => approximate(s),
        Some(Witness {
            order: Order::Second,
            ..
        }) => "noise".to_string(),
        Some(_) => "?".to_string(),
    }
}

/// What the Taylor remainder said, in words.
pub fn remainder_text(check: &Check) -> String {
    let order = |order| match order {
        Order::Second => "second order",
        Order::First => "first order",
        Order::Unclear => "no clear order",
    };
    match check.taylor {
        None => "the Taylor remainder was not read".to_string(),
        Some(Witness {
            slope: Some(s),
            order: o,
            ..
        }) => format!(
            "the Taylor remainder shrinks with slope {} ({})",
            approximate(s),
            order(o)
        ),
        Some(Witness {
            order: Order::Second,
            ..
        }) => "the Taylor remainder stays within the rounding noise".to_string(),
        Some(_) => "the Taylor remainder gives no slope".to_string(),
    }
}

/// Why the witnesses could not decide, in words.
fn doubt_text(report: &CheckReport<'_>, doubt: Doubt, check: &Check) -> String {
    let slope = remainder_text(check);
    match doubt {
        Doubt::NoDifferences => {
            "the function is not finite on one side of the point at any step, so no difference could be taken".to_string()
        }
        Doubt::Unresolved if check.taylor.is_none() => {
            "finite differences cannot resolve the derivative here".to_string()
        }
        Doubt::Unresolved => format!(
            "the mismatch is within what finite differences resolve here; {slope}"
        ),
        Doubt::Contradicted => format!(
            "finite differences disagree, but {slope}, too small for an error that large"
        ),
        Doubt::Unclear => format!("finite differences disagree, but {slope}"),
        Doubt::NotSmooth => format!(
            "finite differences disagree, but the function shows no derivative at the steps taken: for their own estimate {slope}"
        ),
        Doubt::Rounding(Rounding { node, value, step }) => format!(
            "steps of up to {} leave `{}` at {} (its rounding swallows them), so finite differences see no change and cannot tell",
            approximate(step),
            report.node_label(node),
            format(value)
        ),
    }
}

/// `doubt`'s name in JSON.
fn doubt_key(doubt: Doubt) -> &'static str {
    match doubt {
        Doubt::NoDifferences => "no-differences",
        Doubt::Unresolved => "unresolved",
        Doubt::Contradicted => "contradicted",
        Doubt::Unclear => "unclear",
        Doubt::NotSmooth => "not-smooth",
        Doubt::Rounding(_) => "rounding",
    }
}

/// The table, the tally, and which mode was refused.
pub fn table(report: &CheckReport<'_>, layout: Layout) -> String {
    let slopes = report.checks.checks.iter().any(|c| c.taylor.is_some());
    let mut header = vec![
        ("derivative", Kind::Text),
        ("by", Kind::Text),
        ("dgraph", Kind::Number),
        ("finite differences", Kind::Number),
        ("abs error", Kind::Number),
        ("rel error", Kind::Number),
    ];
    if slopes {
        header.push(("taylor slope", Kind::Number));
    }
    header.push(("result", Kind::Text));
    let mut grid = Grid::new(header);
    for check in &report.checks.checks {
        let mut row = vec![
            report.derivative(check, true),
            by(check).to_string(),
            report.digits.format(check.analytic),
            numeric_to(check, report.digits),
            error_text(check.absolute_error()),
            error_text(check.relative_error()),
        ];
        if slopes {
            row.push(slope(check));
        }
        row.push(verdict(check).to_string());
        grid.add_row(row);
    }
    let mut out = format!("{}\n{}\n", grid.render(layout), report.tally());
    if let Some(refused) = &report.checks.refused {
        out.push_str(&format!("paths mode not checked: {refused}\n"));
    }
    out
}

/// One JSON object and a newline.
pub fn json(report: &CheckReport<'_>) -> String {
    let checks = report
        .checks
        .checks
        .iter()
        .map(|check| JsonCheck {
            derivative: report.derivative(check, false),
            output: &report.outputs[check.output].label,
            inputs: match check.subject {
                Subject::First(_) => vec![&report.inputs[check.input].label],
                Subject::Second(other) => vec![
                    &report.inputs[other].label,
                    &report.inputs[check.input].label,
                ],
            },
            by: by(check),
            analytic: JsonNumber(check.analytic),
            numeric: JsonNumber(check.numeric),
            numeric_error: JsonNumber(check.error),
            absolute_error: check.absolute_error().map(JsonNumber),
            relative_error: check.relative_error().map(JsonNumber),
            result: match check.verdict {
                Verdict::Pass => "pass",
                Verdict::Fail => "fail",
                Verdict::Kink => "kink",
                Verdict::Undefined => "undefined",
                Verdict::Inconclusive(_) => "inconclusive",
            },
            doubt: match check.verdict {
                Verdict::Inconclusive(doubt) => Some(doubt_key(doubt)),
                _ => None,
            },
            taylor_slope: check.taylor.and_then(|t| t.slope).map(JsonNumber),
            taylor_order: check.taylor.map(|t| match t.order {
                Order::Second => "second",
                Order::First => "first",
                Order::Unclear => "unclear",
            }),
            kinks: report.kinks(check),
        })
        .collect();
    let document = JsonReport {
        passed: report.checks.failures().next().is_none(),
        rtol: JsonNumber(report.tolerance.rtol),
        atol: JsonNumber(report.tolerance.atol),
        evaluations: report.checks.evaluations,
        checks,
        refused: report.checks.refused.as_ref().map(ToString::to_string),
    };
    super::json_line(&document)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    passed: bool,
    rtol: JsonNumber,
    atol: JsonNumber,
    evaluations: usize,
    checks: Vec<JsonCheck<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: Option<String>,
}

#[derive(Serialize)]
struct JsonCheck<'a> {
    derivative: String,
    output: &'a str,
    inputs: Vec<&'a String>,
    by: &'static str,
    analytic: JsonNumber,
    numeric: JsonNumber,
    numeric_error: JsonNumber,
    absolute_error: Option<JsonNumber>,
    relative_error: Option<JsonNumber>,
    result: &'static str,
    doubt: Option<&'static str>,
    taylor_slope: Option<JsonNumber>,
    taylor_order: Option<&'static str>,
    kinks: Vec<String>,
}
