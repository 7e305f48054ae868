//! Tables that fit the width they are given, without ever splitting a
//! number.
//!
//! A table is first built as a [`Grid`] of text cells whose columns are
//! either numbers (right-aligned, never wrapped) or text (left-aligned,
//! wrapped between words when space is short). Headings never wrap: a
//! column is at least as wide as its heading, so a matrix split into
//! blocks shows the same heading, on one line, in every block. Then:
//!
//! - no width (not a terminal, or one that does not say how wide it is):
//!   the table is printed as it is, whatever its width;
//! - it fits: printed as it is;
//! - its text columns can wrap enough: printed at the width, numbers whole;
//! - otherwise its columns are split into blocks, each a table of its own
//!   that repeats the first column (the row's name) and holds as many
//!   columns as fit; a column too wide even alone with the first is
//!   printed whole, wider than the terminal (which then wraps the line
//!   itself, but dgraph never cuts a number in two).

use comfy_table::{
    presets, Attribute, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width,
};

use super::Layout;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Words, which may wrap; left-aligned.
    Text,
    /// Numbers, which never wrap; right-aligned.
    Number,
}

/// A table's cells before they are laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    header: Vec<String>,
    kinds: Vec<Kind>,
    rows: Vec<Vec<String>>,
}

/// Each column's border and padding: one border and a space either side.
const COLUMN_FRAME: usize = 3;

/// A column's padding, a space either side: comfy-table's boundaries on a
/// column's width count it.
const PADDING: usize = 2;

impl Grid {
    /// An empty grid with these column titles and kinds.
    pub fn new<S: Into<String>>(columns: impl IntoIterator<Item = (S, Kind)>) -> Grid {
        let (header, kinds) = columns.into_iter().map(|(t, k)| (t.into(), k)).unzip();
        Grid {
            header,
            kinds,
            rows: Vec::new(),
        }
    }

    /// Adds a row (one cell per column).
    pub fn add_row(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.header.len());
        self.rows.push(row);
    }

    /// The table laid out for `layout`, without a final newline.
    pub fn render(&self, layout: Layout) -> String {
        let all: Vec<usize> = (0..self.header.len()).collect();
        let Some(width) = layout.width else {
            return self.table(&all, layout, None).to_string();
        };
        if table_width(&self.natural_widths(), &all) <= width {
            return self.table(&all, layout, None).to_string();
        }
        let least = self.least_widths();
        let blocks = blocks(&least, width);
        let tables: Vec<String> = blocks
            .iter()
            .map(|columns| {
                let fits = table_width(&least, columns) <= width;
                let wrap_at = fits.then_some(width);
                self.table(columns, layout, wrap_at).to_string()
            })
            .collect();
        tables.join("\n")
    }

    /// Each column's width with nothing wrapped.
    fn natural_widths(&self) -> Vec<usize> {
        (0..self.header.len())
            .map(|c| self.cells(c).map(text_width).max().unwrap_or(0))
            .collect()
    }

    /// Each column's narrowest width: a number column's natural width, a
    /// text column's heading or longest word, whichever is wider.
    fn least_widths(&self) -> Vec<usize> {
        let natural = self.natural_widths();
        (0..self.header.len())
            .map(|c| match self.kinds[c] {
                Kind::Number => natural[c],
                Kind::Text => self
                    .rows
                    .iter()
                    .map(|r| r[c].as_str())
                    .flat_map(str::split_whitespace)
                    .map(text_width)
                    .fold(text_width(&self.header[c]), usize::max),
            })
            .collect()
    }

    /// Column `c`'s title and cells.
    fn cells(&self, c: usize) -> impl Iterator<Item = &str> {
        std::iter::once(self.header[c].as_str()).chain(self.rows.iter().map(move |r| r[c].as_str()))
    }

    /// A comfy table of `columns`, wrapping its text columns to `wrap_at`
    /// when given.
    fn table(&self, columns: &[usize], layout: Layout, wrap_at: Option<usize>) -> Table {
        let mut table = new_table(layout, columns.iter().map(|&c| self.header[c].clone()));
        for row in &self.rows {
            table.add_row(columns.iter().map(|&c| row[c].clone()));
        }
        if let Some(width) = wrap_at {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(u16::try_from(width).unwrap_or(u16::MAX));
        }
        let least = self.least_widths();
        for (index, &c) in columns.iter().enumerate() {
            let column = table.column_mut(index).expect("a column per title");
            match self.kinds[c] {
                Kind::Number => {
                    column.set_cell_alignment(CellAlignment::Right);
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
                Kind::Text => {
                    let least = u16::try_from(least[c] + PADDING).unwrap_or(u16::MAX);
                    column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(least)));
                }
            }
        }
        table
    }
}

/// How wide a table of `columns` is at `widths`, borders included.
fn table_width(widths: &[usize], columns: &[usize]) -> usize {
    1 + columns
        .iter()
        .map(|&c| widths[c] + COLUMN_FRAME)
        .sum::<usize>()
}

/// The columns split into blocks that fit `width` at their least widths,
/// each block led by column 0; a column that does not fit even alone with
/// column 0 gets a block of its own.
fn blocks(least: &[usize], width: usize) -> Vec<Vec<usize>> {
    let mut blocks = Vec::new();
    let mut block = vec![0];
    for c in 1..least.len() {
        block.push(c);
        if block.len() > 2 && table_width(least, &block) > width {
            block.pop();
            blocks.push(std::mem::replace(&mut block, vec![0, c]));
        }
    }
    blocks.push(block);
    blocks
}

/// The columns a text takes on a terminal (every character one column:
/// the tables hold names, expressions and numbers).
fn text_width(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// A comfy table in dgraph's style with `header`, not wrapped; headings
/// in bold when `layout` has colour.
fn new_table(layout: Layout, header: impl IntoIterator<Item = String>) -> Table {
    let mut table = Table::new();
    let header: Vec<Cell> = header
        .into_iter()
        .map(|title| match layout.color {
            true => Cell::new(title).add_attribute(Attribute::Bold),
            false => Cell::new(title),
        })
        .collect();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_header(header)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Disabled);
    if layout.color {
        table.enforce_styling();
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jacobian() -> Grid {
        let mut grid = Grid::new([
            ("∂ out/∂ in", Kind::Text),
            ("x[1]", Kind::Number),
            ("x[2]", Kind::Number),
            ("x[3]", Kind::Number),
        ]);
        for (name, numbers) in [
            (
                "h[1]",
                [
                    "0.06347395899824584",
                    "0.1269479179964917",
                    "-0.1904218769947375",
                ],
            ),
            (
                "h[2]",
                [
                    "0.0035725448884354805",
                    "-0.004465681110544351",
                    "0.005358817332653222",
                ],
            ),
        ] {
            let mut row = vec![name.to_string()];
            row.extend(numbers.map(String::from));
            grid.add_row(row);
        }
        grid
    }

    fn at(width: Option<usize>) -> String {
        jacobian().render(Layout {
            width,
            color: false,
        })
    }

    /// Every number of the grid appears whole on some line.
    fn numbers_whole(text: &str) {
        for number in [
            "0.0035725448884354805",
            "-0.004465681110544351",
            "0.005358817332653222",
        ] {
            assert!(
                text.lines().any(|l| l.contains(number)),
                "{number} split:\n{text}"
            );
        }
    }

    #[test]
    fn no_width_prints_the_table_whole() {
        let text = at(None);
        assert_eq!(text.lines().count(), 6);
        numbers_whole(&text);
    }

    #[test]
    fn narrow_widths_split_columns_into_blocks_not_numbers() {
        for width in [0, 1, 20, 40, 60, 80] {
            let text = at(Some(width));
            numbers_whole(&text);
            let widest = text.lines().map(text_width).max().unwrap();
            let natural = jacobian().natural_widths();
            let alone = (1..natural.len())
                .map(|c| table_width(&natural, &[0, c]))
                .max()
                .unwrap();
            assert!(widest <= width.max(alone), "width {width}:\n{text}");
        }
        assert_eq!(at(Some(200)), at(None));
    }

    #[test]
    fn headings_never_wrap() {
        for width in 0..=100 {
            let text = at(Some(width));
            for line in text.lines().filter(|l| l.contains("out/")) {
                assert!(line.contains("∂ out/∂ in"), "width {width}:\n{text}");
            }
        }
        let mut stats = Grid::new([
            ("mode", Kind::Text),
            ("time", Kind::Number),
            ("agrees with reverse", Kind::Text),
        ]);
        stats.add_row(vec!["auto → reverse".into(), "140 ns".into(), "yes".into()]);
        for width in 0..=60 {
            let layout = Layout {
                width: Some(width),
                color: false,
            };
            let text = stats.render(layout);
            for line in text.lines().filter(|l| l.contains("agrees")) {
                assert!(
                    line.contains("agrees with reverse"),
                    "width {width}:\n{text}"
                );
            }
        }
    }

    #[test]
    fn blocks_repeat_the_first_column() {
        assert_eq!(blocks(&[4, 20, 20, 20], 80), vec![vec![0, 1, 2, 3]]);
        assert_eq!(
            blocks(&[4, 20, 20, 20], 60),
            vec![vec![0, 1, 2], vec![0, 3]]
        );
        assert_eq!(
            blocks(&[4, 20, 20, 20], 10),
            vec![vec![0, 1], vec![0, 2], vec![0, 3]]
        );
        assert_eq!(blocks(&[4], 10), vec![vec![0]]);
    }
}
