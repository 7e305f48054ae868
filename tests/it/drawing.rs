//! `dgraph draw`: the DOT output is Graphviz's, the SVG output is
//! well-formed XML that shows every node's label, for the programs that
//! crashed the layout crate dgraph used to rely on, and for constant and
//! degenerate programs; `--of` draws only what it names, within
//! `--max-nodes`; boxes hold wide letters.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{dgraph, dgraph_fed};

/// Programs with the values of their inputs.
const PROGRAMS: [(&str, &str); 3] = [
    ("c = a + b; d = b + 1; e = c * d", "a=2,b=1"),
    ("Y = 2*X + 3*X + 4*X; Z = 5*Y + 6*Y + 7*Y", "X=1"),
    ("h = tanh(w*x + 0.1); out = (h - y)^2", "w=0.5,x=1,y=0.25"),
];

#[test]
fn the_svg_is_well_formed_and_shows_every_node() {
    for (program, settings) in PROGRAMS {
        for mode in ["reverse", "forward", "paths"] {
            assert_svg_complete(&["draw", program, "--set", settings, "--mode", mode]);
        }
    }
}

/// Programs the fuzzer found crashing the layout crate dgraph used before
/// its own (layout-rs: "assertion failed: loc.x >= leftmost").
const CRASHED_LAYOUT_RS: [(&str, &str); 2] = [
    (
        "z=min(0.5,e); r=acos(e); sin(e+abs(e)); e+pow(r,c); y; X=z+1e-320",
        "e=-0.5,c=1,y=0.5",
    ),
    (
        "sqrt(b/0.5); Y1=acos(acos(e)); min(Y1,Y1-b/exp(c)); a*c; b-max(max(a,2),c); b-b; V6=Y1",
        "a=0.3,b=1,c=-0.5,e=0.5",
    ),
];

#[test]
fn programs_that_crashed_the_old_layout_draw() {
    for (program, settings) in CRASHED_LAYOUT_RS {
        for mode in ["reverse", "forward", "paths", "eliminate"] {
            let args = ["draw", "--mode", mode, "--set", settings];
            assert_svg_complete(&[&args[..], &["--", program]].concat());
        }
    }
}

/// The first reproducer through the real binary: exit 0, nothing on
/// standard error (the old layout exited 101 with a panic message).
#[test]
fn the_binary_draws_a_reproducer_quietly() {
    let (program, settings) = CRASHED_LAYOUT_RS[0];
    assert_cmd::Command::cargo_bin("dgraph")
        .expect("the binary is built")
        .args(["draw", "--format", "svg", "--set", settings, "--", program])
        .assert()
        .success()
        .stderr("");
}

/// A program without operations draws its output as one box that says so
/// (the old layout panicked on the empty graph: "Sorting an empty graph").
#[test]
fn constant_programs_draw_their_value_in_a_box() {
    for (program, value) in [("2", "= 2"), ("pi", "= 3.14159"), ("a=2;b=a", "= 2")] {
        for format in ["svg", "dot"] {
            let out = dgraph(&["draw", program, "--format", format]);
            assert!(out.contains(value), "{program}: {out}");
            assert!(
                out.contains("a constant: no operations"),
                "{program}: {out}"
            );
        }
        assert_svg_complete(&["draw", program]);
    }
    let dot = dgraph(&["draw", "y = x*2; z = 3", "--set", "x=1"]);
    assert!(
        dot.contains("n2 [label=\"z\\n= 3\\na constant: no operations\"]"),
        "{dot}"
    );
}

/// An output that names another node (`y = h[2]`) is named in that box,
/// as are outputs of unnamed nodes: the derivatives in the box say `∂y`.
#[test]
fn an_output_by_another_name_is_named_in_its_box() {
    let source = "h[0] = x; for j = 1..2: h[j] = tanh(w*h[j-1] + x); y = h[2]";
    let dot = dgraph(&["draw", source, "--set", "x=0.5,w=0.3"]);
    assert!(
        dot.contains("[label=\"y = h[2] = tanh(w * h[1] + x)\\n"),
        "{dot}"
    );
    let dot = dgraph(&["draw", "sin(x)*2", "--set", "x=1"]);
    assert!(dot.contains("[label=\"output = #2: sin(x) * 2\\n"), "{dot}");
    let dot = dgraph(&["draw", "y = a*b", "--set", "a=1,b=2", "--of", "a,y"]);
    assert!(dot.contains("[label=\"a\\n= 1\\n"), "{dot}");
}

/// Degenerate shapes: one node, nodes without edges, disconnected parts,
/// an operand used twice by one node.
#[test]
fn degenerate_graphs_draw() {
    for (program, settings) in [
        ("x", "x=1"),
        ("x; y", "x=1,y=2"),
        ("a + b; c * d", "a=1,b=2,c=3,d=4"),
        ("x*x", "x=3"),
        ("x*x*x + pow(x, x)", "x=2"),
    ] {
        assert_svg_complete(&["draw", program, "--set", settings]);
    }
}

/// `--of` draws only what the output depends on, and the node limit
/// counts what is drawn (a 7-node output of an 800-node program was
/// refused); `--max-nodes` raises the limit.
#[test]
fn of_draws_what_the_output_depends_on_and_max_nodes_raises_the_limit() {
    let program = (1..800).fold("x0 = x".to_string(), |program, k| {
        format!("{program}; x{k} = x{} * 2", k - 1)
    });
    let svg = assert_svg_complete(&["draw", &program, "--set", "x=1", "--of", "x6"]);
    assert_eq!(svg.matches("<rect x=").count(), 7);
    let whole = ["draw", "-", "--set", "x=1"];
    let (code, out, err) = dgraph_fed(&whole, program.as_bytes());
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(
        err.contains("the graph has 800 nodes; dgraph draws at most 300"),
        "{err}"
    );
    let raised = [&whole[..], &["--max-nodes", "800"]].concat();
    let (code, dot, _) = dgraph_fed(&raised, program.as_bytes());
    assert_eq!(code, Some(0));
    assert_eq!(dot.matches(" -> ").count(), 799);
    assert!(dot.contains("n799 [label=\"x799 = x798 * 2"), "{dot}");
}

/// A box is as wide as its widest line in Helvetica, whose `W` is 0.944
/// em and `M` 0.833 em: a line of them is not measured as digits are.
#[test]
fn boxes_hold_wide_letters() {
    let svg = dgraph(&[
        "draw",
        "WWWWWWWWWW = MMMMMMMMMM * 2",
        "--set",
        "MMMMMMMMMM=1",
        "--format",
        "svg",
    ]);
    let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let widest = document
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("x").is_some())
        .filter_map(|n| n.attribute("width")?.parse::<f64>().ok())
        .fold(0.0, f64::max);
    // "WWWWWWWWWW = MMMMMMMMMM * 2" at 13 px: 10 W, 10 M, ` = `, ` * 2`.
    let text = 13.0 * (10.0 * 0.944 + 10.0 * 0.833 + 4.0 * 0.278 + 0.584 + 0.389 + 0.556);
    assert!(widest >= text, "{widest} < {text}");
}

/// Draws `args` (a `draw` command) as SVG and as DOT: the SVG is well-formed
/// XML showing every line of every DOT label; returns the SVG.
pub fn assert_svg_complete(args: &[&str]) -> String {
    let as_format = |format| [&["draw", "--format", format], &args[1..]].concat();
    let svg = dgraph(&as_format("svg"));
    let document = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let text: String = document
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    let dot = dgraph(&as_format("dot"));
    for label in dot
        .lines()
        .filter_map(|l| l.split_once("[label=\"").map(|(_, rest)| rest))
    {
        let label = label.split('"').next().unwrap_or_default();
        for line in label.split("\\n") {
            assert!(text.contains(line), "{args:?}: `{line}` is not in the SVG");
        }
    }
    svg
}

/// Graphviz reads the DOT output and renders it. CI installs Graphviz; a
/// machine without `dot` skips this test unless `CI` is set.
#[test]
fn graphviz_renders_the_dot_output() {
    if Command::new("dot").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Graphviz (`dot`) installed"
        );
        eprintln!("skipped: Graphviz `dot` is not installed");
        return;
    }
    for program in PROGRAMS {
        for mode in ["reverse", "forward", "paths"] {
            let dot = dgraph(&["draw", program.0, "--set", program.1, "--mode", mode]);
            let mut child = Command::new("dot")
                .arg("-Tsvg")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("dot starts");
            child
                .stdin
                .take()
                .unwrap()
                .write_all(dot.as_bytes())
                .unwrap();
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success() && stderr.is_empty(),
                "{} ({mode}): {stderr}\n{dot}",
                program.0
            );
            let svg = String::from_utf8(output.stdout).unwrap();
            let options = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            roxmltree::Document::parse_with_options(&svg, options)
                .expect("Graphviz wrote well-formed SVG");
        }
    }
}

/// An elimination's caption names the order it ran.
#[test]
fn an_elimination_caption_names_its_order() {
    let base = [
        "draw",
        "c = a + b; d = b + 1; e = c * d",
        "--set",
        "a=2,b=1",
    ];
    for (order, name) in [
        (None, "the search's order"),
        (Some("markowitz"), "Markowitz order"),
        (Some("optimal"), "optimal order"),
    ] {
        let mut args = [&base[..], &["--mode", "eliminate"]].concat();
        args.extend(order.map(|o| ["--elimination-order", o]).iter().flatten());
        let dot = dgraph(&args);
        let caption = format!("label=\"vertex elimination ({name}): 2 vertices eliminated");
        assert!(dot.contains(&caption), "{order:?}: {dot}");
    }
}
