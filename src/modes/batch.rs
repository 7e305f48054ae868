//! One program at many points.
//!
//! The graph is built once. Reverse mode runs over blocks of points at once
//! (`block.rs`) unless the graph has an `if`; the other modes run point by
//! point. Blocks are independent, so they run in parallel (rayon) and come
//! back in the order they went in.
//! The result at a point is exactly what a single evaluation at that point
//! gives: the same operations in the same order.

use std::cell::RefCell;

use rayon::prelude::*;

use super::block::{reverse, Ancestry, Scratch, BLOCK};
use super::ordering::Strategy;
use super::{budget, paths, run_admitted, Mode, NoTrace, Refused, Request};
use crate::graph::{evaluate, Graph, NodeId, Value};

thread_local! {
    /// Each thread's working rows for blocks, kept from block to block and
    /// call to call: a block's rows are megabytes (nodes × 256 points), and
    /// fresh ones would cost page faults and clearing every time. A block
    /// runs no parallel work of its own, so a thread never borrows its rows
    /// twice.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The outputs' values and Jacobians at many points, stored flat.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// Point after point, each output's value.
    values: Vec<f64>,
    /// Point after point, `jacobian[output][input]` row by row.
    jacobian: Vec<f64>,
    outputs: usize,
    wrt: usize,
}

impl Results {
    /// Point `p`'s output values.
    pub fn values(&self, p: usize) -> &[f64] {
        &self.values[p * self.outputs..(p + 1) * self.outputs]
    }

    /// Point `p`'s Jacobian, row-major: `[output * wrt + input]`.
    pub fn jacobian(&self, p: usize) -> &[f64] {
        let size = self.outputs * self.wrt;
        &self.jacobian[p * size..(p + 1) * size]
    }
}

/// The most memory a thread's block rows may take (values and adjoints,
/// `BLOCK` (256) points per node): up to 16,384 nodes. A larger graph runs point
/// by point, in the memory of a single evaluation (a block of a
/// million-node graph would hold 4 GB per thread, and gain little: its rows
/// outgrow every cache).
pub const MAX_BLOCK_BYTES: usize = 64 << 20;

/// The bytes of a block's value and adjoint rows for `graph`.
fn block_bytes(graph: &Graph) -> usize {
    graph
        .len()
        .saturating_mul(BLOCK * 2 * std::mem::size_of::<f64>())
}

/// A program ready to be differentiated at many points.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'g> {
    graph: &'g Graph,
    outputs: &'g [Value],
    wrt: &'g [NodeId],
    mode: Mode,
}

impl<'g> Batch<'g> {
    /// A batch for `mode`, refused here, once, when the mode would cost more
    /// than a [`budget`] allows at each point (or paths mode finds more paths
    /// than `max_paths`): the estimates do not depend on the point, so the
    /// request they judge has no values.
    pub fn new(
        graph: &'g Graph,
        outputs: &'g [Value],
        wrt: &'g [NodeId],
        mode: Mode,
        max_paths: paths::PathCount,
    ) -> Result<Batch<'g>, Refused> {
        let shape = Request {
            graph,
            values: &[],
            outputs,
            wrt,
            max_paths,
            order: Strategy::default(),
        };
        budget::admit(mode, &shape)?;
        Ok(Batch {
            graph,
            outputs,
            wrt,
            mode,
        })
    }

    /// The results at `points` points, in order, computed in parallel.
    /// `inputs` holds the points one after the other, each with one value
    /// per graph input in the order of `graph.inputs()`.
    pub fn at_all(&self, inputs: &[f64], points: usize) -> Result<Results, Refused> {
        let mut results = Results::default();
        self.at_all_into(inputs, points, &mut results)?;
        Ok(results)
    }

    /// [`Batch::at_all`] into `results`, reusing its memory: every value is
    /// written, so nothing is cleared first (a stream of chunks, or a
    /// benchmark, pays for zeroing its results only once). Refused only when
    /// an elimination at some point goes past its budget (its fill-in
    /// depends on which branches of an `if` are taken).
    pub fn at_all_into(
        &self,
        inputs: &[f64],
        points: usize,
        results: &mut Results,
    ) -> Result<(), Refused> {
        let (outputs, size) = (self.outputs.len(), self.outputs.len() * self.wrt.len());
        results.outputs = outputs;
        results.wrt = self.wrt.len();
        results.values.resize(points * outputs, 0.0);
        results.jacobian.resize(points * size, 0.0);
        let blocks = points.div_ceil(BLOCK);
        let jacobians: Vec<&mut [f64]> = if size == 0 {
            (0..blocks).map(|_| Default::default()).collect()
        } else {
            results.jacobian.chunks_mut(BLOCK * size).collect()
        };
        // Blocks need every edge live at every point: a graph with an `if`
        // (whose branch not taken carries nothing, point by point) runs
        // point by point, by the scalar sweeps; so does a graph whose
        // block rows would pass MAX_BLOCK_BYTES.
        let blocks_apply = self.mode == Mode::Reverse
            && !self.graph.has_branches()
            && block_bytes(self.graph) <= MAX_BLOCK_BYTES;
        let ancestry = blocks_apply.then(|| Ancestry::of(self.graph, self.outputs));
        results
            .values
            .par_chunks_mut((BLOCK * outputs).max(1))
            .zip(jacobians)
            .enumerate()
            .try_for_each(|(block, (values, jacobian))| {
                let first = block * BLOCK;
                let m = BLOCK.min(points - first);
                let width = self.graph.inputs().len();
                let block_inputs = &inputs[first * width..(first + m) * width];
                match &ancestry {
                    Some(ancestry) => SCRATCH.with_borrow_mut(|scratch| {
                        reverse(
                            self.graph,
                            (self.outputs, self.wrt),
                            ancestry,
                            (block_inputs, m),
                            scratch,
                            (values, jacobian),
                        )
                    }),
                    None => {
                        for p in 0..m {
                            let point = &block_inputs[p * width..(p + 1) * width];
                            let jacobian = &mut jacobian[p * size..(p + 1) * size];
                            let values = &mut values[p * outputs..(p + 1) * outputs];
                            self.at(point, values, jacobian)?;
                        }
                    }
                }
                Ok(())
            })
    }

    /// One point by the general modes: its output values and Jacobian
    /// written to `values` and `jacobian`.
    fn at(&self, inputs: &[f64], values: &mut [f64], jacobian: &mut [f64]) -> Result<(), Refused> {
        let node_values = evaluate(self.graph, inputs);
        let request = Request {
            graph: self.graph,
            values: &node_values,
            outputs: self.outputs,
            wrt: self.wrt,
            max_paths: paths::PathCount::MAX,
            // A search per point would cost more than the elimination it
            // orders; a batch reports no counts, and the order changes its
            // Jacobians only by rounding.
            order: Strategy::Markowitz,
        };
        let derivatives = run_admitted(self.mode, &request, &mut NoTrace)?;
        for (slot, output) in values.iter_mut().zip(self.outputs) {
            *slot = match *output {
                Value::Node(id) => node_values[id.index()],
                Value::Const(c) => c,
            };
        }
        for (slot, d) in jacobian
            .iter_mut()
            .zip(derivatives.jacobian.iter().flatten())
        {
            *slot = *d;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::build;

    /// Results written into reused memory (left from a larger and a
    /// smaller call) are the fresh results, bit for bit.
    #[test]
    fn reused_results_equal_fresh_ones() {
        let program = build("y = sin(a) * b + a^2; z = y / (b + 3)").expect("builds");
        let outputs = [program.output("y").unwrap().value, program.last.value];
        let graph = &program.graph;
        let batch = Batch::new(graph, &outputs, graph.inputs(), Mode::Reverse, 0).unwrap();
        let inputs: Vec<f64> = (0..2 * 700).map(|k| f64::from(k) * 0.01 - 3.0).collect();
        let mut reused = Results::default();
        for points in [700, 300, 500] {
            batch.at_all_into(&inputs, points, &mut reused).unwrap();
            assert_eq!(
                reused,
                batch.at_all(&inputs, points).unwrap(),
                "{points} points"
            );
        }
    }

    /// A graph too large for blocks runs point by point, with the results
    /// a block gives, bit for bit (a block of it would pass
    /// [`MAX_BLOCK_BYTES`]; the test gives the same points to a small
    /// graph's blocks and to the same sum split over a large graph).
    #[test]
    fn a_graph_too_large_for_blocks_runs_point_by_point_alike() {
        let terms = MAX_BLOCK_BYTES / (BLOCK * 16) / 3 + 1;
        let text: Vec<String> = (0..terms).map(|k| format!("sin(a*{k}) * b")).collect();
        let text = text.join(" + ");
        let big = build(&text).expect("builds");
        assert!(block_bytes(&big.graph) > MAX_BLOCK_BYTES);
        let small = build("sin(a*2) * b + sin(a*3) * b").expect("builds");
        let inputs: Vec<f64> = (0..2 * 300).map(|k| f64::from(k) * 0.01 - 3.0).collect();
        for program in [&big, &small] {
            let outputs = [program.last.value];
            let graph = &program.graph;
            let batch = Batch::new(graph, &outputs, graph.inputs(), Mode::Reverse, 0).unwrap();
            let results = batch.at_all(&inputs, 300).unwrap();
            for p in [0, 1, 255, 256, 299] {
                let point = &inputs[2 * p..2 * p + 2];
                let mut values = [0.0];
                let mut jacobian = [0.0; 2];
                batch.at(point, &mut values, &mut jacobian).unwrap();
                assert_eq!(results.values(p), values, "point {p}");
                assert_eq!(results.jacobian(p), jacobian, "point {p}");
            }
        }
    }
}
