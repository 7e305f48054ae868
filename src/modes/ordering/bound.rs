//! An admissible lower bound on what eliminating a set of vertices costs.
//!
//! Whenever a vertex `v` is eliminated, its predecessors then separate it
//! from the inputs in the original graph: every path from an input to `v`
//! ends in one of them, because eliminating a vertex joins its predecessors
//! to its successors. So `v`'s in-degree at elimination is at least the
//! smallest vertex cut between the inputs and `v` (Menger: the most paths
//! from the inputs to `v` that share no vertex but `v`), and its
//! out-degree at least the cut to the outputs. The product of the two is a
//! lower bound on `v`'s cost in any order, and the sum over the vertices
//! still to go a lower bound on finishing (the trivial bound is 1 each).
//!
//! The cuts are unit-capacity maximum flows on the vertex-split graph, one
//! augmenting breadth-first search per unit of flow: at most a vertex's
//! degree searches, each linear in the graph.

use std::collections::VecDeque;

use super::structure::Structure;

/// `bound[v]`: the least any order can pay for eliminating `v` (0 for a
/// vertex that is not pending).
pub fn vertex_bounds(shape: &Structure) -> Vec<u64> {
    let ins = cuts(shape, Direction::FromInputs);
    let outs = cuts(shape, Direction::ToOutputs);
    ins.iter().zip(&outs).map(|(i, o)| i * o).collect()
}

/// Which way the paths go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// From the inputs (vertices that are not pending and have no
    /// predecessor) to each vertex.
    FromInputs,
    /// From each vertex to the outputs: the same, on the reversed graph.
    ToOutputs,
}

/// A vertex's neighbours on one side.
type Side = for<'a> fn(&'a Structure, u32) -> &'a [u32];

/// The smallest vertex cut between the sources and each pending vertex.
fn cuts(shape: &Structure, direction: Direction) -> Vec<u64> {
    let (before, after): (Side, Side) = match direction {
        Direction::FromInputs => (Structure::preds, Structure::succs),
        Direction::ToOutputs => (Structure::succs, Structure::preds),
    };
    let len = shape.vertices();
    let source = 2 * len;
    let mut net = Network::new(2 * len + 1);
    for x in 0..len as u32 {
        net.add(2 * x as usize, 2 * x as usize + 1);
        for &y in after(shape, x) {
            net.add(2 * x as usize + 1, 2 * y as usize);
        }
        if !shape.pending(x) && before(shape, x).is_empty() {
            net.add(source, 2 * x as usize);
        }
    }
    let mut cut = vec![0; len];
    for v in shape.pending_vertices() {
        net.reset();
        cut[v as usize] = net.max_flow(source, 2 * v as usize);
    }
    cut
}

/// A flow network with unit capacities.
struct Network {
    /// `edges[node]`: the edges leaving `node` (even: forward, odd: their
    /// residual twins).
    edges: Vec<Vec<usize>>,
    /// Each edge's head.
    head: Vec<usize>,
    /// Each edge's capacity left.
    left: Vec<u8>,
    /// Each edge's capacity before any flow.
    capacity: Vec<u8>,
}

impl Network {
    fn new(nodes: usize) -> Network {
        Network {
            edges: vec![Vec::new(); nodes],
            head: Vec::new(),
            left: Vec::new(),
            capacity: Vec::new(),
        }
    }

    /// A unit edge `from → to`, and its residual twin.
    fn add(&mut self, from: usize, to: usize) {
        for (tail, head, capacity) in [(from, to, 1), (to, from, 0)] {
            self.edges[tail].push(self.head.len());
            self.head.push(head);
            self.capacity.push(capacity);
        }
    }

    /// Removes every unit of flow.
    fn reset(&mut self) {
        self.left.clone_from(&self.capacity);
    }

    /// The most units from `source` to `sink`, by augmenting paths.
    fn max_flow(&mut self, source: usize, sink: usize) -> u64 {
        let mut flow = 0;
        let mut via = vec![usize::MAX; self.edges.len()];
        let mut queue = VecDeque::new();
        loop {
            via.fill(usize::MAX);
            queue.clear();
            queue.push_back(source);
            while let Some(node) = queue.pop_front() {
                if node == sink {
                    break;
                }
                for &edge in &self.edges[node] {
                    let head = self.head[edge];
                    if self.left[edge] > 0 && head != source && via[head] == usize::MAX {
                        via[head] = edge;
                        queue.push_back(head);
                    }
                }
            }
            if via[sink] == usize::MAX {
                return flow;
            }
            let mut node = sink;
            while node != source {
                let edge = via[node];
                self.left[edge] -= 1;
                self.left[edge ^ 1] += 1;
                node = self.head[edge ^ 1];
            }
            flow += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_counts_disjoint_paths_each_way() {
        // a=0 b=1 c=2 d=3 e=4; c = a+b, d = b+1, e = c*d: c has two
        // disjoint paths in (from a and b) and one out; d one and one.
        let edges = [(0, 2), (1, 2), (1, 3), (2, 4), (3, 4)];
        let shape = Structure::new(&edges, &[false, false, true, true, false]);
        assert_eq!(vertex_bounds(&shape), [2, 1, 0, 0, 0]);
    }

    #[test]
    fn a_bottleneck_limits_the_cut() {
        // x1, x2 → s → t → y1, y2: t is reached through s alone.
        let edges = [(0, 2), (1, 2), (2, 3), (3, 4), (3, 5)];
        let shape = Structure::new(&edges, &[false, false, true, true, false, false]);
        assert_eq!(vertex_bounds(&shape), [2, 2, 0, 0, 0, 0]);
    }
}
