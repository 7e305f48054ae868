//! `dgraph eval --lines`: one program per line of standard input, one
//! result per line of output.
//!
//! Each line is a whole program (statements separated by `;`); blank lines
//! and comment lines are skipped. `--set` gives values to the variables of
//! any line — a line need not use them all. Lines stream: each is read,
//! evaluated and written before the next is read, so memory follows the
//! longest line (at most [`input::MAX_LINE`]), not the input. An error on a line —
//! one that is not UTF-8 too — names the line and stops the run after the
//! results before it, or, with `--skip-bad`, is reported on standard error
//! and the run goes on. A line past that limit always stops the run.

use std::io;

use anyhow::Result;

use super::args::ColorArg;
use super::config::Config;
use super::eval::{self, Point};
use super::header::PendingHeader;
use super::input::{self, LineReader};
use super::Streams;
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
    let mut header = PendingHeader::new(config.header.then(|| columns.header(config.format)));
    let mut input = LineReader::new(io::stdin().lock(), "standard input");
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        let Some(number) = input.read_line(&mut bytes)? else {
            return Ok(header.write(streams.out)?);
        };
        let rows = input::text(&bytes)
            .map_err(InputError::new)
            .and_then(|line| {
                if is_skipped(line) {
                    return Ok(String::new());
                }
                let result = evaluate(config, &settings, line, number)?;
                Ok(columns.render(config.format, &result))
            });
        match rows {
            Ok(rows) if rows.is_empty() => {}
            Ok(rows) => {
                header.write(streams.out)?;
                streams.out.write_all(rows.as_bytes())?
            }
            Err(err) if config.skip_bad => {
                streams.warn(color, &format!("line {number} skipped: {err}"))
            }
            Err(err) => return Err(InputError::new(format!("line {number}: {err}")).into()),
        }
    }
}

/// Whether a line is blank or a comment.
fn is_skipped(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
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

/// One line's program, evaluated and differentiated.
fn evaluate<'t>(
    config: &Config,
    settings: &[Setting],
    text: &'t str,
    line: usize,
) -> Result<LineResult<'t>, InputError> {
    let program = graph::build_at(text, line)?;
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
        text,
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
