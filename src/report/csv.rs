//! CSV and TSV: one header row, then one row per node — nothing else. With
//! `--stats`, one row per mode instead.
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
use crate::modes::stats::StatRow;

/// Renders the node rows (or, with stats, the mode rows) with `delimiter`.
pub fn render(report: &Report<'_>, delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    match report.stats {
        Some(stats) => write_stats(&mut writer, stats),
        None => write_nodes(&mut writer, report),
    }
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

fn write_stats(writer: &mut Writer<Vec<u8>>, stats: &[StatRow]) {
    let header = [
        "mode",
        "sweeps",
        "edges_touched",
        "seconds",
        "agrees",
        "refused",
    ];
    write_row(writer, header.map(String::from));
    for row in stats {
        let cells = match &row.outcome {
            Ok(m) => [
                m.sweeps.to_string(),
                m.edges_touched.to_string(),
                format(m.seconds),
                m.agrees().to_string(),
                String::new(),
            ],
            Err(refused) => [
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                refused.to_string(),
            ],
        };
        write_row(
            writer,
            std::iter::once(row.mode.name().to_string()).chain(cells),
        );
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
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    write_row(&mut writer, fields);
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}
