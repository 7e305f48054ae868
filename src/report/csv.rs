//! CSV and TSV: one header row (none with `--no-header`), then one row per
//! node — nothing else (with `--stats` too: the comparison then goes to
//! standard error, as a table).
//!
//! Columns: `id,name,expr,value`, then the mode's node columns
//! (`d_e/d_node` in reverse mode, `d_node/d_a` in forward mode,
//! `paths_to_e` and `d_e/d_node` in paths mode). Unnamed nodes have an empty
//! name; cells with nothing to show are empty. Fields are quoted by the csv
//! crate where they need it.

use std::io::{self, Write};
use std::ops::Range;

use csv::Writer;
use rayon::prelude::*;

use super::columns::{Cell, NodeColumn, Reader};
use super::number;
use super::{Format, Report};
use crate::graph::NodeId;

/// Writes the node rows with `delimiter` to `out`: rendered a chunk of
/// rows per core at a time, written in order (a million nodes are never
/// held as one text).
pub fn write(report: &Report<'_>, delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
    let columns = report.columns();
    let fixed = ["id", "name", "expr", "value"].map(String::from);
    let titles = fixed
        .into_iter()
        .chain(columns.iter().map(|c| c.csv_title.clone()));
    if report.header {
        out.write_all(record(titles, delimiter).as_bytes())?;
    }
    let nodes = report.graph.len();
    let chunk_starts: Vec<usize> = (0..nodes).step_by(ROWS_PER_CHUNK).collect();
    for batch in chunk_starts.chunks(CHUNKS_AT_ONCE) {
        let rendered: Vec<String> = batch
            .par_iter()
            .map(|&start| {
                let rows = start..nodes.min(start + ROWS_PER_CHUNK);
                in_memory(delimiter, |writer| {
                    write_rows(writer, report, &columns, rows)
                        .expect("writing to memory cannot fail")
                })
            })
            .collect();
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
    }
    out.flush()
}

/// Rows rendered together by one core.
const ROWS_PER_CHUNK: usize = 16_384;

/// Chunks rendered before they are written.
const CHUNKS_AT_ONCE: usize = 8;

/// What `write` writes through a CSV writer with `delimiter`, as text.
fn in_memory(delimiter: u8, write: impl FnOnce(&mut Writer<Vec<u8>>)) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    write(&mut writer);
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

/// Writes the rows of the nodes `rows`: id, name, expression, value, then
/// the mode's columns.
fn write_rows<W: Write>(
    writer: &mut Writer<W>,
    report: &Report<'_>,
    columns: &[NodeColumn<'_>],
    rows: Range<usize>,
) -> csv::Result<()> {
    let mut field = String::new();
    let mut reader = Reader::new(columns, rows.start);
    for id in rows {
        let node = NodeId(id as u32);
        write_field(writer, &mut field, |text| push_integer(text, id))?;
        writer.write_field(report.graph.name(node).unwrap_or_default())?;
        writer.write_field(report.labels.expr(node))?;
        write_field(writer, &mut field, |text| {
            number::push(text, report.values[id])
        })?;
        for (_, cell) in reader.row(id) {
            write_field(writer, &mut field, |text| match cell {
                Cell::Number(x) => number::push(text, x),
                Cell::Independent => number::push(text, 0.0),
                Cell::Count(n) => push_integer(text, n),
                Cell::Step(step) => push_integer(text, step),
                Cell::Empty => {}
            })?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    Ok(())
}

/// Writes one field composed by `compose` in the reused buffer `field`
/// (a million rows allocate nothing per field).
fn write_field<W: Write>(
    writer: &mut Writer<W>,
    field: &mut String,
    compose: impl FnOnce(&mut String),
) -> csv::Result<()> {
    field.clear();
    compose(field);
    writer.write_field(field.as_bytes())
}

/// Appends a count or an id (by itoa: a million rows format their ids
/// several times faster than through `fmt`).
fn push_integer(text: &mut String, n: impl itoa::Integer) {
    text.push_str(itoa::Buffer::new().format(n));
}

/// The field separator of a delimited format; `None` for the others.
pub(super) fn delimiter(format: Format) -> Option<u8> {
    match format {
        Format::Csv => Some(b','),
        Format::Tsv => Some(b'\t'),
        Format::Json | Format::Table | Format::Mtx => None,
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
