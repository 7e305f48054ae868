//! Vertex elimination's unit tests: counts, Jacobians and orders.

use super::*;
use crate::graph::{self, evaluate};
use crate::modes::ordering::Strategy;
use crate::modes::{forward, reverse};

/// Runs `check` on the request for `source` at `point`, differentiating
/// the outputs `of` (the last statement when empty) by every input.
fn with_request(source: &str, point: &[f64], of: &[&str], check: impl FnOnce(&Request<'_>)) {
    let program = graph::build(source).unwrap();
    let outputs = crate::modes::outputs_named(&program, of);
    let values = evaluate(&program.graph, point);
    check(&Request {
        graph: &program.graph,
        values: &values,
        outputs: &outputs,
        wrt: program.graph.inputs(),
        max_paths: 1_000_000,
        order: Strategy::default(),
    });
}

#[test]
fn the_posts_example_takes_three_multiply_adds() {
    with_request("c = a+b; d = b+1; e = c*d", &[2.0, 1.0], &[], |request| {
        let result = run(request).unwrap();
        assert_eq!(result.jacobian, vec![vec![2.0, 5.0]]);
        // d (1 in × 1 out) goes first, then c (2 × 1).
        assert_eq!(
            result.per_node,
            PerNode::Eliminated(vec![0, 0, 2, 1, 0], Strategy::Search)
        );
        assert_eq!((result.sweeps, result.edges_touched), (2, 3));
        // The sweeps' counts less their products with the seed 1: forward
        // 6 - 3 edges out of a and b, reverse 5 - 2 edges into e.
        let orders = compare(request).unwrap();
        assert_eq!((orders.forward, orders.reverse), (Some(3), Some(3)));
    });
}

#[test]
fn wide_narrow_wide_is_cheapest_in_markowitz_order() {
    let source = "s = sin(x1) + sin(x2) + sin(x3) + sin(x4); t = exp(s)*s; \
                  y1 = sin(t); y2 = cos(t); y3 = t^3; y4 = sqrt(t)";
    let of = ["y1", "y2", "y3", "y4"];
    with_request(source, &[0.1, 0.2, 0.3, 0.4], &of, |request| {
        let result = run(request).unwrap();
        assert_eq!(result.edges_touched, 27);
        let orders = compare(request).unwrap();
        assert_eq!((orders.forward, orders.reverse), (Some(37), Some(52)));
        assert_eq!(orders.markowitz.map(|t| t.cost), Some(27));
        assert_eq!(forward::run(request).edges_touched, 41);
        assert_eq!(reverse::run(request).edges_touched, 56);
        let expected = reverse::run(request).jacobian;
        for (row, expected) in result.jacobian.iter().zip(&expected) {
            for (d, e) in row.iter().zip(expected) {
                assert!((d - e).abs() <= 1e-12 * e.abs().max(1.0), "{d} vs {e}");
            }
        }
    });
}

#[test]
fn an_output_used_by_another_keeps_its_own_row() {
    with_request(
        "c = a+b; d = b+1; e = c*d",
        &[2.0, 1.0],
        &["c", "e"],
        |request| {
            let result = run(request).unwrap();
            assert_eq!(result.jacobian, vec![vec![1.0, 1.0], vec![2.0, 5.0]]);
            // d: 1 × 1; then c, with its copy as a second successor: 2 × 2.
            assert_eq!(result.edges_touched, 5);
        },
    );
}

#[test]
fn an_input_as_output_has_a_unit_row() {
    with_request("y = a*b", &[3.0, 4.0], &["a", "y"], |request| {
        let result = run(request).unwrap();
        assert_eq!(result.jacobian, vec![vec![1.0, 0.0], vec![4.0, 3.0]]);
        assert_eq!(result.edges_touched, 0);
    });
}

#[test]
fn parallel_edges_are_one_edge_with_the_sum() {
    with_request("y = sin(x*x)", &[1.5], &[], |request| {
        let result = run(request).unwrap();
        let expected = 2.0 * 1.5 * (1.5f64 * 1.5).cos();
        assert!((result.jacobian[0][0] - expected).abs() < 1e-15);
        // x*x: one vertex, 1 in (the merged pair) × 1 out.
        assert_eq!(result.edges_touched, 1);
    });
}

#[test]
fn nodes_off_every_path_are_left_alone() {
    with_request(
        "u = a*b; v = sin(u); w = cos(a); y = v + 1",
        &[1.0, 2.0],
        &["y"],
        |request| {
            let result = run(request).unwrap();
            // w does not reach y: only v (1 in × 1 out) and then u (2 × 1)
            // are eliminated.
            assert_eq!(
                result.per_node,
                PerNode::Eliminated(vec![0, 0, 2, 1, 0, 0], Strategy::Search)
            );
            assert_eq!(result.edges_touched, 1 + 2);
        },
    );
}
