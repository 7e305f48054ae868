//! Reading settings: `name=value` pairs (`x=2`, `x[2]=5`), lists for the
//! indexed names of one family (`x=[1.5, 2, -3]` for `x[1] x[2] x[3]`,
//! `W=[[1, 2], [3, 4]]` for `W[1,1]` … `W[2,2]`), and JSON objects of
//! numbers and (nested) arrays of numbers.
//!
//! Pairs are separated by commas or newlines outside brackets; spaces
//! around them, and inside an index, are ignored. Blank lines (and lines
//! holding only a comment) are skipped, but an empty pair beside a comma
//! (`a=1,,b=2`, `a=1,`) is an error. Lists are 1-based. An indexed name is
//! spelled as the graph spells it: `W[1,2]`.

use super::constant;
use crate::error::InputError;
use crate::escape::quoted;
use crate::parse::{is_identifier, location};

/// One `name=value` setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// The variable's name (`x`, or `x[2]`, `W[1,2]`).
    pub name: String,
    /// Its value.
    pub value: f64,
}

/// The deepest a list may nest (`[[1, 2], [3, 4]]` nests 2 deep).
const MAX_LIST_DEPTH: usize = 16;

/// Reads settings separated by commas or newlines outside brackets (spaces
/// around them ignored, blank lines skipped, `#` comments to the end of the
/// line); `origin` says where they came from in error messages (`--set`).
/// An empty pair beside a comma is an error that says where it is.
pub fn parse_settings(text: &str, origin: &str) -> Result<Vec<Setting>, InputError> {
    read_settings(text, origin, false)
}

/// Reads settings as [`parse_settings`] does from the file (or standard
/// input) that messages call `name`; an error names the line it is on:
/// `point.txt: line 3: ...`.
pub fn parse_settings_file(text: &str, name: &str) -> Result<Vec<Setting>, InputError> {
    read_settings(text, name, true)
}

/// Reads settings; with `numbered`, an error names its line.
fn read_settings(text: &str, origin: &str, numbered: bool) -> Result<Vec<Setting>, InputError> {
    let mut settings = Vec::new();
    // Each line keeps its text up to any comment, so offsets into `text`
    // have the line and column they had in the input.
    let text: String = text
        .lines()
        .map(|line| line.split_once('#').map_or(line, |(kept, _)| kept))
        .collect::<Vec<&str>>()
        .join("\n");
    for piece in split_outside_brackets(&text, &[',', '\n']) {
        let item = piece.trim();
        let at = piece.as_ptr() as usize - text.as_ptr() as usize;
        // The line is counted only for an error: counting it for every
        // pair would make a long file quadratic.
        let prefix = || match numbered {
            true => format!("{origin}: line {}", location(&text, at).0),
            false => origin.to_string(),
        };
        if !item.is_empty() {
            parse_setting(item, &mut settings)
                .map_err(|why| InputError::new(format!("{}: {why}", prefix())))?;
        } else if text[..at].ends_with(',') || text[at + piece.len()..].starts_with(',') {
            return Err(empty_pair(&text, at, origin, numbered));
        }
    }
    Ok(settings)
}

/// The error for the empty pair at byte `at` of `text`: its line and
/// column, and its line (with `numbered`, the line leads, as in every
/// error about a file).
fn empty_pair(text: &str, at: usize, origin: &str, numbered: bool) -> InputError {
    let (line, column) = location(text, at);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let spot = match numbered {
        true => format!("line {line}: an empty pair at column {column}"),
        false => format!("an empty pair at {line}:{column}"),
    };
    InputError::new(format!(
        "{origin}: {spot} in `{}`; remove the extra comma",
        quoted(&text[start..end])
    ))
}

/// Reads a JSON object whose values are numbers or (nested) arrays of
/// numbers: `{"x": [0.5, -1], "b": 2}`.
pub fn parse_json_settings(text: &str, origin: &str) -> Result<Vec<Setting>, InputError> {
    let error = |why: String| InputError::new(format!("{origin}: {why}"));
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|err| error(format!("not JSON: {err}")))?;
    let serde_json::Value::Object(object) = json else {
        return Err(error("expected a JSON object of names and numbers".into()));
    };
    let mut settings = Vec::new();
    for (name, value) in &object {
        let base = variable(name).map_err(&error)?;
        json_values(value, &base, &mut Vec::new(), &mut settings, 0).map_err(&error)?;
    }
    Ok(settings)
}

fn json_values(
    value: &serde_json::Value,
    name: &str,
    indices: &mut Vec<usize>,
    settings: &mut Vec<Setting>,
    depth: usize,
) -> Result<(), String> {
    match value {
        serde_json::Value::Number(number) => {
            let value = number.as_f64().filter(|v| v.is_finite());
            let value =
                value.ok_or_else(|| format!("`{name}`: {number} is not a finite double"))?;
            settings.push(setting(name, indices, value));
            Ok(())
        }
        serde_json::Value::Array(items) if depth < MAX_LIST_DEPTH => {
            for (k, item) in items.iter().enumerate() {
                indices.push(k + 1);
                json_values(item, name, indices, settings, depth + 1)?;
                indices.pop();
            }
            Ok(())
        }
        other => Err(format!(
            "`{name}`: expected a number or an array of numbers, found {}",
            quoted(&other.to_string())
        )),
    }
}

/// One pair; a list gives one setting per element. The error says why
/// `item` is wrong, quoting it.
fn parse_setting(item: &str, settings: &mut Vec<Setting>) -> Result<(), String> {
    let error = |why: String| format!("in `{}`, {why}", quoted(item));
    let Some((name, value)) = item.split_once('=') else {
        return Err(format!("`{}` is not of the form name=value", quoted(item)));
    };
    let (name, value) = (name.trim(), value.trim());
    let name = variable(name).map_err(error)?;
    if value.starts_with('[') {
        if name.contains('[') {
            return Err(error(format!(
                "`{name}` already has indices: set it to one number"
            )));
        }
        let mut list = List { text: value, at: 0 };
        list.values(&name, &mut Vec::new(), settings, 0)
            .map_err(error)?;
        return list.end().map_err(error);
    }
    let value = constant::value(value).map_err(|why| error(phrased("the value", value, &why)))?;
    settings.push(Setting { name, value });
    Ok(())
}

/// A variable's name as the graph spells it: `x`, or `x[1,2]` for
/// `x[1, 2]`; an error says why `text` is not one.
pub fn variable(text: &str) -> Result<String, String> {
    let not_a_name = || {
        let what = match text {
            "" => "an empty name".to_string(),
            _ => format!("`{}`", quoted(text)),
        };
        format!("{what} is not a variable name (letters, digits and `_`, not starting with a digit, with integer indices in brackets: `x[2]`)")
    };
    let Some((base, rest)) = text.split_once('[') else {
        return if is_identifier(text) {
            Ok(text.to_string())
        } else {
            Err(not_a_name())
        };
    };
    let indices = rest.strip_suffix(']').ok_or_else(not_a_name)?;
    let indices: Option<Vec<i64>> = indices.split(',').map(|i| i.trim().parse().ok()).collect();
    match (is_identifier(base.trim_end()), indices) {
        (true, Some(indices)) => {
            let indices: Vec<String> = indices.iter().map(i64::to_string).collect();
            Ok(format!("{}[{}]", base.trim_end(), indices.join(",")))
        }
        _ => Err(not_a_name()),
    }
}

/// `name[indices]`, or `name` when there are none.
fn setting(name: &str, indices: &[usize], value: f64) -> Setting {
    let name = match indices {
        [] => name.to_string(),
        _ => {
            let indices: Vec<String> = indices.iter().map(usize::to_string).collect();
            format!("{name}[{}]", indices.join(","))
        }
    };
    Setting { name, value }
}

/// A list being read: `[1.5, 2, [3, 4]]`.
struct List<'t> {
    text: &'t str,
    at: usize,
}

impl List<'_> {
    /// Reads a list at the cursor into `settings`, each element indexed.
    fn values(
        &mut self,
        name: &str,
        indices: &mut Vec<usize>,
        settings: &mut Vec<Setting>,
        depth: usize,
    ) -> Result<(), String> {
        if depth >= MAX_LIST_DEPTH {
            return Err(format!("lists nest more than {MAX_LIST_DEPTH} deep"));
        }
        self.expect('[')?;
        if self.skip_spaces() == Some(']') {
            self.at += 1;
            return Ok(());
        }
        for k in 1.. {
            indices.push(k);
            if self.skip_spaces() == Some('[') {
                self.values(name, indices, settings, depth + 1)?;
            } else {
                let rest = &self.text[self.at..];
                let len = element_length(rest);
                let element = rest[..len].trim();
                let value = constant::value(element)
                    .map_err(|why| phrased("the list element", element, &why))?;
                settings.push(setting(name, indices, value));
                self.at += len;
            }
            indices.pop();
            match self.skip_spaces() {
                Some(',') => self.at += 1,
                Some(']') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err("a list is not closed with `]`".into()),
            }
        }
        unreachable!("the loop returns")
    }

    /// Nothing but spaces may follow the list.
    fn end(&mut self) -> Result<(), String> {
        match self.skip_spaces() {
            None => Ok(()),
            Some(_) => Err(format!(
                "`{}` follows the list",
                quoted(&self.text[self.at..])
            )),
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.skip_spaces() {
            Some(found) if found == c => {
                self.at += 1;
                Ok(())
            }
            _ => Err(format!("expected `{c}` in the list")),
        }
    }

    /// Skips spaces; the character after them.
    fn skip_spaces(&mut self) -> Option<char> {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start().len();
        self.text[self.at..].chars().next()
    }
}

/// Why the value `text` is wrong, called `what`: `the value is empty`,
/// `the value `inf` uses the variable ...`.
fn phrased(what: &str, text: &str, why: &str) -> String {
    match text {
        "" => format!("{what} is empty"),
        _ => format!("{what} `{}` {why}", quoted(text)),
    }
}

/// The length of the list element at the start of `text`: up to the first
/// `,` or `]` outside the parentheses of a constant expression.
fn element_length(text: &str) -> usize {
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' | ']' if depth == 0 => return at,
            _ => {}
        }
    }
    text.len()
}

/// The pieces of `text` between the `separators` that stand outside
/// brackets and parentheses (`t=pow(2, 3)` is one piece).
pub fn split_outside_brackets<'t>(text: &'t str, separators: &[char]) -> Vec<&'t str> {
    let (mut pieces, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (at, c) in text.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && separators.contains(&c) => {
                pieces.push(&text[start..at]);
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, f64)> {
        let settings = parse_settings(text, "--set").expect("settings");
        settings.into_iter().map(|s| (s.name, s.value)).collect()
    }

    #[test]
    fn lists_give_one_setting_per_element() {
        assert_eq!(
            names("x=[1.5, 2, -3], b=4"),
            [
                ("x[1]".into(), 1.5),
                ("x[2]".into(), 2.0),
                ("x[3]".into(), -3.0),
                ("b".into(), 4.0)
            ]
        );
        assert_eq!(
            names("W=[[1, 2],\n [3, 4]]"),
            [
                ("W[1,1]".into(), 1.0),
                ("W[1,2]".into(), 2.0),
                ("W[2,1]".into(), 3.0),
                ("W[2,2]".into(), 4.0)
            ]
        );
        assert_eq!(
            names("x[ 2 ]=5, W[1 , 2]=6"),
            [("x[2]".into(), 5.0), ("W[1,2]".into(), 6.0)]
        );
        assert!(names("x=[]").is_empty());
        assert_eq!(
            names("# a point\nx=1 # the first\ny=2"),
            [("x".into(), 1.0), ("y".into(), 2.0)]
        );
    }

    #[test]
    fn bad_lists_and_names_are_refused() {
        for (text, why) in [
            ("x=[1, 2", "not closed"),
            ("x=[1, inf]", "`inf`"),
            ("x=[1] 2", "follows the list"),
            ("x[a]=1", "not a variable name"),
            ("x[1]=[2]", "already has indices"),
            ("1x=2", "not a variable name"),
            ("a=1,,b=2", "an empty pair at 1:5 in `a=1,,b=2`"),
            ("a=1\nb=2,", "an empty pair at 2:5 in `b=2,`"),
            ("x=[1,,2]", "the list element is empty"),
            (
                "t=pi/*4",
                "the value `pi/*4` is not a number or a constant expression",
            ),
        ] {
            let err = parse_settings(text, "--set").expect_err(text).to_string();
            assert!(err.contains(why), "{text}: {err}");
        }
        assert_eq!(names("\na=1\n\n  \n# c\nb=2 # two\n\n").len(), 2);
        let deep = format!("x={}1{}", "[".repeat(40), "]".repeat(40));
        assert!(parse_settings(&deep, "--set").is_err());
    }

    #[test]
    fn json_objects_of_numbers_and_arrays() {
        let settings = parse_json_settings(
            r#"{"A": [[1, 2], [3, 4]], "x": [0.5, -1], "b": 2}"#,
            "@f.json",
        )
        .expect("reads");
        let names: Vec<&str> = settings.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["A[1,1]", "A[1,2]", "A[2,1]", "A[2,2]", "b", "x[1]", "x[2]"]
        );
        for (text, why) in [
            ("[1, 2]", "a JSON object"),
            (r#"{"x": "a"}"#, "expected a number"),
            (r#"{"x y": 1}"#, "not a variable name"),
            ("{", "not JSON"),
        ] {
            let err = parse_json_settings(text, "@f.json")
                .expect_err(text)
                .to_string();
            assert!(err.contains(why), "{text}: {err}");
        }
    }
}
