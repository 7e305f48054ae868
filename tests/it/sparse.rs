//! Sparse Jacobians and Hessians on random sparse programs: the pattern
//! holds every entry the dense computation finds non-zero, and the
//! compressed sweeps give the dense numbers entry for entry.

use dgraph::graph::{self, Value};
use dgraph::modes::sparse::jacobian::{self, Choice, Direction, Question};
use dgraph::modes::sparse::{colour, hessian, pattern, Matrix};
use dgraph::modes::{self, Mode, Request};
use proptest::prelude::*;

use crate::properties::{tree, Tree};

/// How many inputs the programs have: `x[1]` to `x[INPUTS]`.
const INPUTS: usize = 12;

/// Statements `t[k] = tree(x[a], x[b], x[c])`, some adding an earlier
/// statement, so each depends on a few of many inputs; `used` makes every
/// input an input of the graph.
fn sparse_program() -> impl Strategy<Value = (String, Vec<f64>)> {
    let statement = (tree(false), [1..=INPUTS, 1..=INPUTS, 1..=INPUTS], 0..4usize);
    let points = proptest::collection::vec(-2.0..2.0f64, INPUTS);
    (proptest::collection::vec(statement, 1..6), points).prop_map(|(statements, point)| {
        let mut lines = vec![format!("used = sum(i = 1..{INPUTS}, 0.5*x[i])")];
        for (k, (tree, vars, earlier)) in statements.iter().enumerate() {
            let names = vars.map(|v| format!("x[{v}]"));
            let text = (tree as &Tree).text_with(&[&names[0], &names[1], &names[2]]);
            let added = match (k, earlier) {
                (0, _) | (_, 0) => String::new(),
                (_, back) => format!(" * t[{}]", (k + 1).saturating_sub(*back).max(1)),
            };
            lines.push(format!("t[{}] = {text}{added}", k + 1));
        }
        lines.push(format!("out = sum(i = 1..{}, t[i])", statements.len()));
        (lines.join("\n"), point)
    })
}

/// `got` agrees with the dense `want`, relative to `scale`. Where `want`
/// is not finite, anything goes: the dense sweeps multiply a comparison's
/// identically-zero derivative by an infinity (NaN) where the compressed
/// ones skip that edge.
fn agree(got: f64, want: f64, scale: f64) -> bool {
    !want.is_finite() || got == want || (got - want).abs() <= 1e-11 * scale
}

/// The dense matrix of a sparse one.
fn dense(matrix: &Matrix) -> Vec<Vec<f64>> {
    let mut rows = vec![vec![0.0; matrix.pattern.cols()]; matrix.pattern.rows()];
    for (r, c, v) in matrix.entries() {
        rows[r][c] = v;
    }
    rows
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Forward and reverse compressed Jacobians of every statement equal
    /// reverse mode's dense one; every entry outside the pattern is 0.
    #[test]
    fn compressed_jacobians_equal_dense_ones((source, point) in sparse_program()) {
        let program = graph::build(&source).unwrap();
        let graph = &program.graph;
        let outputs: Vec<Value> = program.family("t").iter().filter_map(|t| program.output(t)).map(|o| o.value).collect();
        let values = graph::evaluate(graph, &bound(&program, &point));
        let wrt = graph.inputs();
        let request = Request { graph, values: &values, outputs: &outputs, wrt, max_paths: 1, order: Default::default() };
        let reference = modes::run(Mode::Reverse, &request).unwrap().jacobian;
        let scale = reference.iter().flatten().filter(|v| v.is_finite()).fold(1.0f64, |m, v| m.max(v.abs()));
        let pattern = pattern::jacobian(graph, &outputs, wrt).unwrap();
        let question = Question { graph, values: &values, outputs: &outputs, wrt };
        let mut choice = Choice::of(&pattern);
        for direction in [Direction::Forward, Direction::Reverse] {
            choice.direction = direction;
            let (matrix, cost) = jacobian::compute(&question, &pattern, &choice);
            prop_assert!(cost.sweeps <= cost.dense_sweeps.max(1));
            let found = dense(&matrix);
            for (r, row) in reference.iter().enumerate() {
                for (c, &want) in row.iter().enumerate() {
                    let got = found[r][c];
                    let outside = !pattern.row(r).contains(&(c as u32));
                    prop_assert!(!outside || want == 0.0 || !want.is_finite(), "{source}: ({r}, {c}) = {want} outside the pattern");
                    prop_assert!(outside || agree(got, want, scale), "{source}: {} ({r}, {c}) = {got}, dense {want}", direction.name());
                }
            }
        }
    }

    /// The compressed Hessian of `out` equals the dense one; every entry
    /// outside the pattern is 0; the colouring can be read back.
    #[test]
    fn compressed_hessians_equal_dense_ones((source, point) in sparse_program()) {
        let program = graph::build(&source).unwrap();
        let graph = &program.graph;
        let Some(out) = program.last.value.node() else { return Ok(()) };
        let values = graph::evaluate(graph, &bound(&program, &point));
        let wrt = graph.inputs();
        let reference = modes::hessian::of(graph, &values, out, wrt).matrix;
        let scale = reference.iter().flatten().filter(|v| v.is_finite()).fold(1.0f64, |m, v| m.max(v.abs()));
        if !values.iter().all(|v| v.is_finite()) {
            return Ok(());
        }
        let pattern = pattern::hessian(graph, out, wrt).unwrap();
        let colouring = colour::star(&pattern);
        let (matrix, cost) = hessian::compute((graph, &values), (out, wrt), &pattern, &colouring);
        let sweeps = if pattern.nonzeros() == 0 { 0 } else { 1 + 2 * colouring.count() };
        prop_assert_eq!(cost.sweeps, sweeps);
        let found = dense(&matrix);
        for (r, row) in reference.iter().enumerate() {
            for (c, &want) in row.iter().enumerate() {
                let outside = !pattern.row(r).contains(&(c as u32));
                prop_assert!(!outside || want == 0.0 || !want.is_finite(), "{source}: ({r}, {c}) = {want} outside the pattern");
                prop_assert!(outside || agree(found[r][c], want, scale), "{source}: ({r}, {c}) = {}, dense {want}", found[r][c]);
            }
        }
    }
}

/// The point's values in the graph's input order (`x[i]` is `point[i-1]`).
fn bound(program: &graph::Program<'_>, point: &[f64]) -> Vec<f64> {
    let settings: Vec<graph::Setting> = point
        .iter()
        .enumerate()
        .map(|(i, &value)| graph::Setting {
            name: format!("x[{}]", i + 1),
            value,
        })
        .collect();
    graph::bind(program, &settings).unwrap()
}
