//! The one place where a double becomes text.
//!
//! Every number prints in the shortest form that reads back to the same
//! double: the shortest round-trip digits, written plainly (`0.1`, `6`,
//! `123456789`) or in scientific notation (`1e-7`, `6.02e23`) whichever is
//! shorter; negative zero is `-0.0` (JSON readers read `-0` as the integer
//! 0). Non-finite values print as `nan`, `inf`, `-inf`; JSON writes
//! them as those strings.

use std::fmt::Write;

use serde::{Serialize, Serializer};

/// `x` in its shortest round-trip form.
pub fn format(x: f64) -> String {
    let mut text = String::with_capacity(24);
    push(&mut text, x);
    text
}

/// Appends `x` in its shortest round-trip form to `out`: the shortest
/// digits are found once (by Ryū, which finds the same digits as Rust's
/// `{:e}`: the shortest that read back, the closest of those) and written
/// plainly or in scientific notation, whichever is shorter (plain on a tie)
/// — without allocating, as `--points` writes millions of numbers.
pub fn push(out: &mut String, x: f64) {
    if x.is_nan() {
        return out.push_str("nan");
    }
    if x.is_infinite() {
        return out.push_str(if x > 0.0 { "inf" } else { "-inf" });
    }
    if x == 0.0 && x.is_sign_negative() {
        // `-0` reads back as the integer 0 in many JSON readers (Python's
        // among them), losing the sign: `-0.0` keeps it everywhere.
        return out.push_str("-0.0");
    }
    let mut buffer = ryu::Buffer::new();
    Shortest::of(buffer.format_finite(x)).write(out);
}

/// A finite double as its shortest digits `d.ddd` times ten to `exponent`.
struct Shortest {
    negative: bool,
    /// ASCII digits, the first nonzero (unless the number is zero), no
    /// trailing zeros; a double needs at most 17.
    digits: [u8; 24],
    len: usize,
    exponent: i32,
}

impl Shortest {
    /// Reads Ryū's text (`-1.5e-7`, `0.001`, `123.0`) into digits and an
    /// exponent.
    fn of(text: &str) -> Shortest {
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let bytes = text.as_bytes();
        let (mantissa, exponent) = match bytes.iter().position(|&b| b == b'e') {
            Some(at) => (&bytes[..at], text[at + 1..].parse().unwrap_or(0)),
            None => (bytes, 0),
        };
        let whole_len = mantissa
            .iter()
            .position(|&b| b == b'.')
            .unwrap_or(mantissa.len()) as i32;
        let mut shortest = Shortest {
            negative,
            digits: [b'0'; 24],
            len: 0,
            exponent: 0,
        };
        let mut leading_zeros = 0;
        for &digit in mantissa.iter().filter(|&&b| b != b'.') {
            if shortest.len == 0 && digit == b'0' {
                leading_zeros += 1;
            } else if shortest.len < shortest.digits.len() {
                shortest.digits[shortest.len] = digit;
                shortest.len += 1;
            }
        }
        while shortest.len > 0 && shortest.digits[shortest.len - 1] == b'0' {
            shortest.len -= 1;
        }
        if shortest.len == 0 {
            shortest.len = 1; // zero: the digit `0`, exponent 0
        } else {
            shortest.exponent = whole_len + exponent - leading_zeros - 1;
        }
        shortest
    }

    /// Writes the shorter of the plain and scientific forms.
    fn write(&self, out: &mut String) {
        let (first, rest) = self.digits[..self.len].split_at(1);
        let (first, rest) = (as_text(first), as_text(rest));
        let sign = if self.negative { "-" } else { "" };
        let digits = self.len as i32;
        let exponent_len = self.exponent.unsigned_abs().checked_ilog10().unwrap_or(0) as i32
            + 1
            + i32::from(self.exponent < 0);
        let scientific_len = digits + i32::from(digits > 1) + 1 + exponent_len;
        let plain_len = match self.exponent {
            e if e >= digits - 1 => e + 1,
            e if e >= 0 => digits + 1,
            e => 1 - e + digits,
        };
        out.push_str(sign);
        if scientific_len < plain_len {
            out.push_str(first);
            if !rest.is_empty() {
                out.push('.');
                out.push_str(rest);
            }
            write!(out, "e{}", self.exponent).expect("writing to a string cannot fail");
        } else if self.exponent < 0 {
            out.push_str("0.");
            (0..-self.exponent - 1).for_each(|_| out.push('0'));
            out.push_str(first);
            out.push_str(rest);
        } else {
            let whole = self.exponent as usize; // digits of `rest` before the point
            out.push_str(first);
            if whole >= rest.len() {
                out.push_str(rest);
                (0..whole - rest.len()).for_each(|_| out.push('0'));
            } else {
                out.push_str(&rest[..whole]);
                out.push('.');
                out.push_str(&rest[whole..]);
            }
        }
    }
}

fn as_text(digits: &[u8]) -> &str {
    std::str::from_utf8(digits).expect("ASCII digits")
}

/// `x` to two significant digits (`4.4e-16`, `0`), for errors, where the
/// last digits are noise.
pub fn approximate(x: f64) -> String {
    format(round(x, 2))
}

/// `x` rounded to `digits` significant digits (at least one), as a double.
fn round(x: f64, digits: u8) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let places = usize::from(digits.max(1) - 1);
    format!("{x:.places$e}").parse().unwrap_or(x)
}

/// How many significant digits the numbers a person reads keep
/// (`--digits N`): tables, drawings and `--explain`. `Digits::ALL` keeps
/// every digit: the shortest round-trip form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Digits(Option<u8>);

impl Digits {
    /// Every digit (the default).
    pub const ALL: Digits = Digits(None);
    /// The most digits worth asking for: 17 tell every double apart.
    pub const MAX: u8 = 17;

    /// `n` significant digits (clamped to `1..=MAX`).
    pub fn significant(n: u8) -> Digits {
        Digits(Some(n.clamp(1, Self::MAX)))
    }

    /// `x` rounded to these digits and printed in the shortest form that
    /// reads back to the rounded double (`0.06347`, `5.458e-6`, `6`).
    pub fn format(self, x: f64) -> String {
        match self.0 {
            None => format(x),
            Some(digits) => format(round(x, digits)),
        }
    }
}

/// A double for JSON: a number when it is finite, the strings `"nan"`,
/// `"inf"`, `"-inf"` when not. dgraph's JSON writer prints the number as
/// [`format()`] does, so JSON and CSV spell every number alike (`6`, `-0.0`,
/// `1.5e-4`, `1e300`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JsonNumber(pub f64);

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.is_finite() {
            true => serializer.serialize_f64(self.0),
            false => serializer.serialize_str(&format(self.0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_the_shortest_round_trip_form() {
        for (x, text) in [
            (6.0, "6"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e-7, "1e-7"),
            (6.02e23, "6.02e23"),
            (123456789.0, "123456789"),
            (1e300, "1e300"),
            (-0.0, "-0.0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(format(x), text);
        }
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(20_000))]
        /// The one-pass form is the shorter of Rust's plain and exponential
        /// forms, for any double — up to the last digit when the double
        /// lies exactly halfway between two shortest candidates (Ryū
        /// rounds that tie to even, Rust up: `757576388012516.2` vs `.3`,
        /// both read back to the double).
        #[test]
        fn matches_the_shorter_of_both_forms(
            x in proptest::prop_oneof![
                proptest::prelude::any::<u64>().prop_map(f64::from_bits),
                -1e7..1e7f64,
                -1e-3..1e-3f64,
                proptest::prelude::any::<i32>().prop_map(f64::from),
                (0..40u32, 0..1000u32).prop_map(|(e, m)| f64::from(m) * 10f64.powi(e as i32 - 20)),
            ]
        ) {
            let (plain, scientific) = (format!("{x}"), format!("{x:e}"));
            let expected = if !x.is_finite() {
                format!("{x}").to_lowercase()
            } else if scientific.len() < plain.len() {
                scientific
            } else {
                plain
            };
            let ours = format(x);
            if ours != expected {
                let last = ours.len().saturating_sub(1);
                proptest::prop_assert_eq!(&ours[..last], &expected[..last.min(expected.len())]);
                proptest::prop_assert_eq!(ours.len(), expected.len());
                proptest::prop_assert_eq!(ours.parse::<f64>().map(f64::to_bits), Ok(x.to_bits()));
            }
        }
    }

    #[test]
    fn reads_back_bit_for_bit() {
        for x in [
            0.1 + 0.2,
            1.0 / 3.0,
            f64::MIN_POSITIVE,
            f64::MAX,
            5e-324,
            -1234.5678e-200,
        ] {
            assert_eq!(format(x).parse::<f64>().unwrap().to_bits(), x.to_bits());
            let json = serde_json::to_string(&JsonNumber(x)).unwrap();
            assert_eq!(json.parse::<f64>().unwrap().to_bits(), x.to_bits());
        }
    }

    #[test]
    fn digits_round_to_significant_figures() {
        let four = Digits::significant(4);
        for (x, text) in [
            (0.06347395899824584, "0.06347"),
            (5.45816481005712e-6, "5.458e-6"),
            (6.0, "6"),
            (-0.1904218769947375, "-0.1904"),
            (123456789.0, "1.235e8"),
            (f64::NAN, "nan"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(four.format(x), text);
        }
        assert_eq!(Digits::ALL.format(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(Digits::significant(0).format(0.26), "0.3");
    }
}
