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

    /// On a flat case (`guard` is 0) the derivative is 0, but where the
    /// direction moves the guard off 0 it changes at the formula's rate:
    /// `∂(x^y)/∂x = y·x^(y-1)` is 0 at `y = 0`, and its derivative along
    /// `y` there is `1/x`, the Hessian's mixed entry.
    fn unless_zero(&mut self, guard: Dual, value: impl FnOnce(&mut Self) -> Dual) -> Dual {
        if guard.value != 0.0 {
            return value(self);
        }
        if guard.tangent == 0.0 {
            return self.constant(0.0);
        }
        Dual {
            value: 0.0,
            tangent: value(self).tangent,
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

/// Which of a node's operand slots its derivatives can depend on, whatever
/// the operand values: the table run over [`Shapes`], an algebra that
/// tracks, instead of a number, whether an expression is identically zero
/// and which operand slots it moves with. Sparsity patterns are read off
/// it, so they come from the same calculus as every derivative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Structure {
    /// `carries[k]`: ∂out/∂v_k is not identically 0 (a comparison, `floor`
    /// or an `if`'s condition carries nothing).
    pub carries: Wanted,
    /// `interacts[k][l]`: ∂²out/∂v_k∂v_l is not identically 0 (`x*y`
    /// interacts its two slots, `x + y` none, `sin(x)` slot 0 with itself).
    pub interacts: [Wanted; 3],
}

impl Op {
    /// The structure of the operation's derivatives over the slots that
    /// hold a node (`wanted`; a folded constant never moves).
    pub fn structure(self, wanted: Wanted) -> Structure {
        let moves = |slot: usize| Shape {
            zero: false,
            moves: if wanted[slot] { 1 << slot } else { 0 },
        };
        let all = Shape {
            zero: false,
            moves: (0..3).map(|slot| moves(slot).moves).fold(0, |a, b| a | b),
        };
        let first = partials(
            &mut Shapes,
            self,
            ([moves(0), moves(1), moves(2)], all),
            wanted,
        );
        let carries: Wanted = std::array::from_fn(|k| wanted[k] && !first[k].zero);
        let interacts = std::array::from_fn(|k| {
            std::array::from_fn(|l| carries[k] && wanted[l] && first[k].moves & (1 << l) != 0)
        });
        Structure { carries, interacts }
    }
}

/// An expression's shape: identically zero, or not and moving with the
/// operand slots in the bit set `moves`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    zero: bool,
    moves: u8,
}

/// The algebra of shapes (see [`Structure`]). Kinks, `min`/`max` splits,
/// an `if`'s choice and the flat cases of `x^y` are piecewise constant, so
/// they move with nothing — as their tangent is 0 over [`Duals`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Shapes;

impl Algebra for Shapes {
    type Value = Shape;

    fn constant(&mut self, c: f64) -> Shape {
        Shape {
            zero: c == 0.0,
            moves: 0,
        }
    }

    fn apply(&mut self, op: Op, x: Shape, y: Shape) -> Shape {
        let zero = match op {
            Op::Neg => x.zero,
            Op::Binary(BinaryOp::Add | BinaryOp::Sub) => x.zero && y.zero,
            Op::Binary(BinaryOp::Mul) => x.zero || y.zero,
            Op::Binary(BinaryOp::Div) => x.zero,
            Op::Input | Op::Binary(_) | Op::Call(_) => false,
        };
        let moves = match zero {
            true => 0,
            false => x.moves | y.moves,
        };
        Shape { zero, moves }
    }

    fn step(&mut self, _: Shape, below: f64, at: f64, above: f64) -> Shape {
        self.constant(if below == 0.0 && at == 0.0 {
            above
        } else {
            1.0
        })
    }

    fn split(&mut self, _: Shape, _: Shape, _: Ordering) -> [Shape; 2] {
        [self.constant(1.0), self.constant(1.0)]
    }

    fn unless_zero(&mut self, guard: Shape, value: impl FnOnce(&mut Self) -> Shape) -> Shape {
        match guard.zero {
            true => self.constant(0.0),
            false => value(self),
        }
    }

    fn select(&mut self, _: Shape, a: Shape, b: Shape) -> Shape {
        Shape {
            zero: a.zero && b.zero,
            moves: a.moves | b.moves,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation with every choice of slots holding a node.
    fn every_op() -> Vec<(Op, Wanted)> {
        let ops = [Op::Neg]
            .into_iter()
            .chain(BinaryOp::ALL.map(Op::Binary))
            .chain(Func::ALL.iter().map(|&func| Op::Call(func)));
        ops.flat_map(|op| {
            (1..8u8).filter_map(move |mask| {
                let wanted: Wanted = std::array::from_fn(|slot| mask & (1 << slot) != 0);
                let fits = (op.arity()..3).all(|slot| !wanted[slot]);
                fits.then_some((op, wanted))
            })
        })
        .collect()
    }

    /// Where the structure says a first or second derivative is identically
    /// 0, the numeric table gives 0 at every sample point; and for a smooth
    /// operation, every derivative it calls non-zero is non-zero somewhere.
    #[test]
    fn structure_agrees_with_the_numeric_table() {
        let samples: [f64; 7] = [0.3, 0.7, 1.6, 2.9, -0.4, -1.7, 0.55];
        for (op, wanted) in every_op() {
            let structure = op.structure(wanted);
            let mut seen = Structure {
                carries: [false; 3],
                interacts: [[false; 3]; 3],
            };
            for (p, &x) in samples.iter().enumerate() {
                let y = samples[(p + 2) % samples.len()];
                let z = samples[(p + 5) % samples.len()];
                let operands = [x, y, z].map(|v| {
                    if op == Op::Call(Func::Acosh) {
                        1.0 + v.abs()
                    } else {
                        v
                    }
                });
                let out = op.eval(operands);
                let live = op.live(operands, wanted);
                for l in 0..3 {
                    let tangent: [f64; 3] = std::array::from_fn(|k| f64::from(k == l && wanted[k]));
                    let (first, second) = op.partials_along(operands, out, tangent, live);
                    for k in (0..3).filter(|&k| wanted[k]) {
                        if !structure.carries[k] {
                            assert_eq!(first[k], 0.0, "{op:?} {wanted:?} slot {k}");
                        }
                        if !structure.interacts[k][l] {
                            assert_eq!(second[k], 0.0, "{op:?} {wanted:?} slots {k},{l}");
                        }
                        seen.carries[k] |= first[k] != 0.0;
                        seen.interacts[k][l] |= second[k] != 0.0;
                    }
                }
            }
            if op.kink_side([0.5, 0.25, 1.0]).is_none()
                && op != Op::Binary(BinaryOp::Pow)
                && op != Op::Call(Func::Pow)
            {
                assert_eq!(seen, structure, "{op:?} {wanted:?}");
            }
        }
    }

    #[test]
    fn structure_of_the_common_operations() {
        let both = [true, true, false];
        let none = [[false; 3]; 3];
        assert_eq!(Op::Binary(BinaryOp::Add).structure(both).interacts, none);
        let mul = Op::Binary(BinaryOp::Mul).structure(both).interacts;
        assert_eq!(
            mul,
            [[false, true, false], [true, false, false], [false; 3]]
        );
        let square = Op::Binary(BinaryOp::Pow).structure([true, false, false]);
        assert_eq!(square.interacts[0], [true, false, false]);
        let floor = Op::Call(Func::Floor).structure([true, false, false]);
        assert_eq!(floor.carries, [false; 3]);
        let branch = Op::Call(Func::If).structure([true; 3]);
        assert_eq!(branch.carries, [false, true, true]);
        assert_eq!(branch.interacts, none);
        assert_eq!(
            Op::Call(Func::Abs)
                .structure([true, false, false])
                .interacts,
            none
        );
    }
}
