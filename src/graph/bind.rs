//! Binding the inputs: the `name=value` settings checked against the program.
//!
//! Every input must be set exactly once, and nothing else may be: a setting
//! for a name the program does not use (unknown), for an assigned name or a
//! reserved one, a name set twice, and an input left unset (unbound) are all
//! input errors.

use rustc_hash::FxHashMap;

use super::build::{Binding, Program};
use crate::error::InputError;
use crate::parse::{self, is_reserved, location, SourceError};

/// One `name=value` setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// The variable's name.
    pub name: String,
    /// Its value.
    pub value: f64,
}

/// Reads settings separated by commas or newlines (spaces around them
/// ignored, empty items skipped); `origin` says where they came from in
/// error messages (`--set`, `--set @vars.txt`).
pub fn parse_settings(text: &str, origin: &str) -> Result<Vec<Setting>, InputError> {
    text.split([',', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| parse_setting(item, origin))
        .collect()
}

fn parse_setting(item: &str, origin: &str) -> Result<Setting, InputError> {
    let Some((name, value)) = item.split_once('=') else {
        return Err(InputError::new(format!(
            "{origin}: `{item}` is not of the form name=value"
        )));
    };
    let (name, value) = (name.trim(), value.trim());
    if !is_identifier(name) {
        let what = if name.is_empty() {
            "an empty name".to_string()
        } else {
            format!("`{name}`")
        };
        return Err(InputError::new(format!(
            "{origin}: in `{item}`, {what} is not a variable name (letters, digits and `_`, not starting with a digit)"
        )));
    }
    let value = parse::number(value).map_err(|why| {
        InputError::new(format!("{origin}: in `{item}`, the value `{value}` {why}"))
    })?;
    Ok(Setting {
        name: name.to_string(),
        value,
    })
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The input values in the order of `program.graph.inputs()`.
pub fn bind(program: &Program<'_>, settings: &[Setting]) -> Result<Vec<f64>, InputError> {
    let mut values: FxHashMap<&str, f64> = FxHashMap::default();
    for setting in settings {
        let name = setting.name.as_str();
        check_setting(program, name)?;
        if values.insert(name, setting.value).is_some() {
            return Err(InputError::new(format!(
                "`{name}` is set twice; set each variable once"
            )));
        }
    }
    let graph = &program.graph;
    let unbound: Vec<&str> = graph
        .inputs()
        .iter()
        .filter_map(|&id| graph.name(id))
        .filter(|name| !values.contains_key(name))
        .collect();
    if let Some(first) = unbound.first() {
        return Err(unbound_error(program, first, &unbound).into());
    }
    Ok(graph
        .inputs()
        .iter()
        .map(|&id| values[graph.name(id).unwrap_or_default()])
        .collect())
}

fn check_setting(program: &Program<'_>, name: &str) -> Result<(), InputError> {
    match program.binding(name) {
        Some(Binding::Input(..)) => Ok(()),
        Some(Binding::Assigned(_, at)) => {
            let (line, column) = location(program.source, at.start);
            Err(InputError::new(format!(
                "`{name}` is set, but the program assigns it (at {line}:{column}); a name is either an input or assigned"
            )))
        }
        None if is_reserved(name) => {
            let what = if name == parse::PI_NAME {
                "a constant"
            } else {
                "a function"
            };
            Err(InputError::new(format!(
                "`{name}` is {what} and cannot be set"
            )))
        }
        None => Err(InputError::new(format!(
            "`{name}` is set, but the program does not use it"
        ))),
    }
}

fn unbound_error(program: &Program<'_>, first: &str, unbound: &[&str]) -> SourceError {
    let span = match program.binding(first) {
        Some(Binding::Input(_, span)) => span.clone(),
        _ => 0..0,
    };
    let shown: Vec<String> = unbound
        .iter()
        .take(4)
        .map(|name| format!("`{name}`"))
        .collect();
    let more = match unbound.len() {
        n if n > 4 => format!(" and {} more", n - 4),
        _ => String::new(),
    };
    let example: Vec<String> = unbound
        .iter()
        .take(4)
        .map(|name| format!("{name}=VALUE"))
        .collect();
    let message = match unbound {
        [_] => format!(
            "{} is used but not set; give it a value with --set {}",
            shown[0], example[0]
        ),
        _ => format!(
            "{}{more} are used but not set; give them values with --set {}",
            shown.join(", "),
            example.join(",")
        ),
    };
    SourceError::new(program.source, span, message)
}
