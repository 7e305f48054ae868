//! Sparsity patterns, read off the graph without evaluating it.
//!
//! Which edges carry a derivative, and which operand slots of a node have a
//! second derivative that is not identically 0, come from the one
//! derivative table ([`Op::structure`](crate::graph::Op::structure)).
//!
//! - Jacobian: output r depends on input j when a path of carrying edges
//!   joins them; each output's inputs are found by a walk down its cone.
//! - Hessian: `∂²out/∂x_i∂x_j = Σ_n ∂out/∂n · Σ_kl h_kl ∂u_k/∂x_i ∂u_l/∂x_j`
//!   over the nodes n the output depends on (operands `u_k`, second
//!   derivatives `h_kl`), so entry (i, j) can be non-zero only when i is in
//!   the index set of some `u_k` and j in that of a `u_l` with `h_kl` not
//!   identically 0. Index sets (the inputs a node depends on) are built up
//!   the ids for the nodes that feed such a pair only — a long sum's
//!   partial sums feed nothing nonlinear and get none — and a node with one
//!   carrying operand shares that operand's set instead of copying it.
//!
//! Every bound is a budget checked as the work grows: a pattern that is
//! too dense to be worth finding is refused with its count, never built.

use super::TooDense;
use crate::graph::calculus::Structure;
use crate::graph::{Graph, NodeId, Op, Value, Wanted};
use crate::parse::{BinaryOp, Func};

/// The most node visits the Jacobian pattern's walks may make, all outputs
/// together.
pub const MAX_VISITS: u64 = 400_000_000;

/// The most input indices all index sets of a Hessian pattern may hold.
pub const MAX_INDICES: u64 = 16_000_000;

/// The most entries a pattern may have before duplicates are removed.
pub const MAX_ENTRIES: u64 = 16_000_000;

/// Which entries of a `rows × cols` matrix may be non-zero, row by row
/// (compressed sparse rows: row r's columns are `indices[starts[r]..
/// starts[r + 1]]`, ascending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    cols: usize,
    starts: Vec<usize>,
    indices: Vec<u32>,
}

impl Pattern {
    /// The pattern of `rows` rows over `cols` columns holding the
    /// `(row, column)` pairs of `entries`, in any order, duplicates allowed.
    pub fn from_entries(rows: usize, cols: usize, entries: &[(u32, u32)]) -> Pattern {
        let mut starts = vec![0; rows + 1];
        for &(row, _) in entries {
            starts[row as usize + 1] += 1;
        }
        for row in 0..rows {
            starts[row + 1] += starts[row];
        }
        let mut next = starts.clone();
        let mut indices = vec![0; entries.len()];
        for &(row, col) in entries {
            indices[next[row as usize]] = col;
            next[row as usize] += 1;
        }
        Pattern::sorted(cols, starts, indices)
    }

    /// The pattern whose row r holds the columns `rows[r]` (any order).
    pub fn from_rows(cols: usize, rows: impl IntoIterator<Item = Vec<u32>>) -> Pattern {
        let mut starts = vec![0];
        let mut indices = Vec::new();
        for row in rows {
            indices.extend(row);
            starts.push(indices.len());
        }
        Pattern::sorted(cols, starts, indices)
    }

    /// A band matrix: row i holds the columns `i - width ..= i + width`
    /// that exist.
    pub fn banded(n: usize, width: usize) -> Pattern {
        let rows = (0..n).map(|i| {
            let band = i.saturating_sub(width)..(i + width + 1).min(n);
            band.map(|j| j as u32).collect()
        });
        Pattern::from_rows(n, rows)
    }

    /// The pattern of rows `indices[starts[r]..starts[r + 1]]`, each
    /// sorted and rid of duplicates.
    fn sorted(cols: usize, starts: Vec<usize>, indices: Vec<u32>) -> Pattern {
        let mut pattern = Pattern {
            cols,
            starts,
            indices,
        };
        pattern.sort_rows();
        pattern
    }

    /// Sorts every row and removes its duplicates.
    fn sort_rows(&mut self) {
        let mut kept = 0;
        let mut start = 0;
        for row in 0..self.rows() {
            let end = self.starts[row + 1];
            let columns = &mut self.indices[start..end];
            columns.sort_unstable();
            let row_start = kept;
            for at in start..end {
                let col = self.indices[at];
                if kept == row_start || self.indices[kept - 1] != col {
                    self.indices[kept] = col;
                    kept += 1;
                }
            }
            start = end;
            self.starts[row + 1] = kept;
        }
        self.indices.truncate(kept);
    }

    /// How many rows.
    pub fn rows(&self) -> usize {
        self.starts.len() - 1
    }

    /// How many columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// How many entries may be non-zero.
    pub fn nonzeros(&self) -> usize {
        self.indices.len()
    }

    /// Row r's columns, ascending.
    pub fn row(&self, r: usize) -> &[u32] {
        &self.indices[self.starts[r]..self.starts[r + 1]]
    }

    /// Every entry as `(row, column)`, row by row.
    pub fn entries(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.rows()).flat_map(move |r| self.row(r).iter().map(move |&c| (r, c as usize)))
    }

    /// The transposed pattern (columns become rows).
    pub fn transpose(&self) -> Pattern {
        let flipped: Vec<(u32, u32)> = self.entries().map(|(r, c)| (c as u32, r as u32)).collect();
        Pattern::from_entries(self.cols, self.rows(), &flipped)
    }
}

/// Which edges carry a derivative that is not identically 0, per node (bit
/// k: slot k). Compressed sweeps skip the others: a comparison's 0 times
/// an infinity from another input of the colour would otherwise pollute
/// the entries it shares a sweep with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carrying(Vec<u8>);

impl Carrying {
    /// Every node's carrying slots.
    pub fn of(graph: &Graph) -> Carrying {
        let mut structures = Structures::default();
        let masks = (0..graph.len())
            .map(|id| {
                let instruction = graph.instruction(id);
                let carries = structures.of(instruction.op, instruction.wanted()).carries;
                (0..3).filter(|&k| carries[k]).map(|k| 1 << k).sum()
            })
            .collect();
        Carrying(masks)
    }

    /// Whether node `id`'s slot `slot` carries a derivative.
    #[inline]
    pub fn carries(&self, id: usize, slot: usize) -> bool {
        self.0[id] & (1 << slot) != 0
    }
}

/// The pattern of the Jacobian of `outputs` (rows) by `wrt` (columns).
pub fn jacobian(graph: &Graph, outputs: &[Value], wrt: &[NodeId]) -> Result<Pattern, TooDense> {
    let columns = column_of(graph, wrt);
    let mut structures = Structures::default();
    let mut seen = vec![u32::MAX; graph.len()];
    let mut stack = Vec::new();
    let mut visits = 0u64;
    let mut rows = Vec::with_capacity(outputs.len());
    for (r, output) in outputs.iter().enumerate() {
        let mut row = Vec::new();
        if let Value::Node(out) = *output {
            seen[out.index()] = r as u32;
            stack.push(out);
        }
        while let Some(id) = stack.pop() {
            visits += 1;
            if visits > MAX_VISITS {
                return Err(TooDense {
                    what: "walks over the outputs' nodes",
                    estimate: visits,
                    limit: MAX_VISITS,
                });
            }
            if columns[id.index()] != NOT_AN_INPUT {
                row.push(columns[id.index()]);
            }
            let instruction = graph.instruction(id.index());
            let carries = structures.of(instruction.op, instruction.wanted()).carries;
            for slot in (0..3).filter(|&slot| carries[slot]) {
                let Some(operand) = instruction.edge(slot) else {
                    continue;
                };
                if seen[operand.index()] != r as u32 {
                    seen[operand.index()] = r as u32;
                    stack.push(operand);
                }
            }
        }
        rows.push(row);
    }
    Ok(Pattern::from_rows(wrt.len(), rows))
}

/// The pattern of the Hessian of `out` by `wrt`: symmetric, both triangles
/// and the diagonal kept.
pub fn hessian(graph: &Graph, out: NodeId, wrt: &[NodeId]) -> Result<Pattern, TooDense> {
    let mut structures = Structures::default();
    let nonlinear = nonlinear_nodes(graph, out, &mut structures);
    let needed = needing_index_sets(graph, &nonlinear, &mut structures);
    let sets = IndexSets::build(graph, &needed, &column_of(graph, wrt), &mut structures)?;
    let mut pairs = Vec::new();
    for &id in &nonlinear {
        let instruction = graph.instruction(id.index());
        let interacts = structures
            .of(instruction.op, instruction.wanted())
            .interacts;
        for (k, l) in (0..3).flat_map(|k| (k..3).map(move |l| (k, l))) {
            if !interacts[k][l] {
                continue;
            }
            let (Some(u), Some(v)) = (instruction.edge(k), instruction.edge(l)) else {
                continue;
            };
            let (left, right) = (sets.of(u), sets.of(v));
            let adding = 2 * left.len() as u64 * right.len() as u64;
            if pairs.len() as u64 + adding > MAX_ENTRIES {
                return Err(TooDense {
                    what: "pairs of interacting inputs",
                    estimate: pairs.len() as u64 + adding,
                    limit: MAX_ENTRIES,
                });
            }
            for &i in left {
                for &j in right {
                    pairs.push((i, j));
                    pairs.push((j, i));
                }
            }
        }
    }
    Ok(Pattern::from_entries(wrt.len(), wrt.len(), &pairs))
}

/// A node's input index sets, found only for the nodes that need one.
struct IndexSets {
    /// Node n's set is `indices[spans[n].0..spans[n].1]` (ascending).
    spans: Vec<(usize, usize)>,
    indices: Vec<u32>,
}

impl IndexSets {
    /// The index set of every `needed` node: an input's own column, or the
    /// union of its carrying operands' sets.
    fn build(
        graph: &Graph,
        needed: &[bool],
        columns: &[u32],
        structures: &mut Structures,
    ) -> Result<IndexSets, TooDense> {
        let mut sets = IndexSets {
            spans: vec![(0, 0); graph.len()],
            indices: Vec::new(),
        };
        for id in (0..graph.len()).filter(|&id| needed[id]) {
            let instruction = graph.instruction(id);
            if columns[id] != NOT_AN_INPUT {
                sets.spans[id] = sets.push(&[columns[id]]);
                continue;
            }
            let carries = structures.of(instruction.op, instruction.wanted()).carries;
            let mut operands: Vec<(usize, usize)> = (0..3)
                .filter(|&slot| carries[slot])
                .filter_map(|slot| instruction.edge(slot))
                .map(|operand| sets.spans[operand.index()])
                .filter(|&(start, end)| start < end)
                .collect();
            operands.sort_unstable();
            operands.dedup();
            sets.spans[id] = match operands[..] {
                [] => (0, 0),
                [only] => only,
                _ => sets.union(&operands)?,
            };
        }
        Ok(sets)
    }

    /// Appends `indices` as a new set.
    fn push(&mut self, indices: &[u32]) -> (usize, usize) {
        let start = self.indices.len();
        self.indices.extend_from_slice(indices);
        (start, self.indices.len())
    }

    /// Appends the union of the sets `spans` (two or three) as a new set.
    fn union(&mut self, spans: &[(usize, usize)]) -> Result<(usize, usize), TooDense> {
        let size: usize = spans.iter().map(|(start, end)| end - start).sum();
        let grown = (self.indices.len() + size) as u64;
        if grown > MAX_INDICES {
            return Err(TooDense {
                what: "index sets",
                estimate: grown,
                limit: MAX_INDICES,
            });
        }
        let mut merged: Vec<u32> = spans
            .iter()
            .flat_map(|&(start, end)| self.indices[start..end].iter().copied())
            .collect();
        merged.sort_unstable();
        merged.dedup();
        Ok(self.push(&merged))
    }

    /// Node `id`'s set (empty for a node that needed none).
    fn of(&self, id: NodeId) -> &[u32] {
        let (start, end) = self.spans[id.index()];
        &self.indices[start..end]
    }
}

/// The nodes `out` depends on (through carrying edges) whose second
/// derivative is not identically 0, in descending id order.
fn nonlinear_nodes(graph: &Graph, out: NodeId, structures: &mut Structures) -> Vec<NodeId> {
    let mut reached = vec![false; out.index() + 1];
    reached[out.index()] = true;
    let mut nonlinear = Vec::new();
    for id in (0..=out.index()).rev() {
        if !reached[id] {
            continue;
        }
        let instruction = graph.instruction(id);
        let structure = structures.of(instruction.op, instruction.wanted());
        if structure.interacts.iter().flatten().any(|&h| h) {
            nonlinear.push(NodeId(id as u32));
        }
        for slot in (0..3).filter(|&slot| structure.carries[slot]) {
            if let Some(operand) = instruction.edge(slot) {
                reached[operand.index()] = true;
            }
        }
    }
    nonlinear
}

/// The nodes whose index set is needed: the interacting operands of the
/// `nonlinear` nodes (in descending id order), and what they depend on.
fn needing_index_sets(
    graph: &Graph,
    nonlinear: &[NodeId],
    structures: &mut Structures,
) -> Vec<bool> {
    let top = nonlinear.first().map_or(0, |id| id.index() + 1);
    let mut needed = vec![false; graph.len()];
    let mut pending = nonlinear.iter().peekable();
    for id in (0..top).rev() {
        let instruction = graph.instruction(id);
        let structure = structures.of(instruction.op, instruction.wanted());
        if pending.next_if(|node| node.index() == id).is_some() {
            for (slot, row) in structure.interacts.iter().enumerate() {
                if row.iter().any(|&h| h) {
                    mark(instruction.edge(slot), &mut needed);
                }
            }
        }
        if needed[id] {
            for slot in (0..3).filter(|&slot| structure.carries[slot]) {
                mark(instruction.edge(slot), &mut needed);
            }
        }
    }
    needed
}

fn mark(operand: Option<NodeId>, needed: &mut [bool]) {
    if let Some(operand) = operand {
        needed[operand.index()] = true;
    }
}

/// Marks a node that is not one of the columns.
const NOT_AN_INPUT: u32 = u32::MAX;

/// Each node's column among `wrt`, or [`NOT_AN_INPUT`].
fn column_of(graph: &Graph, wrt: &[NodeId]) -> Vec<u32> {
    let mut columns = vec![NOT_AN_INPUT; graph.len()];
    for (col, id) in wrt.iter().enumerate() {
        columns[id.index()] = col as u32;
    }
    columns
}

/// [`Op::structure`], worked out once per operation and slot choice: a
/// table indexed by both, filled as they are met.
struct Structures {
    known: Vec<Option<Structure>>,
}

impl Default for Structures {
    fn default() -> Structures {
        let ops = 2 + BinaryOp::ALL.len() + Func::ALL.len();
        Structures {
            known: vec![None; ops * 8],
        }
    }
}

impl Structures {
    fn of(&mut self, op: Op, wanted: Wanted) -> Structure {
        let kind = match op {
            Op::Input => 0,
            Op::Neg => 1,
            Op::Binary(op) => 2 + op as usize,
            Op::Call(func) => 2 + BinaryOp::ALL.len() + func as usize,
        };
        let mask: usize = (0..3).filter(|&k| wanted[k]).map(|k| 1 << k).sum();
        *self.known[kind * 8 + mask].get_or_insert_with(|| op.structure(wanted))
    }
}
