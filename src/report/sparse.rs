//! Sparse Jacobians and Hessians, and their patterns: a summary and the
//! entries for people, coordinates for programs.
//!
//! - table: what was found and what it cost, then the entries (row,
//!   column, value); a pattern alone is drawn as a picture when it is
//!   small, with each column's colour under it.
//! - json: `{"kind", "rows", "cols", "nonzeros", "entries": [[i, j, v],
//!   ...], ...}`, rows and columns named, indices from 0; a Hessian names
//!   the output it is `of`.
//! - csv, tsv: `row,column,value` by name, one entry per line.
//! - mtx: a MatrixMarket coordinate file (indices from 1; a Hessian as
//!   `symmetric`, its lower triangle), which `scipy.io.mmread` and MATLAB
//!   read.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::csv::record;
use super::fit::{Grid, Kind};
use super::number::{self, Digits, JsonNumber};
use super::{json_line, plural, Layout};
use crate::modes::sparse::{Colouring, Cost, Pattern, Read};

/// The most columns (and rows) a pattern's picture draws.
pub const MAX_PICTURE: usize = 64;

/// Which matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matrix {
    /// Rows are outputs, columns inputs.
    Jacobian,
    /// Rows and columns are inputs; symmetric.
    Hessian,
}

impl Matrix {
    fn name(self) -> &'static str {
        match self {
            Matrix::Jacobian => "jacobian",
            Matrix::Hessian => "hessian",
        }
    }
}

/// What a colouring groups: the columns or the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coloured {
    /// The inputs (columns): forward sweeps.
    Inputs,
    /// The outputs (rows): reverse sweeps.
    Outputs,
}

impl Coloured {
    /// The word for them.
    pub fn name(self) -> &'static str {
        match self {
            Coloured::Inputs => "inputs",
            Coloured::Outputs => "outputs",
        }
    }
}

/// How the entries were (or would be) computed.
#[derive(Debug, Clone, Copy)]
pub struct How<'a> {
    /// The sweeps: `forward`, `reverse` or `forward over reverse`.
    pub sweeps: &'static str,
    /// The colouring used.
    pub colouring: &'a Colouring,
    /// What the colours group.
    pub coloured: Coloured,
    /// The other direction's colour count, for a Jacobian.
    pub other: Option<(&'static str, usize)>,
    /// What the sweeps cost, when they ran.
    pub cost: Option<Cost>,
    /// The sweeps the dense computation takes.
    pub dense_sweeps: usize,
}

/// Everything a sparse report shows.
pub struct Sparse<'a> {
    /// Jacobian or Hessian.
    pub matrix: Matrix,
    /// What the rows are: the output's name for a Hessian.
    pub of: String,
    /// Row names.
    pub rows: Vec<String>,
    /// Column names.
    pub cols: Vec<String>,
    /// Where the entries are.
    pub pattern: &'a Pattern,
    /// Their values (`None`: the pattern alone, `--pattern`).
    pub values: Option<&'a [f64]>,
    /// How they were found.
    pub how: How<'a>,
    /// Digits for the table.
    pub digits: Digits,
    /// Whether CSV and TSV start with a header line.
    pub header: bool,
    /// Where each entry was read (`--explain`).
    pub reads: Option<Vec<Read>>,
    /// Every way of sweeping, side by side (`--stats`).
    pub stats: Option<Vec<StatRow>>,
}

/// One way of computing the matrix, run under `--stats`.
#[derive(Debug, Clone, Serialize)]
pub struct StatRow {
    /// The sweeps: `forward`, `reverse`, `forward over reverse`.
    pub sweeps_by: &'static str,
    /// The colouring's method.
    pub colouring: &'static str,
    /// Its colours.
    pub colours: usize,
    /// Sweeps run.
    pub sweeps: usize,
    /// Sweeps the dense computation takes.
    pub dense_sweeps: usize,
    /// Edges touched, counted by the sweeps.
    pub edges_touched: u64,
    /// Time of the sweeps, in seconds (the fastest of a few runs).
    pub seconds: f64,
    /// Whether its entries equal the report's, to rounding.
    pub agrees: bool,
    /// Whether it is the way the report's entries were computed.
    pub chosen: bool,
}

/// The most entries `--explain` narrates.
pub const MAX_EXPLAINED: usize = 10_000;

/// The formats a sparse report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SparseFormat {
    /// Summary and entries (or picture).
    Table,
    /// One JSON object.
    Json,
    /// Delimited entries.
    Delimited(u8),
    /// MatrixMarket.
    Mtx,
}

/// Writes `report` in `format`.
pub fn write(
    report: &Sparse<'_>,
    format: SparseFormat,
    layout: Layout,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        SparseFormat::Table => out.write_all(table(report, layout).as_bytes()),
        SparseFormat::Json => out.write_all(json(report).as_bytes()),
        SparseFormat::Delimited(delimiter) => {
            out.write_all(delimited(report, delimiter).as_bytes())
        }
        SparseFormat::Mtx => out.write_all(mtx(report).as_bytes()),
    }
}

/// How many cells the table of entries holds.
pub fn table_cells(report: &Sparse<'_>) -> u64 {
    match report.values {
        Some(_) => 3 * report.pattern.nonzeros() as u64,
        None => 0,
    }
}

/// The summary lines: what the matrix is, how sparse, and what the
/// colouring saves.
pub fn summary(report: &Sparse<'_>) -> String {
    let pattern = report.pattern;
    let (rows, cols) = (pattern.rows(), pattern.cols());
    let shape = match report.matrix {
        Matrix::Jacobian => format!(
            "Jacobian of {} by {}",
            plural(rows, "output", "outputs"),
            plural(cols, "input", "inputs")
        ),
        Matrix::Hessian => format!(
            "Hessian of {} by {}",
            report.of,
            plural(cols, "input", "inputs")
        ),
    };
    let all = rows as f64 * cols as f64;
    let share = match all > 0.0 {
        true => format!(
            " ({}%)",
            Digits::significant(2).format(100.0 * pattern.nonzeros() as f64 / all)
        ),
        false => String::new(),
    };
    let mut text = format!(
        "{shape}: {} of {} {}{share}\n",
        plural(pattern.nonzeros(), "non-zero", "non-zeros"),
        number::format(all),
        if all == 1.0 { "entry" } else { "entries" }
    );
    let how = report.how;
    if pattern.nonzeros() == 0 {
        text.push_str("every entry is 0: nothing to sweep\n");
        return text;
    }
    let colours = how.colouring.count();
    let _ = write!(
        text,
        "{} colouring of the {}: {}, so {} by {} instead of {}",
        how.colouring.method.name(),
        how.coloured.name(),
        plural(colours, "colour", "colours"),
        plural(sweeps(report), "sweep", "sweeps"),
        how.sweeps,
        how.dense_sweeps,
    );
    if let Some((direction, other)) = how.other {
        let _ = write!(
            text,
            " ({direction} would take {})",
            plural(other, "colour", "colours")
        );
    }
    if let Some(cost) = how.cost {
        let _ = write!(
            text,
            "; {} touched",
            plural(cost.edges_touched as usize, "edge", "edges")
        );
    }
    text.push('\n');
    text
}

/// The sweeps `colours` colours take: one each, and a Hessian's first
/// reverse sweep and second sweep per colour.
fn sweeps_for(matrix: Matrix, colours: usize) -> usize {
    match matrix {
        Matrix::Jacobian => colours,
        Matrix::Hessian => 1 + 2 * colours,
    }
}

/// The sweeps run (or, for a pattern alone, that would run): none for a
/// matrix of zeros.
fn sweeps(report: &Sparse<'_>) -> usize {
    match (report.how.cost, report.pattern.nonzeros()) {
        (Some(cost), _) => cost.sweeps,
        (None, 0) => 0,
        (None, _) => sweeps_for(report.matrix, report.how.colouring.count()),
    }
}

/// The `--stats` comparison as a table, when there is one.
pub fn stats_table(report: &Sparse<'_>, layout: Layout) -> Option<String> {
    let rows = report.stats.as_ref()?;
    let mut grid = Grid::new([
        ("sweeps by", Kind::Text),
        ("colouring", Kind::Text),
        ("colours", Kind::Number),
        ("sweeps", Kind::Number),
        ("dense sweeps", Kind::Number),
        ("edges touched", Kind::Number),
        ("time", Kind::Number),
        ("agrees", Kind::Text),
    ]);
    for row in rows {
        let chosen = if row.chosen { " (reported)" } else { "" };
        grid.add_row(vec![
            format!("{}{chosen}", row.sweeps_by),
            row.colouring.to_string(),
            row.colours.to_string(),
            row.sweeps.to_string(),
            row.dense_sweeps.to_string(),
            row.edges_touched.to_string(),
            super::table::duration(row.seconds),
            if row.agrees { "yes" } else { "NO" }.to_string(),
        ]);
    }
    Some(grid.render(layout) + "\n")
}

fn table(report: &Sparse<'_>, layout: Layout) -> String {
    let mut text = summary(report);
    if let Some(stats) = stats_table(report, layout) {
        text.push_str(&stats);
    }
    for line in narration(report) {
        text.push_str(&line);
        text.push('\n');
    }
    match report.values {
        Some(values) => {
            let (row, col, value) = match report.matrix {
                Matrix::Jacobian => ("output", "input", "derivative"),
                Matrix::Hessian => ("input", "input", "second derivative"),
            };
            let mut grid = Grid::new([(row, Kind::Text), (col, Kind::Text), (value, Kind::Number)]);
            for ((r, c), &v) in report.pattern.entries().zip(values) {
                grid.add_row(vec![
                    report.rows[r].clone(),
                    report.cols[c].clone(),
                    report.digits.format(v),
                ]);
            }
            text.push_str(&grid.render(layout));
            text.push('\n');
        }
        None => text.push_str(&picture(report)),
    }
    text
}

/// The pattern drawn, `●` for an entry that may be non-zero and `·` for
/// one that is 0, each column's colour under it; or why it is not drawn.
fn picture(report: &Sparse<'_>) -> String {
    let pattern = report.pattern;
    if pattern.cols() > MAX_PICTURE || pattern.rows() > MAX_PICTURE {
        return format!(
            "(a pattern is drawn up to {MAX_PICTURE} rows and columns: --format json, csv or mtx lists its entries)\n"
        );
    }
    let width = report
        .rows
        .iter()
        .map(|name| name.chars().count())
        .max()
        .unwrap_or(0);
    let width = width.max("colour".len());
    let mut text = String::new();
    for (j, name) in report.cols.iter().enumerate() {
        let _ = writeln!(text, "{}  {}{name}", padded("", width), "│ ".repeat(j));
    }
    for (r, name) in report.rows.iter().enumerate() {
        let row = pattern.row(r);
        let cells: Vec<&str> = (0..pattern.cols())
            .map(|c| {
                if row.binary_search(&(c as u32)).is_ok() {
                    "●"
                } else {
                    "·"
                }
            })
            .collect();
        let colour = match report.how.coloured {
            Coloured::Outputs => format!("  {}", colour_mark(report.how.colouring.of(r))),
            _ => String::new(),
        };
        let _ = writeln!(text, "{}  {}{colour}", padded(name, width), cells.join(" "));
    }
    if report.how.coloured == Coloured::Inputs {
        let colours: Vec<String> = (0..pattern.cols())
            .map(|c| colour_mark(report.how.colouring.of(c)))
            .collect();
        let _ = writeln!(text, "{}  {}", padded("colour", width), colours.join(" "));
    }
    text
}

/// `text` and spaces to `width` characters (by hand: `format!`'s widths
/// stop at 65,535, and a name may be longer).
fn padded(text: &str, width: usize) -> String {
    let pad = width.saturating_sub(text.chars().count());
    format!("{text}{}", " ".repeat(pad))
}

/// A colour as one character: 1–9, then a–z, then `+`.
fn colour_mark(colour: usize) -> String {
    let marks = "123456789abcdefghijklmnopqrstuvwxyz";
    marks.chars().nth(colour).unwrap_or('+').to_string()
}

#[derive(Serialize)]
struct Json<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    of: Option<&'a str>,
    rows: &'a [String],
    cols: &'a [String],
    nonzeros: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    entries: Option<Vec<(usize, usize, JsonNumber)>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<Vec<(usize, usize)>>,
    colouring: &'static str,
    colours: Vec<usize>,
    colour_count: usize,
    coloured: &'static str,
    sweeps_by: &'static str,
    sweeps: usize,
    dense_sweeps: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    edges_touched: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stats: Option<&'a [StatRow]>,
}

fn json(report: &Sparse<'_>) -> String {
    let how = report.how;
    let colourable = match how.coloured {
        Coloured::Inputs => report.pattern.cols(),
        Coloured::Outputs => report.pattern.rows(),
    };
    let document = Json {
        kind: report.matrix.name(),
        of: (report.matrix == Matrix::Hessian).then_some(report.of.as_str()),
        rows: &report.rows,
        cols: &report.cols,
        nonzeros: report.pattern.nonzeros(),
        entries: report.values.map(|values| {
            report
                .pattern
                .entries()
                .zip(values)
                .map(|((r, c), &v)| (r, c, JsonNumber(v)))
                .collect()
        }),
        pattern: report
            .values
            .is_none()
            .then(|| report.pattern.entries().collect()),
        colouring: how.colouring.method.name(),
        colours: (0..colourable).map(|k| how.colouring.of(k)).collect(),
        colour_count: how.colouring.count(),
        coloured: how.coloured.name(),
        sweeps_by: how.sweeps,
        sweeps: sweeps(report),
        dense_sweeps: how.dense_sweeps,
        edges_touched: how.cost.map(|cost| cost.edges_touched),
        explain: report.reads.as_ref().map(|_| narration(report)),
        stats: report.stats.as_deref(),
    };
    json_line(&document)
}

/// `--explain`: each sweep, the inputs (or outputs) seeded in it and why
/// they may share it, then each entry read from it and where.
fn narration(report: &Sparse<'_>) -> Vec<String> {
    let (Some(reads), Some(values)) = (&report.reads, report.values) else {
        return Vec::new();
    };
    let how = report.how;
    let entries: Vec<(usize, usize)> = report.pattern.entries().collect();
    let mut lines = Vec::new();
    for colour in 0..how.colouring.count() {
        let members = match how.coloured {
            Coloured::Inputs => &report.cols,
            Coloured::Outputs => &report.rows,
        };
        let seeded: Vec<&str> = (0..members.len())
            .filter(|&k| how.colouring.of(k) == colour)
            .map(|k| members[k].as_str())
            .collect();
        let (sweeps, why) = match (report.matrix, how.coloured) {
            (Matrix::Hessian, _) => (
                format!(
                    "sweeps {}–{} ({})",
                    2 * colour + 2,
                    2 * colour + 3,
                    how.sweeps
                ),
                "each entry below is alone among them in the row it is read from",
            ),
            (Matrix::Jacobian, Coloured::Inputs) => (
                format!("sweep {} ({})", colour + 1, how.sweeps),
                "no output depends on two of them",
            ),
            (Matrix::Jacobian, Coloured::Outputs) => (
                format!("sweep {} ({})", colour + 1, how.sweeps),
                "no input reaches two of them",
            ),
        };
        lines.push(match seeded[..] {
            [one] => format!("{sweeps} seeded at {one} alone"),
            _ => format!("{sweeps} seeded at {} at once: {why}", seeded.join(", ")),
        });
        for (e, read) in reads
            .iter()
            .enumerate()
            .filter(|(_, read)| read.colour == colour)
        {
            let (r, c) = entries[e];
            let value = report.digits.format(values[e]);
            lines.push(match report.matrix {
                Matrix::Jacobian => {
                    let at = if how.coloured == Coloured::Inputs {
                        &report.rows[read.at]
                    } else {
                        &report.cols[read.at]
                    };
                    format!(
                        "  ∂{}/∂{} = {value}, read at {at}",
                        report.rows[r], report.cols[c]
                    )
                }
                Matrix::Hessian => format!(
                    "  ∂²{}/∂{}∂{} = {value}, read in row {}",
                    report.of, report.rows[r], report.cols[c], report.rows[read.at]
                ),
            });
        }
    }
    lines
}

fn delimited(report: &Sparse<'_>, delimiter: u8) -> String {
    let mut text = String::new();
    if report.header {
        let (row, col) = match report.matrix {
            Matrix::Jacobian => ("output", "input"),
            Matrix::Hessian => ("row", "column"),
        };
        let value = report.values.map(|_| "value".to_string());
        let header = [row.to_string(), col.to_string()].into_iter().chain(value);
        text.push_str(&record(header, delimiter));
    }
    for (e, (r, c)) in report.pattern.entries().enumerate() {
        let value = report.values.map(|values| number::format(values[e]));
        let fields = [report.rows[r].clone(), report.cols[c].clone()]
            .into_iter()
            .chain(value);
        text.push_str(&record(fields, delimiter));
    }
    text
}

/// The longest comment line written: the reference reader (NIST's
/// `mmio.c`) reads lines of at most 1,024 characters.
const MAX_COMMENT: usize = 1000;

/// `% rows: a b c`, as many lines as keep each under [`MAX_COMMENT`].
fn comment_names(text: &mut String, what: &str, names: &[String]) {
    let mut line = format!("% {what}:");
    for name in names {
        if line.len() + 1 + name.len() > MAX_COMMENT {
            text.push_str(&line);
            text.push('\n');
            line = format!("% {what}, continued:");
        }
        line.push(' ');
        line.push_str(name);
    }
    text.push_str(&line);
    text.push('\n');
}

/// MatrixMarket: a Hessian as its lower triangle (`symmetric`).
fn mtx(report: &Sparse<'_>) -> String {
    let symmetric = report.matrix == Matrix::Hessian;
    let kept = |r: usize, c: usize| !symmetric || c <= r;
    let field = if report.values.is_some() {
        "real"
    } else {
        "pattern"
    };
    let shape = if symmetric { "symmetric" } else { "general" };
    let count = report
        .pattern
        .entries()
        .filter(|&(r, c)| kept(r, c))
        .count();
    let mut text = format!("%%MatrixMarket matrix coordinate {field} {shape}\n");
    let _ = writeln!(text, "% {} written by dgraph", report.matrix.name());
    comment_names(&mut text, "rows", &report.rows);
    comment_names(&mut text, "columns", &report.cols);
    let _ = writeln!(
        text,
        "{} {} {count}",
        report.pattern.rows(),
        report.pattern.cols()
    );
    for (e, (r, c)) in report.pattern.entries().enumerate() {
        if !kept(r, c) {
            continue;
        }
        text.push_str(itoa::Buffer::new().format(r + 1));
        text.push(' ');
        text.push_str(itoa::Buffer::new().format(c + 1));
        if let Some(values) = report.values {
            text.push(' ');
            number::push(&mut text, values[e]);
        }
        text.push('\n');
    }
    text
}
