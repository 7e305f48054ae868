//! `dgraph eval --points FILE`: the program at every row of a CSV or TSV
//! file whose header names the inputs.
//!
//! Rows stream through in chunks: read a chunk, evaluate it in parallel,
//! write its rows in input order, and go on — memory stays bounded by the
//! chunk, whatever the file's size. A bad row (wrong number of fields, a
//! value that is not a number) stops the run with an error naming its line
//! and column, after every row before it has been written; with
//! `--skip-bad` it is reported on standard error and skipped.

use std::fs::File;
use std::io::{self, IsTerminal, Read};

use anyhow::{Context, Result};
use csv::StringRecord;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::args::ColorArg;
use super::config::{Config, Points, Source};
use super::{eval, read, Streams};
use crate::error::InputError;
use crate::graph::{self, Graph, InputPlan, NodeId, Output, Sources, Value};
use crate::modes::batch::{Batch, Results};
use crate::parse;
use crate::report;
use crate::report::rows::RowNames;

/// Rows evaluated together (in parallel) and written together.
const CHUNK: usize = 4096;

/// Runs `--points`.
pub fn run(
    config: &Config,
    points: &Points,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    let source = read::program(config.source.as_ref())?;
    let program = graph::build(&source).map_err(InputError::from)?;
    let outputs = eval::outputs(&program, &config.of)?;
    let wrt = eval::wrt(&program, &config.wrt)?;
    let mut file = PointsFile::open(&points.source, points.delimiter)?;
    let columns = file.header()?;
    let sources = Sources {
        columns: &columns,
        extra_columns: points.ignore_extra,
        unused_settings: false,
    };
    let plan = graph::plan(&program, &eval::settings(&config.settings)?, sources)
        .map_err(|err| InputError::new(format!("{}: line 1: {err}", file.name)))?;
    let output_values: Vec<Value> = outputs.iter().map(|o| o.value).collect();
    let mode = eval::mode(
        config,
        (&program.graph, &output_values, &wrt),
        color,
        streams,
    );
    let batch = Batch::new(&program.graph, &output_values, &wrt, mode, config.max_paths)
        .map_err(InputError::from)?;
    let names = row_names(&program.graph, &outputs, &wrt);
    streams
        .out
        .write_all(names.header(config.format).as_bytes())?;
    let progress = file.progress_bar(streams.err_terminal);
    let result = stream(
        &mut file, &plan, &batch, &names, config, color, streams, &progress,
    );
    progress.finish_and_clear();
    result
}

/// The column names of the output rows.
fn row_names(graph: &Graph, outputs: &[Output], wrt: &[NodeId]) -> RowNames {
    let name = |id: &NodeId| graph.name(*id).unwrap_or_default().to_string();
    RowNames {
        inputs: graph.inputs().iter().map(name).collect(),
        outputs: outputs
            .iter()
            .map(|o| report::output_title(graph, o))
            .collect(),
        wrt: wrt.iter().map(name).collect(),
    }
}

/// Reads, evaluates and writes chunk after chunk until the end or a bad row.
#[allow(clippy::too_many_arguments)]
fn stream(
    file: &mut PointsFile,
    plan: &InputPlan,
    batch: &Batch<'_>,
    names: &RowNames,
    config: &Config,
    color: ColorArg,
    streams: &mut Streams<'_>,
    progress: &ProgressBar,
) -> Result<()> {
    let (name, columns) = (file.name.clone(), file.columns);
    let mut results = Results::default();
    loop {
        let chunk = file.next_chunk()?;
        let parsed: Vec<Result<Vec<f64>, String>> = chunk
            .par_iter()
            .map(|(line, record)| {
                parse_row(record, *line, columns, &name).map(|row| plan.inputs(&row))
            })
            .collect();
        let (mut inputs, mut points) = (Vec::new(), 0);
        let mut stop = None;
        for row in parsed {
            match row {
                Ok(point) => {
                    inputs.extend(point);
                    points += 1;
                }
                Err(bad) if config.skip_bad => streams.warn(color, &format!("{bad}; row skipped")),
                Err(bad) => {
                    stop = Some(bad);
                    break;
                }
            }
        }
        batch.at_all_into(&inputs, points, &mut results);
        let width = plan.fixed.len();
        let rows: Vec<String> = (0..points)
            .into_par_iter()
            .map(|p| {
                let point = &inputs[p * width..(p + 1) * width];
                names.row(config.format, point, results.values(p), results.jacobian(p))
            })
            .collect();
        streams.out.write_all(rows.concat().as_bytes())?;
        progress.set_position(file.csv.position().byte());
        if let Some(bad) = stop {
            return Err(InputError::new(bad).into());
        }
        if chunk.len() < CHUNK {
            return Ok(());
        }
    }
}

/// A record's numbers, or why the record is bad.
fn parse_row(
    record: &StringRecord,
    line: u64,
    columns: usize,
    file: &str,
) -> Result<Vec<f64>, String> {
    if record.len() != columns {
        let fields = report::plural(record.len(), "field", "fields");
        return Err(format!(
            "{file}: line {line}: {fields}, but the header has {columns}"
        ));
    }
    record
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let field = field.trim();
            parse::number(field).map_err(|why| {
                format!("{file}: line {line}, column {}: `{field}` {why}", index + 1)
            })
        })
        .collect()
}

/// A points file being read.
struct PointsFile {
    csv: csv::Reader<Box<dyn Read>>,
    /// How the file is called in messages.
    name: String,
    /// Its size in bytes, when known (a file, not a pipe).
    size: Option<u64>,
    record: StringRecord,
    columns: usize,
}

impl PointsFile {
    fn open(source: &Source, delimiter: u8) -> Result<PointsFile> {
        let (reader, name, size): (Box<dyn Read>, String, Option<u64>) = match source {
            Source::File(path) => {
                let file = File::open(path)
                    .with_context(|| format!("cannot read `{}`", path.display()))?;
                let size = file.metadata().ok().map(|m| m.len());
                (Box::new(file), path.display().to_string(), size)
            }
            _ => (Box::new(io::stdin()), "standard input".to_string(), None),
        };
        let csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(reader);
        Ok(PointsFile {
            csv,
            name,
            size,
            record: StringRecord::new(),
            columns: 0,
        })
    }

    /// The column names of the header row.
    fn header(&mut self) -> Result<Vec<String>> {
        if !self.read()? {
            let message = format!(
                "{} is empty: it needs a header row naming the inputs",
                self.name
            );
            return Err(InputError::new(message).into());
        }
        let columns: Vec<String> = self
            .record
            .iter()
            .map(|field| field.trim().to_string())
            .collect();
        self.columns = columns.len();
        Ok(columns)
    }

    /// The next records (up to a chunk) with their line numbers; blank
    /// lines are skipped. Fewer than a chunk means the end.
    fn next_chunk(&mut self) -> Result<Vec<(u64, StringRecord)>> {
        let mut chunk = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK && self.read()? {
            if self.record.len() == 1 && self.record[0].trim().is_empty() {
                continue;
            }
            chunk.push((self.line(), self.record.clone()));
        }
        Ok(chunk)
    }

    fn line(&self) -> u64 {
        self.record.position().map_or(0, |p| p.line())
    }

    /// Reads the next record; false at the end.
    fn read(&mut self) -> Result<bool> {
        self.csv
            .read_record(&mut self.record)
            .map_err(|err| self.csv_error(err))
    }

    fn csv_error(&self, err: csv::Error) -> anyhow::Error {
        let line = err.position().map_or(0, |p| p.line());
        match err.into_kind() {
            csv::ErrorKind::Io(io) => {
                anyhow::Error::new(io).context(format!("cannot read {}", self.name))
            }
            csv::ErrorKind::Utf8 { .. } => {
                InputError::new(format!("{}: line {line}: not UTF-8", self.name)).into()
            }
            other => InputError::new(format!("{}: line {line}: {other:?}", self.name)).into(),
        }
    }

    /// A progress bar on standard error, for a file of known size read
    /// while standard error is a terminal; hidden otherwise.
    fn progress_bar(&self, err_terminal: bool) -> ProgressBar {
        match self.size {
            Some(size) if err_terminal && io::stderr().is_terminal() => {
                let bar = ProgressBar::new(size);
                let style = ProgressStyle::with_template(
                    "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
                );
                if let Ok(style) = style {
                    bar.set_style(style);
                }
                bar
            }
            _ => ProgressBar::hidden(),
        }
    }
}
