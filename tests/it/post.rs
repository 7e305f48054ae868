//! "Calculus on Computational Graphs: Backpropagation" (Olah, 2015), figure
//! by figure: every number of the post, as dgraph computes it.

use crate::support::dgraph;

const POST: &str = "c = a + b; d = b + 1; e = c * d";

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&dgraph(&all)).expect("one JSON document")
}

#[test]
fn the_values_c_3_d_2_e_6() {
    let doc = json(&["eval", POST, "--set", "a=2,b=1"]);
    let values: Vec<(String, f64)> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["name"].as_str().unwrap().to_string(),
                n["value"].as_f64().unwrap(),
            )
        })
        .collect();
    let expected = [("a", 2.0), ("b", 1.0), ("c", 3.0), ("d", 2.0), ("e", 6.0)];
    assert_eq!(values, expected.map(|(n, v)| (n.to_string(), v)));
    assert_eq!(doc["edges_touched"], 5);
}

#[test]
fn the_derivatives_on_the_edges() {
    let dot = dgraph(&["draw", POST, "--set", "a=2,b=1"]);
    for edge in [
        "n0 -> n2 [label=\"∂c/∂a = 1\"]",
        "n1 -> n2 [label=\"∂c/∂b = 1\"]",
        "n1 -> n3 [label=\"∂d/∂b = 1\"]",
        "n2 -> n4 [label=\"∂e/∂c = 2\"]",
        "n3 -> n4 [label=\"∂e/∂d = 3\"]",
    ] {
        assert!(dot.contains(edge), "{edge} in\n{dot}");
    }
    assert_eq!(dot.matches(" -> ").count(), 5);
}

#[test]
fn de_db_is_the_sum_over_its_two_paths() {
    let narration = dgraph(&[
        "eval",
        POST,
        "--set",
        "a=2,b=1",
        "--mode",
        "paths",
        "--wrt",
        "b",
        "--explain",
    ]);
    assert!(
        narration.contains("b → c → e  × ∂c/∂b (edge) = 1 → 1"),
        "{narration}"
    );
    assert!(
        narration.contains("× ∂e/∂c (edge) = 2 → 2;  ∂e/∂b so far: 2"),
        "{narration}"
    );
    assert!(
        narration.contains("b → d → e  × ∂d/∂b (edge) = 1 → 1"),
        "{narration}"
    );
    assert!(
        narration.contains("× ∂e/∂d (edge) = 3 → 3;  ∂e/∂b so far: 5"),
        "{narration}"
    );
    let doc = json(&[
        "eval", POST, "--set", "a=2,b=1", "--mode", "paths", "--wrt", "b",
    ]);
    assert_eq!(
        (doc["gradient"]["b"].as_f64(), doc["paths"].as_u64()),
        (Some(5.0), Some(2))
    );
}

#[test]
fn forward_mode_from_b_gives_every_node_s_derivative_by_b() {
    let doc = json(&[
        "eval", POST, "--set", "a=2,b=1", "--mode", "forward", "--wrt", "b",
    ]);
    let by_b: Vec<f64> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["derivative"].as_f64().unwrap())
        .collect();
    assert_eq!(by_b, [0.0, 1.0, 1.0, 1.0, 5.0]);
    assert_eq!(
        (doc["sweeps"].as_u64(), doc["edges_touched"].as_u64()),
        (Some(1), Some(4))
    );
}

#[test]
fn reverse_mode_from_e_gives_e_s_derivative_by_every_node() {
    let doc = json(&["eval", POST, "--set", "a=2,b=1"]);
    let of_e: Vec<f64> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["derivative"].as_f64().unwrap())
        .collect();
    assert_eq!(of_e, [2.0, 5.0, 2.0, 3.0, 1.0]);
    assert_eq!(doc["gradient"], serde_json::json!({"a": 2, "b": 5}));
    assert_eq!(
        (doc["sweeps"].as_u64(), doc["edges_touched"].as_u64()),
        (Some(1), Some(5))
    );
}

#[test]
fn the_factored_diamond_has_nine_paths_and_fourteen_edges() {
    let diamond = "Y = 2*X + 3*X + 4*X; Z = 5*Y + 6*Y + 7*Y";
    let paths = json(&["eval", diamond, "--set", "X=1", "--mode", "paths"]);
    assert_eq!(paths["paths"], 9);
    assert_eq!(paths["gradient"]["X"], (2 + 3 + 4) * (5 + 6 + 7));
    let reverse = json(&["eval", diamond, "--set", "X=1"]);
    assert_eq!(reverse["gradient"]["X"], 162);
    assert_eq!(reverse["edges_touched"], 14);
    assert_eq!(paths["edges_touched"], 48);
}

/// `--explain` narrates one line per edge touched, in every mode.
#[test]
fn the_narration_has_one_line_per_edge_touched() {
    for program in [
        POST,
        "Y = 2*X + 3*X + 4*X; Z = 5*Y + 6*Y + 7*Y",
        "s = x*x; t = sin(s)*s; u = t/(1+x)",
    ] {
        for mode in ["reverse", "forward", "paths", "eliminate"] {
            let args = [
                "eval",
                program,
                "--set",
                "a=2,b=1,X=1,x=0.5",
                "--mode",
                mode,
            ];
            let set = settings_for(program);
            let args: Vec<&str> = args
                .iter()
                .map(|&a| if a.starts_with("a=2") { set } else { a })
                .collect();
            let narration = dgraph(&[&args[..], &["--explain"]].concat());
            let lines = narration
                .lines()
                .filter(|l| l.contains("+=") || l.contains(" × "))
                .count();
            let doc = json(&args);
            assert_eq!(
                lines as u64,
                doc["edges_touched"].as_u64().unwrap(),
                "{program} {mode}:\n{narration}"
            );
        }
    }
}

fn settings_for(program: &str) -> &'static str {
    match program {
        POST => "a=2,b=1",
        p if p.starts_with('Y') => "X=1",
        _ => "x=0.5",
    }
}
