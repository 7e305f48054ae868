//! `dgraph diff`: the derivative as a formula.

use anyhow::Result;

use super::args::{DiffArgs, DiffFormatArg};
use super::config::{names, program_source, Source};
use super::eval::{outputs, wrt};
use super::{read, Streams};
use crate::error::InputError;
use crate::escape::quoted;
use crate::graph::{self, Value};
use crate::modes::symbolic::{self, Formulas};
use crate::report::diff::{json, labels, lines};
use crate::report::formula::{self, Statements, Style};
use crate::report::output_label;

/// `dgraph diff`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffConfig {
    source: Source,
    wrt: Vec<String>,
    of: Vec<String>,
    order: usize,
    expand: bool,
    format: DiffFormatArg,
}

impl TryFrom<DiffArgs> for DiffConfig {
    type Error = InputError;

    fn try_from(args: DiffArgs) -> Result<DiffConfig, InputError> {
        let source = program_source(&args.source, false)?.expect("not --lines");
        let of = names("--of", args.targets.of)?;
        if of.len() > 1 {
            return Err(InputError::new(format!(
                "diff differentiates one output; --of names {}",
                of.len()
            )));
        }
        Ok(DiffConfig {
            source,
            wrt: names("--wrt", args.targets.wrt)?,
            of,
            order: usize::from(args.order),
            expand: args.expand,
            format: args.format,
        })
    }
}

/// Runs `dgraph diff`.
pub fn run(config: &DiffConfig, streams: &mut Streams<'_>) -> Result<()> {
    let text = read::program(Some(&config.source))?;
    let program = graph::build(&text).map_err(|err| read::in_program(Some(&config.source), err))?;
    let mut outputs = outputs(&program, &config.of)?;
    if outputs.len() > 1 {
        return Err(InputError::new(format!(
            "diff differentiates one output; --of {} names {} (`{}[...]`): name one of them",
            quoted(&config.of[0]),
            outputs.len(),
            quoted(&config.of[0])
        ))
        .into());
    }
    let output = outputs.remove(0);
    let wrt = wrt(&program, &config.wrt)?;
    if wrt.is_empty() {
        return Err(InputError::new(
            "the program has no input variables: there is nothing to differentiate by",
        )
        .into());
    }
    let count = derivative_count(wrt.len(), config.order);
    if count > MAX_DERIVATIVES.max(wrt.len() as u64) {
        return Err(InputError::new(format!(
            "--order {} by {} inputs asks for {} derivatives, more than the limit of \
             {MAX_DERIVATIVES}; choose fewer inputs with --wrt",
            config.order,
            wrt.len(),
            if count == u64::MAX {
                "over 10^19".to_string()
            } else {
                count.to_string()
            },
        ))
        .into());
    }
    let out_name = output_label(&program.graph, &output);
    let input_names: Vec<String> = wrt
        .iter()
        .map(|&x| program.graph.name(x).unwrap_or_default().to_string())
        .collect();
    let formulas = symbolic::differentiate(program.graph, output.value, &wrt, config.order)
        .map_err(|too_large| InputError::new(too_large.to_string()))?;
    let labels = labels(&formulas, &out_name, &input_names, config.order);
    let rendered = render(config, &formulas)?;
    let document = match config.format {
        DiffFormatArg::Json => json(
            &rendered,
            &labels,
            &formulas,
            (&out_name, &input_names, config.order),
        ),
        DiffFormatArg::Text | DiffFormatArg::Latex => {
            lines(&rendered, &labels, style(config.format))
        }
    };
    streams.out.write_all(document.as_bytes())?;
    Ok(())
}

/// The most derivatives one `diff` writes past the first order. Order N
/// takes one symbolic sweep per derivative of order N − 1, and writes
/// every derivative of order N: both grow as inputs^N. First derivatives
/// are one sweep and one line per input, linear in the program, so they
/// are never refused.
const MAX_DERIVATIVES: u64 = 10_000;

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
        .map(|(_, value)| *value)
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
