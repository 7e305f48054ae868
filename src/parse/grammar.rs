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

/// Operator precedence, loosest first: `+ -`, then `* /`, then unary `- +`,
/// then `^` (right-associative). Unary minus below `^` makes `-x^2 = -(x^2)`;
/// `^` above everything makes `2^3^2 = 2^9`.
pub static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::add, Assoc::Left) | Op::infix(Rule::sub, Assoc::Left))
        .op(Op::infix(Rule::mul, Assoc::Left) | Op::infix(Rule::div, Assoc::Left))
        .op(Op::prefix(Rule::neg) | Op::prefix(Rule::plus))
        .op(Op::infix(Rule::pow, Assoc::Right))
});

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
