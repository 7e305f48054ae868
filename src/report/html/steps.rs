//! A page's steps: one mode run with a [`Recorder`], a trace that hands
//! every event to the `--explain` [`Narration`] first — so each step's
//! sentence is the very line `--explain` prints — and then notes what the
//! step touches on the drawing: the edge multiplied, the node accumulated,
//! the derivative that node now shows, the path lit, the vertex eliminated
//! and the fill-in edge it adds. One step per line of the narration.

use std::collections::BTreeMap;

use serde::Serialize;

use super::places::{Fills, Places};
use super::sums::{Sum, Sums};
use crate::graph::{NodeId, Value};
use crate::modes::eliminate::Fill;
use crate::modes::{Mode, PathEdges, Step, Trace};
use crate::report::explain::{Narration, TooLong};
use crate::report::number::Digits;

/// One step as the page shows it (its JSON, read by `step.js`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageStep {
    /// The sentence: `--explain`'s line.
    pub say: String,
    /// Edges touched so far, this step's included.
    pub touched: u64,
    /// A new sweep (or path sum) starts: what the last one showed is cleared.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reset: bool,
    /// The edge multiplied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edge: Option<usize>,
    /// The node accumulated (or eliminated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<usize>,
    /// A box and the derivative it shows from now on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<(usize, String)>,
    /// Paths mode: the edges of the path lit from now on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<usize>>,
    /// Elimination: the box removed from now on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gone: Option<usize>,
    /// Elimination: the fill-in edge multiplied into, and its label now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill: Option<(usize, String)>,
    /// On a sweep's first step: each box's chain-rule sum in that sweep.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sums: Option<BTreeMap<usize, Sum>>,
}

/// Records one mode's run as steps (see the module's docs).
pub struct Recorder<'r> {
    narration: Narration<'r>,
    places: &'r Places,
    /// The outputs: eliminating one keeps its box (a copy holds it).
    outputs: &'r [Value],
    digits: Digits,
    steps: Vec<PageStep>,
    touched: u64,
    /// The seed of the sweep under way.
    seed: Option<NodeId>,
    /// The sums of the sweep under way, for its first step.
    sums: Option<(usize, Sums)>,
    fills: Fills,
}

/// A recorded run: its steps, and the fill-in edges elimination added.
pub struct Recorded {
    /// One per narration line.
    pub steps: Vec<PageStep>,
    /// Elimination's fill-in edges (none in other modes).
    pub fills: Fills,
}

impl<'r> Recorder<'r> {
    /// A recorder narrating into `narration`, placing steps by `places`.
    pub fn new(
        narration: Narration<'r>,
        places: &'r Places,
        outputs: &'r [Value],
        digits: Digits,
    ) -> Recorder<'r> {
        Recorder {
            narration,
            places,
            outputs,
            digits,
            steps: Vec::new(),
            touched: 0,
            seed: None,
            sums: None,
            fills: Fills::default(),
        }
    }

    /// The steps, each with its sentence; or that the narration grew past
    /// its limit.
    pub fn finish(mut self) -> Result<Recorded, TooLong> {
        self.close_sums();
        let lines = self.narration.lines()?;
        debug_assert_eq!(lines.len(), self.steps.len(), "one step per line");
        for (step, line) in self.steps.iter_mut().zip(lines) {
            step.say.clone_from(line);
        }
        Ok(Recorded {
            steps: self.steps,
            fills: self.fills,
        })
    }

    /// Whether the narration still holds lines: past its limit nothing more
    /// is recorded (the run is refused at [`Recorder::finish`]).
    fn recording(&mut self) -> bool {
        if self.narration.overflowed() {
            self.steps = Vec::new();
            self.sums = None;
        }
        !self.narration.overflowed()
    }

    /// Adds a step; `edges` of them were touched.
    fn push(&mut self, edges: u64, step: PageStep) {
        self.touched += edges;
        self.steps.push(PageStep {
            touched: self.touched,
            ..step
        });
    }

    /// Starts a sweep's (or path sum's) sums at the next step.
    fn open_sums(&mut self, sums: Sums) {
        self.close_sums();
        self.sums = Some((self.steps.len(), sums));
    }

    /// Writes the sums of the sweep that ends into its first step.
    fn close_sums(&mut self) {
        if let Some((first, sums)) = self.sums.take() {
            if let Some(step) = self.steps.get_mut(first) {
                step.sums = Some(sums.texts(&self.narration, self.places, self.digits));
            }
        }
    }

    fn number(&self, x: f64) -> String {
        self.digits.format(x)
    }
}

impl Trace for Recorder<'_> {
    fn output(&mut self, position: usize) {
        self.narration.output(position);
    }

    fn sweep(&mut self, mode: Mode, seed: NodeId) {
        self.narration.sweep(mode, seed);
        if !self.recording() {
            return;
        }
        self.seed = Some(seed);
        let node = self.places.node(seed);
        let s = self.narration.seed_name(mode, seed);
        self.open_sums(Sums::sweep(mode, seed, s.clone()));
        self.push(
            0,
            PageStep {
                reset: true,
                node,
                mark: node.map(|k| (k, format!("∂{s}/∂{s} = 1"))),
                ..PageStep::default()
            },
        );
    }

    fn edge(&mut self, mode: Mode, step: Step) {
        self.narration.edge(mode, step);
        if !self.recording() {
            return;
        }
        let seed = self
            .narration
            .seed_name(mode, self.seed.unwrap_or(step.user));
        let (accumulated, mark) = match mode {
            Mode::Forward => {
                let user = self.narration.name(step.user);
                (
                    step.user,
                    format!("∂{user}/∂{seed} = {}", self.number(step.total)),
                )
            }
            _ => {
                let operand = self.narration.name(step.operand);
                (
                    step.operand,
                    format!("∂{seed}/∂{operand} = {}", self.number(step.total)),
                )
            }
        };
        // This step is the page's step number `steps.len() + 1`.
        let added = self.steps.len() + 1;
        if let Some((_, sums)) = self.sums.as_mut() {
            sums.step(&step, added);
        }
        let node = self.places.node(accumulated);
        self.push(
            1,
            PageStep {
                edge: self.places.edge(step.user, step.slot),
                node,
                mark: node.map(|k| (k, mark)),
                ..PageStep::default()
            },
        );
    }

    fn paths(&mut self, input: NodeId, output: NodeId) {
        self.narration.paths(input, output);
        if !self.recording() {
            return;
        }
        let (x, out) = (
            self.narration.name(input),
            self.narration.output_name(output),
        );
        self.open_sums(Sums::paths(input, output, out.clone()));
        let start = if input == output { 1.0 } else { 0.0 };
        let node = self.places.node(output);
        self.push(
            0,
            PageStep {
                reset: true,
                node,
                mark: node.map(|k| (k, format!("∂{out}/∂{x} = {}", self.number(start)))),
                ..PageStep::default()
            },
        );
    }

    fn path(&mut self, path: &PathEdges<'_>) {
        self.narration.path(path);
        if !self.recording() {
            return;
        }
        let users = path.nodes.iter().skip(1);
        let edges: Vec<Option<usize>> = users
            .zip(path.slots)
            .map(|(&user, &slot)| self.places.edge(user, slot))
            .collect();
        // The product is added at the path's last edge.
        let added = self.steps.len() + edges.len();
        if let Some((_, sums)) = self.sums.as_mut() {
            sums.path(path, added);
        }
        let (input, output) = (path.nodes[0], path.nodes[path.nodes.len() - 1]);
        let sum = format!(
            "∂{}/∂{} = {}",
            self.narration.output_name(output),
            self.narration.name(input),
            self.number(path.sum)
        );
        for (k, (edge, user)) in edges.iter().zip(&path.nodes[1..]).enumerate() {
            let last = k + 1 == edges.len();
            self.push(
                1,
                PageStep {
                    edge: *edge,
                    node: self.places.node(*user),
                    path: (k == 0).then(|| edges.iter().flatten().copied().collect()),
                    mark: last
                        .then(|| self.places.node(output).map(|k| (k, sum.clone())))
                        .flatten(),
                    ..PageStep::default()
                },
            );
        }
    }

    fn eliminate(&mut self, vertex: NodeId, ins: usize, outs: usize) {
        self.narration.eliminate(vertex, ins, outs);
        if !self.recording() {
            return;
        }
        let node = self.places.node(vertex);
        let output = self.outputs.contains(&Value::Node(vertex));
        self.push(
            0,
            PageStep {
                node,
                gone: node.filter(|_| !output),
                ..PageStep::default()
            },
        );
    }

    fn fill(&mut self, fill: Fill) {
        self.narration.fill(fill);
        if !self.recording() {
            return;
        }
        let ends = (self.places.node(fill.from), self.places.node(fill.to));
        let label = format!(
            "∂{}/∂{} = {}",
            self.narration.name(fill.to),
            self.narration.name(fill.from),
            self.number(fill.total)
        );
        let fill_edge = match ends {
            (Some(from), Some(to)) => Some((self.fills.of(from, to), label)),
            _ => None,
        };
        self.push(
            1,
            PageStep {
                node: self.places.node(fill.through),
                fill: fill_edge,
                ..PageStep::default()
            },
        );
    }
}
