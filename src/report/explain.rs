//! `--explain`: the chosen mode narrated as it runs, one line per edge
//! touched, with the numbers it multiplies.
//!
//! ```text
//! reverse sweep from e: ∂e/∂e = 1
//!   ∂e/∂d += ∂e/∂e · ∂e/∂d = 1 · 3 → 3
//!   ...
//! ```
//!
//! Every edge line holds `+=` (reverse, forward, eliminate) or `×` (paths),
//! and no other line does, so the lines can be counted against the edges
//! touched.

use crate::graph::{Graph, NodeId};
use crate::modes::eliminate::Fill;
use crate::modes::{Mode, Step, Trace};

use super::label::Labels;
use super::number::format;
use super::plural;

/// Unnamed nodes longer than this are called by their id.
const SHORT_EXPRESSION: usize = 16;

/// Collects the narration of a run.
pub struct Narration<'g> {
    graph: &'g Graph,
    labels: Labels,
    /// The node a reverse sweep started from, or a forward sweep's input.
    seed: Option<NodeId>,
    lines: Vec<String>,
}

impl<'g> Narration<'g> {
    /// An empty narration for `graph`.
    pub fn new(graph: &'g Graph) -> Narration<'g> {
        Narration {
            graph,
            labels: Labels::of(graph),
            seed: None,
            lines: Vec::new(),
        }
    }

    /// The lines so far.
    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// What to call a node in a formula: its name, its short expression in
    /// parentheses, or `#id`.
    fn name(&self, id: NodeId) -> String {
        match self.graph.name(id) {
            Some(name) => name.to_string(),
            None if self.labels.expr(id).len() <= SHORT_EXPRESSION => {
                format!("({})", self.labels.expr(id))
            }
            None => format!("#{}", id.0),
        }
    }
}

impl Trace for Narration<'_> {
    fn sweep(&mut self, mode: Mode, seed: NodeId) {
        self.seed = Some(seed);
        let s = self.name(seed);
        self.lines
            .push(format!("{} sweep from {s}: ∂{s}/∂{s} = 1", mode.name()));
    }

    fn edge(&mut self, mode: Mode, step: Step) {
        let seed = self.name(self.seed.unwrap_or(step.user));
        let (user, operand) = (self.name(step.user), self.name(step.operand));
        let (partial, carried, total) = (
            format(step.partial),
            format(step.carried),
            format(step.total),
        );
        self.lines.push(match mode {
            Mode::Forward => format!(
                "  ∂{user}/∂{seed} += ∂{user}/∂{operand} · ∂{operand}/∂{seed} = {partial} · {carried} → {total}"
            ),
            _ => format!(
                "  ∂{seed}/∂{operand} += ∂{seed}/∂{user} · ∂{user}/∂{operand} = {carried} · {partial} → {total}"
            ),
        });
    }

    fn paths(&mut self, input: NodeId, output: NodeId) {
        let (x, out) = (self.name(input), self.name(output));
        self.lines.push(format!(
            "paths from {x} to {out}: ∂{out}/∂{x} = Σ over paths of the product of their edges"
        ));
    }

    fn path(&mut self, nodes: &[NodeId], partials: &[f64], sum: f64) {
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
            let edge = format!("∂{}/∂{}", self.name(pair[1]), self.name(pair[0]));
            let mut line = format!(
                "  {lead}  × {edge} = {} → {}",
                format(*partial),
                format(product)
            );
            if k + 1 == partials.len() {
                let (x, out) = (self.name(nodes[0]), self.name(pair[1]));
                line.push_str(&format!(";  ∂{out}/∂{x} so far: {}", format(sum)));
            }
            self.lines.push(line);
        }
    }

    fn eliminate(&mut self, vertex: NodeId, ins: usize, outs: usize) {
        self.lines.push(format!(
            "eliminate {} ({}, {}): {}",
            self.name(vertex),
            plural(ins, "in-edge", "in-edges"),
            plural(outs, "out-edge", "out-edges"),
            plural(ins * outs, "multiply-add", "multiply-adds")
        ));
    }

    fn fill(&mut self, fill: Fill) {
        let (from, through, to) = (
            self.name(fill.from),
            self.name(fill.through),
            self.name(fill.to),
        );
        self.lines.push(format!(
            "  ∂{to}/∂{from} += ∂{to}/∂{through} · ∂{through}/∂{from} = {} · {} → {}",
            format(fill.out_of),
            format(fill.into),
            format(fill.total)
        ));
    }
}
