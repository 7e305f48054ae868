//! `dgraph check`: every derivative against finite differences and the
//! Taylor remainder; exit 1 when one fails, exit 0 with a warning when the
//! witnesses cannot decide.

use anyhow::{anyhow, Result};

use super::args::ColorArg;
use super::config::{Check, Config};
use super::eval::{at_point, Point};
use super::Streams;
use crate::error::InputError;
use crate::modes::sparse::hessian as sparse_hessian;
use crate::modes::{budget, check};
use crate::report::check::{json, numeric, remainder_text, table, CheckReport};
use crate::report::number::format;
use crate::report::{named, plural, Labels};

/// Runs `dgraph check`. The report goes to standard output whatever the
/// verdicts; a difference near a kink, where the function is not finite, or
/// that the witnesses cannot decide is a warning, and a failure is the
/// error (exit 1) that names the first failing derivative.
pub fn run(
    config: &Config,
    options: Check,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    at_point(config, |point| {
        within_budget(point.graph.len(), point.wrt.len(), config.hessian)?;
        noise_within_budget(point.graph.len(), point.outputs.len())?;
        if config.hessian {
            budget::admit_hessian(point.graph, point.wrt.len()).map_err(InputError::from)?;
        }
        let request = point.request(config);
        let mut claims = check::claims(&request, config.hessian && !options.sparse);
        if options.sparse {
            claims.hessian = Some(sparse_hessian(point, color, streams)?);
        }
        let checks = check::judge(&request, &point.inputs, options.tolerance, claims);
        let labels = Labels::of(point.graph);
        let (outputs, wrt) = named(
            point.graph,
            &labels,
            &point.values,
            (&point.outputs, &point.wrt),
        );
        let report = CheckReport {
            graph: point.graph,
            labels,
            outputs,
            inputs: wrt,
            checks: &checks,
            tolerance: options.tolerance,
            digits: config.digits,
        };
        let layout = streams.out_layout(color);
        let text = if options.json {
            json(&report)
        } else {
            table(&report, layout)
        };
        for excuse in report.excuses() {
            streams.warn(color, &excuse);
        }
        streams.out.write_all(text.as_bytes())?;
        streams.out.flush()?;
        verdict(&report)
    })
}

/// The Hessian of the one output found by compressed sweeps, densified so
/// that its zeros are checked too; a note says what the colouring saved.
fn sparse_hessian(
    point: &Point<'_>,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<Vec<Vec<f64>>, InputError> {
    let Some(out) = point.output_values[0].node() else {
        return Ok(vec![vec![0.0; point.wrt.len()]; point.wrt.len()]);
    };
    let (matrix, colours) = sparse_hessian::dense((point.graph, &point.values), (out, &point.wrt))?;
    let nonzeros = matrix.iter().flatten().filter(|&&v| v != 0.0).count();
    streams.note(
        color,
        &format!(
            "the Hessian was found by compressed sweeps: {} in {}, so {} instead of {}; every entry is checked, zeros included",
            plural(nonzeros, "non-zero entry", "non-zero entries"),
            plural(colours, "colour", "colours"),
            plural(1 + 2 * colours, "sweep", "sweeps"),
            1 + 2 * point.wrt.len()
        ),
    );
    Ok(matrix)
}

/// How many node evaluations the finite differences may cost: beyond this
/// `check` refuses at once rather than run for minutes.
const EVALUATION_BUDGET: u64 = 2_000_000_000;

/// Refuses a check whose finite differences would evaluate more nodes than
/// [`EVALUATION_BUDGET`] at the least: six evaluations of the graph per
/// input (three pairs of steps), twelve with the Hessian
/// (each of those points also runs a reverse sweep). A function that needs
/// smaller steps, or a derivative that does not pass, costs more.
fn within_budget(nodes: usize, inputs: usize, hessian: bool) -> Result<(), InputError> {
    let per_input = if hessian { 12 } else { 6 };
    let work = (nodes as u64)
        .saturating_mul(inputs as u64)
        .saturating_mul(per_input);
    if work <= EVALUATION_BUDGET {
        return Ok(());
    }
    let inputs = plural(inputs, "input", "inputs");
    let nodes = plural(nodes, "node", "nodes");
    Err(InputError::new(format!(
        "check would evaluate {work} nodes for its finite differences ({inputs} × {nodes} × {per_input}), \
         more than its budget of {EVALUATION_BUDGET}; check fewer inputs with --wrt"
    )))
}

/// Refuses a check whose rounding estimates would cost more than
/// [`EVALUATION_BUDGET`]: each output's value and gradient are estimated
/// by two passes over the nodes up to it.
fn noise_within_budget(nodes: usize, outputs: usize) -> Result<(), InputError> {
    let work = (nodes as u64)
        .saturating_mul(outputs as u64)
        .saturating_mul(2);
    if work <= EVALUATION_BUDGET {
        return Ok(());
    }
    Err(InputError::new(format!(
        "check would visit {work} nodes to estimate each output's rounding ({} × {} × 2), \
         more than its budget of {EVALUATION_BUDGET}; check fewer outputs with --of",
        plural(outputs, "output", "outputs"),
        plural(nodes, "node", "nodes"),
    )))
}

/// Ok, or the error that names the first failing derivative.
fn verdict(report: &CheckReport<'_>) -> Result<()> {
    let failures: Vec<_> = report.checks.failures().collect();
    match failures.first() {
        None => Ok(()),
        Some(first) => Err(anyhow!(
            "check failed: {}: dgraph {}, finite differences {}{}{}",
            report.describe(first),
            format(first.analytic),
            numeric(first),
            match first.taylor {
                Some(_) => format!("; {}", remainder_text(first)),
                None => String::new(),
            },
            match failures.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            }
        )),
    }
}
