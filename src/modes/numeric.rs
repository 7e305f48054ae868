//! Finite differences: the derivative that owes nothing to the calculus
//! table, for `dgraph check`.
//!
//! Along one input, with step `h` chosen for that input, the central
//! difference `D(h) = (f(x+h) − f(x−h)) / 2h` has error O(h²); Richardson
//! extrapolation `(4·D(h/2) − D(h)) / 3` cancels the h² term, leaving O(h⁴).
//! The step is `2⁻¹⁰·max(|x|, 1)`, near the best balance of that error
//! against rounding (about ε^(1/5)), adjusted so that `x ± h` is exact.
//! Where a step leaves the function's domain (a non-finite value beside a
//! finite one at `x`) it is shrunk eightfold until it stays inside, and then
//! 64-fold more, so that the edge of the domain is far compared with the
//! step.
//!
//! The stencil also watches the kinks: an operation with a kink (`abs`,
//! `relu`, `min`, `max`) whose side changes between the stencil's points, or
//! that sits exactly on its switch at `x`, makes the difference quotient
//! meaningless there; such nodes are reported with the estimate.

use std::cmp::Ordering;

use crate::graph::{evaluate, Graph, NodeId};

/// The step before any shrinking, relative to `max(|x|, 1)`.
const STEP: f64 = 1.0 / 1024.0;

/// How many times a step may be shrunk eightfold to stay in the domain
/// (down to about 1e-22 of the first step).
const SHRINKS: usize = 24;

/// How much further a step that had to shrink is shrunk.
const MARGIN: f64 = 64.0;

/// Finite-difference estimates along one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// d(quantity)/d(input), one per quantity read.
    pub derivatives: Vec<f64>,
    /// The quantities at the point itself.
    pub at_point: Vec<f64>,
    /// The step used.
    pub step: f64,
    /// Kinks that lie within the stencil (or exactly at the point) and
    /// depend on the input.
    pub kinks: Vec<NodeId>,
}

/// Differentiates the quantities `read` takes from every node's values, along
/// graph input number `position` (an index into [`Graph::inputs`]), at
/// `point` (every input's value, in that order).
pub fn differentiate(
    graph: &Graph,
    point: &[f64],
    position: usize,
    read: impl Fn(&[f64]) -> Vec<f64>,
) -> Estimate {
    let centre = evaluate(graph, point);
    let at_centre = read(&centre);
    let x = point[position];
    let mut step = STEP * x.abs().max(1.0);
    let mut stencil = Stencil::around(graph, point, position, step);
    let leaves_domain = |stencil: &Stencil| {
        stencil.values.iter().any(|values| {
            read(values)
                .iter()
                .zip(&at_centre)
                .any(|(moved, here)| !moved.is_finite() && here.is_finite())
        })
    };
    if leaves_domain(&stencil) {
        for _ in 0..SHRINKS {
            step /= 8.0;
            stencil = Stencil::around(graph, point, position, step);
            if !leaves_domain(&stencil) {
                stencil = Stencil::around(graph, point, position, step / MARGIN);
                break;
            }
        }
    }
    let derivatives = stencil.extrapolate(&read);
    let kinks = kinks(graph, graph.inputs()[position], &centre, &stencil.values);
    Estimate {
        derivatives,
        at_point: at_centre,
        step: stencil.steps[0],
        kinks,
    }
}

/// Every node's values at `x ± h` and `x ± h/2`.
struct Stencil {
    /// The exact steps `h` and `h/2` as the arithmetic took them.
    steps: [f64; 2],
    /// Values at `x + h`, `x − h`, `x + h/2`, `x − h/2`.
    values: [Vec<f64>; 4],
}

impl Stencil {
    fn around(graph: &Graph, point: &[f64], position: usize, step: f64) -> Stencil {
        let x = point[position];
        let moved = |shift: f64| {
            let mut shifted = point.to_vec();
            shifted[position] = x + shift;
            evaluate(graph, &shifted)
        };
        // `(x + h) − x` is the step the arithmetic really took.
        let exact = |h: f64| ((x + h) - (x - h)) / 2.0;
        Stencil {
            steps: [exact(step), exact(step / 2.0)],
            values: [
                moved(step),
                moved(-step),
                moved(step / 2.0),
                moved(-step / 2.0),
            ],
        }
    }

    /// `(4·D(h/2) − D(h)) / 3` for every quantity.
    fn extrapolate(&self, read: &impl Fn(&[f64]) -> Vec<f64>) -> Vec<f64> {
        let [up, down, half_up, half_down] = self.values.each_ref().map(|values| read(values));
        let [h, half] = self.steps;
        (0..up.len())
            .map(|k| {
                let wide = (up[k] - down[k]) / (2.0 * h);
                let narrow = (half_up[k] - half_down[k]) / (2.0 * half);
                (4.0 * narrow - wide) / 3.0
            })
            .collect()
    }
}

/// The kink nodes downstream of `input` that sit on their switch at the
/// centre or change sides across the stencil.
fn kinks(graph: &Graph, input: NodeId, centre: &[f64], stencil: &[Vec<f64>; 4]) -> Vec<NodeId> {
    let side = |values: &[f64], id: usize| {
        let node = graph.node(NodeId(id as u32));
        node.op.kink_side(node.operand_values(values))
    };
    let downstream = graph.descendants([input]);
    let mut found = Vec::new();
    for id in (input.index() + 1..graph.len()).filter(|&id| downstream[id]) {
        let Some(here) = side(centre, id) else {
            continue;
        };
        let crossed = stencil.iter().any(|values| side(values, id) != Some(here));
        if here == Ordering::Equal || crossed {
            found.push(NodeId(id as u32));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, Value};

    /// The derivative of the last statement of `source` by its input
    /// number `position`, at `point`.
    fn estimate(source: &str, point: &[f64], position: usize) -> Estimate {
        let program = graph::build(source).unwrap();
        let Value::Node(out) = program.last.value else {
            panic!("{source}: a constant");
        };
        differentiate(&program.graph, point, position, |values| {
            vec![values[out.index()]]
        })
    }

    #[test]
    fn richardson_is_accurate_to_about_ten_digits() {
        let e = estimate("y = exp(x) * sin(x)", &[0.7], 0);
        let exact = 0.7f64.exp() * (0.7f64.sin() + 0.7f64.cos());
        assert!((e.derivatives[0] - exact).abs() < 1e-10 * exact, "{e:?}");
        assert!(e.kinks.is_empty());
    }

    #[test]
    fn the_step_scales_with_the_input_and_shrinks_at_the_domains_edge() {
        assert_eq!(estimate("y = x*x", &[1000.0], 0).step, 1000.0 / 1024.0);
        let e = estimate("y = sqrt(x)", &[1e-12], 0);
        assert!(e.step < 1e-13, "{e:?}");
        assert!((e.derivatives[0] - 5e5).abs() < 1e-6 * 5e5, "{e:?}");
    }

    #[test]
    fn kinks_in_the_stencil_are_found_and_others_are_not() {
        let at_zero = estimate("u = abs(x); v = max(x, y); w = u + v", &[0.0, 1.0], 0);
        assert_eq!(at_zero.kinks, vec![NodeId(1)]);
        let on_the_tie = estimate("u = abs(x); v = max(x, y); w = u + v", &[1.0, 1.0], 0);
        assert_eq!(on_the_tie.kinks, vec![NodeId(3)]);
        let near = estimate("y = relu(x)", &[1e-5], 0);
        assert_eq!(near.kinks, vec![NodeId(1)]);
        let far = estimate("y = relu(x) + abs(x - 3)", &[0.5], 0);
        assert!(far.kinks.is_empty(), "{far:?}");
    }
}
