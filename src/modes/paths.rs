//! Paths mode: the derivative as a sum over paths.
//!
//! ∂out/∂x is the sum, over every path from the input x up to the output,
//! of the product of the local derivatives on the path's edges. Before
//! enumerating anything the paths are counted — one pass down the ids per
//! output, `up[n] = Σ up[user]` over n's edges, with `up[out] = 1` — and when
//! the total over the requested outputs and inputs exceeds the limit the
//! mode is refused at once: a chain of 30 diamonds has 3^30 paths but 90
//! edges. Otherwise each path is walked with an explicit stack (no
//! recursion), and its product is formed edge by edge when it reaches the
//! output: a path of k edges touches k edges. Olah's example: `a→c→e`,
//! `b→c→e`, `b→d→e`, 6 edges touched, `∂e/∂b = 1·2 + 1·3 = 5`.

use std::fmt;

use super::{Derivatives, Mode, NoTrace, PathEdges, PerNode, Request, Trace};
use crate::error::InputError;
use crate::graph::{Graph, NodeId, Value, Wanted};

/// A number of paths; counts saturate at `PathCount::MAX` instead of
/// overflowing.
pub type PathCount = u128;

/// Paths mode refused: more paths than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyPaths {
    /// How many paths there are (saturated at `PathCount::MAX`).
    pub paths: PathCount,
    /// The limit they exceed.
    pub limit: PathCount,
    /// Edges in the graph: at most what one reverse sweep touches.
    pub edges: usize,
}

impl fmt::Display for TooManyPaths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "paths mode refused: there are {} from the inputs to the output, more than \
             --max-paths {}; reverse mode computes the same gradient touching each edge of \
             the graph ({} in all) at most once per output: use --mode reverse (or raise --max-paths)",
            describe_paths(self.paths),
            self.limit,
            self.edges
        )
    }
}

impl std::error::Error for TooManyPaths {}

/// A refusal is bad input (exit 2): the user asked for too many paths.
impl From<TooManyPaths> for InputError {
    fn from(refused: TooManyPaths) -> InputError {
        InputError::new(refused.to_string())
    }
}

/// A path count in words: exact, or "more than ..." when it saturated.
pub fn describe_count(count: PathCount) -> String {
    if count == PathCount::MAX {
        format!("more than {:e}", PathCount::MAX as f64)
    } else {
        count.to_string()
    }
}

/// A path count and the word: `1 path`, `3 paths`, `more than … paths`.
pub fn describe_paths(count: PathCount) -> String {
    let word = if count == 1 { "path" } else { "paths" };
    format!("{} {word}", describe_count(count))
}

/// For each output, the number of paths from every node up to it.
pub fn count(graph: &Graph, outputs: &[Value]) -> Vec<Vec<PathCount>> {
    outputs
        .iter()
        .map(|output| count_to(graph, *output))
        .collect()
}

/// The total number of paths from the `wrt` inputs to the outputs.
pub fn total(counts: &[Vec<PathCount>], wrt: &[NodeId]) -> PathCount {
    counts
        .iter()
        .flat_map(|up| wrt.iter().map(move |x| up[x.index()]))
        .fold(0, PathCount::saturating_add)
}

/// The number of edges on all the paths from the `wrt` inputs to the
/// outputs, counted with the paths, saturating: what enumerating them
/// multiplies. `counts` are [`count`]'s. One pass down the ids per output:
/// the paths from n carry n's edge to each user u, then u's own edges,
/// `edges[n] = Σ (up[u] + edges[u])`.
pub fn path_edges(
    graph: &Graph,
    outputs: &[Value],
    counts: &[Vec<PathCount>],
    wrt: &[NodeId],
) -> PathCount {
    let mut total: PathCount = 0;
    for (output, up) in outputs.iter().zip(counts) {
        let Value::Node(out) = *output else { continue };
        let mut edges: Vec<PathCount> = vec![0; out.index() + 1];
        for id in (0..=out.index()).rev() {
            if up[id] == 0 {
                continue;
            }
            let carried = up[id].saturating_add(edges[id]);
            for (_, operand) in graph.node(NodeId(id as u32)).edges() {
                edges[operand.index()] = edges[operand.index()].saturating_add(carried);
            }
        }
        for x in wrt.iter().filter(|x| x.index() <= out.index()) {
            total = total.saturating_add(edges[x.index()]);
        }
    }
    total
}

fn count_to(graph: &Graph, output: Value) -> Vec<PathCount> {
    let mut up = vec![0; graph.len()];
    let Value::Node(out) = output else { return up };
    up[out.index()] = 1;
    for id in (0..=out.index()).rev() {
        if up[id] == 0 {
            continue;
        }
        for (_, operand) in graph.node(NodeId(id as u32)).edges() {
            up[operand.index()] = up[operand.index()].saturating_add(up[id]);
        }
    }
    up
}

/// Enumerates every path (admitted first: see [`super::budget`], which
/// refuses more paths than the limit).
pub fn run(request: &Request<'_>) -> Derivatives {
    run_traced(request, &mut NoTrace)
}

/// [`run`], telling `trace` every path it multiplies along.
pub fn run_traced<T: Trace>(request: &Request<'_>, trace: &mut T) -> Derivatives {
    let counts = count(request.graph, request.outputs);
    let users = Users::of(request.graph);
    let partials: Vec<([f64; 3], Wanted)> = (0..request.graph.len())
        .map(|id| request.graph.partials(id, request.values))
        .collect();
    let mut walker = Walker {
        users: &users,
        partials: &partials,
        edges_touched: 0,
        nodes: Vec::new(),
        slots: Vec::new(),
        cursors: Vec::new(),
        trace,
    };
    let mut jacobian = Vec::with_capacity(request.outputs.len());
    for (position, (output, up)) in request.outputs.iter().zip(&counts).enumerate() {
        walker.trace.output(position);
        let row = request.wrt.iter().map(|&x| match *output {
            Value::Node(out) => walker.sum_over_paths(x, out, up),
            Value::Const(_) => 0.0,
        });
        jacobian.push(row.collect());
    }
    Derivatives {
        mode: Mode::Paths,
        jacobian,
        sweeps: request.outputs.len() * request.wrt.len(),
        edges_touched: walker.edges_touched,
        per_node: PerNode::PathCounts(counts),
    }
}

/// Each node's users: the edges that leave it, as (user, operand slot).
struct Users {
    start: Vec<usize>,
    edges: Vec<(NodeId, usize)>,
}

impl Users {
    fn of(graph: &Graph) -> Users {
        let mut start = vec![0; graph.len() + 1];
        for node in graph.nodes() {
            for (_, operand) in node.edges() {
                start[operand.index() + 1] += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let mut edges = vec![(NodeId(0), 0); start[graph.len()]];
        for (id, node) in graph.nodes().enumerate() {
            for (slot, operand) in node.edges() {
                edges[next[operand.index()]] = (NodeId(id as u32), slot);
                next[operand.index()] += 1;
            }
        }
        Users { start, edges }
    }

    fn of_node(&self, id: NodeId) -> std::ops::Range<usize> {
        self.start[id.index()]..self.start[id.index() + 1]
    }
}

struct Walker<'a, T: Trace> {
    users: &'a Users,
    /// Each node's local derivatives, and which of its edges are live.
    partials: &'a [([f64; 3], Wanted)],
    edges_touched: u64,
    /// The current path's nodes, from the input up.
    nodes: Vec<NodeId>,
    /// The operand slot of each of its edges.
    slots: Vec<usize>,
    /// For each node on the path, the next of its users to try.
    cursors: Vec<usize>,
    trace: &'a mut T,
}

impl<T: Trace> Walker<'_, T> {
    /// Σ over paths from `x` up to `out` of the product of edge derivatives.
    /// `up[n]` is the number of paths from n to `out`: zero prunes a branch.
    fn sum_over_paths(&mut self, x: NodeId, out: NodeId, up: &[PathCount]) -> f64 {
        self.trace.paths(x, out);
        if x == out {
            return 1.0;
        }
        let mut sum = 0.0;
        let mut path: Vec<f64> = Vec::new();
        self.nodes.clear();
        self.slots.clear();
        self.cursors.clear();
        if up[x.index()] > 0 {
            self.nodes.push(x);
            self.cursors.push(self.users.of_node(x).start);
        }
        while let (Some(&node), Some(cursor)) = (self.nodes.last(), self.cursors.last_mut()) {
            if *cursor == self.users.of_node(node).end {
                self.nodes.pop();
                self.cursors.pop();
                path.pop();
                self.slots.pop();
                continue;
            }
            let (user, slot) = self.users.edges[*cursor];
            *cursor += 1;
            let (partials, live) = self.partials[user.index()];
            if up[user.index()] == 0 || !live[slot] {
                continue;
            }
            path.push(partials[slot]);
            self.slots.push(slot);
            if user == out {
                sum += self.product(&path);
                self.nodes.push(out);
                self.trace.path(&PathEdges {
                    nodes: &self.nodes,
                    slots: &self.slots,
                    partials: &path,
                    sum,
                });
                self.nodes.pop();
                path.pop();
                self.slots.pop();
            } else {
                self.nodes.push(user);
                self.cursors.push(self.users.of_node(user).start);
            }
        }
        sum
    }

    /// The product of one path's edge derivatives, one edge touched each.
    fn product(&mut self, path: &[f64]) -> f64 {
        let mut product = 1.0;
        for partial in path {
            product *= partial;
            self.edges_touched += 1;
        }
        product
    }
}
