//! A drawing as a finished SVG, laid out in-process (the layout-rs crate,
//! no Graphviz needed): inputs at the bottom, the output at the top, arrows
//! pointing the way values flow.

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
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
    let mut measured = Measured {
        svg: SVGWriter::new(),
        bottom: 0.0,
    };
    graph.do_it(false, false, false, &mut measured);
    measured.finalize()
}

/// Forwards to the SVG writer and keeps the true bottom of what is drawn:
/// layout-rs sizes the canvas as if each label ran downwards one 10 px step
/// per character, which leaves a tall blank strip under the picture.
struct Measured {
    svg: SVGWriter,
    bottom: f64,
}

impl Measured {
    fn reach(&mut self, y: f64) {
        self.bottom = self.bottom.max(y);
    }

    /// The SVG document, its height cut to what was drawn (plus a margin).
    fn finalize(&self) -> String {
        let document = self.svg.finalize();
        let Some(start) = document.find("<svg width=\"") else {
            return document;
        };
        let Some(end) = document[start..].find('>').map(|i| start + i) else {
            return document;
        };
        let tag = &document[start..end];
        let number = |key: &str| -> Option<&str> {
            let from = tag.find(key)? + key.len();
            tag[from..].split('"').next()
        };
        let (Some(width), Some(height)) = (number("width=\""), number("height=\"")) else {
            return document;
        };
        let fitted = format!("{:.1}", self.bottom + 15.0);
        let tag = tag
            .replace(
                &format!("height=\"{height}\""),
                &format!("height=\"{fitted}\""),
            )
            .replace(
                &format!("0 0 {width} {height}"),
                &format!("0 0 {width} {fitted}"),
            );
        format!("{}{tag}{}", &document[..start], &document[end..])
    }
}

impl RenderBackend for Measured {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
        clip: Option<ClipHandle>,
    ) {
        self.reach(xy.y + size.y);
        self.svg.draw_rect(xy, size, look, properties, clip);
    }

    fn draw_line(
        &mut self,
        start: Point,
        stop: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.reach(start.y.max(stop.y));
        self.svg.draw_line(start, stop, look, properties);
    }

    fn draw_circle(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.reach(xy.y + size.y);
        self.svg.draw_circle(xy, size, look, properties);
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        let lines = text.lines().count().max(1) as f64;
        self.reach(xy.y + lines * look.font_size as f64);
        self.svg.draw_text(xy, text, look);
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        look: &StyleAttr,
        properties: Option<String>,
        text: &str,
    ) {
        for (point, control) in path {
            self.reach(point.y.max(control.y));
        }
        self.svg
            .draw_arrow(path, dashed, head, look, properties, text);
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        self.svg.create_clip(xy, size, rounded_px)
    }
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
