//! The indexed names a program uses (`x[1]`, `W[2,3]`), known only as the
//! program is built: what each stands for, kept by family (`x` for `x[1]`,
//! `x[2]`, ...) and indices rather than by spelling, so that a loop finds
//! `x[i+1]` without spelling it, and naming a family (`--of r`, `--wrt x`)
//! reads its members without searching every name.

use rustc_hash::FxHashMap;

use super::{NodeId, Value};

/// What an indexed name stands for, and where it first did.
#[derive(Debug, Clone, Copy)]
pub(super) enum Indexed {
    /// An input variable.
    Input(NodeId, usize),
    /// An assigned value.
    Assigned(Value, usize),
}

impl Indexed {
    /// The value it stands for.
    pub fn value(self) -> Value {
        match self {
            Indexed::Input(id, _) => Value::Node(id),
            Indexed::Assigned(value, _) => value,
        }
    }
}

/// Every indexed name, by family. A name is entered once: an input at its
/// first use, or an assignment.
#[derive(Debug, Default)]
pub(super) struct IndexedNames {
    families: FxHashMap<String, Family>,
}

impl IndexedNames {
    /// What the indexed name spelled `name` (`x[1]`) stands for, if it is
    /// known.
    pub fn get(&self, name: &str) -> Option<Indexed> {
        let (family, indices) = parse(name)?;
        self.find(family, indices.as_slice())
    }

    /// What `family[indices]` stands for, if it is known.
    pub fn find(&self, family: &str, indices: &[i64]) -> Option<Indexed> {
        self.families.get(family)?.get(indices)
    }

    /// Enters `family[indices]`, standing for `indexed`; it must be new.
    pub fn insert(&mut self, family: &str, indices: &[i64], indexed: Indexed) {
        debug_assert!(self.find(family, indices).is_none(), "entered once");
        match self.families.get_mut(family) {
            Some(members) => members.insert(indices, indexed),
            None => {
                let mut members = Family::default();
                members.insert(indices, indexed);
                self.families.insert(family.to_string(), members);
            }
        }
    }

    /// The members of `family`, spelled, and what they stand for, in
    /// index order.
    pub fn family(&self, family: &str) -> Vec<(String, Indexed)> {
        let Some(members) = self.families.get(family) else {
            return Vec::new();
        };
        let spelled =
            |(indices, indexed): (Indices, Indexed)| (spell(family, indices.as_slice()), indexed);
        members.in_order().into_iter().map(spelled).collect()
    }
}

/// The members of one family. Those with one index, in a range that fills
/// densely (a loop's `x[i-1]`, `x[i]`, `x[i+1]`), are found by position,
/// next to their neighbours in memory; the others by hashing. The line
/// holds at most twice as many places as it has members (plus
/// [`Family::REACH`]), so indices that spread out (`x[2^k]`, `x[i*i*i]`)
/// cost hashing, never memory.
#[derive(Debug, Default)]
struct Family {
    /// `line[k]` is member `[first + k]`, if it is known.
    line: Vec<Option<Indexed>>,
    first: i64,
    /// How many members the line holds.
    in_line: usize,
    others: FxHashMap<Indices, Indexed>,
}

impl Family {
    /// How many places past twice its members the line may hold.
    const REACH: usize = 64;

    fn get(&self, indices: &[i64]) -> Option<Indexed> {
        let in_line = match indices {
            [index] => self.position(*index).and_then(|k| self.line[k]),
            _ => None,
        };
        in_line.or_else(|| self.others.get(&Indices::from(indices)).copied())
    }

    fn insert(&mut self, indices: &[i64], indexed: Indexed) {
        if let [index] = *indices {
            if self.line.is_empty() {
                self.first = index;
            }
            let past = index.checked_sub(self.first).map(usize::try_from);
            if let Some(Ok(k)) = past {
                if k < 2 * (self.in_line + 1) + Self::REACH {
                    if k >= self.line.len() {
                        self.line.resize(k + 1, None);
                    }
                    self.line[k] = Some(indexed);
                    self.in_line += 1;
                    return;
                }
            }
        }
        self.others.insert(Indices::from(indices), indexed);
    }

    /// Where member `[index]` is kept in the line, if it is in its range.
    fn position(&self, index: i64) -> Option<usize> {
        let k = usize::try_from(index.checked_sub(self.first)?).ok()?;
        (k < self.line.len()).then_some(k)
    }

    /// Every member, in index order.
    fn in_order(&self) -> Vec<(Indices, Indexed)> {
        let line = self.line.iter().enumerate();
        let line = line.filter_map(|(k, known)| {
            let index = self.first + k as i64;
            known.map(|indexed| (Indices::from(&[index][..]), indexed))
        });
        let others = self.others.iter().map(|(i, &indexed)| (i.clone(), indexed));
        let mut members: Vec<(Indices, Indexed)> = line.collect();
        let from_line = members.len();
        members.extend(others);
        members[from_line..].sort_unstable_by(|a, b| a.0.cmp(&b.0));
        // Two sorted runs: the stable sort merges them in linear time.
        members.sort_by(|a, b| a.0.cmp(&b.0));
        members
    }
}

/// `x[1]`, `W[2,-3]`: the family and the indices, if `name` is an indexed
/// name spelled as dgraph spells it (no spaces, signs or leading zeros).
fn parse(name: &str) -> Option<(&str, Indices)> {
    let (family, rest) = name.split_once('[')?;
    let list = rest.strip_suffix(']')?;
    let mut indices = Vec::new();
    for part in list.split(',') {
        let digits = part.strip_prefix('-').unwrap_or(part);
        let canonical = match digits.as_bytes() {
            [b'0'] => digits.len() == part.len(),
            [b'1'..=b'9', rest @ ..] => rest.iter().all(u8::is_ascii_digit),
            _ => false,
        };
        if !canonical {
            return None;
        }
        indices.push(part.parse().ok()?);
    }
    Some((family, Indices::from(&indices[..])))
}

/// An indexed name as dgraph spells it: `x[1]`, `W[2,3]`.
pub fn spell(name: &str, indices: &[i64]) -> String {
    let mut spelling = String::new();
    spell_into(&mut spelling, name, indices);
    spelling
}

/// Appends the indexed name `name[indices]` to `spelling`.
pub(super) fn spell_into(spelling: &mut String, name: &str, indices: &[i64]) {
    spelling.push_str(name);
    spelling.push('[');
    for (k, &index) in indices.iter().enumerate() {
        if k > 0 {
            spelling.push(',');
        }
        spelling.push_str(itoa::Buffer::new().format(index));
    }
    spelling.push(']');
}

/// An indexed name's indices, compared as a list (`[1]` < `[1,-5]` <
/// `[2]`): up to three held inline, so that a family of 100,000 allocates
/// nothing per name, more in a vector.
#[derive(Debug, Clone)]
enum Indices {
    /// Up to three indices (then zeros) and how many there are.
    Inline([i64; 3], usize),
    /// More than three.
    Long(Vec<i64>),
}

impl From<&[i64]> for Indices {
    fn from(indices: &[i64]) -> Indices {
        match indices.len() {
            count @ 0..=3 => {
                let mut inline = [0; 3];
                inline[..count].copy_from_slice(indices);
                Indices::Inline(inline, count)
            }
            _ => Indices::Long(indices.to_vec()),
        }
    }
}

impl Indices {
    fn as_slice(&self) -> &[i64] {
        match self {
            Indices::Inline(indices, count) => &indices[..*count],
            Indices::Long(indices) => indices,
        }
    }
}

impl PartialEq for Indices {
    fn eq(&self, other: &Indices) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Indices {}

impl std::hash::Hash for Indices {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl PartialOrd for Indices {
    fn partial_cmp(&self, other: &Indices) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Indices {
    fn cmp(&self, other: &Indices) -> std::cmp::Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Indices order as lists, whatever their count or sign.
    #[test]
    fn indices_order_as_lists() {
        let sorted: [&[i64]; 8] = [
            &[-1],
            &[-1, -5],
            &[1],
            &[1, -5],
            &[1, 0],
            &[1, 2, 3, 4],
            &[1, 2, 4],
            &[2],
        ];
        let mut indices: Vec<Indices> = sorted.iter().rev().map(|&i| Indices::from(i)).collect();
        indices.sort();
        let back: Vec<&[i64]> = indices.iter().map(Indices::as_slice).collect();
        assert_eq!(back, sorted);
    }

    /// A family's members come in index order, whatever order they were
    /// entered in, in the line or not.
    #[test]
    fn families_come_in_index_order() {
        let mut names = IndexedNames::default();
        let entered: [&[i64]; 9] = [
            &[5],
            &[2, 1],
            &[1, 10],
            &[7],
            &[1, 2],
            &[-3, 0],
            &[1],
            &[6],
            &[900],
        ];
        for (k, &indices) in entered.iter().enumerate() {
            names.insert("W", indices, Indexed::Assigned(Value::Const(k as f64), 0));
        }
        names.insert("x", &[1], Indexed::Input(NodeId(0), 0));
        let members: Vec<String> = names.family("W").into_iter().map(|(n, _)| n).collect();
        let want = [
            "W[-3,0]", "W[1]", "W[1,2]", "W[1,10]", "W[2,1]", "W[5]", "W[6]", "W[7]", "W[900]",
        ];
        assert_eq!(members, want);
        assert!(names.family("w").is_empty());
        for (k, &indices) in entered.iter().enumerate() {
            let found = names.find("W", indices).map(Indexed::value);
            assert_eq!(found, Some(Value::Const(k as f64)), "W{indices:?}");
        }
        assert!(names.find("W", &[2]).is_none() && names.find("W", &[1, 3]).is_none());
    }

    /// Indices that spread out go to the hash map: the line never holds
    /// more than twice its members (plus its reach), whatever the indices.
    #[test]
    fn spread_indices_cost_no_memory() {
        let mut family = Family::default();
        for k in 0..62 {
            family.insert(&[1_i64 << k], Indexed::Input(NodeId(k), 0));
        }
        for i in 1..1000_i64 {
            family.insert(&[i * i * i + (1 << 62)], Indexed::Input(NodeId(0), 0));
        }
        assert!(
            family.line.len() <= 2 * family.in_line + Family::REACH + 1,
            "{}",
            family.line.len()
        );
        assert_eq!(family.in_line + family.others.len(), 62 + 999);
        for k in 0..62 {
            assert_eq!(
                family.get(&[1_i64 << k]).map(Indexed::value),
                Some(Value::Node(NodeId(k)))
            );
        }
        let mut dense = Family::default();
        for i in (1..=100_000).rev().chain(100_001..=200_000) {
            dense.insert(&[i], Indexed::Input(NodeId(0), 0));
        }
        assert!(dense.line.len() <= 2 * dense.in_line + Family::REACH + 1);
        assert!(
            dense.in_line >= 100_000,
            "a rising run fills the line: {}",
            dense.in_line
        );
    }

    /// Names are found by their spelling, and only as dgraph spells them.
    #[test]
    fn names_are_found_as_spelled() {
        let mut names = IndexedNames::default();
        names.insert("x", &[10], Indexed::Input(NodeId(3), 0));
        names.insert("W", &[-1, 0], Indexed::Input(NodeId(4), 0));
        assert!(names.get("x[10]").is_some() && names.get("W[-1,0]").is_some());
        for other in [
            "x[010]", "x[+10]", "x[ 10]", "x[10", "x10]", "W[-1,-0]", "W[-1, 0]", "x[]", "y[10]",
        ] {
            assert!(names.get(other).is_none(), "{other}");
        }
    }
}
