//! A drawing as Graphviz DOT: `dgraph draw ... | dot -Tsvg > graph.svg`.
//!
//! Edges point from operand to user, with `rankdir=BT` so the inputs sit at
//! the bottom and the output at the top, as in the post.

use std::fmt::Write;

use super::drawing::Drawing;

const HIGHLIGHT: &str = "#d62728";

/// The drawing as a DOT digraph.
pub fn render(drawing: &Drawing) -> String {
    let mut dot = String::from("digraph dgraph {\n");
    dot.push_str("  rankdir=BT;\n");
    dot.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    dot.push_str("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    let _ = writeln!(dot, "  labelloc=t;\n  label={};", quote(&drawing.caption));
    for (id, node) in drawing.nodes.iter().enumerate() {
        let color = if node.highlighted {
            format!(", color=\"{HIGHLIGHT}\", penwidth=2")
        } else {
            String::new()
        };
        let _ = writeln!(
            dot,
            "  n{id} [label={}{color}];",
            quote(&node.lines.join("\n"))
        );
    }
    for edge in &drawing.edges {
        let color = if edge.highlighted {
            format!(", color=\"{HIGHLIGHT}\", fontcolor=\"{HIGHLIGHT}\", penwidth=2")
        } else {
            String::new()
        };
        let _ = writeln!(
            dot,
            "  n{} -> n{} [label={}{color}];",
            edge.from,
            edge.to,
            quote(&edge.label)
        );
    }
    dot.push_str("}\n");
    dot
}

/// A DOT string literal: quotes and backslashes escaped, newlines as `\n`.
fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
