//! Where a step lands on the picture: the box of each graph node and the
//! edge of each operand slot, as the drawing lists them; and the fill-in
//! edges an elimination adds between boxes.

use rustc_hash::FxHashMap;

use crate::graph::NodeId;
use crate::report::drawing::Drawing;

/// Where the graph's nodes and edges are in a drawing.
pub struct Places {
    /// Graph node id to its box.
    nodes: FxHashMap<u32, usize>,
    /// (user id, operand slot) to its edge.
    edges: FxHashMap<(u32, usize), usize>,
}

impl Places {
    /// The places of `drawing`'s boxes and edges.
    pub fn of(drawing: &Drawing) -> Places {
        let nodes: FxHashMap<u32, usize> = drawing
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(k, node)| Some((node.id?.0, k)))
            .collect();
        let edges = drawing
            .edges
            .iter()
            .enumerate()
            .filter_map(|(k, edge)| Some(((drawing.nodes[edge.to].id?.0, edge.slot), k)))
            .collect();
        Places { nodes, edges }
    }

    /// The box of graph node `id`, when it is drawn.
    pub fn node(&self, id: NodeId) -> Option<usize> {
        self.nodes.get(&id.0).copied()
    }

    /// The edge filling `user`'s operand `slot`, when it is drawn.
    pub fn edge(&self, user: NodeId, slot: usize) -> Option<usize> {
        self.edges.get(&(user.0, slot)).copied()
    }
}

/// The fill-in edges of an elimination, between boxes.
#[derive(Debug, Clone, Default)]
pub struct Fills {
    /// Each fill-in edge's (from, to) boxes.
    pub ends: Vec<(usize, usize)>,
    index: FxHashMap<(usize, usize), usize>,
}

impl Fills {
    /// The fill-in edge from box `from` to box `to`, added when new.
    pub fn of(&mut self, from: usize, to: usize) -> usize {
        *self.index.entry((from, to)).or_insert_with(|| {
            self.ends.push((from, to));
            self.ends.len() - 1
        })
    }
}
