//! Derivatives as formulas: dgraph's own statement syntax, or LaTeX.
//!
//! A node that the formulas use twice or more — or whose text would run past
//! [`INLINE_WIDTH`] characters — becomes a statement of its own (`t1 =
//! cos(x)`, or its name in the program when it has one) and is referred to
//! by name; every other node is written inline, with only the parentheses
//! precedence needs. So the text grows linearly with the derivative graph,
//! however much it shares. `--expand` writes each derivative as one formula
//! instead, refused past [`EXPAND_LIMIT`] characters (measured before
//! anything is written). Text is written with an explicit stack, never by
//! recursion, so deep formulas are safe.

use std::f64::consts::PI;

use crate::graph::{Graph, NodeId, Op, Value};
use crate::modes::symbolic::is_power_of_two;
use crate::parse::ast::{ATOM, POWER, PRODUCT, UNARY};
use crate::parse::{BinaryOp, Func};

use super::number;

/// Longest text written inline; a longer subexpression gets a statement.
pub const INLINE_WIDTH: usize = 60;

/// Longest formula `--expand` writes.
pub const EXPAND_LIMIT: u64 = 1_000_000;

/// The notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// dgraph's expression language: it reads back with `dgraph eval`.
    Text,
    /// Plain LaTeX, for notes.
    Latex,
}

/// Formulas in statement form: the shared statements, then the roots.
#[derive(Debug, Clone, PartialEq)]
pub struct Statements {
    /// `(name, expression)`, each using only inputs and earlier names.
    pub statements: Vec<(String, String)>,
    /// Each root's expression.
    pub roots: Vec<String>,
}

/// A formula too long for `--expand`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    /// Its length in characters (saturating).
    pub length: u64,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "--expand: the formula would be {} characters, more than the limit of {EXPAND_LIMIT}; \
             without --expand it is written with shared statements",
            if self.length == u64::MAX {
                "over 10^19".to_string()
            } else {
                self.length.to_string()
            }
        )
    }
}

impl std::error::Error for TooLong {}

/// One piece of a node's text.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// Literal text.
    Text(&'static str),
    /// An operand, parenthesized if it binds less than the strength given.
    Operand(Value, u8),
}

/// Writes formulas over one graph.
struct Writer<'g> {
    graph: &'g Graph,
    style: Style,
    /// What to call a node instead of writing it out: inputs and statements.
    names: Vec<Option<String>>,
}

/// The roots in statement form. A statement for a node the program named
/// keeps that name; the others are `t1`, `t2`, … (names the program does
/// not use).
pub fn statements(graph: &Graph, roots: &[Value], style: Style) -> Statements {
    let mut writer = Writer::new(graph, style);
    let reachable = reachable(graph, roots);
    let mut is_root = vec![false; graph.len()];
    for root in roots {
        if let Value::Node(id) = root {
            is_root[id.index()] = true;
        }
    }
    let mut uses = vec![0u32; graph.len()];
    for (id, node) in graph.nodes().enumerate() {
        if reachable[id] {
            for (_, operand) in node.edges() {
                uses[operand.index()] += 1;
            }
        }
    }
    let mut taken: Vec<String> = (0..graph.len())
        .filter_map(|id| graph.name(NodeId(id as u32)).map(str::to_string))
        .collect();
    taken.sort_unstable();
    let mut fresh = Fresh { taken, next: 1 };
    let mut width = vec![0usize; graph.len()];
    let mut statements = Vec::new();
    for id in (0..graph.len()).filter(|&id| reachable[id]) {
        let node = NodeId(id as u32);
        if writer.names[id].is_some() {
            width[id] = writer.names[id].as_ref().map_or(0, String::len);
            continue;
        }
        width[id] = writer.width(node, &width);
        if uses[id] >= 2 || (width[id] > INLINE_WIDTH && !is_root[id]) {
            let name = match graph.name(node) {
                Some(name) => self::name(name, style),
                None => self::name(&fresh.name(), style),
            };
            statements.push((name.clone(), writer.write(Value::Node(node), 0, true)));
            width[id] = name.len();
            writer.names[id] = Some(name);
        }
    }
    let roots = roots
        .iter()
        .map(|&root| writer.write(root, 0, true))
        .collect();
    Statements { statements, roots }
}

/// Each root as one formula, or why not.
pub fn expanded(graph: &Graph, roots: &[Value], style: Style) -> Result<Vec<String>, TooLong> {
    let writer = Writer::new(graph, style);
    let reachable = reachable(graph, roots);
    let mut length = vec![0u64; graph.len()];
    for id in (0..graph.len()).filter(|&id| reachable[id]) {
        length[id] = writer.length(NodeId(id as u32), &length);
    }
    for root in roots {
        if let Value::Node(id) = root {
            if length[id.index()] > EXPAND_LIMIT {
                return Err(TooLong {
                    length: length[id.index()],
                });
            }
        }
    }
    Ok(roots
        .iter()
        .map(|&root| writer.write(root, 0, false))
        .collect())
}

/// The nodes the roots depend on.
fn reachable(graph: &Graph, roots: &[Value]) -> Vec<bool> {
    graph.ancestors(roots.iter().filter_map(|root| root.node()))
}

/// Statement names `t1`, `t2`, … that the program does not use.
struct Fresh {
    taken: Vec<String>,
    next: usize,
}

impl Fresh {
    fn name(&mut self) -> String {
        loop {
            let name = format!("t{}", self.next);
            self.next += 1;
            if self.taken.binary_search(&name).is_err() {
                return name;
            }
        }
    }
}

impl<'g> Writer<'g> {
    fn new(graph: &'g Graph, style: Style) -> Writer<'g> {
        let names = (0..graph.len())
            .map(|id| {
                let node = NodeId(id as u32);
                match graph.node(node).op {
                    Op::Input => Some(name(graph.name(node).unwrap_or_default(), style)),
                    _ => None,
                }
            })
            .collect();
        Writer {
            graph,
            style,
            names,
        }
    }

    /// Writes `value`, parenthesized if it binds less than `needs`; with
    /// `by_name`, named nodes are referred to by name (statements), else
    /// only inputs are.
    fn write(&self, value: Value, needs: u8, by_name: bool) -> String {
        let mut out = String::new();
        let mut stack = vec![Piece::Operand(value, needs)];
        while let Some(piece) = stack.pop() {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Operand(Value::Const(c), needs) => {
                    let (text, strength) = constant(c, self.style);
                    parenthesize(&mut out, &text, strength < needs, self.style);
                }
                Piece::Operand(Value::Node(id), needs) => {
                    let named = match &self.names[id.index()] {
                        Some(name) if by_name || self.graph.node(id).op == Op::Input => Some(name),
                        _ => None,
                    };
                    if let Some(name) = named {
                        out.push_str(name);
                        continue;
                    }
                    let (pieces, strength) = self.pieces(id);
                    let parens = strength < needs;
                    if parens {
                        stack.push(Piece::Text(close(self.style)));
                    }
                    stack.extend(pieces.into_iter().rev());
                    if parens {
                        stack.push(Piece::Text(open(self.style)));
                    }
                }
            }
        }
        out
    }

    /// A node's width written inline, from its operands' widths.
    fn width(&self, id: NodeId, width: &[usize]) -> usize {
        let (pieces, _) = self.pieces(id);
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.len(),
                Piece::Operand(Value::Const(c), _) => constant(*c, self.style).0.len() + 2,
                Piece::Operand(Value::Node(operand), _) => width[operand.index()] + 2,
            })
            .sum()
    }

    /// A node's length written out in full (saturating), from its operands'.
    fn length(&self, id: NodeId, length: &[u64]) -> u64 {
        if let Some(name) = &self.names[id.index()] {
            return name.len() as u64;
        }
        let (pieces, _) = self.pieces(id);
        pieces.iter().fold(0u64, |total, piece| {
            total.saturating_add(match piece {
                Piece::Text(text) => text.len() as u64,
                Piece::Operand(Value::Const(c), _) => constant(*c, self.style).0.len() as u64 + 2,
                Piece::Operand(Value::Node(operand), _) => {
                    length[operand.index()].saturating_add(2)
                }
            })
        })
    }

    /// Whether `value` is a product or a quotient, written as one.
    fn is_product(&self, value: Value) -> bool {
        let Value::Node(id) = value else {
            return false;
        };
        let written_as_product = match self.style {
            Style::Text => matches!(
                self.graph.node(id).op,
                Op::Binary(BinaryOp::Mul | BinaryOp::Div)
            ),
            Style::Latex => self.graph.node(id).op == Op::Binary(BinaryOp::Mul),
        };
        written_as_product && (self.names[id.index()].is_none())
    }

    /// How node `id` is written, and how strongly it binds.
    fn pieces(&self, id: NodeId) -> (Vec<Piece>, u8) {
        let node = self.graph.node(id);
        let [x, y, z] = node.operands.map(Value::from);
        match (node.op, self.style) {
            (Op::Input, _) => (vec![], ATOM),
            // `-(a*b)` is written `-a*b` (`(-a)*b` is the same number), and
            // then binds like a product.
            (Op::Neg, _) if self.is_product(x) => {
                (vec![Piece::Text("-"), Piece::Operand(x, PRODUCT)], PRODUCT)
            }
            (Op::Neg, _) => (vec![Piece::Text("-"), Piece::Operand(x, UNARY)], UNARY),
            (Op::Binary(op), style) => binary(op, x, y, style),
            (Op::Call(Func::Pow), style) => binary(BinaryOp::Pow, x, y, style),
            (Op::Call(func), Style::Text) => (call(func.name(), &[x, y, z][..func.arity()]), ATOM),
            (Op::Call(func), Style::Latex) => (latex_call(func, [x, y, z]), ATOM),
        }
    }
}

/// How `x op y` is written: spacing and precedence from the operator
/// table, with the style's own touches (`\frac`, `^{}`, `2*a*b`, `x^-2`).
fn binary(op: BinaryOp, x: Value, y: Value, style: Style) -> (Vec<Piece>, u8) {
    use Piece::{Operand, Text};
    let latex = style == Style::Latex;
    let (left, right) = op.operand_needs();
    match op {
        BinaryOp::Mul => {
            let times = if latex { " \\cdot " } else { "*" };
            // `2*(a*b)` is written `2*a*b`: scaling by a power of two is
            // exact, so `(2*a)*b` is the same number.
            let right = match x {
                Value::Const(c) if is_power_of_two(c) => PRODUCT,
                _ => right,
            };
            (
                vec![Operand(x, left), Text(times), Operand(y, right)],
                PRODUCT,
            )
        }
        BinaryOp::Div if latex => (
            vec![
                Text("\\frac{"),
                Operand(x, 0),
                Text("}{"),
                Operand(y, 0),
                Text("}"),
            ],
            ATOM,
        ),
        BinaryOp::Div => (
            vec![Operand(x, left), Text("/"), Operand(y, right)],
            PRODUCT,
        ),
        BinaryOp::Pow if latex => (
            vec![Operand(x, left), Text("^{"), Operand(y, 0), Text("}")],
            POWER,
        ),
        // A unary minus may follow `^`: `x^-2`.
        BinaryOp::Pow => (vec![Operand(x, left), Text("^"), Operand(y, UNARY)], POWER),
        BinaryOp::Add
        | BinaryOp::Sub
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::Eq
        | BinaryOp::Ne => {
            let symbol = if latex { latex_symbol(op) } else { op.symbol() };
            let pieces = vec![
                Operand(x, left),
                Text(" "),
                Text(symbol),
                Text(" "),
                Operand(y, right),
            ];
            (pieces, op.precedence())
        }
    }
}

/// How LaTeX spells a sum's or a comparison's operator.
fn latex_symbol(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Le => "\\le",
        BinaryOp::Ge => "\\ge",
        BinaryOp::Eq => "=",
        BinaryOp::Ne => "\\ne",
        BinaryOp::Add
        | BinaryOp::Sub
        | BinaryOp::Mul
        | BinaryOp::Div
        | BinaryOp::Pow
        | BinaryOp::Lt
        | BinaryOp::Gt => op.symbol(),
    }
}

/// `name(a, b, ...)`.
fn call(name: &'static str, args: &[Value]) -> Vec<Piece> {
    let mut pieces = vec![Piece::Text(name), Piece::Text("(")];
    for (k, &arg) in args.iter().enumerate() {
        if k > 0 {
            pieces.push(Piece::Text(", "));
        }
        pieces.push(Piece::Operand(arg, 0));
    }
    pieces.push(Piece::Text(")"));
    pieces
}

fn latex_call(func: Func, [x, y, z]: [Value; 3]) -> Vec<Piece> {
    use Piece::{Operand, Text};
    let args = [x, y, z];
    let args = &args[..func.arity()];
    let named = |name: &'static str| {
        let mut pieces = call(name, args);
        pieces.insert(1, Text("\\left"));
        pieces.insert(pieces.len() - 1, Text("\\right"));
        pieces
    };
    match func {
        Func::Sqrt => vec![Text("\\sqrt{"), Operand(x, 0), Text("}")],
        Func::Cbrt => vec![Text("\\sqrt[3]{"), Operand(x, 0), Text("}")],
        Func::Abs => vec![Text("\\left|"), Operand(x, 0), Text("\\right|")],
        Func::Floor => vec![
            Text("\\left\\lfloor "),
            Operand(x, 0),
            Text("\\right\\rfloor"),
        ],
        Func::Ceil => vec![
            Text("\\left\\lceil "),
            Operand(x, 0),
            Text("\\right\\rceil"),
        ],
        Func::Exp2 => vec![Text("2^{"), Operand(x, 0), Text("}")],
        Func::Min => named("\\min"),
        Func::Max => named("\\max"),
        Func::Sin => named("\\sin"),
        Func::Cos => named("\\cos"),
        Func::Tan => named("\\tan"),
        Func::Asin => named("\\arcsin"),
        Func::Acos => named("\\arccos"),
        Func::Atan => named("\\arctan"),
        Func::Sinh => named("\\sinh"),
        Func::Cosh => named("\\cosh"),
        Func::Tanh => named("\\tanh"),
        Func::Exp => named("\\exp"),
        Func::Log => named("\\ln"),
        Func::Log2 => named("\\log_2"),
        Func::Log10 => named("\\log_{10}"),
        Func::Asinh => named("\\operatorname{arsinh}"),
        Func::Acosh => named("\\operatorname{arcosh}"),
        Func::Atanh => named("\\operatorname{artanh}"),
        Func::Sigmoid => named("\\operatorname{sigmoid}"),
        Func::Relu => named("\\operatorname{relu}"),
        Func::Log1p => named("\\operatorname{log1p}"),
        Func::Expm1 => named("\\operatorname{expm1}"),
        Func::Erf => named("\\operatorname{erf}"),
        Func::Erfc => named("\\operatorname{erfc}"),
        Func::Softplus => named("\\operatorname{softplus}"),
        Func::Round => named("\\operatorname{round}"),
        Func::Sign => named("\\operatorname{sign}"),
        Func::Atan2 => named("\\operatorname{atan2}"),
        Func::Hypot => named("\\operatorname{hypot}"),
        Func::LogSumExp => named("\\operatorname{logsumexp}"),
        Func::If => named("\\operatorname{if}"),
        Func::Pow => unreachable!("written as a power"),
    }
}

fn open(style: Style) -> &'static str {
    match style {
        Style::Text => "(",
        Style::Latex => "\\left(",
    }
}

fn close(style: Style) -> &'static str {
    match style {
        Style::Text => ")",
        Style::Latex => "\\right)",
    }
}

fn parenthesize(out: &mut String, text: &str, parens: bool, style: Style) {
    if parens {
        out.push_str(open(style));
    }
    out.push_str(text);
    if parens {
        out.push_str(close(style));
    }
}

/// A constant's text and binding strength: `pi` for π; in LaTeX `10^{308}`
/// for `1e308`. The language has no literal for infinity or NaN, so they are
/// written as constant expressions that fold to them: `(1/0)`, `(-1/0)`,
/// `(0/0)`.
fn constant(c: f64, style: Style) -> (String, u8) {
    if !c.is_finite() {
        let text = match (style, c.is_nan(), c > 0.0) {
            (Style::Text, true, _) => "(0/0)",
            (Style::Text, false, true) => "(1/0)",
            (Style::Text, false, false) => "(-1/0)",
            (Style::Latex, true, _) => "\\mathrm{NaN}",
            (Style::Latex, false, true) => "\\infty",
            (Style::Latex, false, false) => "-\\infty",
        };
        let strength = if text.starts_with('-') { UNARY } else { ATOM };
        return (text.to_string(), strength);
    }
    if let Some(multiple) = of_pi(c) {
        return multiple.written(style);
    }
    let text = match style {
        Style::Text => number::format(c),
        Style::Latex => latex_number(&number::format(c)),
    };
    let strength = if text.starts_with('-') { UNARY } else { ATOM };
    (text, strength)
}

/// The largest whole multiple or divisor of π written with `pi`.
const PI_FACTOR_LIMIT: f64 = 1000.0;

/// A constant that is π times or over a whole number, as dgraph computes
/// it: `k*pi` (`2*pi`, `-pi`) or `pi/n`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum OfPi {
    /// `k·π`.
    Times(f64),
    /// `π/n`.
    Over(f64),
}

/// `c` as a multiple or a fraction of π, when reading that text back gives
/// `c` bit for bit (the language folds `2*pi` to the same double).
fn of_pi(c: f64) -> Option<OfPi> {
    let k = (c / PI).round();
    if k != 0.0 && k.abs() <= PI_FACTOR_LIMIT && (k * PI).to_bits() == c.to_bits() {
        return Some(OfPi::Times(k));
    }
    let n = (PI / c).round();
    let whole = n.abs() >= 2.0 && n.abs() <= PI_FACTOR_LIMIT;
    (whole && (PI / n).to_bits() == c.to_bits()).then_some(OfPi::Over(n))
}

impl OfPi {
    /// The text and how strongly it binds.
    fn written(self, style: Style) -> (String, u8) {
        let pi = match style {
            Style::Text => "pi",
            Style::Latex => "\\pi",
        };
        let factor = |k: f64| number::format(k.abs());
        let sign = |k: f64| if k < 0.0 { "-" } else { "" };
        match (self, style) {
            (OfPi::Times(k), _) if k.abs() == 1.0 => {
                let strength = if k < 0.0 { UNARY } else { ATOM };
                (format!("{}{pi}", sign(k)), strength)
            }
            (OfPi::Times(k), Style::Text) => (format!("{}{}*{pi}", sign(k), factor(k)), PRODUCT),
            (OfPi::Times(k), Style::Latex) => (format!("{}{}{pi}", sign(k), factor(k)), PRODUCT),
            (OfPi::Over(n), Style::Text) => (format!("{}{pi}/{}", sign(n), factor(n)), PRODUCT),
            (OfPi::Over(n), Style::Latex) => (
                format!("{}\\frac{{{pi}}}{{{}}}", sign(n), factor(n)),
                PRODUCT,
            ),
        }
    }
}

fn latex_number(text: &str) -> String {
    match text.split_once('e') {
        Some(("1", exponent)) => format!("10^{{{exponent}}}"),
        Some(("-1", exponent)) => format!("-10^{{{exponent}}}"),
        Some((mantissa, exponent)) => format!("{mantissa} \\times 10^{{{exponent}}}"),
        None => text.to_string(),
    }
}

/// A name as the style writes it: as is in text; in LaTeX `x_{1}` for
/// `x1` and for `x[1]`, `W_{1,2}` for `W[1,2]`, `\mathrm{rate}` for longer
/// names, underscores escaped.
pub fn name(name: &str, style: Style) -> String {
    if style == Style::Text {
        return name.to_string();
    }
    if let Some((base, indices)) = name.split_once('[') {
        let indices = indices.trim_end_matches(']');
        return format!("{}_{{{indices}}}", self::name(base, style));
    }
    let letters = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[letters.len()..];
    let base = match letters.len() {
        1 => letters.to_string(),
        _ => format!("\\mathrm{{{}}}", letters.replace('_', "\\_")),
    };
    match digits {
        "" => base,
        digits => format!("{base}_{{{digits}}}"),
    }
}
