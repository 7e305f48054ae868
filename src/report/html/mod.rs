//! `dgraph draw --format html`: one self-contained page that steps
//! through every mode on the drawing.
//!
//! The page holds the `--format svg` picture (same layout, with ids and a
//! line in each box for the derivative so far), the steps of every mode as
//! one JSON document, and its style and script (`page.css`, `step.js`,
//! kept beside this file and embedded). The steps are the sweeps' own: each
//! mode runs once with a recorder (`steps.rs`), which hands every event to
//! the `--explain` narration and notes what it touches on the drawing, so
//! a step's sentence is `--explain`'s line for it. The script only shows
//! the steps; it computes no derivative. A Content-Security-Policy forbids
//! the page every request, and nothing in it names one.
//!
//! A page is bounded: the drawing's node limit (as `--format svg`), and
//! per mode at most [`MAX_PAGE_EDGES`] edges touched — a mode past it is
//! listed, with why, but not stepped — and [`PAGE_NARRATION`] bytes of
//! sentences.

mod document;
mod picture;
mod places;
mod steps;
mod sums;
#[cfg(test)]
mod tests;

use serde::Serialize;

use self::places::{Fills, Places};
use self::steps::{PageStep, Recorder};
use super::drawing::{self, Drawing, Extent, Highlights};
use super::explain::Narration;
use super::{plural, Report};
use crate::error::InputError;
use crate::graph::Output;
use crate::modes::{self, auto, budget, paths, Mode, Request};

/// The most edges a page steps through in one mode.
pub const MAX_PAGE_EDGES: u64 = 20_000;

/// The most text of sentences a page holds for one mode: 4 MiB.
pub const PAGE_NARRATION: usize = 4 << 20;

/// What a page runs every mode on: the request, and the outputs as the
/// program names them (the narration calls them so).
#[derive(Clone, Copy)]
pub struct Sweeps<'a> {
    /// The graph, the point, the outputs and inputs.
    pub request: &'a Request<'a>,
    /// The outputs with their names.
    pub outputs: &'a [Output],
}

/// The page's JSON: what `step.js` reads.
#[derive(Serialize)]
pub(super) struct Data {
    /// The mode shown first (`--mode`).
    start: &'static str,
    /// What the narration calls each box.
    names: Vec<String>,
    /// Each edge's boxes, (from, to).
    edges: Vec<(usize, usize)>,
    /// Each fill-in edge's boxes.
    fills: Vec<(usize, usize)>,
    /// Every mode, in `--stats` order.
    modes: Vec<Stepped>,
}

/// One mode's steps, or why it has none.
#[derive(Serialize)]
struct Stepped {
    mode: &'static str,
    /// The mode's name in the menu.
    name: &'static str,
    /// The drawing's caption for this mode.
    title: String,
    /// Why the mode is not stepped through.
    refused: Option<String>,
    /// What a click on a box without a sum says.
    hint: &'static str,
    steps: Vec<PageStep>,
}

/// The page of `report`'s drawing (the part `extent` asks for), with every
/// mode run on `sweeps`; refused past the drawing's node limit, before any
/// mode runs.
pub fn page(report: &Report<'_>, sweeps: Sweeps<'_>, extent: Extent) -> Result<String, InputError> {
    let mut drawing = Drawing::of(report, extent)?;
    let places = Places::of(&drawing);
    let mut fills = Fills::default();
    let modes: Vec<Stepped> = Mode::ALL
        .iter()
        .map(|&mode| {
            let (stepped, added) = step_through(report, sweeps, &places, mode);
            if mode == Mode::Eliminate {
                fills = added;
            }
            stepped
        })
        .collect();
    for node in drawing.nodes.iter_mut().filter(|node| node.id.is_some()) {
        node.lines.truncate(2);
        node.highlighted = false;
    }
    for edge in &mut drawing.edges {
        edge.highlighted = false;
    }
    let marks = widest_marks(drawing.nodes.len(), &modes);
    let picture = picture::render(&drawing, &marks, &fills.ends);
    let narration =
        Narration::labelled(report.graph, &report.labels, sweeps.outputs, report.digits);
    let data = Data {
        start: report.derivatives.mode.name(),
        names: drawing
            .nodes
            .iter()
            .map(|node| {
                node.id
                    .map_or_else(|| node.lines[0].clone(), |id| narration.name(id))
            })
            .collect(),
        edges: drawing
            .edges
            .iter()
            .map(|edge| (edge.from, edge.to))
            .collect(),
        fills: fills.ends,
        modes,
    };
    Ok(document::page(report, &picture, &data))
}

/// Runs `mode` with a recorder: its steps, or why there are none; and the
/// fill-in edges it added.
fn step_through(
    report: &Report<'_>,
    sweeps: Sweeps<'_>,
    places: &Places,
    mode: Mode,
) -> (Stepped, Fills) {
    let refused = |title: String, why: String| Stepped {
        mode: mode.name(),
        name: menu_name(mode),
        title,
        refused: Some(why),
        hint: hint(mode),
        steps: Vec::new(),
    };
    let unrun = format!("{} mode", mode.name());
    // The page's limit is judged first where it is the cheaper (forward
    // mode's budget counts what it keeps, 64 inputs a pass); paths mode's
    // budget first, as it bounds the counting the limit needs.
    let admitted = || {
        budget::admit(mode, sweeps.request)
            .err()
            .map(|why| why.to_string())
    };
    let past_limit = || too_many_edges(mode, sweeps.request);
    let why = match mode {
        Mode::Paths => admitted().or_else(past_limit),
        _ => past_limit().or_else(admitted),
    };
    if let Some(why) = why {
        return (refused(unrun, why), Fills::default());
    }
    let narration =
        Narration::labelled(report.graph, &report.labels, sweeps.outputs, report.digits)
            .limited_to(PAGE_NARRATION);
    let request = sweeps.request;
    let mut recorder = Recorder::new(narration, places, request.outputs, report.digits);
    let derivatives = match modes::run_traced(mode, request, &mut recorder) {
        Ok(derivatives) => derivatives,
        Err(why) => return (refused(unrun, why.to_string()), Fills::default()),
    };
    let title = drawing::caption(report, &derivatives, Highlights::Stepped);
    if derivatives.edges_touched > MAX_PAGE_EDGES {
        return (
            refused(title, too_many(derivatives.edges_touched)),
            Fills::default(),
        );
    }
    match recorder.finish() {
        Ok(recorded) => (
            Stepped {
                mode: mode.name(),
                name: menu_name(mode),
                title,
                refused: None,
                hint: hint(mode),
                steps: recorded.steps,
            },
            recorded.fills,
        ),
        Err(long) => (
            refused(
                title,
                format!(
                    "its narration is longer than a page holds ({} MiB, {} lines past it): \
                     narrow it with --of or --wrt",
                    PAGE_NARRATION >> 20,
                    long.untold
                ),
            ),
            Fills::default(),
        ),
    }
}

/// Why `mode` would touch more edges than a page steps through, judged
/// from the graph before it runs (paths mode once admitted; vertex
/// elimination's fill-in cannot be judged before: it is when it has run).
fn too_many_edges(mode: Mode, request: &Request<'_>) -> Option<String> {
    let (graph, outputs, wrt) = (request.graph, request.outputs, request.wrt);
    let edges = match mode {
        Mode::Reverse | Mode::Forward => {
            auto::cost(mode, graph, outputs, wrt, MAX_PAGE_EDGES).edges
        }
        Mode::Paths => {
            let counts = paths::count(graph, outputs);
            u64::try_from(paths::path_edges(graph, outputs, &counts, wrt)).unwrap_or(u64::MAX)
        }
        Mode::Eliminate => 0,
    };
    (edges > MAX_PAGE_EDGES).then(|| too_many(edges))
}

/// The refusal of a mode touching `edges` edges.
fn too_many(edges: u64) -> String {
    format!(
        "it touches {} (at least), more than a page steps through ({MAX_PAGE_EDGES}): \
         narrow it with --of or --wrt",
        plural(edges as usize, "edge", "edges")
    )
}

/// The mode's name in the menu (its caption says the rest).
fn menu_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Reverse => "reverse mode",
        Mode::Forward => "forward mode",
        Mode::Paths => "paths mode",
        Mode::Eliminate => "vertex elimination",
    }
}

/// What a click on a box says where the step data has no sum for it.
fn hint(mode: Mode) -> &'static str {
    match mode {
        Mode::Reverse | Mode::Forward => "not reached by this sweep: its derivative here is 0",
        Mode::Paths => "the sum over paths shows at the input and the output of the path sum",
        Mode::Eliminate => {
            "vertex elimination keeps its sums on the edges: each fill-in edge's label is its total so far"
        }
    }
}

/// The widest derivative each box will show, to size it.
fn widest_marks(boxes: usize, modes: &[Stepped]) -> Vec<String> {
    let mut widest = vec![String::new(); boxes];
    let marks = modes
        .iter()
        .flat_map(|m| &m.steps)
        .filter_map(|s| s.mark.as_ref());
    for (k, mark) in marks {
        if mark.chars().count() > widest[*k].chars().count() {
            widest[*k].clone_from(mark);
        }
    }
    widest
}
