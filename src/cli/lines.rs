//! `dgraph eval --lines`: one program per line of standard input, one
//! result per line of output.
//!
//! Each line is a whole program (statements separated by `;`); blank lines
//! and comment lines are skipped. `--set` gives values to the variables of
//! any line — a line need not use them all. An error on a line names the
//! line and stops the run after the results before it, or, with
//! `--skip-bad`, is reported on standard error and the run goes on.

use std::ops::Range;

use anyhow::Result;

use super::args::ColorArg;
use super::config::Config;
use super::eval::{self, Point};
use super::{read, Streams};
use crate::error::InputError;
use crate::graph::{self, Setting, Sources, Value};
use crate::modes;
use crate::report::lines::{LineColumns, LineResult};
use crate::report::output_label;

/// Runs `--lines`.
pub fn run(config: &Config, color: ColorArg, streams: &mut Streams<'_>) -> Result<()> {
    let settings = eval::settings(&config.settings)?;
    let columns = LineColumns {
        variables: variables(config, &settings),
    };
    let text = read::stdin()?;
    streams
        .out
        .write_all(columns.header(config.format).as_bytes())?;
    for (index, range) in line_ranges(&text).enumerate() {
        let line = &text[range.clone()];
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match evaluate(config, &settings, &text, range, index + 1) {
            Ok(result) => streams
                .out
                .write_all(columns.render(config.format, &result).as_bytes())?,
            Err(err) if config.skip_bad => {
                streams.warn(color, &format!("line {} skipped: {err}", index + 1))
            }
            Err(err) => return Err(InputError::new(format!("line {}: {err}", index + 1)).into()),
        }
    }
    Ok(())
}

/// The variables with a gradient column: `--wrt`, else every `--set` name.
fn variables(config: &Config, settings: &[Setting]) -> Vec<String> {
    if !config.wrt.is_empty() {
        return config.wrt.clone();
    }
    let mut names: Vec<String> = Vec::new();
    for setting in settings {
        if !names.contains(&setting.name) {
            names.push(setting.name.clone());
        }
    }
    names
}

/// The byte range of every line of `text`, without its line ending.
fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        range
    })
}

/// One line's program, evaluated and differentiated.
fn evaluate<'t>(
    config: &Config,
    settings: &[Setting],
    text: &'t str,
    range: Range<usize>,
    line: usize,
) -> Result<LineResult<'t>, InputError> {
    let program = graph::build_within(text, range.clone())?;
    let sources = Sources {
        unused_settings: true,
        ..Sources::default()
    };
    let inputs = graph::plan(&program, settings, sources)?.fixed;
    let point = Point::new(&program, inputs, config)?;
    let request = point.request(config);
    let graph = &program.graph;
    let (mode, _) = config.mode.resolve(graph, request.outputs, request.wrt);
    let derivatives = modes::run(mode, &request).map_err(InputError::from)?;
    Ok(LineResult {
        line,
        text: &text[range],
        mode: mode.name(),
        outputs: point
            .outputs
            .iter()
            .map(|o| {
                let value = match o.value {
                    Value::Node(id) => point.values[id.index()],
                    Value::Const(c) => c,
                };
                (output_label(graph, o), value)
            })
            .collect(),
        wrt: point
            .wrt
            .iter()
            .map(|&id| graph.name(id).unwrap_or_default().to_string())
            .collect(),
        jacobian: derivatives.jacobian,
        edges_touched: derivatives.edges_touched,
    })
}
