//! The operations and their calculus: the one table of values and local
//! derivatives that every mode uses.
//!
//! `partials(x, y, out, wanted)` returns `[∂out/∂x, ∂out/∂y]` given the
//! operand values `x`, `y` and the node's own value `out`; only the `wanted`
//! slots (the edges) need be computed. Unary operations ignore `y` and return
//! 0 for it. The modes multiply these numbers along edges and never look at
//! which operation produced them. `eval_many` and `partials_many` are the
//! same formulas over many points, for the batch engine.
//!
//! Kinks, documented where they are decided:
//! - `abs` and `relu` have derivative 0 at 0.
//! - `min` and `max` split the derivative equally at a tie (as JAX does).
//! - `x^y` with `y = 0` has ∂/∂x = 0 (the function is constant in x), and
//!   with `x^y = 0` has ∂/∂y = 0 (0^y is flat for y > 0); elsewhere the
//!   textbook formulas apply, so `0^0.5` has an infinite ∂/∂x and `(-8)^y`
//!   gives NaN, as IEEE arithmetic does.
//! - `min`, `max` and `relu` propagate NaN rather than dropping it, and
//!   `min`/`max` order `-0` below `+0` (IEEE 754-2019 `minimum`/`maximum`).

use crate::parse::{BinaryOp, Func};

/// Runs `$body` with `$op` bound to `$self` — as a constant for the
/// common arithmetic operations, so that the loop in `$body` is compiled
/// once per operation and vectorises, and as the runtime value otherwise.
macro_rules! specialise {
    ($self:expr, $op:ident => $body:block) => {
        match $self {
            Op::Neg => {
                let $op = Op::Neg;
                $body
            }
            Op::Binary(BinaryOp::Add) => {
                let $op = Op::Binary(BinaryOp::Add);
                $body
            }
            Op::Binary(BinaryOp::Sub) => {
                let $op = Op::Binary(BinaryOp::Sub);
                $body
            }
            Op::Binary(BinaryOp::Mul) => {
                let $op = Op::Binary(BinaryOp::Mul);
                $body
            }
            Op::Binary(BinaryOp::Div) => {
                let $op = Op::Binary(BinaryOp::Div);
                $body
            }
            Op::Binary(BinaryOp::Pow) => {
                let $op = Op::Binary(BinaryOp::Pow);
                $body
            }
            $op => $body,
        }
    };
}

/// Which operand slots need their local derivative: `[x, y]`.
pub type Wanted = [bool; 2];

/// What a node computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// A variable set by the user.
    Input,
    /// Unary minus.
    Neg,
    /// An infix operator.
    Binary(BinaryOp),
    /// A built-in function.
    Call(Func),
}

impl Op {
    /// How many operand slots the operation uses.
    pub fn arity(self) -> usize {
        match self {
            Op::Input => 0,
            Op::Neg => 1,
            Op::Binary(_) => 2,
            Op::Call(func) => func.arity(),
        }
    }

    /// The value of the operation at `x` (and `y` for two operands).
    /// `Input` has no formula; its value comes from the bindings.
    pub fn eval(self, x: f64, y: f64) -> f64 {
        match self {
            Op::Input => f64::NAN,
            Op::Neg => -x,
            Op::Binary(op) => binary(op, x, y),
            Op::Call(func) => call(func, x, y),
        }
    }

    /// [`Op::eval`] at many points: `out[p] = eval(x[p], y[p])`. The
    /// common operations get a loop of their own, so it vectorises; the
    /// numbers are exactly those of `eval`.
    pub fn eval_many(self, x: &[f64], y: &[f64], out: &mut [f64]) {
        specialise!(self, op => {
            for ((out, &x), &y) in out.iter_mut().zip(x).zip(y) {
                *out = op.eval(x, y);
            }
        });
    }

    /// [`Op::partials`] at many points, like [`Op::eval_many`]: point p's
    /// local derivatives go to `by_x[p]` and `by_y[p]`.
    pub fn partials_many(
        self,
        (x, y, out): (&[f64], &[f64], &[f64]),
        wanted: Wanted,
        (by_x, by_y): (&mut [f64], &mut [f64]),
    ) {
        specialise!(self, op => {
            let points = x.iter().zip(y).zip(out).zip(by_x.iter_mut().zip(by_y.iter_mut()));
            for (((&x, &y), &out), (by_x, by_y)) in points {
                [*by_x, *by_y] = op.partials(x, y, out, wanted);
            }
        });
    }

    /// The local derivatives `[∂out/∂x, ∂out/∂y]` at `x`, `y`, where `out` is
    /// the operation's value there. Only the `wanted` slots (those holding a
    /// node: the edges) are computed; the others may be left 0 — a constant
    /// exponent spares `x^y` its logarithm.
    pub fn partials(self, x: f64, y: f64, out: f64, wanted: Wanted) -> [f64; 2] {
        match self {
            Op::Input => [0.0, 0.0],
            Op::Neg => [-1.0, 0.0],
            Op::Binary(op) => binary_partials(op, x, y, out, wanted),
            Op::Call(func) => call_partials(func, x, y, out, wanted),
        }
    }

    /// For an operation with a kink — `abs` and `relu` at `x = 0`, `min`
    /// and `max` at `x = y` — which side of it `(x, y)` is on: `Less`,
    /// `Equal` (on the switch) or `Greater`. `None` for a smooth operation
    /// or a NaN operand.
    pub fn kink_side(self, x: f64, y: f64) -> Option<std::cmp::Ordering> {
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

fn binary_second_partials(op: BinaryOp, x: f64, y: f64, out: f64) -> [f64; 3] {
    match op {
        BinaryOp::Add | BinaryOp::Sub => [0.0; 3],
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
        y * (y - 1.0) * power(x, y - 2.0)
    };
    let by_xy = power(x, y - 1.0) * (1.0 + y * x.ln());
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

fn binary(op: BinaryOp, x: f64, y: f64) -> f64 {
    match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div => x / y,
        BinaryOp::Pow => power(x, y),
    }
}

fn binary_partials(op: BinaryOp, x: f64, y: f64, out: f64, wanted: Wanted) -> [f64; 2] {
    match op {
        BinaryOp::Add => [1.0, 1.0],
        BinaryOp::Sub => [1.0, -1.0],
        BinaryOp::Mul => [y, x],
        BinaryOp::Div => [1.0 / y, -out / y],
        BinaryOp::Pow => pow_partials(x, y, out, wanted),
    }
}

/// `x^y`, with the two commonest exponents done without `pow`: `x^2` is
/// `x*x` (correctly rounded, where libm's `pow` may be 1 ulp off, and
/// several times faster) and `x^1` is `x` (as `pow` gives it).
fn power(x: f64, y: f64) -> f64 {
    if y == 2.0 {
        x * x
    } else if y == 1.0 {
        x
    } else {
        x.powf(y)
    }
}

/// `∂(x^y)/∂x = y·x^(y-1)` and `∂(x^y)/∂y = x^y·ln x`, with the two flat
/// cases (`y = 0`, `x^y = 0`) set to 0 instead of `0·∞`.
fn pow_partials(x: f64, y: f64, out: f64, [by_x_wanted, by_y_wanted]: Wanted) -> [f64; 2] {
    let by_x = if !by_x_wanted || y == 0.0 {
        0.0
    } else {
        y * power(x, y - 1.0)
    };
    let by_y = if !by_y_wanted || out == 0.0 {
        0.0
    } else {
        out * x.ln()
    };
    [by_x, by_y]
}

fn call(func: Func, x: f64, y: f64) -> f64 {
    match func {
        Func::Sin => x.sin(),
        Func::Cos => x.cos(),
        Func::Tan => x.tan(),
        Func::Asin => x.asin(),
        Func::Acos => x.acos(),
        Func::Atan => x.atan(),
        Func::Sinh => x.sinh(),
        Func::Cosh => x.cosh(),
        Func::Tanh => x.tanh(),
        Func::Exp => x.exp(),
        Func::Log => x.ln(),
        Func::Sqrt => x.sqrt(),
        Func::Abs => x.abs(),
        Func::Sigmoid => 1.0 / (1.0 + (-x).exp()),
        Func::Relu => {
            if x > 0.0 || x.is_nan() {
                x
            } else {
                0.0
            }
        }
        Func::Pow => power(x, y),
        Func::Min => minimum(x, y),
        Func::Max => maximum(x, y),
    }
}

/// IEEE 754-2019 `minimum`: NaN if either operand is NaN; `-0 < +0`.
fn minimum(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x < y || (x == y && x.is_sign_negative()) {
        x
    } else {
        y
    }
}

/// IEEE 754-2019 `maximum`: NaN if either operand is NaN; `+0 > -0`.
fn maximum(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        f64::NAN
    } else if x > y || (x == y && x.is_sign_positive()) {
        x
    } else {
        y
    }
}

fn call_partials(func: Func, x: f64, y: f64, out: f64, wanted: Wanted) -> [f64; 2] {
    let dx = match func {
        Func::Sin => x.cos(),
        Func::Cos => -x.sin(),
        Func::Tan => 1.0 + out * out,
        Func::Asin => 1.0 / (1.0 - x * x).sqrt(),
        Func::Acos => -1.0 / (1.0 - x * x).sqrt(),
        Func::Atan => 1.0 / (1.0 + x * x),
        Func::Sinh => x.cosh(),
        Func::Cosh => x.sinh(),
        Func::Tanh => 1.0 - out * out,
        Func::Exp => out,
        Func::Log => 1.0 / x,
        Func::Sqrt => 0.5 / out,
        Func::Abs => step(x, -1.0, 0.0, 1.0),
        Func::Sigmoid => out * (1.0 - out),
        Func::Relu => step(x, 0.0, 0.0, 1.0),
        Func::Pow => return pow_partials(x, y, out, wanted),
        Func::Min => return split(x, y, x < y),
        Func::Max => return split(x, y, x > y),
    };
    [dx, 0.0]
}

/// `below`, `at` or `above` as `x` is negative, zero or positive; NaN for NaN.
fn step(x: f64, below: f64, at: f64, above: f64) -> f64 {
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

/// `min`/`max` derivatives: all to the chosen operand, half each at a tie.
fn split(x: f64, y: f64, first: bool) -> [f64; 2] {
    if x.is_nan() || y.is_nan() {
        [f64::NAN, f64::NAN]
    } else if x == y {
        [0.5, 0.5]
    } else if first {
        [1.0, 0.0]
    } else {
        [0.0, 1.0]
    }
}
