//! Chain-rule sums, what a click on a box shows: in a reverse sweep from
//! e, `∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2·1 + 3·1 = 5`, one term per
//! edge leaving b; in a forward sweep from b, the mirror, one term per edge
//! entering the node; in paths mode, the sum of the path products at the
//! input and the output. Gathered from the sweep's own steps, as they
//! happen, and named as `--explain` names nodes.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::places::Places;
use crate::graph::NodeId;
use crate::modes::{Mode, PathEdges, Step};
use crate::report::explain::Narration;
use crate::report::number::Digits;

/// The most terms a sum spells out; the rest are counted.
const MAX_TERMS: usize = 12;
/// The longest path whose factors a paths sum spells out; a longer one
/// shows its product.
const MAX_FACTORS: usize = 6;

/// The sums of one sweep or path sum, gathered step by step.
pub struct Sums {
    kind: Kind,
    /// What the narration calls the sweep's seed (paths: the output), as
    /// it was named when the sweep began.
    called: String,
    /// Reverse and forward: each node's terms, and its total so far.
    terms: FxHashMap<u32, (Vec<Term>, f64)>,
    /// Paths: each path's factors (up to [`MAX_FACTORS`]) and product.
    paths: Vec<(Vec<f64>, f64)>,
    /// Paths: the step each path's product is added at.
    added: Vec<usize>,
    /// Paths: their sum so far, and how many there were.
    sum: (f64, usize),
}

/// A box's chain-rule sum as the page shows it (its JSON, read by
/// `step.js`): the whole sum, and when each of its terms is added, so that
/// a click before the sweep is done can say how far it has got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sum {
    /// The sum when the sweep is done.
    pub text: String,
    /// The step (counted from 1, as the page counts) at which each term
    /// is added, in the order the sweep adds them.
    pub added: Vec<usize>,
    /// The box whose derivative is the running total: the box itself in
    /// a sweep, the output of a path sum.
    pub running: usize,
}

enum Kind {
    /// One term per edge leaving the node: ∂out/∂user · ∂user/∂node.
    Reverse,
    /// One term per edge entering it: ∂node/∂operand · ∂operand/∂x.
    Forward,
    Paths {
        input: NodeId,
        output: NodeId,
    },
}

/// One edge's term: the node across the edge, its slot, the two factors
/// in the order they are written, and the step that adds it.
struct Term {
    other: NodeId,
    slot: usize,
    factors: (f64, f64),
    added: usize,
}

impl Sums {
    /// The sums of a reverse or forward sweep from `seed`, which the
    /// narration calls `called`.
    pub fn sweep(mode: Mode, seed: NodeId, called: String) -> Sums {
        let kind = match mode {
            Mode::Forward => Kind::Forward,
            _ => Kind::Reverse,
        };
        let mut sums = Sums::of(kind, called);
        sums.terms.insert(seed.0, (Vec::new(), 1.0));
        sums
    }

    /// The sum over the paths from `input` to `output`, which the
    /// narration calls `called`.
    pub fn paths(input: NodeId, output: NodeId, called: String) -> Sums {
        let sum = (if input == output { 1.0 } else { 0.0 }, 0);
        Sums {
            sum,
            ..Sums::of(Kind::Paths { input, output }, called)
        }
    }

    fn of(kind: Kind, called: String) -> Sums {
        Sums {
            kind,
            called,
            terms: FxHashMap::default(),
            paths: Vec::new(),
            added: Vec::new(),
            sum: (0.0, 0),
        }
    }

    /// One edge of the sweep, the page's step number `added`.
    pub fn step(&mut self, step: &Step, added: usize) {
        let (node, term) = match self.kind {
            Kind::Forward => (
                step.user,
                Term {
                    other: step.operand,
                    slot: step.slot,
                    factors: (step.partial, step.carried),
                    added,
                },
            ),
            _ => (
                step.operand,
                Term {
                    other: step.user,
                    slot: step.slot,
                    factors: (step.carried, step.partial),
                    added,
                },
            ),
        };
        let entry = self.terms.entry(node.0).or_default();
        entry.0.push(term);
        entry.1 = step.total;
    }

    /// One path of the sum, added at the page's step number `added`.
    pub fn path(&mut self, path: &PathEdges<'_>, added: usize) {
        let product = path.partials.iter().product();
        let factors = match path.partials.len() <= MAX_FACTORS {
            true => path.partials.to_vec(),
            false => Vec::new(),
        };
        if self.paths.len() < MAX_TERMS {
            self.paths.push((factors, product));
        }
        self.added.push(added);
        self.sum = (path.sum, self.sum.1 + 1);
    }

    /// Each box's sum.
    pub fn texts(
        &self,
        narration: &Narration<'_>,
        places: &Places,
        digits: Digits,
    ) -> BTreeMap<usize, Sum> {
        let text = Text {
            narration,
            called: &self.called,
            digits,
        };
        match self.kind {
            Kind::Reverse | Kind::Forward => self
                .terms
                .iter()
                .filter_map(|(&id, (terms, total))| {
                    let node = NodeId(id);
                    let forward = matches!(self.kind, Kind::Forward);
                    let running = places.node(node)?;
                    let sum = Sum {
                        text: text.chain_rule(forward, node, terms, *total),
                        added: terms.iter().map(|term| term.added).collect(),
                        running,
                    };
                    Some((running, sum))
                })
                .collect(),
            Kind::Paths { input, output } => {
                let Some(running) = places.node(output) else {
                    return BTreeMap::new();
                };
                let sum = Sum {
                    text: text.path_sum(input, output, &self.paths, self.sum),
                    added: self.added.clone(),
                    running,
                };
                [input, output]
                    .into_iter()
                    .filter_map(|node| Some((places.node(node)?, sum.clone())))
                    .collect()
            }
        }
    }
}

/// Writes sums with the narration's names and numbers.
struct Text<'n, 'g> {
    narration: &'n Narration<'g>,
    called: &'n str,
    digits: Digits,
}

impl Text<'_, '_> {
    /// `∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2·1 + 3·1 = 5` (reverse), or
    /// its mirror (forward); terms in the order of the nodes across.
    fn chain_rule(&self, forward: bool, node: NodeId, terms: &[Term], total: f64) -> String {
        let name = |id| self.narration.name(id);
        let (node_name, called) = (name(node), self.called);
        let left = match forward {
            true => format!("∂{node_name}/∂{called}"),
            false => format!("∂{called}/∂{node_name}"),
        };
        if terms.is_empty() {
            return format!("{left} = 1: the sweep starts here");
        }
        let mut sorted: Vec<&Term> = terms.iter().collect();
        sorted.sort_by_key(|term| (term.other, term.slot));
        let symbols: Vec<String> = sorted
            .iter()
            .map(|term| {
                let other = name(term.other);
                match forward {
                    true => format!("∂{node_name}/∂{other}·∂{other}/∂{called}"),
                    false => format!("∂{called}/∂{other}·∂{other}/∂{node_name}"),
                }
            })
            .collect();
        let numbers: Vec<String> = sorted
            .iter()
            .map(|term| {
                format!(
                    "{}·{}",
                    self.factor(term.factors.0),
                    self.factor(term.factors.1)
                )
            })
            .collect();
        format!(
            "{left} = {} = {} = {}",
            joined(&symbols),
            joined(&numbers),
            self.digits.format(total)
        )
    }

    /// `∂e/∂b = Σ over 2 paths: 1·2 + 1·3 = 5`.
    fn path_sum(
        &self,
        input: NodeId,
        output: NodeId,
        paths: &[(Vec<f64>, f64)],
        (sum, count): (f64, usize),
    ) -> String {
        let (x, out) = (self.narration.name(input), self.called);
        let left = format!("∂{out}/∂{x}");
        match count {
            _ if input == output => format!("{left} = 1"),
            0 => format!("{left} = 0: no path from {x} to {out}"),
            _ => {
                let mut terms: Vec<String> = paths
                    .iter()
                    .map(|(factors, product)| match factors.is_empty() {
                        true => self.factor(*product),
                        false => {
                            let factors: Vec<String> =
                                factors.iter().map(|&f| self.factor(f)).collect();
                            factors.join("·")
                        }
                    })
                    .collect();
                if count > paths.len() {
                    terms.push(format!("… ({} more)", count - paths.len()));
                }
                format!(
                    "{left} = Σ over {}: {} = {}",
                    crate::report::plural(count, "path", "paths"),
                    terms.join(" + "),
                    self.digits.format(sum)
                )
            }
        }
    }

    /// A factor, in parentheses when negative: `2·(-1)`.
    fn factor(&self, x: f64) -> String {
        let text = self.digits.format(x);
        match text.starts_with('-') {
            true => format!("({text})"),
            false => text,
        }
    }
}

/// Terms joined by ` + `, the first [`MAX_TERMS`] spelled out.
fn joined(terms: &[String]) -> String {
    let mut text = terms[..terms.len().min(MAX_TERMS)].join(" + ");
    if terms.len() > MAX_TERMS {
        text.push_str(&format!(" + … ({} more)", terms.len() - MAX_TERMS));
    }
    text
}
