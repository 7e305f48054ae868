//! The table for people: one row per node (or, with `--explain`, the
//! narration of the sweep), then the outputs, the gradient (a Jacobian when
//! there are several outputs), and what the mode did; with `--stats`, every
//! mode side by side.
//!
//! ```text
//! node  expression  value  ∂e/∂node
//! a     input           2         2
//! ...
//! e = 6
//! ∂e/∂a = 2    ∂e/∂b = 5
//! reverse mode: 1 sweep, 5 edges touched
//! ```

use super::columns::{Cell as NodeCell, Reader};
use super::fit::{Grid, Kind};
use super::number::format;
use super::{plural, Layout, Named, Report};
use crate::graph::{NodeId, Op};
use crate::modes::hessian::Hessian;
use crate::modes::paths::{describe_count, describe_paths};
use crate::modes::stats::{Detail, Measure, StatRow};

/// The most cells a table may hold: a person does not read more, and each
/// cell costs the table a few hundred bytes before a line is printed.
pub const MAX_TABLE_CELLS: u64 = 1_000_000;

/// The cells `report`'s table would hold: the nodes' rows (unless
/// `--explain` narrates instead) and the Jacobian's.
pub fn cells(report: &Report<'_>) -> u64 {
    let node_rows = match report.explain {
        Some(_) => 0,
        None => report.graph.len() as u64 * (3 + report.columns().len() as u64),
    };
    let jacobian = match report.outputs.len() {
        1 => 0,
        outputs => outputs as u64 * (1 + report.inputs.len() as u64),
    };
    node_rows + jacobian
}

/// Renders the whole table report.
pub fn render(report: &Report<'_>, layout: Layout) -> String {
    let mut out = String::new();
    if let Some(narration) = report.explain {
        for line in narration {
            out.push_str(line);
            out.push('\n');
        }
    } else if !report.graph.is_empty() {
        out.push_str(&nodes_table(report).render(layout));
        out.push('\n');
    }
    out.push_str(&summary(report, layout));
    if let Some(hessian) = report.hessian {
        out.push_str(&hessian_section(report, hessian, layout));
    }
    if let Some(stats) = stats_section(report, layout) {
        out.push('\n');
        out.push_str(&stats);
    }
    out
}

/// With `--stats`: every mode's row, and which touched the fewest edges.
pub fn stats_section(report: &Report<'_>, layout: Layout) -> Option<String> {
    let stats = report.stats?;
    Some(format!(
        "{}\n{}",
        stats_table(stats).render(layout),
        stats_moral(report, stats)
    ))
}

fn nodes_table(report: &Report<'_>) -> Grid {
    let columns = report.columns();
    let mut header = vec![
        ("node".to_string(), Kind::Text),
        ("expression".into(), Kind::Text),
        ("value".into(), Kind::Number),
    ];
    header.extend(columns.iter().map(|c| (c.title.clone(), Kind::Number)));
    let mut grid = Grid::new(header);
    let number = |x| report.digits.format(x);
    let mut reader = Reader::new(&columns, 0);
    for (id, node) in report.graph.nodes().enumerate() {
        let node_id = NodeId(id as u32);
        let expression = match node.op {
            Op::Input => "input",
            _ => report.labels.expr(node_id),
        };
        let name = report
            .graph
            .name(node_id)
            .map_or_else(|| format!("#{id}"), str::to_string);
        let mut row = vec![name, expression.to_string(), number(report.values[id])];
        row.extend(reader.row(id).map(|(_, cell)| match cell {
            NodeCell::Number(x) => number(x),
            NodeCell::Independent => number(0.0),
            NodeCell::Count(n) => describe_count(n),
            NodeCell::Step(step) => step.to_string(),
            NodeCell::Empty => String::new(),
        }));
        grid.add_row(row);
    }
    grid
}

/// The outputs' values, the gradient or Jacobian, and the mode's work.
fn summary(report: &Report<'_>, layout: Layout) -> String {
    let number = |x| report.digits.format(x);
    let values: Vec<String> = report
        .outputs
        .iter()
        .map(|o| match o.title == o.label {
            true => format!("{} = {}", o.title, number(o.value)),
            false => format!("{} = {} = {}", o.title, o.label, number(o.value)),
        })
        .collect();
    let mut out = wrap(&values, "    ", line_width(layout));
    let jacobian = &report.derivatives.jacobian;
    if report.inputs.is_empty() {
        out.push_str("no inputs: the gradient is empty\n");
    } else if let [only] = report.outputs.as_slice() {
        let entries: Vec<String> = report
            .inputs
            .iter()
            .zip(&jacobian[0])
            .map(|(x, d)| format!("∂{}/∂{} = {}", only.title, x.title, number(*d)))
            .collect();
        out.push_str(&wrap(&entries, "    ", line_width(layout)));
    } else {
        out.push_str(&jacobian_table(report).render(layout));
        out.push('\n');
    }
    let work = work_line(report);
    out.push_str(&wrap(&work, " ", layout.width.unwrap_or(usize::MAX)));
    out
}

/// Width at which the values and the gradient wrap when the terminal's is
/// unknown.
const LINE_WIDTH: usize = 100;

/// The terminal's width when known, else [`LINE_WIDTH`].
fn line_width(layout: Layout) -> usize {
    layout.width.unwrap_or(LINE_WIDTH)
}

/// `items` joined by `separator`, broken into lines of at most `width`
/// characters between items; an item longer than a line is broken between
/// its words, never inside one (a number stays whole).
fn wrap(items: &[String], separator: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for item in items {
        let words: Vec<&str> = match item.chars().count() > width {
            true => item.split(' ').collect(),
            false => vec![item.as_str()],
        };
        for (k, word) in words.into_iter().enumerate() {
            let gap = if k == 0 { separator } else { " " };
            let needed = line.chars().count() + gap.len() + word.chars().count();
            if !line.is_empty() && needed > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push_str(gap);
            }
            line.push_str(word);
        }
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn jacobian_table(report: &Report<'_>) -> Grid {
    let rows = report.outputs.iter().zip(&report.derivatives.jacobian);
    matrix_grid(report, "∂ out/∂ in".to_string(), rows)
}

/// A matrix with a column per input: `corner` heads the column of the
/// rows' titles.
fn matrix_grid<'r>(
    report: &Report<'_>,
    corner: String,
    rows: impl Iterator<Item = (&'r Named, &'r Vec<f64>)>,
) -> Grid {
    let mut header = vec![(corner, Kind::Text)];
    header.extend(
        report
            .inputs
            .iter()
            .map(|x| (x.title.clone(), Kind::Number)),
    );
    let mut grid = Grid::new(header);
    for (named, row) in rows {
        let mut cells = vec![named.title.clone()];
        cells.extend(row.iter().map(|&d| report.digits.format(d)));
        grid.add_row(cells);
    }
    grid
}

/// `--order 2`: the Hessian as a matrix, and what computing it touched.
fn hessian_section(report: &Report<'_>, hessian: &Hessian, layout: Layout) -> String {
    let out = &report.outputs[0].title;
    let rows = report.inputs.iter().zip(&hessian.matrix);
    let grid = matrix_grid(report, format!("∂²{out}/∂row ∂col"), rows);
    let title = format!(
        "Hessian of {out}, forward over reverse: {}, {} touched",
        plural(hessian.sweeps, "sweep", "sweeps"),
        plural(hessian.edges_touched as usize, "edge", "edges"),
    );
    let width = layout.width.unwrap_or(usize::MAX);
    format!("{}{}\n", wrap(&[title], " ", width), grid.render(layout))
}

/// What the mode did, and what the graph holds, in two wrappable parts.
fn work_line(report: &Report<'_>) -> [String; 2] {
    let d = report.derivatives;
    let sweeps = match d.mode {
        crate::modes::Mode::Paths => plural(d.sweeps, "path sum", "path sums"),
        crate::modes::Mode::Eliminate => {
            plural(d.sweeps, "vertex eliminated", "vertices eliminated")
        }
        _ => plural(d.sweeps, "sweep", "sweeps"),
    };
    [
        format!(
            "{} mode: {sweeps}, {} touched",
            d.mode.name(),
            plural(d.edges_touched as usize, "edge", "edges")
        ),
        format!(
            "({} in the graph, {} from inputs to outputs)",
            plural(report.graph.edge_count(), "edge", "edges"),
            describe_paths(report.paths),
        ),
    ]
}

fn stats_table(stats: &[StatRow]) -> Grid {
    let mut grid = Grid::new([
        ("mode", Kind::Text),
        ("sweeps", Kind::Number),
        ("edges touched", Kind::Number),
        ("time", Kind::Number),
        ("agrees with reverse", Kind::Text),
    ]);
    for row in stats {
        let cells = match &row.outcome {
            Ok(m) => vec![
                row_name(row),
                m.sweeps.to_string(),
                m.edges_touched.to_string(),
                duration(m.seconds),
                agreement(row, m),
            ],
            Err(refused) => vec![
                row_name(row),
                "-".into(),
                "-".into(),
                "-".into(),
                refused.brief(),
            ],
        };
        grid.add_row(cells);
    }
    grid
}

/// The mode, or `auto → reverse` for auto's row.
fn row_name(row: &StatRow) -> String {
    match row.detail {
        Detail::Auto(choice) => format!("auto → {}", choice.mode.name()),
        _ => row.mode.name().to_string(),
    }
}

fn agreement(row: &StatRow, m: &Measure) -> String {
    if row.mode == crate::modes::Mode::Reverse && row.detail == Detail::None {
        "(reference)".into()
    } else if m.agrees() {
        "yes".into()
    } else {
        format!("NO (relative difference {})", format(m.difference))
    }
}

/// Which mode touched the fewest edges (eliminate's multiply-adds among
/// them; auto repeats forward's or reverse's count), why the counts differ,
/// and what eliminate's order and auto's choice saved.
fn stats_moral(report: &Report<'_>, stats: &[StatRow]) -> String {
    let mut measured: Vec<(&str, u64)> = stats
        .iter()
        .filter(|row| !matches!(row.detail, Detail::Auto(_)))
        .filter_map(|row| {
            row.outcome
                .as_ref()
                .ok()
                .map(|m| (row.mode.name(), m.edges_touched))
        })
        .collect();
    measured.sort_by_key(|&(_, edges)| edges);
    let ranking: Vec<String> = measured
        .iter()
        .map(|(name, edges)| format!("{name} ({edges})"))
        .collect();
    let mut moral = format!(
        "fewest edges touched: {}\nreverse sweeps once per output ({}), forward once per input ({}); paths multiplies along every path ({})\n",
        ranking.join(", then "),
        report.outputs.len(),
        report.inputs.len(),
        describe_count(report.paths),
    );
    for row in stats {
        match (&row.detail, &row.outcome) {
            (Detail::Orders(comparison), Ok(_)) => {
                moral.push_str(&super::orders::counts(comparison));
                moral.push('\n');
                moral.push_str(&super::orders::times(comparison));
                moral.push('\n');
            }
            (Detail::Auto(choice), _) => {
                moral.push_str(&super::auto_note(choice));
                moral.push('\n');
            }
            _ => {}
        }
    }
    moral
}

/// Seconds in the unit that reads best.
pub(super) fn duration(seconds: f64) -> String {
    if seconds < 1e-6 {
        format!("{:.0} ns", seconds * 1e9)
    } else if seconds < 1e-3 {
        format!("{:.1} µs", seconds * 1e6)
    } else if seconds < 1.0 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{seconds:.2} s")
    }
}
