//! One row per point (`--points`): CSV, TSV or JSON lines.
//!
//! Columns: every input (in order of first use), each output's value (named
//! by the output), then the gradient: `d_e/d_a` for output `e` and input `a`,
//! output by output. JSON lines carry the same as
//! `{"inputs": {...}, "value": ..., "gradient": {...}}`, with `value` and
//! `gradient` keyed by output when there are several — as `eval --format
//! json` does. Rows are rendered one chunk at a time, so the command line can
//! stream them.

use serde::Serialize;

use super::csv::{delimiter, record};
use super::json::{Keyed, OneOrKeyed};
use super::number::{self, JsonNumber};
use super::Format;
use crate::modes::batch::PointResult;

/// The names a row is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNames {
    /// Every input, in order of first use.
    pub inputs: Vec<String>,
    /// The outputs, as their columns are called.
    pub outputs: Vec<String>,
    /// The inputs differentiated by.
    pub wrt: Vec<String>,
}

impl RowNames {
    /// The header line for CSV and TSV; nothing for JSON lines.
    pub fn header(&self, format: Format) -> String {
        let mut fields: Vec<String> = self.inputs.clone();
        fields.extend(self.outputs.iter().cloned());
        for output in &self.outputs {
            fields.extend(self.wrt.iter().map(|x| format!("d_{output}/d_{x}")));
        }
        match delimiter(format) {
            Some(delimiter) => record(fields, delimiter),
            None => String::new(),
        }
    }

    /// One point's line: its inputs and its result.
    pub fn row(&self, format: Format, inputs: &[f64], result: &PointResult) -> String {
        match delimiter(format) {
            Some(delimiter) => {
                let numbers = inputs
                    .iter()
                    .chain(&result.values)
                    .chain(result.jacobian.iter().flatten());
                record(numbers.map(|&x| number::format(x)), delimiter)
            }
            None => self.json_line(inputs, result),
        }
    }

    fn json_line(&self, inputs: &[f64], result: &PointResult) -> String {
        let single = self.outputs.len() == 1;
        fn keyed<'n>(names: &'n [String], numbers: &[f64]) -> Vec<(&'n str, JsonNumber)> {
            names
                .iter()
                .map(String::as_str)
                .zip(numbers.iter().map(|&x| JsonNumber(x)))
                .collect()
        }
        let line = Line {
            inputs: Keyed(keyed(&self.inputs, inputs)),
            value: OneOrKeyed {
                entries: keyed(&self.outputs, &result.values),
                single,
            },
            gradient: OneOrKeyed {
                entries: self
                    .outputs
                    .iter()
                    .zip(&result.jacobian)
                    .map(|(output, row)| (output.as_str(), Keyed(keyed(&self.wrt, row))))
                    .collect(),
                single,
            },
        };
        let mut text = serde_json::to_string(&line).expect("a point serializes");
        text.push('\n');
        text
    }
}

#[derive(Serialize)]
struct Line<'a> {
    inputs: Keyed<'a, JsonNumber>,
    value: OneOrKeyed<'a, JsonNumber>,
    gradient: OneOrKeyed<'a, Keyed<'a, JsonNumber>>,
}
