//! `dgraph draw --format svg` at the node limit (300 nodes), on the shapes
//! that strain a layered layout: a long chain, a wide fan, a chain of
//! diamonds, nodes without edges, and random graphs whose edges reach far.
//! Each drawing is complete (every label), no two boxes overlap, and no
//! edge or label runs through a box. Speed is measured by the `drawing`
//! benchmark, not asserted here.

use std::fmt::Write;

use crate::drawing::assert_svg_complete;

/// A program and the values of its inputs.
struct Case {
    name: &'static str,
    program: String,
    settings: String,
}

fn cases() -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: "chain",
            program: (1..300).fold("y0".to_string(), |inner, _| format!("sin({inner})")),
            settings: "y0=0.5".into(),
        },
        Case {
            name: "fan",
            program: (2..152)
                .map(|k| format!("x*{k}"))
                .collect::<Vec<_>>()
                .join(" + "),
            settings: "x=0.5".into(),
        },
        Case {
            name: "diamonds",
            program: (0..59)
                .map(|k| format!("y{} = sin(y{k}) + cos(y{k}) + tanh(y{k})", k + 1))
                .collect::<Vec<_>>()
                .join("; "),
            settings: "y0=0.5".into(),
        },
        Case {
            name: "no edges",
            program: (0..300)
                .map(|k| format!("x{k}"))
                .collect::<Vec<_>>()
                .join("; "),
            settings: (0..300)
                .map(|k| format!("x{k}=1"))
                .collect::<Vec<_>>()
                .join(","),
        },
    ];
    for seed in 1..=3 {
        cases.push(random_dag(seed));
    }
    cases
}

/// 297 statements over three inputs, each using one or two earlier values
/// from anywhere above (edges spanning the whole height), some squared.
fn random_dag(seed: u64) -> Case {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut names = vec!["x0".to_string(), "x1".into(), "x2".into()];
    let mut program = String::new();
    for k in 0..297 {
        let (a, b) = (&names[next(names.len())], &names[next(names.len())]);
        let expr = match next(10) {
            0..=2 => format!("sin({a})"),
            3 => format!("{a} * {a}"),
            4..=6 => format!("{a} + {b}"),
            _ => format!("{a} * {b}"),
        };
        let _ = write!(program, "v{k} = {expr}; ");
        names.push(format!("v{k}"));
    }
    Case {
        name: "random",
        program,
        settings: "x0=0.5,x1=0.25,x2=2".into(),
    }
}

#[test]
fn drawings_at_the_node_limit_are_complete_and_boxes_stay_clear() {
    for case in cases() {
        let svg = assert_svg_complete(&["draw", &case.program, "--set", &case.settings]);
        let picture = Picture::of(&svg);
        assert!(
            (250..=300).contains(&picture.boxes.len()),
            "{}: {} boxes",
            case.name,
            picture.boxes.len()
        );
        assert_eq!(picture.lines.len(), picture.labels.len(), "{}", case.name);
        assert!(!picture.lines.is_empty() || case.name == "no edges");
        picture.assert_boxes_apart(case.name);
        picture.assert_lines_clear(case.name);
    }
}

/// A rectangle: left, top, right, bottom.
type Rect = (f64, f64, f64, f64);

/// What a drawing shows, read back from its SVG.
struct Picture {
    boxes: Vec<Rect>,
    /// Every edge as points along it (ends, and samples along each bend).
    lines: Vec<Vec<(f64, f64)>>,
    /// Where each edge label starts.
    labels: Vec<(f64, f64)>,
}

impl Picture {
    fn of(svg: &str) -> Picture {
        let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
        let number = |node: roxmltree::Node<'_, '_>, key: &str| -> f64 {
            node.attribute(key)
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        let mut picture = Picture {
            boxes: Vec::new(),
            lines: Vec::new(),
            labels: Vec::new(),
        };
        for node in document.descendants() {
            match node.tag_name().name() {
                "rect" if node.attribute("x").is_some() => {
                    let (x, y) = (number(node, "x"), number(node, "y"));
                    let (w, h) = (number(node, "width"), number(node, "height"));
                    picture.boxes.push((x, y, x + w, y + h));
                }
                "path" if node.attribute("marker-end").is_some() => {
                    picture
                        .lines
                        .push(sample(node.attribute("d").unwrap_or("")));
                }
                "text"
                    if node.attribute("x").is_some()
                        && node.attribute("font-size") == Some("11") =>
                {
                    picture.labels.push((number(node, "x"), number(node, "y")));
                }
                _ => {}
            }
        }
        picture
    }

    fn assert_boxes_apart(&self, name: &str) {
        let mut sorted = self.boxes.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (i, a) in sorted.iter().enumerate() {
            assert!(
                a.0.is_finite() && a.1.is_finite() && a.2 > a.0 && a.3 > a.1,
                "{name}: {a:?}"
            );
            for b in sorted[i + 1..].iter().take_while(|b| b.0 < a.2) {
                assert!(
                    !overlap(*a, *b, 0.0),
                    "{name}: boxes {a:?} and {b:?} overlap"
                );
            }
        }
    }

    fn assert_lines_clear(&self, name: &str) {
        let inside = |(x, y): (f64, f64)| {
            self.boxes
                .iter()
                .find(|&&r| overlap(r, (x, y, x, y), 1.0))
                .copied()
        };
        for line in &self.lines {
            for &point in line {
                assert!(
                    inside(point).is_none(),
                    "{name}: an edge crosses box {:?} at {point:?}",
                    inside(point)
                );
            }
        }
        for &point in &self.labels {
            assert!(
                inside(point).is_none(),
                "{name}: a label starts in box {:?}",
                inside(point)
            );
        }
    }
}

/// Whether `a` and `b` overlap by more than `slack` each way.
fn overlap(a: Rect, b: Rect, slack: f64) -> bool {
    a.0 + slack < b.2 && b.0 + slack < a.2 && a.1 + slack < b.3 && b.1 + slack < a.3
}

/// Points along an SVG path of `M`, `V` and `C` commands: each straight
/// run every 5 px, each bend at 16 steps.
fn sample(d: &str) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    let mut at = (0.0, 0.0);
    let pair = |text: &str| -> (f64, f64) {
        let (x, y) = text.split_once(',').expect("x,y");
        (x.parse().expect("x"), y.parse().expect("y"))
    };
    let mut words = d.split_whitespace();
    while let Some(word) = words.next() {
        let (command, rest) = word.split_at(1);
        match command {
            "M" => at = pair(rest),
            "V" => {
                let y: f64 = rest.parse().expect("y");
                let steps = ((y - at.1).abs() / 5.0).ceil().max(1.0) as usize;
                points.extend(
                    (1..steps).map(|k| (at.0, at.1 + (y - at.1) * k as f64 / steps as f64)),
                );
                at = (at.0, y);
            }
            "C" => {
                let (c1, c2) = (pair(rest), pair(words.next().expect("c2")));
                let end = pair(words.next().expect("end"));
                points.extend((1..16).map(|k| bezier(at, c1, c2, end, k as f64 / 16.0)));
                at = end;
            }
            other => panic!("unexpected path command {other} in {d}"),
        }
    }
    points
}

fn bezier(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), p3: (f64, f64), t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
        a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
    )
}
