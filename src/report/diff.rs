//! `dgraph diff`'s output: the derivative formulas as lines of text or
//! LaTeX, or as one JSON object, each derivative named.

use rustc_hash::FxHashSet;
use serde::Serialize;

use super::formula::{self, Statements, Style};
use crate::graph::NodeId;
use crate::modes::symbolic::Formulas;
use crate::parse::is_identifier;

/// What each derivative is called (`de_dx`, `d2e_dx_dy`), after its output
/// (an unnamed one is `output`, as `eval` calls it: `doutput_dx`), avoiding
/// the program's own names. Indices of an indexed output or input are
/// gathered at the end, the output's first, so the name reads back as an
/// indexed name: `df_dx[1]`, `d2f_dx_dy[2]` (by `x[2]` and `y`),
/// `d2f_dW_dW[1,2,2,1]`, `dh_dx[3,1]` (of `h[3]` by `x[1]`).
pub fn labels(
    formulas: &Formulas,
    outputs: &[String],
    inputs: &[String],
    order: usize,
) -> Vec<String> {
    let graph = &formulas.graph;
    let mut taken: FxHashSet<String> = (0..graph.len())
        .filter_map(|id| graph.name(NodeId(id as u32)).map(str::to_string))
        .collect();
    formulas
        .derivatives
        .iter()
        .map(|derivative| {
            let (out, out_index) = split_indexed(&outputs[derivative.of]);
            let out = if is_identifier(out) { out } else { UNNAMED };
            let mut label = match order {
                1 => format!("d{out}"),
                n => format!("d{n}{out}"),
            };
            let mut indices: Vec<&str> = out_index.into_iter().collect();
            for &k in &derivative.by {
                let (base, index) = split_indexed(&inputs[k]);
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

/// What a derivative's name calls an output with no name of its own.
const UNNAMED: &str = "output";

/// `x[1,2]` as `("x", Some("1,2"))`; `x` as `("x", None)`.
fn split_indexed(name: &str) -> (&str, Option<&str>) {
    match name.split_once('[') {
        Some((base, index)) => (base, index.strip_suffix(']')),
        None => (name, None),
    }
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
    output: Outputs<'a>,
    order: usize,
    wrt: &'a [String],
    statements: Vec<Named<'a>>,
    derivatives: Vec<Derivative<'a>>,
}

/// One output's name, or a list of them (as `eval --format json` has it).
#[derive(Serialize)]
#[serde(untagged)]
enum Outputs<'a> {
    One(&'a str),
    Several(&'a [String]),
}

#[derive(Serialize)]
struct Named<'a> {
    name: &'a str,
    expr: &'a str,
}

#[derive(Serialize)]
struct Derivative<'a> {
    name: &'a str,
    of: &'a str,
    wrt: Vec<&'a str>,
    expr: &'a str,
}

/// What the JSON names: each output (as `eval --format json` names it) and
/// the inputs differentiated by.
pub struct Names<'a> {
    /// Each output's name, or its expression text.
    pub outputs: &'a [String],
    /// The inputs, in `wrt` order.
    pub inputs: &'a [String],
}

/// One JSON object: the statements, and each derivative with the output it
/// is of and the inputs it is taken by.
pub fn json(
    rendered: &Statements,
    labels: &[String],
    formulas: &Formulas,
    names: &Names<'_>,
    order: usize,
) -> String {
    let statements = rendered
        .statements
        .iter()
        .map(|(name, expr)| Named { name, expr })
        .collect();
    let derivatives = labels
        .iter()
        .zip(&rendered.roots)
        .zip(&formulas.derivatives)
        .map(|((name, expr), derivative)| Derivative {
            name,
            of: &names.outputs[derivative.of],
            wrt: derivative
                .by
                .iter()
                .map(|&k| names.inputs[k].as_str())
                .collect(),
            expr,
        })
        .collect();
    let output = match names.outputs {
        [one] => Outputs::One(one),
        several => Outputs::Several(several),
    };
    let document = Document {
        output,
        order,
        wrt: names.inputs,
        statements,
        derivatives,
    };
    super::json_line(&document)
}
