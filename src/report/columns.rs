//! The per-node columns each mode shows, shared by every format.
//!
//! - reverse: `∂out/∂node` for each output;
//! - forward: `∂node/∂x` for each input x (0 where the node does not
//!   depend on x);
//! - paths: the number of paths from the node to each output, and
//!   `∂out/∂node` for the inputs (the sums over their paths; other nodes have
//!   no such sum and show nothing);
//! - eliminate: the step at which each node was eliminated, and
//!   `∂out/∂node` for the inputs (the Jacobian, the edges left at the end).

use crate::modes::forward::Tangent;
use crate::modes::{PathCount, PerNode};

use super::{Named, Report};

/// One cell of a node column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A derivative.
    Number(f64),
    /// A path count.
    Count(PathCount),
    /// The step at which the node was eliminated.
    Step(u32),
    /// Nothing to show for this node.
    Empty,
    /// The node does not depend on the column's input: its derivative is 0
    /// (printed as 0; JSON's keyed objects leave it out).
    Independent,
}

/// A column of per-node results.
#[derive(Debug, Clone)]
pub struct NodeColumn<'a> {
    /// Heading for people: `∂e/∂node`, `∂node/∂a`, `paths to e`.
    pub title: String,
    /// Heading for CSV: `d_e/d_node`, `d_node/d_a`, `paths_to_e`.
    pub csv_title: String,
    /// The output or input the column is about (a JSON key).
    pub about: &'a str,
    /// What the column holds.
    pub kind: ColumnKind,
    cells: Cells<'a>,
}

/// What a node column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Derivatives.
    Derivative,
    /// Path counts.
    PathCount,
    /// Elimination steps.
    Step,
}

#[derive(Debug, Clone)]
enum Cells<'a> {
    Numbers(&'a [f64]),
    Counts(&'a [PathCount]),
    /// Steps from 1; 0 (not eliminated) shows nothing.
    Steps(&'a [u32]),
    /// Input node ids, sorted, with their derivatives.
    Inputs(Vec<(usize, f64)>),
    /// The nodes that depend on an input, with their derivatives.
    Dependent(&'a Tangent),
}

/// Reads node columns row by row in id order, with a cursor per column: a
/// sparse column costs one step per row, not a search.
pub struct Reader<'c, 'a> {
    columns: &'c [NodeColumn<'a>],
    cursors: Vec<usize>,
}

impl<'c, 'a> Reader<'c, 'a> {
    /// A reader of `columns` whose first row is node `first`.
    pub fn new(columns: &'c [NodeColumn<'a>], first: usize) -> Reader<'c, 'a> {
        let cursors = columns
            .iter()
            .map(|column| match &column.cells {
                Cells::Dependent(tangent) => tangent.cursor_at(first),
                _ => 0,
            })
            .collect();
        Reader { columns, cursors }
    }

    /// Node `id`'s cells, column by column; ids must not decrease from
    /// call to call.
    pub fn row(&mut self, id: usize) -> impl Iterator<Item = (&'c NodeColumn<'a>, Cell)> + '_ {
        self.columns
            .iter()
            .zip(&mut self.cursors)
            .map(move |(column, cursor)| (column, column.cell(id, cursor)))
    }
}

impl NodeColumn<'_> {
    /// The cell for node `id`; `cursor` is the column's in a [`Reader`].
    fn cell(&self, id: usize, cursor: &mut usize) -> Cell {
        match &self.cells {
            Cells::Numbers(values) => Cell::Number(values[id]),
            Cells::Counts(counts) => Cell::Count(counts[id]),
            Cells::Steps(steps) => match steps[id] {
                0 => Cell::Empty,
                step => Cell::Step(step),
            },
            Cells::Inputs(inputs) => inputs
                .binary_search_by_key(&id, |&(node, _)| node)
                .map_or(Cell::Empty, |at| Cell::Number(inputs[at].1)),
            Cells::Dependent(tangent) => tangent
                .get_from(id, cursor)
                .map_or(Cell::Independent, Cell::Number),
        }
    }
}

pub(super) fn of<'a>(report: &'a Report<'_>) -> Vec<NodeColumn<'a>> {
    match &report.derivatives.per_node {
        PerNode::Adjoints(adjoints) => report
            .outputs
            .iter()
            .zip(adjoints)
            .map(|(output, adjoint)| derivative_column(output, Cells::Numbers(adjoint)))
            .collect(),
        PerNode::Tangents(tangents) => report
            .inputs
            .iter()
            .zip(tangents)
            .map(|(input, tangent)| {
                let x = &input.title;
                NodeColumn {
                    title: format!("∂node/∂{x}"),
                    csv_title: format!("d_node/d_{x}"),
                    about: &input.label,
                    kind: ColumnKind::Derivative,
                    cells: Cells::Dependent(tangent),
                }
            })
            .collect(),
        PerNode::PathCounts(counts) => path_columns(report, counts),
        PerNode::Eliminated(steps, _) => elimination_columns(report, steps),
    }
}

fn derivative_column<'a>(output: &'a Named, cells: Cells<'a>) -> NodeColumn<'a> {
    let out = &output.title;
    NodeColumn {
        title: format!("∂{out}/∂node"),
        csv_title: format!("d_{out}/d_node"),
        about: &output.label,
        kind: ColumnKind::Derivative,
        cells,
    }
}

fn path_columns<'a>(report: &'a Report<'_>, counts: &'a [Vec<PathCount>]) -> Vec<NodeColumn<'a>> {
    let mut columns = Vec::new();
    for ((output, up), row) in report
        .outputs
        .iter()
        .zip(counts)
        .zip(&report.derivatives.jacobian)
    {
        let out = &output.title;
        columns.push(NodeColumn {
            title: format!("paths to {out}"),
            csv_title: format!("paths_to_{out}"),
            about: &output.label,
            kind: ColumnKind::PathCount,
            cells: Cells::Counts(up),
        });
        columns.push(derivative_column(output, input_cells(report, row)));
    }
    columns
}

fn elimination_columns<'a>(report: &'a Report<'_>, steps: &'a [u32]) -> Vec<NodeColumn<'a>> {
    let step = NodeColumn {
        title: "eliminated".into(),
        csv_title: "eliminated".into(),
        about: "eliminated",
        kind: ColumnKind::Step,
        cells: Cells::Steps(steps),
    };
    let derivatives = report
        .outputs
        .iter()
        .zip(&report.derivatives.jacobian)
        .map(|(output, row)| derivative_column(output, input_cells(report, row)));
    std::iter::once(step).chain(derivatives).collect()
}

/// A Jacobian row shown at the input nodes.
fn input_cells<'a>(report: &Report<'_>, row: &[f64]) -> Cells<'a> {
    let mut inputs: Vec<(usize, f64)> = report
        .inputs
        .iter()
        .zip(row)
        .filter_map(|(input, &d)| input.node.map(|id| (id.index(), d)))
        .collect();
    inputs.sort_by_key(|&(id, _)| id);
    Cells::Inputs(inputs)
}
