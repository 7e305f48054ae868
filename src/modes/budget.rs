//! What a run may cost, judged before it starts.
//!
//! Two budgets bound every mode: the nodes its sweeps visit (time), and the
//! derivatives it keeps — per node and per Jacobian entry — for the report
//! (memory, and the size of what is printed). A run over either is refused
//! before it allocates, with the estimate and the cheaper way; paths mode
//! has its own limit on the paths it enumerates ([`TooManyPaths`]).
//!
//! The estimates: paths mode multiplies along every edge of every path
//! (counted with the paths, before any is walked; its own budget,
//! [`MAX_PATH_EDGES`]);
//! reverse mode visits the nodes up to each output, one
//! sweep per output, and keeps every node's adjoint per output; forward mode
//! visits the nodes above each input, one sweep per input, and keeps the
//! derivatives of the nodes that depend on each input (counted exactly,
//! 64 inputs at a time, before any sweep); every mode keeps its Jacobian.

use std::fmt;

use super::eliminate::Abandoned;
use super::ordering::optimal;
use super::{paths, Mode, Request, TooManyPaths};
use crate::error::InputError;
use crate::graph::{Graph, NodeId, Value};

/// The most nodes a run's sweeps may visit, all sweeps together.
pub const MAX_VISITS: u64 = 2_000_000_000;

/// The most edges paths mode may multiply along, all paths together: a
/// long path walks memory far apart, so an edge can cost tens of
/// nanoseconds.
pub const MAX_PATH_EDGES: u64 = 200_000_000;

/// The most entries a Hessian may have (1,000 inputs): each is printed,
/// and `check` judges each with its own differences.
pub const MAX_HESSIAN_ENTRIES: u64 = 1_000_000;

/// The most derivatives a run may keep: per-node columns and the Jacobian.
pub const MAX_KEPT: u64 = 32_000_000;

/// The most multiply-adds a vertex elimination may take: it cannot be
/// estimated before it runs (fill-in), so it is abandoned when it gets
/// there, and each is a hash-map update, dearer than a sweep's edge.
pub const MAX_FILLS: u64 = 20_000_000;

/// Why a mode did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Paths mode: more paths than `--max-paths`.
    Paths(TooManyPaths),
    /// Over one of the budgets.
    Cost(OverBudget),
    /// `--elimination-order optimal` gave no proved order.
    Order(optimal::Refused),
}

/// A run over one of the budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverBudget {
    /// The mode refused (`None`: the Hessian, `--order 2`).
    pub mode: Option<Mode>,
    /// Which budget.
    pub budget: Budget,
    /// The estimate.
    pub estimate: u64,
    /// Sweeps the run would take.
    pub sweeps: u64,
}

/// The two budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    /// [`MAX_VISITS`].
    Visits,
    /// [`MAX_KEPT`].
    Kept,
    /// [`MAX_FILLS`].
    Fills,
    /// [`MAX_PATH_EDGES`].
    PathEdges,
    /// [`MAX_HESSIAN_ENTRIES`].
    Entries,
}

impl Budget {
    /// The budget's limit.
    pub fn limit(self) -> u64 {
        match self {
            Budget::Visits => MAX_VISITS,
            Budget::Kept => MAX_KEPT,
            Budget::Fills => MAX_FILLS,
            Budget::PathEdges => MAX_PATH_EDGES,
            Budget::Entries => MAX_HESSIAN_ENTRIES,
        }
    }
}

/// Refuses `mode` on `request` when its estimate is over a budget.
pub fn admit(mode: Mode, request: &Request<'_>) -> Result<(), Refused> {
    let outputs = request.outputs.len() as u64;
    let jacobian = outputs.saturating_mul(request.wrt.len() as u64);
    let (sweeps, time, kept) = match mode {
        Mode::Reverse => {
            let swept = nodes(request.outputs);
            let visits = swept.iter().map(|out| out.index() as u64 + 1).sum();
            let columns = outputs.saturating_mul(request.graph.len() as u64);
            (swept.len() as u64, (Budget::Visits, visits), columns)
        }
        Mode::Forward => {
            let len = request.graph.len() as u64;
            let visits = request.wrt.iter().map(|x| len - x.index() as u64).sum();
            let kept = match visits > MAX_VISITS {
                true => 0,
                false => dependent_pairs(request.graph, request.wrt),
            };
            (request.wrt.len() as u64, (Budget::Visits, visits), kept)
        }
        // Paths mode keeps every node's path count per output (and counting
        // the path edges builds them): judged before they are counted.
        Mode::Paths => {
            let columns = outputs.saturating_mul(request.graph.len() as u64);
            let kept = columns.saturating_add(jacobian);
            if kept > MAX_KEPT {
                return Err(Refused::Cost(OverBudget {
                    mode: Some(mode),
                    budget: Budget::Kept,
                    estimate: kept,
                    sweeps: jacobian,
                }));
            }
            (jacobian, (Budget::PathEdges, path_edges(request)?), columns)
        }
        // Fill-in cannot be told before it runs: the elimination abandons
        // itself at MAX_FILLS; only its Jacobian is judged here.
        Mode::Eliminate => (0, (Budget::Fills, 0), 0),
    };
    let over = [time, (Budget::Kept, kept.saturating_add(jacobian))]
        .into_iter()
        .find(|&(budget, estimate)| estimate > budget.limit());
    match over {
        Some((budget, estimate)) => Err(Refused::Cost(OverBudget {
            mode: Some(mode),
            budget,
            estimate,
            sweeps,
        })),
        None => Ok(()),
    }
}

/// The edges on paths mode's paths, once their number is within
/// `--max-paths`.
fn path_edges(request: &Request<'_>) -> Result<u64, Refused> {
    let counts = paths::count(request.graph, request.outputs);
    let total = paths::total(&counts, request.wrt);
    if total > request.max_paths {
        return Err(Refused::Paths(TooManyPaths {
            paths: total,
            limit: request.max_paths,
            edges: request.graph.edge_count(),
        }));
    }
    let edges = paths::path_edges(request.graph, request.outputs, &counts, request.wrt);
    Ok(u64::try_from(edges).unwrap_or(u64::MAX))
}

/// Refuses a Hessian by `inputs` of one output when its sweeps (one
/// reverse, then a forward and a reverse per input) would visit more than
/// [`MAX_VISITS`] nodes or its matrix would hold more than [`MAX_HESSIAN_ENTRIES`]
/// entries.
pub fn admit_hessian(graph: &Graph, inputs: usize) -> Result<(), OverBudget> {
    let sweeps = 1 + 2 * inputs as u64;
    let visits = sweeps.saturating_mul(graph.len() as u64);
    let entries = (inputs as u64).saturating_mul(inputs as u64);
    let over = |budget: Budget, estimate: u64| {
        (estimate > budget.limit()).then_some(OverBudget {
            mode: None,
            budget,
            estimate,
            sweeps,
        })
    };
    match over(Budget::Visits, visits).or(over(Budget::Entries, entries)) {
        Some(refused) => Err(refused),
        None => Ok(()),
    }
}

/// Whether a dense Hessian by `inputs` inputs is within
/// [`MAX_HESSIAN_ENTRIES`] (past it, `eval` writes the Hessian sparse).
pub fn dense_hessian_fits(inputs: usize) -> bool {
    (inputs as u64).saturating_mul(inputs as u64) <= MAX_HESSIAN_ENTRIES
}

/// The outputs that are nodes (a constant output needs no sweep).
fn nodes(outputs: &[Value]) -> Vec<NodeId> {
    outputs
        .iter()
        .filter_map(|output| match *output {
            Value::Node(id) => Some(id),
            Value::Const(_) => None,
        })
        .collect()
}

/// How many (node, input) pairs there are where the node depends on one of
/// `wrt` through edges: what forward mode keeps, at most (an `if`'s edges
/// not taken count here). One pass over the graph per 64 inputs, a bit per
/// input.
pub fn dependent_pairs(graph: &Graph, wrt: &[NodeId]) -> u64 {
    let mut pairs = 0;
    let mut reached = vec![0u64; graph.len()];
    for group in wrt.chunks(64) {
        let from = group.iter().map(|x| x.index()).min().unwrap_or(0);
        reached.fill(0);
        for (bit, x) in group.iter().enumerate() {
            reached[x.index()] |= 1 << bit;
        }
        for id in from..graph.len() {
            let instruction = graph.instruction(id);
            let from_operands = (0..3)
                .filter_map(|slot| instruction.edge(slot))
                .fold(0, |bits, operand| bits | reached[operand.index()]);
            reached[id] |= from_operands;
            pairs += u64::from(reached[id].count_ones());
        }
    }
    pairs
}

impl Refused {
    /// The refusal in a few words, for a table cell.
    pub fn brief(&self) -> String {
        match self {
            Refused::Paths(refused) => format!(
                "skipped: {} > --max-paths {}",
                super::paths::describe_paths(refused.paths),
                refused.limit
            ),
            Refused::Cost(refused) => {
                let what = match refused.budget {
                    Budget::PathEdges => "path edges",
                    Budget::Visits => "node visits",
                    Budget::Kept | Budget::Entries => "derivatives kept",
                    Budget::Fills => "multiply-adds",
                };
                let limit = refused.budget.limit();
                format!("skipped: {} {what} > budget {limit}", refused.estimate)
            }
            Refused::Order(optimal::Refused::Size { pending, vertices }) => {
                format!("skipped: too large for optimal ({pending} of {vertices} vertices)")
            }
            Refused::Order(optimal::Refused::States { lower, best }) => {
                format!("skipped: optimum not proved in [{lower}, {best}]")
            }
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Paths(refused) => refused.fmt(f),
            Refused::Cost(refused) => refused.fmt(f),
            Refused::Order(refused) => refused.fmt(f),
        }
    }
}

impl fmt::Display for OverBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.mode {
            Some(mode) => format!("{} mode", mode.name()),
            None => "--order 2".to_string(),
        };
        let (estimate, limit) = (self.estimate, self.budget.limit());
        match self.budget {
            Budget::PathEdges => write!(
                f,
                "{what} refused: its paths have {estimate} edges to multiply along, more \
                 than the budget of {limit}"
            )?,
            Budget::Visits => write!(
                f,
                "{what} refused: its {} {} would visit {estimate} nodes, more than the \
                 budget of {limit}",
                self.sweeps,
                if self.sweeps == 1 { "sweep" } else { "sweeps" }
            )?,
            Budget::Kept | Budget::Entries => write!(
                f,
                "{what} refused: it would keep {estimate} derivatives (about {} MB), more than \
                 the budget of {limit}",
                estimate * 12 / 1_000_000
            )?,
            Budget::Fills => write!(
                f,
                "{what} refused: its elimination went past the budget of {limit} multiply-adds \
                 and was abandoned"
            )?,
        }
        f.write_str(match (self.mode, self.budget) {
            (Some(Mode::Forward), _) => {
                "; reverse mode takes one sweep per output: use --mode reverse (or --mode auto), \
                 or sweep from fewer inputs with --wrt"
            }
            (Some(Mode::Reverse), _) => {
                "; forward mode takes one sweep per input: use --mode forward (or --mode auto), \
                 or name fewer outputs with --of"
            }
            (Some(_), Budget::Kept) => "; name fewer outputs with --of or fewer inputs with --wrt",
            (Some(_), _) => {
                "; reverse mode touches each edge at most once per output: use --mode reverse"
            }
            (None, _) => "; take the Hessian by fewer inputs with --wrt",
        })
    }
}

impl std::error::Error for Refused {}

impl From<Abandoned> for Refused {
    fn from(_: Abandoned) -> Refused {
        Refused::Cost(OverBudget {
            mode: Some(Mode::Eliminate),
            budget: Budget::Fills,
            estimate: MAX_FILLS,
            sweeps: 0,
        })
    }
}

impl From<TooManyPaths> for Refused {
    fn from(refused: TooManyPaths) -> Refused {
        Refused::Paths(refused)
    }
}

/// A refusal is bad input (exit 2): the user asked for too much.
impl From<Refused> for InputError {
    fn from(refused: Refused) -> InputError {
        InputError::new(refused.to_string())
    }
}

/// A refused Hessian is bad input (exit 2).
impl From<OverBudget> for InputError {
    fn from(refused: OverBudget) -> InputError {
        InputError::new(refused.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::build;

    #[test]
    fn dependent_pairs_counts_each_node_once_per_input_it_depends_on() {
        // a b (a+b) (b+1) e: a reaches a, c, e; b reaches b, c, d, e.
        let program = build("c = a + b; d = b + 1; e = c * d").unwrap();
        let graph = &program.graph;
        assert_eq!(dependent_pairs(graph, graph.inputs()), 7);
        assert_eq!(dependent_pairs(graph, &graph.inputs()[..1]), 3);
    }

    #[test]
    fn dependent_pairs_past_64_inputs() {
        let source: Vec<String> = (0..130).map(|i| format!("s{i} = x{i} * 2")).collect();
        let source = source.join("; ") + "; y = s0 + s129";
        let program = build(&source).unwrap();
        let graph = &program.graph;
        // each x_i and its s_i; y (and the sum's own node) depend on x0 and x129
        let single: u64 = 130 * 2;
        assert_eq!(dependent_pairs(graph, graph.inputs()), single + 2);
    }
}
