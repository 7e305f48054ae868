//! CSV and TSV: one header row, then one row per node — nothing else (with
//! `--stats` too: the comparison then goes to standard error, as a table).
//!
//! Columns: `id,name,expr,value`, then the mode's node columns
//! (`d_e/d_node` in reverse mode, `d_node/d_a` in forward mode,
//! `paths_to_e` and `d_e/d_node` in paths mode). Unnamed nodes have an empty
//! name; cells with nothing to show are empty. Fields are quoted by the csv
//! crate where they need it.

use csv::Writer;

use super::columns::Cell;
use super::number::format;
use super::{Format, Report};
use crate::graph::NodeId;

/// Renders the node rows with `delimiter`.
pub fn render(report: &Report<'_>, delimiter: u8) -> String {
    in_memory(delimiter, |writer| write_nodes(writer, report))
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

fn write_row<I: IntoIterator<Item = String>>(writer: &mut Writer<Vec<u8>>, row: I) {
    writer
        .write_record(row)
        .expect("writing to memory cannot fail");
}

fn write_nodes(writer: &mut Writer<Vec<u8>>, report: &Report<'_>) {
    let columns = report.columns();
    let fixed = ["id", "name", "expr", "value"].map(String::from);
    write_row(
        writer,
        fixed
            .into_iter()
            .chain(columns.iter().map(|c| c.csv_title.clone())),
    );
    for id in 0..report.graph.len() {
        let node = NodeId(id as u32);
        let fixed = [
            id.to_string(),
            report.graph.name(node).unwrap_or_default().to_string(),
            report.labels.expr(node).to_string(),
            format(report.values[id]),
        ];
        let cells = columns.iter().map(|c| match c.cell(id) {
            Cell::Number(x) => format(x),
            Cell::Count(n) => n.to_string(),
            Cell::Empty => String::new(),
        });
        write_row(writer, fixed.into_iter().chain(cells));
    }
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
    in_memory(delimiter, |writer| write_row(writer, fields))
}
