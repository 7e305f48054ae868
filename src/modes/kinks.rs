//! Kinks along one input, for the finite differences: an operation with a
//! kink (`abs`, `relu`, `min`, `max`, a comparison, an `if`'s condition)
//! downstream of the input, on its switch at the point or changing sides
//! between the point and a row of the sweep.

use std::cmp::Ordering;

use super::numeric::Row;
use crate::graph::{Graph, NodeId};

/// The kink nodes downstream of the input: their side at the point, and
/// which ones changed sides in each row.
pub struct Kinks<'a> {
    graph: &'a Graph,
    /// `(node, side at the point)`.
    watched: Vec<(NodeId, Ordering)>,
    /// Per row, the watched nodes whose side differs at `x + h` or `x − h`.
    crossed: Vec<Vec<NodeId>>,
}

impl<'a> Kinks<'a> {
    /// The kinks downstream of `input`, with their sides at `centre`.
    pub fn watch(graph: &'a Graph, input: NodeId, centre: &[f64]) -> Kinks<'a> {
        let downstream = graph.descendants([input]);
        let watched = (input.index() + 1..graph.len())
            .filter(|&id| downstream[id])
            .filter_map(|id| {
                let id = NodeId(id as u32);
                side(graph, id, centre).map(|here| (id, here))
            })
            .collect();
        Kinks {
            graph,
            watched,
            crossed: Vec::new(),
        }
    }

    /// Whether a watched kink sits exactly on its switch at the point.
    pub fn on_switch(&self) -> bool {
        self.watched
            .iter()
            .any(|&(_, here)| here == Ordering::Equal)
    }

    /// Records which kinks `row` crosses.
    pub fn row(&mut self, row: &Row) {
        let crossed = self
            .watched
            .iter()
            .filter(|&&(id, here)| {
                [&row.up, &row.down]
                    .iter()
                    .any(|values| side(self.graph, id, values) != Some(here))
            })
            .map(|&(id, _)| id)
            .collect();
        self.crossed.push(crossed);
    }

    /// The kinks on their switch, and those crossed in rows from `from` on.
    pub fn found(&self, from: usize) -> Vec<NodeId> {
        let mut found: Vec<NodeId> = self
            .watched
            .iter()
            .filter(|&&(_, here)| here == Ordering::Equal)
            .map(|&(id, _)| id)
            .chain(self.crossed.iter().skip(from).flatten().copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Which side of its switch kink node `id` is on at `values`, if it has one.
fn side(graph: &Graph, id: NodeId, values: &[f64]) -> Option<Ordering> {
    let node = graph.node(id);
    node.op.kink_side(node.operand_values(values))
}
