//! The page's picture: the `--format svg` drawing, laid out the same way,
//! with what the page's script needs — an id on every node (`n3`), edge
//! (`e5`) and fill-in edge (`f0`), a line reserved in each box for the
//! derivative a step shows (`m3`, sized to the widest it will hold), arrow
//! heads for each state, and elimination's fill-in edges, hidden until
//! their step. Inline in HTML, so without a namespace URL or a caption
//! (the page's heading says what the caption would).

use std::fmt::Write;

use crate::report::drawing::Drawing;
use crate::report::layered::{Layout, Point, Size};
use crate::report::svg::{self, Ids, HIGHLIGHT, LABEL_FONT, MARGIN};

/// An edge already multiplied in this sweep.
const PAST: &str = "#1f77b4";
/// A fill-in edge of vertex elimination.
const FILL: &str = "#9467bd";
/// A picture narrower than this, in pixels, is shown larger, by [`ZOOM`]:
/// a small graph is the one a learner steps through.
const SMALL: f64 = 640.0;
const ZOOM: f64 = 1.5;

/// The picture of `drawing`, each graph node's box with room for the
/// widest of its `marks`, and the fill-in edges `fills` (from, to).
pub fn render(drawing: &Drawing, marks: &[String], fills: &[(usize, usize)]) -> String {
    let sizes: Vec<Size> = drawing
        .nodes
        .iter()
        .zip(marks)
        .map(|(node, mark)| match node.id {
            Some(_) => svg::box_size(&[&node.lines[..], std::slice::from_ref(mark)].concat()),
            None => svg::box_size(&node.lines),
        })
        .collect();
    let layout = svg::lay_out(drawing, &sizes);
    let (width, height) = (layout.width + 2.0 * MARGIN, layout.height + 2.0 * MARGIN);
    let zoom = if width < SMALL { ZOOM } else { 1.0 };
    let mut picture = String::new();
    let _ = writeln!(
        picture,
        "<svg id=\"picture\" width=\"{:.0}\" height=\"{:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"Helvetica, Arial, sans-serif\">",
        width * zoom,
        height * zoom
    );
    let heads = [
        ("head", "black"),
        ("head-now", HIGHLIGHT),
        ("head-past", PAST),
        ("head-fill", FILL),
    ];
    picture.push_str("<defs>");
    for (id, color) in heads {
        picture.push_str(&svg::arrow_head(id, color));
    }
    picture.push_str("</defs>\n");
    let _ = writeln!(picture, "<g transform=\"translate({MARGIN},{MARGIN})\">");
    svg::edges(&mut picture, drawing, &layout, Ids::Page);
    svg::nodes(&mut picture, drawing, (&layout, &sizes), Ids::Page);
    fill_edges(&mut picture, fills, &layout, &sizes);
    picture.push_str("</g>\n</svg>\n");
    picture
}

/// Each fill-in edge, hidden: a curve from the top of its operand's box
/// to the bottom of its user's, over the boxes between (it joins boxes of
/// any layers, and those between are eliminated when it appears), with an
/// empty label the steps fill, beside its middle.
fn fill_edges(picture: &mut String, fills: &[(usize, usize)], layout: &Layout, sizes: &[Size]) {
    for (k, &(from, to)) in fills.iter().enumerate() {
        let start = side(layout.nodes[from], sizes[from], -1.0);
        let end = side(layout.nodes[to], sizes[to], 1.0);
        let middle = Point {
            x: (start.x + end.x) / 2.0,
            y: (start.y + end.y) / 2.0,
        };
        // The label on the outer side of the bend, away from the edges
        // that meet it at the same box.
        let (anchor, shift) = match start.x >= end.x {
            true => ("start", 4.0),
            false => ("end", -4.0),
        };
        let _ = writeln!(
            picture,
            concat!(
                "<g class=\"fill\" id=\"f{k}\"><path d=\"M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" ",
                "fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" stroke-dasharray=\"6 4\" marker-end=\"url(#head-fill)\"/>",
                "<title></title><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" font-size=\"{size}\" fill=\"{color}\"></text></g>"
            ),
            start.x,
            start.y,
            start.x,
            middle.y,
            end.x,
            middle.y,
            end.x,
            end.y,
            middle.x + shift,
            middle.y + LABEL_FONT.0 * 0.35,
            k = k,
            anchor = anchor,
            color = FILL,
            size = LABEL_FONT.0,
        );
    }
}

/// The middle of a box's top (`dir` -1) or bottom (`dir` 1) side.
fn side(centre: Point, size: Size, dir: f64) -> Point {
    Point {
        x: centre.x,
        y: centre.y + dir * size.height / 2.0,
    }
}
