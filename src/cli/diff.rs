//! `dgraph diff`: the derivative as a formula.

use anyhow::Result;

use super::args::{DiffArgs, DiffFormatArg};
use super::config::{names, program_source, Source};
use super::eval::{outputs, wrt};
use super::{read, Streams};
use crate::error::InputError;
use crate::graph::{self, Value};
use crate::modes::pretty;
use crate::modes::symbolic::{self, Formulas, MAX_FORMULA_NODES};
use crate::report::diff::{json, labels, lines, Names};
use crate::report::formula::{self, Statements, Style};
use crate::report::{output_json_labels, output_title, plural};

/// `dgraph diff`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffConfig {
    source: Source,
    wrt: Vec<String>,
    of: Vec<String>,
    order: usize,
    expand: bool,
    pretty: bool,
    format: DiffFormatArg,
}

impl TryFrom<DiffArgs> for DiffConfig {
    type Error = InputError;

    fn try_from(args: DiffArgs) -> Result<DiffConfig, InputError> {
        let source = program_source(&args.source, false)?.expect("not --lines");
        Ok(DiffConfig {
            source,
            wrt: names("--wrt", args.targets.wrt)?,
            of: names("--of", args.targets.of)?,
            order: usize::from(args.order),
            expand: args.expand,
            pretty: args.pretty,
            format: args.format,
        })
    }
}

/// Runs `dgraph diff`.
pub fn run(config: &DiffConfig, streams: &mut Streams<'_>) -> Result<()> {
    let text = read::program(Some(&config.source))?;
    let program = graph::build(&text).map_err(|err| read::in_program(Some(&config.source), err))?;
    let outputs = outputs(&program, &config.of)?;
    let wrt = wrt(&program, &config.wrt)?;
    if wrt.is_empty() {
        return Err(InputError::new(
            "the program has no input variables: there is nothing to differentiate by",
        )
        .into());
    }
    let count = derivative_count(wrt.len(), config.order).saturating_mul(outputs.len() as u64);
    let limit = match config.order {
        1 => MAX_FIRST_DERIVATIVES,
        _ => MAX_DERIVATIVES,
    };
    if count > limit {
        return Err(InputError::new(format!(
            "--order {} of {} by {} inputs asks for {} derivatives, more than the limit of \
             {limit}; choose fewer outputs with --of or fewer inputs with --wrt",
            config.order,
            plural(outputs.len(), "output", "outputs"),
            wrt.len(),
            if count == u64::MAX {
                "over 10^19".to_string()
            } else {
                count.to_string()
            },
        ))
        .into());
    }
    let titles: Vec<String> = outputs
        .iter()
        .map(|output| output_title(&program.graph, output))
        .collect();
    let json_names = match config.format {
        DiffFormatArg::Json => output_json_labels(&program.graph, &outputs),
        DiffFormatArg::Text | DiffFormatArg::Latex => Vec::new(),
    };
    let input_names: Vec<String> = wrt
        .iter()
        .map(|&x| program.graph.name(x).unwrap_or_default().to_string())
        .collect();
    let values: Vec<Value> = outputs.iter().map(|output| output.value).collect();
    let formulas = symbolic::differentiate(program.graph, &values, &wrt, config.order)
        .map_err(|too_large| InputError::new(too_large.to_string()))?;
    let formulas = match config.pretty {
        true => pretty::prettify(formulas).ok_or_else(|| {
            InputError::new(format!(
                "--pretty: the rewritten formulas would pass {MAX_FORMULA_NODES} nodes; \
                 without --pretty they are written as computed"
            ))
        })?,
        false => formulas,
    };
    let labels = labels(&formulas, &titles, &input_names, config.order);
    let rendered = render(config, &formulas)?;
    let document = match config.format {
        DiffFormatArg::Json => {
            let names = Names {
                outputs: &json_names,
                inputs: &input_names,
            };
            json(&rendered, &labels, &formulas, &names, config.order)
        }
        DiffFormatArg::Text | DiffFormatArg::Latex => {
            lines(&rendered, &labels, style(config.format))
        }
    };
    streams.out.write_all(document.as_bytes())?;
    Ok(())
}

/// The most derivatives one `diff` writes past the first order (all
/// outputs together). Order N takes one symbolic sweep per derivative of
/// order N − 1, and writes every derivative of order N: both grow as
/// inputs^N.
const MAX_DERIVATIVES: u64 = 10_000;

/// The most first derivatives one `diff` writes: one line per output and
/// input (the fuzzer's `--of x` over 9,322 inputs `x[i]` asked for 87
/// million lines and ran for minutes).
const MAX_FIRST_DERIVATIVES: u64 = 1_000_000;

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

/// LaTeX for `--format latex`; dgraph's own language otherwise (JSON
/// carries text formulas).
fn style(format: DiffFormatArg) -> Style {
    match format {
        DiffFormatArg::Latex => Style::Latex,
        DiffFormatArg::Text | DiffFormatArg::Json => Style::Text,
    }
}

/// The formulas, in statements or expanded.
fn render(config: &DiffConfig, formulas: &Formulas) -> Result<Statements> {
    let style = style(config.format);
    let roots: Vec<Value> = formulas
        .derivatives
        .iter()
        .map(|derivative| derivative.value)
        .collect();
    if config.expand {
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
