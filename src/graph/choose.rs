//! Which outputs and inputs a request names: `--of` and `--wrt` on the
//! command line, `of` and `wrt` in the library. A name with no indices
//! that names nothing of its own (`h`) means its whole family (`h[1]`,
//! `h[2]`, ...), in index order.

use std::borrow::Cow;
use std::collections::HashSet;

use super::{NodeId, Output, Program};
use crate::error::InputError;
use crate::escape::quoted;

impl Program<'_> {
    /// The outputs `names` name, or the last statement when there are
    /// none; `what` names the list in errors (`--of`).
    pub fn outputs_named<S: AsRef<str>>(
        &self,
        names: &[S],
        what: &str,
    ) -> Result<Vec<Output>, InputError> {
        if names.is_empty() {
            return Ok(vec![self.last.clone()]);
        }
        let mut outputs = Vec::new();
        for name in names.iter().map(AsRef::as_ref) {
            if let Some(output) = self.output(name) {
                outputs.push(output);
                continue;
            }
            let family = self.family_outputs(name);
            if family.is_empty() {
                let why = match self.is_function(name) {
                    true => format!("is a function of the program, not a value: {what} names an assigned name or an input"),
                    false => "is not a name in the program (neither assigned nor an input)".to_string(),
                };
                return Err(InputError::new(format!("{what}: `{}` {why}", quoted(name))));
            }
            outputs.extend(family);
        }
        // One name, or one family, names nothing twice.
        let mut named = HashSet::new();
        let mut names_of = outputs.iter().filter_map(|o| o.name.as_deref());
        let twice = names_of.find(|&n| names.len() > 1 && !named.insert(n));
        match twice {
            Some(twice) => Err(named_twice(what, twice)),
            None => Ok(outputs),
        }
    }

    /// The input variables `names` name, or every input when there are
    /// none; `what` names the list in errors (`--wrt`).
    pub fn inputs_named<S: AsRef<str>>(
        &self,
        names: &[S],
        what: &str,
    ) -> Result<Vec<NodeId>, InputError> {
        if names.is_empty() {
            return Ok(self.graph.inputs().to_vec());
        }
        let mut inputs = Vec::new();
        for name in names.iter().map(AsRef::as_ref) {
            if let Some(id) = self.input(name) {
                inputs.push(id);
                continue;
            }
            let family = self.family_inputs(name);
            if family.is_empty() {
                return Err(self.not_an_input(name, what));
            }
            inputs.extend(family);
        }
        let mut seen = HashSet::new();
        let twice = inputs
            .iter()
            .find(|&&id| names.len() > 1 && !seen.insert(id));
        match twice {
            Some(&twice) => Err(named_twice(
                what,
                self.graph.name(twice).unwrap_or_default(),
            )),
            None => Ok(inputs),
        }
    }

    /// `name`, given in `what`, is no input variable: say what it is, and
    /// which the inputs are.
    fn not_an_input(&self, name: &str, what: &str) -> InputError {
        let why = match self.output(name) {
            Some(_) => "is assigned in the program, not an input variable",
            None => "is not a variable of the program",
        };
        let graph = &self.graph;
        let inputs = graph
            .inputs()
            .iter()
            .filter_map(|&id| graph.name(id).map(quoted));
        let inputs: Vec<Cow<'_, str>> = inputs.collect();
        InputError::new(format!(
            "{what}: `{}` {why}; the inputs are: {}",
            quoted(name),
            inputs.join(", ")
        ))
    }
}

/// `what` names `name` twice: once alone and once in its family (`x[1]`
/// and `x`), or in two families' worth.
fn named_twice(what: &str, name: &str) -> InputError {
    InputError::new(format!(
        "{what}: `{}` is named twice (alone and in its family, or in two entries); name it once",
        quoted(name)
    ))
}
