//! The pest parser generated from `grammar/dgraph.pest`, the Pratt parser
//! built from the operator table ([`BinaryOp`]), and human names for the
//! grammar's rules in syntax errors.

use std::sync::LazyLock;

use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest_derive::Parser;

use super::ast::{BinaryOp, Grouping, ATOM, COMPARISON, UNARY};

/// The parser generated from the grammar; its entry rule is `statement`.
#[derive(Parser)]
#[grammar = "../grammar/dgraph.pest"]
pub struct DgraphParser;

/// The pest rule that spells `op`.
pub fn rule(op: BinaryOp) -> Rule {
    match op {
        BinaryOp::Add => Rule::add,
        BinaryOp::Sub => Rule::sub,
        BinaryOp::Mul => Rule::mul,
        BinaryOp::Div => Rule::div,
        BinaryOp::Pow => Rule::pow,
        BinaryOp::Lt => Rule::lt,
        BinaryOp::Le => Rule::le,
        BinaryOp::Gt => Rule::gt,
        BinaryOp::Ge => Rule::ge,
        BinaryOp::Eq => Rule::eq,
        BinaryOp::Ne => Rule::ne,
    }
}

/// The infix operator spelled by `rule`, if it spells one.
pub fn infix(rule: Rule) -> Option<BinaryOp> {
    BinaryOp::ALL.into_iter().find(|&op| self::rule(op) == rule)
}

/// The Pratt parser for the operator table, registered loosest level
/// first: comparisons (left-grouping here; a chain is refused after
/// parsing), `+ -`, `* /`, unary `- +`, then `^` (right-grouping). Unary
/// minus below `^` makes `-x^2 = -(x^2)`; `^` above everything makes
/// `2^3^2 = 2^9`.
pub static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    (COMPARISON..ATOM).fold(PrattParser::new(), |pratt, level| {
        if level == UNARY {
            return pratt.op(Op::prefix(Rule::neg) | Op::prefix(Rule::plus));
        }
        let ops = BinaryOp::ALL
            .into_iter()
            .filter(|op| op.precedence() == level)
            .map(|op| match op.grouping() {
                Grouping::Right => Op::infix(rule(op), Assoc::Right),
                Grouping::Left | Grouping::Never => Op::infix(rule(op), Assoc::Left),
            });
        pratt.op(ops.reduce(|a, b| a | b).expect("a level has operators"))
    })
});

/// An operator's binding powers, as the Pratt parser uses them: it takes
/// the operator when its left power exceeds the right power of the operator
/// waiting for an operand. Levels count up in steps of 2 (so a
/// right-grouping or prefix operator's right power, one less than its level,
/// sits between levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// How strongly the operator pulls the operand on its left.
    pub left: u8,
    /// What an operator to its right must exceed to take its right operand.
    pub right: u8,
}

/// The binding powers of the infix operator `op`.
pub fn binding(op: BinaryOp) -> Binding {
    let left = 2 * op.precedence();
    let right = match op.grouping() {
        Grouping::Left | Grouping::Never => left,
        Grouping::Right => left - 1,
    };
    Binding { left, right }
}

/// The binding powers of the prefix operators.
pub fn prefix_binding() -> Binding {
    let left = 2 * UNARY;
    Binding {
        left,
        right: left - 1,
    }
}

/// What a syntax error says was expected, given the rules pest tried there.
pub fn expected(rules: &[Rule]) -> String {
    let operand = rules.iter().any(|r| {
        matches!(
            r,
            Rule::number | Rule::name | Rule::neg | Rule::plus | Rule::call | Rule::expr
        )
    });
    let operator = rules.iter().any(|&r| infix(r).is_some());
    let end = rules.contains(&Rule::EOI);
    match (operand, operator, end) {
        (true, _, _) => "expected an operand: a number, a name, a call or `(`".into(),
        (false, true, true) => "expected an operator or the end of the statement".into(),
        (false, true, false) => "expected an operator, `,` or `)`".into(),
        (false, false, true) => "expected the end of the statement".into(),
        (false, false, false) => "this is not valid here".into(),
    }
}
