//! The ways to differentiate a graph, and what is built on them.
//!
//! Every mode answers the same question — the derivatives of the outputs
//! with respect to the chosen inputs (a Jacobian, one row per output) — by a
//! different route, and counts the edges it touches as it multiplies their
//! local derivatives:
//!
//! - [`reverse`]: one sweep per output, down the ids (backpropagation);
//! - [`forward`]: one sweep per input, up the ids;
//! - [`paths`]: per output and input, the sum over every path of the product
//!   of its edges' derivatives — refused when there are too many paths;
//! - [`eliminate`]: vertex elimination on the linearized graph, in an order
//!   planned by [`ordering`], counting one edge per multiply-add.
//!
//! [`stats`] runs them all on the same graph and compares them; [`auto`]
//! picks forward or reverse mode by counting what each would touch;
//! [`hessian`] gives second derivatives, forward over reverse; [`check`]
//! compares them all with [`numeric`] finite differences (Ridders'), with
//! the [`taylor`] remainder test as a second witness and the [`noise`] of
//! rounding as the limit of both; [`symbolic`] runs
//! reverse mode on expressions, giving the derivative as a formula, and
//! [`pretty`] rewrites that formula for reading.

pub mod auto;
pub mod batch;
mod block;
pub mod budget;
pub mod check;
pub mod eliminate;
pub mod forward;
pub mod hessian;
mod kinks;
pub mod noise;
pub mod numeric;
pub mod ordering;
pub mod paths;
pub mod pretty;
pub mod reverse;
mod rounding;
pub mod sparse;
pub mod stats;
pub mod symbolic;
pub mod taylor;
pub mod verdict;

use crate::graph::{Graph, NodeId, Value};

pub use budget::Refused;
pub use paths::{PathCount, TooManyPaths};

/// A way to compute derivatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Backpropagation: one sweep per output.
    Reverse,
    /// Tangent propagation: one sweep per input.
    Forward,
    /// Sum over paths of products of edge derivatives.
    Paths,
    /// Vertex elimination on the linearized graph, in a planned order.
    Eliminate,
}

impl Mode {
    /// Every mode, in the order `--stats` lists them.
    pub const ALL: [Mode; 4] = [Mode::Reverse, Mode::Forward, Mode::Paths, Mode::Eliminate];

    /// The mode's name on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Reverse => "reverse",
            Mode::Forward => "forward",
            Mode::Paths => "paths",
            Mode::Eliminate => "eliminate",
        }
    }
}

/// What to differentiate, at which point.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The graph.
    pub graph: &'a Graph,
    /// Every node's value (from [`crate::graph::evaluate`]).
    pub values: &'a [f64],
    /// The outputs: Jacobian rows.
    pub outputs: &'a [Value],
    /// The inputs to differentiate by: Jacobian columns.
    pub wrt: &'a [NodeId],
    /// The most paths paths mode may enumerate.
    pub max_paths: PathCount,
    /// How eliminate mode chooses its order.
    pub order: ordering::Strategy,
}

/// A mode's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivatives {
    /// The mode that computed it.
    pub mode: Mode,
    /// `jacobian[output][input]`: ∂output/∂input, inputs as in the request.
    pub jacobian: Vec<Vec<f64>>,
    /// What the mode knows about every node.
    pub per_node: PerNode,
    /// How many sweeps (reverse, forward), path enumerations (paths) or
    /// vertex eliminations (eliminate) ran.
    pub sweeps: usize,
    /// Edges whose local derivative was multiplied, counted as it happened.
    pub edges_touched: u64,
}

/// Per-node results, one vector (indexed by node id) per column.
#[derive(Debug, Clone, PartialEq)]
pub enum PerNode {
    /// Reverse mode: ∂output/∂node, one column per output.
    Adjoints(Vec<Vec<f64>>),
    /// Forward mode: ∂node/∂input, one sparse column per input (the nodes
    /// that depend on it).
    Tangents(Vec<forward::Tangent>),
    /// Paths mode: the number of paths from each node to the output, one
    /// column per output.
    PathCounts(Vec<Vec<PathCount>>),
    /// Eliminate mode: the step at which each node was eliminated (from
    /// 1; 0 for a node that was not), and the planner whose order it was
    /// (Markowitz when the search fell back).
    Eliminated(Vec<u32>, ordering::Strategy),
}

/// Runs `mode` on `request`.
pub fn run(mode: Mode, request: &Request<'_>) -> Result<Derivatives, Refused> {
    run_traced(mode, request, &mut NoTrace)
}

/// Runs `mode` on `request`, telling `trace` every edge as it is touched;
/// refused at once when it would cost more than a [`budget`] allows.
pub fn run_traced<T: Trace>(
    mode: Mode,
    request: &Request<'_>,
    trace: &mut T,
) -> Result<Derivatives, Refused> {
    budget::admit(mode, request)?;
    run_admitted(mode, request, trace)
}

/// Runs `mode` on a request whose shape was admitted already (a batch
/// judges it once for every point): only an elimination past its budget can
/// still be refused.
pub(super) fn run_admitted<T: Trace>(
    mode: Mode,
    request: &Request<'_>,
    trace: &mut T,
) -> Result<Derivatives, Refused> {
    Ok(match mode {
        Mode::Reverse => reverse::run_traced(request, trace),
        Mode::Forward => forward::run_traced(request, trace),
        Mode::Paths => paths::run_traced(request, trace),
        Mode::Eliminate => eliminate::run_traced(request, trace)?,
    })
}

/// Watches a mode at work, edge by edge (`--explain`). Every method has an
/// empty default, so an untraced sweep ([`NoTrace`]) costs nothing.
pub trait Trace {
    /// Reverse or paths mode starts on output number `position` of the
    /// request (before its sweep, or its path sums).
    fn output(&mut self, _position: usize) {}

    /// A reverse or forward sweep starts at `seed` (its output or input),
    /// whose derivative is 1.
    fn sweep(&mut self, _mode: Mode, _seed: NodeId) {}

    /// One edge touched by a reverse or forward sweep.
    fn edge(&mut self, _mode: Mode, _step: Step) {}

    /// Paths mode starts summing the paths from `input` to `output`.
    fn paths(&mut self, _input: NodeId, _output: NodeId) {}

    /// One path, from the input to the output; its product was just added
    /// to its sum.
    fn path(&mut self, _path: &PathEdges<'_>) {}

    /// Eliminate mode removes `vertex`, which has `ins` predecessors and
    /// `outs` successors (`ins × outs` multiply-adds follow).
    fn eliminate(&mut self, _vertex: NodeId, _ins: usize, _outs: usize) {}

    /// One multiply-add of an elimination.
    fn fill(&mut self, _fill: eliminate::Fill) {}

    /// Whether eliminate mode should compare its order with the others
    /// (planning each costs time) and tell [`Trace::orders`].
    fn compares_orders(&self) -> bool {
        false
    }

    /// Eliminate mode's order next to the others, before it starts.
    fn orders(&mut self, _comparison: &eliminate::Comparison) {}
}

/// One edge of a sweep, with the numbers multiplied there.
///
/// Reverse mode: `adjoint[operand] += adjoint[user] · partial`, where
/// `carried` is the user's adjoint and `total` the operand's new adjoint.
/// Forward mode: `tangent[user] += partial · tangent[operand]`, where
/// `carried` is the operand's tangent and `total` the user's running sum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// The node whose operand slot the edge fills.
    pub user: NodeId,
    /// The operand node.
    pub operand: NodeId,
    /// The operand slot (0, 1 or 2): `x*x` has two edges from x, one per
    /// slot.
    pub slot: usize,
    /// The local derivative ∂user/∂operand.
    pub partial: f64,
    /// The derivative carried along the edge.
    pub carried: f64,
    /// The accumulated derivative after this edge.
    pub total: f64,
}

/// One path of paths mode, as paths mode multiplies along it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathEdges<'a> {
    /// Its nodes, from the input (`nodes[0]`) up to the output.
    pub nodes: &'a [NodeId],
    /// The operand slot of each edge in its user, `nodes[k + 1]` (`x*x`
    /// has two edges from x, so two paths through the same nodes).
    pub slots: &'a [usize],
    /// Each edge's local derivative.
    pub partials: &'a [f64],
    /// The sum of the path products so far, this path's included.
    pub sum: f64,
}

/// The trace that watches nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTrace;

impl Trace for NoTrace {}

/// The values of the outputs named `of` in `program` (the last statement
/// when `of` is empty), for unit tests.
#[cfg(test)]
fn outputs_named(program: &crate::graph::Program<'_>, of: &[&str]) -> Vec<Value> {
    match of {
        [] => vec![program.last.value],
        names => names
            .iter()
            .map(|name| program.output(name).expect("a name of the program").value)
            .collect(),
    }
}
