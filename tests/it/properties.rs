//! Properties on random programs: the modes agree with each other, the
//! values agree with an independent tree-walking evaluator, smooth programs
//! agree with finite differences, and no text makes the parser panic.

use dgraph::graph::Value;
use dgraph::modes::batch::Batch;
use dgraph::modes::{Derivatives, Mode, PerNode, Request};
use proptest::prelude::*;

use crate::support::{close, evaluate, finite_difference};

/// An expression tree, evaluated independently of dgraph.
#[derive(Debug, Clone)]
pub(crate) enum Tree {
    Var(usize),
    Lit(f64),
    Neg(Box<Tree>),
    Bin(&'static str, Box<Tree>, Box<Tree>),
    Call(&'static str, Box<Tree>),
    Call2(&'static str, Box<Tree>, Box<Tree>),
    If(Box<Tree>, Box<Tree>, Box<Tree>),
}

const VARS: [&str; 3] = ["x", "y", "z"];

impl Tree {
    /// The tree as dgraph text, fully parenthesized.
    fn text(&self) -> String {
        self.text_with(&VARS)
    }

    /// The tree as text, its variables called `vars`.
    pub(crate) fn text_with(&self, vars: &[&str; 3]) -> String {
        let text = |tree: &Tree| tree.text_with(vars);
        match self {
            Tree::Var(i) => vars[*i].to_string(),
            Tree::Lit(v) if v.is_sign_negative() => format!("({v:?})"),
            Tree::Lit(v) => format!("{v:?}"),
            Tree::Neg(a) => format!("(-{})", text(a)),
            Tree::Bin(op, a, b) => format!("({} {op} {})", text(a), text(b)),
            Tree::Call(f, a) => format!("{f}({})", text(a)),
            Tree::Call2(f, a, b) => format!("{f}({}, {})", text(a), text(b)),
            Tree::If(c, a, b) => format!("if({}, {}, {})", text(c), text(a), text(b)),
        }
    }

    /// The value, by plain recursion over the tree.
    fn value(&self, point: &[f64; 3]) -> f64 {
        match self {
            Tree::Var(i) => point[*i],
            Tree::Lit(v) => *v,
            Tree::Neg(a) => -a.value(point),
            Tree::Bin(op, a, b) => {
                let (a, b) = (a.value(point), b.value(point));
                match *op {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    "/" => a / b,
                    // dgraph squares by multiplying (correctly rounded).
                    "^" if b == 2.0 => a * a,
                    "^" => a.powf(b),
                    "<" => f64::from(u8::from(a < b)),
                    "<=" => f64::from(u8::from(a <= b)),
                    ">" => f64::from(u8::from(a > b)),
                    ">=" => f64::from(u8::from(a >= b)),
                    "==" => f64::from(u8::from(a == b)),
                    "!=" => f64::from(u8::from(a != b)),
                    other => panic!("the test evaluator does not know `{other}`"),
                }
            }
            Tree::Call(f, a) => {
                let a = a.value(point);
                match *f {
                    "sin" => a.sin(),
                    "cos" => a.cos(),
                    "tanh" => a.tanh(),
                    "atan" => a.atan(),
                    "exp" => a.exp(),
                    "sigmoid" => 1.0 / (1.0 + (-a).exp()),
                    "abs" => a.abs(),
                    "relu" if a.is_nan() => a,
                    "relu" => a.max(0.0),
                    "sqrt" => a.sqrt(),
                    "log" => a.ln(),
                    other => panic!("the test evaluator does not know `{other}`"),
                }
            }
            Tree::Call2(f, a, b) => {
                let (a, b) = (a.value(point), b.value(point));
                let a_wins = match *f {
                    "min" => a < b || (a == b && a.is_sign_negative()),
                    "max" => a > b || (a == b && a.is_sign_positive()),
                    other => panic!("the test evaluator does not know `{other}`"),
                };
                match (a.is_nan() || b.is_nan(), a_wins) {
                    (true, _) => f64::NAN,
                    (false, true) => a,
                    (false, false) => b,
                }
            }
            Tree::If(c, a, b) => match c.value(point) {
                c if c.is_nan() => f64::NAN,
                0.0 => b.value(point),
                _ => a.value(point),
            },
        }
    }
}

pub(crate) fn tree(smooth: bool) -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        (0..3usize).prop_map(Tree::Var),
        (-4.0..4.0f64).prop_map(|v| Tree::Lit((v * 4.0).round() / 4.0)),
    ];
    leaf.prop_recursive(5, 40, 2, move |inner| {
        let ops: Vec<&'static str> = if smooth {
            vec!["+", "-", "*"]
        } else {
            vec!["+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!="]
        };
        let funcs: Vec<&'static str> = if smooth {
            vec!["sin", "cos", "tanh", "atan", "sigmoid"]
        } else {
            vec![
                "sin", "cos", "tanh", "atan", "exp", "sigmoid", "abs", "relu", "sqrt", "log",
            ]
        };
        let pairs: Vec<&'static str> = if smooth { vec![] } else { vec!["min", "max"] };
        let mut choices = vec![
            inner.clone().prop_map(|a| Tree::Neg(Box::new(a))).boxed(),
            (proptest::sample::select(ops), inner.clone(), inner.clone())
                .prop_map(|(op, a, b)| Tree::Bin(op, Box::new(a), Box::new(b)))
                .boxed(),
            (proptest::sample::select(funcs), inner.clone())
                .prop_map(|(f, a)| Tree::Call(f, Box::new(a)))
                .boxed(),
        ];
        if !smooth {
            choices.push(
                (
                    proptest::sample::select(pairs),
                    inner.clone(),
                    inner.clone(),
                )
                    .prop_map(|(f, a, b)| Tree::Call2(f, Box::new(a), Box::new(b)))
                    .boxed(),
            );
            choices.push(
                (inner.clone(), inner.clone(), inner)
                    .prop_map(|(c, a, b)| Tree::If(Box::new(c), Box::new(a), Box::new(b)))
                    .boxed(),
            );
        }
        proptest::strategy::Union::new(choices)
    })
}

/// A program of statements `t0 = ...; t1 = ...` whose trees may use the
/// inputs and every earlier statement: a DAG with heavy sharing.
pub(crate) fn program(smooth: bool) -> impl Strategy<Value = (String, [f64; 3])> {
    let point = [-2.0..2.0f64, -2.0..2.0f64, -2.0..2.0f64];
    (proptest::collection::vec(tree(smooth), 1..5), point).prop_map(|(trees, point)| {
        let statements: Vec<String> = trees
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let text = t.text();
                let text = if i > 0 {
                    format!("{text} + t{} * 0.5", i - 1)
                } else {
                    text
                };
                format!("t{i} = {text}")
            })
            .collect();
        let uses_all = "used = x + y + z";
        (format!("{uses_all}\n{}", statements.join("\n")), point)
    })
}

/// The largest intermediate derivative of the modes' sweeps (at least 1).
fn magnitude(all: &[&Derivatives]) -> f64 {
    let columns = all.iter().flat_map(|d| match &d.per_node {
        PerNode::Adjoints(columns) => columns.iter().map(Vec::as_slice).collect(),
        PerNode::Tangents(columns) => columns.iter().map(|t| t.derivatives()).collect(),
        PerNode::PathCounts(_) | PerNode::Eliminated(..) => Vec::new(),
    });
    columns.flatten().map(|d| d.abs()).fold(1.0, f64::max)
}

fn point_of(point: &[f64; 3]) -> Vec<(&'static str, f64)> {
    VARS.iter().copied().zip(point.iter().copied()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn values_match_an_independent_evaluator(tree in tree(false), point in [-3.0..3.0f64, -3.0..3.0f64, -3.0..3.0f64]) {
        let source = format!("used = x + y + z\n{}", tree.text());
        let expected = tree.value(&point);
        let got = evaluate(&source, &point_of(&point)).value;
        prop_assert!(got.to_bits() == expected.to_bits() || (got.is_nan() && expected.is_nan()),
            "{source}: dgraph {got}, tree walk {expected}");
    }

    /// Where every value and every intermediate derivative is finite, the
    /// modes agree to round-off relative to the largest intermediate
    /// derivative (they add the same products in different orders). Where
    /// something is infinite, `inf - inf` in one order and not in another
    /// may legitimately differ; `calculus` checks those cases by hand.
    #[test]
    fn forward_reverse_and_paths_agree((source, point) in program(false)) {
        let evaluated = evaluate(&source, &point_of(&point));
        let reverse = evaluated.derivatives(Mode::Reverse);
        let forward = evaluated.derivatives(Mode::Forward);
        let scale = magnitude(&[&reverse, &forward]);
        if !evaluated.values.iter().all(|v| v.is_finite()) || !scale.is_finite() {
            return Ok(()); // about a third of the random programs: see above
        }
        for other in [forward, evaluated.derivatives(Mode::Paths)] {
            for (a, b) in reverse.jacobian[0].iter().zip(&other.jacobian[0]) {
                let same = a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12 * scale;
                prop_assert!(same,
                    "{source} at {point:?}: reverse {a}, {} {b}", other.mode.name());
            }
        }
    }

    #[test]
    fn smooth_programs_match_finite_differences((source, point) in program(true)) {
        let named = point_of(&point);
        let evaluated = evaluate(&source, &named);
        let gradient = evaluated.gradient(Mode::Reverse);
        for (name, analytic) in evaluated.inputs.iter().zip(gradient) {
            let numeric = finite_difference(&source, &named, name);
            prop_assert!(close(analytic, numeric, 1e-5), "{source} at {point:?}: ∂/∂{name} = {analytic}, numerically {numeric}");
        }
    }

    #[test]
    fn parsing_any_text_returns(text in "\\PC{0,60}") {
        let _ = dgraph::graph::build(&text);
    }

    #[test]
    fn parsing_expression_like_text_returns(text in "[a-c0-9.eE()+\\-*/^,;=# \\n]{0,60}|(sin|pow|pi|min)[(x,)]{0,8}") {
        let _ = dgraph::graph::build(&text);
    }
}

/// Bit patterns, NaN counted equal to NaN.
fn same_bits(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// The block engine behind `--points` gives, at every point, exactly
    /// the numbers of one evaluation and one reverse sweep per output there
    /// — across several blocks, with two outputs (the first may not reach
    /// every input) and signed zeros.
    #[test]
    fn blocks_match_single_sweeps_bit_for_bit(
        (source, _) in program(false),
        seeds in proptest::collection::vec(-8i32..8, 3..30),
    ) {
        let program = dgraph::graph::build(&source).unwrap();
        let graph = &program.graph;
        let outputs = [program.output("t0").unwrap().value, program.last.value];
        let points = 300;
        let width = graph.inputs().len();
        let inputs: Vec<f64> = (0..points * width)
            .map(|k| {
                let v = f64::from(seeds[k % seeds.len()]) * 0.25 + (k % 7) as f64 * 0.125 - 0.375;
                if v == 0.0 && k % 2 == 1 { -0.0 } else { v }
            })
            .collect();
        let batch = Batch::new(graph, &outputs, graph.inputs(), Mode::Reverse, 0).unwrap();
        let results = batch.at_all(&inputs, points).expect("within the budgets");
        for p in 0..points {
            let point = &inputs[p * width..(p + 1) * width];
            let values = dgraph::graph::evaluate(graph, point);
            let request = Request { graph, values: &values, outputs: &outputs, wrt: graph.inputs(), max_paths: 0, order: Default::default() };
            let single = dgraph::modes::run(Mode::Reverse, &request).unwrap();
            let expected: Vec<f64> = single.jacobian.concat();
            prop_assert!(same_bits(results.jacobian(p), &expected), "{source} at {point:?}");
            let value = |output: &Value| match *output {
                Value::Node(id) => values[id.index()],
                Value::Const(c) => c,
            };
            let expected: Vec<f64> = outputs.iter().map(value).collect();
            prop_assert!(same_bits(results.values(p), &expected), "{source} at {point:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// `--mode auto` counts from the graph exactly the edges the sweeps
    /// then count as they work, and picks the one with fewer; where an
    /// `if` leaves a branch out at this point, the sweeps touch fewer than
    /// the graph offers, and auto's counts are upper bounds.
    #[test]
    fn auto_counts_what_the_sweeps_touch((source, point) in program(false)) {
        let program = dgraph::graph::build(&source).unwrap();
        let graph = &program.graph;
        let outputs = [program.output("t0").unwrap().value, program.last.value];
        let values = dgraph::graph::evaluate(graph, &point);
        let request = Request { graph, values: &values, outputs: &outputs, wrt: graph.inputs(), max_paths: 0, order: Default::default() };
        let choice = dgraph::modes::auto::choose(graph, &outputs, graph.inputs());
        let forward = dgraph::modes::run(Mode::Forward, &request).unwrap();
        let reverse = dgraph::modes::run(Mode::Reverse, &request).unwrap();
        // Three inputs and two outputs: one batch of sweeps each, so both
        // counts are complete.
        prop_assert!(choice.forward.complete && choice.reverse.complete, "{source}");
        prop_assert_eq!(choice.forward.sweeps, forward.sweeps);
        prop_assert_eq!(choice.reverse.sweeps, reverse.sweeps);
        if graph.has_branches() {
            prop_assert!(choice.forward.edges >= forward.edges_touched, "{}", source);
            prop_assert!(choice.reverse.edges >= reverse.edges_touched, "{}", source);
            return Ok(());
        }
        prop_assert_eq!(choice.forward.edges, forward.edges_touched, "{}", source);
        prop_assert_eq!(choice.reverse.edges, reverse.edges_touched, "{}", source);
        let best = forward.edges_touched.min(reverse.edges_touched);
        let chosen = if choice.mode == Mode::Forward { forward.edges_touched } else { reverse.edges_touched };
        prop_assert_eq!(chosen, best, "{}", source);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// With several outputs (one of them used by the others), every mode
    /// computes the same Jacobian: reverse row by row, forward column by
    /// column, paths pair by pair, eliminate all at once.
    #[test]
    fn every_mode_gives_the_same_jacobian_for_several_outputs((source, point) in program(false)) {
        let program = dgraph::graph::build(&source).unwrap();
        let graph = &program.graph;
        let outputs = [
            program.output("t0").unwrap().value,
            program.output("used").unwrap().value,
            program.last.value,
        ];
        let values = dgraph::graph::evaluate(graph, &point);
        let request = Request { graph, values: &values, outputs: &outputs, wrt: graph.inputs(), max_paths: 10_000_000, order: Default::default() };
        let all: Vec<Derivatives> = Mode::ALL.iter().map(|&mode| dgraph::modes::run(mode, &request).unwrap()).collect();
        let scale = magnitude(&all.iter().collect::<Vec<_>>());
        if !values.iter().all(|v| v.is_finite()) || !scale.is_finite() {
            return Ok(());
        }
        let reverse = &all[0];
        prop_assert_eq!(reverse.jacobian.len(), 3);
        for other in &all[1..] {
            for (a, b) in reverse.jacobian.iter().flatten().zip(other.jacobian.iter().flatten()) {
                let same = a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12 * scale;
                prop_assert!(same, "{source} at {point:?}: reverse {a}, {} {b}", other.mode.name());
            }
        }
    }
}

/// A program that defines `f` and `g` (which calls `f`) and calls both,
/// and the same program written out by hand: each call's arguments
/// assigned first (a call's arguments are built before its body, left to
/// right), then its body with the parameters replaced by them.
fn with_definitions(f: &Tree, g: &Tree) -> (String, String) {
    let defined = format!(
        "used = x + y + z\nf(x, y, z) = {}\ng(x, y, z) = {} + f(z, x, y)\nout = f(x*y, sin(z), x) - g(z, y, 2)",
        f.text(),
        g.text()
    );
    let by_hand = format!(
        "used = x + y + z\na1 = x*y; a2 = sin(z); a3 = x\nb1 = z; b2 = y\nout = {} - ({} + {})",
        f.text_with(&["a1", "a2", "a3"]),
        g.text_with(&["b1", "b2", "2"]),
        f.text_with(&["2", "b1", "b2"]),
    );
    (defined, by_hand)
}

/// The graph's nodes as operations over operand slots (names left out).
fn shape(graph: &dgraph::graph::Graph) -> Vec<String> {
    graph
        .nodes()
        .map(|node| format!("{:?} {:?}", node.op, node.operands))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Definitions are expanded where they are called: the graph, the
    /// values, every mode's derivatives and edge counts are those of the
    /// program written out by hand.
    #[test]
    fn definitions_expand_to_what_is_written_by_hand(
        f in tree(false),
        g in tree(false),
        point in [-2.0..2.0f64, -2.0..2.0f64, -2.0..2.0f64],
    ) {
        let (defined, by_hand) = with_definitions(&f, &g);
        let point = point_of(&point);
        let (defined_run, by_hand_run) = (evaluate(&defined, &point), evaluate(&by_hand, &point));
        let (a, b) = (dgraph::graph::build(&defined).unwrap(), dgraph::graph::build(&by_hand).unwrap());
        prop_assert_eq!(shape(&a.graph), shape(&b.graph), "{}", defined);
        prop_assert_eq!(&defined_run.inputs, &by_hand_run.inputs);
        prop_assert!(same_bits(&defined_run.values, &by_hand_run.values), "{}", defined);
        for mode in Mode::ALL {
            let (one, other) = (defined_run.derivatives(mode), by_hand_run.derivatives(mode));
            prop_assert!(same_bits(&one.jacobian[0], &other.jacobian[0]), "{}: {}", mode.name(), defined);
            prop_assert_eq!(one.edges_touched, other.edges_touched, "{}: {}", mode.name(), defined);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A sum is its terms written out and added left to right, and a `for`
    /// loop its statements written out: the same graph, values, every
    /// mode's derivatives and edge counts as the program written by hand.
    #[test]
    fn sums_and_loops_expand_to_what_is_written_by_hand(
        term in tree(false),
        count in 0..4usize,
        point in [-2.0..2.0f64, -2.0..2.0f64, -2.0..2.0f64],
    ) {
        let used = "used = y + x[1] + x[2] + x[3]";
        let terms: Vec<String> = (1..=count)
            .map(|i| {
                let (x, i) = (format!("x[{i}]"), i.to_string());
                format!("({})", term.text_with(&[&x, "y", &i]))
            })
            .collect();
        let sum = if terms.is_empty() { "0".to_string() } else { terms.join(" + ") };
        let looped: Vec<String> = (1..=count)
            .map(|i| {
                let (x, i_text) = (format!("x[{i}]"), i.to_string());
                format!("h[{i}] = {}", term.text_with(&[&x, "y", &i_text]))
            })
            .collect();
        let written = format!(
            "{used}\ns = sum(i = 1..{count}, {})\nfor i = 1..{count}: h[i] = {}\nout = s + sum(i = 1..{count}, h[i])",
            term.text_with(&["x[i]", "y", "i"]),
            term.text_with(&["x[i]", "y", "i"]),
        );
        let hs: Vec<String> = (1..=count).map(|i| format!("h[{i}]")).collect();
        let hs = if hs.is_empty() { "0".to_string() } else { hs.join(" + ") };
        let by_hand = format!("{used}\ns = {sum}\n{}\nout = s + ({hs})", looped.join("\n"));
        let point = [("y", point[0]), ("x[1]", point[1]), ("x[2]", point[2]), ("x[3]", point[0] - point[1])];
        let (a, b) = (dgraph::graph::build(&written).unwrap(), dgraph::graph::build(&by_hand).unwrap());
        prop_assert_eq!(shape(&a.graph), shape(&b.graph), "{}", written);
        let (one, other) = (evaluate(&written, &point), evaluate(&by_hand, &point));
        prop_assert!(same_bits(&one.values, &other.values), "{}", written);
        for mode in Mode::ALL {
            let (d, e) = (one.derivatives(mode), other.derivatives(mode));
            prop_assert!(same_bits(&d.jacobian[0], &e.jacobian[0]), "{}: {}", mode.name(), written);
            prop_assert_eq!(d.edges_touched, e.edges_touched, "{}: {}", mode.name(), written);
        }
    }
}
