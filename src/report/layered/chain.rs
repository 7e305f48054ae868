//! Step 2: every edge is cut into one vertex per layer it crosses, so each
//! layer can be arranged on its own and no edge passes through a node.
//!
//! A node of rank r lies on layer 2r; the odd layers between are the gaps
//! where edges run and labels sit. An edge from rank a up to rank b gets a
//! thin vertex on each layer 2a+1 .. 2b-1; the last of them, just under
//! its user, carries the label: the edge runs down its left side and the
//! label reads to the right, so the label takes room in the layer and
//! nothing can be drawn over it.

use super::{Link, Size};

/// Room on each side of a node, half the gap between two nodes.
const NODE_MARGIN: f64 = 12.0;
/// Room on each side of an edge, half the gap between two edges.
const EDGE_MARGIN: f64 = 6.0;
/// From an edge to its label.
pub const LABEL_GAP: f64 = 5.0;

/// What stands at one place on a layer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vertex {
    /// Its layer, 0 at the bottom.
    pub layer: usize,
    /// Room it needs left of its x, margin included.
    pub left: f64,
    /// Room it needs right of its x, margin included.
    pub right: f64,
    /// Its height (0 for an edge passing through).
    pub height: f64,
    /// Whether it is a node (else a piece of an edge).
    pub node: bool,
}

/// The layered graph: the nodes first, then the edges' pieces.
#[derive(Debug, Clone, PartialEq)]
pub struct Chains {
    /// Every vertex; the first ones are the nodes, in order.
    pub vertices: Vec<Vertex>,
    /// Each link's vertices from its operand up to its user.
    pub chains: Vec<Vec<usize>>,
    /// Each link's vertex that carries its label.
    pub labels: Vec<usize>,
    /// Every vertex's neighbours on the layer below.
    pub below: Vec<Vec<usize>>,
    /// Every vertex's neighbours on the layer above.
    pub above: Vec<Vec<usize>>,
    /// How many layers there are.
    pub layers: usize,
}

/// The layered graph of `nodes` and `links` at `ranks`.
pub fn cut(nodes: &[Size], links: &[Link], ranks: &[usize]) -> Chains {
    let mut vertices: Vec<Vertex> = nodes
        .iter()
        .zip(ranks)
        .map(|(size, &rank)| Vertex {
            layer: 2 * rank,
            left: size.width / 2.0 + NODE_MARGIN,
            right: size.width / 2.0 + NODE_MARGIN,
            height: size.height,
            node: true,
        })
        .collect();
    let mut chains = Vec::with_capacity(links.len());
    let mut labels = Vec::with_capacity(links.len());
    for link in links {
        let (bottom, top) = (2 * ranks[link.from], 2 * ranks[link.to]);
        let mut chain = vec![link.from];
        for layer in bottom + 1..top {
            let carries_label = layer + 1 == top;
            chain.push(vertices.len());
            vertices.push(piece(layer, carries_label.then_some(link.label)));
        }
        chain.push(link.to);
        labels.push(chain[chain.len() - 2]);
        chains.push(chain);
    }
    let (below, above) = neighbours(vertices.len(), &chains);
    let layers = vertices.iter().map(|v| v.layer + 1).max().unwrap_or(0);
    Chains {
        vertices,
        chains,
        labels,
        below,
        above,
        layers,
    }
}

/// A piece of an edge on `layer`, with the room for `label` if it has one.
fn piece(layer: usize, label: Option<Size>) -> Vertex {
    let (extra, height) = label.map_or((0.0, 0.0), |size| (LABEL_GAP + size.width, size.height));
    Vertex {
        layer,
        left: EDGE_MARGIN,
        right: EDGE_MARGIN + extra,
        height,
        node: false,
    }
}

/// Each vertex's neighbours below and above, one entry per edge.
fn neighbours(count: usize, chains: &[Vec<usize>]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut below = vec![Vec::new(); count];
    let mut above = vec![Vec::new(); count];
    for chain in chains {
        for pair in chain.windows(2) {
            above[pair[0]].push(pair[1]);
            below[pair[1]].push(pair[0]);
        }
    }
    (below, above)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_edge_has_a_piece_per_layer_and_its_label_under_the_user() {
        let size = Size {
            width: 40.0,
            height: 20.0,
        };
        let label = Size {
            width: 30.0,
            height: 10.0,
        };
        let chains = cut(
            &[size, size],
            &[Link {
                from: 0,
                to: 1,
                label,
            }],
            &[0, 2],
        );
        assert_eq!(chains.chains, [vec![0, 2, 3, 4, 1]]);
        assert_eq!(chains.labels, [4]);
        let layers: Vec<usize> = chains.vertices.iter().map(|v| v.layer).collect();
        assert_eq!(layers, [0, 4, 1, 2, 3]);
        assert_eq!(chains.vertices[4].height, 10.0);
        assert_eq!(chains.vertices[3].height, 0.0);
        assert_eq!(chains.layers, 5);
        assert_eq!(chains.below[1], [4]);
        assert_eq!(chains.above[0], [2]);
    }
}
