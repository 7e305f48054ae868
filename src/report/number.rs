//! The one place where a double becomes text.
//!
//! Every number prints in the shortest form that reads back to the same
//! double: the shortest round-trip digits, written plainly (`0.1`, `6`,
//! `123456789`) or in scientific notation (`1e-7`, `6.02e23`) whichever is
//! shorter. Non-finite values print as `nan`, `inf`, `-inf`; JSON writes
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
/// digits are found once (as Rust's `{:e}` finds them) and written plainly
/// or in scientific notation, whichever is shorter (plain on a tie) —
/// without allocating, as `--points` writes millions of numbers.
pub fn push(out: &mut String, x: f64) {
    if x.is_nan() {
        return out.push_str("nan");
    }
    if x.is_infinite() {
        return out.push_str(if x > 0.0 { "inf" } else { "-inf" });
    }
    let mut buffer = Buffer::default();
    write!(buffer, "{x:e}").expect("a double's text fits the buffer");
    let scientific = buffer.as_str();
    let (mantissa, exponent) = scientific
        .split_once('e')
        .expect("the exponential form has an exponent");
    let exponent: i64 = exponent.parse().expect("the exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    // The digits are `first` then `rest`: `d` or `d.ddd` in the mantissa.
    let (first, rest) = (&mantissa[..1], mantissa.get(2..).unwrap_or(""));
    let digits = 1 + rest.len() as i64;
    let plain_len = sign.len() as i64
        + match exponent {
            e if e >= digits - 1 => e + 1,
            e if e >= 0 => digits + 1,
            e => 1 - e + digits,
        };
    if (scientific.len() as i64) < plain_len {
        return out.push_str(scientific);
    }
    out.push_str(sign);
    if exponent < 0 {
        out.push_str("0.");
        (0..-exponent - 1).for_each(|_| out.push('0'));
        out.push_str(first);
        out.push_str(rest);
        return;
    }
    let whole = exponent as usize; // digits of `rest` before the point
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

/// Room for a double in exponential form (at most 24 bytes:
/// `-2.2250738585072014e-308`).
#[derive(Default)]
struct Buffer {
    bytes: [u8; 32],
    len: usize,
}

impl Buffer {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("formatting writes UTF-8")
    }
}

impl std::fmt::Write for Buffer {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        let end = self.len + text.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        room.copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// `x` to two significant digits (`4.4e-16`, `0`), for errors, where the
/// last digits are noise.
pub fn approximate(x: f64) -> String {
    let rounded = format!("{x:.1e}").parse().unwrap_or(x);
    format(rounded)
}

/// A double for JSON: an integer literal when it is a whole number that
/// reads back exactly (`6`), else the shortest float (`0.1`, `1e300`); the
/// strings `"nan"`, `"inf"`, `"-inf"` when it is not finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct JsonNumber(pub f64);

/// Integers up to 2^53 are exact in a double.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        if !x.is_finite() {
            serializer.serialize_str(&format(x))
        } else if x.fract() == 0.0
            && x.abs() <= EXACT_INTEGER
            && !(x == 0.0 && x.is_sign_negative())
        {
            serializer.serialize_i64(x as i64)
        } else {
            serializer.serialize_f64(x)
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
            (-0.0, "-0"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(format(x), text);
        }
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(5000))]
        /// The one-pass form is exactly the shorter of Rust's plain and
        /// exponential forms, for any double.
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
            proptest::prop_assert_eq!(format(x), expected);
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
    fn json_writes_integers_plainly_and_non_finite_as_strings() {
        let json = |x| serde_json::to_string(&JsonNumber(x)).unwrap();
        assert_eq!(json(6.0), "6");
        assert_eq!(json(-0.0), "-0.0");
        assert_eq!(json(0.5), "0.5");
        assert_eq!(json(f64::NAN), "\"nan\"");
        assert_eq!(json(f64::INFINITY), "\"inf\"");
    }
}
