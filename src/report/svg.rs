//! A drawing as a finished SVG, laid out by dgraph itself ([`layered`], no
//! Graphviz needed): inputs at the bottom, the output at the top, each edge
//! an arrow up to the node that uses it with its label beside it.
//!
//! Text is measured character by character ([`glyphs`]), generously, so a
//! box fits its text in any common sans-serif font; the text is centred, so
//! any slack is shared on both sides.

use std::fmt::Write;

use super::drawing::Drawing;
use super::glyphs;
use super::layered::{self, Layout, Link, Point, Route, Size};

/// The highlight colour (the DOT drawing's).
pub(super) const HIGHLIGHT: &str = "#d62728";
/// Node text: font size and line height.
const NODE_FONT: (f64, f64) = (13.0, 17.0);
/// Edge labels: font size and line height.
pub(super) const LABEL_FONT: (f64, f64) = (11.0, 14.0);
/// The caption: font size and line height.
const CAPTION_FONT: (f64, f64) = (14.0, 20.0);
/// Room inside a box around its text, across and up and down.
const PADDING: (f64, f64) = (10.0, 7.0);
/// Room around the whole picture.
pub(super) const MARGIN: f64 = 16.0;

/// Whether a picture is for a page, whose script finds its parts by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ids {
    /// A plain SVG document.
    None,
    /// Each node a group `n{k}` with an empty line `m{k}` for the step's
    /// derivative, each edge a group `e{k}`.
    Page,
}

/// The drawing as an SVG document.
pub fn render(drawing: &Drawing) -> String {
    let sizes: Vec<Size> = drawing.nodes.iter().map(|n| box_size(&n.lines)).collect();
    let layout = lay_out(drawing, &sizes);
    let caption = text_size(std::slice::from_ref(&drawing.caption), CAPTION_FONT);
    // The picture under the caption's middle, when the caption is wider.
    let origin = Point {
        x: MARGIN + (caption.width - layout.width).max(0.0) / 2.0,
        y: MARGIN + caption.height + MARGIN / 2.0,
    };
    let width = layout.width.max(caption.width) + 2.0 * MARGIN;
    let height = origin.y + layout.height + MARGIN;
    let mut svg = String::new();
    let _ = write!(
        svg,
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" ",
            "viewBox=\"0 0 {w:.0} {h:.0}\" font-family=\"Helvetica, Arial, sans-serif\">\n",
            "<defs>{head}{highlighted}</defs>\n",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
            "<text x=\"{cx:.1}\" y=\"{cy:.1}\" text-anchor=\"middle\" font-size=\"{size}\">{caption}</text>\n",
        ),
        w = width,
        h = height,
        head = arrow_head("head", "black"),
        highlighted = arrow_head("head-highlighted", HIGHLIGHT),
        cx = width / 2.0,
        cy = MARGIN + CAPTION_FONT.0,
        size = CAPTION_FONT.0,
        caption = escape(&drawing.caption),
    );
    let _ = writeln!(
        svg,
        "<g transform=\"translate({:.1},{:.1})\">",
        origin.x, origin.y
    );
    edges(&mut svg, drawing, &layout, Ids::None);
    nodes(&mut svg, drawing, (&layout, &sizes), Ids::None);
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// The layout of `drawing` with boxes of `sizes`.
pub(super) fn lay_out(drawing: &Drawing, sizes: &[Size]) -> Layout {
    let links: Vec<Link> = drawing
        .edges
        .iter()
        .map(|edge| Link {
            from: edge.from,
            to: edge.to,
            label: text_size(std::slice::from_ref(&edge.label), LABEL_FONT),
        })
        .collect();
    layered::lay_out(sizes, &links)
}

/// Every edge: its line with an arrow head at the user, its label beside.
pub(super) fn edges(svg: &mut String, drawing: &Drawing, layout: &Layout, ids: Ids) {
    for (k, (edge, route)) in drawing.edges.iter().zip(&layout.edges).enumerate() {
        let (color, width, head) = match edge.highlighted {
            true => (HIGHLIGHT, 2.5, "head-highlighted"),
            false => ("black", 1.0, "head"),
        };
        if ids == Ids::Page {
            let _ = write!(svg, "<g class=\"edge\" id=\"e{k}\">");
        }
        let _ = writeln!(
            svg,
            "<path d=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\" marker-end=\"url(#{head})\"/>",
            path(route)
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" fill=\"{color}\">{}</text>",
            route.label.x,
            route.label.y + LABEL_FONT.0 * 0.35,
            LABEL_FONT.0,
            escape(&edge.label)
        );
        if ids == Ids::Page {
            svg.push_str("</g>\n");
        }
    }
}

/// Every node: a rounded box with its lines of text, centred; on a page,
/// a graph node's box also has an empty last line for its derivative.
pub(super) fn nodes(
    svg: &mut String,
    drawing: &Drawing,
    (layout, sizes): (&Layout, &[Size]),
    ids: Ids,
) {
    for (k, ((node, centre), size)) in drawing
        .nodes
        .iter()
        .zip(&layout.nodes)
        .zip(sizes)
        .enumerate()
    {
        let (stroke, width) = match node.highlighted {
            true => (HIGHLIGHT, 2.5),
            false => ("black", 1.0),
        };
        let top = centre.y - size.height / 2.0;
        if ids == Ids::Page {
            let _ = write!(svg, "<g class=\"node\" id=\"n{k}\">");
        }
        let _ = writeln!(
            svg,
            "<rect x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\" fill=\"white\" stroke=\"{stroke}\" stroke-width=\"{width}\"/>",
            centre.x - size.width / 2.0,
            size.width,
            size.height,
        );
        let _ = write!(
            svg,
            "<text text-anchor=\"middle\" font-size=\"{}\">",
            NODE_FONT.0
        );
        let baseline = |line: usize| top + PADDING.1 + (line as f64 + 0.75) * NODE_FONT.1;
        for (line, text) in node.lines.iter().enumerate() {
            let _ = write!(
                svg,
                "<tspan x=\"{:.1}\" y=\"{:.1}\">{}</tspan>",
                centre.x,
                baseline(line),
                escape(text)
            );
        }
        if ids == Ids::Page && node.id.is_some() {
            let _ = write!(
                svg,
                "<tspan class=\"mark\" id=\"m{k}\" x=\"{:.1}\" y=\"{:.1}\"></tspan>",
                centre.x,
                baseline(node.lines.len())
            );
        }
        svg.push_str("</text>");
        svg.push_str(if ids == Ids::Page { "</g>\n" } else { "\n" });
    }
}

/// The SVG path of a route: straight up where it runs straight, an S-bend
/// leaving and arriving vertically elsewhere.
fn path(route: &Route) -> String {
    let mut d = String::new();
    let mut points = route.points.iter();
    if let Some(first) = points.next() {
        let _ = write!(d, "M{:.1},{:.1}", first.x, first.y);
        let mut last = first;
        for point in points {
            if point.x == last.x {
                let _ = write!(d, " V{:.1}", point.y);
            } else {
                let middle = (last.y + point.y) / 2.0;
                let _ = write!(
                    d,
                    " C{:.1},{middle:.1} {:.1},{middle:.1} {:.1},{:.1}",
                    last.x, point.x, point.x, point.y
                );
            }
            last = point;
        }
    }
    d
}

/// An arrow head marker, its tip at the end of the line.
pub(super) fn arrow_head(id: &str, color: &str) -> String {
    format!(
        "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"
    )
}

/// A box that fits `lines` of node text.
pub(super) fn box_size(lines: &[String]) -> Size {
    let text = text_size(lines, NODE_FONT);
    Size {
        width: text.width + 2.0 * PADDING.0,
        height: text.height + 2.0 * PADDING.1,
    }
}

/// The room `lines` take in `font` (size, line height).
pub(super) fn text_size(lines: &[String], (size, line_height): (f64, f64)) -> Size {
    let widest = lines
        .iter()
        .map(|line| glyphs::width(line, size))
        .fold(0.0, f64::max);
    Size {
        width: widest,
        height: lines.len() as f64 * line_height,
    }
}

/// `text` with XML's (and HTML's) special characters escaped.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            c => escaped.push(c),
        }
    }
    escaped
}
