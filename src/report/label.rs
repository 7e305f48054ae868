//! What to call each node: its name, and its expression as text.
//!
//! A node's expression is its operation written over its operands, each
//! operand shown by name when it has one, else by its own expression
//! (parenthesized where precedence needs it) — or as `#id` when that text
//! would be longer than [`INLINE_LIMIT`] characters, so that every label
//! stays short and building them all is linear in the graph.

use std::ops::Range;

use rayon::prelude::*;

use crate::graph::{Graph, Node, NodeId, Op, Operand};
use crate::parse::ast::{Grouping, ATOM, UNARY};
use crate::parse::BinaryOp;

use super::number::{self, Digits};

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
    /// The id of the first node labelled: 0, except in a piece of the
    /// graph being labelled apart.
    first: usize,
    /// How many digits constants keep (`--digits`).
    digits: Digits,
}

/// Nodes labelled together, apart from the rest (see [`Labels::of`]).
const PIECE: usize = 1 << 16;

/// Nodes whose operands' names are read together (see [`Labels::of`]).
const WINDOW: usize = 256;

/// The names of a window's operand nodes, in order (`None`: unnamed).
type OperandNames<'g> = std::iter::Copied<std::slice::Iter<'g, Option<&'g str>>>;

impl Labels {
    /// The expression text of every node of `graph`.
    ///
    /// A large graph is labelled in pieces, on every core: a piece begins
    /// where no later node has an unnamed operand before it (so no label
    /// needs another piece's text) — between statements, typically; one
    /// long expression is one piece.
    pub fn of(graph: &Graph) -> Labels {
        Labels::rounded(graph, Digits::ALL)
    }

    /// [`Labels::of`] with every constant rounded to `digits` (for people:
    /// `x * 3.14159265` is `x * 3.14` at 3 digits).
    pub fn rounded(graph: &Graph, digits: Digits) -> Labels {
        Labels::in_pieces(graph, PIECE, digits)
    }

    /// [`Labels::rounded`], with pieces of at least `size` nodes.
    fn in_pieces(graph: &Graph, size: usize, digits: Digits) -> Labels {
        let mut pieces: Vec<Labels> = pieces(graph, size)
            .into_par_iter()
            .map(|piece| Labels::of_piece(graph, piece, digits))
            .collect();
        if pieces.len() == 1 {
            return pieces.remove(0);
        }
        let mut whole = Labels {
            text: String::with_capacity(pieces.iter().map(|piece| piece.text.len()).sum()),
            ends: Vec::with_capacity(graph.len()),
            precedence: Vec::with_capacity(graph.len()),
            first: 0,
            digits,
        };
        for piece in pieces {
            let base = whole.text.len();
            whole.text.push_str(&piece.text);
            whole.ends.extend(piece.ends.iter().map(|end| base + end));
            whole.precedence.extend_from_slice(&piece.precedence);
        }
        whole
    }

    /// The labels of the nodes `piece`, each written straight into the
    /// shared text (an operand's text is copied from its own label there).
    ///
    /// Nodes are written a window at a time, the names of the window's
    /// operands read first, together: in a large graph each is a trip to
    /// memory at a random place, and read one after another (not each
    /// waiting for the writing before it) the processor overlaps them.
    fn of_piece(graph: &Graph, piece: Range<usize>, digits: Digits) -> Labels {
        let mut labels = Labels {
            text: String::new(),
            ends: Vec::with_capacity(piece.len()),
            precedence: Vec::with_capacity(piece.len()),
            first: piece.start,
            digits,
        };
        let mut names = Vec::with_capacity(2 * WINDOW);
        for start in piece.clone().step_by(WINDOW) {
            let window = start..piece.end.min(start + WINDOW);
            names.clear();
            let operands = window.clone().flat_map(|id| {
                let instruction = graph.instruction(id);
                [0, 1, 2].map(|slot| instruction.edge(slot))
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

    fn range(&self, id: NodeId) -> Range<usize> {
        let start = match id.index() - self.first {
            0 => 0,
            i => self.ends[i - 1],
        };
        start..self.ends[id.index() - self.first]
    }

    /// Appends node `id`'s expression; returns its precedence. `names`
    /// yields the names of its operand nodes, in order.
    fn write(
        &mut self,
        graph: &Graph,
        id: NodeId,
        node: &Node,
        names: &mut OperandNames<'_>,
    ) -> u8 {
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

    fn binary(
        &mut self,
        op: BinaryOp,
        operands: &[Operand; 3],
        names: &mut OperandNames<'_>,
    ) -> u8 {
        let (left_needs, right_needs) = op.operand_needs();
        self.operand(&operands[0], left_needs, names);
        match op.grouping() {
            // `x^2`, as the language's own formulas write it.
            Grouping::Right => self.text.push_str(op.symbol()),
            Grouping::Left | Grouping::Never => {
                self.text.push(' ');
                self.text.push_str(op.symbol());
                self.text.push(' ');
            }
        }
        self.operand(&operands[1], right_needs, names);
        op.precedence()
    }

    /// Appends an operand as it appears inside another expression that
    /// needs at least `needs` binding strength from it; a node operand's
    /// name is the next of `names`.
    fn operand(&mut self, operand: &Operand, needs: u8, names: &mut OperandNames<'_>) {
        let start = self.text.len();
        let precedence = match *operand {
            Operand::Const(c) => {
                match self.digits == Digits::ALL {
                    true => number::push(&mut self.text, c),
                    false => self.text.push_str(&self.digits.format(c)),
                }
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
                    self.precedence[id.index() - self.first]
                }
            },
        };
        if precedence < needs {
            self.text.insert(start, '(');
            self.text.push(')');
        }
    }
}

/// The graph's ids cut into pieces of at least `size` nodes (the last may
/// be shorter), each starting where no node at or after it has an unnamed
/// operand before it.
fn pieces(graph: &Graph, size: usize) -> Vec<Range<usize>> {
    let len = graph.len();
    if len < 2 * size {
        return std::iter::once(0..len).collect();
    }
    let named: Vec<bool> = (0..len)
        .map(|id| graph.is_named(NodeId(id as u32)))
        .collect();
    // Going down the ids: the lowest unnamed operand of any node from here on.
    let mut lowest = len;
    let mut cuttable = vec![false; len];
    for id in (0..len).rev() {
        let instruction = graph.instruction(id);
        for operand in [0, 1, 2]
            .map(|slot| instruction.edge(slot))
            .into_iter()
            .flatten()
        {
            if !named[operand.index()] {
                lowest = lowest.min(operand.index());
            }
        }
        cuttable[id] = lowest >= id;
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut cut = size;
    while cut < len {
        if cuttable[cut] {
            pieces.push(start..cut);
            start = cut;
            cut += size;
        } else {
            cut += 1;
        }
    }
    pieces.push(start..len);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::build;

    /// Labelled in pieces of 16 nodes or more, every label is what one
    /// piece gives: statements with unnamed subexpressions, chains of
    /// unnamed nodes longer than a piece, and labels cut to `#id`.
    #[test]
    fn labels_in_pieces_equal_labels_in_one() {
        let mut source = String::from("t0 = x0\n");
        for i in 1..300 {
            source.push_str(&format!(
                "t{i} = sin(t{} * 2 + x{}) - (t{} + 1)\n",
                i - 1,
                i % 5,
                i / 2
            ));
        }
        let terms: Vec<String> = (0..200).map(|i| format!("(t{i} - x{})^2", i % 5)).collect();
        source.push_str(&terms.join(" + "));
        let program = build(&source).expect("builds");
        let graph = &program.graph;
        let whole = Labels::in_pieces(graph, graph.len(), Digits::ALL);
        assert_eq!(pieces(graph, graph.len()).len(), 1);
        assert!(
            pieces(graph, 16).len() > 40,
            "{} pieces",
            pieces(graph, 16).len()
        );
        let pieced = Labels::in_pieces(graph, 16, Digits::ALL);
        assert_eq!(pieced, whole);
        let last = NodeId(graph.len() as u32 - 1);
        assert!(whole.expr(last).contains('#'), "{}", whole.expr(last));
    }

    #[test]
    fn rounded_labels_round_constants_and_nothing_else() {
        let program = build("x[12345]*3.14159265 + sin(y2 - 2.71828)/1e-7").expect("builds");
        let graph = &program.graph;
        let last = NodeId(graph.len() as u32 - 1);
        let rounded = Labels::rounded(graph, Digits::significant(3));
        assert_eq!(
            rounded.expr(last),
            "x[12345] * 3.14 + sin(y2 - 2.72) / 1e-7"
        );
        let whole = Labels::of(graph);
        assert_eq!(
            whole.expr(last),
            "x[12345] * 3.14159265 + sin(y2 - 2.71828) / 1e-7"
        );
    }
}
