//! dgraph: differentiate expressions on their computational graph.
//!
//! A program such as `c = a + b; d = b + 1; e = c * d` is parsed
//! ([`parse`]), built into a DAG whose shared subexpressions are one node
//! ([`graph`]), evaluated, and differentiated by forward mode, reverse mode
//! (backpropagation), by summing over every path or by vertex elimination —
//! to second order, symbolically, or checked against finite differences
//! ([`modes`]); [`report`]
//! renders the result as a table, JSON, CSV or TSV, a narration or a
//! drawing, and [`cli`] is the command line. The example is Christopher
//! Olah's "Calculus on Computational Graphs: Backpropagation" (2015): at
//! `a = 2, b = 1` it gives `e = 6`, `∂e/∂a = 2`, `∂e/∂b = 5`.
//!
//! Data flows one way: `parse → graph → modes → report → cli`; no module
//! uses one to its right. [`error`], [`escape`] (how input is shown in
//! messages) and [`suggest`] ("did you mean") sit below them all.

#![warn(missing_docs)]

pub mod cli;
pub mod error;
pub mod escape;
pub mod graph;
pub mod modes;
pub mod parse;
pub mod report;
pub mod suggest;
