//! The pest parser generated from `grammar/dgraph.pest`, the one Pratt table
//! that gives the operators their precedence, and human names for the
//! grammar's rules in syntax errors.

use std::sync::LazyLock;

use pest::pratt_parser::{Assoc, Op, PrattParser};
use pest_derive::Parser;

/// The parser generated from the grammar; its entry rule is `statement`.
#[derive(Parser)]
#[grammar = "../grammar/dgraph.pest"]
pub struct DgraphParser;

/// How an operator takes its operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixity {
    /// Written before its one operand.
    Prefix,
    /// Infix, grouping to the left: `a - b - c = (a - b) - c`.
    Left,
    /// Infix, grouping to the right: `2^3^2 = 2^(3^2)`.
    Right,
}

/// The one precedence table, loosest level first: `+ -`, then `* /`, then
/// unary `- +`, then `^` (right-associative). Unary minus below `^` makes
/// `-x^2 = -(x^2)`; `^` above everything makes `2^3^2 = 2^9`. Both the pest
/// Pratt parser and the fast path ([`binding`]) read it.
const LEVELS: [&[(Rule, Fixity)]; 4] = [
    &[(Rule::add, Fixity::Left), (Rule::sub, Fixity::Left)],
    &[(Rule::mul, Fixity::Left), (Rule::div, Fixity::Left)],
    &[(Rule::neg, Fixity::Prefix), (Rule::plus, Fixity::Prefix)],
    &[(Rule::pow, Fixity::Right)],
];

/// The Pratt parser for [`LEVELS`].
pub static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    LEVELS.iter().fold(PrattParser::new(), |pratt, level| {
        let ops = level.iter().map(|&(rule, fixity)| match fixity {
            Fixity::Prefix => Op::prefix(rule),
            Fixity::Left => Op::infix(rule, Assoc::Left),
            Fixity::Right => Op::infix(rule, Assoc::Right),
        });
        pratt.op(ops.reduce(|a, b| a | b).expect("a level has operators"))
    })
});

/// An operator's binding powers, as the Pratt parser uses them: it takes
/// the operator when its left power exceeds the right power of the operator
/// waiting for an operand. Levels count up from 2 in steps of 2 (so a
/// right-grouping or prefix operator's right power, one less than its level,
/// sits between levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// How strongly the operator pulls the operand on its left.
    pub left: u8,
    /// What an operator to its right must exceed to take its right operand.
    pub right: u8,
}

/// The binding powers of operator `rule` (an infix or prefix rule).
pub fn binding(rule: Rule) -> Binding {
    let (level, fixity) = LEVELS
        .iter()
        .enumerate()
        .find_map(|(index, level)| {
            let (_, fixity) = level.iter().find(|(r, _)| *r == rule)?;
            Some((index, *fixity))
        })
        .expect("an operator rule");
    let left = 2 * (level as u8 + 1);
    let right = match fixity {
        Fixity::Left => left,
        Fixity::Prefix | Fixity::Right => left - 1,
    };
    Binding { left, right }
}

/// What a syntax error says was expected, given the rules pest tried there.
pub fn expected(rules: &[Rule]) -> String {
    let operand = rules.iter().any(|r| {
        matches!(
            r,
            Rule::number | Rule::name | Rule::neg | Rule::plus | Rule::call | Rule::expr
        )
    });
    let operator = rules
        .iter()
        .any(|r| matches!(r, Rule::add | Rule::sub | Rule::mul | Rule::div | Rule::pow));
    let end = rules.contains(&Rule::EOI);
    match (operand, operator, end) {
        (true, _, _) => "expected an operand: a number, a name, a call or `(`".into(),
        (false, true, true) => "expected an operator or the end of the statement".into(),
        (false, true, false) => "expected an operator, `,` or `)`".into(),
        (false, false, true) => "expected the end of the statement".into(),
        (false, false, false) => "this is not valid here".into(),
    }
}
