//! The Taylor remainder test: a second witness for `dgraph check` that
//! needs no step of its own.
//!
//! Along the input's coordinate direction, with the claimed derivative `g`,
//! the remainders `r(±h) = |f(x ± h) − f(x) ∓ h·g|` are
//! `|½f''·h² ± (f' − g)·h + O(h³)|`. When `g` is right they shrink like
//! `h²` (or faster): a slope of 2 on a log-log plot; when it is wrong the
//! first-order term wins as `h` shrinks: a slope of 1. Taking the larger of
//! the two sides keeps a wrong `g` from hiding where `½f''·h` and `f' − g`
//! would cancel on one side.
//!
//! Steps quarter from the sweep's first step, `STEPS` of them at most (two
//! evaluations each), stopping where `x + h` rounds to `x`. The rounding
//! noise is the larger of the one given and the one heard: the remainders
//! at the last two steps, near an ulp of `x`, where nothing but rounding is
//! left (a gradient's rounding, in the Hessian's check, is not known
//! otherwise) — at most 2²⁰ ulps of the quantity, beyond which what is
//! heard is a jump, not rounding. The slope is read between the two smallest steps whose
//! remainders are still 100 times the rounding noise: at least 1.5 is second order, 0.5 to 1.5 first
//! order, anything else unclear. When no remainder rises above the noise at
//! all, no first-order error shows at any step: second order too.
//!
//! Since `r(h) ≥ |f' − g|·h` on the larger side, a second-order remainder
//! also bounds the error it could hide: `|f' − g| ≤ r(h)/h` at the smallest
//! clean step (the noise over the first step when none is clean). An error
//! below that bound is too small for this witness to see.

use super::numeric::{Along, Probe, Row};
use crate::graph::Graph;

/// The most steps.
const STEPS: usize = 24;

/// How much larger than the rounding noise a remainder must be to count.
const ABOVE_NOISE: f64 = 100.0;

/// How many steps a sweep needs before its last two are taken to be
/// rounding alone (they are then 4⁻¹¹ of the first, or less).
const TAIL_AFTER: usize = 12;

/// The most rounding noise heard, in ulps of the quantity (2²⁰).
const HEARD_ULPS: f64 = 1_048_576.0;

/// What the remainder says about a claimed derivative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// It shrinks at second order or faster, or never rises above the
    /// rounding noise: no first-order error shows.
    Second,
    /// It shrinks at first order: the claimed derivative is off.
    First,
    /// Neither: too few clean remainders, or a slope below 0.5.
    Unclear,
}

/// The witness for one claimed derivative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Witness {
    /// The observed slope of `log r` against `log h`, when one was read.
    pub slope: Option<f64>,
    /// What it says.
    pub order: Order,
    /// The largest error in the claimed derivative the remainders leave
    /// possible (infinite unless the order is second).
    pub bound: f64,
}

/// The quantities along one input at quartering steps, for the remainders
/// of any claimed derivative.
pub struct Remainders {
    /// The quantities at the point.
    at_point: Vec<f64>,
    /// `([(x + h) − x, x − (x − h)], quantities at x + h, at x − h)`.
    steps: Vec<([f64; 2], Vec<f64>, Vec<f64>)>,
    /// Evaluations of the graph spent.
    pub evaluations: usize,
}

/// Samples the quantities `read` takes `along` one input, at steps
/// quartering from `start`.
pub fn along(
    graph: &Graph,
    along: Along<'_>,
    start: f64,
    read: impl Fn(&[f64]) -> Vec<f64>,
) -> Remainders {
    let mut probe = Probe::new(graph, along.point, along.position);
    let at_point = read(along.values);
    let x = along.point[along.position];
    let mut steps = Vec::new();
    let mut h = start;
    for _ in 0..STEPS {
        if x + h == x || x - h == x {
            break;
        }
        let Row { up, down, .. } = probe.row(h);
        steps.push(([(x + h) - x, x - (x - h)], read(&up), read(&down)));
        h /= 4.0;
    }
    Remainders {
        at_point,
        steps,
        evaluations: probe.evaluations,
    }
}

impl Remainders {
    /// The witness for `claimed` (known to within `uncertainty`) as the
    /// derivative of quantity `quantity`, whose values carry rounding
    /// `noise`. A remainder counts only when it is 100 times what the
    /// noise and the uncertainty (`uncertainty·h`) could make.
    pub fn witness(
        &self,
        quantity: usize,
        (claimed, uncertainty): (f64, f64),
        noise: f64,
    ) -> Witness {
        let here = self.at_point[quantity];
        let remainders: Vec<Option<f64>> = self
            .steps
            .iter()
            .map(|([h_up, h_down], up, down)| {
                let r = (up[quantity] - here - h_up * claimed)
                    .abs()
                    .max((down[quantity] - here + h_down * claimed).abs());
                r.is_finite().then_some(r)
            })
            .collect();
        // At the last steps, near an ulp of x, what remains is rounding —
        // up to a million ulps of the quantity; more is a jump, not noise.
        let tail = remainders.iter().rev().take(2).flatten();
        let heard = match remainders.len() >= TAIL_AFTER {
            true => tail.fold(0.0, |a: f64, &r| a.max(r)),
            false => 0.0,
        };
        let ulp = f64::EPSILON * here.abs();
        let noise = noise.max(ulp).max(heard.min(HEARD_ULPS * ulp));
        let floors: Vec<f64> = (self.steps.iter())
            .map(|([h, _], _, _)| ABOVE_NOISE * (noise + uncertainty * h))
            .collect();
        let clean = |k: usize| remainders[k].filter(|&r| r > floors[k]);
        let last_pair = (1..remainders.len())
            .rev()
            .find_map(|k| Some((clean(k - 1)?, clean(k)?, k)));
        let Some((wide, narrow, k)) = last_pair else {
            let quiet = remainders.iter().any(Option::is_some)
                && (remainders.iter().zip(&floors)).all(|(r, floor)| r.is_none_or(|r| r <= *floor));
            return match (quiet, self.steps.first()) {
                (true, Some(([h, _], _, _))) => Witness {
                    slope: None,
                    order: Order::Second,
                    bound: floors[0] / h,
                },
                _ => Witness {
                    slope: None,
                    order: Order::Unclear,
                    bound: f64::INFINITY,
                },
            };
        };
        let slope = (wide / narrow).log(4.0);
        let [h_up, h_down] = self.steps[k].0;
        let (order, bound) = if slope >= 1.5 {
            (Order::Second, narrow / h_up.min(h_down))
        } else if slope > 0.5 {
            (Order::First, f64::INFINITY)
        } else {
            (Order::Unclear, f64::INFINITY)
        };
        Witness {
            slope: Some(slope),
            order,
            bound,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{self, Value};

    /// The witness for `claimed` as d/dx of `source` (one input) at `x`.
    fn witness(source: &str, x: f64, claimed: f64) -> Witness {
        let program = graph::build(source).unwrap();
        let Value::Node(out) = program.last.value else {
            panic!("{source}: a constant");
        };
        let read = |values: &[f64]| vec![values[out.index()]];
        let noise = f64::EPSILON * x.abs().max(1.0);
        let values = graph::evaluate(&program.graph, &[x]);
        let at = Along {
            point: &[x],
            values: &values,
            position: 0,
        };
        along(&program.graph, at, 1e-3, read).witness(0, (claimed, 0.0), noise)
    }

    #[test]
    fn a_right_derivative_is_second_order_and_a_wrong_one_first() {
        let right = witness("y = exp(x)", 0.5, 0.5f64.exp());
        assert_eq!(right.order, Order::Second, "{right:?}");
        assert!((right.slope.unwrap() - 2.0).abs() < 0.1, "{right:?}");
        assert!(right.bound < 1e-4, "{right:?}");
        let wrong = witness("y = exp(x)", 0.5, 0.5f64.exp() * 1.001);
        assert_eq!(wrong.order, Order::First, "{wrong:?}");
        assert!((wrong.slope.unwrap() - 1.0).abs() < 0.1, "{wrong:?}");
    }

    #[test]
    fn an_odd_function_at_zero_is_third_order_and_a_line_quiet() {
        let odd = witness("y = sin(x)", 0.0, 1.0);
        assert!((odd.slope.unwrap() - 3.0).abs() < 0.1, "{odd:?}");
        let line = witness("y = 3*x + 1", 0.5, 3.0);
        assert_eq!((line.order, line.slope), (Order::Second, None), "{line:?}");
    }
}
