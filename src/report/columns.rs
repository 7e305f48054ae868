//! The per-node columns each mode shows, shared by every format.
//!
//! - reverse: `∂out/∂node` for each output;
//! - forward: `∂node/∂x` for each input x;
//! - paths: the number of paths from the node to each output, and
//!   `∂out/∂node` for the inputs (the sums over their paths; other nodes have
//!   no such sum and show nothing).

use crate::modes::{PathCount, PerNode};

use super::{Named, Report};

/// One cell of a node column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A derivative.
    Number(f64),
    /// A path count.
    Count(PathCount),
    /// Nothing to show for this node.
    Empty,
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
    /// Whether the column holds path counts rather than derivatives.
    pub counts: bool,
    cells: Cells<'a>,
}

#[derive(Debug, Clone)]
enum Cells<'a> {
    Numbers(&'a [f64]),
    Counts(&'a [PathCount]),
    /// Input node ids, sorted, with their derivatives.
    Inputs(Vec<(usize, f64)>),
}

impl NodeColumn<'_> {
    /// The cell for node `id`.
    pub fn cell(&self, id: usize) -> Cell {
        match &self.cells {
            Cells::Numbers(values) => Cell::Number(values[id]),
            Cells::Counts(counts) => Cell::Count(counts[id]),
            Cells::Inputs(inputs) => inputs
                .binary_search_by_key(&id, |&(node, _)| node)
                .map_or(Cell::Empty, |at| Cell::Number(inputs[at].1)),
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
                    counts: false,
                    cells: Cells::Numbers(tangent),
                }
            })
            .collect(),
        PerNode::PathCounts(counts) => path_columns(report, counts),
    }
}

fn derivative_column<'a>(output: &'a Named, cells: Cells<'a>) -> NodeColumn<'a> {
    let out = &output.title;
    NodeColumn {
        title: format!("∂{out}/∂node"),
        csv_title: format!("d_{out}/d_node"),
        about: &output.label,
        counts: false,
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
            counts: true,
            cells: Cells::Counts(up),
        });
        let mut inputs: Vec<(usize, f64)> = report
            .inputs
            .iter()
            .zip(row)
            .filter_map(|(input, &d)| input.node.map(|id| (id.index(), d)))
            .collect();
        inputs.sort_by_key(|&(id, _)| id);
        columns.push(derivative_column(output, Cells::Inputs(inputs)));
    }
    columns
}
