//! `dgraph eval --sparse` and `--pattern`: the Jacobian or Hessian as its
//! non-zeros, by compressed sweeps, or where they are.

use std::time::Instant;

use anyhow::Result;

use super::args::ColorArg;
use super::config::{Config, MatrixChoice};
use super::eval::{self, at_point, Point};
use super::{read, Streams};
use crate::error::InputError;
use crate::graph::{self, Graph, NodeId, Output, Value};
use crate::modes::sparse::jacobian::{self, Choice, Direction, Question};
use crate::modes::sparse::{colour, hessian, pattern, Colouring, Cost, Matrix, Pattern, Read};
use crate::modes::{budget, Derivatives, Mode, PerNode};
use crate::report::sparse::{self as sparse_report, Coloured, How, Sparse, SparseFormat, StatRow};
use crate::report::{self, Format, Layout, Report};

/// Runs `eval --sparse` or `eval --pattern`.
pub fn run(config: &Config, color: ColorArg, streams: &mut Streams<'_>) -> Result<()> {
    match config.matrix {
        MatrixChoice::Pattern => pattern_only(config, color, streams),
        MatrixChoice::Sparse | MatrixChoice::Dense => {
            at_point(config, |point| at(config, point, color, streams))
        }
    }
}

/// The sparse Jacobian or Hessian at `point`, written.
pub(super) fn at(
    config: &Config,
    point: &Point<'_>,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    let graph = point.graph;
    let question = Question {
        graph,
        values: &point.values,
        outputs: &point.output_values,
        wrt: &point.wrt,
    };
    let found = match config.hessian {
        true => Found::hessian(graph, single(&point.output_values)?, &point.wrt)?,
        false => Found::jacobian(graph, &point.output_values, &point.wrt)?,
    };
    found.fits(config.format, graph.len())?;
    let (matrix, cost) = found.compute(&question);
    warn_non_finite(point, &matrix.values, color, streams);
    let values = Some(matrix.values.as_slice());
    let mut report = found.report(
        config,
        (graph, &point.outputs, &point.wrt),
        values,
        Some(cost),
    );
    if config.explain {
        if matrix.pattern.nonzeros() > sparse_report::MAX_EXPLAINED {
            return Err(InputError::new(format!(
                "--explain narrates up to {} entries; this matrix has {}: leave out --explain, or narrow it with --wrt (or, for a Jacobian, --of)",
                sparse_report::MAX_EXPLAINED,
                matrix.pattern.nonzeros()
            ))
            .into());
        }
        report.reads = Some(found.reads());
    }
    if config.stats {
        report.stats = Some(found.compare(&question, &matrix));
    }
    write(&report, config.format, color, streams)
}

/// Warns, as a dense run does, about the first non-finite value in the
/// graph and, when an entry is not finite, the first non-finite local
/// derivative.
fn warn_non_finite(point: &Point<'_>, entries: &[f64], color: ColorArg, streams: &mut Streams<'_>) {
    let bad_entry = entries.iter().copied().find(|v| !v.is_finite());
    let bad_value = point.values.iter().any(|v| !v.is_finite());
    if bad_entry.is_none() && !bad_value {
        return;
    }
    let derivatives = Derivatives {
        mode: Mode::Reverse,
        jacobian: vec![bad_entry.into_iter().collect()],
        per_node: PerNode::Adjoints(Vec::new()),
        sweeps: 0,
        edges_touched: 0,
    };
    let report = Report::new(
        point.graph,
        &point.values,
        &point.outputs,
        &[],
        &derivatives,
    );
    for warning in report::warnings(&report) {
        streams.warn(color, &warning);
    }
}

/// `--pattern`: the program built, not evaluated.
fn pattern_only(config: &Config, color: ColorArg, streams: &mut Streams<'_>) -> Result<()> {
    let source = read::program(config.source.as_ref())?;
    let origin = config.source.as_ref();
    let program = graph::build(&source).map_err(|err| read::in_program(origin, err))?;
    // No value is read, but what is given must still be well formed.
    eval::settings(&config.settings)?;
    let outputs = eval::outputs(&program, &config.of)?;
    let wrt = eval::wrt(&program, &config.wrt)?;
    let values: Vec<Value> = outputs.iter().map(|output| output.value).collect();
    let graph = &program.graph;
    let found = match config.hessian {
        true => Found::hessian(graph, single(&values)?, &wrt)?,
        false => Found::jacobian(graph, &values, &wrt)?,
    };
    let report = found.report(config, (graph, &outputs, &wrt), None, None);
    write(&report, config.format, color, streams)
}

/// The one output a Hessian is of.
fn single(outputs: &[Value]) -> Result<Value, InputError> {
    match outputs {
        [output] => Ok(*output),
        _ => Err(InputError::new(format!(
            "--order 2 gives the Hessian of one output; --of names {} (a family): name one of them",
            outputs.len()
        ))),
    }
}

/// A pattern found and coloured, and how its sweeps will go.
enum Found {
    /// A Jacobian's pattern and both its colourings.
    Jacobian(Pattern, Choice),
    /// A Hessian's pattern, its star colouring and its output (`None`: a
    /// constant, whose Hessian is all zeros).
    Hessian(Pattern, Colouring, Option<NodeId>),
}

impl Found {
    fn jacobian(graph: &Graph, outputs: &[Value], wrt: &[NodeId]) -> Result<Found, InputError> {
        let pattern = pattern::jacobian(graph, outputs, wrt)?;
        let choice = Choice::of(&pattern);
        Ok(Found::Jacobian(pattern, choice))
    }

    fn hessian(graph: &Graph, output: Value, wrt: &[NodeId]) -> Result<Found, InputError> {
        let pattern = match output {
            Value::Node(out) => pattern::hessian(graph, out, wrt)?,
            Value::Const(_) => Pattern::from_rows(wrt.len(), vec![Vec::new(); wrt.len()]),
        };
        let colouring = colour::star(&pattern);
        Ok(Found::Hessian(pattern, colouring, output.node()))
    }

    /// Every way of sweeping (both directions of a Jacobian; a Hessian's
    /// star and distance-2 colourings), each timed and compared with
    /// `reported`.
    fn compare(&self, question: &Question<'_>, reported: &Matrix) -> Vec<StatRow> {
        let (pattern, ways): (&Pattern, Vec<(&'static str, Colouring, bool)>) = match self {
            Found::Jacobian(pattern, choice) => (
                pattern,
                vec![
                    (
                        "forward",
                        choice.columns.clone(),
                        choice.direction == Direction::Forward,
                    ),
                    (
                        "reverse",
                        choice.rows.clone(),
                        choice.direction == Direction::Reverse,
                    ),
                ],
            ),
            Found::Hessian(pattern, colouring, _) => (
                pattern,
                vec![
                    ("forward over reverse", colouring.clone(), true),
                    ("forward over reverse", colour::columns(pattern), false),
                ],
            ),
        };
        let nodes = question.graph.len();
        ways.into_iter()
            .filter(|(_, colouring, _)| self.visits(colouring.count(), nodes) <= budget::MAX_VISITS)
            .map(|(sweeps_by, colouring, chosen)| {
                let run = || match self {
                    Found::Jacobian(_, choice) => {
                        let direction = match sweeps_by {
                            "forward" => Direction::Forward,
                            _ => Direction::Reverse,
                        };
                        let way = Choice {
                            direction,
                            ..choice.clone()
                        };
                        jacobian::compute(question, pattern, &way)
                    }
                    Found::Hessian(..) => {
                        Found::Hessian(pattern.clone(), colouring.clone(), self.output())
                            .compute(question)
                    }
                };
                let (seconds, (matrix, cost)) = fastest(run);
                StatRow {
                    sweeps_by,
                    colouring: colouring.method.name(),
                    colours: colouring.count(),
                    sweeps: cost.sweeps,
                    dense_sweeps: cost.dense_sweeps,
                    edges_touched: cost.edges_touched,
                    seconds,
                    agrees: agree(&matrix.values, &reported.values),
                    chosen,
                }
            })
            .collect()
    }

    /// A Hessian's output node.
    fn output(&self) -> Option<NodeId> {
        match self {
            Found::Hessian(_, _, out) => *out,
            Found::Jacobian(..) => None,
        }
    }

    /// The nodes `colours` colours' sweeps visit at most, on a graph of
    /// `nodes` nodes.
    fn visits(&self, colours: usize, nodes: usize) -> u64 {
        let sweeps = match self {
            Found::Jacobian(..) => colours as u64,
            Found::Hessian(..) => 1 + 2 * colours as u64,
        };
        sweeps.saturating_mul(nodes as u64)
    }

    /// Refuses, before any sweep, sweeps past the node-visit budget (a
    /// pattern that colours no better than the dense computation, on a
    /// large graph), and a table of entries past the table budget, naming
    /// the formats that stream.
    fn fits(&self, format: Format, nodes: usize) -> Result<(), InputError> {
        let colours = match self {
            Found::Jacobian(_, choice) => choice.colouring().count(),
            Found::Hessian(_, colouring, _) => colouring.count(),
        };
        let visits = self.visits(colours, nodes);
        if visits > budget::MAX_VISITS {
            return Err(InputError::new(format!(
                "--sparse refused: its {colours} colours' sweeps would visit {visits} nodes, more than the budget of {}; the pattern colours no better than that: take fewer inputs with --wrt",
                budget::MAX_VISITS
            )));
        }
        let (Found::Jacobian(pattern, _) | Found::Hessian(pattern, ..)) = self;
        let cells = 3 * pattern.nonzeros() as u64;
        if format != Format::Table || cells <= report::MAX_TABLE_CELLS {
            return Ok(());
        }
        Err(InputError::new(format!(
            "the table would hold {cells} cells, more than a table prints ({}): write --format csv, json or mtx",
            report::MAX_TABLE_CELLS
        )))
    }

    /// Where each entry is read.
    fn reads(&self) -> Vec<Read> {
        match self {
            Found::Jacobian(pattern, choice) => jacobian::reads(pattern, choice),
            Found::Hessian(pattern, colouring, _) => hessian::reads(pattern, colouring),
        }
    }

    /// Runs the compressed sweeps.
    fn compute(&self, question: &Question<'_>) -> (Matrix, Cost) {
        match self {
            Found::Jacobian(pattern, choice) => jacobian::compute(question, pattern, choice),
            Found::Hessian(pattern, colouring, Some(out)) => hessian::compute(
                (question.graph, question.values),
                (*out, question.wrt),
                pattern,
                colouring,
            ),
            Found::Hessian(pattern, _, None) => Matrix::zero(pattern, 1 + 2 * question.wrt.len()),
        }
    }

    /// The report of this pattern (and `values`, when computed).
    fn report<'a>(
        &'a self,
        config: &Config,
        (graph, outputs, wrt): (&Graph, &[Output], &[NodeId]),
        values: Option<&'a [f64]>,
        cost: Option<Cost>,
    ) -> Sparse<'a> {
        let inputs: Vec<String> = wrt
            .iter()
            .map(|&id| graph.name(id).unwrap_or_default().to_string())
            .collect();
        let of = outputs
            .first()
            .map_or_else(String::new, |output| report::output_label(graph, output));
        let (matrix, rows, pattern, how) = match self {
            Found::Jacobian(pattern, choice) => {
                let rows = outputs
                    .iter()
                    .map(|output| report::output_title(graph, output))
                    .collect();
                (
                    sparse_report::Matrix::Jacobian,
                    rows,
                    pattern,
                    jacobian_how(choice, outputs, wrt, cost),
                )
            }
            Found::Hessian(pattern, colouring, _) => {
                let how = How {
                    sweeps: "forward over reverse",
                    colouring,
                    coloured: Coloured::Inputs,
                    other: None,
                    cost,
                    dense_sweeps: 1 + 2 * wrt.len(),
                };
                (sparse_report::Matrix::Hessian, inputs.clone(), pattern, how)
            }
        };
        Sparse {
            matrix,
            of,
            rows,
            cols: inputs,
            pattern,
            values,
            how,
            digits: config.digits,
            header: config.header,
            reads: None,
            stats: None,
        }
    }
}

/// The fastest of three runs of `run` (one when a run takes over a
/// second), in seconds, and its result.
fn fastest<R>(run: impl Fn() -> R) -> (f64, R) {
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..3 {
        let start = Instant::now();
        let ran = run();
        let seconds = start.elapsed().as_secs_f64();
        best = best.min(seconds);
        result = Some(ran);
        if seconds > 1.0 {
            break;
        }
    }
    (best, result.expect("ran at least once"))
}

/// Whether two computations of the same entries agree to rounding.
fn agree(one: &[f64], other: &[f64]) -> bool {
    let scale = one
        .iter()
        .filter(|v| v.is_finite())
        .fold(1.0f64, |m, v| m.max(v.abs()));
    one.iter()
        .zip(other)
        .all(|(&a, &b)| a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12 * scale)
}

/// How a Jacobian's sweeps go: the direction with fewer colours.
fn jacobian_how<'a>(
    choice: &'a Choice,
    outputs: &[Output],
    wrt: &[NodeId],
    cost: Option<Cost>,
) -> How<'a> {
    let swept_outputs = outputs.iter().filter(|o| o.value.node().is_some()).count();
    let (sweeps, coloured, other, dense_sweeps) = match choice.direction {
        Direction::Forward => (
            "forward",
            Coloured::Inputs,
            ("reverse", choice.rows.count()),
            wrt.len(),
        ),
        Direction::Reverse => (
            "reverse",
            Coloured::Outputs,
            ("forward", choice.columns.count()),
            swept_outputs,
        ),
    };
    How {
        sweeps,
        colouring: choice.colouring(),
        coloured,
        other: Some(other),
        cost,
        dense_sweeps,
    }
}

/// Writes `report` in `format`; a table of entries past the table budget
/// is refused, naming the formats that stream.
fn write(
    report: &Sparse<'_>,
    format: Format,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    let format = match format {
        Format::Table => SparseFormat::Table,
        Format::Json => SparseFormat::Json,
        Format::Csv => SparseFormat::Delimited(b','),
        Format::Tsv => SparseFormat::Delimited(b'\t'),
        Format::Mtx => SparseFormat::Mtx,
    };
    if matches!(format, SparseFormat::Delimited(_) | SparseFormat::Mtx) {
        let plain = Layout {
            width: streams.err_width,
            color: false,
        };
        if let Some(stats) = sparse_report::stats_table(report, plain) {
            streams.err.write_all(stats.as_bytes())?;
        }
    }
    let layout: Layout = streams.out_layout(color);
    sparse_report::write(report, format, layout, streams.out)?;
    Ok(())
}
