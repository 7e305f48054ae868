//! How the graph keeps its nodes: a flat tape of 16-byte instructions
//! (operation and three `u32` operand slots; only `if` uses the third) and
//! a side table of the literals folded into them.
//!
//! A slot holds an operand node's id, or — with its top bit set — the index
//! of a constant in the side table; [`ZERO`] is the constant `+0`, which is
//! also what a slot past the operation's arity holds. Every sweep reads
//! 16 bytes per node (a [`Node`] view spells the same thing out in 56), and a
//! constant costs 8 bytes only where one was written.

use super::{Node, NodeId, Op, Operand, Wanted};

/// The top bit of a slot: set for a constant.
const CONSTANT: u32 = 1 << 31;

/// The slot holding `+0` (also every unused slot); no table entry.
const ZERO: u32 = u32::MAX;

/// The most nodes (and the most constants) a tape holds: ids below the
/// constant bit.
pub const MAX_NODES: usize = (CONSTANT - 1) as usize;

/// One node as stored, and as the sweeps read it: the operation and three
/// slots.
#[derive(Debug, Clone, Copy)]
pub struct Instruction {
    slots: [u32; 3],
    /// What the node computes.
    pub op: Op,
}

impl Instruction {
    /// The node in slot `slot` (0, 1 or 2), if the slot holds one: an edge.
    /// Sweeps ask for each slot in turn; an iterator over the edges (like
    /// [`Node::edges`]) measured up to twice as slow in the reverse sweep.
    #[inline]
    pub fn edge(self, slot: usize) -> Option<NodeId> {
        let held = self.slots[slot];
        (held < CONSTANT).then_some(NodeId(held))
    }

    /// Which slots hold a node.
    #[inline]
    pub fn wanted(self) -> Wanted {
        self.slots.map(|held| held < CONSTANT)
    }
}

/// The nodes of a graph, in id order.
#[derive(Debug, Clone, Default)]
pub struct Tape {
    instructions: Vec<Instruction>,
    constants: Vec<f64>,
}

impl Tape {
    /// How many nodes there are.
    pub fn len(&self) -> usize {
        self.instructions.len()
    }

    /// The node with index `id`, spelled out.
    #[inline]
    pub fn node(&self, id: usize) -> Node {
        let Instruction { slots, op } = self.instructions[id];
        Node {
            op,
            operands: slots.map(|slot| self.operand(slot)),
        }
    }

    /// Node `id` as stored.
    #[inline]
    pub fn instruction(&self, id: usize) -> Instruction {
        self.instructions[id]
    }

    /// The values of `instruction`'s operands, reading nodes from `values`.
    /// Spelled out rather than `[0, 1, 2].map(..)`: that closure is one
    /// instance shared by every caller, and once callers multiplied, LLVM
    /// stopped inlining it into `evaluate` — a call per node, and `check`
    /// (nothing but evaluations) ran 3-4x slower.
    #[inline]
    pub fn operand_values(&self, instruction: Instruction, values: &[f64]) -> [f64; 3] {
        [
            self.operand_value(instruction, 0, values),
            self.operand_value(instruction, 1, values),
            self.operand_value(instruction, 2, values),
        ]
    }

    /// The value of `instruction`'s operand in slot `slot`.
    #[inline]
    pub fn operand_value(&self, instruction: Instruction, slot: usize, values: &[f64]) -> f64 {
        let held = instruction.slots[slot];
        if held < CONSTANT {
            values[held as usize]
        } else if held == ZERO {
            0.0
        } else {
            self.constants[(held - CONSTANT) as usize]
        }
    }

    /// Appends `node` (the caller checks its operands exist and that there
    /// is room: fewer than [`MAX_NODES`] nodes).
    pub fn push(&mut self, node: &Node) {
        let slots = node.operands.map(|operand| self.slot(operand));
        self.instructions.push(Instruction { slots, op: node.op });
    }

    #[inline]
    fn operand(&self, slot: u32) -> Operand {
        if slot < CONSTANT {
            Operand::Node(NodeId(slot))
        } else if slot == ZERO {
            Operand::Const(0.0)
        } else {
            Operand::Const(self.constants[(slot - CONSTANT) as usize])
        }
    }

    fn slot(&mut self, operand: Operand) -> u32 {
        match operand {
            Operand::Node(id) => id.0,
            Operand::Const(c) if c.to_bits() == 0 => ZERO,
            Operand::Const(c) => {
                let index = u32::try_from(self.constants.len())
                    .ok()
                    .filter(|&index| index < ZERO - CONSTANT)
                    .expect("fewer constants than nodes times two, and fewer nodes than 2^31");
                self.constants.push(c);
                CONSTANT + index
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{BinaryOp, Func};

    /// Every kind of slot reads back as it was written, `-0` and NaN bit for
    /// bit, and a node is 16 bytes.
    #[test]
    fn nodes_read_back_as_written() {
        let nodes = [
            Node {
                op: Op::Input,
                operands: [Operand::Const(0.0); 3],
            },
            Node {
                op: Op::Binary(BinaryOp::Mul),
                operands: [
                    Operand::Node(NodeId(0)),
                    Operand::Const(-0.0),
                    Operand::Const(0.0),
                ],
            },
            Node {
                op: Op::Call(Func::If),
                operands: [
                    Operand::Const(f64::NAN),
                    Operand::Node(NodeId(1)),
                    Operand::Const(2.5),
                ],
            },
            Node {
                op: Op::Neg,
                operands: [
                    Operand::Node(NodeId(2)),
                    Operand::Const(0.0),
                    Operand::Const(0.0),
                ],
            },
        ];
        let mut tape = Tape::default();
        for node in &nodes {
            tape.push(node);
        }
        let bits = |node: Node| {
            node.operands.map(|operand| match operand {
                Operand::Node(id) => (true, u64::from(id.0)),
                Operand::Const(c) => (false, c.to_bits()),
            })
        };
        for (id, node) in nodes.iter().enumerate() {
            assert_eq!(tape.instruction(id).op, node.op);
            assert_eq!(bits(tape.node(id)), bits(*node), "node {id}");
        }
        assert_eq!(tape.constants.len(), 3, "+0 takes no entry");
        assert_eq!(std::mem::size_of::<Instruction>(), 16);
    }
}
