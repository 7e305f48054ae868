//! Step 4: coordinates. Layers stack bottom to top with a gap between
//! them, each as tall as its tallest vertex.
//!
//! Across, every vertex is drawn towards the mean x of its neighbours (a
//! segment between two pieces of one edge pulls harder, so long edges run
//! straight), layer after layer, up and down, a fixed number of rounds.
//! Each layer then takes the positions nearest to what its vertices want
//! that keep their order and their room: a weighted isotonic regression,
//! solved exactly by pooling adjacent violators in O(width). Every round is
//! linear in the vertices.

use super::chain::Chains;

/// Rounds of settling the layers (half going up, half coming down).
const ROUNDS: usize = 40;
/// The pull between two pieces of one edge, against 1 for a segment that
/// touches a node.
const STRAIGHT: f64 = 8.0;
/// The pull of where a vertex is now when nothing else pulls it.
const INERTIA: f64 = 1e-3;

/// Every vertex's x, the leftmost room starting at 0.
pub fn xs(chains: &Chains, layers: &[Vec<usize>]) -> Vec<f64> {
    let mut x = vec![0.0; chains.vertices.len()];
    for layer in layers {
        let mut at = 0.0;
        for (slot, &v) in layer.iter().enumerate() {
            if slot > 0 {
                at += gap(chains, layer[slot - 1], v);
            }
            x[v] = at;
        }
    }
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            layers
                .iter()
                .for_each(|layer| settle(layer, chains, &mut x));
        } else {
            layers
                .iter()
                .rev()
                .for_each(|layer| settle(layer, chains, &mut x));
        }
    }
    let leftmost = chains
        .vertices
        .iter()
        .zip(&x)
        .map(|(vertex, x)| x - vertex.left)
        .fold(f64::INFINITY, f64::min);
    x.iter_mut().for_each(|x| *x -= leftmost);
    x
}

/// Each layer's top and height (y downwards, the top layer at 0), with
/// `gaps[l]` between layer l and the one above it.
pub fn bands(chains: &Chains, gaps: &[f64]) -> Vec<(f64, f64)> {
    let mut heights = vec![0.0f64; chains.layers];
    for vertex in &chains.vertices {
        heights[vertex.layer] = heights[vertex.layer].max(vertex.height);
    }
    let mut bands = vec![(0.0, 0.0); chains.layers];
    let mut y = 0.0;
    for layer in (0..chains.layers).rev() {
        if layer + 1 < chains.layers {
            y += gaps[layer];
        }
        bands[layer] = (y, heights[layer]);
        y += heights[layer];
    }
    bands
}

/// The least distance between the x of `left` and of `right`, neighbours
/// on a layer.
fn gap(chains: &Chains, left: usize, right: usize) -> f64 {
    chains.vertices[left].right + chains.vertices[right].left
}

/// Moves `layer` as near as its order allows to where its neighbours pull.
fn settle(layer: &[usize], chains: &Chains, x: &mut [f64]) {
    let mut wanted = Vec::with_capacity(layer.len());
    let mut weight = Vec::with_capacity(layer.len());
    for &v in layer {
        let (mut sum, mut total) = (INERTIA * x[v], INERTIA);
        for &u in chains.below[v].iter().chain(&chains.above[v]) {
            let pull = match chains.vertices[u].node || chains.vertices[v].node {
                true => 1.0,
                false => STRAIGHT,
            };
            sum += pull * x[u];
            total += pull;
        }
        wanted.push(sum / total);
        weight.push(total);
    }
    let gaps: Vec<f64> = layer.windows(2).map(|p| gap(chains, p[0], p[1])).collect();
    for (&v, placed) in layer.iter().zip(nearest_in_order(&wanted, &weight, &gaps)) {
        x[v] = placed;
    }
}

/// The positions minimising Σ weight·(x − wanted)² with
/// x[i+1] − x[i] ≥ gaps[i]: shifted by the running sum of the gaps, the
/// problem is an isotonic regression, solved by pooling adjacent violators.
fn nearest_in_order(wanted: &[f64], weight: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(wanted.len());
    let mut offset = 0.0;
    for i in 0..wanted.len() {
        if i > 0 {
            offset += gaps[i - 1];
        }
        offsets.push(offset);
    }
    // Pools of (total weight, weighted sum, count), their means increasing.
    let mut pools: Vec<(f64, f64, usize)> = Vec::with_capacity(wanted.len());
    for i in 0..wanted.len() {
        let mut pool = (weight[i], weight[i] * (wanted[i] - offsets[i]), 1);
        while let Some(&last) = pools.last() {
            if last.1 / last.0 <= pool.1 / pool.0 {
                break;
            }
            pools.pop();
            pool = (pool.0 + last.0, pool.1 + last.1, pool.2 + last.2);
        }
        pools.push(pool);
    }
    let mut placed = Vec::with_capacity(wanted.len());
    for (total, sum, count) in pools {
        placed.extend(std::iter::repeat_n(sum / total, count));
    }
    placed.iter_mut().zip(&offsets).for_each(|(x, o)| *x += o);
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_positions_are_kept_and_crowded_ones_share_the_difference() {
        assert_eq!(
            nearest_in_order(&[0.0, 50.0], &[1.0, 1.0], &[10.0]),
            [0.0, 50.0]
        );
        assert_eq!(
            nearest_in_order(&[0.0, 0.0], &[1.0, 1.0], &[10.0]),
            [-5.0, 5.0]
        );
        assert_eq!(
            nearest_in_order(&[0.0, 0.0, 100.0], &[3.0, 1.0, 1.0], &[8.0, 1.0]),
            [-2.0, 6.0, 100.0]
        );
        assert!(nearest_in_order(&[], &[], &[]).is_empty());
    }
}
