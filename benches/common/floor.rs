//! The floor: a hand-written reverse sweep over a flat tape, the baseline
//! dgraph's own sweeps are measured against.
//!
//! The tape is the graph lowered to parallel arrays (operation, operand ids,
//! folded constants); the sweep visits every node from the last down with no
//! reachability test, no bookkeeping and no edge counting. It uses the same
//! local-derivative table (`Op::partials`), so the difference from dgraph's
//! reverse mode is data layout and bookkeeping alone.

use dgraph::graph::{Graph, Op, Operand};

/// A graph as flat arrays.
pub struct Tape {
    ops: Vec<Op>,
    /// Operand node ids; `u32::MAX` marks a constant (in `constants`).
    operands: Vec<[u32; 2]>,
    constants: Vec<[f64; 2]>,
}

impl Tape {
    /// Lowers `graph`.
    pub fn of(graph: &Graph) -> Tape {
        let mut tape = Tape {
            ops: Vec::new(),
            operands: Vec::new(),
            constants: Vec::new(),
        };
        for node in graph.nodes() {
            let mut ids = [u32::MAX; 2];
            let mut constants = [0.0; 2];
            // The benchmark families have no `if`: two slots are enough.
            for (slot, operand) in node.operands[..2].iter().enumerate() {
                match operand {
                    Operand::Node(id) => ids[slot] = id.0,
                    Operand::Const(c) => constants[slot] = *c,
                }
            }
            tape.ops.push(node.op);
            tape.operands.push(ids);
            tape.constants.push(constants);
        }
        tape
    }

    /// The adjoint of every node for the last node, given all values.
    pub fn reverse(&self, values: &[f64], adjoint: &mut [f64]) {
        adjoint.fill(0.0);
        let last = self.ops.len() - 1;
        adjoint[last] = 1.0;
        for id in (0..=last).rev() {
            let [a, b] = self.operands[id];
            if a == u32::MAX && b == u32::MAX {
                continue;
            }
            let read = |slot: usize, at: u32| {
                if at == u32::MAX {
                    self.constants[id][slot]
                } else {
                    values[at as usize]
                }
            };
            let wanted = [a != u32::MAX, b != u32::MAX, false];
            let operands = [read(0, a), read(1, b), 0.0];
            let partials = self.ops[id].partials(operands, values[id], wanted);
            let own = adjoint[id];
            if a != u32::MAX {
                adjoint[a as usize] += own * partials[0];
            }
            if b != u32::MAX && self.ops[id].arity() == 2 {
                adjoint[b as usize] += own * partials[1];
            }
        }
    }
}
