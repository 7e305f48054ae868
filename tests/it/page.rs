//! `dgraph draw --format html`: the page's steps are `--explain`'s lines,
//! one for one, in every mode, each placed on the edge and the box it
//! names; the page asks for nothing over a network; refusals are those of
//! `--format svg`, and a mode too long to step through is listed, not
//! stepped. (The page in a real browser: `browser.rs`.)

use proptest::prelude::*;
use serde_json::Value;

use crate::properties::program;
use crate::support::{dgraph, dgraph_fed};

const POST: &str = "c = a + b; d = b + 1; e = c * d";
const MODES: [&str; 4] = ["reverse", "forward", "paths", "eliminate"];

/// The page's JSON document (the `#data` script).
pub fn page_data(page: &str) -> Value {
    let start = r#"<script type="application/json" id="data">"#;
    let from = page.find(start).expect("the data script") + start.len();
    let to = from + page[from..].find("</script>").expect("its end");
    serde_json::from_str(&page[from..to]).expect("the data is JSON")
}

/// `--explain`'s lines for `mode`, with `args` (a program and a point).
pub fn explained(args: &[&str], mode: &str) -> Vec<String> {
    let all = [
        &["eval"],
        args,
        &["--mode", mode, "--explain", "--format", "json"],
    ]
    .concat();
    let doc: Value = serde_json::from_str(&dgraph(&all)).expect("JSON");
    let lines = doc["explain"].as_array().expect("the narration");
    // Eliminate's narration opens with its order next to the others
    // (`eliminate: N multiply-adds in …`): a comparison, not a step.
    lines
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .filter(|l| !l.starts_with("eliminate: "))
        .collect()
}

/// Whether an `--explain` line is an edge's (see `report/explain.rs`).
pub fn touches_an_edge(line: &str) -> bool {
    line.contains("+=") || line.contains('×')
}

/// The edge a line multiplies by, `∂c/∂a` of `… ∂c/∂a (edge) …` (after
/// `· `, `+= ` or `× `: a name in parentheses may hold spaces).
pub fn edge_named(line: &str) -> Option<&str> {
    let before = &line[..line.find(" (edge)")?];
    let start = [" · ", " += ", "× "]
        .iter()
        .filter_map(|lead| before.rfind(lead).map(|at| at + lead.len()))
        .max()?;
    Some(&before[start..])
}

/// Checks every mode of the page drawn with `args` against `--explain`:
/// the same lines, in order; the counter counting edge lines; each edge
/// line on a drawn edge between the boxes it names (unless its user is not
/// drawn), no edge twice in a sweep; each elimination's multiply-add on a
/// fill-in edge between the boxes it names.
fn assert_steps_are_the_narration(args: &[&str]) {
    let page = dgraph(&[&["draw"], args, &["--format", "html"]].concat());
    let data = page_data(&page);
    let names: Vec<&str> = data["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    let ends = |key: &str, k: &Value| -> (String, String) {
        let pair = &data[key][k.as_u64().unwrap() as usize];
        let at = |i: usize| names[pair[i].as_u64().unwrap() as usize].to_string();
        (at(0), at(1))
    };
    for (mode, stepped) in MODES.iter().zip(data["modes"].as_array().unwrap()) {
        assert_eq!(stepped["mode"], *mode);
        if !stepped["refused"].is_null() {
            continue;
        }
        let lines = explained(args, mode);
        let steps = stepped["steps"].as_array().unwrap();
        let said: Vec<&str> = steps.iter().map(|s| s["say"].as_str().unwrap()).collect();
        assert_eq!(said, lines, "{args:?} {mode}");
        let mut touched = 0;
        let mut in_sweep = std::collections::HashSet::new();
        for (step, line) in steps.iter().zip(&lines) {
            // A sweep multiplies along each edge once (`x*x`: two edges).
            if step["reset"] == true {
                in_sweep.clear();
            }
            if ["reverse", "forward"].contains(mode) && !step["edge"].is_null() {
                assert!(
                    in_sweep.insert(step["edge"].to_string()),
                    "{args:?} {mode}: {line} again"
                );
            }
            // A path sum lights each path once, starting at its first edge.
            if let Some(path) = step["path"].as_array() {
                assert!(
                    in_sweep.insert(step["path"].to_string()),
                    "{args:?}: {line} again"
                );
                assert_eq!(path.first(), Some(&step["edge"]), "{args:?}: {line}");
            }
            touched += u64::from(touches_an_edge(line));
            assert_eq!(step["touched"], touched, "{args:?} {mode}: {line}");
            if let Some(edge) = edge_named(line).filter(|_| !step["edge"].is_null()) {
                let (from, to) = ends("edges", &step["edge"]);
                assert_eq!(format!("∂{to}/∂{from}"), edge, "{args:?} {mode}: {line}");
            }
            if let Some(fill) = step["fill"].as_array() {
                let (from, to) = ends("fills", &fill[0]);
                let written = line.trim_start().split(" += ").next().unwrap();
                assert_eq!(format!("∂{to}/∂{from}"), written, "{args:?} {mode}: {line}");
            }
            // Forward sweeps also touch edges above what --of draws.
            let edge_line = edge_named(line).is_some();
            assert!(
                step["edge"].is_null() || edge_line,
                "{args:?} {mode}: {line}"
            );
            if edge_line && *mode != "forward" {
                assert!(!step["edge"].is_null(), "{args:?} {mode}: {line}");
            }
        }
    }
}

#[test]
fn the_posts_page_steps_through_the_narration_of_every_mode() {
    assert_steps_are_the_narration(&[POST, "--set", "a=2,b=1"]);
    let page = dgraph(&["draw", POST, "--set", "a=2,b=1", "--format", "html"]);
    let data = page_data(&page);
    let counts: Vec<usize> = data["modes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["steps"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [6, 8, 8, 5]);
    assert_eq!(data["start"], "reverse");
}

#[test]
fn the_page_starts_with_the_mode_asked_for() {
    for mode in MODES {
        let page = dgraph(&[
            "draw", POST, "--set", "a=2,b=1", "--mode", mode, "--format", "html",
        ]);
        assert_eq!(page_data(&page)["start"], mode);
    }
    let auto = dgraph(&[
        "draw", POST, "--set", "a=2,b=1", "--mode", "auto", "--format", "html",
    ]);
    assert_eq!(page_data(&auto)["start"], "reverse");
}

/// Programs with what steps can trip on: an operand used twice (two edges
/// from one node), `if` (an edge that carries nothing), several outputs
/// (one sweep each, named as asked), an output used by another (its copy
/// in elimination), unnamed nodes, a constant output, no inputs.
#[test]
fn awkward_programs_step_through_their_narration() {
    let cases: [&[&str]; 8] = [
        &["y = x*x + x", "--set", "x=3"],
        &["s = x*x; t = sin(s)*s; u = t/(1+x)", "--set", "x=0.5"],
        &["y = if(x > 0, x*x, -x)", "--set", "x=2"],
        &["a = x*2; b = a", "--set", "x=1"],
        &[
            "u = x*y; v = u + sin(x); w = v*u",
            "--set",
            "x=1,y=2",
            "--of",
            "u,w",
        ],
        &["(a+b)*(b+1)", "--set", "a=2,b=1"],
        &["y = x*2; z = 3", "--set", "x=1", "--of", "y,z"],
        &["2"],
    ];
    for args in cases {
        assert_steps_are_the_narration(args);
    }
}

/// The sums a click shows, for the post's b and e.
#[test]
fn a_box_holds_its_chain_rule_sum() {
    let page = dgraph(&["draw", POST, "--set", "a=2,b=1", "--format", "html"]);
    let data = page_data(&page);
    let first = |mode: usize, step: usize| data["modes"][mode]["steps"][step]["sums"].clone();
    let b_sum = "∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2·1 + 3·1 = 5";
    // Reverse: b's terms come in at steps 4 (through d) and 6 (through c),
    // and b's own box holds the running total.
    assert_eq!(
        first(0, 0)["1"],
        serde_json::json!({"text": b_sum, "added": [4, 6], "running": 1})
    );
    assert_eq!(first(0, 0)["4"]["text"], "∂e/∂e = 1: the sweep starts here");
    assert_eq!(first(0, 0)["4"]["added"], serde_json::json!([]));
    // Forward from b (the second sweep, after a's header and two edges).
    assert_eq!(first(1, 3)["4"]["text"], b_sum);
    assert_eq!(first(1, 3)["4"]["added"], serde_json::json!([7, 8]));
    // Paths: the sum shows at b and at e, whose box holds the running sum;
    // each path's product comes in at its last edge.
    let paths = serde_json::json!({
        "text": "∂e/∂b = Σ over 2 paths: 1·2 + 1·3 = 5",
        "added": [6, 8],
        "running": 4
    });
    assert_eq!(first(2, 3)["1"], paths);
    assert_eq!(first(2, 3)["4"], paths);
}

/// Nothing in the page would be fetched: no URL, no `src`, `href` or
/// `@import`, no script API that fetches, and a policy that forbids it.
#[test]
fn the_page_asks_for_nothing_over_a_network() {
    for args in [
        &[POST, "--set", "a=2,b=1"][..],
        &[
            "y = if(x > 0, x*x, -x) + sin(x)/x",
            "--set",
            "x=2",
            "--mode",
            "eliminate",
        ][..],
    ] {
        let page = dgraph(&[&["draw"], args, &["--format", "html"]].concat());
        assert!(page.contains(
            r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">"#
        ));
        for fetching in [
            "http://",
            "https://",
            "src=",
            "href=",
            "@import",
            "fetch(",
            "XMLHttpRequest",
            "import(",
            "WebSocket",
            "EventSource",
            "sendBeacon",
            "<link",
            "<img",
            "<iframe",
        ] {
            assert!(!page.contains(fetching), "{fetching} in the page");
        }
        let urls = page.match_indices("url(").map(|(at, _)| &page[at..at + 5]);
        assert!(
            urls.clone().all(|u| u == "url(#"),
            "{:?}",
            urls.collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_page_past_the_node_limit_is_refused_as_svg_is() {
    let program = (0..400)
        .map(|k| format!("x*{k}"))
        .collect::<Vec<_>>()
        .join(" + ");
    let refusal = |format: &str| {
        let (code, out, err) = dgraph_fed(
            &["draw", "-", "--set", "x=1", "--format", format],
            program.as_bytes(),
        );
        assert_eq!((code, out.as_str()), (Some(2), ""), "{err}");
        err
    };
    assert_eq!(refusal("html"), refusal("svg"));
}

/// Modes a page does not step through are listed with why: paths mode
/// past `--max-paths`, forward mode past the edges a page holds.
#[test]
fn a_mode_too_long_is_listed_not_stepped() {
    let diamonds: String = (0..14)
        .map(|k| format!("d{} = sin(d{k}) * cos(d{k}) + exp(d{k}); ", k + 1))
        .collect();
    let page = dgraph(&[
        "draw",
        &format!("{diamonds}y = d14"),
        "--set",
        "d0=0.5",
        "--format",
        "html",
    ]);
    let data = page_data(&page);
    let paths = &data["modes"][2];
    assert!(
        paths["refused"].as_str().unwrap().contains("paths"),
        "{paths}"
    );
    assert_eq!(paths["steps"].as_array().unwrap().len(), 0);
    assert!(data["modes"][0]["refused"].is_null());
    // 120 inputs summed, then a chain of 180 operations: forward mode
    // touches at least 120 × 180 edges, past 20,000.
    let inputs: Vec<String> = (0..120).map(|k| format!("x{k}")).collect();
    let chain: String = (0..180)
        .map(|k| format!("s{} = sin(s{k}); ", k + 1))
        .collect();
    let program = format!("s0 = {}; {chain}", inputs.join(" + "));
    let set: String = inputs
        .iter()
        .map(|x| format!("{x}=0.1"))
        .collect::<Vec<_>>()
        .join(",");
    let args = [
        "draw",
        "-",
        "--set",
        &set,
        "--format",
        "html",
        "--max-nodes",
        "500",
    ];
    let (code, out, err) = dgraph_fed(&args, program.as_bytes());
    assert_eq!(code, Some(0), "{err}");
    let data = page_data(&out);
    let forward = data["modes"][1]["refused"]
        .as_str()
        .expect("forward refused");
    assert!(
        forward.contains("more than a page steps through (20000)"),
        "{forward}"
    );
    assert!(data["modes"][0]["refused"].is_null());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random programs with shared subexpressions, several statements and
    /// `if`: every mode's steps are its narration, placed where it says.
    #[test]
    fn random_pages_step_through_their_narration((source, point) in program(false)) {
        let set = format!("x={},y={},z={}", point[0], point[1], point[2]);
        assert_steps_are_the_narration(&[&source, "--set", &set]);
        assert_steps_are_the_narration(&[&source, "--set", &set, "--of", "t0,used"]);
    }
}

/// A program without inputs: the captions say so, rather than naming none.
#[test]
fn a_page_without_inputs_says_so() {
    let page = dgraph(&["draw", "y = 2 * 3 + sin(1)", "--format", "html"]);
    let data = page_data(&page);
    let titles: Vec<&str> = data["modes"]
        .as_array()
        .expect("the modes")
        .iter()
        .map(|m| m["title"].as_str().expect("a title"))
        .collect();
    assert!(
        titles.contains(&"forward mode from no input: 0 edges touched"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"paths mode: 0 paths from no input to y: 0 edges touched"),
        "{titles:?}"
    );
}
