//! `dgraph check`: every derivative against finite differences; exit 1 when
//! one fails.

use anyhow::{anyhow, Result};

use super::args::ColorArg;
use super::config::{Check, Config};
use super::eval::{settings, Point};
use super::{read, Streams};
use crate::error::InputError;
use crate::graph;
use crate::modes::check;
use crate::report::check::{json, table, CheckReport};
use crate::report::{named, Labels, Layout};

/// Runs `dgraph check`. The report goes to standard output whatever the
/// verdicts; a difference near a kink or where the function is not finite is
/// a warning, and a failure is the error (exit 1) that names the first
/// failing derivative.
pub fn run(
    config: &Config,
    options: Check,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    let source = read::program(config.source.as_ref())?;
    let program = graph::build(&source).map_err(InputError::from)?;
    let inputs = graph::bind(&program, &settings(&config.settings)?)?;
    let point = Point::new(&program, &inputs, config)?;
    let request = point.request(config);
    let checks = check::check(&request, &inputs, options.tolerance, config.hessian);
    let labels = Labels::of(&program.graph);
    let (outputs, wrt) = named(
        &program.graph,
        &labels,
        &point.values,
        (&point.outputs, &point.wrt),
    );
    let report = CheckReport {
        graph: &program.graph,
        labels,
        outputs,
        inputs: wrt,
        checks: &checks,
        tolerance: options.tolerance,
    };
    let layout = Layout {
        terminal: streams.out_terminal,
        color: streams.out_colored(color),
    };
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
    let failures: Vec<_> = checks.failures().collect();
    match failures.first() {
        None => Ok(()),
        Some(first) => Err(anyhow!(
            "check failed: {}: dgraph {}, finite differences {}{}",
            report.describe(first),
            crate::report::number::format(first.analytic),
            crate::report::number::format(first.numeric),
            match failures.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            }
        )),
    }
}
