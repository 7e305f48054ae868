//! `dgraph eval --points FILE`: the program at every row of a CSV or TSV
//! file whose header names the inputs.
//!
//! Rows stream through in chunks: read a chunk, evaluate it in parallel,
//! write its rows in input order, and go on — memory stays bounded by the
//! chunk (at most [`CHUNK`] rows and about [`CHUNK_BYTES`] of text), whatever
//! the file's size. Each line is one row; its fields are split as CSV
//! quotes them. A bad row (wrong number of fields, a value that is not a
//! number, bytes that are not UTF-8) stops the run with an error naming its
//! line and column, after every row before it has been written; with
//! `--skip-bad` it is reported on standard error and skipped. A line longer
//! than [`MAX_LINE`](super::input::MAX_LINE) stops the run, after the rows before it.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal};
use std::ops::Range;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::args::ColorArg;
use super::config::{Config, Points, Source};
use super::fields::{Fields, Record};
use super::header::PendingHeader;
use super::input::LineReader;
use super::{eval, read, Streams};
use crate::error::InputError;
use crate::escape::quoted;
use crate::graph::{self, Graph, InputPlan, NodeId, Op, Output, Sources, Value};
use crate::modes::batch::{Batch, Results};
use crate::parse;
use crate::report;
use crate::report::rows::RowNames;

/// Rows evaluated together (in parallel) and written together.
const CHUNK: usize = 4096;

/// Bytes of rows that end a chunk before [`CHUNK`] rows: wide rows make
/// smaller chunks, so memory follows this, not `CHUNK` times the longest
/// line.
const CHUNK_BYTES: usize = 16 << 20;

/// Bytes read from the file at a time.
const READ_BUFFER: usize = 64 << 10;

/// Runs `--points`.
pub fn run(
    config: &Config,
    points: &Points,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    let source = read::program(config.source.as_ref())?;
    let origin = config.source.as_ref();
    let program = graph::build(&source).map_err(|err| read::in_program(origin, err))?;
    let outputs = eval::outputs(&program, &config.of)?;
    let wrt = eval::wrt(&program, &config.wrt)?;
    let mut file = PointsFile::open(&points.source, points.delimiter)?;
    let (line, columns) = file.header()?;
    let sources = Sources {
        columns: &columns,
        extra_columns: points.ignore_extra,
        ..Sources::default()
    };
    let plan =
        graph::plan(&program, &eval::settings(&config.settings)?, sources).map_err(|err| {
            let hint = match points.delimiter == b',' && columns.iter().any(|c| c.contains('\t')) {
                true => "\nhint: the header is separated by tabs: for TSV pass --points-format tsv",
                false => "",
            };
            InputError::new(format!("{}: line {line}: {err}{hint}", file.name()))
        })?;
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
    let header = PendingHeader::new(config.header.then(|| names.header(config.format)));
    let progress = file.progress_bar(streams.err_terminal);
    let result = stream(
        &mut file,
        &plan,
        &batch,
        (&names, header),
        config,
        color,
        streams,
        &progress,
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
        value_columns: outputs
            .iter()
            .map(|o| !matches!(o.value, Value::Node(id) if graph.node(id).op == Op::Input))
            .collect(),
    }
}

/// Reads, evaluates and writes chunk after chunk until the end, a bad row
/// or a line too long.
#[allow(clippy::too_many_arguments)]
fn stream(
    file: &mut PointsFile,
    plan: &InputPlan,
    batch: &Batch<'_>,
    (names, mut header): (&RowNames, PendingHeader),
    config: &Config,
    color: ColorArg,
    streams: &mut Streams<'_>,
    progress: &ProgressBar,
) -> Result<()> {
    let (name, columns, delimiter) = (file.name().to_string(), file.columns, file.delimiter);
    let mut results = Results::default();
    loop {
        let chunk = file.next_chunk();
        // One part per thread, each with its own parser: building one
        // costs as much as splitting hundreds of lines (and csv-core's
        // `Reader::clone` leaves most of its tables behind).
        let part = chunk.rows.len().div_ceil(rayon::current_num_threads());
        let (text, name) = (&chunk.text, name.as_str());
        let parsed: Vec<Result<Vec<f64>, String>> = chunk
            .rows
            .par_chunks(part.max(1))
            .flat_map_iter(|rows| {
                let mut fields = Fields::new(delimiter);
                rows.iter().map(move |(line, range)| {
                    let record = fields.split(&text[range.clone()]);
                    parse_row(record, *line, columns, name).map(|row| plan.inputs(&row))
                })
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
        batch
            .at_all_into(&inputs, points, &mut results)
            .map_err(InputError::from)?;
        let width = plan.fixed.len();
        let rows: Vec<String> = (0..points)
            .into_par_iter()
            .map(|p| {
                let point = &inputs[p * width..(p + 1) * width];
                names.row(config.format, point, results.values(p), results.jacobian(p))
            })
            .collect();
        if points > 0 {
            header.write(streams.out)?;
        }
        streams.out.write_all(rows.concat().as_bytes())?;
        progress.set_position(file.input.bytes());
        if let Some(bad) = stop {
            return Err(InputError::new(bad).into());
        }
        if let Some(end) = chunk.end {
            return end.and_then(|()| Ok(header.write(streams.out)?));
        }
    }
}

/// A record's numbers, or why the record is bad.
fn parse_row(
    record: Record<'_>,
    line: usize,
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
        .fields()
        .enumerate()
        .map(|(index, field)| {
            let at = || format!("{file}: line {line}, column {}", index + 1);
            let field = field.ok_or_else(|| format!("{}: not UTF-8", at()))?.trim();
            cell(field).map_err(|why| match field {
                "" => format!("{}: the field is empty", at()),
                _ => format!("{}: `{}` {why}", at(), quoted(field)),
            })
        })
        .collect()
}

/// A field's number: decimal or scientific, or `nan`, `inf`, `-inf` as
/// dgraph writes them (`report::number`), so that its own output reads
/// back. A field is data, not a program: no expressions.
fn cell(field: &str) -> Result<f64, &'static str> {
    match field {
        "nan" => Ok(f64::NAN),
        "inf" | "+inf" => Ok(f64::INFINITY),
        "-inf" => Ok(f64::NEG_INFINITY),
        _ => parse::number(field),
    }
}

/// Rows read together: their text, and each row's line number and bytes
/// in it (blank lines left out).
struct Chunk {
    text: Vec<u8>,
    rows: Vec<(usize, Range<usize>)>,
    /// How reading ended after these rows: `None` if there is more,
    /// `Ok` at the end of the file, `Err` at a line too long or a failed
    /// read.
    end: Option<Result<()>>,
}

/// A points file being read.
struct PointsFile {
    input: LineReader<Box<dyn BufRead>>,
    /// Its size in bytes, when known (a file, not a pipe).
    size: Option<u64>,
    delimiter: u8,
    columns: usize,
}

impl PointsFile {
    fn open(source: &Source, delimiter: u8) -> Result<PointsFile> {
        let (reader, name, size): (Box<dyn BufRead>, String, Option<u64>) = match source {
            Source::File(path) => {
                let name = quoted(&path.display().to_string()).into_owned();
                let file = File::open(path).with_context(|| format!("cannot read `{name}`"))?;
                let size = file.metadata().ok().map(|m| m.len());
                let reader = BufReader::with_capacity(READ_BUFFER, file);
                (Box::new(reader), name, size)
            }
            _ => {
                let reader = BufReader::with_capacity(READ_BUFFER, io::stdin());
                (Box::new(reader), "standard input".to_string(), None)
            }
        };
        Ok(PointsFile {
            input: LineReader::new(reader, name),
            size,
            delimiter,
            columns: 0,
        })
    }

    /// How the file is called in messages.
    fn name(&self) -> &str {
        self.input.name()
    }

    /// The header row (the first line that is not blank): its line number
    /// and column names.
    fn header(&mut self) -> Result<(usize, Vec<String>)> {
        let mut line = Vec::new();
        let number = loop {
            line.clear();
            match self.input.read_line(&mut line)? {
                Some(number) if !line.trim_ascii().is_empty() => break number,
                Some(_) => {}
                None => {
                    // A path in a sentence is in backticks, as everywhere.
                    let what = match self.name() {
                        "standard input" => "standard input".to_string(),
                        name => format!("`{name}`"),
                    };
                    let message =
                        format!("{what} is empty: it needs a header row naming the inputs");
                    return Err(InputError::new(message).into());
                }
            }
        };
        let mut fields = Fields::new(self.delimiter);
        let columns = fields
            .split(&line)
            .fields()
            .enumerate()
            .map(|(index, field)| match field {
                Some(name) => Ok(name.trim().to_string()),
                None => Err(InputError::new(format!(
                    "{}: line {number}, column {}: not UTF-8",
                    self.name(),
                    index + 1
                ))),
            })
            .collect::<Result<Vec<String>, InputError>>()?;
        self.columns = columns.len();
        Ok((number, columns))
    }

    /// The next rows: up to [`CHUNK`] of them, or fewer when their text
    /// passes [`CHUNK_BYTES`] or reading ends.
    fn next_chunk(&mut self) -> Chunk {
        let mut chunk = Chunk {
            text: Vec::new(),
            rows: Vec::with_capacity(CHUNK),
            end: None,
        };
        while chunk.rows.len() < CHUNK && chunk.text.len() < CHUNK_BYTES {
            let start = chunk.text.len();
            match self.input.read_line(&mut chunk.text) {
                Ok(Some(_)) if chunk.text[start..].trim_ascii().is_empty() => {
                    chunk.text.truncate(start)
                }
                Ok(Some(line)) => chunk.rows.push((line, start..chunk.text.len())),
                Ok(None) => chunk.end = Some(Ok(())),
                Err(err) => chunk.end = Some(Err(err)),
            }
            if chunk.end.is_some() {
                break;
            }
        }
        chunk
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
