//! The syntax tree of one statement, stored flat.
//!
//! An [`Expr`] is a vector of [`ExprNode`]s in post-order: every node's
//! operands come before it and the root is last. Walking it is a loop, and
//! dropping it frees one vector, however deep the nesting was.

use std::ops::Range;

/// A byte range in the whole program text.
pub type SourceSpan = Range<usize>;

/// Index of an [`ExprNode`] inside its [`Expr`].
pub type ExprId = u32;

/// One statement: `name = expr`, a bare `expr`, or a definition
/// `name(p1, p2) = expr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement<'s> {
    /// The assigned (or defined) name and where it stands.
    pub target: Option<(&'s str, SourceSpan)>,
    /// For a definition, its parameters and where each stands; the body
    /// (`expr`) names them by [`ExprKind::Param`].
    pub parameters: Option<Vec<(&'s str, SourceSpan)>>,
    /// The indices of an indexed target (`h[i] = ...`), one expression each.
    pub target_indices: Vec<Expr<'s>>,
    /// The `for` loops around the statement, outermost first; their
    /// variables are [`ExprKind::Index`] 0, 1, ... in the statement.
    pub loops: Vec<Loop<'s>>,
    /// The right-hand side.
    pub expr: Expr<'s>,
}

/// `for var = from..to:` before a statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Loop<'s> {
    /// Where the loop's range stands (for errors about it).
    pub span: SourceSpan,
    /// The loop variable.
    pub var: &'s str,
    /// The first value (an integer expression).
    pub from: Expr<'s>,
    /// The last value.
    pub to: Expr<'s>,
}

/// What a reduction combines its terms with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reducer {
    /// `sum(i = a..b, body)`: `+`, 0 for an empty range.
    Sum,
    /// `prod(i = a..b, body)`: `*`, 1 for an empty range.
    Prod,
}

/// An expression in post-order; the root is the last node.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expr<'s> {
    /// Operands before the operations that use them.
    pub nodes: Vec<ExprNode<'s>>,
    /// The arguments of the calls of defined functions ([`ExprKind::Apply`])
    /// and the indices of indexed names: for each, its count, then its node
    /// ids (read with [`Expr::list`]).
    pub arguments: Vec<ExprId>,
    /// The expression's text, as written (for naming constant outputs).
    pub text: &'s str,
}

impl Expr<'_> {
    /// The node ids listed at `at` of [`Expr::arguments`] (a call's
    /// arguments, or an indexed name's indices).
    pub fn list(&self, at: u32) -> &[ExprId] {
        let count = self.arguments[at as usize] as usize;
        &self.arguments[at as usize + 1..][..count]
    }

    /// Lists `ids` in [`Expr::arguments`]; returns where.
    pub fn push_list(arguments: &mut Vec<ExprId>, ids: &[ExprId]) -> u32 {
        let at = arguments.len() as u32;
        arguments.push(ids.len() as ExprId);
        arguments.extend_from_slice(ids);
        at
    }
}

/// One node of an [`Expr`] and the text it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ExprNode<'s> {
    /// What the node is.
    pub kind: ExprKind<'s>,
    /// Where it was written.
    pub span: SourceSpan,
}

/// The kinds of expression node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ExprKind<'s> {
    /// A numeric literal or `pi`, already a double.
    Literal(f64),
    /// A variable or an assigned name.
    Name(&'s str),
    /// `-x` (unary `+` leaves no node).
    Neg(ExprId),
    /// `x + y`, `x ^ y`, ...
    Binary(BinaryOp, ExprId, ExprId),
    /// `f(x)`, `f(x, y)` or `if(c, a, b)`: the first `arity()` arguments are
    /// used, the others are 0.
    Call(Func, [ExprId; 3]),
    /// A call of a function the program defines: its name, and where its
    /// arguments are listed (see [`Expr::list`]).
    Apply(&'s str, u32),
    /// The n-th parameter, inside a definition's body.
    Param(u32),
    /// An indexed name `x[i, j]`: the name, and where its indices are
    /// listed (see [`Expr::list`]).
    Indexed(&'s str, u32),
    /// The value of the loop variable of the n-th enclosing loop (`for`
    /// loops first, then `sum` and `prod`, outermost first).
    Index(u32),
    /// `sum(i = from..to, body)` or `prod(...)`: the bounds' nodes, and
    /// where the body starts; the body's nodes run from there to just
    /// before this node (a subtree is contiguous in post-order), and they
    /// are evaluated once per value of the loop variable.
    Reduce(Reducer, ExprId, ExprId, ExprId),
}

/// How tightly an operator binds, loosest first: a printer parenthesizes an
/// operand whose precedence is below what its place needs. Every parser and
/// printer reads these levels, through [`BinaryOp::precedence`] and
/// [`UNARY`].
pub type Precedence = u8;

/// Comparisons: `<  <=  >  >=  ==  !=`.
pub const COMPARISON: Precedence = 1;
/// `+ -`.
pub const SUM: Precedence = 2;
/// `* /`.
pub const PRODUCT: Precedence = 3;
/// Unary `-` and `+` (prefix operators).
pub const UNARY: Precedence = 4;
/// `^`.
pub const POWER: Precedence = 5;
/// Names, numbers, calls and parenthesized groups.
pub const ATOM: Precedence = 6;

/// How a chain of operators of one level groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// To the left: `a - b - c = (a - b) - c`.
    Left,
    /// To the right: `2^3^2 = 2^(3^2)`.
    Right,
    /// Not at all: `a < b < c` is a syntax error.
    Never,
}

/// The infix operators: the one table of their spelling, precedence and
/// grouping, read by both parsers, the splitter and both printers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `^`
    Pow,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl BinaryOp {
    /// Every infix operator.
    pub const ALL: [BinaryOp; 11] = [
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
        BinaryOp::Pow,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::Eq,
        BinaryOp::Ne,
    ];

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Pow => "^",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
        }
    }

    /// How tightly it binds.
    pub fn precedence(self) -> Precedence {
        match self {
            BinaryOp::Add | BinaryOp::Sub => SUM,
            BinaryOp::Mul | BinaryOp::Div => PRODUCT,
            BinaryOp::Pow => POWER,
            BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge
            | BinaryOp::Eq
            | BinaryOp::Ne => COMPARISON,
        }
    }

    /// How a chain of it groups.
    pub fn grouping(self) -> Grouping {
        match self.precedence() {
            POWER => Grouping::Right,
            COMPARISON => Grouping::Never,
            _ => Grouping::Left,
        }
    }

    /// Whether it compares (gives 1 or 0).
    pub fn is_comparison(self) -> bool {
        self.grouping() == Grouping::Never
    }

    /// The precedence its left and right operands need, written without
    /// parentheses: a chain groups the way [`BinaryOp::grouping`] says.
    pub fn operand_needs(self) -> (Precedence, Precedence) {
        let level = self.precedence();
        match self.grouping() {
            Grouping::Left => (level, level + 1),
            Grouping::Right => (level + 1, level),
            Grouping::Never => (level + 1, level + 1),
        }
    }

    /// The operator spelled at the start of `text`, and its length (the
    /// longest spelling wins: `<=` before `<`).
    pub fn read(text: &[u8]) -> Option<(BinaryOp, usize)> {
        BinaryOp::ALL
            .iter()
            .map(|&op| (op, op.symbol().len()))
            .filter(|&(op, len)| text.get(..len) == Some(op.symbol().as_bytes()))
            .max_by_key(|&(_, len)| len)
    }
}

macro_rules! functions {
    ($($variant:ident $name:literal $arity:literal $($flag:ident)*),* $(,)?) => {
        /// The built-in functions, each with its name and arity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Func {
            $(#[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl Func {
            /// Every function, in the order the language lists them.
            pub const ALL: &'static [Func] = &[$(Func::$variant),*];

            /// The function's name in the language.
            pub fn name(self) -> &'static str {
                match self { $(Func::$variant => $name,)* }
            }

            /// How many operands its graph node takes.
            pub fn arity(self) -> usize {
                match self { $(Func::$variant => $arity,)* }
            }

            /// Whether a call takes any number of arguments, at least one:
            /// `logsumexp(a, b, c)` is built as `logsumexp(logsumexp(a, b),
            /// c)` (the function is associative), and `logsumexp(a)` is `a`.
            pub fn variadic(self) -> bool {
                match self { $(Func::$variant => flag!(variadic; $($flag)*),)* }
            }

            /// Whether the name is reserved: it cannot name a variable.
            /// The first edition's functions are; those added since may
            /// still name a variable where they are not called (`log2 =
            /// log(x)/log(2)`), so that programs written before them keep
            /// their meaning.
            pub fn reserved(self) -> bool {
                match self { $(Func::$variant => flag!(reserved; $($flag)*),)* }
            }

            /// Every built-in function's name, for error messages.
            pub fn names() -> String {
                [$($name),*].join(" ")
            }

            /// Whether a call may pass `given` arguments.
            pub fn accepts(self, given: usize) -> bool {
                if self.variadic() {
                    given >= 1
                } else {
                    given == self.arity()
                }
            }

            /// The function called `name`, if there is one.
            pub fn from_name(name: &str) -> Option<Func> {
                // Every function name is lowercase letters and digits:
                // other names (`n_123`, `X`, the bulk of a large program)
                // are refused before any comparison.
                if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
                    return None;
                }
                match name {
                    $($name => Some(Func::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

/// Whether `$want` is among the flags of a function's entry.
macro_rules! flag {
    ($want:ident;) => {
        false
    };
    ($want:ident; $first:ident $($rest:ident)*) => {
        stringify!($want) == stringify!($first) || flag!($want; $($rest)*)
    };
}

functions! {
    Sin "sin" 1 reserved, Cos "cos" 1 reserved, Tan "tan" 1 reserved,
    Asin "asin" 1 reserved, Acos "acos" 1 reserved, Atan "atan" 1 reserved,
    Sinh "sinh" 1 reserved, Cosh "cosh" 1 reserved, Tanh "tanh" 1 reserved,
    Exp "exp" 1 reserved, Log "log" 1 reserved, Sqrt "sqrt" 1 reserved,
    Abs "abs" 1 reserved, Sigmoid "sigmoid" 1 reserved, Relu "relu" 1 reserved,
    Log1p "log1p" 1, Expm1 "expm1" 1, Log2 "log2" 1, Log10 "log10" 1,
    Exp2 "exp2" 1, Cbrt "cbrt" 1, Erf "erf" 1, Erfc "erfc" 1,
    Softplus "softplus" 1, Asinh "asinh" 1, Acosh "acosh" 1, Atanh "atanh" 1,
    Floor "floor" 1, Ceil "ceil" 1, Round "round" 1, Sign "sign" 1,
    Pow "pow" 2 reserved, Min "min" 2 reserved, Max "max" 2 reserved,
    Atan2 "atan2" 2, Hypot "hypot" 2,
    LogSumExp "logsumexp" 2 variadic,
    If "if" 3,
}

/// The root of the call `func(args)` (`func.accepts(args.len())`), its
/// nodes made by `push`: one node, or for a variadic function a left fold
/// of two-argument nodes (one argument alone is the call's value).
pub fn call<'s>(
    func: Func,
    args: &[ExprId],
    mut push: impl FnMut(ExprKind<'s>) -> ExprId,
) -> ExprId {
    debug_assert!(func.accepts(args.len()));
    if !func.variadic() {
        let mut ids = [0; 3];
        ids[..args.len()].copy_from_slice(args);
        return push(ExprKind::Call(func, ids));
    }
    args[1..].iter().fold(args[0], |folded, &next| {
        push(ExprKind::Call(func, [folded, next, 0]))
    })
}

/// The one built-in constant.
pub const PI_NAME: &str = "pi";

/// Whether `text` is an identifier of the language:
/// `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `name` is reserved (`pi` or a reserved function name, see
/// [`Func::reserved`]): it cannot be assigned or set.
pub fn is_reserved(name: &str) -> bool {
    name == PI_NAME || Func::from_name(name).is_some_and(Func::reserved)
}
