//! One result per line of programs (`--lines`): CSV, TSV or JSON lines.
//!
//! CSV/TSV columns: `line,expr,output,value,edges_touched`, then
//! `d_output/d_x` for each variable `x` given with `--wrt` (else `--set`),
//! one row per output; a variable the line does not use has an empty cell.
//! The `expr` cell has the line's control characters escaped, tabs aside
//! (a comment may hold anything); JSON escapes them its own way.
//! JSON lines: `{"line", "expr", "output", "value", "mode", "gradient",
//! "edges_touched"}` — `output`, `value` and `gradient` as
//! `eval --format json` writes them.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::csv::{delimiter, record};
use super::json::{Keyed, OneOrKeyed, OneOrMany};
use super::number::{self, JsonNumber};
use super::Format;
use crate::escape::terminal_safe;

/// One line's result.
#[derive(Debug, Clone, PartialEq)]
pub struct LineResult<'a> {
    /// The line number in the input, from 1.
    pub line: usize,
    /// The line's text.
    pub text: &'a str,
    /// The mode that computed it.
    pub mode: &'static str,
    /// Each output: its name (or expression) and value.
    pub outputs: Vec<(String, f64)>,
    /// The inputs differentiated by.
    pub wrt: Vec<String>,
    /// `jacobian[output][input]`.
    pub jacobian: Vec<Vec<f64>>,
    /// Edges touched.
    pub edges_touched: u64,
}

/// The gradient columns of CSV and TSV output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineColumns {
    /// The variables with a column each.
    pub variables: Vec<String>,
}

impl LineColumns {
    /// The header for CSV and TSV; nothing for JSON lines.
    pub fn header(&self, format: Format) -> String {
        let fixed = ["line", "expr", "output", "value", "edges_touched"].map(String::from);
        let gradient = self.variables.iter().map(|x| format!("d_output/d_{x}"));
        match delimiter(format) {
            Some(delimiter) => record(fixed.into_iter().chain(gradient), delimiter),
            None => String::new(),
        }
    }

    /// The line's rows (CSV, TSV: one per output) or its JSON object.
    pub fn render(&self, format: Format, result: &LineResult<'_>) -> String {
        let Some(delimiter) = delimiter(format) else {
            return json_line(result);
        };
        // Where each column's variable is in the line's `wrt` (found once,
        // not once per row: a line may have thousands of each).
        let position: FxHashMap<&str, usize> = result
            .wrt
            .iter()
            .enumerate()
            .map(|(at, w)| (w.as_str(), at))
            .collect();
        let columns: Vec<Option<usize>> = self
            .variables
            .iter()
            .map(|x| position.get(x.as_str()).copied())
            .collect();
        let mut text = String::new();
        for ((output, value), row) in result.outputs.iter().zip(&result.jacobian) {
            let fixed = [
                result.line.to_string(),
                terminal_safe(result.text).into_owned(),
                output.clone(),
                number::format(*value),
                result.edges_touched.to_string(),
            ];
            let gradient = columns
                .iter()
                .map(|at| at.map_or(String::new(), |at| number::format(row[at])));
            text.push_str(&record(fixed.into_iter().chain(gradient), delimiter));
        }
        text
    }
}

#[derive(Serialize)]
struct Line<'a> {
    line: usize,
    expr: &'a str,
    output: OneOrMany<&'a str>,
    value: OneOrKeyed<'a, JsonNumber>,
    mode: &'static str,
    gradient: OneOrKeyed<'a, Keyed<'a, JsonNumber>>,
    edges_touched: u64,
}

fn json_line(result: &LineResult<'_>) -> String {
    let single = result.outputs.len() == 1;
    let names = result.outputs.iter().map(|(n, _)| n.as_str()).collect();
    let values = result
        .outputs
        .iter()
        .map(|(n, v)| (n.as_str(), JsonNumber(*v)))
        .collect();
    let gradient = result
        .outputs
        .iter()
        .zip(&result.jacobian)
        .map(|((n, _), row)| {
            let entries = result
                .wrt
                .iter()
                .map(String::as_str)
                .zip(row.iter().map(|&d| JsonNumber(d)));
            (n.as_str(), Keyed(entries.collect()))
        })
        .collect();
    let line = Line {
        line: result.line,
        expr: result.text,
        output: OneOrMany {
            items: names,
            single,
        },
        value: OneOrKeyed {
            entries: values,
            single,
        },
        mode: result.mode,
        gradient: OneOrKeyed {
            entries: gradient,
            single,
        },
        edges_touched: result.edges_touched,
    };
    super::json_line(&line)
}
