//! `--stats`: every mode on the same graph, side by side.
//!
//! Each mode runs on the same request; the row records its sweeps, the edges
//! it touched, how long it took, and whether its Jacobian agrees with
//! reverse mode's. A mode that is refused (paths over the limit) gets a row
//! saying so instead of failing the run. Two rows carry more: eliminate's
//! says what the same elimination would cost in Markowitz's, the search's,
//! forward and reverse order (and how long each took to find), and a last
//! row is `--mode auto`'s choice (timed with its counting).

use std::time::{Duration, Instant};

use super::auto::{self, Choice};
use super::eliminate::{self, Comparison};
use super::{reverse, run, Derivatives, Mode, NoTrace, Refused, Request};

/// Relative tolerance for two modes to agree (round-off differs by the order
/// in which each mode adds and multiplies).
pub const AGREEMENT_TOLERANCE: f64 = 1e-9;

/// Keep repeating a fast mode until this much time has passed, and report
/// the fastest run, so that microsecond timings are not noise.
const TIMING_BUDGET: Duration = Duration::from_millis(20);

/// One mode's row.
#[derive(Debug, Clone, PartialEq)]
pub struct StatRow {
    /// The mode (for the auto row, the mode auto chose).
    pub mode: Mode,
    /// Its measurements, or why it was refused.
    pub outcome: Result<Measure, Refused>,
    /// What the row knows beyond its measurements.
    pub detail: Detail,
}

/// What some rows know beyond their measurements.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    /// Nothing more.
    None,
    /// Eliminate's row: the order it used next to Markowitz's, the
    /// search's and forward and reverse mode's.
    Orders(Comparison),
    /// The auto row: what auto counted and chose.
    Auto(Choice),
}

/// What one mode did.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Sweeps (reverse, forward) or path enumerations (paths).
    pub sweeps: usize,
    /// Edges touched.
    pub edges_touched: u64,
    /// Seconds for the fastest run.
    pub seconds: f64,
    /// Largest relative difference from reverse mode's Jacobian.
    pub difference: f64,
}

impl StatRow {
    /// The row's name: the mode's, or `auto`.
    pub fn name(&self) -> &'static str {
        match self.detail {
            Detail::Auto(_) => "auto",
            _ => self.mode.name(),
        }
    }
}

impl Measure {
    /// Whether the mode's Jacobian agrees with reverse mode's.
    pub fn agrees(&self) -> bool {
        self.difference <= AGREEMENT_TOLERANCE
    }
}

/// Runs every mode on `request`, then auto; the first row is reverse mode,
/// the reference — refused, with the others, when it is over its budget.
pub fn compare(request: &Request<'_>) -> Result<Vec<StatRow>, Refused> {
    super::budget::admit(Mode::Reverse, request)?;
    let (reference, reverse_seconds) = timed(|| reverse::run(request));
    let measure = |result: Result<Derivatives, Refused>, seconds| {
        result.map(|derivatives| Measure {
            sweeps: derivatives.sweeps,
            edges_touched: derivatives.edges_touched,
            seconds,
            difference: difference(&reference.jacobian, &derivatives.jacobian),
        })
    };
    let mut rows: Vec<StatRow> = Mode::ALL
        .iter()
        .map(|&mode| {
            let orders = match mode {
                Mode::Eliminate => eliminate::compare(request).ok(),
                _ => None,
            };
            let (result, seconds) = match (mode, &orders) {
                (Mode::Reverse, _) => (Ok(reference.clone()), reverse_seconds),
                // The order is planned once: its time, and the run's.
                (Mode::Eliminate, Some(orders)) => {
                    let (result, seconds) =
                        timed(|| eliminate::run_planned(request, &orders.plan, &mut NoTrace));
                    (result, seconds + orders.chosen.seconds)
                }
                _ => timed(|| run(mode, request)),
            };
            let detail = orders.map_or(Detail::None, Detail::Orders);
            StatRow {
                mode,
                outcome: measure(result, seconds),
                detail,
            }
        })
        .collect();
    let ((choice, result), seconds) = timed(|| {
        let choice = auto::choose(request.graph, request.outputs, request.wrt);
        (choice, run(choice.mode, request))
    });
    rows.push(StatRow {
        mode: choice.mode,
        outcome: measure(result, seconds),
        detail: Detail::Auto(choice),
    });
    Ok(rows)
}

/// Runs `work`, repeating fast runs within the budget; the result and the
/// fastest time in seconds.
fn timed<T>(mut work: impl FnMut() -> T) -> (T, f64) {
    let started = Instant::now();
    let mut fastest = Duration::MAX;
    loop {
        let run_started = Instant::now();
        let result = work();
        fastest = fastest.min(run_started.elapsed());
        if started.elapsed() >= TIMING_BUDGET {
            return (result, fastest.as_secs_f64());
        }
    }
}

/// The largest relative difference between two Jacobians; NaN against NaN
/// and equal infinities count as agreement.
pub fn difference(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(&x, &y)| {
            if x == y || (x.is_nan() && y.is_nan()) {
                0.0
            } else if !(x - y).is_finite() {
                f64::INFINITY
            } else {
                (x - y).abs() / x.abs().max(y.abs()).max(1.0)
            }
        })
        .fold(0.0, f64::max)
}
