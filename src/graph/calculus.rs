//! The one table of local derivatives, written once over an [`Algebra`].
//!
//! `partials(x, y, out, wanted)` gives `[∂out/∂x, ∂out/∂y]` from the
//! operand values `x`, `y` and the node's own value `out`. The formulas are
//! written against [`Algebra`], so the same table serves twice: over plain
//! doubles ([`Numbers`]) it is what every numeric mode multiplies along
//! edges; over expression nodes it builds the derivative as a formula
//! (`dgraph diff`). There is no second copy of the calculus. Beside it are
//! the second derivatives (for Hessians) and the side of each kink (for
//! `dgraph check`).
//!
//! Kinks, documented where they are decided:
//! - comparisons have derivative 0 (they are flat but at the switch).
//! - `abs` and `relu` have derivative 0 at 0.
//! - `min` and `max` split the derivative equally at a tie (as JAX does).
//! - `x^y` with `y = 0` has ∂/∂x = 0 (the function is constant in x), and
//!   with `x^y = 0` has ∂/∂y = 0 (0^y is flat for y > 0); elsewhere the
//!   textbook formulas apply, so `0^0.5` has an infinite ∂/∂x and `(-8)^y`
//!   gives NaN, as IEEE arithmetic does.

use std::cmp::Ordering;

use super::op::{Op, Wanted};
use crate::parse::{BinaryOp, Func};

/// The arithmetic the derivative table is written in.
pub trait Algebra {
    /// A number, or an expression for one.
    type Value: Copy;

    /// The constant `c`.
    fn constant(&mut self, c: f64) -> Self::Value;

    /// `op` applied to `x` (and `y`; a unary operation ignores it).
    fn apply(&mut self, op: Op, x: Self::Value, y: Self::Value) -> Self::Value;

    /// `below`, `at` or `above` as `x` is negative, zero or positive; NaN
    /// for NaN. The derivative of `abs` and `relu`.
    fn step(&mut self, x: Self::Value, below: f64, at: f64, above: f64) -> Self::Value;

    /// The derivatives of `min` (`chosen` = `Less`) or `max` (`Greater`):
    /// 1 to the operand chosen, 0 to the other, half each at a tie, NaN if
    /// either is NaN.
    fn split(&mut self, x: Self::Value, y: Self::Value, chosen: Ordering) -> [Self::Value; 2];

    /// 0 where `guard` is 0, else `value`: the flat cases of `x^y`.
    fn unless_zero(
        &mut self,
        guard: Self::Value,
        value: impl FnOnce(&mut Self) -> Self::Value,
    ) -> Self::Value;
}

impl Op {
    /// The local derivatives `[∂out/∂x, ∂out/∂y]` at `x`, `y`, where `out` is
    /// the operation's value there: [`partials`] over [`Numbers`]. Only the
    /// `wanted` slots are computed; the others are 0.
    #[inline]
    pub fn partials(self, x: f64, y: f64, out: f64, wanted: Wanted) -> [f64; 2] {
        partials(&mut Numbers, self, (x, y, out), wanted)
    }

    /// For an operation with a kink — `abs` and `relu` at `x = 0`, `min`
    /// and `max` at `x = y` — which side of it `(x, y)` is on: `Less`,
    /// `Equal` (on the switch) or `Greater`. `None` for a smooth operation
    /// or a NaN operand.
    pub fn kink_side(self, x: f64, y: f64) -> Option<Ordering> {
        match self {
            Op::Call(Func::Abs | Func::Relu) => x.partial_cmp(&0.0),
            Op::Call(Func::Min | Func::Max) => x.partial_cmp(&y),
            _ => None,
        }
    }

    /// The second derivatives `[∂²out/∂x², ∂²out/∂x∂y, ∂²out/∂y²]`, for
    /// Hessians; unary operations leave the last two 0. They follow the first
    /// derivatives' conventions: kinks (`abs`, `relu`, `min`, `max`) are flat,
    /// and `x^y` is flat in y where `x^y = 0`.
    pub fn second_partials(self, x: f64, y: f64, out: f64) -> [f64; 3] {
        match self {
            Op::Input | Op::Neg => [0.0; 3],
            Op::Binary(op) => binary_second_partials(op, x, y, out),
            Op::Call(Func::Pow) => pow_second_partials(x, y, out),
            Op::Call(Func::Min | Func::Max) => [0.0; 3],
            Op::Call(func) => [call_second_partial(func, x, out), 0.0, 0.0],
        }
    }
}

/// The local derivatives of `op` at `(x, y)` with value `out`, in algebra
/// `a`. Only the `wanted` slots (those holding a node: the edges) are
/// computed; the others are 0 — a constant exponent spares `x^y` its
/// logarithm.
#[inline(always)]
pub fn partials<A: Algebra>(
    a: &mut A,
    op: Op,
    (x, y, out): (A::Value, A::Value, A::Value),
    wanted: Wanted,
) -> [A::Value; 2] {
    let zero = a.constant(0.0);
    match op {
        Op::Input => [zero, zero],
        Op::Neg => [a.constant(-1.0), zero],
        Op::Binary(op) => binary(a, op, (x, y, out), wanted),
        Op::Call(Func::Pow) => pow(a, (x, y, out), wanted),
        Op::Call(Func::Min) => a.split(x, y, Ordering::Less),
        Op::Call(Func::Max) => a.split(x, y, Ordering::Greater),
        Op::Call(func) => [call(a, func, (x, out)), zero],
    }
}

#[inline(always)]
fn binary<A: Algebra>(
    a: &mut A,
    op: BinaryOp,
    (x, y, out): (A::Value, A::Value, A::Value),
    wanted: Wanted,
) -> [A::Value; 2] {
    let one = a.constant(1.0);
    match op {
        BinaryOp::Add => [one, one],
        BinaryOp::Sub => [one, a.constant(-1.0)],
        BinaryOp::Mul => [y, x],
        BinaryOp::Div => {
            let by_x = a.apply(Op::Binary(BinaryOp::Div), one, y);
            let minus_out = unary(a, Op::Neg, out);
            [by_x, a.apply(Op::Binary(BinaryOp::Div), minus_out, y)]
        }
        BinaryOp::Pow => pow(a, (x, y, out), wanted),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Eq | BinaryOp::Ne => {
            let zero = a.constant(0.0);
            [zero, zero]
        }
    }
}

/// `∂(x^y)/∂x = y·x^(y-1)` and `∂(x^y)/∂y = x^y·ln x`, with the two flat
/// cases (`y = 0`, `x^y = 0`) set to 0 instead of `0·∞`.
#[inline(always)]
fn pow<A: Algebra>(
    a: &mut A,
    (x, y, out): (A::Value, A::Value, A::Value),
    [by_x_wanted, by_y_wanted]: Wanted,
) -> [A::Value; 2] {
    let zero = a.constant(0.0);
    let by_x = match by_x_wanted {
        false => zero,
        true => a.unless_zero(y, |a| {
            let one = a.constant(1.0);
            let lowered = a.apply(Op::Binary(BinaryOp::Sub), y, one);
            let power = a.apply(Op::Binary(BinaryOp::Pow), x, lowered);
            a.apply(Op::Binary(BinaryOp::Mul), y, power)
        }),
    };
    let by_y = match by_y_wanted {
        false => zero,
        true => a.unless_zero(out, |a| {
            let log = unary(a, Op::Call(Func::Log), x);
            a.apply(Op::Binary(BinaryOp::Mul), out, log)
        }),
    };
    [by_x, by_y]
}

/// The derivative of a one-argument function at `x`, whose value is `out`.
#[inline(always)]
fn call<A: Algebra>(a: &mut A, func: Func, (x, out): (A::Value, A::Value)) -> A::Value {
    let [add, sub, mul, div] =
        [BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div].map(Op::Binary);
    let one = a.constant(1.0);
    match func {
        Func::Sin => unary(a, Op::Call(Func::Cos), x),
        Func::Cos => {
            let sin = unary(a, Op::Call(Func::Sin), x);
            unary(a, Op::Neg, sin)
        }
        Func::Tan => {
            let square = a.apply(mul, out, out);
            a.apply(add, one, square)
        }
        Func::Asin | Func::Acos => {
            let square = a.apply(mul, x, x);
            let rest = a.apply(sub, one, square);
            let root = unary(a, Op::Call(Func::Sqrt), rest);
            let sign = a.constant(if func == Func::Asin { 1.0 } else { -1.0 });
            a.apply(div, sign, root)
        }
        Func::Atan => {
            let square = a.apply(mul, x, x);
            let denominator = a.apply(add, one, square);
            a.apply(div, one, denominator)
        }
        Func::Sinh => unary(a, Op::Call(Func::Cosh), x),
        Func::Cosh => unary(a, Op::Call(Func::Sinh), x),
        Func::Tanh => {
            let square = a.apply(mul, out, out);
            a.apply(sub, one, square)
        }
        Func::Exp => out,
        Func::Log => a.apply(div, one, x),
        Func::Sqrt => {
            let half = a.constant(0.5);
            a.apply(div, half, out)
        }
        Func::Abs => a.step(x, -1.0, 0.0, 1.0),
        Func::Sigmoid => {
            let rest = a.apply(sub, one, out);
            a.apply(mul, out, rest)
        }
        Func::Relu => a.step(x, 0.0, 0.0, 1.0),
        Func::Pow | Func::Min | Func::Max => unreachable!("two-argument functions"),
    }
}

/// A one-operand operation (the second slot is an unused 0).
#[inline(always)]
fn unary<A: Algebra>(a: &mut A, op: Op, x: A::Value) -> A::Value {
    let unused = a.constant(0.0);
    a.apply(op, x, unused)
}

/// The algebra of plain doubles: the table as the numeric modes use it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Numbers;

impl Algebra for Numbers {
    type Value = f64;

    #[inline(always)]
    fn constant(&mut self, c: f64) -> f64 {
        c
    }

    #[inline(always)]
    fn apply(&mut self, op: Op, x: f64, y: f64) -> f64 {
        op.eval(x, y)
    }

    #[inline(always)]
    fn step(&mut self, x: f64, below: f64, at: f64, above: f64) -> f64 {
        if x < 0.0 {
            below
        } else if x > 0.0 {
            above
        } else if x == 0.0 {
            at
        } else {
            f64::NAN
        }
    }

    #[inline(always)]
    fn split(&mut self, x: f64, y: f64, chosen: Ordering) -> [f64; 2] {
        if x.is_nan() || y.is_nan() {
            [f64::NAN, f64::NAN]
        } else if x == y {
            [0.5, 0.5]
        } else if x.partial_cmp(&y) == Some(chosen) {
            [1.0, 0.0]
        } else {
            [0.0, 1.0]
        }
    }

    #[inline(always)]
    fn unless_zero(&mut self, guard: f64, value: impl FnOnce(&mut Self) -> f64) -> f64 {
        if guard == 0.0 {
            0.0
        } else {
            value(self)
        }
    }
}

fn binary_second_partials(op: BinaryOp, x: f64, y: f64, out: f64) -> [f64; 3] {
    match op {
        BinaryOp::Add
        | BinaryOp::Sub
        | BinaryOp::Lt
        | BinaryOp::Le
        | BinaryOp::Gt
        | BinaryOp::Ge
        | BinaryOp::Eq
        | BinaryOp::Ne => [0.0; 3],
        BinaryOp::Mul => [0.0, 1.0, 0.0],
        BinaryOp::Div => [0.0, -1.0 / (y * y), 2.0 * out / (y * y)],
        BinaryOp::Pow => pow_second_partials(x, y, out),
    }
}

/// `∂²(x^y)/∂x² = y(y-1)·x^(y-2)`, `∂²/∂x∂y = x^(y-1)·(1 + y ln x)`,
/// `∂²/∂y² = x^y·(ln x)²`, flat where the first derivatives are.
fn pow_second_partials(x: f64, y: f64, out: f64) -> [f64; 3] {
    let by_xx = if y == 0.0 || y == 1.0 {
        0.0
    } else {
        y * (y - 1.0) * Op::Binary(BinaryOp::Pow).eval(x, y - 2.0)
    };
    let by_xy = Op::Binary(BinaryOp::Pow).eval(x, y - 1.0) * (1.0 + y * x.ln());
    let by_yy = if out == 0.0 {
        0.0
    } else {
        out * x.ln() * x.ln()
    };
    [by_xx, by_xy, by_yy]
}

fn call_second_partial(func: Func, x: f64, out: f64) -> f64 {
    match func {
        Func::Sin => -out,
        Func::Cos => -out,
        Func::Tan => 2.0 * out * (1.0 + out * out),
        Func::Asin => x / (1.0 - x * x).powf(1.5),
        Func::Acos => -x / (1.0 - x * x).powf(1.5),
        Func::Atan => -2.0 * x / ((1.0 + x * x) * (1.0 + x * x)),
        Func::Sinh | Func::Cosh | Func::Exp => out,
        Func::Tanh => -2.0 * out * (1.0 - out * out),
        Func::Log => -1.0 / (x * x),
        Func::Sqrt => -0.25 / (out * out * out),
        Func::Sigmoid => out * (1.0 - out) * (1.0 - 2.0 * out),
        Func::Abs | Func::Relu | Func::Pow | Func::Min | Func::Max => 0.0,
    }
}
