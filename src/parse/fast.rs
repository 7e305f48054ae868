//! The fast path: one statement read in a single loop, without pest.
//!
//! A large program is almost all valid statements, and pest spends about
//! 24,000 instructions on a 30-byte one (its parser state, token queue and
//! the pairs walked afterwards). This reader takes a statement byte by byte
//! with an explicit operator stack — no recursion, so any nesting is fine —
//! and builds the same post-order [`Statement`] the pest walk builds: the
//! same nodes in the same order with the same spans, grouped by the same
//! operator table ([`binding`]).
//!
//! It only ever accepts: anything it does not read cleanly (a syntax error,
//! an unknown function, a wrong arity, a number too large for a double,
//! chained comparisons)
//! gives `None`, and the caller parses the statement again with pest, which
//! explains the error. The grammar stays the definition of the language; a
//! property test checks that both paths agree on random text.

use super::ast::{
    self, BinaryOp, Expr, ExprId, ExprKind, ExprNode, Func, SourceSpan, Statement, PI_NAME,
};
use super::cursor::Cursor;
use super::grammar::{binding, prefix_binding, Binding};

/// Working space reused from one statement to the next.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    operands: Vec<ExprId>,
    pending: Vec<Pending>,
}

/// The statement at `span` of `source`, if it is valid; `None` otherwise.
pub(super) fn statement<'s>(
    source: &'s str,
    span: SourceSpan,
    scratch: &mut Scratch,
) -> Option<Statement<'s>> {
    scratch.operands.clear();
    scratch.pending.clear();
    let mut reader = Reader {
        source,
        cursor: Cursor::new(source, span.clone()),
        nodes: Vec::with_capacity(span.len() / 4 + 1),
        scratch,
    };
    let target = reader.target();
    let start = reader.skipping_gap();
    reader.expr()?;
    Some(Statement {
        target,
        parameters: None,
        target_indices: Vec::new(),
        loops: Vec::new(),
        expr: Expr {
            nodes: reader.nodes,
            arguments: Vec::new(),
            text: &source[start..span.end],
        },
    })
}

/// An operator or group still waiting for its operands.
#[derive(Debug, Clone, Copy)]
enum Pending {
    /// Unary `-` (`negate`) or `+`, written at `at`.
    Prefix { negate: bool, at: usize, right: u8 },
    /// A binary operator whose left operand is on the operand stack.
    Infix { op: BinaryOp, right: u8 },
    /// An open parenthesis.
    Group,
    /// A call whose name starts at `at`, with `arguments` begun so far.
    Call {
        func: Func,
        at: usize,
        arguments: usize,
    },
}

struct Reader<'s, 'w> {
    source: &'s str,
    cursor: Cursor<'s>,
    nodes: Vec<ExprNode<'s>>,
    scratch: &'w mut Scratch,
}

impl<'s> Reader<'s, '_> {
    /// `name =` at the start of an assignment, if the statement is one.
    fn target(&mut self) -> Option<(&'s str, SourceSpan)> {
        let start = self.skipping_gap();
        let name = self.cursor.identifier()?;
        self.cursor.skip_gap();
        let at = self.cursor.pos;
        if self.cursor.peek() == Some(b'=') && self.cursor.byte_at(at + 1) != Some(b'=') {
            self.cursor.pos += 1;
            return Some((&self.source[name.clone()], name));
        }
        self.cursor.pos = start;
        None
    }

    /// Reads the expression up to the end of the statement.
    fn expr(&mut self) -> Option<()> {
        loop {
            self.operand()?;
            if self.operators()? {
                return Some(());
            }
        }
    }

    /// Reads prefix signs, open groups and calls up to one number or name.
    fn operand(&mut self) -> Option<()> {
        loop {
            let at = self.skipping_gap();
            match self.cursor.peek()? {
                sign @ (b'-' | b'+') => {
                    self.cursor.pos += 1;
                    let right = prefix_binding().right;
                    let negate = sign == b'-';
                    self.scratch
                        .pending
                        .push(Pending::Prefix { negate, at, right });
                }
                b'(' => {
                    self.cursor.pos += 1;
                    self.scratch.pending.push(Pending::Group);
                }
                b'0'..=b'9' | b'.' => return self.number(),
                _ => {
                    let name = self.cursor.identifier()?;
                    if self.skipping_gap_peek() != Some(b'(') {
                        return self.name(name);
                    }
                    self.cursor.pos += 1;
                    let func = Func::from_name(&self.source[name])?;
                    let call = Pending::Call {
                        func,
                        at,
                        arguments: 1,
                    };
                    self.scratch.pending.push(call);
                }
            }
        }
    }

    /// Reads closing parentheses and commas up to the next binary operator
    /// (false: an operand follows) or the end of the statement (true).
    fn operators(&mut self) -> Option<bool> {
        loop {
            self.cursor.skip_gap();
            let Some(byte) = self.cursor.peek() else {
                self.reduce_above(0)?;
                return self.scratch.pending.is_empty().then_some(true);
            };
            match byte {
                b')' => {
                    self.cursor.pos += 1;
                    self.close()?;
                    continue;
                }
                b',' => {
                    self.cursor.pos += 1;
                    self.next_argument()?;
                    return Some(false);
                }
                _ => {}
            }
            let at = self.cursor.pos;
            let (op, len) = BinaryOp::read(self.cursor.rest())?;
            self.cursor.pos += len;
            let Binding { left, right } = binding(op);
            self.reduce_above(left)?;
            if op.is_comparison() && self.chains_comparison(at) {
                return None;
            }
            self.scratch.pending.push(Pending::Infix { op, right });
            return Some(false);
        }
    }

    /// Whether a comparison written at `at` takes an ungrouped comparison
    /// as its left operand (`a < b < c`): pest explains why that is wrong.
    fn chains_comparison(&self, at: usize) -> bool {
        let Some(&lhs) = self.scratch.operands.last() else {
            return false;
        };
        let node = &self.nodes[lhs as usize];
        matches!(node.kind, ExprKind::Binary(op, ..) if op.is_comparison())
            && !super::cursor::closes_group(self.source, node.span.end..at)
    }

    /// Applies every pending operator whose right power is at least `left`
    /// (every operator, for 0), down to the innermost open group or call.
    fn reduce_above(&mut self, left: u8) -> Option<()> {
        while let Some(&top) = self.scratch.pending.last() {
            match top {
                Pending::Prefix { negate, at, right } if right >= left => {
                    let operand = self.scratch.operands.pop()?;
                    let id = if negate {
                        let span = at..self.nodes[operand as usize].span.end;
                        self.push(ExprKind::Neg(operand), span)
                    } else {
                        operand
                    };
                    self.scratch.operands.push(id);
                }
                Pending::Infix { op, right } if right >= left => {
                    let rhs = self.scratch.operands.pop()?;
                    let lhs = self.scratch.operands.pop()?;
                    let span =
                        self.nodes[lhs as usize].span.start..self.nodes[rhs as usize].span.end;
                    let id = self.push(ExprKind::Binary(op, lhs, rhs), span);
                    self.scratch.operands.push(id);
                }
                _ => return Some(()),
            }
            self.scratch.pending.pop();
        }
        Some(())
    }

    /// A `)` just read: closes the innermost group or call.
    fn close(&mut self) -> Option<()> {
        self.reduce_above(0)?;
        match self.scratch.pending.pop()? {
            Pending::Group => Some(()),
            Pending::Call {
                func,
                at,
                arguments,
            } if func.accepts(arguments) => {
                let operands = &mut self.scratch.operands;
                let first = operands.len().checked_sub(arguments)?;
                let args: Vec<ExprId> = operands.drain(first..).collect();
                let span = at..self.cursor.pos;
                let id = ast::call(func, &args, |kind| self.push(kind, span.clone()));
                self.scratch.operands.push(id);
                Some(())
            }
            _ => None,
        }
    }

    /// A `,` just read: ends one argument of the innermost call.
    fn next_argument(&mut self) -> Option<()> {
        self.reduce_above(0)?;
        match self.scratch.pending.last_mut()? {
            Pending::Call { arguments, .. } => {
                *arguments += 1;
                Some(())
            }
            _ => None,
        }
    }

    /// A literal of the grammar's `number` rule.
    fn number(&mut self) -> Option<()> {
        let span = self.cursor.number()?;
        let value: f64 = self.source[span.clone()].parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        self.operand_node(ExprKind::Literal(value), span);
        Some(())
    }

    /// A variable or `pi` (a function name without a call is refused).
    fn name(&mut self, span: SourceSpan) -> Option<()> {
        let name = &self.source[span.clone()];
        let kind = if name == PI_NAME {
            ExprKind::Literal(std::f64::consts::PI)
        } else if Func::from_name(name).is_some_and(Func::reserved) {
            return None;
        } else {
            ExprKind::Name(name)
        };
        self.operand_node(kind, span);
        Some(())
    }

    fn operand_node(&mut self, kind: ExprKind<'s>, span: SourceSpan) {
        let id = self.push(kind, span);
        self.scratch.operands.push(id);
    }

    fn push(&mut self, kind: ExprKind<'s>, span: SourceSpan) -> ExprId {
        self.nodes.push(ExprNode { kind, span });
        (self.nodes.len() - 1) as ExprId
    }

    /// Skips a gap; returns where the next token starts.
    fn skipping_gap(&mut self) -> usize {
        self.cursor.skip_gap();
        self.cursor.pos
    }

    /// Skips a gap and looks at the byte after it (without consuming it).
    fn skipping_gap_peek(&mut self) -> Option<u8> {
        self.cursor.skip_gap();
        self.cursor.peek()
    }
}
