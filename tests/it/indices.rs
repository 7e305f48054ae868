//! Indexed names, `sum`, `prod` and `for`: written out into the graph, so
//! that every mode works on the same graph as the program written out by
//! hand; lists and JSON for `--set`; and every index that is not an integer
//! known when the program is built refused with a caret.

use std::time::{Duration, Instant};

use dgraph::graph::build;
use dgraph::modes::Mode;

use crate::support::{assert_refused, dgraph, evaluate};

/// Bit patterns, so that NaN equals NaN and -0 differs from 0.
fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// `source` and `by_hand` give the same numbers, derivatives, node counts
/// and edges touched in every mode at `point`.
fn same_as_by_hand(source: &str, by_hand: &str, point: &[(&str, f64)]) {
    let (a, b) = (evaluate(source, point), evaluate(by_hand, point));
    assert_eq!(a.value.to_bits(), b.value.to_bits(), "{source}");
    assert_eq!(a.values.len(), b.values.len(), "{source}: node count");
    for mode in Mode::ALL {
        let (one, other) = (a.derivatives(mode), b.derivatives(mode));
        let gradient = |d: &dgraph::modes::Derivatives, inputs: &[String]| {
            let mut pairs: Vec<(String, u64)> =
                inputs.iter().cloned().zip(bits(&d.jacobian[0])).collect();
            pairs.sort();
            pairs
        };
        assert_eq!(
            gradient(&one, &a.inputs),
            gradient(&other, &b.inputs),
            "{source}: {}",
            mode.name()
        );
        assert_eq!(
            one.edges_touched,
            other.edges_touched,
            "{source}: {}",
            mode.name()
        );
    }
}

#[test]
fn rosenbrock_as_one_sum_is_rosenbrock_written_out() {
    let n = 6;
    let terms: Vec<String> = (1..n)
        .map(|i| format!("(100*(x[{}] - x[{i}]^2)^2 + (1 - x[{i}])^2)", i + 1))
        .collect();
    let point: Vec<(String, f64)> = (1..=n)
        .map(|i| (format!("x[{i}]"), 0.3 + 0.1 * i as f64))
        .collect();
    let point: Vec<(&str, f64)> = point.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    same_as_by_hand(
        &format!("n = {n}\nr = sum(i = 1..n-1, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)"),
        &format!("n = {n}\nr = {}", terms.join(" + ")),
        &point,
    );
}

#[test]
fn a_two_layer_network_with_for_and_sum() {
    let source = "for j = 1..2: h[j] = tanh(sum(i = 1..2, W[j, i]*x[i]) + b[j])\ny = sum(j = 1..2, v[j]*h[j])";
    let by_hand = "h1 = tanh(W[1,1]*x[1] + W[1,2]*x[2] + b[1])\nh2 = tanh(W[2,1]*x[1] + W[2,2]*x[2] + b[2])\ny = v[1]*h1 + v[2]*h2";
    let point = [
        ("W[1,1]", 0.5),
        ("W[1,2]", -0.25),
        ("W[2,1]", 1.5),
        ("W[2,2]", 0.75),
        ("x[1]", 0.3),
        ("x[2]", -1.1),
        ("b[1]", 0.1),
        ("b[2]", -0.2),
        ("v[1]", 2.0),
        ("v[2]", -1.0),
    ];
    same_as_by_hand(source, by_hand, &point);
}

#[test]
fn empty_ranges_products_and_nested_bounds() {
    let point = [("x", 1.5), ("y[1]", 2.0), ("y[2]", 3.0)];
    let evaluated = evaluate(
        "x + sum(i = 1..0, x) + prod(i = 3..2, x) + prod(i = 1..2, y[i])",
        &point[..],
    );
    assert_eq!(evaluated.value, 1.5 + 0.0 + 1.0 + 6.0);
    // An inner bound may use the outer variable: the triangle i ≤ j.
    let triangle = evaluate("sum(i = 1..3, sum(j = i..3, x*j))", &point[..1]);
    assert_eq!(triangle.value, 1.5 * (1.0 + 2.0 + 3.0 + 2.0 + 3.0 + 3.0));
}

#[test]
fn families_are_outputs_and_inputs_in_index_order() {
    let out = dgraph(&[
        "eval",
        "for j = 1..3: h[4 - j] = x[j]^2",
        "--set",
        "x=[2, 3, 4]",
        "--of",
        "h",
        "--wrt",
        "x",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["output"], serde_json::json!(["h[1]", "h[2]", "h[3]"]));
    assert_eq!(json["value"]["h[1]"], 16.0);
    assert_eq!(json["gradient"]["h[3]"]["x[1]"], 4.0);
}

#[test]
fn settings_take_lists_nested_lists_and_json() {
    let source = "sum(i = 1..2, sum(j = 1..2, A[i, j]*x[i]*x[j]))";
    let expected = 1.0 * 0.25 + 2.0 * -0.5 + 3.0 * -0.5 + 4.0;
    let listed = dgraph(&[
        "eval",
        source,
        "--set",
        "A=[[1, 2], [3, 4]], x=[0.5, -1]",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&listed).expect("JSON");
    assert_eq!(json["value"], expected);
    let file = std::env::temp_dir().join(format!("dgraph-set-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"A": [[1, 2], [3, 4]], "x": [0.5, -1]}"#).expect("written");
    let from_file = dgraph(&[
        "eval",
        source,
        "--set",
        &format!("@{}", file.display()),
        "--format",
        "json",
    ]);
    std::fs::remove_file(&file).ok();
    assert_eq!(from_file, listed);
}

#[test]
fn indices_must_be_integers_known_when_the_program_is_built() {
    for (source, message, column) in [
        ("x[y]", "depends on an input", 3),
        ("x[1.5]", "must be an integer, but this is 1.5", 3),
        ("sum(i = 1..y, x)", "a bound must be an integer known", 12),
        ("for i = 1..2: h[1] = i", "`h[1]` is assigned twice", 15),
        (
            "y = x[2]\nx[2] = 3",
            "`x[2]` is assigned after it was used",
            1,
        ),
        ("n = 2.5\nx[n]", "must be an integer, but this is 2.5", 3),
    ] {
        assert_refused(source, message, column);
    }
}

#[test]
fn a_runaway_sum_is_refused_before_anything_is_built() {
    let started = Instant::now();
    let err = build("y = sum(i = 1..10^12, x[i])").expect_err("too large");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        err.message().contains("repeats 1000000000000 times"),
        "{}",
        err.message()
    );
    assert!(
        err.message().contains("past the limit of 30000000"),
        "{}",
        err.message()
    );
    let loops = build("for i = 1..10^9: for j = 1..10: h[i, j] = x").expect_err("too large");
    assert!(
        loops.message().contains("repeats 1000000000 times"),
        "{}",
        loops.message()
    );
}

#[test]
fn an_unset_index_is_named() {
    let program = build("x[1] + x[2] + x[3]").expect("builds");
    let settings = dgraph::graph::parse_settings("x=[1, 2]", "--set").expect("reads");
    let err = dgraph::graph::bind(&program, &settings).expect_err("x[3] is missing");
    assert!(
        err.to_string().contains("`x[3]` is used but not set"),
        "{err}"
    );
}

#[test]
fn points_columns_may_be_indexed_names() {
    let file = std::env::temp_dir().join(format!("dgraph-points-{}.csv", std::process::id()));
    std::fs::write(&file, "\"W[1, 2]\",x[1]\n1,2\n3,4\n").expect("written");
    let out = dgraph(&[
        "eval",
        "W[1,2]*x[1]",
        "--points",
        &file.display().to_string(),
        "--format",
        "csv",
    ]);
    std::fs::remove_file(&file).ok();
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[1..], ["1,2,2,2,1", "3,4,12,4,3"], "{out}");
}

/// Nested sums, loops and sums inside calls are priced by their first
/// term, so a runaway one is refused after a small part of its work.
#[test]
fn nested_work_is_refused_after_its_first_term() {
    for source in [
        "sum(i = 1..20000, sum(j = 1..20000, x*i*j))",
        "f(u) = sum(k = 1..100000, u*k)\nsum(i = 1..10000, f(x*i))",
        "for i = 1..100000: for j = 1..1000: h[i, j] = x*j",
    ] {
        let started = Instant::now();
        let err = build(source).expect_err(source);
        assert!(started.elapsed() < Duration::from_secs(2), "{source}");
        assert!(
            err.message().contains("past the limit of 30000000"),
            "{source}: {}",
            err.message()
        );
    }
}

#[test]
fn indices_stay_where_doubles_hold_every_integer() {
    let err = build("x[2^53 + 1]").expect_err("too large");
    assert!(err.message().contains("within ±2^53"), "{}", err.message());
    assert!(build("x[2^53 - 1]").is_ok());
}

#[test]
fn one_element_of_a_two_dimensional_family_is_named_in_a_list() {
    let out = dgraph(&[
        "eval",
        "W[1,2]*W[2,1] + x",
        "--set",
        "W[1,2]=2,W[2,1]=3,x=1",
        "--wrt",
        "W[1, 2],x",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["gradient"], serde_json::json!({"W[1,2]": 3, "x": 1}));
}

#[test]
fn diff_names_read_back_and_never_repeat() {
    let out = dgraph(&["diff", "f = x[1]*y + x*y[1]", "--order", "2"]);
    let names: Vec<&str> = out
        .lines()
        .filter_map(|line| line.split(" = ").next())
        .collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{out}");
    assert!(build(&out).is_ok(), "{out}");
}

#[test]
fn an_indexed_output_is_called_by_its_name_and_input_families_are_outputs() {
    let out = dgraph(&["eval", "h[1] = x", "--set", "x=2", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["output"], "h[1]");
    let out = dgraph(&[
        "eval",
        "W[1,2]*W[2,1]",
        "--set",
        "W[1,2]=2,W[2,1]=3",
        "--of",
        "W",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["output"], serde_json::json!(["W[1,2]", "W[2,1]"]));
}

/// A plain name assigned in a `for` loop would be assigned on every pass
/// (it once shifted every later name onto the wrong node): refused, at
/// the name, with the indexed form to write instead.
#[test]
fn a_loop_assigns_indexed_names_only() {
    let err = build("for i = 1..3: h = x*i; a = x + 100; b = a * 10").expect_err("plain target");
    assert!(
        err.message()
            .contains("`h` would be assigned on every pass")
            && err.message().contains("`h[i] = ...`"),
        "{}",
        err.message()
    );
    assert_eq!((err.line(), err.column()), (1, 15));
    let err = build("for i = 1..0: for j = 1..2: h = x").expect_err("even an empty loop");
    assert!(
        err.message().contains("`h[i,j] = ...`"),
        "{}",
        err.message()
    );
    let program =
        build("for i = 1..3: x*i\nb = x + 1").expect("an unassigned loop statement is fine");
    assert!(program.output("b").is_some());
}
