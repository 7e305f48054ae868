//! Binding the inputs: the `name=value` settings checked against the program.
//!
//! Every input must be set exactly once, and nothing else may be: a setting
//! for a name the program does not use (unknown), for an assigned name or a
//! reserved one, a name set twice, and an input left unset (unbound) are all
//! input errors.

use rustc_hash::FxHashMap;

use super::build::{Named, Program};
use super::settings::{variable, Setting};
use crate::error::InputError;
use crate::escape::quoted;
use crate::parse::{self, is_reserved, location, SourceError};
use crate::suggest;

/// Where input values come from besides `--set`, and what may go unused.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    /// The column names of a points file, in order.
    pub columns: &'a [String],
    /// A column that is not an input is ignored instead of refused.
    pub extra_columns: bool,
    /// A setting the program does not use is ignored instead of refused.
    pub unused_settings: bool,
    /// Who gives the values, to say how in an error.
    pub setter: Setter,
}

/// Who gives the input values: what an error says to give a missing one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Setter {
    /// `--set x=VALUE` (or a column of a points file).
    #[default]
    CommandLine,
    /// `("x", VALUE)` in the library's `Program::at`.
    Library,
}

/// Where every input's value comes from: a fixed setting or a column.
#[derive(Debug, Clone, PartialEq)]
pub struct InputPlan {
    /// Input values in the order of `graph.inputs()`; columns overwrite theirs.
    pub fixed: Vec<f64>,
    /// For each column, the input position it fills (`None`: ignored).
    pub columns: Vec<Option<usize>>,
}

impl InputPlan {
    /// The inputs at a point whose column values are `row`.
    pub fn inputs(&self, row: &[f64]) -> Vec<f64> {
        let mut inputs = self.fixed.clone();
        for (value, position) in row.iter().zip(&self.columns) {
            if let Some(position) = position {
                inputs[*position] = *value;
            }
        }
        inputs
    }
}

/// The input values in the order of `program.graph.inputs()`, all from
/// `settings`.
pub fn bind(program: &Program<'_>, settings: &[Setting]) -> Result<Vec<f64>, InputError> {
    Ok(plan(program, settings, Sources::default())?.fixed)
}

/// Checks that every input is given exactly once — by a setting or a column
/// — and nothing else is given, and says where each value comes from.
pub fn plan(
    program: &Program<'_>,
    settings: &[Setting],
    sources: Sources<'_>,
) -> Result<InputPlan, InputError> {
    let graph = &program.graph;
    let position: FxHashMap<&str, usize> = graph
        .inputs()
        .iter()
        .enumerate()
        .filter_map(|(i, &id)| graph.name(id).map(|name| (name, i)))
        .collect();
    let mut given: Vec<Option<f64>> = vec![None; graph.inputs().len()];
    // Set but not in the program: refused after an unbound name, which
    // it may have been meant for (`--set x=1` for `sin(xx)`).
    let mut unused: Vec<&str> = Vec::new();
    for setting in settings {
        let name = setting.name.as_str();
        if program.named(name).is_none() && !is_reserved(name) {
            if !sources.unused_settings {
                unused.push(name);
            }
            continue;
        }
        check_setting(program, name)?;
        if given[position[name]].replace(setting.value).is_some() {
            return Err(InputError::new(format!(
                "`{}` is set twice; set each variable once",
                quoted(name)
            )));
        }
    }
    let columns = column_positions(program, &position, &mut given, sources)?;
    let unbound: Vec<&str> = graph
        .inputs()
        .iter()
        .zip(&given)
        .filter(|(_, value)| value.is_none())
        .filter_map(|(&id, _)| graph.name(id))
        .collect();
    if let Some(first) = unbound.first() {
        let meant = suggest::nearest(first, unused.iter().copied());
        return Err(unbound_error(program, &unbound, sources, meant).into());
    }
    if let Some(name) = unused.first() {
        check_setting(program, name)?;
    }
    let fixed = given
        .iter()
        .map(|value| value.unwrap_or(f64::NAN))
        .collect();
    Ok(InputPlan { fixed, columns })
}

/// Which input each column fills; marks those inputs as given.
fn column_positions(
    program: &Program<'_>,
    position: &FxHashMap<&str, usize>,
    given: &mut [Option<f64>],
    sources: Sources<'_>,
) -> Result<Vec<Option<usize>>, InputError> {
    let mut columns = Vec::with_capacity(sources.columns.len());
    for (index, name) in sources.columns.iter().enumerate() {
        let column = format!("column {} (`{}`)", index + 1, quoted(name));
        // `W[1, 2]` is the variable `W[1,2]`.
        let name = &variable(name).unwrap_or_else(|_| name.clone());
        let Some(&at) = position.get(name.as_str()) else {
            if sources.extra_columns && program.named(name).is_none() {
                columns.push(None);
                continue;
            }
            let why = match program.named(name) {
                Some(Named::Function(..)) => "is a function of the program, not an input",
                Some(_) => "is assigned in the program, not an input",
                None => "is not an input of the program; drop it or pass --ignore-extra",
            };
            return Err(InputError::new(format!("{column} {why}")));
        };
        if columns.contains(&Some(at)) {
            return Err(InputError::new(format!(
                "{column} repeats an earlier column"
            )));
        }
        if given[at].is_some() {
            return Err(InputError::new(format!(
                "{column} is also set with --set; give each input once"
            )));
        }
        given[at] = Some(f64::NAN);
        columns.push(Some(at));
    }
    Ok(columns)
}

fn check_setting(program: &Program<'_>, name: &str) -> Result<(), InputError> {
    let shown = || quoted(name);
    match program.named(name) {
        Some(Named::Input(..)) => Ok(()),
        Some(Named::Function(at)) => {
            let (line, column) = location(program.source, at);
            let line = line + program.lines_before;
            Err(InputError::new(format!(
                "`{}` is set, but the program defines it as a function (at {line}:{column})",
                shown()
            )))
        }
        Some(Named::Assigned(at)) => {
            let (line, column) = location(program.source, at);
            let line = line + program.lines_before;
            Err(InputError::new(format!(
                "`{}` is set, but the program assigns it (at {line}:{column}); a name is either an input or assigned",
                shown()
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
            "`{}` is set, but the program does not use it",
            shown()
        ))),
    }
}

/// How to give the first few `unbound` inputs a value: `--set x=VALUE`, or
/// `("x", VALUE)` in `Program::at`.
fn give_values(unbound: &[&str], sources: Sources<'_>) -> String {
    let first = unbound.iter().take(4).map(|name| quoted(name));
    match (sources.setter, sources.columns) {
        (Setter::Library, _) => {
            let pairs: Vec<String> = first.map(|name| format!("(\"{name}\", VALUE)")).collect();
            format!("{} in Program::at", pairs.join(", "))
        }
        (Setter::CommandLine, columns) => {
            let pairs: Vec<String> = first.map(|name| format!("{name}=VALUE")).collect();
            let fix = match columns {
                [] => "--set",
                _ => "a column of that name, or --set",
            };
            format!("{fix} {}", pairs.join(","))
        }
    }
}

/// The error for the `unbound` inputs, at the first one, saying how the
/// `sources` take a value; `meant` is a name set but not used that the
/// first one is near.
fn unbound_error(
    program: &Program<'_>,
    unbound: &[&str],
    sources: Sources<'_>,
    meant: Option<&str>,
) -> SourceError {
    let first = unbound[0];
    let span = match program.named(first) {
        Some(Named::Input(at)) => at..at + first.len(),
        _ => 0..0,
    };
    let shown: Vec<String> = unbound
        .iter()
        .take(4)
        .map(|name| format!("`{}`", quoted(name)))
        .collect();
    let more = match unbound.len() {
        n if n > 4 => format!(" and {} more", n - 4),
        _ => String::new(),
    };
    let fix = give_values(unbound, sources);
    let message = match (unbound, meant) {
        (_, Some(meant)) => format!(
            "{} is used but not set; did you mean `{}`? (`{}` is set, but the program does not use it)",
            shown[0],
            quoted(meant),
            quoted(meant)
        ),
        ([_], None) => format!("{} is used but not set; give it a value with {fix}", shown[0]),
        (_, None) => format!(
            "{}{more} are used but not set; give them values with {fix}",
            shown.join(", "),
        ),
    };
    SourceError::new(program.source, span, message).below(program.lines_before)
}
