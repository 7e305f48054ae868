//! The operations: what each computes, at one point ([`Op::eval`]) or at
//! many ([`Op::eval_many`]). Their derivatives — the one table every mode
//! uses — are in `calculus.rs`; `partials_many` applies it over many points
//! for the batch engine.
//!
//! Values at the edges, decided here:
//! - `x^2` is `x*x` and `x^1` is `x` (see `power`).
//! - comparisons give 1 or 0, as IEEE compares (`NaN != NaN` is 1).
//! - `round` rounds half away from zero (`round(2.5) = 3`, `round(-0.5) =
//!   -1`); `sign` is −1, 0 or 1 (0 for both zeros).
//! - `erf`, `erfc`, `asinh`, `acosh` and `atanh` are musl's (the `libm`
//!   crate: Rust's own `acosh` and `atanh` lose digits near ±1); the other
//!   functions are Rust's standard library's.
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

/// Which operand slots need their local derivative: `[x, y, z]`.
pub type Wanted = [bool; 3];

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

    /// The value of the operation at its operands `[x, y, z]` (those past
    /// its arity are ignored). `Input` has no formula; its value comes from
    /// the bindings.
    #[inline]
    pub fn eval(self, [x, y, z]: [f64; 3]) -> f64 {
        match self {
            Op::Input => f64::NAN,
            Op::Neg => -x,
            Op::Binary(op) => binary(op, x, y),
            Op::Call(func) => call(func, [x, y, z]),
        }
    }

    /// Which of the `wanted` slots carry a derivative at operands
    /// `[x, y, z]`: all of them, except for `if(c, a, b)`, whose condition
    /// never does and whose branch not taken does not either — so the
    /// branch not taken contributes exactly 0 to every derivative, even
    /// where its own value or derivative is NaN or infinite. A NaN
    /// condition gives a NaN value, and both branches carry a NaN
    /// derivative.
    #[inline]
    pub fn live(self, [c, _, _]: [f64; 3], wanted: Wanted) -> Wanted {
        match self {
            Op::Call(Func::If) => {
                let [_, then, otherwise] = wanted;
                if c.is_nan() {
                    [false, then, otherwise]
                } else if c != 0.0 {
                    [false, then, false]
                } else {
                    [false, false, otherwise]
                }
            }
            Op::Input | Op::Neg | Op::Binary(_) | Op::Call(_) => wanted,
        }
    }

    /// [`Op::eval`] at many points, for an operation of at most two
    /// operands (not `if`): `out[p] = eval([x[p], y[p], 0])`. The common
    /// operations get a loop of their own, so it vectorises; the numbers are
    /// exactly those of `eval`.
    pub fn eval_many(self, [x, y]: [&[f64]; 2], out: &mut [f64]) {
        debug_assert!(self.arity() <= 2, "eval_many takes no if");
        specialise!(self, op => {
            for ((out, &x), &y) in out.iter_mut().zip(x).zip(y) {
                *out = op.eval([x, y, 0.0]);
            }
        });
    }

    /// [`Op::partials`] at many points, like [`Op::eval_many`]: point p's
    /// local derivatives go to `by[slot][p]`. Every `wanted` slot is wanted
    /// at every point (an `if`, whose live slots change from point to
    /// point, is not taken here).
    pub fn partials_many(
        self,
        ([x, y], out): ([&[f64]; 2], &[f64]),
        [x_wanted, y_wanted]: [bool; 2],
        [by_x, by_y]: [&mut [f64]; 2],
    ) {
        debug_assert!(self.arity() <= 2, "partials_many takes no if");
        let wanted = [x_wanted, y_wanted, false];
        specialise!(self, op => {
            let points = x.iter().zip(y).zip(out).zip(by_x.iter_mut().zip(by_y.iter_mut()));
            for (((&x, &y), &out), (by_x, by_y)) in points {
                [*by_x, *by_y, _] = op.partials([x, y, 0.0], out, wanted);
            }
        });
    }
}

/// `if(c, a, b)`: `a` where `c` is non-zero, `b` where it is zero, NaN
/// where it is NaN.
#[inline]
fn select(c: f64, a: f64, b: f64) -> f64 {
    if c.is_nan() {
        f64::NAN
    } else if c != 0.0 {
        a
    } else {
        b
    }
}

fn binary(op: BinaryOp, x: f64, y: f64) -> f64 {
    match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => x * y,
        BinaryOp::Div => x / y,
        BinaryOp::Pow => power(x, y),
        BinaryOp::Lt => truth(x < y),
        BinaryOp::Le => truth(x <= y),
        BinaryOp::Gt => truth(x > y),
        BinaryOp::Ge => truth(x >= y),
        BinaryOp::Eq => truth(x == y),
        BinaryOp::Ne => truth(x != y),
    }
}

/// A comparison's value: 1 for true, 0 for false (IEEE comparisons: NaN
/// is unequal to everything, itself included, and neither less nor more).
fn truth(holds: bool) -> f64 {
    if holds {
        1.0
    } else {
        0.0
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

fn call(func: Func, [x, y, z]: [f64; 3]) -> f64 {
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
        Func::Log1p => x.ln_1p(),
        Func::Expm1 => x.exp_m1(),
        Func::Log2 => x.log2(),
        Func::Log10 => x.log10(),
        Func::Exp2 => x.exp2(),
        Func::Cbrt => x.cbrt(),
        Func::Erf => libm::erf(x),
        Func::Erfc => libm::erfc(x),
        Func::Softplus => softplus(x),
        Func::Asinh => libm::asinh(x),
        Func::Acosh => libm::acosh(x),
        Func::Atanh => libm::atanh(x),
        Func::Floor => x.floor(),
        Func::Ceil => x.ceil(),
        Func::Round => x.round(),
        Func::Sign => sign(x),
        Func::Pow => power(x, y),
        Func::Min => minimum(x, y),
        Func::Max => maximum(x, y),
        Func::Atan2 => x.atan2(y),
        Func::Hypot => x.hypot(y),
        Func::LogSumExp => log_sum_exp(x, y),
        Func::If => select(x, y, z),
    }
}

/// `log(1 + exp(x))` without overflow: `x + log1p(exp(-x))` for positive
/// `x` (which is `x` itself once `exp(-x)` is below half an ulp).
fn softplus(x: f64) -> f64 {
    if x > 0.0 {
        x + (-x).exp().ln_1p()
    } else {
        x.exp().ln_1p()
    }
}

/// −1, 0 or 1 as `x` is negative, zero (either sign) or positive; NaN for
/// NaN.
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        f64::NAN
    }
}

/// `log(exp(x) + exp(y))`, stably: the larger plus `log1p` of the smaller's
/// exponential relative to it. Two infinities of one sign give that
/// infinity; NaN gives NaN.
fn log_sum_exp(x: f64, y: f64) -> f64 {
    let larger = maximum(x, y);
    if larger.is_infinite() {
        return larger;
    }
    larger + (-(x - y).abs()).exp().ln_1p()
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
