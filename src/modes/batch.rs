//! One program at many points.
//!
//! The graph is built once; each point gets its own value pass and the
//! chosen mode's sweeps. Points are independent, so a chunk of them runs in
//! parallel (rayon) and comes back in the order it went in. The result at a
//! point is exactly what a single evaluation at that point gives: the same
//! operations in the same order.

use rayon::prelude::*;

use super::{paths, run, Mode, Request, TooManyPaths};
use crate::graph::{evaluate, Graph, NodeId, Value};

/// The outputs' values and Jacobian at one point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// Each output's value.
    pub values: Vec<f64>,
    /// `jacobian[output][input]`, inputs as in `wrt`.
    pub jacobian: Vec<Vec<f64>>,
    /// Edges touched at this point.
    pub edges_touched: u64,
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
    /// A batch for `mode`; paths mode is refused here, once, when the graph
    /// has more paths than `max_paths` (the count does not depend on the point).
    pub fn new(
        graph: &'g Graph,
        outputs: &'g [Value],
        wrt: &'g [NodeId],
        mode: Mode,
        max_paths: paths::PathCount,
    ) -> Result<Batch<'g>, TooManyPaths> {
        if mode == Mode::Paths {
            let count = paths::total(&paths::count(graph, outputs), wrt);
            if count > max_paths {
                let edges = graph.edge_count();
                return Err(TooManyPaths {
                    paths: count,
                    limit: max_paths,
                    edges,
                });
            }
        }
        Ok(Batch {
            graph,
            outputs,
            wrt,
            mode,
        })
    }

    /// The result at one point; `inputs` in the order of `graph.inputs()`.
    pub fn at(&self, inputs: &[f64]) -> PointResult {
        let values = evaluate(self.graph, inputs);
        let request = Request {
            graph: self.graph,
            values: &values,
            outputs: self.outputs,
            wrt: self.wrt,
            max_paths: paths::PathCount::MAX,
        };
        let derivatives =
            run(self.mode, &request).expect("the path limit was checked in Batch::new");
        let output_values = self
            .outputs
            .iter()
            .map(|output| match *output {
                Value::Node(id) => values[id.index()],
                Value::Const(c) => c,
            })
            .collect();
        PointResult {
            values: output_values,
            jacobian: derivatives.jacobian,
            edges_touched: derivatives.edges_touched,
        }
    }

    /// The results at every point, in order, computed in parallel.
    pub fn at_all(&self, points: &[Vec<f64>]) -> Vec<PointResult> {
        points.par_iter().map(|inputs| self.at(inputs)).collect()
    }
}
