//! What the library hands back: gradients, Jacobians and Hessians with the
//! names of their rows and columns, and gradients at many points.

use std::ops::Index;

use super::Mode;
use crate::modes::batch::Results;

/// A gradient: one derivative per input, by name or in order.
///
/// ```
/// let program = dgraph::Program::parse("y = a * b")?;
/// let gradient = program.at(&[("a", 2.0), ("b", 5.0)])?.gradient()?;
/// assert_eq!(gradient["a"], 5.0);
/// assert_eq!(gradient.get("c"), None);
/// assert_eq!(gradient.values(), [5.0, 2.0]);
/// # Ok::<(), dgraph::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Gradient {
    names: Vec<String>,
    values: Vec<f64>,
}

impl Gradient {
    pub(super) fn new(names: Vec<String>, values: Vec<f64>) -> Gradient {
        Gradient { names, values }
    }

    /// The derivative by the input `name`, if it is one.
    pub fn get(&self, name: &str) -> Option<f64> {
        let position = self.names.iter().position(|n| n == name)?;
        Some(self.values[position])
    }

    /// The inputs, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The derivatives, in the order of [`Gradient::names`].
    pub fn values(&self) -> &[f64] {
        &self.values
    }
}

impl Index<&str> for Gradient {
    type Output = f64;

    /// The derivative by the input `name`.
    ///
    /// # Panics
    ///
    /// If `name` is no input of the gradient ([`Gradient::get`] asks).
    fn index(&self, name: &str) -> &f64 {
        match self.names.iter().position(|n| n == name) {
            Some(position) => &self.values[position],
            None => panic!("`{name}` is not an input of this gradient"),
        }
    }
}

/// A Jacobian: a row per output, a column per input, and what computing
/// it cost.
///
/// ```
/// let program = dgraph::Program::parse("u = x * y; v = x + y")?.of(&["u", "v"])?;
/// let jacobian = program.at(&[("x", 2.0), ("y", 3.0)])?.jacobian(dgraph::Mode::Reverse)?;
/// assert_eq!(jacobian.outputs(), ["u", "v"]);
/// assert_eq!(jacobian.inputs(), ["x", "y"]);
/// assert_eq!(jacobian.row(0), [3.0, 2.0]);
/// assert_eq!(jacobian.get("v", "y"), Some(1.0));
/// # Ok::<(), dgraph::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Jacobian {
    pub(super) outputs: Vec<String>,
    pub(super) inputs: Vec<String>,
    pub(super) rows: Vec<Vec<f64>>,
    pub(super) mode: Mode,
    pub(super) edges_touched: u64,
}

impl Jacobian {
    /// ∂`output`/∂`input`, if both are in the Jacobian.
    pub fn get(&self, output: &str, input: &str) -> Option<f64> {
        let row = self.outputs.iter().position(|n| n == output)?;
        let column = self.inputs.iter().position(|n| n == input)?;
        Some(self.rows[row][column])
    }

    /// Output number `i`'s row: its derivative by each input, in order.
    ///
    /// # Panics
    ///
    /// If there is no output number `i` (see [`Jacobian::outputs`]).
    pub fn row(&self, i: usize) -> &[f64] {
        &self.rows[i]
    }

    /// The outputs (rows), in order.
    pub fn outputs(&self) -> &[String] {
        &self.outputs
    }

    /// The inputs (columns), in order.
    pub fn inputs(&self) -> &[String] {
        &self.inputs
    }

    /// The mode that ran (for [`Mode::Auto`], the one it chose).
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Edges whose local derivative was multiplied, counted as it
    /// happened.
    pub fn edges_touched(&self) -> u64 {
        self.edges_touched
    }
}

/// A Hessian: the second derivatives of one output by each pair of
/// inputs.
///
/// ```
/// let program = dgraph::Program::parse("f = sin(x) * y")?;
/// let hessian = program.at(&[("x", 0.0), ("y", 2.0)])?.hessian()?;
/// assert_eq!(hessian.matrix(), [[0.0, 1.0], [1.0, 0.0]]);
/// assert_eq!(hessian.inputs(), ["x", "y"]);
/// # Ok::<(), dgraph::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hessian {
    pub(super) inputs: Vec<String>,
    pub(super) matrix: Vec<Vec<f64>>,
    pub(super) edges_touched: u64,
}

impl Hessian {
    /// ∂²f/∂`a`∂`b`, if both are inputs of the Hessian.
    pub fn get(&self, a: &str, b: &str) -> Option<f64> {
        let i = self.inputs.iter().position(|n| n == a)?;
        let j = self.inputs.iter().position(|n| n == b)?;
        Some(self.matrix[i][j])
    }

    /// The rows, one per input: `matrix()[i][j]` = ∂²f/∂x_i∂x_j.
    pub fn matrix(&self) -> &[Vec<f64>] {
        &self.matrix
    }

    /// The inputs, in the order of the rows and columns.
    pub fn inputs(&self) -> &[String] {
        &self.inputs
    }

    /// Edges touched by its sweeps.
    pub fn edges_touched(&self) -> u64 {
        self.edges_touched
    }
}

/// The outputs' values and Jacobians at many points (made by
/// [`super::Program::gradients`]).
///
/// ```
/// let program = dgraph::Program::parse("u = x * y; v = x + y")?.of(&["u", "v"])?;
/// let many = program.gradients(&[[1.0, 2.0], [3.0, 4.0]])?;
/// assert_eq!(many.values(1), [12.0, 7.0]);
/// assert_eq!(many.jacobian(1), [4.0, 3.0, 1.0, 1.0]);
/// # Ok::<(), dgraph::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    results: Results,
    points: usize,
    outputs: usize,
}

impl Gradients {
    pub(super) fn new(results: Results, points: usize, outputs: usize) -> Gradients {
        Gradients {
            results,
            points,
            outputs,
        }
    }

    /// How many points there are.
    pub fn len(&self) -> usize {
        self.points
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.points == 0
    }

    /// Point `p`'s first output value.
    ///
    /// # Panics
    ///
    /// If there is no point `p` (see [`Gradients::len`]).
    pub fn value(&self, p: usize) -> f64 {
        self.results.values(p)[0]
    }

    /// Point `p`'s output values.
    ///
    /// # Panics
    ///
    /// If there is no point `p` (see [`Gradients::len`]).
    pub fn values(&self, p: usize) -> &[f64] {
        self.results.values(p)
    }

    /// Point `p`'s gradient of the first output, by each input in order.
    ///
    /// # Panics
    ///
    /// If there is no point `p` (see [`Gradients::len`]).
    pub fn gradient(&self, p: usize) -> &[f64] {
        let jacobian = self.results.jacobian(p);
        &jacobian[..jacobian.len() / self.outputs.max(1)]
    }

    /// Point `p`'s Jacobian, row after row: `[output * inputs + input]`.
    ///
    /// # Panics
    ///
    /// If there is no point `p` (see [`Gradients::len`]).
    pub fn jacobian(&self, p: usize) -> &[f64] {
        self.results.jacobian(p)
    }
}
