//! The compressed Jacobian: one sweep per colour, forward or reverse.
//!
//! Forward: the columns (inputs) are coloured so that no row has two of a
//! colour; a forward sweep seeded at every input of colour c gives, at
//! output r, the sum of `∂r/∂x_j` over those inputs — of which row r has
//! one at most, so the sum is that entry. Reverse: the same with the rows
//! (outputs) coloured and a reverse sweep seeded at every output of a
//! colour, read at the inputs. The direction with fewer colours wins (a
//! tie goes to reverse, as `--mode auto`'s does).

use super::colour::{self, Colouring};
use super::pattern::Carrying;
use super::{Cost, Matrix, Pattern, Read};
use crate::graph::{Graph, NodeId, Value};
use crate::modes::{forward, reverse, NoTrace};

/// Which way the compressed sweeps go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// One forward sweep per colour of inputs.
    Forward,
    /// One reverse sweep per colour of outputs.
    Reverse,
}

impl Direction {
    /// The direction's name, as its mode is named.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Forward => "forward",
            Direction::Reverse => "reverse",
        }
    }
}

/// Both colourings and the direction chosen from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The direction with fewer colours (reverse at a tie).
    pub direction: Direction,
    /// The inputs' colouring (forward sweeps).
    pub columns: Colouring,
    /// The outputs' colouring (reverse sweeps).
    pub rows: Colouring,
}

impl Choice {
    /// Colours both sides of `pattern` and picks the cheaper.
    pub fn of(pattern: &Pattern) -> Choice {
        let columns = colour::columns(pattern);
        let rows = colour::columns(&pattern.transpose());
        let direction = match columns.count() < rows.count() {
            true => Direction::Forward,
            false => Direction::Reverse,
        };
        Choice {
            direction,
            columns,
            rows,
        }
    }

    /// The colouring of the direction chosen.
    pub fn colouring(&self) -> &Colouring {
        match self.direction {
            Direction::Forward => &self.columns,
            Direction::Reverse => &self.rows,
        }
    }
}

/// Where each entry of `pattern` is read by the sweeps `choice` chose.
pub fn reads(pattern: &Pattern, choice: &Choice) -> Vec<Read> {
    pattern
        .entries()
        .map(|(row, col)| match choice.direction {
            Direction::Forward => Read {
                colour: choice.columns.of(col),
                at: row,
            },
            Direction::Reverse => Read {
                colour: choice.rows.of(row),
                at: col,
            },
        })
        .collect()
}

/// What the compressed Jacobian asks.
#[derive(Debug, Clone, Copy)]
pub struct Question<'a> {
    /// The graph.
    pub graph: &'a Graph,
    /// Every node's value.
    pub values: &'a [f64],
    /// The outputs: rows.
    pub outputs: &'a [Value],
    /// The inputs: columns.
    pub wrt: &'a [NodeId],
}

/// The Jacobian of `question` on `pattern`, by the sweeps `choice` chose.
pub fn compute(question: &Question<'_>, pattern: &Pattern, choice: &Choice) -> (Matrix, Cost) {
    let dense_sweeps = match choice.direction {
        Direction::Forward => question.wrt.len(),
        Direction::Reverse => question
            .outputs
            .iter()
            .filter(|o| o.node().is_some())
            .count(),
    };
    if pattern.nonzeros() == 0 {
        return Matrix::zero(pattern, dense_sweeps);
    }
    let mut values = vec![0.0; pattern.nonzeros()];
    let (sweeps, edges_touched) = match choice.direction {
        Direction::Forward => forward_sweeps(question, pattern, &choice.columns, &mut values),
        Direction::Reverse => reverse_sweeps(question, pattern, &choice.rows, &mut values),
    };
    let matrix = Matrix {
        pattern: pattern.clone(),
        values,
    };
    let cost = Cost {
        sweeps,
        dense_sweeps,
        edges_touched,
    };
    (matrix, cost)
}

/// One forward sweep per colour of columns; fills `values`.
fn forward_sweeps(
    question: &Question<'_>,
    pattern: &Pattern,
    colouring: &Colouring,
    values: &mut [f64],
) -> (usize, u64) {
    let by_colour = entries_by_colour(pattern, colouring.count(), |_, col| colouring.of(col));
    let mut rows = forward::Rows::new(question.graph.len());
    let carrying = Carrying::of(question.graph);
    let (mut sweeps, mut touched) = (0, 0);
    for (group, entries) in colouring.groups().iter().zip(&by_colour) {
        let seeds = sorted_nodes(group.iter().map(|&j| Some(question.wrt[j as usize])));
        touched += forward::sweep_seeds(
            question.graph,
            question.values,
            &seeds,
            Some(&carrying),
            &mut rows,
            &mut NoTrace,
        );
        sweeps += 1;
        for &(entry, row, _) in entries {
            if let Some(out) = question.outputs[row].node() {
                values[entry] = rows.tangent()[out.index()];
            }
        }
    }
    (sweeps, touched)
}

/// One reverse sweep per colour of rows; fills `values`.
fn reverse_sweeps(
    question: &Question<'_>,
    pattern: &Pattern,
    colouring: &Colouring,
    values: &mut [f64],
) -> (usize, u64) {
    let by_colour = entries_by_colour(pattern, colouring.count(), |row, _| colouring.of(row));
    let mut adjoint = vec![0.0; question.graph.len()];
    let carrying = Carrying::of(question.graph);
    let (mut sweeps, mut touched) = (0, 0);
    for (group, entries) in colouring.groups().iter().zip(&by_colour) {
        let seeds = sorted_nodes(group.iter().map(|&r| question.outputs[r as usize].node()));
        if seeds.is_empty() {
            continue;
        }
        adjoint.fill(0.0);
        touched += reverse::sweep_seeds(
            question.graph,
            question.values,
            (&seeds, &carrying),
            &mut adjoint,
            &mut NoTrace,
        );
        sweeps += 1;
        for &(entry, _, col) in entries {
            values[entry] = adjoint[question.wrt[col].index()];
        }
    }
    (sweeps, touched)
}

/// The nodes among `nodes`, in id order, each once.
fn sorted_nodes(nodes: impl Iterator<Item = Option<NodeId>>) -> Vec<NodeId> {
    let mut seeds: Vec<NodeId> = nodes.flatten().collect();
    seeds.sort_unstable();
    seeds.dedup();
    seeds
}

/// The entries of `pattern` as `(entry, row, column)`, grouped by the
/// colour `colour_of(row, column)` gives them.
pub(super) fn entries_by_colour(
    pattern: &Pattern,
    colours: usize,
    colour_of: impl Fn(usize, usize) -> usize,
) -> Vec<Vec<(usize, usize, usize)>> {
    let mut groups = vec![Vec::new(); colours];
    for (entry, (row, col)) in pattern.entries().enumerate() {
        groups[colour_of(row, col)].push((entry, row, col));
    }
    groups
}
