//! A parsed program: what it computes, which outputs and inputs are asked
//! for, and the points it is taken at.

use super::{Error, Gradients, Point};
use crate::graph::{self, NodeId, Output, Setter, Setting, Sources};
use crate::modes::batch::Batch;
use crate::modes::{budget, Mode as Sweep, PathCount};
use crate::report::differentiated::{self, Form, Options};
use crate::report::output_title;

/// A program parsed once, ready to be taken at any number of points.
///
/// Its outputs are the last statement unless [`Program::of`] names
/// others; its derivatives are taken by every input unless
/// [`Program::wrt`] names some.
///
/// ```
/// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?;
/// assert_eq!(program.inputs(), ["a", "b"]);
/// assert_eq!(program.outputs(), ["e"]);
/// # Ok::<(), dgraph::Error>(())
/// ```
#[derive(Debug)]
pub struct Program<'s> {
    program: graph::Program<'s>,
    outputs: Vec<Output>,
    wrt: Vec<NodeId>,
}

impl<'s> Program<'s> {
    /// Parses and builds `source`: statements separated by newlines or
    /// `;`, in dgraph's language (`dgraph help language`).
    ///
    /// ```
    /// let program = dgraph::Program::parse("f(x) = x^2\ny = f(sin(t))")?;
    /// assert_eq!(program.inputs(), ["t"]);
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn parse(source: &'s str) -> Result<Program<'s>, Error> {
        let program = graph::build(source)?;
        let outputs = vec![program.last.clone()];
        let wrt = program.graph.inputs().to_vec();
        Ok(Program {
            program,
            outputs,
            wrt,
        })
    }

    /// The same program with the outputs `names`: assigned names or
    /// inputs, `h[2]` or a whole family `h` (in index order).
    ///
    /// ```
    /// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?;
    /// let program = program.of(&["c", "d"])?;
    /// assert_eq!(program.outputs(), ["c", "d"]);
    /// assert!(program.of(&["z"]).is_err());
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn of(mut self, names: &[&str]) -> Result<Program<'s>, Error> {
        self.outputs = self.program.outputs_named(names, "of")?;
        Ok(self)
    }

    /// The same program, differentiated by the inputs `names` only: `x`,
    /// `x[2]`, or a whole family `x`.
    ///
    /// ```
    /// let program = dgraph::Program::parse("y = a * b^2")?.wrt(&["b"])?;
    /// let gradient = program.at(&[("a", 3.0), ("b", 2.0)])?.gradient()?;
    /// assert_eq!(gradient.names(), ["b"]);
    /// assert_eq!(gradient["b"], 12.0);
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn wrt(mut self, names: &[&str]) -> Result<Program<'s>, Error> {
        self.wrt = self.program.inputs_named(names, "wrt")?;
        Ok(self)
    }

    /// Every input variable, in the order [`Program::gradients`] reads a
    /// point's values.
    ///
    /// ```
    /// let program = dgraph::Program::parse("y = sum(i = 1..3, x[i]^2) + s")?;
    /// assert_eq!(program.inputs(), ["x[1]", "x[2]", "x[3]", "s"]);
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn inputs(&self) -> Vec<&str> {
        let graph = &self.program.graph;
        let name = |&id: &NodeId| graph.name(id).unwrap_or_default();
        graph.inputs().iter().map(name).collect()
    }

    /// The outputs' names (an unnamed one is `output`).
    ///
    /// ```
    /// let program = dgraph::Program::parse("x * 2")?;
    /// assert_eq!(program.outputs(), ["output"]);
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn outputs(&self) -> Vec<String> {
        let title = |output| output_title(&self.program.graph, output);
        self.outputs.iter().map(title).collect()
    }

    /// The program at the point that gives each input its value: every
    /// input once, nothing else. Indexed inputs are named as written,
    /// `("x[2]", 1.5)`.
    ///
    /// ```
    /// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?;
    /// let point = program.at(&[("a", 2.0), ("b", 1.0)])?;
    /// assert_eq!(point.value(), 6.0);
    /// assert!(program.at(&[("a", 2.0)]).is_err());
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn at(&self, values: &[(&str, f64)]) -> Result<Point<'_>, Error> {
        let settings: Vec<Setting> = values
            .iter()
            .map(|&(name, value)| Setting {
                name: name.to_string(),
                value,
            })
            .collect();
        let sources = Sources {
            setter: Setter::Library,
            ..Sources::default()
        };
        let inputs = graph::plan(&self.program, &settings, sources)?.fixed;
        Ok(Point::new(
            &self.program.graph,
            &self.outputs,
            &self.wrt,
            inputs,
        ))
    }

    /// The derivatives of the outputs by the inputs `wrt` (if empty, those
    /// of [`Program::wrt`], by default every input) as formulas, written as `dgraph diff` writes them: a program
    /// in dgraph's language, one line per derivative (just the formula
    /// when there is one), after any statements they share.
    ///
    /// ```
    /// let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?;
    /// assert_eq!(program.diff(&["a"])?, "b + 1\n");
    /// assert_eq!(program.diff(&[])?, "de_da = b + 1\nde_db = a + b + (b + 1)\n");
    /// assert_eq!(program.wrt(&["b"])?.diff(&[])?, "a + b + (b + 1)\n");
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn diff(&self, wrt: &[&str]) -> Result<String, Error> {
        let wrt = match wrt {
            [] => self.wrt.clone(),
            names => self.program.inputs_named(names, "wrt")?,
        };
        let options = Options {
            order: 1,
            expand: false,
            pretty: false,
            form: Form::Text,
        };
        let graph = self.program.graph.clone();
        Ok(differentiated::write(
            graph,
            (&self.outputs, &wrt),
            options,
        )?)
    }

    /// The outputs' values and Jacobians at many points, by reverse mode
    /// over blocks of points, on every core. Each point gives every input
    /// a value, in the order of [`Program::inputs`]. The result at a point
    /// is bit for bit what [`Program::at`] gives there.
    ///
    /// ```
    /// let program = dgraph::Program::parse("y = x^2 * s")?;
    /// let points = [[1.0, 3.0], [2.0, 3.0], [3.0, 0.5]];
    /// let many = program.gradients(&points)?;
    /// assert_eq!(many.len(), 3);
    /// assert_eq!(many.gradient(1), [12.0, 4.0]);
    /// assert_eq!(many.value(2), 4.5);
    /// # Ok::<(), dgraph::Error>(())
    /// ```
    pub fn gradients<P: AsRef<[f64]>>(&self, points: &[P]) -> Result<Gradients, Error> {
        self.admit_batch(points.len())?;
        let inputs = self.program.graph.inputs().len();
        let mut flat = Vec::with_capacity(points.len().saturating_mul(inputs));
        for (p, point) in points.iter().enumerate() {
            let point = point.as_ref();
            if point.len() != inputs {
                return Err(Error::new(format!(
                    "point {} has {} values, but the program has {inputs} inputs (Program::inputs lists them)",
                    p + 1,
                    point.len()
                )));
            }
            flat.extend_from_slice(point);
        }
        let outputs: Vec<_> = self.outputs.iter().map(|output| output.value).collect();
        let graph = &self.program.graph;
        let batch = Batch::new(graph, &outputs, &self.wrt, Sweep::Reverse, PathCount::MAX)?;
        let results = batch.at_all(&flat, points.len())?;
        Ok(Gradients::new(results, points.len(), self.outputs.len()))
    }

    /// Refuses results at `points` points that would hold more numbers
    /// than a run may keep ([`budget::MAX_KEPT`]): each point keeps its
    /// values and its Jacobian.
    fn admit_batch(&self, points: usize) -> Result<(), Error> {
        let outputs = self.outputs.len() as u64;
        let per_point = outputs.saturating_mul(1 + self.wrt.len() as u64);
        let numbers = per_point.saturating_mul(points as u64);
        if numbers <= budget::MAX_KEPT {
            return Ok(());
        }
        let fit = (budget::MAX_KEPT / per_point.max(1)).max(1);
        Err(Error::new(format!(
            "{points} points would keep {numbers} numbers ({per_point} a point: the values and the Jacobian), more than the budget of {}: take at most {fit} points at a time",
            budget::MAX_KEPT
        )))
    }
}
