//! Greedy colourings: columns that may share a sweep get one colour.
//!
//! - [`columns`]: distance-2 colouring of a Jacobian's columns — two
//!   columns with an entry in the same row never share a colour, so a
//!   forward sweep seeded at every input of a colour gives each entry of
//!   each row alone. Rows (reverse sweeps) are the columns of the
//!   transposed pattern.
//! - [`star`]: star colouring of a symmetric (Hessian) pattern — a proper
//!   colouring in which every path of four vertices has three colours, so
//!   each entry (i, j) is alone in row i among the columns of j's colour,
//!   or alone in row j among those of i's (Gebremedhin, Manne and Pothen
//!   2005, algorithm 4.1). It needs fewer colours than distance-2 where
//!   rows are dense; on a tridiagonal pattern both give three.
//!
//! Vertices are coloured in their natural order (banded patterns, the
//! common case, colour optimally so). The work of each is bounded before
//! it starts: past [`MAX_WORK`] star colouring falls back to distance-2,
//! and distance-2 to one colour per column, which is always right and
//! what the dense computation does.

use super::Pattern;

/// The most steps a colouring may take.
pub const MAX_WORK: u64 = 400_000_000;

/// How a colouring was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Distance-2 colouring of the columns.
    Distance2,
    /// Star colouring of a symmetric pattern.
    Star,
    /// One colour per column: the colouring was over [`MAX_WORK`].
    Unique,
}

impl Method {
    /// The method's name, for reports.
    pub fn name(self) -> &'static str {
        match self {
            Method::Distance2 => "distance-2",
            Method::Star => "star",
            Method::Unique => "one per column",
        }
    }
}

/// A colour for every column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colouring {
    colours: Vec<u32>,
    count: usize,
    /// How it was found.
    pub method: Method,
}

impl Colouring {
    /// Column j's colour, from 0.
    pub fn of(&self, j: usize) -> usize {
        self.colours[j] as usize
    }

    /// How many colours: the sweeps the compressed computation runs.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The columns of each colour, ascending.
    pub fn groups(&self) -> Vec<Vec<u32>> {
        let mut groups = vec![Vec::new(); self.count];
        for (j, &colour) in self.colours.iter().enumerate() {
            groups[colour as usize].push(j as u32);
        }
        groups
    }

    /// Each column its own colour.
    fn unique(cols: usize) -> Colouring {
        Colouring {
            colours: (0..cols as u32).collect(),
            count: cols,
            method: Method::Unique,
        }
    }
}

/// Not coloured yet.
const NONE: u32 = u32::MAX;

/// Distance-2 colouring of `pattern`'s columns: columns sharing a row get
/// different colours.
pub fn columns(pattern: &Pattern) -> Colouring {
    let work: u64 = (0..pattern.rows())
        .map(|r| (pattern.row(r).len() as u64).pow(2))
        .sum();
    if work > MAX_WORK {
        return Colouring::unique(pattern.cols());
    }
    let by_column = pattern.transpose();
    let mut colours = vec![NONE; pattern.cols()];
    let mut forbidden = Forbidden::new(pattern.cols());
    for j in 0..pattern.cols() {
        for &r in by_column.row(j) {
            for &k in pattern.row(r as usize) {
                forbidden.add(colours[k as usize], j);
            }
        }
        colours[j] = forbidden.first_free(j);
    }
    finish(colours, Method::Distance2)
}

/// Star colouring of the symmetric `pattern` (both triangles kept).
pub fn star(pattern: &Pattern) -> Colouring {
    let degree = |v: usize| pattern.row(v).len() as u64;
    let work: u64 = (0..pattern.rows())
        .map(|w| {
            degree(w)
                * pattern
                    .row(w)
                    .iter()
                    .map(|&x| degree(x as usize))
                    .sum::<u64>()
        })
        .sum();
    if work > MAX_WORK {
        return columns(pattern);
    }
    let neighbours = |v: usize| {
        pattern
            .row(v)
            .iter()
            .map(|&w| w as usize)
            .filter(move |&w| w != v)
    };
    let mut colours = vec![NONE; pattern.rows()];
    let mut forbidden = Forbidden::new(pattern.rows());
    for v in 0..pattern.rows() {
        for w in neighbours(v) {
            forbidden.add(colours[w], v);
        }
        for w in neighbours(v) {
            for x in neighbours(w).filter(|&x| x != v && colours[x] != NONE) {
                let bicoloured_path =
                    colours[w] == NONE || neighbours(x).any(|y| y != w && colours[y] == colours[w]);
                if bicoloured_path {
                    forbidden.add(colours[x], v);
                }
            }
        }
        colours[v] = forbidden.first_free(v);
    }
    finish(colours, Method::Star)
}

fn finish(colours: Vec<u32>, method: Method) -> Colouring {
    let count = colours.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    Colouring {
        colours,
        count,
        method,
    }
}

/// The colours forbidden to the vertex being coloured: `by[c] == v` when
/// colour c is forbidden to v (no clearing between vertices).
struct Forbidden {
    by: Vec<usize>,
}

impl Forbidden {
    fn new(vertices: usize) -> Forbidden {
        Forbidden {
            by: vec![usize::MAX; vertices + 1],
        }
    }

    /// Forbids `colour` (if it is one) to `v`.
    fn add(&mut self, colour: u32, v: usize) {
        if colour != NONE {
            self.by[colour as usize] = v;
        }
    }

    /// The smallest colour not forbidden to `v`.
    fn first_free(&self, v: usize) -> u32 {
        self.by.iter().position(|&by| by != v).unwrap_or(0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether every entry of the symmetric `pattern` can be read back
    /// directly: (i, j) is alone in row i among j's colour, or alone in
    /// row j among i's.
    pub(crate) fn recoverable(pattern: &Pattern, colouring: &Colouring) -> bool {
        let alone = |row: usize, col: usize| {
            let colour = colouring.of(col);
            pattern
                .row(row)
                .iter()
                .filter(|&&k| colouring.of(k as usize) == colour)
                .count()
                == 1
        };
        pattern.entries().all(|(i, j)| alone(i, j) || alone(j, i))
    }

    #[test]
    fn a_tridiagonal_pattern_takes_three_colours() {
        let pattern = Pattern::banded(1000, 1);
        assert_eq!(columns(&pattern).count(), 3);
        let star = star(&pattern);
        assert_eq!((star.count(), star.method), (3, Method::Star));
        assert!(recoverable(&pattern, &star));
    }

    #[test]
    fn an_arrow_pattern_star_colours_in_two_where_distance_2_needs_all() {
        // Row 0 and column 0 are full, plus the diagonal.
        let n = 50;
        let entries: Vec<(u32, u32)> = (0..n as u32)
            .flat_map(|i| [(0, i), (i, 0), (i, i)])
            .collect();
        let pattern = Pattern::from_entries(n, n, &entries);
        assert_eq!(columns(&pattern).count(), n);
        let star = star(&pattern);
        assert_eq!(star.count(), 2);
        assert!(recoverable(&pattern, &star));
    }

    /// Random symmetric patterns: the star colouring is always proper and
    /// recoverable; distance-2 never puts two columns of a row together.
    #[test]
    fn random_patterns_colour_correctly() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        for _ in 0..300 {
            let n = 1 + next(40) as usize;
            let density = 1 + next(6);
            let mut entries = Vec::new();
            for i in 0..n as u32 {
                for j in 0..=i {
                    if next(20) < density {
                        entries.extend([(i, j), (j, i)]);
                    }
                }
            }
            let pattern = Pattern::from_entries(n, n, &entries);
            let star = star(&pattern);
            assert!(recoverable(&pattern, &star), "{pattern:?} {star:?}");
            let distance2 = columns(&pattern);
            for r in 0..n {
                let mut seen: Vec<usize> = pattern
                    .row(r)
                    .iter()
                    .map(|&k| distance2.of(k as usize))
                    .collect();
                let len = seen.len();
                seen.sort_unstable();
                seen.dedup();
                assert_eq!(seen.len(), len);
            }
        }
    }
}
