//! The program's names and what each one is bound to.
//!
//! A large program looks up two or three names per statement, at random
//! places among a million. Each lookup here reads two places: an 8-byte
//! slot (an entry's index and its hash, so the table stays small and
//! growing it never revisits an entry) and the entry, which holds a name of
//! up to 16 bytes inline, so comparing it never reads the program text (a
//! `&str` key would: a third cache miss per lookup). Keeping key and
//! binding in the table's own buckets saves a read but makes the buckets
//! 56 bytes; that measured slower.

use std::hash::BuildHasher;

use hashbrown::hash_table::HashTable;
use rustc_hash::FxBuildHasher;

use super::intern::{fold, spread};
use super::resolve::Binding;

/// Names and their bindings, in the order they were first bound.
#[derive(Debug, Default)]
pub(super) struct Names<'s> {
    slots: HashTable<Slot>,
    entries: Vec<(Key<'s>, Binding)>,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    entry: u32,
    hash: u32,
}

/// A name as stored: inline when short, else the program's own text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key<'s> {
    Inline([u8; 16], u8),
    Text(&'s str),
}

impl<'s> Key<'s> {
    fn of(name: &'s str) -> Key<'s> {
        let bytes = name.as_bytes();
        if bytes.len() > 16 {
            return Key::Text(name);
        }
        let mut inline = [0; 16];
        inline[..bytes.len()].copy_from_slice(bytes);
        Key::Inline(inline, bytes.len() as u8)
    }

    /// The name.
    fn text(&self) -> &str {
        match self {
            Key::Inline(inline, len) => {
                std::str::from_utf8(&inline[..usize::from(*len)]).expect("a whole name")
            }
            Key::Text(text) => text,
        }
    }

    /// Whether this is the key of `name` (without making its key: no copy).
    fn is(&self, name: &str) -> bool {
        match self {
            Key::Inline(inline, len) => &inline[..usize::from(*len)] == name.as_bytes(),
            Key::Text(text) => *text == name,
        }
    }
}

impl<'s> Names<'s> {
    /// What `name` is bound to, if anything.
    pub(super) fn get(&self, name: &str) -> Option<&Binding> {
        let hash = hash(name);
        let slot = self.slots.find(spread(hash), |slot| {
            slot.hash == hash && self.entries[slot.entry as usize].0.is(name)
        })?;
        Some(&self.entries[slot.entry as usize].1)
    }

    /// Binds `name`, which must not be bound yet.
    pub(super) fn insert(&mut self, name: &'s str, binding: Binding) {
        debug_assert!(self.get(name).is_none(), "`{name}` is bound once");
        let hash = hash(name);
        let entry = u32::try_from(self.entries.len()).expect("fewer than 2^32 names");
        self.entries.push((Key::of(name), binding));
        self.slots
            .insert_unique(spread(hash), Slot { entry, hash }, |slot| spread(slot.hash));
    }
}

impl Names<'_> {
    /// The names bound to functions, in the order they were defined.
    pub(super) fn functions(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|(_, binding)| matches!(binding, Binding::Function(..)))
            .map(|(key, _)| key.text())
    }
}

fn hash(name: &str) -> u32 {
    fold(FxBuildHasher.hash_one(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_short_and_long_names_and_only_those() {
        let long = "a_name_longer_than_sixteen_bytes";
        let mut names = Names::default();
        for (i, name) in ["x", "x1", "sixteen_bytes_ok", long].iter().enumerate() {
            names.insert(name, Binding::Input(i as u32, 0));
        }
        names.insert("y", Binding::Assigned(0, 3));
        for (i, name) in ["x", "x1", "sixteen_bytes_ok", long].iter().enumerate() {
            assert!(matches!(names.get(name), Some(Binding::Input(n, _)) if *n == i as u32));
        }
        assert!(matches!(names.get("y"), Some(Binding::Assigned(..))));
        for absent in [
            "",
            "x2",
            "X",
            "sixteen_bytes_o",
            "a_name_longer_than_sixteen_byte",
        ] {
            assert!(names.get(absent).is_none(), "{absent}");
        }
    }

    #[test]
    fn numbered_names_hash_apart() {
        let hashes: std::collections::HashSet<u32> =
            (0..100_000).map(|i| hash(&format!("n{i}"))).collect();
        assert!(hashes.len() > 99_990, "{} distinct", hashes.len());
    }

    #[test]
    fn a_million_names_each_find_their_own() {
        let texts: Vec<String> = (0..1_000_000).map(|i| format!("n{i}")).collect();
        let mut names = Names::default();
        for (i, text) in texts.iter().enumerate() {
            names.insert(text, Binding::Input(i as u32, i));
        }
        for (i, text) in texts.iter().enumerate().step_by(997) {
            assert!(matches!(names.get(text), Some(Binding::Input(n, _)) if *n as usize == i));
        }
    }
}
