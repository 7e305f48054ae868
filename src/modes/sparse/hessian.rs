//! The compressed Hessian: forward over reverse, one pair of sweeps per
//! colour.
//!
//! One reverse sweep gives the adjoints; then, for each colour c, a forward
//! sweep seeded at every input of colour c and the second reverse sweep
//! along it (as in [`crate::modes::hessian`]) give `H·s_c`, where `s_c` is 1
//! at the inputs of colour c: row i of it is the sum of `H_ik` over the
//! columns k of colour c in row i. A star colouring leaves every entry
//! (i, j) alone in one such sum — in row i among the columns of j's
//! colour, or else in row j among those of i's — and the entry is read
//! from there.

use super::jacobian::entries_by_colour;
use super::pattern::Carrying;
use super::{Colouring, Cost, Matrix, Pattern};
use crate::graph::{Graph, NodeId};
use crate::modes::{forward, hessian, reverse, NoTrace};

/// The Hessian of `out` by `wrt` at `values`, on its symmetric `pattern`
/// coloured by `colouring`.
pub fn compute(
    (graph, values): (&Graph, &[f64]),
    (out, wrt): (NodeId, &[NodeId]),
    pattern: &Pattern,
    colouring: &Colouring,
) -> (Matrix, Cost) {
    let sources = sources(pattern, colouring);
    let by_colour = entries_by_colour(pattern, colouring.count(), |row, col| {
        let (_, colour) = sources[row].get(col);
        colour
    });
    let mut adjoint = vec![0.0; graph.len()];
    let mut edges_touched = reverse::sweep(graph, values, out, &mut adjoint, &mut NoTrace);
    let mut rows = forward::Rows::new(graph.len());
    let carrying = Carrying::of(graph);
    let mut found = vec![0.0; pattern.nonzeros()];
    for (group, entries) in colouring.groups().iter().zip(&by_colour) {
        let mut seeds: Vec<NodeId> = group.iter().map(|&j| wrt[j as usize]).collect();
        seeds.sort_unstable();
        edges_touched += forward::sweep_seeds(
            graph,
            values,
            &seeds,
            Some(&carrying),
            &mut rows,
            &mut NoTrace,
        );
        let (dot, touched) = hessian::second_sweep(
            graph,
            values,
            out,
            (&adjoint, rows.tangent()),
            Some(&carrying),
        );
        edges_touched += touched;
        for &(entry, row, col) in entries {
            let (source, _) = sources[row].get(col);
            found[entry] = dot[wrt[source].index()];
        }
    }
    let cost = Cost {
        sweeps: 1 + 2 * colouring.count(),
        dense_sweeps: 1 + 2 * wrt.len(),
        edges_touched,
    };
    let matrix = Matrix {
        pattern: pattern.clone(),
        values: found,
    };
    (matrix, cost)
}

/// Where each entry of a row is read: the row of `H·s_c` and the colour c.
struct RowSources<'a> {
    row: usize,
    columns: &'a [u32],
    colouring: &'a Colouring,
    /// How many of the row's columns have each colour, for the colours
    /// that occur more than once (the rest are alone).
    crowded: Vec<usize>,
}

impl RowSources<'_> {
    /// Entry (row, col): from this row if col's colour is alone here, else
    /// from row col at this row's colour (alone there, by the star
    /// property).
    fn get(&self, col: usize) -> (usize, usize) {
        debug_assert!(self.columns.binary_search(&(col as u32)).is_ok());
        let colour = self.colouring.of(col);
        match self.crowded.contains(&colour) {
            false => (self.row, colour),
            true => (col, self.colouring.of(self.row)),
        }
    }
}

/// Every row's sources.
fn sources<'a>(pattern: &'a Pattern, colouring: &'a Colouring) -> Vec<RowSources<'a>> {
    let mut seen = vec![usize::MAX; colouring.count()];
    (0..pattern.rows())
        .map(|row| {
            let columns = pattern.row(row);
            let mut crowded = Vec::new();
            for &col in columns {
                let colour = colouring.of(col as usize);
                if seen[colour] == row && !crowded.contains(&colour) {
                    crowded.push(colour);
                }
                seen[colour] = row;
            }
            RowSources {
                row,
                columns,
                colouring,
                crowded,
            }
        })
        .collect()
}
