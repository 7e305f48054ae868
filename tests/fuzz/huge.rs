//! Huge and deep programs: nesting at and past the limit, long chains,
//! diamonds whose paths double, wide sums, runaway reductions and loops,
//! long numbers and names, definitions that double at every level.

use proptest::prelude::*;
use proptest::sample::select;

use crate::program::Rendered;

/// A shape of huge program; its size comes with it.
#[derive(Debug, Clone, Copy)]
pub enum Huge {
    Parens,
    Unary,
    Calls,
    PowChain,
    Chain,
    Diamonds,
    Wide,
    NestedSum,
    Loop,
    Digits,
    LongName,
    Comments,
    Doubling,
    BigIndex,
}

const KINDS: [Huge; 14] = [
    Huge::Parens,
    Huge::Unary,
    Huge::Calls,
    Huge::PowChain,
    Huge::Chain,
    Huge::Diamonds,
    Huge::Wide,
    Huge::NestedSum,
    Huge::Loop,
    Huge::Digits,
    Huge::LongName,
    Huge::Comments,
    Huge::Doubling,
    Huge::BigIndex,
];

/// A kind and a size: mostly small, some in the thousands, some at the
/// documented limits (10,000 and 100,000 deep) and just past them.
pub fn huge() -> impl Strategy<Value = (Huge, usize)> {
    let size = prop_oneof![
        3 => 1usize..300,
        2 => 300usize..20_000,
        1 => select(vec![10_000usize, 100_000, 100_001]),
    ];
    (select(KINDS.to_vec()), size)
}

impl Huge {
    /// The program of size `n` and the inputs it uses.
    pub fn render(self, n: usize) -> Rendered {
        let mut scalars = vec!["y".to_string()];
        let mut families = Vec::new();
        let text = match self {
            Huge::Parens => format!("{}y{}", "(".repeat(n), ")".repeat(n)),
            Huge::Unary => format!("{}y", "-".repeat(n)),
            Huge::Calls => format!("{}y{}", "sin(".repeat(n), ")".repeat(n)),
            // Paths mode takes quadratic time on the chain (20,000: 4.7 s):
            // a known finding, kept below it until fixed.
            Huge::PowChain => format!("{}y", "y^".repeat(n.min(10_000))),
            Huge::Chain => chain(n.min(20_000)),
            Huge::Diamonds => diamonds(n % 65),
            Huge::Wide => {
                // Known findings: --stats over 20,000 inputs takes 4.5 s, and
                // --order 2 over 2,000 takes 3 s and 1.1 GB (5,000: > 30 s).
                let n = n.min(1_000);
                scalars = (1..=n).map(|i| format!("w{i}")).collect();
                scalars.join(" + ")
            }
            Huge::NestedSum => format!("sum(i = 1..{n}, sum(j = 1..{n}, y*i + j))"),
            Huge::Loop => {
                // --stats over 100,000 inputs takes 6 s (a known finding).
                let n = n.min(30_000);
                families.push(("x", 1));
                format!("for i = 1..{n}: h[i] = x[i]*y\nout = sum(i = 1..{n}, h[i])")
            }
            Huge::Digits => match n % 3 {
                0 => format!("y + {}", "9".repeat(n)),
                1 => format!("y + 0.{}1", "0".repeat(n)),
                _ => format!("y + 1e{}", "9".repeat(n.min(400))),
            },
            Huge::LongName => {
                scalars = vec!["y".repeat(n)];
                format!("sin({0}) * {0}", scalars[0])
            }
            Huge::Comments => format!("{}y\n", "# comment\n\n;".repeat(n.min(50_000))),
            Huge::Doubling => doubling(n % 40),
            Huge::BigIndex => {
                families.push(("x", 1));
                format!("x[{}] + y", "9".repeat(n.min(40)))
            }
        };
        Rendered {
            text: text.into_bytes(),
            scalars,
            family_len: if matches!(self, Huge::Loop) {
                n.min(30_000)
            } else {
                4
            },
            families,
            assigned: vec![],
        }
    }
}

/// `t1 = sin(y)*y; t2 = sin(t1)*t1; ...`.
fn chain(n: usize) -> String {
    let mut text = String::from("t0 = y\n");
    for i in 1..=n {
        text.push_str(&format!("t{i} = sin(t{0})*t{0} + 0.5\n", i - 1));
    }
    text
}

/// `n` diamonds in a chain: 2^n paths from `y` to the output.
pub fn diamonds(n: usize) -> String {
    let mut text = String::from("d0 = y\n");
    for i in 1..=n {
        let p = i - 1;
        text.push_str(&format!(
            "l{i} = sin(d{p}); r{i} = cos(d{p}); d{i} = l{i}*r{i}\n"
        ));
    }
    text
}

/// Definitions that each call the one before twice: 2^n terms written out.
fn doubling(n: usize) -> String {
    let mut text = String::from("f0(p) = p*p + 1\n");
    for i in 1..=n {
        text.push_str(&format!("f{i}(p) = f{0}(p) + f{0}(p + 1)\n", i - 1));
    }
    text.push_str(&format!("f{n}(y)"));
    text
}
