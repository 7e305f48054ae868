//! `dgraph diff`'s output: the derivative formulas as lines of text or
//! LaTeX, or as one JSON object, each derivative named.

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::formula::{self, Statements, Style};
use crate::graph::NodeId;
use crate::modes::symbolic::Formulas;
use crate::parse::is_identifier;

/// What each derivative is called (`de_dx`, `d2e_dx_dy`), avoiding the
/// program's own names. By indexed inputs, the indices are gathered at the
/// end, so the name reads back as an indexed name: `df_dx[1]`,
/// `d2f_dx_dy[2]` (by `x[2]` and `y`), `d2f_dW_dW[1,2,2,1]`.
pub fn labels(formulas: &Formulas, out: &str, inputs: &[String], order: usize) -> Vec<String> {
    let base = if is_identifier(out) { out } else { "f" };
    let prefix = match order {
        1 => format!("d{base}"),
        n => format!("d{n}{base}"),
    };
    let graph = &formulas.graph;
    let mut taken: FxHashSet<String> = (0..graph.len())
        .filter_map(|id| graph.name(NodeId(id as u32)).map(str::to_string))
        .collect();
    formulas
        .derivatives
        .iter()
        .map(|(by, _)| {
            let mut label = prefix.clone();
            let mut indices = Vec::new();
            for &k in by {
                let (base, index) = match inputs[k].split_once('[') {
                    Some((base, index)) => (base, index.strip_suffix(']')),
                    None => (inputs[k].as_str(), None),
                };
                label.push_str("_d");
                label.push_str(base);
                indices.extend(index);
            }
            let indexed = |label: &str| match indices.is_empty() {
                true => label.to_string(),
                false => format!("{label}[{}]", indices.join(",")),
            };
            // Two derivatives may gather the same indices (by `x[1]` and
            // `y`, and by `x` and `y[1]`): the later name grows a `_`.
            while taken.contains(&label) || taken.contains(&indexed(&label)) {
                label.push('_');
            }
            let label = indexed(&label);
            taken.insert(label.clone());
            label
        })
        .collect()
}

/// Text or LaTeX: one statement per line; a single derivative is the bare
/// last line, several are named.
pub fn lines(rendered: &Statements, labels: &[String], style: Style) -> String {
    let mut out = String::new();
    for (name, expr) in &rendered.statements {
        out.push_str(&format!("{name} = {expr}\n"));
    }
    match rendered.roots.as_slice() {
        [only] => out.push_str(&format!("{only}\n")),
        roots => {
            for (label, root) in labels.iter().zip(roots) {
                out.push_str(&format!("{} = {root}\n", formula::name(label, style)));
            }
        }
    }
    out
}

#[derive(Serialize)]
struct Document<'a> {
    output: &'a str,
    order: usize,
    wrt: &'a [String],
    statements: Vec<Named<'a>>,
    derivatives: Vec<Derivative<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
    expr: &'a str,
}

#[derive(Serialize)]
struct Derivative<'a> {
    name: &'a str,
    wrt: Vec<&'a str>,
    expr: &'a str,
}

/// One JSON object: the statements, and each derivative with the inputs it
/// is taken by.
pub fn json(
    rendered: &Statements,
    labels: &[String],
    formulas: &Formulas,
    context: (&str, &[String], usize),
) -> String {
    let (output, inputs, order) = context;
    let statements = rendered
        .statements
        .iter()
        .map(|(name, expr)| Named { name, expr })
        .collect();
    let derivatives = labels
        .iter()
        .zip(&rendered.roots)
        .zip(&formulas.derivatives)
        .map(|((name, expr), (by, _))| Derivative {
            name,
            wrt: by.iter().map(|&k| inputs[k].as_str()).collect(),
            expr,
        })
        .collect();
    let document = Document {
        output,
        order,
        wrt: inputs,
        statements,
        derivatives,
    };
    super::json_line(&document)
}
