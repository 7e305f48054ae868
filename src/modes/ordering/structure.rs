//! The linearized graph's shape, without its labels: what an elimination
//! order costs depends on it alone.
//!
//! Vertices are numbered compactly (`0..len`) and map back to the caller's
//! ids. Eliminating a vertex `v` joins each predecessor to each successor
//! (parallel edges merge into one) and removes `v`; it costs
//! `in-degree × out-degree` multiply-adds, exactly what the numeric
//! elimination counts as it multiplies. Adjacency lists are kept sorted, so
//! a merge is one linear pass.

/// The shape of a linearized graph, shrinking as vertices are eliminated.
#[derive(Debug, Clone)]
pub struct Structure {
    /// The caller's id of each compact vertex.
    ids: Vec<u32>,
    /// `preds[v]`: the vertices with an edge into `v`, sorted.
    preds: Vec<Vec<u32>>,
    /// `succs[v]`: the vertices `v` has an edge to, sorted.
    succs: Vec<Vec<u32>>,
    /// Whether a vertex is still to be eliminated.
    pending: Vec<bool>,
    /// Vertices still to be eliminated.
    left: usize,
    /// Multiply-adds so far.
    pub fills: u64,
    /// Work so far: multiply-adds plus adjacency entries visited, the
    /// deterministic clock of the searches.
    pub work: u64,
}

impl Structure {
    /// The shape with `edges` between the caller's vertex ids (parallel edges
    /// are one edge), where the vertices `intermediate` says are to be
    /// eliminated. Only vertices on an edge, or intermediate, are kept.
    pub fn new(edges: &[(u32, u32)], intermediate: &[bool]) -> Structure {
        let mut compact = vec![u32::MAX; intermediate.len()];
        let mut ids = Vec::new();
        let mut number = |v: u32, ids: &mut Vec<u32>| {
            let slot = &mut compact[v as usize];
            if *slot == u32::MAX {
                *slot = ids.len() as u32;
                ids.push(v);
            }
            *slot
        };
        let mut pairs = Vec::with_capacity(edges.len());
        for v in (0..intermediate.len() as u32).filter(|&v| intermediate[v as usize]) {
            number(v, &mut ids);
        }
        for &(from, to) in edges {
            pairs.push((number(from, &mut ids), number(to, &mut ids)));
        }
        let len = ids.len();
        let mut structure = Structure {
            preds: vec![Vec::new(); len],
            succs: vec![Vec::new(); len],
            pending: ids.iter().map(|&v| intermediate[v as usize]).collect(),
            left: 0,
            ids,
            fills: 0,
            work: 0,
        };
        structure.left = structure.pending.iter().filter(|&&p| p).count();
        pairs.sort_unstable();
        pairs.dedup();
        for (from, to) in pairs {
            structure.succs[from as usize].push(to);
            structure.preds[to as usize].push(from);
        }
        structure
            .preds
            .iter_mut()
            .for_each(|list| list.sort_unstable());
        structure
    }

    /// How many vertices there are, eliminated or not.
    pub fn vertices(&self) -> usize {
        self.ids.len()
    }

    /// How many vertices are still to be eliminated.
    pub fn left(&self) -> usize {
        self.left
    }

    /// Whether `v` is still to be eliminated.
    pub fn pending(&self, v: u32) -> bool {
        self.pending[v as usize]
    }

    /// The vertices still to be eliminated, in increasing order.
    pub fn pending_vertices(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.vertices() as u32).filter(|&v| self.pending[v as usize])
    }

    /// The caller's id of compact vertex `v`.
    pub fn id(&self, v: u32) -> u32 {
        self.ids[v as usize]
    }

    /// The compact vertex of each of the caller's ids in `order`, or `None`
    /// when one is not a vertex.
    pub fn compact(&self, order: &[u32]) -> Option<Vec<u32>> {
        let mut index = rustc_hash::FxHashMap::default();
        for (v, &id) in self.ids.iter().enumerate() {
            index.insert(id, v as u32);
        }
        order.iter().map(|id| index.get(id).copied()).collect()
    }

    /// The predecessors of `v`, now.
    pub fn preds(&self, v: u32) -> &[u32] {
        &self.preds[v as usize]
    }

    /// The successors of `v`, now.
    pub fn succs(&self, v: u32) -> &[u32] {
        &self.succs[v as usize]
    }

    /// What eliminating `v` now costs: in-degree × out-degree.
    pub fn cost(&self, v: u32) -> u64 {
        (self.preds[v as usize].len() * self.succs[v as usize].len()) as u64
    }

    /// Eliminates the pending vertex `v`; its cost. Its former neighbours
    /// are left in `neighbours` (cleared first).
    pub fn eliminate(&mut self, v: u32, neighbours: &mut Vec<u32>) -> u64 {
        debug_assert!(self.pending(v), "vertex {v} eliminated twice");
        let cost = self.cost(v);
        self.pending[v as usize] = false;
        self.left -= 1;
        let ins = std::mem::take(&mut self.preds[v as usize]);
        let outs = std::mem::take(&mut self.succs[v as usize]);
        for &p in &ins {
            self.work += merge_without(&mut self.succs[p as usize], v, &outs);
        }
        for &s in &outs {
            self.work += merge_without(&mut self.preds[s as usize], v, &ins);
        }
        self.fills += cost;
        self.work += cost;
        neighbours.clear();
        neighbours.extend_from_slice(&ins);
        neighbours.extend_from_slice(&outs);
        cost
    }

    /// The cost of eliminating the caller's ids in `order` from this shape,
    /// or `None` when `order` is not an elimination: each pending vertex
    /// exactly once, nothing else.
    pub fn cost_of(&self, order: &[u32]) -> Option<u64> {
        let mut copy = self.clone();
        let mut scratch = Vec::new();
        for v in self.compact(order)? {
            if !copy.pending(v) {
                return None;
            }
            copy.eliminate(v, &mut scratch);
        }
        (copy.left == 0).then_some(copy.fills - self.fills)
    }

    /// The caller's ids of compact vertices `order`.
    pub fn ids_of(&self, order: &[u32]) -> Vec<u32> {
        order.iter().map(|&v| self.id(v)).collect()
    }
}

/// Replaces `list` (sorted) by `list \ {gone} ∪ added` (`added` sorted);
/// the entries visited.
fn merge_without(list: &mut Vec<u32>, gone: u32, added: &[u32]) -> u64 {
    let old = std::mem::take(list);
    let mut merged = Vec::with_capacity(old.len() + added.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < added.len() {
        let next = match (old.get(i), added.get(j)) {
            (Some(&a), Some(&b)) if a == b => {
                i += 1;
                j += 1;
                a
            }
            (Some(&a), Some(&b)) if a < b => {
                i += 1;
                a
            }
            (Some(_), Some(&b)) | (None, Some(&b)) => {
                j += 1;
                b
            }
            (Some(&a), None) => {
                i += 1;
                a
            }
            (None, None) => break,
        };
        if next != gone {
            merged.push(next);
        }
    }
    let visited = (old.len() + added.len()) as u64;
    *list = merged;
    visited
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The post's example: a=0 b=1 c=2 d=3 e=4; c = a+b, d = b+1, e = c*d.
    fn post() -> Structure {
        let edges = [(0, 2), (1, 2), (1, 3), (2, 4), (3, 4)];
        Structure::new(&edges, &[false, false, true, true, false])
    }

    #[test]
    fn eliminating_joins_predecessors_to_successors() {
        let mut shape = post();
        // Compact numbers: the intermediates c=0 and d=1 first, then a=2,
        // b=3, e=4 as the edges name them.
        assert_eq!(
            (0..5).map(|v| shape.id(v)).collect::<Vec<_>>(),
            [2, 3, 0, 1, 4]
        );
        let mut scratch = Vec::new();
        assert_eq!(shape.eliminate(1, &mut scratch), 1);
        // b → e is new; b → c stays.
        assert_eq!(shape.succs(3), [0, 4]);
        assert_eq!(shape.preds(4), [0, 3]);
        assert_eq!(shape.eliminate(0, &mut scratch), 2);
        // a → e is new, b → e merges.
        assert_eq!(shape.preds(4), [2, 3]);
        assert_eq!((shape.fills, shape.left()), (3, 0));
    }

    #[test]
    fn an_order_is_costed_only_when_it_is_an_elimination() {
        let shape = post();
        assert_eq!(shape.cost_of(&[3, 2]), Some(3));
        assert_eq!(shape.cost_of(&[2, 3]), Some(3));
        assert_eq!(shape.cost_of(&[2]), None);
        assert_eq!(shape.cost_of(&[2, 2]), None);
        assert_eq!(shape.cost_of(&[2, 3, 4]), None);
        assert_eq!(shape.cost_of(&[2, 9]), None);
    }
}
