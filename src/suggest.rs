//! "Did you mean ...?": the name a slip of the keyboard was meant to be.
//!
//! A typed name is near a candidate when their Damerau-Levenshtein
//! distance (a swap of two letters counts once) is at most 1 for names of
//! up to four characters and 2 beyond, and smaller than the typed name
//! itself (so `y` is never offered for `x`); a name that differs only in
//! case (`X` for `x`) is nearest of all. A few names from other
//! languages are known outright (`ln` is `log`). The distance is
//! [`strsim`]'s, the crate clap suggests flags with.

/// Names other languages give to dgraph's functions.
const ALIASES: [(&str, &str); 8] = [
    ("ln", "log"),
    ("arcsin", "asin"),
    ("arccos", "acos"),
    ("arctan", "atan"),
    ("arctan2", "atan2"),
    ("sgn", "sign"),
    ("power", "pow"),
    ("lg", "log10"),
];

/// The candidate `typed` was most likely meant to be, if one is near
/// enough; the first of equally near ones.
pub fn nearest<'c>(typed: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let candidates: Vec<&'c str> = candidates.into_iter().collect();
    let other_case = candidates
        .iter()
        .find(|&&candidate| candidate != typed && candidate.eq_ignore_ascii_case(typed));
    if let Some(&candidate) = other_case {
        return Some(candidate);
    }
    let typed_chars = typed.chars().count();
    let allowed = if typed_chars <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .filter(|&candidate| candidate != typed)
        .map(|candidate| (strsim::damerau_levenshtein(typed, candidate), candidate))
        .filter(|&(distance, _)| distance <= allowed && distance < typed_chars)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// The function `typed` was most likely meant to be: a known alias, else
/// the nearest of `functions`.
pub fn function<'c>(typed: &str, functions: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let functions: Vec<&'c str> = functions.into_iter().collect();
    let alias = ALIASES
        .iter()
        .find(|(alias, _)| *alias == typed)
        .and_then(|(_, meant)| functions.iter().copied().find(|f| f == meant));
    alias.or_else(|| nearest(typed, functions))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_offered_and_far_ones_not() {
        let names = ["x", "y", "rate", "sin", "sinh", "log"];
        assert_eq!(nearest("xx", names), Some("x"));
        assert_eq!(nearest("sine", names), Some("sin"));
        assert_eq!(nearest("raet", names), Some("rate"));
        assert_eq!(nearest("z", names), None);
        assert_eq!(nearest("x", names), None);
        assert_eq!(nearest("banana", names), None);
        assert_eq!(nearest("X", names), Some("x"));
        assert_eq!(nearest("Rate", names), Some("rate"));
    }

    #[test]
    fn aliases_from_other_languages_are_known() {
        let functions = ["sin", "log", "asin", "log10"];
        assert_eq!(function("ln", functions), Some("log"));
        assert_eq!(function("arcsin", functions), Some("asin"));
        assert_eq!(function("lg", functions), Some("log10"));
        assert_eq!(function("sine", functions), Some("sin"));
        assert_eq!(function("frob", functions), None);
    }
}
