//! dgraph: differentiate expressions on their computational graph.
//!
//! A program is parsed once into a DAG whose shared subexpressions are one
//! node, taken at a point, and differentiated by reverse mode
//! (backpropagation), forward mode, the sum over every path or vertex
//! elimination. The example is Christopher Olah's "Calculus on
//! Computational Graphs: Backpropagation" (2015):
//!
//! ```
//! let program = dgraph::Program::parse("c = a + b; d = b + 1; e = c * d")?;
//! let point = program.at(&[("a", 2.0), ("b", 1.0)])?;
//! assert_eq!(point.value(), 6.0);
//! assert_eq!(point.gradient()?["a"], 2.0);
//! assert_eq!(point.gradient()?["b"], 5.0);
//!
//! // Every mode gives the same Jacobian; each counts the edges it touched.
//! let forward = point.jacobian(dgraph::Mode::Forward)?;
//! let reverse = point.jacobian(dgraph::Mode::Reverse)?;
//! assert_eq!(forward.row(0), reverse.row(0));
//! assert_eq!((forward.edges_touched(), reverse.edges_touched()), (6, 5));
//!
//! // Second derivatives, formulas, and many points at once.
//! assert_eq!(point.hessian()?.get("a", "b"), Some(1.0));
//! assert_eq!(program.diff(&["b"])?, "a + b + (b + 1)\n");
//! let many = program.gradients(&[[2.0, 1.0], [0.0, 0.0]])?;
//! assert_eq!(many.gradient(1), [1.0, 1.0]);
//! # Ok::<(), dgraph::Error>(())
//! ```
//!
//! The language (`dgraph help language` prints it) has the usual
//! operators and functions, comparisons and `if`, definitions
//! (`f(x) = x^2`), indexed names (`x[1]`), `sum`, `prod` and `for`.
//!
//! # The library
//!
//! [`Program::parse`] builds a program; [`Program::of`] and
//! [`Program::wrt`] choose its outputs and the inputs to differentiate by;
//! [`Program::at`] takes it at a point, a [`Point`], which gives values,
//! a [`Gradient`], a [`Jacobian`] by any [`Mode`], and a [`Hessian`].
//! [`Program::diff`] writes derivatives as formulas, and
//! [`Program::gradients`] takes many points on every core. Every failure
//! is an [`Error`] (with a [`Location`] when it is in the program text);
//! nothing panics on bad input, and work that would pass dgraph's budgets
//! (memory, node visits, paths) is refused as an error before it starts.
//! Messages are the command line's, worded for the library where they say
//! what to give (`of`, `wrt`, `Program::at` where the command line says
//! `--of`, `--wrt`, `--set`); budget refusals still name the command
//! line's flags.
//!
//! # Stability
//!
//! The items at the crate root are the library, covered by semantic
//! versioning. The modules below them (`parse`, `graph`, `modes`,
//! `report`, `cli`, ...) are the engine and the command line; they are
//! public for dgraph's own binary, benchmarks and tests, hidden from these
//! docs, and may change in any release.
//!
//! Inside, data flows one way: `parse → graph → modes → report → cli`; no
//! module uses one to its right. The library sits beside `cli`, a client
//! of the same engine; `error`, `escape` (how input is shown in messages)
//! and `suggest` ("did you mean") sit below them all.

#![warn(missing_docs)]

mod api;

pub use api::{Error, Gradient, Gradients, Hessian, Jacobian, Location, Mode, Point, Program};

#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod escape;
#[doc(hidden)]
pub mod graph;
#[doc(hidden)]
pub mod modes;
#[doc(hidden)]
pub mod parse;
#[doc(hidden)]
pub mod report;
#[doc(hidden)]
pub mod suggest;

/// The README's Rust examples, run as doc-tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
