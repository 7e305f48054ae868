//! JSON: one object with SPEC's keys.
//!
//! ```json
//! {"output": "e", "value": 6, "mode": "reverse",
//!  "gradient": {"a": 2, "b": 5}, "edges_touched": 5, "sweeps": 1, "paths": 3,
//!  "nodes": [{"id": 0, "name": "a", "expr": "a", "value": 2, "derivative": 2}, ...]}
//! ```
//!
//! With several outputs, `output` is a list and `value` and `gradient` are
//! objects keyed by output (`gradient[out][input]`, the Jacobian); a node's
//! `derivative` is likewise a number for one column and an object keyed by
//! output (reverse, paths) or input (forward) for several — in forward
//! mode, only the inputs the node depends on (the others' are 0, left out,
//! so the document grows with the dependencies, not nodes × inputs). Paths
//! mode adds
//! each node's `paths` to the output. Object keys keep the order of the
//! outputs and inputs. Numbers follow [`JsonNumber`].

use std::io::{self, BufWriter, Write};

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::columns::{Cell, ColumnKind, NodeColumn, Reader};
use super::number::{self, JsonNumber};
use super::Report;
use crate::escape::escaped;
use crate::graph::NodeId;
use crate::modes::eliminate::{Comparison, Timed};
use crate::modes::hessian::Hessian;
use crate::modes::stats::{Detail, StatRow};
use crate::modes::PathCount;

/// Writes the report as one JSON object and a newline as it serializes, so
/// that a large document is never held in memory whole.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut buffered = BufWriter::with_capacity(1 << 16, out);
    to_writer(&mut buffered, &Document::of(report))?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// Writes `value` as JSON in which every character [`escaped`] on a
/// terminal is a `\uXXXX` escape: serde_json escapes C0 itself but writes
/// DEL, C1 and the bidirectional controls raw. The document reads back the
/// same.
pub fn to_writer(out: &mut impl Write, value: &impl Serialize) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        TerminalSafe,
    ))
}

/// serde_json's compact formatter, escaping what a terminal must not see
/// and writing doubles as [`number::format`] does, like CSV.
struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        let mut text = String::with_capacity(24);
        number::push(&mut text, value);
        writer.write_all(text.as_bytes())
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices().filter(|&(_, c)| escaped(c)) {
            writer.write_all(&fragment.as_bytes()[start..at])?;
            // Every escaped character is in the Basic Multilingual Plane.
            write!(writer, "\\u{:04x}", c as u32)?;
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[derive(Serialize)]
struct Document<'a> {
    output: OneOrMany<&'a str>,
    value: OneOrKeyed<'a, JsonNumber>,
    mode: &'static str,
    gradient: OneOrKeyed<'a, Keyed<'a, JsonNumber>>,
    edges_touched: u64,
    sweeps: usize,
    paths: PathCount,
    nodes: Nodes<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stats: Option<Vec<StatEntry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hessian: Option<Keyed<'a, Keyed<'a, JsonNumber>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hessian_sweeps: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hessian_edges_touched: Option<u64>,
}

impl<'a> Document<'a> {
    fn of(report: &'a Report<'a>) -> Document<'a> {
        let outputs = &report.outputs;
        let labels: Vec<&str> = outputs.iter().map(|o| o.label.as_str()).collect();
        let rows = outputs
            .iter()
            .zip(&report.derivatives.jacobian)
            .map(|(o, row)| {
                let entries = report
                    .inputs
                    .iter()
                    .zip(row)
                    .map(|(x, d)| (x.label.as_str(), JsonNumber(*d)));
                (o.label.as_str(), Keyed(entries.collect()))
            });
        let values = outputs
            .iter()
            .map(|o| (o.label.as_str(), JsonNumber(o.value)));
        let single = outputs.len() == 1;
        Document {
            output: OneOrMany {
                items: labels,
                single,
            },
            value: OneOrKeyed {
                entries: values.collect(),
                single,
            },
            mode: report.derivatives.mode.name(),
            gradient: OneOrKeyed {
                entries: rows.collect(),
                single,
            },
            edges_touched: report.derivatives.edges_touched,
            sweeps: report.derivatives.sweeps,
            paths: report.paths,
            nodes: Nodes {
                report,
                columns: report.columns(),
            },
            stats: report
                .stats
                .map(|rows| rows.iter().map(StatEntry::of).collect()),
            explain: report.explain,
            hessian: report.hessian.map(|h| hessian_matrix(report, h)),
            hessian_sweeps: report.hessian.map(|h| h.sweeps),
            hessian_edges_touched: report.hessian.map(|h| h.edges_touched),
        }
    }
}

/// `hessian[input][input]`.
fn hessian_matrix<'a>(
    report: &'a Report<'a>,
    hessian: &Hessian,
) -> Keyed<'a, Keyed<'a, JsonNumber>> {
    let label = |x: &'a super::Named| x.label.as_str();
    Keyed(
        report
            .inputs
            .iter()
            .zip(&hessian.matrix)
            .map(|(row_input, row)| {
                let entries = report
                    .inputs
                    .iter()
                    .map(label)
                    .zip(row.iter().map(|&d| JsonNumber(d)));
                (label(row_input), Keyed(entries.collect()))
            })
            .collect(),
    )
}

/// A list, or its only item when `single`.
pub(super) struct OneOrMany<T> {
    pub(super) items: Vec<T>,
    pub(super) single: bool,
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.items.as_slice() {
            [only] if self.single => only.serialize(serializer),
            items => items.serialize(serializer),
        }
    }
}

/// An object in insertion order, or its only value when `single`.
pub(super) struct OneOrKeyed<'a, T> {
    pub(super) entries: Vec<(&'a str, T)>,
    pub(super) single: bool,
}

impl<T: Serialize> Serialize for OneOrKeyed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.entries.as_slice() {
            [(_, only)] if self.single => only.serialize(serializer),
            entries => serialize_keyed(entries, serializer),
        }
    }
}

/// An object in insertion order.
pub(super) struct Keyed<'a, T>(pub(super) Vec<(&'a str, T)>);

impl<T: Serialize> Serialize for Keyed<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_keyed(&self.0, serializer)
    }
}

fn serialize_keyed<S: Serializer, T: Serialize>(
    entries: &[(&str, T)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Every node, serialized one at a time without an intermediate tree.
struct Nodes<'a> {
    report: &'a Report<'a>,
    columns: Vec<NodeColumn<'a>>,
}

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut reader = Reader::new(&self.columns, 0);
        serializer.collect_seq((0..self.report.graph.len()).map(|id| self.node(id, &mut reader)))
    }
}

impl<'a> Nodes<'a> {
    fn node(&self, id: usize, reader: &mut Reader<'_, 'a>) -> NodeEntry<'a> {
        let node = NodeId(id as u32);
        let (mut derivatives, mut paths, mut eliminated) = (Vec::new(), Vec::new(), None);
        for (column, cell) in reader.row(id) {
            match (column.kind, cell) {
                (ColumnKind::Derivative, cell) => derivatives.push((column.about, cell)),
                (ColumnKind::PathCount, Cell::Count(n)) => paths.push((column.about, n)),
                (ColumnKind::Step, Cell::Step(step)) => eliminated = Some(step),
                _ => {}
            }
        }
        let single = derivatives.len() == 1;
        if !single {
            derivatives.retain(|&(_, cell)| cell != Cell::Independent);
        }
        NodeEntry {
            id,
            name: self.report.graph.name(node),
            expr: self.report.labels.expr(node),
            value: JsonNumber(self.report.values[id]),
            derivative: OneOrKeyed {
                single,
                entries: derivatives
                    .into_iter()
                    .map(|(about, cell)| (about, number_cell(cell)))
                    .collect(),
            },
            paths: (!paths.is_empty()).then_some(OneOrKeyed {
                single: paths.len() == 1,
                entries: paths,
            }),
            eliminated,
        }
    }
}

fn number_cell(cell: Cell) -> Option<JsonNumber> {
    match cell {
        Cell::Number(x) => Some(JsonNumber(x)),
        Cell::Independent => Some(JsonNumber(0.0)),
        _ => None,
    }
}

#[derive(Serialize)]
struct NodeEntry<'a> {
    id: usize,
    name: Option<&'a str>,
    expr: &'a str,
    value: JsonNumber,
    derivative: OneOrKeyed<'a, Option<JsonNumber>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paths: Option<OneOrKeyed<'a, PathCount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eliminated: Option<u32>,
}

#[derive(Serialize)]
struct StatEntry {
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    chose: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    orders: Option<Orders>,
    sweeps: Option<usize>,
    edges_touched: Option<u64>,
    seconds: Option<JsonNumber>,
    agrees: Option<bool>,
    max_relative_difference: Option<JsonNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refused: Option<String>,
}

/// Eliminate's multiply-adds in each order (`null`: past the budget, or
/// for `search`, not run past its size), the order it used, and the
/// seconds each planned order took to find.
#[derive(Serialize)]
struct Orders {
    markowitz: Option<u64>,
    forward: Option<u64>,
    reverse: Option<u64>,
    search: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    optimal: Option<u64>,
    used: &'static str,
    seconds: OrderSeconds,
}

/// The seconds each planned order took to find.
#[derive(Serialize)]
struct OrderSeconds {
    markowitz: Option<JsonNumber>,
    search: Option<JsonNumber>,
    #[serde(skip_serializing_if = "Option::is_none")]
    optimal: Option<JsonNumber>,
}

impl Orders {
    fn of(c: &Comparison) -> Orders {
        let cost = |t: Option<Timed>| t.map(|t| t.cost);
        let seconds = |t: Option<Timed>| t.map(|t| JsonNumber(t.seconds));
        Orders {
            markowitz: cost(c.markowitz),
            forward: c.forward,
            reverse: c.reverse,
            search: cost(c.search),
            optimal: cost(c.optimal),
            used: c.used.name(),
            seconds: OrderSeconds {
                markowitz: seconds(c.markowitz),
                search: seconds(c.search),
                optimal: seconds(c.optimal),
            },
        }
    }
}

impl StatEntry {
    fn of(row: &StatRow) -> StatEntry {
        let chose = match row.detail {
            Detail::Auto(choice) => Some(choice.mode.name()),
            _ => None,
        };
        let orders = match (&row.detail, &row.outcome) {
            (Detail::Orders(comparison), Ok(_)) => Some(Orders::of(comparison)),
            _ => None,
        };
        match &row.outcome {
            Ok(m) => StatEntry {
                mode: row.name(),
                chose,
                orders,
                sweeps: Some(m.sweeps),
                edges_touched: Some(m.edges_touched),
                seconds: Some(JsonNumber(m.seconds)),
                agrees: Some(m.agrees()),
                max_relative_difference: Some(JsonNumber(m.difference)),
                refused: None,
            },
            Err(refused) => StatEntry {
                mode: row.name(),
                chose,
                orders,
                sweeps: None,
                edges_touched: None,
                seconds: None,
                agrees: None,
                max_relative_difference: None,
                refused: Some(refused.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// JSON spells a number as CSV does: [`number::format`].
    #[test]
    fn numbers_read_as_in_csv() {
        for x in [
            6.0,
            -0.0,
            0.1,
            1.5e-4,
            1e15,
            1e300,
            -2.5e-300,
            123456789.0,
            5e-324,
        ] {
            let mut json = Vec::new();
            to_writer(&mut json, &JsonNumber(x)).unwrap();
            assert_eq!(String::from_utf8(json).unwrap(), number::format(x));
        }
        let mut json = Vec::new();
        to_writer(&mut json, &JsonNumber(f64::NEG_INFINITY)).unwrap();
        assert_eq!(json, b"\"-inf\"");
    }
}
