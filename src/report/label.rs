//! What to call each node: its name, and its expression as text.
//!
//! A node's expression is its operation written over its operands, each
//! operand shown by name when it has one, else by its own expression
//! (parenthesized where precedence needs it) — or as `#id` when that text
//! would be longer than [`INLINE_LIMIT`] characters, so that every label
//! stays short and building them all is linear in the graph.

use crate::graph::{Graph, Node, NodeId, Op, Operand};
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

/// Nodes whose operands' names are read together (see [`Labels::of`]).
const WINDOW: usize = 256;

/// The names of a window's operand nodes, in order (`None`: unnamed).
type Names<'g> = std::iter::Copied<std::slice::Iter<'g, Option<&'g str>>>;

/// Binding strength: a lower value needs parentheses inside a higher one.
const SUM: u8 = 1;
const PRODUCT: u8 = 2;
const UNARY: u8 = 3;
const POWER: u8 = 4;
const ATOM: u8 = 5;

impl Labels {
    /// The expression text of every node of `graph`, each written straight
    /// into the shared text (an operand's text is copied from its own
    /// label there).
    ///
    /// Nodes are written a window at a time, the names of the window's
    /// operands read first, together: in a large graph each is a trip to
    /// memory at a random place, and read one after another (not each
    /// waiting for the writing before it) the processor overlaps them.
    pub fn of(graph: &Graph) -> Labels {
        let mut labels = Labels {
            text: String::new(),
            ends: Vec::with_capacity(graph.len()),
            precedence: Vec::with_capacity(graph.len()),
        };
        let mut names = Vec::with_capacity(2 * WINDOW);
        for start in (0..graph.len()).step_by(WINDOW) {
            let window = start..graph.len().min(start + WINDOW);
            names.clear();
            let operands = window.clone().flat_map(|id| {
                let instruction = graph.instruction(id);
                [instruction.edge(0), instruction.edge(1)]
            });
            names.extend(operands.flatten().map(|operand| graph.name(operand)));
            let mut names = names.iter().copied();
            for id in window {
                let id = NodeId(id as u32);
                let precedence = labels.write(graph, id, &graph.node(id), &mut names);
                labels.ends.push(labels.text.len());
                labels.precedence.push(precedence);
            }
        }
        labels
    }

    /// Node `id`'s expression (for an input, its name).
    pub fn expr(&self, id: NodeId) -> &str {
        &self.text[self.range(id)]
    }

    /// What to call node `id`: its name, else its expression.
    pub fn label<'a>(&'a self, graph: &'a Graph, id: NodeId) -> &'a str {
        graph.name(id).unwrap_or_else(|| self.expr(id))
    }

    fn range(&self, id: NodeId) -> std::ops::Range<usize> {
        let start = match id.index() {
            0 => 0,
            i => self.ends[i - 1],
        };
        start..self.ends[id.index()]
    }

    /// Appends node `id`'s expression; returns its precedence. `names`
    /// yields the names of its operand nodes, in order.
    fn write(&mut self, graph: &Graph, id: NodeId, node: &Node, names: &mut Names<'_>) -> u8 {
        match node.op {
            Op::Input => {
                self.text.push_str(graph.name(id).unwrap_or_default());
                ATOM
            }
            Op::Neg => {
                self.text.push('-');
                self.operand(&node.operands[0], UNARY, names);
                UNARY
            }
            Op::Binary(op) => self.binary(op, &node.operands, names),
            Op::Call(func) => {
                self.text.push_str(func.name());
                self.text.push('(');
                for (index, arg) in node.args().iter().enumerate() {
                    if index > 0 {
                        self.text.push_str(", ");
                    }
                    self.operand(arg, 0, names);
                }
                self.text.push(')');
                ATOM
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, operands: &[Operand; 2], names: &mut Names<'_>) -> u8 {
        let (precedence, left_needs, right_needs) = match op {
            BinaryOp::Add => (SUM, SUM, SUM + 1),
            BinaryOp::Sub => (SUM, SUM, SUM + 1),
            BinaryOp::Mul | BinaryOp::Div => (PRODUCT, PRODUCT, PRODUCT + 1),
            BinaryOp::Pow => (POWER, POWER + 1, POWER),
        };
        self.operand(&operands[0], left_needs, names);
        match op {
            BinaryOp::Pow => self.text.push('^'),
            _ => {
                self.text.push(' ');
                self.text.push_str(op.symbol());
                self.text.push(' ');
            }
        }
        self.operand(&operands[1], right_needs, names);
        precedence
    }

    /// Appends an operand as it appears inside another expression that
    /// needs at least `needs` binding strength from it; a node operand's
    /// name is the next of `names`.
    fn operand(&mut self, operand: &Operand, needs: u8, names: &mut Names<'_>) {
        let start = self.text.len();
        let precedence = match *operand {
            Operand::Const(c) => {
                number::push(&mut self.text, c);
                if self.text[start..].starts_with('-') {
                    UNARY
                } else {
                    ATOM
                }
            }
            Operand::Node(id) => match names.next().expect("a name read for every operand node") {
                Some(name) => {
                    self.text.push_str(name);
                    ATOM
                }
                None if self.range(id).len() > INLINE_LIMIT => {
                    self.text.push('#');
                    self.text.push_str(&id.0.to_string());
                    ATOM
                }
                None => {
                    self.text.extend_from_within(self.range(id));
                    self.precedence[id.index()]
                }
            },
        };
        if precedence < needs {
            self.text.insert(start, '(');
            self.text.push(')');
        }
    }
}
