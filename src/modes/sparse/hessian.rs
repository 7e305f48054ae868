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

use super::pattern::Carrying;
use super::{Colouring, Cost, Matrix, Pattern, Read, TooDense};
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
    if pattern.nonzeros() == 0 {
        return Matrix::zero(pattern, 1 + 2 * wrt.len());
    }
    let reads = reads(pattern, colouring);
    let mut by_colour = vec![Vec::new(); colouring.count()];
    for (entry, read) in reads.iter().enumerate() {
        by_colour[read.colour].push((entry, read.at));
    }
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
        for &(entry, row) in entries {
            found[entry] = dot[wrt[row].index()];
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

/// The Hessian of `out` by `wrt` at `values` found sparse — pattern, star
/// colouring and compressed sweeps — as a dense matrix (zeros outside the
/// pattern), with its colour count: what `check --order 2 --sparse`
/// checks.
pub fn dense(
    (graph, values): (&Graph, &[f64]),
    (out, wrt): (NodeId, &[NodeId]),
) -> Result<(Vec<Vec<f64>>, usize), TooDense> {
    let pattern = super::pattern::hessian(graph, out, wrt)?;
    let colouring = super::colour::star(&pattern);
    let (matrix, _) = compute((graph, values), (out, wrt), &pattern, &colouring);
    let mut rows = vec![vec![0.0; wrt.len()]; wrt.len()];
    for (row, col, value) in matrix.entries() {
        rows[row][col] = value;
    }
    Ok((rows, colouring.count()))
}

/// Where each entry of `pattern` is read: entry (i, j) in row i of the
/// sweep of j's colour when no other column of that colour is in row i,
/// else in row j of the sweep of i's colour (alone there, by the star
/// property).
pub fn reads(pattern: &Pattern, colouring: &Colouring) -> Vec<Read> {
    let crowded = crowded_colours(pattern, colouring);
    pattern
        .entries()
        .map(|(row, col)| {
            let colour = colouring.of(col);
            match crowded[row].contains(&colour) {
                false => Read { colour, at: row },
                true => Read {
                    colour: colouring.of(row),
                    at: col,
                },
            }
        })
        .collect()
}

/// For each row, the colours that more than one of its columns have.
fn crowded_colours(pattern: &Pattern, colouring: &Colouring) -> Vec<Vec<usize>> {
    let mut seen = vec![usize::MAX; colouring.count()];
    (0..pattern.rows())
        .map(|row| {
            let mut crowded = Vec::new();
            for &col in pattern.row(row) {
                let colour = colouring.of(col as usize);
                if seen[colour] == row && !crowded.contains(&colour) {
                    crowded.push(colour);
                }
                seen[colour] = row;
            }
            crowded
        })
        .collect()
}
