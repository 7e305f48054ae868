//! A setting's value: a number, or a constant expression of the language
//! (`pi/4`, `sqrt(2)/2`, `-1e-3`).
//!
//! A number is read first, by [`parse::number`] (bit-exact: `0.1` is the
//! nearest double, and fast: a file of 100,000 values never reaches the
//! parser). Anything else is built as a one-statement program by the same
//! parser and evaluator as every program, which fold an expression of
//! constants to its value; a variable in it (`inf`, `nan`, `a`), a second
//! statement or an assignment is an error, and so is a value that is not
//! finite (`1/0`, `log(-1)`).

use super::build::{build, Value};
use crate::escape::quoted;
use crate::parse::{self, SourceError};

/// The value `text` (trimmed) stands for, or why it stands for none, to
/// follow the text quoted: `is empty`, `uses the variable `a`: ...`.
pub fn value(text: &str) -> Result<f64, String> {
    if text.is_empty() {
        return Err("is empty".to_string());
    }
    parse::number(text).or_else(|_| constant(text))
}

/// The value of the constant expression `text`, or why it has none.
fn constant(text: &str) -> Result<f64, String> {
    let statements = parse::parse(text)
        .collect::<Result<Vec<_>, SourceError>>()
        .map_err(|err| not_constant(&err))?;
    match statements.as_slice() {
        [] => return Err("holds no expression".to_string()),
        [one] if one.target.is_none() && one.loops.is_empty() => {}
        _ => {
            return Err(
                "is not one expression: a value has no `;`, `=`, definition or loop".to_string(),
            )
        }
    }
    let program = build(text).map_err(|err| not_constant(&err))?;
    let graph = &program.graph;
    if let Some(&input) = graph.inputs().first() {
        return Err(format!(
            "uses the variable `{}`: a value is a number or a constant expression (numbers, `pi`, operators, functions)",
            quoted(graph.name(input).unwrap_or_default())
        ));
    }
    match program.last.value {
        Value::Const(value) if value.is_finite() => Ok(value),
        Value::Const(value) => {
            let shown = match value {
                v if v.is_nan() => "nan",
                v if v > 0.0 => "inf",
                _ => "-inf",
            };
            Err(format!("is {shown}: a value must be finite"))
        }
        Value::Node(_) => Err("is not a constant".to_string()),
    }
}

/// Why `text` is not a constant expression: the parser's or builder's
/// message and column.
fn not_constant(err: &SourceError) -> String {
    format!(
        "is not a number or a constant expression: {} (column {})",
        err.message(),
        err.column()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_exactly_and_constant_expressions_fold() {
        assert_eq!(value("0.1"), Ok(0.1));
        assert_eq!(value("-1.5e-3"), Ok(-1.5e-3));
        assert_eq!(value("pi/4"), Ok(std::f64::consts::PI / 4.0));
        assert_eq!(value("sqrt(2)/2"), Ok(2f64.sqrt() / 2.0));
        assert_eq!(value("-(2^10)"), Ok(-1024.0));
    }

    #[test]
    fn what_spec_refuses_stays_refused_and_says_why() {
        for (text, why) in [
            ("", "is empty"),
            ("inf", "uses the variable `inf`"),
            ("nan", "uses the variable `nan`"),
            ("a+1", "uses the variable `a`"),
            ("0x10", "not a number or a constant expression"),
            ("1e", "not a number or a constant expression"),
            ("1;b=2", "not one expression"),
            ("b=2", "not one expression"),
            ("1/0", "is inf: a value must be finite"),
            ("log(-1)", "is nan: a value must be finite"),
            ("1e999", "too large for a double"),
            ("sin", "not a number or a constant expression"),
        ] {
            let err = value(text).expect_err(text);
            assert!(err.contains(why), "{text}: {err}");
        }
    }
}
