//! Step 1: every node gets a rank, its level in the picture, with each
//! operand strictly below the node that uses it.
//!
//! Ranks start at the longest path from a node without operands (rank 0 at
//! the bottom). Then, from the last node down, each node moves as close to
//! its users as edge lengths favour, as Graphviz's network simplex and its
//! balancing do: a node with more edges up than down rises to just below
//! its lowest user (an input feeding one late operation waits beside it);
//! a node with as many of each goes to the least crowded rank it may take,
//! the highest on a tie (a fan's leaves each sit under their own sum
//! instead of all in one row). Users are visited first, so their ranks are
//! final when a node looks at them. Two passes over the edges, plus a scan
//! of the free ranks per balanced node: O(nodes × ranks) at worst.

use super::Link;

/// Each node's rank (0 at the bottom), given `links` that all go from a
/// smaller node index to a larger one.
pub fn ranks(nodes: usize, links: &[Link]) -> Vec<usize> {
    let mut users = vec![Vec::new(); nodes];
    let mut operands = vec![0usize; nodes];
    let mut rank = vec![0usize; nodes];
    let mut by_target: Vec<&Link> = links.iter().collect();
    by_target.sort_by_key(|link| link.to);
    for link in by_target {
        debug_assert!(link.from < link.to, "operands come before their users");
        users[link.from].push(link.to);
        operands[link.to] += 1;
        rank[link.to] = rank[link.to].max(rank[link.from] + 1);
    }
    let mut crowd = vec![0usize; rank.iter().max().map_or(0, |top| top + 1)];
    for &r in &rank {
        crowd[r] += 1;
    }
    for node in (0..nodes).rev() {
        let Some(lowest_user) = users[node].iter().map(|&user| rank[user]).min() else {
            continue;
        };
        let (low, high) = (rank[node], lowest_user - 1);
        let target = match users[node].len().cmp(&operands[node]) {
            std::cmp::Ordering::Greater => high,
            std::cmp::Ordering::Equal => least_crowded(&crowd[low..=high]) + low,
            std::cmp::Ordering::Less => low,
        };
        crowd[rank[node]] -= 1;
        crowd[target] += 1;
        rank[node] = target;
    }
    rank
}

/// The index of the smallest count, the last one on a tie.
fn least_crowded(counts: &[usize]) -> usize {
    let mut best = 0;
    for (i, &count) in counts.iter().enumerate() {
        if count <= counts[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::layered::Size;

    fn links(pairs: &[(usize, usize)]) -> Vec<Link> {
        let label = Size {
            width: 0.0,
            height: 0.0,
        };
        pairs
            .iter()
            .map(|&(from, to)| Link { from, to, label })
            .collect()
    }

    #[test]
    fn the_post_graph_has_inputs_below_sums_below_the_product() {
        // a b c=a+b d=b+1 e=c*d
        let ranks = ranks(5, &links(&[(0, 2), (1, 2), (1, 3), (2, 4), (3, 4)]));
        assert_eq!(ranks, [0, 0, 1, 1, 2]);
    }

    #[test]
    fn an_input_used_late_waits_beside_its_user() {
        // w x w*x +0.1 tanh y h-y: y sits just below h - y
        let ranks = ranks(7, &links(&[(0, 2), (1, 2), (2, 3), (3, 4), (4, 6), (5, 6)]));
        assert_eq!(ranks, [0, 0, 1, 2, 3, 3, 4]);
    }

    #[test]
    fn a_fan_spreads_its_leaves_under_their_sums() {
        // x, leaves 1..=3, sums 4 = 1+2, 5 = 4+3: leaf 3 rises beside 4
        let ranks = ranks(
            6,
            &links(&[(0, 1), (0, 2), (0, 3), (1, 4), (2, 4), (4, 5), (3, 5)]),
        );
        assert_eq!(ranks, [0, 1, 1, 2, 2, 3]);
    }

    #[test]
    fn nodes_without_edges_stay_at_the_bottom() {
        assert_eq!(ranks(3, &[]), [0, 0, 0]);
    }
}
