//! The one place where a double becomes text.
//!
//! Every number prints in the shortest form that reads back to the same
//! double: the shortest round-trip digits, written plainly (`0.1`, `6`,
//! `123456789`) or in scientific notation (`1e-7`, `6.02e23`) whichever is
//! shorter. Non-finite values print as `nan`, `inf`, `-inf`; JSON writes
//! them as those strings.

use serde::{Serialize, Serializer};

/// `x` in its shortest round-trip form.
pub fn format(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let plain = format!("{x}");
    let scientific = format!("{x:e}");
    if scientific.len() < plain.len() {
        scientific
    } else {
        plain
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
