//! The computational graph as a picture, in the post's style: inputs at the
//! bottom, the output at the top, every node with its value and the chosen
//! mode's derivative, every edge with its local derivative. Paths mode
//! highlights the edges on the paths from the chosen inputs to the outputs.
//!
//! The drawing is a plain model; `dot.rs` writes it as Graphviz DOT and
//! `svg.rs` lays it out and writes SVG.

use crate::error::InputError;
use crate::graph::NodeId;
use crate::modes::ordering::Strategy;
use crate::modes::paths::{describe_count, describe_paths};
use crate::modes::{Derivatives, PerNode};

use super::number::Digits;
use super::{plural, Named, Report};

/// Drawings of more nodes than this are refused unless `--max-nodes` says
/// more: past it a drawing is hard to read (and its layout slower); the
/// tables and JSON still serve.
pub const DEFAULT_MAX_DRAWN_NODES: usize = 300;

/// Which part of the graph to draw, and how much of it at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extent {
    /// Draw only what the outputs depend on (`--of` named them), rather
    /// than the whole program.
    pub outputs_only: bool,
    /// The most nodes drawn (`--max-nodes`).
    pub max_nodes: usize,
}

/// A node as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnNode {
    /// The graph node it draws (`None` for a constant output's box).
    pub id: Option<NodeId>,
    /// Its text, line by line: what it is, its value, its derivatives.
    pub lines: Vec<String>,
    /// Whether it lies on a highlighted path.
    pub highlighted: bool,
}

/// An edge as drawn, from an operand up to the node that uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnEdge {
    /// The operand's node index.
    pub from: usize,
    /// The user's node index.
    pub to: usize,
    /// The operand slot it fills in the user (`x*x` has two edges).
    pub slot: usize,
    /// Its local derivative, `∂c/∂a = 1`.
    pub label: String,
    /// Whether it lies on a highlighted path.
    pub highlighted: bool,
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// Nodes by id, then a box for each output that is a constant.
    pub nodes: Vec<DrawnNode>,
    /// Every edge (an operand used twice gives two edges).
    pub edges: Vec<DrawnEdge>,
    /// One line over the picture: what the mode computed.
    pub caption: String,
}

impl Drawing {
    /// The drawing of `report` (the part `extent` asks for), or an error
    /// when it would have too many nodes.
    pub fn of(report: &Report<'_>, extent: Extent) -> Result<Drawing, InputError> {
        let graph = report.graph;
        let drawn = drawn_nodes(report, extent.outputs_only);
        if drawn.len() > extent.max_nodes {
            return Err(too_many(report, drawn.len(), extent));
        }
        // Each graph node's place among the drawn ones.
        let mut place = vec![usize::MAX; graph.len()];
        for (k, &id) in drawn.iter().enumerate() {
            place[id] = k;
        }
        let on_path = on_highlighted_paths(report);
        let mut nodes = Vec::with_capacity(drawn.len());
        let mut edges = Vec::new();
        for &id in &drawn {
            let node = graph.node(NodeId(id as u32));
            nodes.push(DrawnNode {
                id: Some(NodeId(id as u32)),
                lines: node_lines(report, id),
                highlighted: on_path.nodes[id],
            });
            let (partials, live) = graph.partials(id, report.values);
            for (slot, operand) in node.edges() {
                let derivative = match (live[slot], slot) {
                    (true, _) => report.digits.format(partials[slot]),
                    (false, 0) => "0 (condition)".to_string(),
                    (false, _) => "0 (not taken)".to_string(),
                };
                let label = format!(
                    "∂{}/∂{} = {derivative}",
                    short_name(report, NodeId(id as u32)),
                    short_name(report, operand),
                );
                let highlighted = on_path.nodes[operand.index()] && on_path.nodes[id];
                edges.push(DrawnEdge {
                    from: place[operand.index()],
                    to: place[id],
                    slot,
                    label,
                    highlighted,
                });
            }
        }
        nodes.extend(
            report
                .outputs
                .iter()
                .filter(|o| o.node.is_none())
                .map(|output| DrawnNode {
                    id: None,
                    lines: constant_lines(output, report.digits),
                    highlighted: false,
                }),
        );
        Ok(Drawing {
            nodes,
            edges,
            caption: caption(report, report.derivatives, Highlights::Shown),
        })
    }
}

/// The ids of the nodes drawn, in order: what the outputs depend on, or
/// every node. An operand of a drawn node is always drawn.
fn drawn_nodes(report: &Report<'_>, outputs_only: bool) -> Vec<usize> {
    let graph = report.graph;
    if !outputs_only {
        return (0..graph.len()).collect();
    }
    let used = graph.ancestors(report.outputs.iter().filter_map(|o| o.node));
    (0..graph.len()).filter(|&id| used[id]).collect()
}

/// The refusal of a drawing of `count` nodes, past `extent.max_nodes`.
fn too_many(report: &Report<'_>, count: usize, extent: Extent) -> InputError {
    let (what, or_of) = match extent.outputs_only {
        true => (
            format!(
                "what --of names depends on {} (of the graph's {})",
                plural(count, "node", "nodes"),
                report.graph.len()
            ),
            "",
        ),
        false => (
            format!("the graph has {}", plural(count, "node", "nodes")),
            ", draw what one output depends on with --of NAME",
        ),
    };
    InputError::new(format!(
        "{what}; dgraph draws at most {} (a larger drawing is hard to read): \
         raise the limit with --max-nodes N{or_of}, or use `dgraph eval` for the numbers",
        extent.max_nodes
    ))
}

/// The box of an output that is a constant: it has no node, so nothing
/// else would show it (`dgraph draw 2` draws this box alone).
fn constant_lines(output: &Named, digits: Digits) -> Vec<String> {
    let what = match output.title == output.label {
        true => output.title.clone(),
        false => format!("{} = {}", output.title, output.label),
    };
    vec![
        what,
        format!("= {}", digits.format(output.value)),
        "a constant: no operations".to_string(),
    ]
}

/// A node's name, or `#id` for an unnamed one (edge labels stay short).
fn short_name(report: &Report<'_>, id: NodeId) -> String {
    report
        .graph
        .name(id)
        .map_or_else(|| format!("#{}", id.0), str::to_string)
}

fn node_lines(report: &Report<'_>, id: usize) -> Vec<String> {
    let node = NodeId(id as u32);
    let graph = report.graph;
    let what = match (graph.name(node), report.labels.expr(node)) {
        (Some(name), expr) if name == expr => name.to_string(),
        (Some(name), expr) => format!("{name} = {expr}"),
        (None, expr) => format!("#{id}: {expr}"),
    };
    let mut lines = vec![
        aliased(report, node, what),
        format!("= {}", report.digits.format(report.values[id])),
    ];
    let name = short_name(report, node);
    match &report.derivatives.per_node {
        PerNode::Adjoints(columns) => {
            for (output, column) in report.outputs.iter().zip(columns) {
                lines.push(format!(
                    "∂{}/∂{name} = {}",
                    output.title,
                    report.digits.format(column[id])
                ));
            }
        }
        PerNode::Tangents(columns) => {
            for (input, column) in report.inputs.iter().zip(columns) {
                let derivative = column.get(id).unwrap_or(0.0);
                lines.push(format!(
                    "∂{name}/∂{} = {}",
                    input.title,
                    report.digits.format(derivative)
                ));
            }
        }
        PerNode::PathCounts(columns) => {
            for ((output, column), row) in report
                .outputs
                .iter()
                .zip(columns)
                .zip(&report.derivatives.jacobian)
            {
                let paths = if column[id] == 1 { "path" } else { "paths" };
                lines.push(format!(
                    "{} {paths} to {}",
                    describe_count(column[id]),
                    output.title
                ));
                lines.extend(input_derivative(report, node, output, row));
            }
        }
        PerNode::Eliminated(steps, _) => {
            if steps[id] > 0 {
                lines.push(format!("eliminated at step {}", steps[id]));
            }
            for (output, row) in report.outputs.iter().zip(&report.derivatives.jacobian) {
                lines.extend(input_derivative(report, node, output, row));
            }
        }
    }
    lines
}

/// `what`, led by the outputs that name `node` by another name (`y = h[4]`
/// draws `y = h[4] = tanh(…)`): nothing else in the box would say it is y.
fn aliased(report: &Report<'_>, node: NodeId, what: String) -> String {
    let own = report.graph.name(node);
    let aliases: Vec<&str> = report
        .outputs
        .iter()
        .filter(|output| output.node == Some(node) && Some(output.title.as_str()) != own)
        .map(|output| output.title.as_str())
        .collect();
    match aliases.is_empty() {
        true => what,
        false => format!("{} = {what}", aliases.join(" = ")),
    }
}

/// `∂out/∂x = …` when `node` is an input x differentiated by.
fn input_derivative(
    report: &Report<'_>,
    node: NodeId,
    output: &Named,
    row: &[f64],
) -> Option<String> {
    let k = report.inputs.iter().position(|x| x.node == Some(node))?;
    let name = short_name(report, node);
    Some(format!(
        "∂{}/∂{name} = {}",
        output.title,
        report.digits.format(row[k])
    ))
}

/// Nodes on a path from a chosen input to an output (paths mode only).
struct OnPaths {
    nodes: Vec<bool>,
}

fn on_highlighted_paths(report: &Report<'_>) -> OnPaths {
    let graph = report.graph;
    let PerNode::PathCounts(counts) = &report.derivatives.per_node else {
        return OnPaths {
            nodes: vec![false; graph.len()],
        };
    };
    let from_inputs = graph.descendants(report.inputs.iter().filter_map(|x| x.node));
    let nodes = (0..graph.len())
        .map(|id| from_inputs[id] && counts.iter().any(|up| up[id] > 0))
        .collect();
    OnPaths { nodes }
}

/// Whether a caption says that paths mode's paths are highlighted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlights {
    /// The picture highlights them (`dot`, `svg`).
    Shown,
    /// The picture lights them one by one (`html`).
    Stepped,
}

/// The order an elimination ran, in a caption.
fn order_name(by: Strategy) -> &'static str {
    match by {
        Strategy::Markowitz => "Markowitz order",
        Strategy::Search => "the search's order",
        Strategy::Optimal => "optimal order",
    }
}

/// One line saying what `d` computed on `report`'s graph and the edges it
/// touched: `reverse mode from e: 5 edges touched`.
pub fn caption(report: &Report<'_>, d: &Derivatives, highlights: Highlights) -> String {
    let outputs: Vec<&str> = report.outputs.iter().map(|o| o.title.as_str()).collect();
    let inputs = match report.inputs.is_empty() {
        true => "no input".to_string(),
        false => report
            .inputs
            .iter()
            .map(|x| x.title.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let what = match &d.per_node {
        PerNode::Adjoints(_) => format!("reverse mode from {}", outputs.join(", ")),
        PerNode::Tangents(_) => format!("forward mode from {inputs}"),
        PerNode::PathCounts(_) => format!(
            "paths mode: {} from {inputs} to {}{}",
            describe_paths(report.paths),
            outputs.join(", "),
            match highlights {
                Highlights::Shown => " (highlighted)",
                Highlights::Stepped => "",
            }
        ),
        PerNode::Eliminated(_, by) => format!(
            "vertex elimination ({}): {}",
            order_name(*by),
            plural(d.sweeps, "vertex eliminated", "vertices eliminated")
        ),
    };
    let edges = plural(d.edges_touched as usize, "edge", "edges");
    format!("{what}: {edges} touched")
}
