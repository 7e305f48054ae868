//! What to call each node: its name, and its expression as text.
//!
//! A node's expression is its operation written over its operands, each
//! operand shown by name when it has one, else by its own expression
//! (parenthesized where precedence needs it) — or as `#id` when that text
//! would be longer than [`INLINE_LIMIT`] characters, so that every label
//! stays short and building them all is linear in the graph.

use crate::graph::{Graph, NodeId, Op, Operand};
use crate::parse::BinaryOp;

use super::number;

/// Longest unnamed subexpression written inline inside another.
pub const INLINE_LIMIT: usize = 40;

/// Every node's expression text, by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// Every expression, one after the other (one allocation, not one per
    /// node: a million labels cost their text and an offset each).
    text: String,
    /// Where each node's expression ends in `text`.
    ends: Vec<usize>,
    precedence: Vec<u8>,
}

/// Binding strength: a lower value needs parentheses inside a higher one.
const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const UNARY: u8 = 3;
const POWER: u8 = 4;
const ATOM: u8 = 5;

impl Labels {
    /// The expression text of every node of `graph`.
    pub fn of(graph: &Graph) -> Labels {
        let mut labels = Labels {
            text: String::new(),
            ends: Vec::with_capacity(graph.len()),
            precedence: Vec::with_capacity(graph.len()),
        };
        for (id, node) in graph.nodes().iter().enumerate() {
            let (text, precedence) = match node.op {
                Op::Input => (
                    graph
                        .name(NodeId(id as u32))
                        .unwrap_or_default()
                        .to_string(),
                    ATOM,
                ),
                Op::Neg => (
                    format!("-{}", labels.operand(graph, &node.operands[0], UNARY)),
                    UNARY,
                ),
                Op::Binary(op) => labels.binary(graph, op, &node.operands),
                Op::Call(func) => {
                    let args: Vec<String> = node
                        .args()
                        .iter()
                        .map(|a| labels.operand(graph, a, 0))
                        .collect();
                    (format!("{}({})", func.name(), args.join(", ")), ATOM)
                }
            };
            labels.text.push_str(&text);
            labels.ends.push(labels.text.len());
            labels.precedence.push(precedence);
        }
        labels
    }

    /// Node `id`'s expression (for an input, its name).
    pub fn expr(&self, id: NodeId) -> &str {
        let start = match id.index() {
            0 => 0,
            i => self.ends[i - 1],
        };
        &self.text[start..self.ends[id.index()]]
    }

    /// What to call node `id`: its name, else its expression.
    pub fn label<'a>(&'a self, graph: &'a Graph, id: NodeId) -> &'a str {
        graph.name(id).unwrap_or_else(|| self.expr(id))
    }

    fn binary(&self, graph: &Graph, op: BinaryOp, operands: &[Operand; 2]) -> (String, u8) {
        let (precedence, left_needs, right_needs) = match op {
            BinaryOp::Add => (SUM, SUM, SUM + 1),
            BinaryOp::Sub => (SUM, SUM, SUM + 1),
            BinaryOp::Mul | BinaryOp::Div => (PRODUCT, PRODUCT, PRODUCT + 1),
            BinaryOp::Pow => (POWER, POWER + 1, POWER),
        };
        let left = self.operand(graph, &operands[0], left_needs);
        let right = self.operand(graph, &operands[1], right_needs);
        let text = match op {
            BinaryOp::Pow => format!("{left}^{right}"),
            _ => format!("{left} {} {right}", op.symbol()),
        };
        (text, precedence)
    }

    /// An operand as it appears inside another expression that needs at
    /// least `needs` binding strength from it.
    fn operand(&self, graph: &Graph, operand: &Operand, needs: u8) -> String {
        let (text, precedence) = match *operand {
            Operand::Const(c) => {
                let text = number::format(c);
                let precedence = if text.starts_with('-') { UNARY } else { ATOM };
                (text, precedence)
            }
            Operand::Node(id) => match graph.name(id) {
                Some(name) => (name.to_string(), ATOM),
                None if self.expr(id).len() > INLINE_LIMIT => (format!("#{}", id.0), ATOM),
                None => (self.expr(id).to_string(), self.precedence[id.index()]),
            },
        };
        if precedence < needs {
            format!("({text})")
        } else {
            text
        }
    }
}
