//! A drawing as a finished SVG, laid out in-process (the layout-rs crate,
//! no Graphviz needed): inputs at the bottom, the output at the top, arrows
//! pointing the way values flow.

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::drawing::Drawing;

/// The highlight colour, RGBA (the DOT drawing's `#d62728`).
const HIGHLIGHT: u32 = 0xd62728ff;

/// The drawing as an SVG document.
pub fn render(drawing: &Drawing) -> String {
    let orientation = Orientation::TopToBottom;
    let mut graph = VisualGraph::new(orientation);
    let handles: Vec<_> = drawing
        .nodes
        .iter()
        .map(|node| {
            let shape = ShapeKind::new_box(&node.lines.join("\n"));
            let look = style(node.highlighted);
            graph.add_node(Element::create(
                shape,
                look,
                orientation,
                text_size(&node.lines),
            ))
        })
        .collect();
    for edge in &drawing.edges {
        // Laid out from user down to operand, so the output is on top; the
        // arrow head sits at the user's end.
        let mut arrow = Arrow::simple(&edge.label);
        arrow.start = LineEndKind::Arrow;
        arrow.end = LineEndKind::None;
        arrow.look = style(edge.highlighted);
        graph.add_edge(arrow, handles[edge.to], handles[edge.from]);
    }
    let caption = Element::create(
        ShapeKind::new_box(&drawing.caption),
        StyleAttr::new(Color::fast("white"), 0, None, 0, 15),
        orientation,
        text_size(std::slice::from_ref(&drawing.caption)),
    );
    if let Some(top) = drawing.top {
        let above = graph.add_node(caption);
        graph.add_edge(Arrow::invisible(), above, handles[top]);
    }
    let mut svg = SVGWriter::new();
    graph.do_it(false, false, false, &mut svg);
    svg.finalize()
}

/// A box that fits `lines` of 15px text, with a margin.
fn text_size(lines: &[String]) -> Point {
    let widest = lines
        .iter()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0);
    Point::new(widest as f64 * 8.0 + 24.0, lines.len() as f64 * 18.0 + 16.0)
}

fn style(highlighted: bool) -> StyleAttr {
    let mut look = StyleAttr::simple();
    if highlighted {
        look.line_color = Color::new(HIGHLIGHT);
        look.line_width = 3;
    }
    look
}
