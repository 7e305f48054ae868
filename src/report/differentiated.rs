//! A program's derivatives as formulas, written: what `dgraph diff`
//! prints and the library's `Program::diff` returns. Checks the size
//! first, differentiates symbolically, rewrites (`--pretty`), and writes
//! the statements and derivatives as text, LaTeX or JSON.

use super::diff::{json, labels, lines, Names};
use super::formula::{self, Statements, Style};
use super::{output_json_labels, output_title, plural};
use crate::error::InputError;
use crate::graph::{Graph, NodeId, Output, Value};
use crate::modes::pretty;
use crate::modes::symbolic::{self, Formulas, MAX_FORMULA_NODES};

/// How to write the derivatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// dgraph's own language: a program that evaluates them.
    Text,
    /// LaTeX.
    Latex,
    /// One JSON object.
    Json,
}

/// What to differentiate and how to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The order of the derivatives (1 to 8).
    pub order: usize,
    /// One expression per derivative, without shared statements.
    pub expand: bool,
    /// Rewritten for reading (not bit-exact with evaluation).
    pub pretty: bool,
    /// Text, LaTeX or JSON.
    pub form: Form,
}

/// The most derivatives written past the first order (all outputs
/// together). Order N takes one symbolic sweep per derivative of order
/// N − 1, and writes every derivative of order N: both grow as inputs^N.
const MAX_DERIVATIVES: u64 = 10_000;

/// The most first derivatives written: one line per output and input (the
/// fuzzer's `--of x` over 9,322 inputs `x[i]` asked for 87 million lines
/// and ran for minutes).
const MAX_FIRST_DERIVATIVES: u64 = 1_000_000;

/// The derivatives of `outputs` by `wrt` (of `graph`, which the formulas
/// grow from), written as `options` say.
pub fn write(
    graph: Graph,
    (outputs, wrt): (&[Output], &[NodeId]),
    options: Options,
) -> Result<String, InputError> {
    if wrt.is_empty() {
        return Err(InputError::new(
            "the program has no input variables: there is nothing to differentiate by",
        ));
    }
    admit(outputs.len(), wrt.len(), options.order)?;
    let titles: Vec<String> = outputs.iter().map(|o| output_title(&graph, o)).collect();
    let json_names = match options.form {
        Form::Json => output_json_labels(&graph, outputs),
        Form::Text | Form::Latex => Vec::new(),
    };
    let input_names: Vec<String> = wrt
        .iter()
        .map(|&x| graph.name(x).unwrap_or_default().to_string())
        .collect();
    let values: Vec<Value> = outputs.iter().map(|output| output.value).collect();
    let formulas = symbolic::differentiate(graph, &values, wrt, options.order)
        .map_err(|too_large| InputError::new(too_large.to_string()))?;
    let formulas = match options.pretty {
        true => pretty::prettify(formulas).ok_or_else(|| {
            InputError::new(format!(
                "--pretty: the rewritten formulas would pass {MAX_FORMULA_NODES} nodes; \
                 without --pretty they are written as computed"
            ))
        })?,
        false => formulas,
    };
    let labels = labels(&formulas, &titles, &input_names, options.order);
    let rendered = render(&formulas, options)?;
    Ok(match options.form {
        Form::Json => {
            let names = Names {
                outputs: &json_names,
                inputs: &input_names,
            };
            json(&rendered, &labels, &formulas, &names, options.order)
        }
        Form::Text | Form::Latex => lines(&rendered, &labels, style(options.form)),
    })
}

/// Refuses more derivatives than are written at once.
fn admit(outputs: usize, inputs: usize, order: usize) -> Result<(), InputError> {
    let count = derivative_count(inputs, order).saturating_mul(outputs as u64);
    let limit = match order {
        1 => MAX_FIRST_DERIVATIVES,
        _ => MAX_DERIVATIVES,
    };
    if count <= limit {
        return Ok(());
    }
    let count = match count {
        u64::MAX => "over 10^19".to_string(),
        count => count.to_string(),
    };
    Err(InputError::new(format!(
        "--order {order} of {} by {inputs} inputs asks for {count} derivatives, more than the limit of \
         {limit}; choose fewer outputs with --of or fewer inputs with --wrt",
        plural(outputs, "output", "outputs"),
    )))
}

/// How many derivatives of order `order` there are by `inputs` inputs, each
/// mixed partial once: the multisets, C(inputs + order − 1, order)
/// (saturating).
fn derivative_count(inputs: usize, order: usize) -> u64 {
    let mut count: u64 = 1;
    for k in 1..=order as u128 {
        // C(n + k − 1, k) = C(n + k − 2, k − 1) · (n + k − 1) / k, exact at
        // every step; once past u64, it stays there.
        let widened = u128::from(count)
            .checked_mul(inputs as u128 + k - 1)
            .map(|product| product / k);
        match widened.and_then(|c| u64::try_from(c).ok()) {
            Some(c) => count = c,
            None => return u64::MAX,
        }
    }
    count
}

/// LaTeX for LaTeX; dgraph's own language otherwise (JSON carries text
/// formulas).
fn style(form: Form) -> Style {
    match form {
        Form::Latex => Style::Latex,
        Form::Text | Form::Json => Style::Text,
    }
}

/// The formulas, in statements or expanded.
fn render(formulas: &Formulas, options: Options) -> Result<Statements, InputError> {
    let style = style(options.form);
    let roots: Vec<Value> = formulas.derivatives.iter().map(|d| d.value).collect();
    if options.expand {
        let roots = formula::expanded(&formulas.graph, &roots, style)
            .map_err(|too_long| InputError::new(too_long.to_string()))?;
        return Ok(Statements {
            statements: Vec::new(),
            roots,
        });
    }
    Ok(formula::statements(&formulas.graph, &roots, style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivatives_are_counted_as_multisets() {
        assert_eq!(derivative_count(2, 1), 2);
        assert_eq!(derivative_count(2, 2), 3);
        assert_eq!(derivative_count(3, 3), 10);
        assert_eq!(derivative_count(100, 8), 325_949_656_825);
        assert_eq!(derivative_count(usize::MAX, 8), u64::MAX);
    }
}
