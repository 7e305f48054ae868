//! Sparse Jacobians and Hessians: most paths do not exist, and the sum over
//! them need not be computed.
//!
//! Three steps, each in its own file:
//!
//! 1. [`pattern`]: which entries can be non-zero, read off the graph
//!    without evaluating anything — which inputs reach which outputs
//!    (Jacobian), and which pairs of inputs meet in a node whose second
//!    derivative is not identically 0 (Hessian).
//! 2. [`colour`]: inputs (or outputs) that no row has two of may share a
//!    sweep; a greedy colouring groups them — distance-2 for a Jacobian's
//!    columns or rows, star colouring for a Hessian (Gebremedhin, Manne and
//!    Pothen, "What color is your Jacobian?", SIAM Review 47, 2005).
//! 3. [`jacobian`] and [`hessian`]: one sweep per colour, seeded at every
//!    input (or output) of the colour at once, and each non-zero read back
//!    from the one sweep where nothing else is added to it.
//!
//! Rosenbrock's Hessian of 100,000 inputs is tridiagonal: three colours, so
//! seven sweeps do the work of 200,001.

pub mod colour;
pub mod hessian;
pub mod jacobian;
pub mod pattern;

use std::fmt;

pub use colour::Colouring;
pub use pattern::Pattern;

use crate::error::InputError;

/// A sparse matrix: its pattern and a value per entry, in the pattern's
/// order (row by row, columns ascending).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Where the entries are.
    pub pattern: Pattern,
    /// `values[e]`: entry e of the pattern.
    pub values: Vec<f64>,
}

impl Matrix {
    /// The matrix of `pattern` when it holds no entry: nothing swept.
    pub fn zero(pattern: &Pattern, dense_sweeps: usize) -> (Matrix, Cost) {
        let matrix = Matrix {
            pattern: pattern.clone(),
            values: Vec::new(),
        };
        let cost = Cost {
            sweeps: 0,
            dense_sweeps,
            edges_touched: 0,
        };
        (matrix, cost)
    }

    /// Every entry as `(row, column, value)`, row by row.
    pub fn entries(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.pattern
            .entries()
            .zip(&self.values)
            .map(|((row, col), &value)| (row, col, value))
    }
}

/// Where an entry of a compressed computation is read: in the sweep of
/// `colour`, at `at` — the output (a forward Jacobian sweep), the input (a
/// reverse one) or the Hessian row (forward over reverse) whose sum holds
/// the entry alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    /// The sweep: its colour.
    pub colour: usize,
    /// The row or column read.
    pub at: usize,
}

/// What a compressed computation cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// Sweeps run (a Hessian's count its reverse sweep, then a forward and a
    /// reverse sweep per colour).
    pub sweeps: usize,
    /// The sweeps the dense computation would run.
    pub dense_sweeps: usize,
    /// Edges touched by the sweeps, counted as they ran.
    pub edges_touched: u64,
}

/// A sparse computation that would cost more than its budget: refused
/// before it starts, naming the estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDense {
    /// What would grow: "index sets", "pairs", ...
    pub what: &'static str,
    /// The estimate (or the count reached when it was stopped).
    pub estimate: u64,
    /// The limit.
    pub limit: u64,
}

impl fmt::Display for TooDense {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the sparsity pattern is too dense to find: its {} would pass {} (limit {}); the matrix is not sparse enough to compute sparsely — narrow it with --wrt (or, for a Jacobian, --of)",
            self.what, self.estimate, self.limit
        )
    }
}

impl std::error::Error for TooDense {}

impl From<TooDense> for InputError {
    fn from(refused: TooDense) -> InputError {
        InputError::new(refused.to_string())
    }
}
