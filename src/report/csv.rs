//! CSV and TSV: one header row, then one row per node — nothing else. With
//! `--stats`, one row per mode instead.
//!
//! Columns: `id,name,expr,value`, then the mode's node columns
//! (`d_e/d_node` in reverse mode, `d_node/d_a` in forward mode,
//! `paths_to_e` and `d_e/d_node` in paths mode). Unnamed nodes have an empty
//! name; cells with nothing to show are empty.

use super::columns::Cell;
use super::number::format;
use super::Report;
use crate::graph::NodeId;
use crate::modes::stats::StatRow;

/// Renders the node rows (or, with stats, the mode rows) with `delimiter`.
pub fn render(report: &Report<'_>, delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let rows = match report.stats {
        Some(stats) => stats_rows(stats),
        None => node_rows(report),
    };
    for row in rows {
        writer
            .write_record(&row)
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

fn node_rows(report: &Report<'_>) -> Vec<Vec<String>> {
    let columns = report.columns();
    let mut header: Vec<String> = ["id", "name", "expr", "value"].map(String::from).to_vec();
    header.extend(columns.iter().map(|c| c.csv_title.clone()));
    let mut rows = vec![header];
    for id in 0..report.graph.len() {
        let node = NodeId(id as u32);
        let mut row = vec![
            id.to_string(),
            report.graph.name(node).unwrap_or_default().to_string(),
            report.labels.expr(node).to_string(),
            format(report.values[id]),
        ];
        row.extend(columns.iter().map(|c| match c.cell(id) {
            Cell::Number(x) => format(x),
            Cell::Count(n) => n.to_string(),
            Cell::Empty => String::new(),
        }));
        rows.push(row);
    }
    rows
}

fn stats_rows(stats: &[StatRow]) -> Vec<Vec<String>> {
    let header = [
        "mode",
        "sweeps",
        "edges_touched",
        "seconds",
        "agrees",
        "refused",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for row in stats {
        let cells = match &row.outcome {
            Ok(m) => vec![
                m.sweeps.to_string(),
                m.edges_touched.to_string(),
                format(m.seconds),
                m.agrees().to_string(),
                String::new(),
            ],
            Err(refused) => {
                vec![
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    refused.to_string(),
                ]
            }
        };
        rows.push(
            std::iter::once(row.mode.name().to_string())
                .chain(cells)
                .collect(),
        );
    }
    rows
}
