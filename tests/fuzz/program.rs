//! Programs for the fuzzer: random statements of both editions of the
//! language (assignments, `if`, comparisons, definitions, indexed names,
//! `sum`/`prod`, `for`), huge and deep programs, and byte-level mutations
//! of either. Each generated value is a small tree that proptest shrinks;
//! [`ProgramSpec::render`] turns it into text and the names it uses.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

use crate::huge::Huge;

/// Scalar inputs: the first three most often.
pub const INPUTS: [&str; 8] = ["y", "z", "a", "b", "e", "c", "w", "d"];
/// Indexed names and their number of indices; `h` and `H` are assigned by
/// `for` loops, the others are inputs.
pub const FAMILIES: [(&str, usize); 5] = [("x", 1), ("W", 2), ("v", 1), ("h", 1), ("H", 2)];
pub const INDEX_VARS: [&str; 3] = ["i", "j", "k"];
pub const PARAMS: [&str; 3] = ["p", "q", "r"];
const BINARY: [&str; 16] = [
    "+", "+", "-", "*", "*", "/", "^", "+", "-", "*", "<", "<=", ">", ">=", "==", "!=",
];
pub const FUNCTIONS: [(&str, usize); 36] = [
    ("sin", 1),
    ("cos", 1),
    ("tan", 1),
    ("asin", 1),
    ("acos", 1),
    ("atan", 1),
    ("sinh", 1),
    ("cosh", 1),
    ("tanh", 1),
    ("exp", 1),
    ("log", 1),
    ("sqrt", 1),
    ("abs", 1),
    ("sigmoid", 1),
    ("relu", 1),
    ("log1p", 1),
    ("expm1", 1),
    ("log2", 1),
    ("log10", 1),
    ("exp2", 1),
    ("cbrt", 1),
    ("erf", 1),
    ("erfc", 1),
    ("softplus", 1),
    ("asinh", 1),
    ("acosh", 1),
    ("atanh", 1),
    ("floor", 1),
    ("ceil", 1),
    ("round", 1),
    ("sign", 1),
    ("pow", 2),
    ("min", 2),
    ("max", 2),
    ("atan2", 2),
    ("hypot", 2),
];
const NUMBERS: [&str; 24] = [
    "0",
    "1",
    "2",
    "3",
    "0.5",
    ".5",
    "2.",
    "1e-3",
    "1e+3",
    "6.02E23",
    "1e308",
    "1.7976931348623157e308",
    "1e-320",
    "5e-324",
    "1e-25",
    "710",
    "1000",
    "3.141592653589793",
    "0.1",
    "1e999",
    "00012",
    "1.e5",
    "100",
    "0.0",
];
pub const SEPARATORS: [&str; 7] = ["\n", "; ", ";", "\n\n", " # note\n", ";\n", "\r\n"];

/// Integer expressions: indices and the bounds of ranges.
#[derive(Debug, Clone)]
pub enum Int {
    Lit(i64),
    /// An enclosing index variable (a literal when there is none).
    Var(u8),
    /// `n`, assigned an integer at the top of the program (2 without it).
    N,
    Op(char, Box<Int>, Box<Int>),
}

/// An expression; names are slots resolved against the scope when printed.
#[derive(Debug, Clone)]
pub enum Expr {
    Num(String),
    Name(u8),
    Index(u8, Vec<Int>),
    Unary(char, Box<Expr>),
    Binary(&'static str, bool, Box<Expr>, Box<Expr>),
    Call(u8, Vec<Expr>),
    If(Box<[Expr; 3]>),
    Reduce(bool, Int, Int, Box<Expr>),
}

/// A statement.
#[derive(Debug, Clone)]
pub enum Stmt {
    Assign(Expr),
    Bare(Expr),
    /// A definition of this many parameters (1 to 3).
    Def(usize, Expr),
    /// `for i = lo..hi: h[i] = body`, or two loops nested over `H[i, j]`.
    For(Int, Int, bool, Expr),
    Comment,
}

/// A random program: `n = N` maybe, statements, the output expression.
#[derive(Debug, Clone)]
pub struct Program {
    pub n: Option<i64>,
    pub statements: Vec<(Stmt, usize)>,
    pub last: Expr,
}

/// A change to a program's bytes; positions are fractions of its length.
#[derive(Debug, Clone)]
pub enum Mutation {
    Insert(u16, usize),
    Replace(u16, usize),
    Delete(u16, u8),
    Duplicate(u16, u8),
    Truncate(u16),
    Bom,
}

/// Pieces inserted by mutations: syntax, control characters, bytes that
/// are not UTF-8, huge numbers.
pub const PIECES: [&[u8]; 38] = [
    b"(",
    b")",
    b"[",
    b"]",
    b",",
    b";",
    b"\n",
    b"=",
    b"==",
    b"..",
    b"#",
    b"\x1b[2J",
    b"\x1b]0;PWNED\x07",
    b"\0",
    b"\r",
    b"\t",
    "\u{e9}".as_bytes(),
    "\u{202e}".as_bytes(),
    "\u{feff}".as_bytes(),
    b"\xff",
    b"\xc3",
    b"sum(",
    b"if(",
    b"for i = 1..3: ",
    b"1e999",
    b"pi",
    b"x[",
    b"99999999999999999999",
    b"\\",
    b"\"",
    b"'",
    "\u{2202}".as_bytes(),
    b"--",
    b"-",
    b"^",
    b"<",
    b"f(p) = p",
    b"@",
];

/// A program: random or huge, then mutated.
#[derive(Debug, Clone)]
pub struct ProgramSpec {
    pub body: Body,
    pub mutations: Vec<Mutation>,
}

/// Where a program's text comes from.
#[derive(Debug, Clone)]
pub enum Body {
    Random(Program),
    Huge(Huge, usize),
}

/// A program's text and the names it uses.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub text: Vec<u8>,
    /// Scalar inputs, in order of first use.
    pub scalars: Vec<String>,
    /// Input families used (name, number of indices).
    pub families: Vec<(&'static str, usize)>,
    /// Names assigned (outputs `--of` may name).
    pub assigned: Vec<String>,
    /// How many elements each input family should be set with.
    pub family_len: usize,
}

pub fn int() -> impl Strategy<Value = Int> {
    let leaf = prop_oneof![
        18 => (1i64..5).prop_map(Int::Lit),
        9 => any::<u8>().prop_map(Int::Var),
        3 => Just(Int::N),
        1 => select(vec![0, -1i64, 1000, 100_000, 0, -1, 1000, 100_000, 9_007_199_254_740_993, i64::MAX]).prop_map(Int::Lit),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        (select(vec!['+', '-', '*']), inner.clone(), inner)
            .prop_map(|(op, a, b)| Int::Op(op, Box::new(a), Box::new(b)))
    })
}

pub fn expr() -> impl Strategy<Value = Expr> {
    let number = prop_oneof![
        2 => select(NUMBERS.to_vec()).prop_map(String::from),
        1 => (0u32..100).prop_map(|v| v.to_string()),
        1 => (0.0..4.0f64).prop_map(|v| v.to_string()),
    ];
    let leaf = prop_oneof![
        4 => any::<u8>().prop_map(Expr::Name),
        2 => number.prop_map(Expr::Num),
        1 => (any::<u8>(), vec(int(), 1..3)).prop_map(|(f, i)| Expr::Index(f, i)),
    ];
    leaf.prop_recursive(4, 32, 3, |inner| {
        prop_oneof![
            2 => (select(vec!['-', '+']), inner.clone())
                .prop_map(|(c, e)| Expr::Unary(c, Box::new(e))),
            5 => (select(BINARY.to_vec()), any::<bool>(), inner.clone(), inner.clone())
                .prop_map(|(op, p, a, b)| Expr::Binary(op, p, Box::new(a), Box::new(b))),
            4 => (any::<u8>(), vec(inner.clone(), 1..4)).prop_map(|(f, a)| Expr::Call(f, a)),
            1 => (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| Expr::If(Box::new([c, a, b]))),
            1 => (any::<bool>(), int(), int(), inner)
                .prop_map(|(s, lo, hi, b)| Expr::Reduce(s, lo, hi, Box::new(b))),
        ]
    })
}

fn stmt() -> impl Strategy<Value = Stmt> {
    prop_oneof![
        5 => expr().prop_map(Stmt::Assign),
        1 => expr().prop_map(Stmt::Bare),
        2 => (1usize..4, expr()).prop_map(|(n, e)| Stmt::Def(n, e)),
        2 => (int(), int(), any::<bool>(), expr()).prop_map(|(lo, hi, nest, e)| Stmt::For(lo, hi, nest, e)),
        1 => Just(Stmt::Comment),
    ]
}

pub fn program() -> impl Strategy<Value = Program> {
    (
        proptest::option::weighted(0.3, 0i64..6),
        vec((stmt(), 0..SEPARATORS.len()), 0..6),
        expr(),
    )
        .prop_map(|(n, statements, last)| Program {
            n,
            statements,
            last,
        })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<u16>(), 0..PIECES.len()).prop_map(|(at, p)| Mutation::Insert(at, p)),
        2 => (any::<u16>(), 0..PIECES.len()).prop_map(|(at, p)| Mutation::Replace(at, p)),
        2 => (any::<u16>(), 1u8..8).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => (any::<u16>(), 1u8..40).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
        1 => any::<u16>().prop_map(Mutation::Truncate),
        1 => Just(Mutation::Bom),
    ]
}

/// Small random programs, a sixth of them mutated (for `--lines`).
pub fn small_program_spec() -> impl Strategy<Value = ProgramSpec> {
    let mutations = prop_oneof![5 => Just(vec![]), 1 => vec(mutation(), 1..4)];
    (program(), mutations).prop_map(|(p, mutations)| ProgramSpec {
        body: Body::Random(p),
        mutations,
    })
}

/// Programs: mostly random, some huge; a sixth mutated.
pub fn program_spec() -> impl Strategy<Value = ProgramSpec> {
    let body = prop_oneof![
        9 => program().prop_map(Body::Random),
        2 => crate::huge::huge().prop_map(|(kind, n)| Body::Huge(kind, n)),
    ];
    let mutations = prop_oneof![5 => Just(vec![]), 1 => vec(mutation(), 1..4)];
    (body, mutations).prop_map(|(body, mutations)| ProgramSpec { body, mutations })
}

impl ProgramSpec {
    /// The program's text (mutated) and the names its unmutated text uses;
    /// a huge one at most `cap` large.
    pub fn render(&self, cap: usize) -> Rendered {
        let mut rendered = match &self.body {
            Body::Random(program) => program.render(),
            Body::Huge(kind, n) => kind.render((*n).min(cap)),
        };
        for mutation in &self.mutations {
            mutate(&mut rendered.text, mutation);
        }
        rendered
    }
}

fn mutate(text: &mut Vec<u8>, mutation: &Mutation) {
    let at = |frac: u16, len: usize| (usize::from(frac) * len) >> 16;
    match *mutation {
        Mutation::Insert(f, p) => {
            let i = at(f, text.len() + 1);
            drop(text.splice(i..i, PIECES[p].iter().copied()));
        }
        Mutation::Replace(f, p) if !text.is_empty() => {
            let i = at(f, text.len());
            drop(text.splice(i..i + 1, PIECES[p].iter().copied()));
        }
        Mutation::Delete(f, n) => {
            let i = at(f, text.len());
            let end = (i + usize::from(n)).min(text.len());
            text.drain(i..end);
        }
        Mutation::Duplicate(f, n) => {
            let i = at(f, text.len());
            let end = (i + usize::from(n)).min(text.len());
            let copy = text[i..end].to_vec();
            drop(text.splice(end..end, copy));
        }
        Mutation::Truncate(f) => text.truncate(at(f, text.len())),
        Mutation::Bom => drop(text.splice(0..0, "\u{feff}".bytes())),
        Mutation::Replace(..) => {}
    }
}
