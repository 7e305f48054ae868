//! The linearized graph, with its edge labels, and the numeric elimination
//! on it: each multiply-add done and counted where it happens.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Abandoned, Fill};
use crate::graph::{Graph, NodeId, Op, Value};
use crate::modes::budget::MAX_FILLS;
use crate::modes::ordering::Structure;
use crate::modes::{Request, Trace};

/// The linearized graph, shrinking as vertices are eliminated. Vertices are
/// the graph's node ids, then one copy per output that needs one.
pub struct Linearized {
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
    pub touched: u64,
}

impl Linearized {
    /// Labels every edge between vertices that lie on an input–output path.
    pub fn new(request: &Request<'_>) -> Linearized {
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

    /// The shape of the graph, labels left out: what orders are planned on.
    pub fn shape(&self) -> Structure {
        let edges: Vec<(u32, u32)> = self
            .preds
            .iter()
            .enumerate()
            .flat_map(|(to, labels)| labels.keys().map(move |&from| (from, to as u32)))
            .collect();
        Structure::new(&edges, &self.intermediate)
    }

    /// Eliminates the vertices of `order`, a plan for every intermediate
    /// vertex, one after the other.
    pub fn eliminate_in<T: Trace>(
        &mut self,
        order: &[u32],
        trace: &mut T,
    ) -> Result<(), Abandoned> {
        for &vertex in order {
            self.eliminate(vertex, trace)?;
        }
        debug_assert!(!self.intermediate.contains(&true), "a vertex was left");
        Ok(())
    }

    /// Joins `vertex`'s predecessors to its successors and removes it.
    /// Abandoned, before any multiply-add, when they would take the total
    /// past [`MAX_FILLS`].
    fn eliminate<T: Trace>(&mut self, vertex: u32, trace: &mut T) -> Result<(), Abandoned> {
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
        Ok(())
    }

    /// The graph node a vertex stands for (an output for its copy).
    fn node(&self, vertex: u32) -> NodeId {
        match (vertex as usize).checked_sub(self.nodes) {
            Some(copy) => NodeId(self.copy_of[copy]),
            None => NodeId(vertex),
        }
    }

    /// ∂out/∂x for each x in `wrt`, once every intermediate is gone.
    pub fn jacobian_row(&self, out: NodeId, wrt: &[NodeId]) -> Vec<f64> {
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
