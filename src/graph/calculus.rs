//! The one table of local derivatives, written once over an [`Algebra`].
//!
//! `partials(operands, out, wanted)` gives `[∂out/∂x, ∂out/∂y, ∂out/∂z]`
//! from the operand values and the node's own value `out`. The formulas are
//! written against [`Algebra`], so the same table serves three times: over
//! plain doubles ([`Numbers`]) it is what every numeric mode multiplies
//! along edges; over dual numbers ([`Duals`]) it differentiates itself, which
//! gives the second derivatives Hessians need; over expression nodes it
//! builds the derivative as a formula (`dgraph diff`). There is no second
//! copy of the calculus. Beside it is the side of each kink (for `dgraph
//! check`).
//!
//! Kinks, documented where they are decided:
//! - comparisons, `floor`, `ceil`, `round` and `sign` have derivative 0:
//!   they are flat between their jumps, and 0 is also taken at a jump.
//! - `hypot` has derivative 0 at the origin (like `abs` at 0).
//! - `abs` and `relu` have derivative 0 at 0.
//! - `min` and `max` split the derivative equally at a tie (as JAX does).
//! - `x^y` with `y = 0` has ∂/∂x = 0 (the function is constant in x), and
//!   with `x^y = 0` has ∂/∂y = 0 (0^y is flat for y > 0); elsewhere the
//!   textbook formulas apply, so `0^0.5` has an infinite ∂/∂x and `(-8)^y`
//!   gives NaN, as IEEE arithmetic does.

use std::cmp::Ordering;
use std::f64::consts::{FRAC_2_SQRT_PI, LN_10, LN_2};

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

    /// `if(c, a, b)`: `a` where `c` is non-zero, `b` where it is zero.
    fn select(&mut self, c: Self::Value, a: Self::Value, b: Self::Value) -> Self::Value;
}

impl Op {
    /// The local derivatives `[∂out/∂x, ∂out/∂y, ∂out/∂z]` at `operands`,
    /// where `out` is the operation's value there: [`partials`] over
    /// [`Numbers`]. Only the `wanted` slots are computed; the others are 0.
    #[inline]
    pub fn partials(self, operands: [f64; 3], out: f64, wanted: Wanted) -> [f64; 3] {
        partials(&mut Numbers, self, (operands, out), wanted)
    }

    /// The local derivatives at `operands` (as [`Op::partials`]) and how
    /// they change as the operands move along `tangent`:
    /// `[Σ_l ∂²out/∂v_k∂v_l · tangent_l]` for each slot k — the table run
    /// over dual numbers, so second derivatives come from the first. Slots
    /// that do not move (`tangent_l = 0`) contribute nothing, even where a
    /// second derivative is infinite. Only the `wanted` slots are computed.
    pub fn partials_along(
        self,
        operands: [f64; 3],
        out: f64,
        tangent: [f64; 3],
        wanted: Wanted,
    ) -> ([f64; 3], [f64; 3]) {
        let first = self.partials(operands, out, wanted);
        let mut out_tangent = 0.0;
        for slot in 0..3 {
            out_tangent += along(first[slot], tangent[slot]);
        }
        let dual = |slot: usize| Dual {
            value: operands[slot],
            tangent: tangent[slot],
        };
        let out = Dual {
            value: out,
            tangent: out_tangent,
        };
        let second = partials(&mut Duals, self, ([dual(0), dual(1), dual(2)], out), wanted);
        (first, second.map(|d| d.tangent))
    }

    /// For an operation with a kink or a jump — `abs` and `relu` at
    /// `x = 0`, `min`, `max` and the comparisons at `x = y`, `if` where its
    /// condition turns — which side of it the operands `[x, y, c]` are on:
    /// `Less`, `Equal` (on the switch) or `Greater`. `None` for a smooth
    /// operation or a NaN operand.
    pub fn kink_side(self, [x, y, _]: [f64; 3]) -> Option<Ordering> {
        match self {
            Op::Call(Func::Abs | Func::Relu) => x.partial_cmp(&0.0),
            Op::Call(Func::Min | Func::Max) => x.partial_cmp(&y),
            Op::Binary(op) if op.is_comparison() => x.partial_cmp(&y),
            Op::Call(Func::If) if x.is_nan() => None,
            Op::Call(Func::If) if x == 0.0 => Some(Ordering::Less),
            Op::Call(Func::If) => Some(Ordering::Greater),
            Op::Input | Op::Neg | Op::Binary(_) | Op::Call(_) => None,
        }
    }
}

/// The local derivatives of `op` at `operands` with value `out`, in algebra
/// `a`. Only the `wanted` slots (those holding a node: the edges) are
/// computed; the others are 0 — a constant exponent spares `x^y` its
/// logarithm.
#[inline(always)]
pub fn partials<A: Algebra>(
    a: &mut A,
    op: Op,
    ([x, y, _], out): ([A::Value; 3], A::Value),
    wanted: Wanted,
) -> [A::Value; 3] {
    let zero = a.constant(0.0);
    let [by_x, by_y] = match op {
        Op::Input => [zero, zero],
        Op::Neg => [a.constant(-1.0), zero],
        Op::Binary(op) => binary(a, op, (x, y, out), wanted),
        Op::Call(Func::Pow) => pow(a, (x, y, out), wanted),
        Op::Call(Func::Min) => a.split(x, y, Ordering::Less),
        Op::Call(Func::Max) => a.split(x, y, Ordering::Greater),
        Op::Call(Func::Atan2) => atan2(a, x, y),
        Op::Call(Func::Hypot) => {
            let by_x = a.unless_zero(out, |a| a.apply(Op::Binary(BinaryOp::Div), x, out));
            let by_y = a.unless_zero(out, |a| a.apply(Op::Binary(BinaryOp::Div), y, out));
            [by_x, by_y]
        }
        // The softmax of the two: `e^x/(e^x + e^y) = sigmoid(x - y)`, exact
        // where `exp(x - out)` would inherit `out`'s rounding.
        Op::Call(Func::LogSumExp) => [(x, y), (y, x)].map(|(v, w)| {
            let gap = a.apply(Op::Binary(BinaryOp::Sub), v, w);
            unary(a, Op::Call(Func::Sigmoid), gap)
        }),
        Op::Call(Func::If) => return branches(a, x),
        Op::Call(func) => [call(a, func, (x, out)), zero],
    };
    [by_x, by_y, zero]
}

/// `∂atan2(y, x)/∂y = x/(x² + y²)` and `∂/∂x = −y/(x² + y²)`, written with
/// `h = hypot(y, x)` as `(x/h)/h` so that the squares cannot overflow.
#[inline(always)]
fn atan2<A: Algebra>(a: &mut A, y: A::Value, x: A::Value) -> [A::Value; 2] {
    let div = Op::Binary(BinaryOp::Div);
    let h = a.apply(Op::Call(Func::Hypot), y, x);
    let x_over = a.apply(div, x, h);
    let by_y = a.apply(div, x_over, h);
    let minus_y = unary(a, Op::Neg, y);
    let y_over = a.apply(div, minus_y, h);
    let by_x = a.apply(div, y_over, h);
    [by_y, by_x]
}

/// The derivatives of `if(c, a, b)`: none by the condition, 1 or 0 by each
/// branch as `c` chooses (and [`Op::live`] keeps the branch not taken out of
/// every sweep, so its 0 is never multiplied by an infinity).
#[inline(always)]
fn branches<A: Algebra>(a: &mut A, c: A::Value) -> [A::Value; 3] {
    let (zero, one) = (a.constant(0.0), a.constant(1.0));
    let then = a.select(c, one, zero);
    let otherwise = a.select(c, zero, one);
    [zero, then, otherwise]
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
    [by_x_wanted, by_y_wanted, _]: Wanted,
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
        Func::Log1p => {
            let shifted = a.apply(add, one, x);
            a.apply(div, one, shifted)
        }
        Func::Expm1 => unary(a, Op::Call(Func::Exp), x),
        Func::Log2 | Func::Log10 => {
            let base = if func == Func::Log2 { LN_2 } else { LN_10 };
            let scale = a.constant(1.0 / base);
            a.apply(div, scale, x)
        }
        Func::Exp2 => {
            let ln2 = a.constant(LN_2);
            a.apply(mul, out, ln2)
        }
        // 1/(3 out²) rather than out/(3x): infinite, not NaN, at 0.
        Func::Cbrt => {
            let square = a.apply(mul, out, out);
            let third = a.constant(1.0 / 3.0);
            a.apply(div, third, square)
        }
        Func::Erf | Func::Erfc => {
            let square = a.apply(mul, x, x);
            let minus = unary(a, Op::Neg, square);
            let gauss = unary(a, Op::Call(Func::Exp), minus);
            let sign = if func == Func::Erf { 1.0 } else { -1.0 };
            let scale = a.constant(sign * FRAC_2_SQRT_PI);
            a.apply(mul, scale, gauss)
        }
        Func::Softplus => unary(a, Op::Call(Func::Sigmoid), x),
        // 1/hypot(x, 1): no overflow of x² for large x.
        Func::Asinh => {
            let h = a.apply(Op::Call(Func::Hypot), x, one);
            a.apply(div, one, h)
        }
        // 1/(sqrt(x-1)·sqrt(x+1)): no overflow of x², and exact near 1.
        Func::Acosh => {
            let below = a.apply(sub, x, one);
            let above = a.apply(add, x, one);
            let below = unary(a, Op::Call(Func::Sqrt), below);
            let above = unary(a, Op::Call(Func::Sqrt), above);
            let product = a.apply(mul, below, above);
            a.apply(div, one, product)
        }
        Func::Atanh => {
            let square = a.apply(mul, x, x);
            let rest = a.apply(sub, one, square);
            a.apply(div, one, rest)
        }
        // Flat between their jumps; 0 at the jumps too (documented).
        Func::Floor | Func::Ceil | Func::Round | Func::Sign => a.constant(0.0),
        Func::Pow
        | Func::Min
        | Func::Max
        | Func::Atan2
        | Func::Hypot
        | Func::LogSumExp
        | Func::If => {
            unreachable!("functions of several arguments are taken by `partials`")
        }
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
        op.eval([x, y, 0.0])
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

    #[inline(always)]
    fn select(&mut self, c: f64, a: f64, b: f64) -> f64 {
        Op::Call(Func::If).eval([c, a, b])
    }
}

/// `h · t`, where a direction that does not move (`t = 0`) contributes
/// nothing even when `h` is infinite — as a forward sweep skips the edges
/// its input does not reach.
#[inline]
pub fn along(h: f64, t: f64) -> f64 {
    if t == 0.0 {
        0.0
    } else {
        h * t
    }
}

/// A number and its derivative along one direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual {
    /// The number.
    pub value: f64,
    /// Its derivative.
    pub tangent: f64,
}

/// The algebra of dual numbers: the table run over it differentiates the
/// table (forward mode over the first derivatives), which is how
/// [`Op::partials_along`] gets second derivatives. Kinks and the flat cases
/// of `x^y` are piecewise constant, so their tangent is 0.
#[derive(Debug, Clone, Copy, Default)]
pub struct Duals;

impl Algebra for Duals {
    type Value = Dual;

    fn constant(&mut self, c: f64) -> Dual {
        Dual {
            value: c,
            tangent: 0.0,
        }
    }

    fn apply(&mut self, op: Op, x: Dual, y: Dual) -> Dual {
        let operands = [x.value, y.value, 0.0];
        let value = op.eval(operands);
        let moving = [x.tangent != 0.0, y.tangent != 0.0, false];
        let [by_x, by_y, _] = op.partials(operands, value, moving);
        Dual {
            value,
            tangent: along(by_x, x.tangent) + along(by_y, y.tangent),
        }
    }

    fn step(&mut self, x: Dual, below: f64, at: f64, above: f64) -> Dual {
        let value = Numbers.step(x.value, below, at, above);
        self.constant(value)
    }

    fn split(&mut self, x: Dual, y: Dual, chosen: Ordering) -> [Dual; 2] {
        Numbers
            .split(x.value, y.value, chosen)
            .map(|value| self.constant(value))
    }

    fn unless_zero(&mut self, guard: Dual, value: impl FnOnce(&mut Self) -> Dual) -> Dual {
        if guard.value == 0.0 {
            self.constant(0.0)
        } else {
            value(self)
        }
    }

    fn select(&mut self, c: Dual, a: Dual, b: Dual) -> Dual {
        let tangent = Numbers.select(c.value, a.tangent, b.tangent);
        Dual {
            value: Numbers.select(c.value, a.value, b.value),
            tangent,
        }
    }
}
