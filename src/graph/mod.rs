//! The computational graph: an arena of nodes in topological order.
//!
//! Every node's operands have smaller ids than the node itself, so a loop up
//! the ids visits operands before their users (forward sweeps, evaluation)
//! and a loop down the ids visits users before their operands (reverse
//! sweeps). No sweep recurses and none needs a topological sort.
//!
//! Olah's example `c = a + b; d = b + 1; e = c * d` is the arena
//!
//! ```text
//! id  name  op   operands
//! 0   a     input
//! 1   b     input
//! 2   c     +    #0, #1
//! 3   d     +    #1, 1      (the literal is folded into the node: no edge)
//! 4   e     *    #2, #3
//! ```
//!
//! with five edges: a→c, b→c, b→d, c→e, d→e.

use std::sync::OnceLock;

use crate::parse::Func;

mod bind;
mod build;
pub mod calculus;
mod choose;
mod constant;
mod eval;
mod expand;
mod indexed;
mod intern;
mod names;
mod op;
mod resolve;
mod settings;
mod tape;

pub use bind::{bind, plan, InputPlan, Setter, Sources};
pub use build::{build, build_at, Output, Program, Value};
pub use eval::evaluate;
pub use intern::Interner;
pub use op::{Op, Wanted};
pub use settings::{
    parse_json_settings, parse_settings, parse_settings_file, split_outside_brackets, variable,
    Setting,
};
pub use tape::Instruction;
use tape::Tape;

/// Index of a node in its [`Graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The id as a vector index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One operand slot of a node: another node, or a folded literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand {
    /// An edge from that node.
    Node(NodeId),
    /// A constant; it is not a node and has no edge.
    Const(f64),
}

/// One node: an operation and its operand slots (`op.arity()` of them used).
/// The graph stores it compactly and spells it out on request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Node {
    /// What the node computes.
    pub op: Op,
    /// Operand slots; slots past the arity hold `Const(0.0)` (so the
    /// slots holding a node are exactly the edges).
    pub operands: [Operand; 3],
}

impl Node {
    /// The used operand slots.
    pub fn args(&self) -> &[Operand] {
        &self.operands[..self.op.arity()]
    }

    /// The node's edges: `(slot, operand node)` for each slot that holds a
    /// node. `x * x` has two edges from the same node.
    pub fn edges(&self) -> impl Iterator<Item = (usize, NodeId)> + '_ {
        self.operands
            .iter()
            .enumerate()
            .filter_map(|(slot, operand)| match operand {
                Operand::Node(id) => Some((slot, *id)),
                Operand::Const(_) => None,
            })
    }

    /// Which slots hold a node (have an edge).
    pub fn wanted(&self) -> op::Wanted {
        self.operands
            .map(|operand| matches!(operand, Operand::Node(_)))
    }

    /// The operand values, reading nodes from `values`.
    pub fn operand_values(&self, values: &[f64]) -> [f64; 3] {
        self.operands.map(|operand| match operand {
            Operand::Node(id) => values[id.index()],
            Operand::Const(c) => c,
        })
    }

    /// Which edges carry a derivative at `values`: every edge, except
    /// that an `if` carries none from its condition and none from the
    /// branch not taken (see [`Op::live`]).
    pub fn live(&self, values: &[f64]) -> op::Wanted {
        self.op.live(self.operand_values(values), self.wanted())
    }
}

/// The graph: nodes in topological order (a flat tape), their names, and
/// the inputs.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    nodes: Tape,
    /// Each node's name as a range of `name_text` (empty: unnamed); one
    /// text for all names, not an allocation per name.
    names: Vec<(usize, usize)>,
    name_text: String,
    inputs: Vec<NodeId>,
    /// How many nodes are `if`s.
    branches: usize,
    /// Whether every node feeds the last one; found on first use, forgotten
    /// when a node is added.
    all_feed_last: OnceLock<bool>,
}

impl Graph {
    /// All nodes, by id.
    pub fn nodes(&self) -> impl DoubleEndedIterator<Item = Node> + ExactSizeIterator + '_ {
        (0..self.len()).map(|id| self.nodes.node(id))
    }

    /// The node with id `id`.
    #[inline]
    pub fn node(&self, id: NodeId) -> Node {
        self.nodes.node(id.index())
    }

    /// Node `id` as stored: cheaper to read than [`Graph::node`], for
    /// loops over many nodes.
    #[inline]
    pub fn instruction(&self, id: usize) -> Instruction {
        self.nodes.instruction(id)
    }

    /// The local derivatives of node `id`'s operand slots at `values`, and
    /// which slots carry one (the live edges, [`Op::live`]); the other
    /// slots' derivatives are 0.
    #[inline]
    pub fn partials(&self, id: usize, values: &[f64]) -> ([f64; 3], Wanted) {
        let instruction = self.instruction(id);
        let operands = self.operand_values(instruction, values);
        let live = instruction.op.live(operands, instruction.wanted());
        (instruction.op.partials(operands, values[id], live), live)
    }

    /// The values of `instruction`'s operands, reading nodes from
    /// `values`.
    #[inline]
    pub fn operand_values(&self, instruction: Instruction, values: &[f64]) -> [f64; 3] {
        self.nodes.operand_values(instruction, values)
    }

    /// The values of `instruction`'s first two operands (all that any
    /// operation but `if` has), reading nodes from `values`; the third is 0.
    #[inline]
    pub fn two_operand_values(&self, instruction: Instruction, values: &[f64]) -> [f64; 3] {
        let value = |slot| self.nodes.operand_value(instruction, slot, values);
        [value(0), value(1), 0.0]
    }

    /// Whether some node is an `if`, whose edges carry a derivative or not
    /// depending on the point.
    pub fn has_branches(&self) -> bool {
        self.branches > 0
    }

    /// How many nodes there are.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether there are no nodes (a constant program).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The node's first name: the variable for inputs, the first name
    /// assigned to it otherwise; `None` for an unnamed subexpression.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        let (start, end) = self.names[id.index()];
        (start < end).then(|| &self.name_text[start..end])
    }

    /// Whether node `id` has a name (cheaper than [`Graph::name`]: the
    /// name's text is not read).
    pub fn is_named(&self, id: NodeId) -> bool {
        let (start, end) = self.names[id.index()];
        start < end
    }

    /// The input nodes, in order of first use.
    pub fn inputs(&self) -> &[NodeId] {
        &self.inputs
    }

    /// Which nodes depend on one of `from` (those included): one pass up
    /// the ids.
    pub fn descendants(&self, from: impl IntoIterator<Item = NodeId>) -> Vec<bool> {
        let mut marked = vec![false; self.len()];
        for id in from {
            marked[id.index()] = true;
        }
        for (id, node) in self.nodes().enumerate() {
            if node.edges().any(|(_, operand)| marked[operand.index()]) {
                marked[id] = true;
            }
        }
        marked
    }

    /// Which nodes one of `of` depends on (those included): one pass down
    /// the ids.
    pub fn ancestors(&self, of: impl IntoIterator<Item = NodeId>) -> Vec<bool> {
        self.ancestors_through(of, Node::wanted)
    }

    /// Which nodes one of `of` depends on through live edges at `values`
    /// (those included): like [`Graph::ancestors`], but an `if` leads only
    /// to the branch it takes.
    pub fn live_ancestors(
        &self,
        of: impl IntoIterator<Item = NodeId>,
        values: &[f64],
    ) -> Vec<bool> {
        self.ancestors_through(of, |node| node.live(values))
    }

    /// Which nodes one of `of` depends on through the slots `followed`
    /// gives for each node.
    fn ancestors_through(
        &self,
        of: impl IntoIterator<Item = NodeId>,
        followed: impl Fn(&Node) -> Wanted,
    ) -> Vec<bool> {
        let mut marked = vec![false; self.len()];
        for id in of {
            marked[id.index()] = true;
        }
        for id in (0..self.len()).rev() {
            if marked[id] {
                let node = self.nodes.node(id);
                let followed = followed(&node);
                for (_, operand) in node.edges().filter(|&(slot, _)| followed[slot]) {
                    marked[operand.index()] = true;
                }
            }
        }
        marked
    }

    /// Whether the last node depends on every node, by edges that always
    /// carry a derivative (nothing is left dangling, and there is no `if`):
    /// true for one expression, false when a statement goes unused. Found
    /// once per graph, by one pass down the ids; a sweep from the last node
    /// then knows every node is reached without keeping track.
    pub fn all_feed_last(&self) -> bool {
        *self.all_feed_last.get_or_init(|| {
            if self.has_branches() {
                return false;
            }
            let last = self.len().checked_sub(1).map(|i| NodeId(i as u32));
            self.ancestors(last).into_iter().all(|marked| marked)
        })
    }

    /// How many edges the graph has.
    pub fn edge_count(&self) -> usize {
        self.nodes().map(|node| node.edges().count()).sum()
    }

    /// Appends a node; its operands must already be in the graph.
    fn push(&mut self, node: Node) -> NodeId {
        debug_assert!(node.edges().all(|(_, id)| id.index() < self.nodes.len()));
        assert!(self.len() < tape::MAX_NODES, "fewer than 2^31 nodes");
        let id = NodeId(self.len() as u32);
        self.nodes.push(&node);
        self.names.push((0, 0));
        self.all_feed_last.take();
        match node.op {
            Op::Input => self.inputs.push(id),
            Op::Call(Func::If) => self.branches += 1,
            Op::Neg | Op::Binary(_) | Op::Call(_) => {}
        }
        id
    }

    /// Gives `id` the name `name` unless it has one already.
    fn name_node(&mut self, id: NodeId, name: &str) {
        let (start, end) = self.names[id.index()];
        if start == end {
            let start = self.name_text.len();
            self.name_text.push_str(name);
            self.names[id.index()] = (start, self.name_text.len());
        }
    }
}
