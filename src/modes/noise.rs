//! Rounding noise: how far a computed value may be from the exact value of
//! the same formula at the same point, to first order.
//!
//! Each operation rounds its result by at most half an ulp, a relative
//! error of `ε/2`, and an error `δ` at node `k` reaches the output times
//! `∂out/∂k`. Summing magnitudes bounds the output's error by
//! `η = ε · Σ_k |∂out/∂k| · |v_k|` over the operation nodes (inputs are
//! exact), where `|∂out/∂k|` is the sum over paths of the products of the
//! local derivatives' magnitudes: a reverse sweep over `|partial|`. For
//! `(x + 1e15) − 1e15` at `x = 1` it is about `0.2` — the output is
//! quantised in steps of `1/8` — where `ε·|out|` would say `2e-16`.
//!
//! A reverse-mode gradient entry sums products along the same paths; its
//! noise is taken as a few ulps of that sum of magnitudes.

use crate::graph::{Graph, NodeId, Op};

/// Ulps of the sum of magnitudes taken as a gradient entry's noise.
const GRADIENT_ULPS: f64 = 4.0;

/// `|∂out/∂k|` for every node `k`: the reverse sweep over the magnitudes
/// of the local derivatives (non-finite terms are left out).
fn magnitudes(graph: &Graph, values: &[f64], out: NodeId) -> Vec<f64> {
    let mut magnitude = vec![0.0; graph.len()];
    magnitude[out.index()] = 1.0;
    for id in (0..=out.index()).rev() {
        let carried = magnitude[id];
        if carried == 0.0 {
            continue;
        }
        let (partials, live) = graph.partials(id, values);
        for (slot, operand) in graph.node(NodeId(id as u32)).edges() {
            let term = carried * partials[slot].abs();
            if live[slot] && term.is_finite() {
                magnitude[operand.index()] += term;
            }
        }
    }
    magnitude
}

/// The rounding noise of output `out` at `values` (every node's value).
pub fn of_value(graph: &Graph, values: &[f64], out: NodeId) -> f64 {
    let magnitude = magnitudes(graph, values, out);
    let sum: f64 = (0..=out.index())
        .filter(|&id| graph.node(NodeId(id as u32)).op != Op::Input)
        .map(|id| magnitude[id] * values[id].abs())
        .filter(|term| term.is_finite())
        .sum();
    f64::EPSILON * sum
}

/// The rounding noise of the reverse-mode gradient of `out` by `wrt`.
pub fn of_gradient(graph: &Graph, values: &[f64], out: NodeId, wrt: &[NodeId]) -> Vec<f64> {
    let magnitude = magnitudes(graph, values, out);
    wrt.iter()
        .map(|x| GRADIENT_ULPS * f64::EPSILON * magnitude[x.index()])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, evaluate, Value};

    fn noise(source: &str, point: &[f64]) -> f64 {
        let program = graph::build(source).unwrap();
        let Value::Node(out) = program.last.value else {
            panic!("{source}: a constant");
        };
        of_value(&program.graph, &evaluate(&program.graph, point), out)
    }

    #[test]
    fn cancellation_inside_the_graph_is_noise_at_the_output() {
        let eta = noise("y = (x + 1e15) - 1e15", &[1.0]);
        assert!((0.1..1.0).contains(&eta), "{eta}");
        let eta = noise("y = sin(1000*x)", &[0.5]);
        assert!((5e-14..1e-12).contains(&eta), "{eta}");
        let eta = noise("y = x*x", &[3.0]);
        assert_eq!(eta, f64::EPSILON * 9.0);
    }
}
