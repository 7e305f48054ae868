//! `check` against deliberately wrong derivatives: the library's `judge`
//! is handed dgraph's own Jacobian and Hessian with one entry mutated, and
//! every mutation must FAIL while the unmutated claims never do — on
//! textbook functions and on the fast, steep and edge-hugging ones whose
//! exact derivatives a fixed step used to fail.

use dgraph::graph::{self, Setting, Value};
use dgraph::modes::check::{self, Checks, Claims, Tolerance, Verdict};
use dgraph::modes::Request;

const DEFAULT: Tolerance = Tolerance {
    rtol: 1e-6,
    atol: 1e-9,
};

/// Every function here, at a point where its derivatives exist.
const PROGRAMS: &[(&str, &[(&str, f64)])] = &[
    ("y = x^2*sin(x)", &[("x", 1.0)]),
    ("y = exp(-x^2/2) / sqrt(2*pi)", &[("x", 0.3)]),
    (
        "y = atan(x/z) + log(x*z) - tanh(z)^3",
        &[("x", 0.4), ("z", 1.7)],
    ),
    ("r = (1-x)^2 + 100*(y-x^2)^2", &[("x", -1.2), ("y", 1.0)]),
    ("y = a + 2*b", &[("a", 0.5), ("b", -3.0)]),
    ("y = sin(1000*x)", &[("x", 0.5)]),
    ("y = exp(100*x)", &[("x", 3.0)]),
    ("y = sin(1/x)", &[("x", 0.001)]),
    ("y = exp(x/1e-4)", &[("x", 1e-4)]),
    ("y = sqrt(x)", &[("x", 1e-25)]),
    ("y = x^3 + 1e6", &[("x", 2.0)]),
];

/// Judges `mutate(claims)` for `source` at `point`, first order and Hessian.
fn judged(source: &str, point: &[(&str, f64)], mutate: impl FnOnce(&mut Claims)) -> Checks {
    let program = graph::build(source).unwrap();
    let settings: Vec<Setting> = (point.iter())
        .map(|&(name, value)| Setting {
            name: name.to_string(),
            value,
        })
        .collect();
    let inputs = graph::bind(&program, &settings).unwrap();
    let values = graph::evaluate(&program.graph, &inputs);
    let outputs = [program.last.value];
    assert!(matches!(outputs[0], Value::Node(_)), "{source}");
    let request = Request {
        graph: &program.graph,
        values: &values,
        outputs: &outputs,
        wrt: program.graph.inputs(),
        max_paths: 1000,
        order: Default::default(),
    };
    let mut claims = check::claims(&request, true);
    mutate(&mut claims);
    check::judge(&request, &inputs, DEFAULT, claims)
}

fn verdicts(checks: &Checks) -> Vec<Verdict> {
    checks.checks.iter().map(|c| c.verdict).collect()
}

#[test]
fn right_derivatives_never_fail() {
    for &(source, point) in PROGRAMS {
        let checks = judged(source, point, |_| {});
        assert!(
            checks.checks.iter().all(|c| c.verdict == Verdict::Pass),
            "{source}: {:?}",
            checks.checks
        );
    }
}

/// A way to get a derivative wrong: its name and what it does to `d`.
type Mutation = (&'static str, fn(f64) -> f64);

/// Ways to get a derivative `d` wrong.
const MUTATIONS: &[Mutation] = &[
    ("relative 1e-5", |d| d * (1.0 + 1e-5) + 1e-5),
    ("relative 1e-3", |d| d * (1.0 + 1e-3) + 1e-3),
    ("doubled", |d| 2.0 * d + 1.0),
    ("sign", |d| -d - 1.0),
    ("zero", |_| 0.0),
    ("nan", |_| f64::NAN),
];

#[test]
fn every_wrong_first_derivative_fails() {
    for &(source, point) in PROGRAMS {
        for input in 0..point.len() {
            for &(name, mutation) in MUTATIONS {
                let checks = judged(source, point, |claims| {
                    let (_, jacobian) = &mut claims.jacobians[1];
                    jacobian[0][input] = mutation(jacobian[0][input]);
                });
                let failed: Vec<_> = checks.failures().collect();
                assert_eq!(failed.len(), 1, "{source} ∂/∂#{input} {name}: {failed:?}");
                assert_eq!(failed[0].input, input);
                // A large error shows as a first-order remainder.
                let slope = failed[0].taylor.and_then(|t| t.slope);
                let first_order = slope.is_some_and(|s| (0.5..1.5).contains(&s));
                assert!(
                    first_order || !matches!(name, "doubled" | "sign"),
                    "{source} {name}: {slope:?}"
                );
            }
        }
    }
}

#[test]
fn every_wrong_hessian_entry_fails() {
    for &(source, point) in PROGRAMS {
        for (i, j) in [(0, 0), (point.len() - 1, 0)] {
            for &(name, mutation) in &MUTATIONS[1..] {
                let mut unchanged = false;
                let checks = judged(source, point, |claims| {
                    let hessian = claims.hessian.as_mut().unwrap();
                    let mutated = mutation(hessian[i][j]);
                    unchanged = DEFAULT.agrees(mutated, hessian[i][j]);
                    hessian[i][j] = mutated;
                });
                let failed: Vec<_> = checks.failures().collect();
                let expected = if unchanged { 0 } else { 1 };
                assert_eq!(
                    failed.len(),
                    expected,
                    "{source} H[{i}][{j}] {name}: {:?}",
                    verdicts(&checks)
                );
            }
        }
    }
}
