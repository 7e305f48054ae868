//! Step 3: the order of the vertices on each layer, chosen to cross few
//! edges.
//!
//! Sweeps go up and down the layers, sorting each layer by the mean
//! position of its neighbours on the layer just done (the barycenter
//! heuristic; a vertex without such neighbours keeps its place), then
//! swapping neighbours on the layer while that uncrosses edges
//! ("transpose", as Graphviz does). The best order seen is kept, counted
//! with a Fenwick tree in O(edges × log width) per sweep; sweeping stops
//! when a few sweeps in a row found nothing better, or at no crossings.

use super::chain::Chains;

/// The most sweeps (up or down) tried.
const MAX_SWEEPS: usize = 24;
/// Sweeps without improvement before giving up.
const PATIENCE: usize = 4;
/// Passes of neighbour swaps per layer and sweep, at most.
const TRANSPOSE_PASSES: usize = 4;

/// The vertices of each layer (bottom first), left to right.
pub fn order(chains: &Chains) -> Vec<Vec<usize>> {
    let mut layers = vec![Vec::new(); chains.layers];
    for (v, vertex) in chains.vertices.iter().enumerate() {
        layers[vertex.layer].push(v);
    }
    let mut pos = vec![0; chains.vertices.len()];
    for layer in &layers {
        for (slot, &v) in layer.iter().enumerate() {
            pos[v] = slot;
        }
    }
    let mut best = layers.clone();
    let mut fewest = crossings(&layers, &pos, &chains.above);
    let mut stale = 0;
    for sweep in 0..MAX_SWEEPS {
        if fewest == 0 || stale == PATIENCE {
            break;
        }
        // Up, each layer after the one below it; then down.
        let (indices, reference): (Vec<usize>, _) = match sweep % 2 == 0 {
            true => ((1..layers.len()).collect(), &chains.below),
            false => ((0..layers.len() - 1).rev().collect(), &chains.above),
        };
        for l in indices {
            reorder(&mut layers[l], reference, &mut pos);
            transpose(&mut layers[l], chains, &mut pos);
        }
        let count = crossings(&layers, &pos, &chains.above);
        if count < fewest {
            best.clone_from(&layers);
            fewest = count;
            stale = 0;
        } else {
            stale += 1;
        }
    }
    best
}

/// Sorts `layer` by the mean position of each vertex's `reference`
/// neighbours; vertices without any keep their slots.
fn reorder(layer: &mut [usize], reference: &[Vec<usize>], pos: &mut [usize]) {
    let mut movable: Vec<(f64, usize)> = Vec::with_capacity(layer.len());
    let mut slots = Vec::with_capacity(layer.len());
    for (slot, &v) in layer.iter().enumerate() {
        let near = &reference[v];
        if !near.is_empty() {
            let sum: usize = near.iter().map(|&u| pos[u]).sum();
            movable.push((sum as f64 / near.len() as f64, v));
            slots.push(slot);
        }
    }
    // A stable sort: ties keep their order.
    movable.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (slot, (_, v)) in slots.into_iter().zip(movable) {
        layer[slot] = v;
        pos[v] = slot;
    }
}

/// Swaps neighbours on `layer` while that crosses fewer edges.
fn transpose(layer: &mut [usize], chains: &Chains, pos: &mut [usize]) {
    for _ in 0..TRANSPOSE_PASSES {
        let mut improved = false;
        for slot in 1..layer.len() {
            let (u, v) = (layer[slot - 1], layer[slot]);
            let as_is = pair_crossings(u, v, chains, pos);
            let swapped = pair_crossings(v, u, chains, pos);
            if swapped < as_is {
                layer.swap(slot - 1, slot);
                pos[u] = slot;
                pos[v] = slot - 1;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between the edges of `left` and of `right` were `left` just
/// left of `right`, on both sides.
fn pair_crossings(left: usize, right: usize, chains: &Chains, pos: &[usize]) -> usize {
    let mut count = 0;
    for side in [&chains.below, &chains.above] {
        for &a in &side[left] {
            count += side[right].iter().filter(|&&b| pos[b] < pos[a]).count();
        }
    }
    count
}

/// Every crossing between neighbouring layers.
fn crossings(layers: &[Vec<usize>], pos: &[usize], above: &[Vec<usize>]) -> usize {
    layers
        .windows(2)
        .map(|pair| {
            let mut ends = Vec::new();
            for &v in &pair[0] {
                let start = ends.len();
                ends.extend(above[v].iter().map(|&u| pos[u]));
                ends[start..].sort_unstable();
            }
            inversions(&ends, pair[1].len())
        })
        .sum()
}

/// Pairs out of order in `values` (each below `bound`), by a Fenwick tree.
fn inversions(values: &[usize], bound: usize) -> usize {
    let mut tree = vec![0usize; bound + 1];
    let mut count = 0;
    for (seen, &value) in values.iter().enumerate() {
        // How many earlier values are at most `value`.
        let mut at_most = 0;
        let mut i = value + 1;
        while i > 0 {
            at_most += tree[i];
            i &= i - 1;
        }
        count += seen - at_most;
        let mut i = value + 1;
        while i <= bound {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_count_pairs_out_of_order() {
        assert_eq!(inversions(&[], 0), 0);
        assert_eq!(inversions(&[0, 1, 1, 2], 3), 0);
        assert_eq!(inversions(&[2, 1, 0], 3), 3);
        assert_eq!(inversions(&[1, 0, 1, 0], 2), 3);
    }
}
