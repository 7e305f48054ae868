//! CSV and TSV: one header row, then one row per node — nothing else (with
//! `--stats` too: the comparison then goes to standard error, as a table).
//!
//! Columns: `id,name,expr,value`, then the mode's node columns
//! (`d_e/d_node` in reverse mode, `d_node/d_a` in forward mode,
//! `paths_to_e` and `d_e/d_node` in paths mode). Unnamed nodes have an empty
//! name; cells with nothing to show are empty. Fields are quoted by the csv
//! crate where they need it.

use std::io::{self, Write};

use csv::Writer;

use super::columns::Cell;
use super::number::format;
use super::{Format, Report};
use crate::graph::NodeId;

/// Writes the node rows with `delimiter` to `out`, row by row (a million
/// nodes are never held as one text).
pub fn write(report: &Report<'_>, delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    write_nodes(&mut writer, report).map_err(io_error)?;
    writer.flush()
}

/// The I/O error inside a CSV writer's error, keeping its kind (a closed
/// pipe must stay a closed pipe).
fn io_error(err: csv::Error) -> io::Error {
    let message = err.to_string();
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        _ => io::Error::other(message),
    }
}

/// What `write` writes through a CSV writer with `delimiter`, as text.
fn in_memory(delimiter: u8, write: impl FnOnce(&mut Writer<Vec<u8>>)) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    write(&mut writer);
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

fn write_nodes<W: Write>(writer: &mut Writer<W>, report: &Report<'_>) -> csv::Result<()> {
    let columns = report.columns();
    let fixed = ["id", "name", "expr", "value"].map(String::from);
    writer.write_record(
        fixed
            .into_iter()
            .chain(columns.iter().map(|c| c.csv_title.clone())),
    )?;
    for id in 0..report.graph.len() {
        let node = NodeId(id as u32);
        writer.write_field(id.to_string())?;
        writer.write_field(report.graph.name(node).unwrap_or_default())?;
        writer.write_field(report.labels.expr(node))?;
        writer.write_field(format(report.values[id]))?;
        for column in &columns {
            match column.cell(id) {
                Cell::Number(x) => writer.write_field(format(x))?,
                Cell::Count(n) => writer.write_field(n.to_string())?,
                Cell::Step(step) => writer.write_field(step.to_string())?,
                Cell::Empty => writer.write_field("")?,
            }
        }
        writer.write_record(None::<&[u8]>)?;
    }
    Ok(())
}

/// The field separator of a delimited format; `None` for the others.
pub(super) fn delimiter(format: Format) -> Option<u8> {
    match format {
        Format::Csv => Some(b','),
        Format::Tsv => Some(b'\t'),
        Format::Json | Format::Table => None,
    }
}

/// One CSV/TSV record with its line ending, quoted where needed.
pub(super) fn record<I: IntoIterator<Item = String>>(fields: I, delimiter: u8) -> String {
    in_memory(delimiter, |writer| {
        writer
            .write_record(fields)
            .expect("writing to memory cannot fail")
    })
}
