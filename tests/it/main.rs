//! dgraph's integration tests, one binary:
//!
//! - `cli`: golden command lines (`tests/cmd/*.toml`) and the README's
//!   examples, run through the real binary;
//! - `generated`: the committed completions, man page and post page are
//!   current, and the man page fits 80 columns;
//! - `batch`: `--points` rows equal single evaluations, numbers round-trip,
//!   rows stream;
//! - `branches`: comparisons and `if`, whose branch not taken contributes
//!   exactly 0 to every derivative in every mode;
//! - `browser`: the `--format html` page in headless Chromium: every step
//!   of every mode shows `--explain`'s line, edge and counter; keys,
//!   buttons and clicks; screenshots (skipped without Chromium, unless
//!   `DGRAPH_REQUIRE_BROWSER=1`);
//! - `check`: `dgraph check` passes, fails, warns and refuses as it should;
//! - `calculus`: every operation's derivative against central finite
//!   differences, and the kink rules;
//! - `definitions`: functions of one's own, expanded where called, and
//!   every misuse refused;
//! - `diff`: derivative formulas read back by `eval` give reverse mode's
//!   numbers bit for bit; textbook output; orders, formats and scale;
//! - `drawing`: SVG is well-formed and complete, Graphviz reads the DOT;
//!   the programs that crashed the old layout crate, constant programs and
//!   degenerate graphs draw;
//! - `escaping`: control characters injected into every argument, file
//!   and input come out escaped on stdout and stderr; carets stay under
//!   the spot; huge input is cut short in messages; byte order marks are
//!   skipped; an empty `--set` pair is an error;
//! - `drawing_limit`: drawings at the node limit (chain, fan, diamonds, no
//!   edges, random) are complete, with no box overlapping a box, an edge
//!   or a label;
//! - `functions`: every built-in function against 50-digit references;
//! - `hessian`: `--order 2` against finite differences of the gradient, the
//!   Rosenbrock Hessian in closed form, symmetry, and its command line;
//! - `indices`: indexed names, `sum`, `prod` and `for` against the same
//!   program written out by hand; lists and JSON for `--set`; errors;
//! - `lines`: `--lines` streams in bounded memory; a line not UTF-8 or too
//!   long is that line's error; messages escape control characters;
//! - `points`: `--points` input: a bad row (not UTF-8, too long) never
//!   loses the rows before it; messages escape control characters;
//! - `orders`: `--elimination-order`: every order is an elimination with
//!   reverse mode's Jacobian and the count its plan predicted; search never
//!   worse than Markowitz, optimal the cheapest of every permutation; the
//!   AlphaGrad benchmarks' counts;
//! - `page`: `draw --format html`: every mode's steps are `--explain`'s
//!   lines, placed on the edges and boxes they name; the page fetches
//!   nothing; its refusals;
//! - `mutation`: `check` fails every deliberately wrong derivative and
//!   Hessian entry, and never a right one, also where a fixed step could
//!   not tell;
//! - `post`: every figure and number of Olah's post, and `--explain`
//!   narrating one line per edge touched;
//! - `properties`: random programs — the modes agree with each other, with
//!   an independent evaluator and with finite differences; parsing any text
//!   returns instead of panicking;
//! - `scale`: a million nested parentheses and a million statements;
//! - `sparse`: compressed Jacobians and Hessians of random sparse programs
//!   equal the dense ones, entry for entry;
//! - `sparse_cli`: `eval --sparse` and `--pattern` through the binary:
//!   Rosenbrock's Hessian and a tridiagonal Jacobian of 200 inputs in
//!   closed form, a Hessian too large for a dense table written sparse;
//! - `streams`: a reader that closes the pipe early;
//! - `terminal`: tables through a pseudo-terminal at widths 0, 40, 80 and
//!   200, with `COLUMNS` and with 0 rows: no number is ever split.

mod batch;
mod branches;
mod browser;
mod budgets;
mod calculus;
mod check;
mod cli;
mod definitions;
mod diff;
mod drawing;
mod drawing_limit;
mod escaping;
mod functions;
mod generated;
mod hessian;
mod indices;
mod library;
mod lines;
mod mutation;
mod orders;
mod page;
mod points;
mod post;
mod properties;
mod scale;
mod sparse;
mod sparse_cli;
mod streams;
mod support;
#[cfg(target_os = "linux")] // `script -qec` is util-linux's
mod terminal;
