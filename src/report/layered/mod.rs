//! A layered drawing of a graph whose edges all go from a smaller node
//! index to a larger one (Sugiyama's method), as geometry only: where each
//! box, edge and edge label goes. `svg.rs` turns it into a picture.
//!
//! The steps, one file each: [`rank`] puts each node on a level, operands
//! below their users; [`chain`] cuts each edge into a piece per layer it
//! crosses, one of them holding the label; [`order`] arranges each layer
//! to cross few edges; [`place`] gives everything coordinates. Routes are
//! read off here: an edge leaves the top of its operand, runs straight up
//! through every layer it crosses (beside its label on the gap under its
//! user) and bends only in the gaps between layers, so it never crosses a
//! box or a label.
//!
//! Every step is linear or O(n log n) in the pieces, or bounded by a fixed
//! number of sweeps over them; no step can fail, whatever the graph (empty,
//! edgeless, disconnected, with repeated edges).

mod chain;
mod order;
mod place;
mod rank;

use chain::Chains;

/// The least gap between two layers, in pixels.
const LAYER_GAP: f64 = 12.0;
/// The most gap between two layers, however far its edges bend.
const MAX_LAYER_GAP: f64 = 48.0;
/// How much a gap grows with the widest bend across it: edges bending
/// far keep a slope, so they stay apart instead of running together.
const GAP_PER_BEND: f64 = 0.2;
/// The most a port moves from the last, along a box's side.
const PORT_STEP: f64 = 24.0;
/// Room at each end of a box's side that edges do not use.
const PORT_INSET: f64 = 12.0;

/// A width and a height, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    /// Across.
    pub width: f64,
    /// Up and down.
    pub height: f64,
}

/// A point, in pixels, y growing downwards as in SVG.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Across, from the left.
    pub x: f64,
    /// Down, from the top.
    pub y: f64,
}

/// An edge, from an operand up to the node that uses it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// The operand's index, smaller than `to`.
    pub from: usize,
    /// The user's index.
    pub to: usize,
    /// The size of its label.
    pub label: Size,
}

/// Where an edge runs and where its label goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// From the top of the operand's box to the bottom of the user's; two
    /// points one above the other are a straight run, any other two a bend.
    pub points: Vec<Point>,
    /// The left end of the label's middle line.
    pub label: Point,
}

/// The whole drawing's geometry, its top left corner at (0, 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Each node's centre.
    pub nodes: Vec<Point>,
    /// Each link's route.
    pub edges: Vec<Route>,
    /// The width taken.
    pub width: f64,
    /// The height taken.
    pub height: f64,
}

/// Lays out boxes of the sizes `nodes` joined by `links`.
pub fn lay_out(nodes: &[Size], links: &[Link]) -> Layout {
    let ranks = rank::ranks(nodes.len(), links);
    let chains = chain::cut(nodes, links, &ranks);
    let layers = order::order(&chains);
    let xs = place::xs(&chains, &layers);
    let ports = Ports::of(&chains, nodes, &xs);
    let bands = place::bands(&chains, &gaps(&chains, &xs, &ports));
    let middle = |v: usize| {
        let (top, height) = bands[chains.vertices[v].layer];
        top + height / 2.0
    };
    let centres: Vec<Point> = (0..nodes.len())
        .map(|v| Point {
            x: xs[v],
            y: middle(v),
        })
        .collect();
    let edges = (0..links.len())
        .map(|i| {
            let chain = &chains.chains[i];
            let start = Point {
                x: xs[chain[0]] + ports.up[i],
                y: centres[chain[0]].y - nodes[chain[0]].height / 2.0,
            };
            let end = Point {
                x: xs[chain[chain.len() - 1]] + ports.down[i],
                y: centres[chain[chain.len() - 1]].y + nodes[chain[chain.len() - 1]].height / 2.0,
            };
            let pieces = &chain[1..chain.len() - 1];
            let mut points = vec![start];
            for &piece in pieces {
                let (top, height) = bands[chains.vertices[piece].layer];
                run_to(&mut points, xs[piece], top + height);
                run_to(&mut points, xs[piece], top);
            }
            run_to(&mut points, end.x, end.y);
            let carrier = chains.labels[i];
            let label = Point {
                x: xs[carrier] + chain::LABEL_GAP,
                y: middle(carrier),
            };
            Route { points, label }
        })
        .collect();
    let width = chains
        .vertices
        .iter()
        .zip(&xs)
        .map(|(vertex, x)| x + vertex.right)
        .fold(0.0, f64::max);
    let height = bands.first().map_or(0.0, |(top, height)| top + height);
    Layout {
        nodes: centres,
        edges,
        width,
        height,
    }
}

/// The gap over each layer: wider the farther an edge bends across it.
fn gaps(chains: &Chains, xs: &[f64], ports: &Ports) -> Vec<f64> {
    let mut bends = vec![0.0f64; chains.layers];
    for (i, chain) in chains.chains.iter().enumerate() {
        let last = chain.len() - 1;
        let x = |k: usize| match k {
            0 => xs[chain[0]] + ports.up[i],
            k if k == last => xs[chain[last]] + ports.down[i],
            k => xs[chain[k]],
        };
        for (k, &vertex) in chain[..last].iter().enumerate() {
            let layer = chains.vertices[vertex].layer;
            bends[layer] = bends[layer].max((x(k + 1) - x(k)).abs());
        }
    }
    bends
        .iter()
        .map(|bend| (bend * GAP_PER_BEND).clamp(LAYER_GAP, MAX_LAYER_GAP))
        .collect()
}

/// Adds `(x, y)` to a route, merging it into a straight run it continues.
fn run_to(points: &mut Vec<Point>, x: f64, y: f64) {
    if let [.., a, b] = points.as_slice() {
        if a.x == x && b.x == x {
            points.pop();
        }
    }
    points.push(Point { x, y });
}

/// Where each link leaves its operand's box and enters its user's, as an
/// offset from the box's centre: spread along the side in the order the
/// edges go, so edges meeting at a box do not cross there.
struct Ports {
    up: Vec<f64>,
    down: Vec<f64>,
}

impl Ports {
    fn of(chains: &Chains, nodes: &[Size], xs: &[f64]) -> Ports {
        let links = chains.chains.len();
        let mut leaving = vec![Vec::new(); nodes.len()];
        let mut entering = vec![Vec::new(); nodes.len()];
        for (i, chain) in chains.chains.iter().enumerate() {
            leaving[chain[0]].push((xs[chain[1]], i));
            entering[chain[chain.len() - 1]].push((xs[chain[chain.len() - 2]], i));
        }
        let mut ports = Ports {
            up: vec![0.0; links],
            down: vec![0.0; links],
        };
        for (node, size) in nodes.iter().enumerate() {
            spread(&mut leaving[node], size.width, &mut ports.up);
            spread(&mut entering[node], size.width, &mut ports.down);
        }
        ports
    }
}

/// Offsets along a side `width` wide for `edges` (x of the far end, link),
/// in order of x, centred.
fn spread(edges: &mut [(f64, usize)], width: f64, offsets: &mut [f64]) {
    if edges.len() < 2 {
        return;
    }
    edges.sort_by(|a, b| a.0.total_cmp(&b.0));
    let span = edges.len() as f64 - 1.0;
    let step = PORT_STEP.min((width - 2.0 * PORT_INSET).max(0.0) / span);
    for (k, &(_, link)) in edges.iter().enumerate() {
        offsets[link] = (k as f64 - span / 2.0) * step;
    }
}
