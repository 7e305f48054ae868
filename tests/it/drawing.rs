//! `dgraph draw`: the DOT output is Graphviz's, the SVG output is
//! well-formed XML that shows every node's label.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::dgraph;

/// Programs with the values of their inputs.
const PROGRAMS: [(&str, &str); 3] = [
    ("c = a + b; d = b + 1; e = c * d", "a=2,b=1"),
    ("Y = 2*X + 3*X + 4*X; Z = 5*Y + 6*Y + 7*Y", "X=1"),
    ("h = tanh(w*x + 0.1); out = (h - y)^2", "w=0.5,x=1,y=0.25"),
];

fn draw((program, settings): (&str, &str), extra: &[&str]) -> String {
    let mut args = vec!["draw", program, "--set", settings];
    args.extend_from_slice(extra);
    dgraph(&args)
}

#[test]
fn the_svg_is_well_formed_and_shows_every_node() {
    for program in PROGRAMS {
        for mode in ["reverse", "forward", "paths"] {
            let svg = draw(program, &["--format", "svg", "--mode", mode]);
            let document =
                roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", program.0));
            let text: String = document
                .descendants()
                .filter_map(|n| n.text())
                .collect::<Vec<_>>()
                .join("\n");
            let dot = draw(program, &["--mode", mode]);
            for label in dot
                .lines()
                .filter_map(|l| l.split_once("[label=\"").map(|(_, rest)| rest))
            {
                let label = label.split("\"").next().unwrap_or_default();
                for line in label.split("\\n") {
                    assert!(
                        text.contains(line),
                        "{} ({mode}): `{line}` is not in the SVG",
                        program.0
                    );
                }
            }
        }
    }
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
            let dot = draw(program, &["--mode", mode]);
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
