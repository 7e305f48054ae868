//! What each name of a program stands for, found before the nodes are
//! built.
//!
//! Resolving names is the first of the two stages of building: it needs
//! only the statements, never a node, so in a large program it runs on a
//! thread of its own, a batch of statements ahead of the builder (see
//! `build.rs`). A name stands for the n-th input (first used, never
//! assigned) or for the n-th assignment; the builder turns those numbers
//! into nodes. Every error about names is found here, in program order.

use super::names::Names;
use crate::escape::quoted;
use crate::parse::{
    self, is_reserved, location, ExprKind, Func, SourceError, SourceSpan, Statement,
};
use crate::suggest;

/// What a name stands for, and the offset in the program where it first
/// stands (the name's own span starts there).
#[derive(Debug, Clone, Copy)]
pub(super) enum Binding {
    /// The n-th input variable (in order of first use), and where it was
    /// first used.
    Input(u32, usize),
    /// The value of the n-th assignment, and where it was assigned.
    Assigned(u32, usize),
    /// The n-th function the program defines, and where it was defined.
    Function(u32, usize),
}

/// The most operations a program may expand to (its own, plus every call
/// of a defined function, sum and loop written out): past it, the program
/// is refused before it is built. Thirty million operations take a
/// million-variable Rosenbrock written with `sum` (20 operations a term,
/// index arithmetic included), and are a graph of at most about a
/// gigabyte and a half.
pub const MAX_EXPANSION: u64 = 30_000_000;

/// The deepest that calls of defined functions may nest.
pub const MAX_CALL_DEPTH: u32 = 256;

/// What the resolver knows of a defined function.
#[derive(Debug, Clone, Copy)]
struct Function {
    /// How many parameters it takes.
    arity: u32,
    /// How many operations one call of it writes out.
    size: u64,
    /// How deep calls nest inside one call of it (1: none).
    depth: u32,
}

/// The names bound so far.
pub(super) struct Resolver<'s> {
    source: &'s str,
    /// Lines of the input before `source` (see [`SourceError::below`]).
    lines_before: usize,
    names: Names<'s>,
    inputs: u32,
    assignments: u32,
    functions: Vec<Function>,
    /// Operations the program expands to so far.
    expansion: u64,
}

impl<'s> Resolver<'s> {
    /// A resolver for the program `source`, which starts after
    /// `lines_before` lines of its input.
    pub(super) fn new(source: &'s str, lines_before: usize) -> Resolver<'s> {
        Resolver {
            source,
            lines_before,
            names: Names::default(),
            inputs: 0,
            assignments: 0,
            functions: Vec::new(),
            expansion: 0,
        }
    }

    /// Appends to `uses` the binding of every name `statement` uses, in the
    /// order of its expression's nodes (a name never seen before becomes the
    /// next input; a call of a defined function, that function), then binds
    /// the name it assigns or defines.
    pub(super) fn statement(
        &mut self,
        statement: &Statement<'s>,
        uses: &mut Vec<Binding>,
    ) -> Result<(), SourceError> {
        let defining = match (&statement.parameters, &statement.target) {
            (Some(_), Some((name, span))) => Some(self.definable(name, span.clone())?),
            _ => None,
        };
        let (mut size, mut depth) = (0u64, 0u32);
        let bounds = statement.loops.iter().flat_map(|l| [&l.from, &l.to]);
        let exprs = bounds
            .chain(&statement.target_indices)
            .chain([&statement.expr]);
        for (expr, node) in exprs.flat_map(|expr| expr.nodes.iter().map(move |node| (expr, node))) {
            size = size.saturating_add(1);
            match node.kind {
                ExprKind::Name(name) => uses.push(self.used(name, &node.span)?),
                ExprKind::Apply(name, at) => {
                    let given = expr.list(at).len() as u32;
                    let defined = defining.and(statement.target.as_ref().map(|(name, _)| *name));
                    let (binding, callee) = self.call(name, given, &node.span, defined)?;
                    size = size.saturating_add(callee.size);
                    depth = depth.max(callee.depth);
                    uses.push(binding);
                }
                _ => {}
            }
        }
        // A definition is written out where it is called, not where it
        // stands.
        if defining.is_none() {
            self.expansion = self.expansion.saturating_add(size);
        }
        let span = match &statement.target {
            Some((_, span)) => span.clone(),
            None => statement
                .expr
                .nodes
                .last()
                .map_or(0..0, |node| node.span.clone()),
        };
        if self.expansion > MAX_EXPANSION {
            let message = format!(
                "the program expands to {} operations or more, past the limit of {MAX_EXPANSION} (calls of defined functions are written out where they stand)",
                self.expansion
            );
            return Err(self.error(span, message));
        }
        match (&statement.parameters, statement.target.clone(), defining) {
            (Some(parameters), Some((name, span)), Some(at)) => {
                let function = Function {
                    arity: parameters.len() as u32,
                    size,
                    depth: depth + 1,
                };
                self.define(name, span, at, function)
            }
            (None, Some((name, span)), _)
                if statement.target_indices.is_empty() && !statement.loops.is_empty() =>
            {
                let vars: Vec<&str> = statement.loops.iter().map(|l| l.var).collect();
                let var = vars.join(",");
                let message = format!(
                    "`{}` would be assigned on every pass of the `for` loop, and a name is assigned once: a loop assigns an indexed name (`{}[{var}] = ...`)",
                    quoted(name),
                    quoted(name)
                );
                Err(self.error(span, message))
            }
            (None, Some((name, span)), _) if statement.target_indices.is_empty() => {
                self.assign(name, span)
            }
            _ => Ok(()),
        }
    }

    /// Every name and its binding.
    pub(super) fn into_names(self) -> Names<'s> {
        self.names
    }

    fn used(&mut self, name: &'s str, span: &SourceSpan) -> Result<Binding, SourceError> {
        match self.names.get(name) {
            Some(Binding::Function(..)) => {
                let name = quoted(name);
                let message = format!("`{name}` is a function: call it as `{name}(...)`");
                Err(self.error(span.clone(), message))
            }
            Some(binding) => Ok(*binding),
            None => {
                let binding = Binding::Input(self.inputs, span.start);
                self.inputs = self.inputs.checked_add(1).expect("fewer than 2^32 inputs");
                self.names.insert(name, binding);
                Ok(binding)
            }
        }
    }

    /// The function called `name` with `given` arguments: a function the
    /// program defined before this statement (`defining` is the function
    /// being defined, if any).
    fn call(
        &self,
        name: &str,
        given: u32,
        span: &SourceSpan,
        defining: Option<&str>,
    ) -> Result<(Binding, Function), SourceError> {
        let shown = || quoted(name);
        let message = match self.names.get(name) {
            Some(&Binding::Function(n, at)) => {
                let function = self.functions[n as usize];
                if function.arity == given {
                    return Ok((Binding::Function(n, at), function));
                }
                let count = |n: u32, what: &str| match n {
                    1 => format!("1 {what}"),
                    n => format!("{n} {what}s"),
                };
                let given = match given {
                    1 => "1 was given".to_string(),
                    n => format!("{n} were given"),
                };
                format!(
                    "`{}` takes {}, but {given}",
                    shown(),
                    count(function.arity, "argument")
                )
            }
            Some(_) => format!("`{}` is a variable, not a function", shown()),
            None if defining == Some(name) => {
                format!("`{}` calls itself: a definition cannot recurse", shown())
            }
            None => unknown_function(name, self.names.functions()),
        };
        Err(self.error(span.clone(), message))
    }

    /// Checks that `name` may be defined as a function; returns where.
    fn definable(&self, name: &str, span: SourceSpan) -> Result<usize, SourceError> {
        let shown = || quoted(name);
        let message = match self.names.get(name) {
            _ if Func::from_name(name).is_some() || name == parse::PI_NAME => {
                format!("`{name}` is built in and cannot be defined")
            }
            Some(earlier) => {
                let (what, at) = match *earlier {
                    Binding::Function(_, at) => ("defined", at),
                    Binding::Input(_, at) => ("a variable, first used", at),
                    Binding::Assigned(_, at) => ("a variable, assigned", at),
                };
                let (line, column) = self.location(at);
                format!(
                    "`{}` is {what} at {line}:{column}; a function needs a name of its own",
                    shown()
                )
            }
            None => return Ok(span.start),
        };
        Err(self.error(span, message))
    }

    /// Binds `name` to a new function.
    fn define(
        &mut self,
        name: &'s str,
        span: SourceSpan,
        at: usize,
        function: Function,
    ) -> Result<(), SourceError> {
        if function.depth > MAX_CALL_DEPTH {
            let message = format!(
                "calls of defined functions nest {} deep in `{}`; the limit is {MAX_CALL_DEPTH}",
                function.depth,
                quoted(name)
            );
            return Err(self.error(span, message));
        }
        let n = u32::try_from(self.functions.len()).expect("fewer than 2^32 functions");
        self.functions.push(function);
        self.names.insert(name, Binding::Function(n, at));
        Ok(())
    }

    fn assign(&mut self, name: &'s str, span: SourceSpan) -> Result<(), SourceError> {
        if is_reserved(name) {
            let what = if name == parse::PI_NAME {
                "a constant"
            } else {
                "a function"
            };
            return Err(self.error(span, format!("`{name}` is {what} and cannot be assigned")));
        }
        if let Some(earlier) = self.names.get(name) {
            return Err(self.twice(name, span, earlier));
        }
        let binding = Binding::Assigned(self.assignments, span.start);
        self.assignments = self
            .assignments
            .checked_add(1)
            .expect("fewer than 2^32 assignments");
        self.names.insert(name, binding);
        Ok(())
    }

    fn twice(&self, name: &str, span: SourceSpan, earlier: &Binding) -> SourceError {
        let name = quoted(name);
        let message = match earlier {
            Binding::Function(_, at) => {
                let (line, column) = self.location(*at);
                format!(
                    "`{name}` is a function (defined at {line}:{column}) and cannot be assigned"
                )
            }
            Binding::Assigned(_, at) => {
                let (line, column) = self.location(*at);
                format!("`{name}` is assigned twice (first at {line}:{column}); a name may be assigned once")
            }
            Binding::Input(_, at) => {
                let (line, column) = self.location(*at);
                format!("`{name}` is assigned after it was used (at {line}:{column}); assign a name before using it")
            }
        };
        self.error(span, message)
    }

    /// The line (counted in the whole input) and column of `at`.
    fn location(&self, at: usize) -> (usize, usize) {
        let (line, column) = location(self.source, at);
        (line + self.lines_before, column)
    }

    fn error(&self, span: SourceSpan, message: String) -> SourceError {
        SourceError::new(self.source, span, message)
    }
}

/// The error for a call of `name`, which is no function: the nearest
/// built-in or `defined` function offered, else where the functions are
/// listed.
fn unknown_function<'d>(name: &str, defined: impl Iterator<Item = &'d str>) -> String {
    let builtins = Func::names();
    let mut functions: Vec<&str> = builtins.split(' ').collect();
    for function in defined {
        functions.push(function);
    }
    match suggest::function(name, functions.iter().copied()) {
        Some(meant) => format!(
            "unknown function `{}`; did you mean `{meant}`?",
            quoted(name)
        ),
        None => format!(
            "unknown function `{}`; `dgraph language` lists the functions, and a program may define its own before using them",
            quoted(name)
        ),
    }
}
