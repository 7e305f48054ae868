//! `dgraph diff`: the printed derivative, fed back to `dgraph eval`, gives
//! the numeric modes' numbers; textbook derivatives read as in a textbook;
//! higher orders, the formats, `--expand` and its limit, and the scale.

use dgraph::graph::{self, Value};
use dgraph::modes::symbolic;
use dgraph::modes::{Mode, PerNode};
use dgraph::report::formula::{self, Style};
use proptest::prelude::*;

use crate::support::{evaluate, Evaluated};

/// The derivative program `dgraph diff` prints for `source` (every input,
/// order 1), with each derivative named: the text and those names.
fn diff_program(source: &str) -> (String, Vec<String>) {
    printed_program(source, false)
}

/// As [`diff_program`], rewritten for reading when `pretty` (`--pretty`).
fn printed_program(source: &str, pretty: bool) -> (String, Vec<String>) {
    let program = graph::build(source).unwrap();
    let wrt = program.graph.inputs().to_vec();
    let mut formulas = symbolic::differentiate(program.graph, &[program.last.value], &wrt, 1)
        .expect("within the budget");
    if pretty {
        formulas = dgraph::modes::pretty::prettify(formulas).expect("within the budget");
    }
    let roots: Vec<Value> = formulas.derivatives.iter().map(|d| d.value).collect();
    let printed = formula::statements(&formulas.graph, &roots, Style::Text);
    let mut lines: Vec<String> = printed
        .statements
        .iter()
        .map(|(name, expr)| format!("{name} = {expr}"))
        .collect();
    let mut outputs = Vec::new();
    for (k, root) in printed.roots.iter().enumerate() {
        let name = format!("derivative_{k}");
        lines.push(format!("{name} = {root}"));
        outputs.push(name);
    }
    (lines.join("\n"), outputs)
}

/// Whether some `x^y` with a variable exponent has `x = 0` or `y = 0` here:
/// there the numeric modes use the flat conventions (∂/∂x = 0 at y = 0,
/// ∂/∂y = 0 where x^y = 0) and the formula is the textbook one, `y*x^(y-1)`
/// and `x^y*log(x)`, which gives NaN.
fn at_a_flat_power(graph: &graph::Graph, values: &[f64]) -> bool {
    use dgraph::graph::{Op, Operand};
    use dgraph::parse::{BinaryOp, Func};
    graph.nodes().any(|node| {
        let power = matches!(node.op, Op::Binary(BinaryOp::Pow) | Op::Call(Func::Pow));
        let [x, y, _] = node.operand_values(values);
        power && matches!(node.operands[1], Operand::Node(_)) && (x == 0.0 || y == 0.0)
    })
}

/// The value of `name` in `source` at `point` (inputs the program does not
/// use are left out).
fn value_of(source: &str, name: &str, point: &[(&str, f64)]) -> f64 {
    let program = graph::build(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let values: Vec<f64> = program
        .graph
        .inputs()
        .iter()
        .map(|&id| {
            let input = program.graph.name(id).unwrap();
            point.iter().find(|(n, _)| *n == input).unwrap().1
        })
        .collect();
    let all = graph::evaluate(&program.graph, &values);
    match program.output(name).unwrap().value {
        Value::Node(id) => all[id.index()],
        Value::Const(c) => c,
    }
}

/// The settings of `point` that name inputs of `program`.
fn used_inputs<'a>(program: &graph::Program, point: &[(&'a str, f64)]) -> Vec<(&'a str, f64)> {
    point
        .iter()
        .copied()
        .filter(|(name, _)| program.input(name).is_some())
        .collect()
}

/// Checks that every derivative formula of `source`, read back, equals
/// reverse mode at `point`; false when nothing was compared (a value or a
/// derivative is not finite there).
fn assert_round_trip(source: &str, point: &[(&str, f64)]) -> bool {
    let program = graph::build(source).unwrap();
    let used = used_inputs(&program, point);
    let point = used.as_slice();
    let evaluated = evaluate(source, point);
    let reverse = evaluated.gradient(Mode::Reverse);
    if !evaluated.values.iter().all(|v| v.is_finite()) || !reverse.iter().all(|d| d.is_finite()) {
        return false;
    }
    let (derivative, outputs) = diff_program(source);
    for ((output, expected), input) in outputs.iter().zip(&reverse).zip(&evaluated.inputs) {
        let got = value_of(&derivative, output, point);
        if !got.is_finite() && at_a_flat_power(&program.graph, &evaluated.values) {
            continue; // the one documented difference
        }
        assert!(
            got.to_bits() == expected.to_bits() || (got == 0.0 && *expected == 0.0),
            "{source} at {point:?}: ∂/∂{input} by reverse mode {expected}, by the formula {got}\n{derivative}"
        );
    }
    true
}

#[test]
fn textbook_derivatives_round_trip_bit_for_bit() {
    for source in [
        "x^2*sin(x)",
        "exp(-x^2/2)",
        "log(x)/x",
        "sqrt(1 + x^2)",
        "atan(y/x)",
        "1/(1+exp(-x))",
        "x*x*x",
        "cos(x)^2",
        "x/(1+x^2)",
        "sin(x)*cos(x)",
        "-x^2",
        "x^-2",
        "x^y",
        "tanh(x*y)",
        "c = a+b; d = b+1; e = c*d",
        "abs(x - y) + relu(x) * max(x, y) - min(x*y, 1)",
        "asin(x/2) + acos(x/3) + sinh(x) * cosh(y) + sigmoid(x - y)",
        "pow(x, y) / pi",
        // The rewrites: a + -b, a - -b, folded constants, pi.
        "(x + 1)^2 - (x - 1)^2",
        "100*(y - x^2)^2 + (1 - x)^2",
        "x^2*y^3 - 2*x*y",
        "x^3 - 2*x^2 + 5*x - 7",
        "exp(-x)*sin(2*pi*x) + cos(pi/2*y) - 3*pi*x*y",
        "-2*x*y/(1 + y) - -3*(x - y)^2",
        "2*(3*x^2*y) - 0.5*(-7*x/y)",
    ] {
        // Every value is finite at this point: each program is compared.
        let point = [("x", 0.7), ("y", 1.3), ("a", 2.0), ("b", 1.0)];
        assert!(
            assert_round_trip(source, &point),
            "{source} was not compared"
        );
    }
}

/// Random programs: statements over x, y, z and the earlier statements,
/// with every operation.
fn program() -> impl Strategy<Value = (String, [f64; 3])> {
    let leaf = prop_oneof![
        Just("x".to_string()),
        Just("y".to_string()),
        Just("z".to_string()),
        (-3.0..3.0f64).prop_map(|c| format!("{c:.2}")),
        Just("pi".to_string()),
    ];
    // Constants that scale: powers of two (folded into a product's leading
    // constant), negative ones (taken out of a sum as `-`), and π's
    // multiples (written `2*pi`, `pi/2`).
    let scale = prop_oneof![
        Just("2"),
        Just("-2"),
        Just("0.5"),
        Just("-4"),
        Just("3"),
        Just("-400"),
        Just("2*pi"),
        Just("pi/2"),
    ];
    let expr = leaf.prop_recursive(4, 24, 2, move |inner| {
        let one = prop_oneof![
            Just("sin"),
            Just("cos"),
            Just("tan"),
            Just("exp"),
            Just("log"),
            Just("sqrt"),
            Just("abs"),
            Just("tanh"),
            Just("atan"),
            Just("sigmoid"),
            Just("relu"),
            Just("sinh"),
        ];
        let two = prop_oneof![Just("+"), Just("-"), Just("*"), Just("/"), Just("^")];
        let call2 = prop_oneof![Just("min"), Just("max"), Just("pow")];
        prop_oneof![
            (one, inner.clone()).prop_map(|(f, a)| format!("{f}({a})")),
            (inner.clone(), two, inner.clone()).prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
            (call2, inner.clone(), inner.clone()).prop_map(|(f, a, b)| format!("{f}({a}, {b})")),
            inner.clone().prop_map(|a| format!("-({a})")),
            (scale.clone(), inner).prop_map(|(c, a)| format!("{c}*({a})")),
        ]
    });
    let point = [-2.0..2.0f64, -2.0..2.0f64, -2.0..2.0f64];
    (proptest::collection::vec(expr, 1..4), point).prop_map(|(exprs, point)| {
        let mut lines = vec!["used = x + y + z".to_string()];
        for (k, e) in exprs.iter().enumerate() {
            let previous = if k == 0 {
                "used".to_string()
            } else {
                format!("t{}", k - 1)
            };
            lines.push(format!("t{k} = {e} + {previous} * 0.5"));
        }
        (lines.join("\n"), point)
    })
}

/// Checks that `--pretty`'s formulas of `source`, read back, agree with
/// reverse mode at `point` to within rounding (they regroup, so not bit
/// for bit).
fn assert_pretty_agrees(source: &str, point: &[(&str, f64)]) {
    let program = graph::build(source).unwrap();
    let used = used_inputs(&program, point);
    let point = used.as_slice();
    let evaluated = evaluate(source, point);
    let reverse = evaluated.gradient(Mode::Reverse);
    if !evaluated.values.iter().all(|v| v.is_finite()) || !reverse.iter().all(|d| d.is_finite()) {
        return;
    }
    let (derivative, outputs) = printed_program(source, true);
    let (plain, _) = printed_program(source, false);
    for (output, expected) in outputs.iter().zip(&reverse) {
        let got = value_of(&derivative, output, point);
        if !got.is_finite() && at_a_flat_power(&program.graph, &evaluated.values) {
            continue;
        }
        // A NaN the default formula gives too (`log` of a negative power
        // base times a zero factor) is the formulas', not --pretty's.
        if !got.is_finite() && !value_of(&plain, output, point).is_finite() {
            continue;
        }
        let scale = expected.abs().max(sensitivity(&evaluated));
        prop_assert_close(got, *expected, 1e-9 * scale, source, &derivative);
    }
}

/// The largest `|∂output/∂v · v|` over the nodes `v`, at least 1: the size
/// of the terms a regrouped formula may add up and cancel (the derivative
/// of `sinh(-400*(y/y))` is `1e176·(1/y - y/y²)`, zero in one grouping and
/// a rounding error of `1e176` in another).
fn sensitivity(evaluated: &Evaluated) -> f64 {
    let PerNode::Adjoints(columns) = evaluated.derivatives(Mode::Reverse).per_node else {
        unreachable!("reverse mode keeps adjoints");
    };
    let terms = columns[0].iter().zip(&evaluated.values);
    terms.fold(1.0, |largest, (adjoint, value)| {
        largest.max((adjoint * value).abs())
    })
}

fn prop_assert_close(got: f64, expected: f64, tolerance: f64, source: &str, derivative: &str) {
    assert!(
        (got - expected).abs() <= tolerance,
        "{source}: reverse mode {expected}, --pretty's formula {got}\n{derivative}"
    );
}

#[test]
fn pretty_formulas_read_as_a_person_writes_them() {
    for (source, expected) in [
        ("log(sin(x))", "cos(x)/sin(x)"),
        ("(x^2 + 1)/(x - 1)", "t1 = x - 1\n2*x/t1 - (x^2 + 1)/t1^2"),
        ("sqrt(x)", "1/(2*sqrt(x))"),
        ("1/x", "-1/x^2"),
        ("log(x)/t", "doutput_dx = 1/(t*x)\ndoutput_dt = -log(x)/t^2"),
    ] {
        let text = stdout_of(&["diff", source, "--pretty"]);
        assert_eq!(text.trim_end(), expected, "{source}");
    }
}

/// A case the property below found: the regrouped formula is a rounding
/// error of `1e176` where reverse mode's grouping cancels exactly.
#[test]
fn pretty_formulas_may_differ_by_the_rounding_of_huge_terms() {
    let source = "used = x + y + z\nt0 = sinh(-400*((y) / (y))) + used * 0.5";
    assert_pretty_agrees(source, &[("x", 0.1), ("y", 1.3), ("z", 0.2)]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// `--pretty` gives up bit-exactness, never the derivative.
    #[test]
    fn pretty_formulas_agree_with_reverse_mode((source, point) in program()) {
        let point = [("x", point[0]), ("y", point[1]), ("z", point[2])];
        assert_pretty_agrees(&source, &point);
    }

    /// Where every value and derivative is finite, the printed formula read
    /// back by dgraph repeats reverse mode's operations: the same numbers,
    /// bit for bit.
    #[test]
    fn formulas_evaluate_to_reverse_modes_numbers((source, point) in program()) {
        let point = [("x", point[0]), ("y", point[1]), ("z", point[2])];
        assert_round_trip(&source, &point);
    }
}

fn dgraph_cmd() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("dgraph").expect("the binary is built")
}

fn stdout_of(args: &[&str]) -> String {
    let output = dgraph_cmd().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The shell's `dgraph eval "$(dgraph diff ...)"`, against reverse mode.
#[test]
fn eval_reads_what_diff_prints() {
    for (program, wrt, point) in [
        ("c = a + b; d = b + 1; e = c * d", "b", "a=2,b=1"),
        ("x^2*sin(x)", "x", "x=1"),
        ("y = atan(x/z) * exp(-z^2)", "z", "x=0.3,z=1.1"),
        ("1/(1 + exp(-x))", "x", "x=0.25"),
    ] {
        let formula = stdout_of(&["diff", program, "--wrt", wrt]);
        let used: Vec<&str> = point
            .split(',')
            .filter(|pair| {
                let name = pair.split('=').next().unwrap();
                graph::build(formula.trim()).unwrap().input(name).is_some()
            })
            .collect();
        let mut args = vec!["eval", formula.trim(), "--format", "json"];
        let set = used.join(",");
        if !set.is_empty() {
            args.extend(["--set", &set]);
        }
        let derivative: serde_json::Value = serde_json::from_str(&stdout_of(&args)).unwrap();
        let reverse: serde_json::Value = serde_json::from_str(&stdout_of(&[
            "eval", program, "--set", point, "--format", "json",
        ]))
        .unwrap();
        assert_eq!(
            derivative["value"], reverse["gradient"][wrt],
            "{program}:\n{formula}"
        );
    }
}

/// `-1/x/x` stays as it is by default: it is the Hessian's arithmetic bit
/// for bit, and `-1/x^2` (evaluated as `-1/(x*x)`) is not; `--pretty`
/// writes `-1/x^2`.
#[test]
fn a_second_derivative_keeps_the_sweeps_quotients() {
    let formula = stdout_of(&["diff", "log(x)", "--order", "2"]);
    assert_eq!(formula, "-1/x/x\n");
    assert_eq!(
        stdout_of(&["diff", "log(x)", "--order", "2", "--pretty"]),
        "-1/x^2\n"
    );
    let hessian = evaluate("log(x)", &[("x", 0.1)]).hessian()[0][0];
    assert_eq!(value_of("y = -1/x/x", "y", &[("x", 0.1)]), hessian);
    assert_ne!(value_of("y = -1/x^2", "y", &[("x", 0.1)]), hessian);
}

/// Several inputs give one named line each; `--order 2` the Hessian's
/// entries, each mixed partial once.
#[test]
fn several_inputs_and_higher_orders_are_named() {
    let text = stdout_of(&["diff", "r = (1-x)^2 + 100*(y-x^2)^2", "--order", "2"]);
    let names: Vec<&str> = text.lines().filter_map(|l| l.split(" = ").next()).collect();
    assert_eq!(names, ["d2r_dx_dx", "d2r_dx_dy", "d2r_dy_dy"], "{text}");
    assert!(text.contains("d2r_dx_dy = -400*x"), "{text}");
    assert!(text.contains("d2r_dy_dy = 200"), "{text}");
    let third = stdout_of(&["diff", "x^4", "--order", "3"]);
    assert_eq!(third.trim(), "24*x", "{third}");
}

/// A chain of 30 diamonds has 3^30 paths: its derivative in statements is
/// linear in the graph, and `--expand` refuses at once, by name.
#[test]
fn thirty_diamonds_stay_small_and_expand_is_refused() {
    let mut lines = vec!["y0 = x".to_string()];
    for k in 1..=30 {
        lines.push(format!(
            "y{k} = sin(y{p}) + cos(y{p}) + tanh(y{p})",
            p = k - 1
        ));
    }
    let program = lines.join("\n");
    let text = stdout_of(&["diff", &program]);
    assert!(text.lines().count() < 200, "{} lines", text.lines().count());
    assert!(text.len() < 20_000, "{} bytes", text.len());
    dgraph_cmd()
        .args(["diff", &program, "--expand"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("--expand: the formula would be"))
        .stderr(predicates::str::contains("more than the limit of 1000000"));
}

#[test]
fn json_and_latex_carry_the_same_formulas() {
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "diff",
        "y = sigmoid(w*x)",
        "--wrt",
        "w",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(doc["output"], "y");
    // The program's own name for a shared node is kept.
    assert_eq!(doc["statements"][0]["name"], "y");
    assert_eq!(doc["statements"][0]["expr"], "sigmoid(w*x)");
    assert_eq!(doc["derivatives"][0]["name"], "dy_dw");
    assert_eq!(doc["derivatives"][0]["wrt"][0], "w");
    assert_eq!(doc["derivatives"][0]["expr"], "x*(y*(1 - y))");
    let latex = stdout_of(&["diff", "sqrt(x)/x1", "--format", "latex"]);
    assert!(latex.contains("t_{1} = \\sqrt{x}"), "{latex}");
    assert!(latex.contains("\\frac{1}{x_{1}}"), "{latex}");
}

/// First derivatives are one sweep per output: 20,000 of them are written;
/// a million lines at most (outputs × inputs), and far fewer past the
/// first order.
#[test]
fn first_derivatives_by_many_inputs_are_written_up_to_a_million() {
    let terms: Vec<String> = (0..20_000).map(|i| format!("x{i}^2")).collect();
    let text = crate::support::dgraph_reading(&["diff", "-"], terms.join(" + "));
    assert_eq!(text.lines().count(), 20_000);
    assert!(
        text.contains("doutput_dx19999 = 2*x19999"),
        "{}",
        &text[..200]
    );
    dgraph_cmd()
        .args(["diff", &terms[..200].join(" + "), "--order", "2"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("asks for 20100 derivatives"));
    // Found by the fuzzer: `--of x` over 9,322 inputs `x[i]` asked for 87
    // million lines and ran for minutes.
    let family = "for i = 1..1001: h[i] = x[i]*y\nout = sum(i = 1..1001, h[i])";
    dgraph_cmd()
        .args(["diff", family, "--of", "x"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("asks for 1003002 derivatives"));
}

#[test]
fn bad_requests_are_refused_with_exit_2() {
    // 20 inputs at order 8: C(27, 8) = 2,220,075 derivatives.
    let terms: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
    let many_inputs = terms.join(" * ");
    for (args, message) in [
        (&["diff", "x*y", "--wrt", "z"][..], "`z`"),
        (&["diff", "x +"][..], "1:4"),
        (&["diff", "x", "--order", "9"][..], "9"),
        (&["diff", "2 + 3"][..], "no input variables"),
        (
            &["diff", &many_inputs, "--order", "8"][..],
            "more than the limit of 10000",
        ),
    ] {
        dgraph_cmd()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(message));
    }
}

/// A small program whose eighth derivatives outgrow the budget is stopped
/// once its formulas pass 4,000,000 nodes (it took a minute and gigabytes),
/// with or without `--expand`; order 6 of the same program is written.
#[test]
fn derivatives_that_outgrow_the_budget_are_abandoned() {
    let program = "a = sin(x*y)*exp(x+y)/(1+x^2+y^2+w^2); \
                   b = tanh(a*z*w)*log(1+a^2)+sqrt(1+z^2)*atan(x-y+v); c = b*a/(b+a+v)";
    for expand in [&[][..], &["--expand"][..]] {
        dgraph_cmd()
            .args(["diff", program, "--order", "8"])
            .args(expand)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::str::contains(
                "the derivatives of order 8 outgrew the budget",
            ))
            .stderr(predicates::str::contains("--wrt"));
    }
    dgraph_cmd()
        .args(["diff", program, "--order", "6"])
        .assert()
        .success();
}

/// `--of a,b` gives the Jacobian of formulas: one line per output and
/// input, output by output; JSON says which output each is of.
#[test]
fn several_outputs_give_a_jacobian_of_formulas() {
    let text = stdout_of(&["diff", "u = x*y; v = sin(x) + y^2", "--of", "u,v"]);
    assert_eq!(
        text, "du_dx = y\ndu_dy = x\ndv_dx = cos(x)\ndv_dy = 2*y\n",
        "{text}"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "diff",
        "u = x*y; v = sin(x)",
        "--of",
        "u,v",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(doc["output"], serde_json::json!(["u", "v"]));
    assert_eq!(doc["derivatives"][2]["of"], "v");
    assert_eq!(doc["derivatives"][2]["expr"], "cos(x)");
    // An indexed family is every member, in index order.
    let family = stdout_of(&[
        "diff",
        "for i = 1..2: h[i] = x[i]*y",
        "--of",
        "h",
        "--wrt",
        "y",
    ]);
    assert_eq!(family, "dh_dy[1] = x[1]\ndh_dy[2] = x[2]\n", "{family}");
}

/// An unnamed output is `output` in `diff`'s names, as in `eval`'s
/// `∂output/∂x`; JSON names it by its expression, as `eval --format json`.
#[test]
fn an_unnamed_output_has_eval_s_name() {
    let text = stdout_of(&["diff", "x*y"]);
    assert_eq!(text, "doutput_dx = y\ndoutput_dy = x\n");
    let diff: serde_json::Value =
        serde_json::from_str(&stdout_of(&["diff", "x*y", "--format", "json"])).unwrap();
    let eval: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "eval", "x*y", "--set", "x=1,y=2", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(diff["output"], eval["output"]);
    let table = stdout_of(&["eval", "x*y", "--set", "x=1,y=2"]);
    assert!(table.contains("∂output/∂x"), "{table}");
}
