//! Vertex elimination: the Jacobian accumulated on the linearized graph.
//!
//! The linearized graph keeps the vertices that lie on a path from a `--wrt`
//! input to an output, and labels each edge `p → v` with its local
//! derivative ∂v/∂p (parallel edges, as in `x*x`, are one edge with the sum
//! of their labels). Eliminating an intermediate vertex `v` joins every
//! predecessor `p` to every successor `s`:
//!
//! ```text
//! c[p→s] += c[p→v] · c[v→s]        for every p → v → s
//! ```
//!
//! and removes `v` — one multiply-add, one edge touched, per pair. When only
//! the inputs and outputs are left, the labels of the edges between them are
//! the Jacobian. Forward and reverse mode are elimination in increasing and
//! decreasing id order; the default order is the greedy Markowitz rule
//! (eliminate the vertex with the fewest `in-degree × out-degree` first;
//! on a tie the highest id, the vertex nearest the outputs, which keeps a
//! long sum's in-degrees from growing), which is often cheaper than both on
//! graphs that are wide, then narrow, then wide.
//!
//! An output that is used by another vertex, or is itself an input, gets a
//! copy to keep its derivatives in (an edge labelled 1): then it can be
//! eliminated like any intermediate. The counts include no multiplication by
//! a seed of 1, which the sweeps do count: on a single output, elimination
//! in decreasing id order touches the reverse sweep's edges minus those into
//! the output.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::budget::MAX_FILLS;
use super::{Derivatives, Mode, NoTrace, PerNode, Request, Trace};
use crate::graph::{Graph, NodeId, Op, Value};

/// The order in which intermediate vertices are eliminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Fewest `in-degree × out-degree` first, at the time of choosing;
    /// highest id on a tie.
    Markowitz,
    /// Increasing id: forward mode's order.
    Forward,
    /// Decreasing id: reverse mode's order.
    Reverse,
}

impl Order {
    /// The order's name for people.
    pub fn describe(self) -> &'static str {
        match self {
            Order::Markowitz => "Markowitz order",
            Order::Forward => "increasing id order (forward)",
            Order::Reverse => "decreasing id order (reverse)",
        }
    }
}

/// One multiply-add of an elimination: `c[from→to] += c[from→through] ·
/// c[through→to]`. A copy kept for an output is called by the output's node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// The predecessor.
    pub from: NodeId,
    /// The vertex being eliminated.
    pub through: NodeId,
    /// The successor.
    pub to: NodeId,
    /// `c[from→through]`.
    pub into: f64,
    /// `c[through→to]`.
    pub out_of: f64,
    /// `c[from→to]` after the multiply-add.
    pub total: f64,
}

/// An elimination abandoned past [`MAX_FILLS`] multiply-adds (fill-in can
/// grow quadratically, and each costs a hash-map update).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abandoned;

/// Accumulates the Jacobian by eliminating vertices in Markowitz order.
pub fn run(request: &Request<'_>) -> Result<Derivatives, Abandoned> {
    run_traced(request, &mut NoTrace)
}

/// [`run`], telling `trace` every elimination and every multiply-add.
pub fn run_traced<T: Trace>(
    request: &Request<'_>,
    trace: &mut T,
) -> Result<Derivatives, Abandoned> {
    let mut linear = Linearized::new(request);
    let steps = linear.eliminate_all(Order::Markowitz, trace)?;
    let jacobian = request
        .outputs
        .iter()
        .map(|output| match *output {
            Value::Node(out) => linear.jacobian_row(out, request.wrt),
            Value::Const(_) => vec![0.0; request.wrt.len()],
        })
        .collect();
    let mut eliminated = vec![0; request.graph.len()];
    // Only graph nodes are eliminated (an output's copy never is).
    for (step, &vertex) in steps.iter().enumerate() {
        eliminated[vertex as usize] = step as u32 + 1;
    }
    Ok(Derivatives {
        mode: Mode::Eliminate,
        jacobian,
        per_node: PerNode::Eliminated(eliminated),
        sweeps: steps.len(),
        edges_touched: linear.touched,
    })
}

/// The multiply-adds that eliminating in `order` takes on `request`, or
/// `None` past [`MAX_FILLS`].
pub fn cost(request: &Request<'_>, order: Order) -> Option<u64> {
    let mut linear = Linearized::new(request);
    linear.eliminate_all(order, &mut NoTrace).ok()?;
    Some(linear.touched)
}

/// The linearized graph, shrinking as vertices are eliminated. Vertices are
/// the graph's node ids, then one copy per output that needs one.
struct Linearized {
    /// `preds[v][p]`: the label of edge `p → v`.
    preds: Vec<FxHashMap<u32, f64>>,
    /// `succs[p]`: the vertices `p` has an edge to.
    succs: Vec<FxHashSet<u32>>,
    /// Whether a vertex is still to be eliminated.
    intermediate: Vec<bool>,
    /// The graph's node count: vertices from here on are output copies.
    nodes: usize,
    /// The output node each copy belongs to.
    copy_of: Vec<u32>,
    /// Output node → the vertex holding its Jacobian row.
    dependent: FxHashMap<u32, u32>,
    /// Multiply-adds so far.
    touched: u64,
}

impl Linearized {
    /// Labels every edge between vertices that lie on an input–output path.
    fn new(request: &Request<'_>) -> Linearized {
        let graph = request.graph;
        let relevant = relevant(graph, request.outputs, request.wrt);
        let n = graph.len();
        let mut linear = Linearized {
            preds: vec![FxHashMap::default(); n],
            succs: vec![FxHashSet::default(); n],
            intermediate: relevant.clone(),
            nodes: n,
            copy_of: Vec::new(),
            dependent: FxHashMap::default(),
            touched: 0,
        };
        for id in (0..n).filter(|&id| relevant[id]) {
            let (partials, live) = graph.partials(id, request.values);
            for (slot, operand) in graph.node(NodeId(id as u32)).edges() {
                if relevant[operand.index()] && live[slot] {
                    linear.add_edge(operand.0, id as u32, partials[slot]);
                }
            }
        }
        for input in request.wrt {
            linear.intermediate[input.index()] = false;
        }
        for output in request.outputs {
            if let Value::Node(out) = *output {
                if relevant[out.index()] {
                    linear.keep_output(out, graph.node(out).op == Op::Input);
                }
            }
        }
        linear
    }

    /// Adds `label` to edge `from → to`, creating it if need be.
    fn add_edge(&mut self, from: u32, to: u32, label: f64) -> f64 {
        self.succs[from as usize].insert(to);
        let slot = self.preds[to as usize].entry(from);
        *slot.and_modify(|c| *c += label).or_insert(label)
    }

    /// Makes `out` (or, when it is used or an input, a copy of it) a vertex
    /// that is never eliminated.
    fn keep_output(&mut self, out: NodeId, input: bool) {
        if self.dependent.contains_key(&out.0) {
            return;
        }
        if input || !self.succs[out.index()].is_empty() {
            let copy = self.preds.len() as u32;
            self.preds.push(FxHashMap::default());
            self.succs.push(FxHashSet::default());
            self.intermediate.push(false);
            self.copy_of.push(out.0);
            self.add_edge(out.0, copy, 1.0);
            self.dependent.insert(out.0, copy);
        } else {
            self.intermediate[out.index()] = false;
            self.dependent.insert(out.0, out.0);
        }
    }

    /// Eliminates every intermediate vertex in `order`; the vertices in the
    /// order they went.
    fn eliminate_all<T: Trace>(
        &mut self,
        order: Order,
        trace: &mut T,
    ) -> Result<Vec<u32>, Abandoned> {
        let ids = (0..self.intermediate.len() as u32).filter(|&v| self.intermediate[v as usize]);
        let order: Vec<u32> = match order {
            Order::Forward => ids.collect(),
            Order::Reverse => ids.rev().collect(),
            Order::Markowitz => return self.eliminate_markowitz(trace),
        };
        for &vertex in &order {
            self.eliminate(vertex, trace)?;
        }
        Ok(order)
    }

    /// Greedy Markowitz: the cheapest vertex now, again and again. Costs in
    /// the heap may be stale; a stale entry is pushed back with its new cost.
    fn eliminate_markowitz<T: Trace>(&mut self, trace: &mut T) -> Result<Vec<u32>, Abandoned> {
        let mut heap: BinaryHeap<Reverse<(u64, Reverse<u32>)>> = (0..self.intermediate.len()
            as u32)
            .filter(|&v| self.intermediate[v as usize])
            .map(|v| Reverse((self.markowitz(v), Reverse(v))))
            .collect();
        let mut order = Vec::with_capacity(heap.len());
        while let Some(Reverse((cost, Reverse(vertex)))) = heap.pop() {
            if !self.intermediate[vertex as usize] {
                continue;
            }
            if cost != self.markowitz(vertex) {
                heap.push(Reverse((self.markowitz(vertex), Reverse(vertex))));
                continue;
            }
            let neighbours = self.eliminate(vertex, trace)?;
            for neighbour in neighbours {
                if self.intermediate[neighbour as usize] {
                    heap.push(Reverse((self.markowitz(neighbour), Reverse(neighbour))));
                }
            }
            order.push(vertex);
        }
        Ok(order)
    }

    /// The Markowitz cost of eliminating `v` now: in-degree × out-degree.
    fn markowitz(&self, v: u32) -> u64 {
        (self.preds[v as usize].len() * self.succs[v as usize].len()) as u64
    }

    /// Joins `vertex`'s predecessors to its successors and removes it; its
    /// former neighbours. Abandoned, before any multiply-add, when they
    /// would take the total past [`MAX_FILLS`].
    fn eliminate<T: Trace>(&mut self, vertex: u32, trace: &mut T) -> Result<Vec<u32>, Abandoned> {
        let v = vertex as usize;
        let fills = (self.preds[v].len() * self.succs[v].len()) as u64;
        if self.touched + fills > MAX_FILLS {
            return Err(Abandoned);
        }
        self.intermediate[v] = false;
        let mut ins: Vec<(u32, f64)> = std::mem::take(&mut self.preds[v]).into_iter().collect();
        let mut outs: Vec<u32> = std::mem::take(&mut self.succs[v]).into_iter().collect();
        ins.sort_unstable_by_key(|&(p, _)| p);
        outs.sort_unstable();
        trace.eliminate(self.node(vertex), ins.len(), outs.len());
        for &(p, _) in &ins {
            self.succs[p as usize].remove(&vertex);
        }
        for &s in &outs {
            let out_of = self.preds[s as usize].remove(&vertex).unwrap_or(0.0);
            for &(p, into) in &ins {
                let total = self.add_edge(p, s, into * out_of);
                self.touched += 1;
                trace.fill(Fill {
                    from: self.node(p),
                    through: self.node(vertex),
                    to: self.node(s),
                    into,
                    out_of,
                    total,
                });
            }
        }
        Ok(ins.iter().map(|&(p, _)| p).chain(outs).collect())
    }

    /// The graph node a vertex stands for (an output for its copy).
    fn node(&self, vertex: u32) -> NodeId {
        match (vertex as usize).checked_sub(self.nodes) {
            Some(copy) => NodeId(self.copy_of[copy]),
            None => NodeId(vertex),
        }
    }

    /// ∂out/∂x for each x in `wrt`, once every intermediate is gone.
    fn jacobian_row(&self, out: NodeId, wrt: &[NodeId]) -> Vec<f64> {
        let Some(&vertex) = self.dependent.get(&out.0) else {
            return vec![0.0; wrt.len()];
        };
        let labels = &self.preds[vertex as usize];
        wrt.iter()
            .map(|x| labels.get(&x.0).copied().unwrap_or(0.0))
            .collect()
    }
}

/// Which nodes lie on a path from a `wrt` input to an output.
fn relevant(graph: &Graph, outputs: &[Value], wrt: &[NodeId]) -> Vec<bool> {
    let downstream = graph.descendants(wrt.iter().copied());
    let upstream = graph.ancestors(outputs.iter().filter_map(|output| output.node()));
    downstream
        .iter()
        .zip(upstream)
        .map(|(&down, up)| down && up)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, evaluate};
    use crate::modes::{forward, reverse};

    /// Runs `check` on the request for `source` at `point`, differentiating
    /// the outputs `of` (the last statement when empty) by every input.
    fn with_request(source: &str, point: &[f64], of: &[&str], check: impl FnOnce(&Request<'_>)) {
        let program = graph::build(source).unwrap();
        let outputs = crate::modes::outputs_named(&program, of);
        let values = evaluate(&program.graph, point);
        check(&Request {
            graph: &program.graph,
            values: &values,
            outputs: &outputs,
            wrt: program.graph.inputs(),
            max_paths: 1_000_000,
        });
    }

    #[test]
    fn the_posts_example_takes_three_multiply_adds() {
        with_request("c = a+b; d = b+1; e = c*d", &[2.0, 1.0], &[], |request| {
            let result = run(request).unwrap();
            assert_eq!(result.jacobian, vec![vec![2.0, 5.0]]);
            // d (1 in × 1 out) goes first, then c (2 × 1).
            assert_eq!(result.per_node, PerNode::Eliminated(vec![0, 0, 2, 1, 0]));
            assert_eq!((result.sweeps, result.edges_touched), (2, 3));
            // The sweeps' counts less their products with the seed 1: forward
            // 6 - 3 edges out of a and b, reverse 5 - 2 edges into e.
            assert_eq!(cost(request, Order::Forward), Some(3));
            assert_eq!(cost(request, Order::Reverse), Some(3));
        });
    }

    #[test]
    fn wide_narrow_wide_is_cheapest_in_markowitz_order() {
        let source = "s = sin(x1) + sin(x2) + sin(x3) + sin(x4); t = exp(s)*s; \
                      y1 = sin(t); y2 = cos(t); y3 = t^3; y4 = sqrt(t)";
        let of = ["y1", "y2", "y3", "y4"];
        with_request(source, &[0.1, 0.2, 0.3, 0.4], &of, |request| {
            let result = run(request).unwrap();
            assert_eq!(result.edges_touched, 27);
            assert_eq!(cost(request, Order::Forward), Some(37));
            assert_eq!(cost(request, Order::Reverse), Some(52));
            assert_eq!(forward::run(request).edges_touched, 41);
            assert_eq!(reverse::run(request).edges_touched, 56);
            let expected = reverse::run(request).jacobian;
            for (row, expected) in result.jacobian.iter().zip(&expected) {
                for (d, e) in row.iter().zip(expected) {
                    assert!((d - e).abs() <= 1e-12 * e.abs().max(1.0), "{d} vs {e}");
                }
            }
        });
    }

    #[test]
    fn an_output_used_by_another_keeps_its_own_row() {
        with_request(
            "c = a+b; d = b+1; e = c*d",
            &[2.0, 1.0],
            &["c", "e"],
            |request| {
                let result = run(request).unwrap();
                assert_eq!(result.jacobian, vec![vec![1.0, 1.0], vec![2.0, 5.0]]);
                // d: 1 × 1; then c, with its copy as a second successor: 2 × 2.
                assert_eq!(result.edges_touched, 5);
            },
        );
    }

    #[test]
    fn an_input_as_output_has_a_unit_row() {
        with_request("y = a*b", &[3.0, 4.0], &["a", "y"], |request| {
            let result = run(request).unwrap();
            assert_eq!(result.jacobian, vec![vec![1.0, 0.0], vec![4.0, 3.0]]);
            assert_eq!(result.edges_touched, 0);
        });
    }

    #[test]
    fn parallel_edges_are_one_edge_with_the_sum() {
        with_request("y = sin(x*x)", &[1.5], &[], |request| {
            let result = run(request).unwrap();
            let expected = 2.0 * 1.5 * (1.5f64 * 1.5).cos();
            assert!((result.jacobian[0][0] - expected).abs() < 1e-15);
            // x*x: one vertex, 1 in (the merged pair) × 1 out.
            assert_eq!(result.edges_touched, 1);
        });
    }

    #[test]
    fn nodes_off_every_path_are_left_alone() {
        with_request(
            "u = a*b; v = sin(u); w = cos(a); y = v + 1",
            &[1.0, 2.0],
            &["y"],
            |request| {
                let result = run(request).unwrap();
                // w does not reach y: only v (1 in × 1 out) and then u (2 × 1)
                // are eliminated.
                assert_eq!(result.per_node, PerNode::Eliminated(vec![0, 0, 2, 1, 0, 0]));
                assert_eq!(result.edges_touched, 1 + 2);
            },
        );
    }
}
