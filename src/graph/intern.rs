//! Growing a graph with sharing: an operation on constants alone is folded
//! to a constant, and any other operation is the same node as an identical
//! earlier one (same operation, same operand nodes, same constants bit for
//! bit). The program builder and the symbolic derivative both grow their
//! graphs here.

use std::hash::BuildHasher;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxBuildHasher;

use super::{Graph, Node, NodeId, Op, Operand, Value};
use crate::parse::Func;

/// A graph and the table that finds its operation nodes.
#[derive(Debug, Default)]
pub struct Interner {
    graph: Graph,
    /// Every operation node, found by its [`NodeKey`] (computed from the
    /// graph, so a slot holds only the node's id and the key's hash; growing
    /// the table rehashes from the slots alone, without a trip to each
    /// node).
    shared: HashTable<Slot>,
}

impl Interner {
    /// An interner that goes on growing `graph` (its nodes are indexed, with
    /// room for as many again).
    pub fn from_graph(graph: Graph) -> Interner {
        let room = 2 * graph.len();
        let mut interner = Interner {
            graph,
            shared: HashTable::with_capacity(room),
        };
        for id in 0..interner.graph.len() {
            let node = interner.graph.node(NodeId(id as u32));
            if node.op != Op::Input {
                let slot = Slot {
                    id: NodeId(id as u32),
                    hash: hash(&NodeKey::of(&node)),
                };
                interner
                    .shared
                    .insert_unique(spread(slot.hash), slot, Slot::table_hash);
            }
        }
        interner
    }

    /// The graph so far.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// The graph, finished.
    pub fn into_graph(self) -> Graph {
        self.graph
    }

    /// A new input node called `name`.
    pub fn input(&mut self, name: &str) -> NodeId {
        let id = self.graph.push(Node {
            op: Op::Input,
            operands: [Operand::Const(0.0); 3],
        });
        self.graph.name_node(id, name);
        id
    }

    /// Gives node `id` the name `name` unless it has one already.
    pub fn name(&mut self, id: NodeId, name: &str) {
        self.graph.name_node(id, name);
    }

    /// The value of `op` applied to `x` (and `y`): folded if both are
    /// constants, else the shared node for it.
    pub fn apply(&mut self, op: Op, x: Value, y: Value) -> Value {
        self.node(op, [x, y, Value::Const(0.0)])
    }

    /// `if(c, a, b)`: the branch itself when the condition is a constant,
    /// else the shared node for it.
    pub fn select(&mut self, c: Value, a: Value, b: Value) -> Value {
        match c {
            Value::Const(c) if c.is_nan() => Value::Const(f64::NAN),
            Value::Const(c) if c != 0.0 => a,
            Value::Const(_) => b,
            Value::Node(_) => self.node(Op::Call(Func::If), [c, a, b]),
        }
    }

    /// The value of `op` applied to `operands`: folded if all are
    /// constants, else the shared node for it.
    fn node(&mut self, op: Op, operands: [Value; 3]) -> Value {
        let node = Node {
            op,
            operands: operands.map(Value::operand),
        };
        if node.edges().next().is_none() {
            return Value::Const(op.eval(node.operand_values(&[])));
        }
        let key = NodeKey::of(&node);
        let hash = hash(&key);
        let graph = &self.graph;
        let entry = self.shared.entry(
            spread(hash),
            |slot| slot.hash == hash && NodeKey::of(&graph.node(slot.id)) == key,
            Slot::table_hash,
        );
        match entry {
            Entry::Occupied(found) => Value::Node(found.get().id),
            Entry::Vacant(vacant) => {
                let id = self.graph.push(node);
                vacant.insert(Slot { id, hash });
                Value::Node(id)
            }
        }
    }
}

/// A node of the table and its key's hash.
#[derive(Debug, Clone, Copy)]
struct Slot {
    id: NodeId,
    hash: u32,
}

impl Slot {
    fn table_hash(&self) -> u64 {
        spread(self.hash)
    }
}

fn hash(key: &NodeKey) -> u32 {
    fold(FxBuildHasher.hash_one(key))
}

/// A 64-bit hash folded to the 32 bits a slot keeps (both halves count:
/// Fx leaves keys that differ only in a double's high bits apart in one
/// half alone).
pub(super) fn fold(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

/// A 32-bit hash spread over the 64 bits a hashbrown table reads (it
/// takes the tag from the top bits and the position from the bottom ones);
/// tables that keep 32-bit hashes in their slots hash with it.
pub(super) fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A node's identity for sharing: its operation and its operand slots, with
/// constants compared bit for bit (so `x*2` and `x*2.0` are one node).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct NodeKey {
    op: Op,
    slots: [(bool, u64); 3],
}

impl NodeKey {
    fn of(node: &Node) -> NodeKey {
        let slot = |operand: &Operand| match operand {
            Operand::Node(id) => (true, u64::from(id.0)),
            Operand::Const(c) => (false, c.to_bits()),
        };
        NodeKey {
            op: node.op,
            slots: node.operands.map(|operand| slot(&operand)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::BinaryOp;

    /// `x * 0`, `x * 1`, ... differ only in the constant's high bits; their
    /// slot hashes must still differ (they once collided wholesale, which
    /// made building `n_i = x * i` quadratic).
    #[test]
    fn slot_hashes_tell_apart_constants_differing_in_high_bits() {
        let hashes: std::collections::HashSet<u32> = (0..100_000)
            .map(|i| {
                hash(&NodeKey {
                    op: Op::Binary(BinaryOp::Mul),
                    slots: [(true, 0), (false, f64::from(i).to_bits()), (false, 0)],
                })
            })
            .collect();
        assert!(hashes.len() > 99_990, "{} distinct", hashes.len());
    }
}
