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
use crate::parse::{self, is_reserved, location, ExprKind, SourceError, SourceSpan, Statement};

/// What a name stands for, and the offset in the program where it first
/// stands (the name's own span starts there).
#[derive(Debug, Clone, Copy)]
pub(super) enum Binding {
    /// The n-th input variable (in order of first use), and where it was
    /// first used.
    Input(u32, usize),
    /// The value of the n-th assignment, and where it was assigned.
    Assigned(u32, usize),
}

/// The names bound so far.
pub(super) struct Resolver<'s> {
    source: &'s str,
    names: Names<'s>,
    inputs: u32,
    assignments: u32,
}

impl<'s> Resolver<'s> {
    /// A resolver for the program `source`.
    pub(super) fn new(source: &'s str) -> Resolver<'s> {
        Resolver {
            source,
            names: Names::default(),
            inputs: 0,
            assignments: 0,
        }
    }

    /// Appends to `uses` the binding of every name `statement` uses, in the
    /// order of its expression's nodes (a name never seen before becomes the
    /// next input), then binds the name it assigns.
    pub(super) fn statement(
        &mut self,
        statement: &Statement<'s>,
        uses: &mut Vec<Binding>,
    ) -> Result<(), SourceError> {
        for node in &statement.expr.nodes {
            if let ExprKind::Name(name) = node.kind {
                uses.push(self.used(name, &node.span));
            }
        }
        match statement.target {
            Some((name, ref span)) => self.assign(name, span.clone()),
            None => Ok(()),
        }
    }

    /// Every name and its binding.
    pub(super) fn into_names(self) -> Names<'s> {
        self.names
    }

    fn used(&mut self, name: &'s str, span: &SourceSpan) -> Binding {
        if let Some(binding) = self.names.get(name) {
            return *binding;
        }
        let binding = Binding::Input(self.inputs, span.start);
        self.inputs = self.inputs.checked_add(1).expect("fewer than 2^32 inputs");
        self.names.insert(name, binding);
        binding
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
        let message = match earlier {
            Binding::Assigned(_, at) => {
                let (line, column) = location(self.source, *at);
                format!("`{name}` is assigned twice (first at {line}:{column}); a name may be assigned once")
            }
            Binding::Input(_, at) => {
                let (line, column) = location(self.source, *at);
                format!("`{name}` is assigned after it was used (at {line}:{column}); assign a name before using it")
            }
        };
        self.error(span, message)
    }

    fn error(&self, span: SourceSpan, message: String) -> SourceError {
        SourceError::new(self.source, span, message)
    }
}
