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

/// The names a row is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNames {
    /// Every input, in order of first use.
    pub inputs: Vec<String>,
    /// The outputs, as their columns are called.
    pub outputs: Vec<String>,
    /// The inputs differentiated by.
    pub wrt: Vec<String>,
    /// Whether each output's value has a column: not when the output is
    /// an input, whose column already holds it (`eval x --points`).
    pub value_columns: Vec<bool>,
}

impl RowNames {
    /// The header line for CSV and TSV; nothing for JSON lines.
    pub fn header(&self, format: Format) -> String {
        let mut fields: Vec<String> = self.inputs.clone();
        let shown = self.value_columns.iter();
        let values = self.outputs.iter().zip(shown).filter(|&(_, &s)| s);
        fields.extend(values.map(|(o, _)| o.clone()));
        for output in &self.outputs {
            fields.extend(self.wrt.iter().map(|x| format!("d_{output}/d_{x}")));
        }
        match delimiter(format) {
            Some(delimiter) => record(fields, delimiter),
            None => String::new(),
        }
    }

    /// One point's line: its inputs, its output values and its Jacobian
    /// (row-major, one row per output).
    pub fn row(&self, format: Format, inputs: &[f64], values: &[f64], jacobian: &[f64]) -> String {
        match delimiter(format) {
            Some(delimiter) => {
                // Numbers never need CSV quoting: join them directly.
                let mut line =
                    String::with_capacity(24 * (inputs.len() + values.len() + jacobian.len()));
                let shown =
                    (values.iter().zip(&self.value_columns)).filter_map(|(v, &s)| s.then_some(v));
                for (k, &x) in inputs.iter().chain(shown).chain(jacobian).enumerate() {
                    if k > 0 {
                        line.push(char::from(delimiter));
                    }
                    number::push(&mut line, x);
                }
                line.push('\n');
                line
            }
            None => self.json_line(inputs, values, jacobian),
        }
    }

    fn json_line(&self, inputs: &[f64], values: &[f64], jacobian: &[f64]) -> String {
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
                entries: keyed(&self.outputs, values),
                single,
            },
            gradient: OneOrKeyed {
                entries: self
                    .outputs
                    .iter()
                    .enumerate()
                    .map(|(k, output)| {
                        let row = &jacobian[k * self.wrt.len()..(k + 1) * self.wrt.len()];
                        (output.as_str(), Keyed(keyed(&self.wrt, row)))
                    })
                    .collect(),
                single,
            },
        };
        super::json_line(&line)
    }
}

#[derive(Serialize)]
struct Line<'a> {
    inputs: Keyed<'a, JsonNumber>,
    value: OneOrKeyed<'a, JsonNumber>,
    gradient: OneOrKeyed<'a, Keyed<'a, JsonNumber>>,
}
