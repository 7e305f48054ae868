//! A program at one point: its values, and its derivatives by every mode.

use super::{Error, Gradient, Hessian, Jacobian};
use crate::graph::{self, Graph, NodeId, Output, Value};
use crate::modes::{self, auto, budget, hessian, PathCount, Request};

/// How to compute a Jacobian.
///
/// ```
/// use dgraph::Mode;
/// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?;
/// let point = program.at(&[("a", 2.0), ("b", 1.0)])?;
/// for mode in [Mode::Auto, Mode::Reverse, Mode::Forward, Mode::Paths, Mode::Eliminate] {
///     assert_eq!(point.jacobian(mode)?.row(0), [2.0, 5.0]);
/// }
/// # Ok::<(), dgraph::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Forward or reverse, whichever touches fewer edges (a tie goes to
    /// reverse), as `--mode auto` chooses; the other when the one chosen
    /// is over a budget.
    Auto,
    /// Backpropagation: one sweep per output.
    Reverse,
    /// Tangents: one sweep per input.
    Forward,
    /// The sum over every path of the products of its edges' derivatives
    /// (refused past 1,000,000 paths).
    Paths,
    /// Vertex elimination on the linearized graph, in the order
    /// `--elimination-order`'s default plans: a search from Markowitz's
    /// order under a fixed budget of work (Markowitz's order past 4,096
    /// vertices to eliminate).
    Eliminate,
}

impl Mode {
    /// The sweep that runs for `request`.
    fn sweep(self, request: &Request<'_>) -> modes::Mode {
        match self {
            Mode::Auto => auto::choose(request.graph, request.outputs, request.wrt).mode,
            Mode::Reverse => modes::Mode::Reverse,
            Mode::Forward => modes::Mode::Forward,
            Mode::Paths => modes::Mode::Paths,
            Mode::Eliminate => modes::Mode::Eliminate,
        }
    }
}

/// The most paths [`Mode::Paths`] enumerates, as on the command line.
const MAX_PATHS: u64 = 1_000_000;

/// A program evaluated at one point (made by [`super::Program::at`]).
///
/// ```
/// let program = dgraph::Program::parse("y = exp(x) * sin(x)")?;
/// let point = program.at(&[("x", 0.0)])?;
/// assert_eq!(point.value(), 0.0);
/// assert_eq!(point.gradient()?["x"], 1.0);
/// # Ok::<(), dgraph::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Point<'p> {
    graph: &'p Graph,
    outputs: &'p [Output],
    output_values: Vec<Value>,
    wrt: &'p [NodeId],
    values: Vec<f64>,
}

impl<'p> Point<'p> {
    /// The program over `graph` at `inputs`, with its `outputs` and `wrt`.
    pub(super) fn new(
        graph: &'p Graph,
        outputs: &'p [Output],
        wrt: &'p [NodeId],
        inputs: Vec<f64>,
    ) -> Point<'p> {
        Point {
            graph,
            outputs,
            output_values: outputs.iter().map(|output| output.value).collect(),
            wrt,
            values: graph::evaluate(graph, &inputs),
        }
    }

    /// The value of the first output (the last statement, unless
    /// [`super::Program::of`] named others).
    ///
    /// ```
    /// let program = dgraph::Program::parse("y = 1/x")?;
    /// assert_eq!(program.at(&[("x", 4.0)])?.value(), 0.25);
    /// assert!(program.at(&[("x", 0.0)])?.value().is_infinite());
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn value(&self) -> f64 {
        self.values()[0]
    }

    /// Every output's value.
    ///
    /// ```
    /// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?.of(&["c", "d", "e"])?;
    /// assert_eq!(program.at(&[("a", 2.0), ("b", 1.0)])?.values(), [3.0, 2.0, 6.0]);
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn values(&self) -> Vec<f64> {
        let value = |output: &Value| match *output {
            Value::Node(id) => self.values[id.index()],
            Value::Const(c) => c,
        };
        self.output_values.iter().map(value).collect()
    }

    /// The gradient of the output (there must be one) by the inputs, by
    /// reverse mode.
    ///
    /// ```
    /// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?;
    /// let gradient = program.at(&[("a", 2.0), ("b", 1.0)])?.gradient()?;
    /// assert_eq!((gradient["a"], gradient["b"]), (2.0, 5.0));
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn gradient(&self) -> Result<Gradient, Error> {
        self.only_output("a gradient")?;
        let jacobian = self.jacobian(Mode::Reverse)?;
        Ok(Gradient::new(jacobian.inputs, jacobian.rows.concat()))
    }

    /// The Jacobian of the outputs by the inputs, by `mode`, with the
    /// edges its sweeps touched, counted as they multiplied.
    ///
    /// ```
    /// use dgraph::Mode;
    /// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?.of(&["c", "d", "e"])?;
    /// let point = program.at(&[("a", 2.0), ("b", 1.0)])?;
    /// let forward = point.jacobian(Mode::Forward)?;
    /// assert_eq!(forward.get("e", "b"), Some(5.0));
    /// assert_eq!((forward.mode(), forward.edges_touched()), (Mode::Forward, 6));
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn jacobian(&self, mode: Mode) -> Result<Jacobian, Error> {
        let request = Request {
            graph: self.graph,
            values: &self.values,
            outputs: &self.output_values,
            wrt: self.wrt,
            max_paths: PathCount::from(MAX_PATHS),
            order: modes::ordering::Strategy::default(),
        };
        let sweep = mode.sweep(&request);
        let derivatives = match (mode, modes::run(sweep, &request)) {
            (Mode::Auto, Err(refused)) => {
                // Auto's choice is over a budget: the other sweep may not be.
                let other = match sweep {
                    modes::Mode::Forward => modes::Mode::Reverse,
                    _ => modes::Mode::Forward,
                };
                modes::run(other, &request).map_err(|_| refused)?
            }
            (_, result) => result?,
        };
        let ran = match derivatives.mode {
            modes::Mode::Reverse => Mode::Reverse,
            modes::Mode::Forward => Mode::Forward,
            modes::Mode::Paths => Mode::Paths,
            modes::Mode::Eliminate => Mode::Eliminate,
        };
        let outputs = self
            .outputs
            .iter()
            .map(|o| crate::report::output_title(self.graph, o));
        Ok(Jacobian {
            outputs: outputs.collect(),
            inputs: self.input_names(),
            rows: derivatives.jacobian,
            mode: ran,
            edges_touched: derivatives.edges_touched,
        })
    }

    /// The Hessian of the output (there must be one) by the inputs:
    /// forward over reverse, one pair of sweeps per input.
    ///
    /// ```
    /// let program = dgraph::Program::parse("f = x^2 * y")?;
    /// let hessian = program.at(&[("x", 3.0), ("y", 2.0)])?.hessian()?;
    /// assert_eq!(hessian.get("x", "x"), Some(4.0));
    /// assert_eq!(hessian.get("x", "y"), Some(6.0));
    /// assert_eq!(hessian.get("y", "y"), Some(0.0));
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn hessian(&self) -> Result<Hessian, Error> {
        self.only_output("a Hessian")?;
        budget::admit_hessian(self.graph, self.wrt.len())?;
        let hessian = match self.output_values[0] {
            Value::Node(out) => hessian::of(self.graph, &self.values, out, self.wrt),
            Value::Const(_) => hessian::zero(self.wrt),
        };
        Ok(Hessian {
            inputs: self.input_names(),
            matrix: hessian.matrix,
            edges_touched: hessian.edges_touched,
        })
    }

    /// Refuses `what` of more than one output.
    fn only_output(&self, what: &str) -> Result<(), Error> {
        match self.outputs.len() {
            1 => Ok(()),
            n => Err(Error::new(format!(
                "{what} is of one output, but the program has {n} (Program::of named them): ask for the Jacobian, or name one"
            ))),
        }
    }

    /// The names of the inputs differentiated by.
    fn input_names(&self) -> Vec<String> {
        let name = |&id: &NodeId| self.graph.name(id).unwrap_or_default().to_string();
        self.wrt.iter().map(name).collect()
    }
}
