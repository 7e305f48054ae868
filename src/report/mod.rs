//! Rendering results: a table for people, JSON for programs, CSV and TSV for
//! spreadsheets.
//!
//! Every renderer returns a `String`; the command line writes it once, after
//! everything succeeded, so a failure never leaves partial output.

pub mod check;
mod columns;
mod csv;
pub mod diff;
pub mod differentiated;
mod dot;
pub mod drawing;
pub mod explain;
mod fit;
pub mod formula;
mod glyphs;
pub mod html;
mod json;
pub mod label;
pub mod language;
mod layered;
pub mod lines;
pub mod number;
pub(crate) mod orders;
pub mod rows;
pub mod sparse;
mod svg;
mod table;
mod warnings;

use crate::graph::{Graph, NodeId, Output, Value};
use crate::modes::auto::Choice;
use crate::modes::hessian::Hessian;
use crate::modes::stats::StatRow;
use crate::modes::{Derivatives, Mode, PathCount};

pub use columns::{Cell, ColumnKind, NodeColumn};
pub use label::Labels;
pub use number::Digits;
pub use table::MAX_TABLE_CELLS;
pub use warnings::warnings;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table of the nodes for people.
    Table,
    /// One JSON object.
    Json,
    /// Comma-separated values: a header row, then one row per node.
    Csv,
    /// Tab-separated values, like CSV.
    Tsv,
    /// A MatrixMarket coordinate file: sparse matrices only.
    Mtx,
}

/// How a table may be laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// The width to fit, in columns: a terminal's. `None` (not a terminal,
    /// or one that does not say) lays tables out whole, the same whatever
    /// the content and wherever the output goes. A number is never split
    /// (see the `fit` module).
    pub width: Option<usize>,
    /// Headings may be set in bold (ANSI escapes).
    pub color: bool,
}

/// One output or input, as the report names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    /// Its name, or its expression when it has none (JSON keys).
    pub label: String,
    /// What tables call it: its name, or `output` when it has none.
    pub title: String,
    /// Its node (`None` for a constant output).
    pub node: Option<NodeId>,
    /// Its value.
    pub value: f64,
}

/// Everything a renderer shows.
pub struct Report<'a> {
    /// The graph.
    pub graph: &'a Graph,
    /// Node expressions.
    pub labels: Labels,
    /// Every node's value.
    pub values: &'a [f64],
    /// The outputs, in Jacobian row order.
    pub outputs: Vec<Named>,
    /// The inputs differentiated by, in Jacobian column order.
    pub inputs: Vec<Named>,
    /// The chosen mode's result.
    pub derivatives: &'a Derivatives,
    /// How many paths lead from the inputs to the outputs.
    pub paths: PathCount,
    /// Every mode side by side, with `--stats`.
    pub stats: Option<&'a [StatRow]>,
    /// The mode's narration, with `--explain`.
    pub explain: Option<&'a [String]>,
    /// The output's Hessian, with `--order 2`.
    pub hessian: Option<&'a Hessian>,
    /// How many digits tables and drawings show (`--digits`).
    pub digits: Digits,
    /// Whether CSV and TSV start with their header line (not with
    /// `--no-header`).
    pub header: bool,
}

impl<'a> Report<'a> {
    /// Gathers a report; `outputs` and `wrt` are in the order the
    /// derivatives were computed.
    pub fn new(
        graph: &'a Graph,
        values: &'a [f64],
        outputs: &[Output],
        wrt: &[NodeId],
        derivatives: &'a Derivatives,
    ) -> Report<'a> {
        let labels = Labels::of(graph);
        let (outputs, inputs) = named(graph, &labels, values, (outputs, wrt));
        Report {
            graph,
            labels,
            values,
            outputs,
            inputs,
            derivatives,
            paths: 0,
            stats: None,
            explain: None,
            hessian: None,
            digits: Digits::ALL,
            header: true,
        }
    }

    /// Shows every number a person reads to `digits`: values, derivatives
    /// and the constants in expressions (the labels, and an unnamed
    /// output's, are written again rounded).
    pub fn round_to(&mut self, digits: Digits) {
        self.digits = digits;
        if digits == Digits::ALL {
            return;
        }
        let rounded = Labels::rounded(self.graph, digits);
        for output in &mut self.outputs {
            if let Some(id) = output
                .node
                .filter(|&id| output.label == self.labels.expr(id))
            {
                output.label = rounded.expr(id).to_string();
            }
        }
        self.labels = rounded;
    }

    /// The per-node columns of the chosen mode.
    pub fn columns(&self) -> Vec<NodeColumn<'_>> {
        columns::of(self)
    }
}

/// The outputs and the inputs `wrt`, as reports name them.
pub fn named(
    graph: &Graph,
    labels: &Labels,
    values: &[f64],
    (outputs, wrt): (&[Output], &[NodeId]),
) -> (Vec<Named>, Vec<Named>) {
    let outputs = outputs
        .iter()
        .map(|output| named_output(graph, labels, values, output))
        .collect();
    let inputs = wrt
        .iter()
        .map(|&id| Named {
            label: labels.label(graph, id).to_string(),
            title: labels.label(graph, id).to_string(),
            node: Some(id),
            value: values[id.index()],
        })
        .collect();
    (outputs, inputs)
}

/// `value` as one line of JSON, newline included: the form of every JSON
/// output (a document, a `--lines` line, a `--points` row).
pub fn json_line(value: &impl serde::Serialize) -> String {
    let mut text = Vec::new();
    json::to_writer(&mut text, value).expect("a JSON document serializes");
    text.push(b'\n');
    String::from_utf8(text).expect("JSON is UTF-8")
}

/// `1 edge`, `5 edges`: `n` and the word for it.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What `--mode auto` chose and why, in one sentence (a note on standard
/// error, and a line under `--stats`).
pub fn auto_note(choice: &Choice) -> String {
    let (chosen, other, other_mode) = match choice.mode {
        Mode::Forward => (choice.forward, choice.reverse, Mode::Reverse),
        _ => (choice.reverse, choice.forward, Mode::Forward),
    };
    let bound = if other.complete { "" } else { "at least " };
    format!(
        "auto chose {} mode: {} and {} touched; {} mode would take {} and {bound}{}",
        choice.mode.name(),
        plural(chosen.sweeps, "sweep", "sweeps"),
        plural(chosen.edges as usize, "edge", "edges"),
        other_mode.name(),
        plural(other.sweeps, "sweep", "sweeps"),
        plural(other.edges as usize, "edge", "edges"),
    )
}

/// What tables call an output that has no name.
const UNNAMED_OUTPUT: &str = "output";

/// What tables and column headings call an output: its name (or its
/// node's), else `output`.
pub fn output_title(graph: &Graph, output: &Output) -> String {
    output_name(graph, output)
        .unwrap_or(UNNAMED_OUTPUT)
        .to_string()
}

/// What JSON calls an output: its name (or its node's), else its text as
/// written.
pub fn output_label(graph: &Graph, output: &Output) -> String {
    output_name(graph, output)
        .unwrap_or(&output.text)
        .to_string()
}

/// What `eval --format json` calls each output: its name (or its
/// node's), else its expression as `eval` writes it. The graph is labelled
/// only when an output needs it.
pub fn output_json_labels(graph: &Graph, outputs: &[Output]) -> Vec<String> {
    let unnamed = |output: &Output| output_name(graph, output).is_none();
    let labels = outputs
        .iter()
        .any(|output| unnamed(output) && output.value.node().is_some())
        .then(|| Labels::of(graph));
    outputs
        .iter()
        .map(
            |output| match (output_name(graph, output), output.value, &labels) {
                (Some(name), _, _) => name.to_string(),
                (None, Value::Node(id), Some(labels)) => labels.expr(id).to_string(),
                (None, _, _) => output.text.clone(),
            },
        )
        .collect()
}

/// The output's own name, or its node's.
fn output_name<'a>(graph: &'a Graph, output: &'a Output) -> Option<&'a str> {
    let node_name = match output.value {
        Value::Node(id) => graph.name(id),
        Value::Const(_) => None,
    };
    output.name.as_deref().or(node_name)
}

fn named_output(graph: &Graph, labels: &Labels, values: &[f64], output: &Output) -> Named {
    let (node, value) = match output.value {
        Value::Node(id) => (Some(id), values[id.index()]),
        Value::Const(c) => (None, c),
    };
    let name = output_name(graph, output);
    let label = match (name, node) {
        (Some(name), _) => name,
        (None, Some(id)) => labels.expr(id),
        (None, None) => &output.text,
    };
    let title = name.unwrap_or(UNNAMED_OUTPUT).to_string();
    Named {
        label: label.to_string(),
        title,
        node,
        value,
    }
}

/// The formats of a drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawFormat {
    /// Graphviz DOT.
    Dot,
    /// A finished SVG picture.
    Svg,
    /// A page that steps through every mode on the picture.
    Html,
}

/// Draws `report`'s graph, the part `extent` asks for; refused past its
/// node limit. A page (`Html`) runs every mode on `sweeps`.
pub fn draw(
    report: &Report<'_>,
    format: DrawFormat,
    extent: drawing::Extent,
    sweeps: html::Sweeps<'_>,
) -> Result<String, crate::error::InputError> {
    Ok(match format {
        DrawFormat::Dot => dot::render(&drawing::Drawing::of(report, extent)?),
        DrawFormat::Svg => svg::render(&drawing::Drawing::of(report, extent)?),
        DrawFormat::Html => html::page(report, sweeps, extent)?,
    })
}

/// The `--stats` comparison as a table, when there is one (the table format
/// includes it; the command line writes it to standard error for CSV and
/// TSV, whose standard output holds node rows only).
pub fn stats_table(report: &Report<'_>, layout: Layout) -> Option<String> {
    table::stats_section(report, layout)
}

/// Refuses a table of more than `table::MAX_TABLE_CELLS` cells, with
/// the formats that stream instead.
pub fn fits_table(report: &Report<'_>) -> Result<(), crate::error::InputError> {
    let cells = table::cells(report);
    if cells <= table::MAX_TABLE_CELLS {
        return Ok(());
    }
    let fewer = match report.columns().len() > 1 {
        true => "; or fewer columns: --wrt with fewer inputs, or reverse mode",
        false => "",
    };
    Err(crate::error::InputError::new(format!(
        "the table would hold {cells} cells, more than a table prints ({}): \
         write --format csv or --format json, which stream{fewer}",
        table::MAX_TABLE_CELLS
    )))
}

/// Writes `report` in `format` to `out`.
pub fn write(
    report: &Report<'_>,
    format: Format,
    layout: Layout,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Table => out.write_all(table::render(report, layout).as_bytes()),
        Format::Json => json::write(report, out),
        Format::Csv => csv::write(report, b',', out),
        Format::Tsv => csv::write(report, b'\t', out),
        Format::Mtx => Err(std::io::Error::other(
            "--format mtx writes a sparse matrix: --sparse or --pattern",
        )),
    }
}
