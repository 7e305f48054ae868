//! `--explain`: the chosen mode narrated as it runs, one line per edge
//! touched, with the numbers it multiplies.
//!
//! ```text
//! reverse sweep from e: ∂e/∂e = 1
//!   ∂e/∂d += ∂e/∂e · ∂e/∂d (edge) = 1 · 3 → 3
//!   ...
//! ```
//!
//! `∂e/∂d` alone is the derivative accumulated so far (of the output, or
//! by the input); `∂e/∂d (edge)` is the edge's own local derivative, the
//! number the sweep multiplies by. The output is called by the name it
//! was asked for (`--of`, or the last statement's), also where that name
//! is a second name of another node (`a = x*2; b = a` sweeps from `b`). Vertex elimination's lines multiply
//! edges of the graph as elimination has rewritten them, so there every
//! factor is an edge's.
//!
//! Every edge line holds `+=` (reverse, forward, eliminate) or `×` (paths),
//! and no other line does, so the lines can be counted against the edges
//! touched.
//!
//! A narration is held until the report is written, so it is bounded: past
//! [`MAX_NARRATION`] bytes the lines are only counted, not formatted, and
//! the run is refused ([`TooLong`]) — the 12-diamond chain's 531,441 paths
//! would otherwise take gigabytes.

use std::borrow::Cow;

use crate::graph::{Graph, NodeId, Output};
use crate::modes::eliminate::{Comparison, Fill};
use crate::modes::{Mode, PathEdges, Step, Trace};

use super::label::Labels;
use super::number::Digits;
use super::plural;

/// Unnamed nodes longer than this are called by their id.
const SHORT_EXPRESSION: usize = 16;

/// The most text a narration holds: 16 MiB.
pub const MAX_NARRATION: usize = 16 << 20;

/// Collects the narration of a run.
pub struct Narration<'g> {
    graph: &'g Graph,
    labels: Cow<'g, Labels>,
    /// The node a reverse sweep started from, or a forward sweep's input.
    seed: Option<NodeId>,
    /// The name each output of the request was asked for, if any.
    outputs: Vec<Option<String>>,
    /// The output reverse or paths mode is working on.
    output: Option<usize>,
    lines: Vec<String>,
    /// Bytes in `lines`.
    size: usize,
    /// The most bytes `lines` may hold.
    limit: usize,
    /// Lines past the limit, counted but not kept.
    untold: u64,
    /// How many digits the numbers keep (`--digits`).
    digits: Digits,
}

/// A narration longer than its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    /// Lines that fit.
    pub kept: usize,
    /// Lines that did not.
    pub untold: u64,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--explain narrates at most {} MiB, and this run's narration is longer \
             ({} lines, {} more past the limit): leave out --explain, or narrate less \
             (fewer outputs with --of, fewer inputs with --wrt, another --mode)",
            MAX_NARRATION >> 20,
            self.kept,
            self.untold
        )
    }
}

impl<'g> Narration<'g> {
    /// An empty narration for `graph` and its `outputs`, its numbers to
    /// `digits`.
    pub fn new(graph: &'g Graph, outputs: &[Output], digits: Digits) -> Narration<'g> {
        let labels = Cow::Owned(Labels::rounded(graph, digits));
        Narration::with(graph, labels, outputs, digits)
    }

    /// [`Narration::new`] with the graph's `labels` at hand, rounded to
    /// `digits` (a report's): a page narrates every mode without labelling
    /// a large graph four times.
    pub fn labelled(
        graph: &'g Graph,
        labels: &'g Labels,
        outputs: &[Output],
        digits: Digits,
    ) -> Narration<'g> {
        Narration::with(graph, Cow::Borrowed(labels), outputs, digits)
    }

    fn with(
        graph: &'g Graph,
        labels: Cow<'g, Labels>,
        outputs: &[Output],
        digits: Digits,
    ) -> Narration<'g> {
        Narration {
            graph,
            labels,
            seed: None,
            outputs: outputs.iter().map(|o| o.name.clone()).collect(),
            output: None,
            lines: Vec::new(),
            size: 0,
            limit: MAX_NARRATION,
            untold: 0,
            digits,
        }
    }

    /// The narration held to at most `bytes` of text (below
    /// [`MAX_NARRATION`]: a page holds four).
    pub fn limited_to(self, bytes: usize) -> Narration<'g> {
        Narration {
            limit: bytes.min(MAX_NARRATION),
            ..self
        }
    }

    /// How many lines it holds so far.
    pub fn told(&self) -> usize {
        self.lines.len()
    }

    /// Whether it has grown past its limit: then it counts lines, and
    /// [`Narration::lines`] refuses.
    pub fn overflowed(&self) -> bool {
        self.untold > 0
    }

    /// The narration, or that it was too long to hold.
    pub fn lines(&self) -> Result<&[String], TooLong> {
        match self.untold {
            0 => Ok(&self.lines),
            untold => Err(TooLong {
                kept: self.lines.len(),
                untold,
            }),
        }
    }

    /// Whether the narration is past its limit: then `lines` more lines are
    /// counted, not formatted.
    fn full(&mut self, lines: usize) -> bool {
        if self.untold > 0 {
            self.untold += lines as u64;
        }
        self.untold > 0
    }

    /// Keeps `line`, or counts it when it does not fit.
    fn tell(&mut self, line: String) {
        if self.untold > 0 || self.size + line.len() > self.limit {
            self.untold += 1;
        } else {
            self.size += line.len();
            self.lines.push(line);
        }
    }

    /// What to call a node in a formula: its name, its short expression in
    /// parentheses, or `#id`.
    pub(super) fn name(&self, id: NodeId) -> String {
        match self.graph.name(id) {
            Some(name) => name.to_string(),
            None if self.labels.expr(id).len() <= SHORT_EXPRESSION => {
                format!("({})", self.labels.expr(id))
            }
            None => format!("#{}", id.0),
        }
    }

    /// What to call output node `id` of the current output: the name it
    /// was asked for, else the node's.
    pub(super) fn output_name(&self, id: NodeId) -> String {
        let asked = self.output.and_then(|k| self.outputs[k].as_ref());
        asked.cloned().unwrap_or_else(|| self.name(id))
    }

    /// What to call a sweep's seed: the output of a reverse sweep, the
    /// input of a forward one.
    pub(super) fn seed_name(&self, mode: Mode, seed: NodeId) -> String {
        match mode {
            Mode::Forward => self.name(seed),
            _ => self.output_name(seed),
        }
    }
}

impl Trace for Narration<'_> {
    fn output(&mut self, position: usize) {
        self.output = Some(position);
    }

    fn sweep(&mut self, mode: Mode, seed: NodeId) {
        self.seed = Some(seed);
        if self.full(1) {
            return;
        }
        let s = self.seed_name(mode, seed);
        self.tell(format!("{} sweep from {s}: ∂{s}/∂{s} = 1", mode.name()));
    }

    fn edge(&mut self, mode: Mode, step: Step) {
        if self.full(1) {
            return;
        }
        let seed = self.seed_name(mode, self.seed.unwrap_or(step.user));
        let (user, operand) = (self.name(step.user), self.name(step.operand));
        let number = |x| self.digits.format(x);
        let (partial, carried, total) = (
            number(step.partial),
            number(step.carried),
            number(step.total),
        );
        self.tell(match mode {
            Mode::Forward => format!(
                "  ∂{user}/∂{seed} += ∂{user}/∂{operand} (edge) · ∂{operand}/∂{seed} = {partial} · {carried} → {total}"
            ),
            _ => format!(
                "  ∂{seed}/∂{operand} += ∂{seed}/∂{user} · ∂{user}/∂{operand} (edge) = {carried} · {partial} → {total}"
            ),
        });
    }

    fn paths(&mut self, input: NodeId, output: NodeId) {
        if self.full(1) {
            return;
        }
        let (x, out) = (self.name(input), self.output_name(output));
        self.tell(format!(
            "paths from {x} to {out}: ∂{out}/∂{x} = Σ over paths of the product of their edges"
        ));
    }

    fn path(&mut self, path: &PathEdges<'_>) {
        let (nodes, partials, sum) = (path.nodes, path.partials, path.sum);
        if self.full(partials.len()) {
            return;
        }
        let route: Vec<String> = nodes.iter().map(|&id| self.name(id)).collect();
        let route = route.join(" → ");
        let mut product = 1.0;
        for (k, (pair, partial)) in nodes.windows(2).zip(partials).enumerate() {
            product *= partial;
            let lead = if k == 0 {
                route.clone()
            } else {
                " ".repeat(route.chars().count())
            };
            let edge = format!("∂{}/∂{} (edge)", self.name(pair[1]), self.name(pair[0]));
            let number = |x| self.digits.format(x);
            let mut line = format!(
                "  {lead}  × {edge} = {} → {}",
                number(*partial),
                number(product)
            );
            if k + 1 == partials.len() {
                let (x, out) = (self.name(nodes[0]), self.output_name(pair[1]));
                line.push_str(&format!(";  ∂{out}/∂{x} so far: {}", number(sum)));
            }
            self.tell(line);
        }
    }

    fn compares_orders(&self) -> bool {
        true
    }

    fn orders(&mut self, comparison: &Comparison) {
        if self.full(1) {
            return;
        }
        self.tell(super::orders::counts(comparison));
    }

    fn eliminate(&mut self, vertex: NodeId, ins: usize, outs: usize) {
        if self.full(1) {
            return;
        }
        self.tell(format!(
            "eliminate {} ({}, {}): {}",
            self.name(vertex),
            plural(ins, "in-edge", "in-edges"),
            plural(outs, "out-edge", "out-edges"),
            plural(ins * outs, "multiply-add", "multiply-adds")
        ));
    }

    fn fill(&mut self, fill: Fill) {
        if self.full(1) {
            return;
        }
        let (from, through, to) = (
            self.name(fill.from),
            self.name(fill.through),
            self.name(fill.to),
        );
        self.tell(format!(
            "  ∂{to}/∂{from} += ∂{to}/∂{through} · ∂{through}/∂{from} = {} · {} → {}",
            self.digits.format(fill.out_of),
            self.digits.format(fill.into),
            self.digits.format(fill.total)
        ));
    }
}
