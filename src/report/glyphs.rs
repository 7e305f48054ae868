//! How wide a line of text is drawn, without a font at hand: each
//! character's advance width in Helvetica (Arial and Liberation Sans share
//! its metrics), widened by a margin for the sans-serif fonts a viewer
//! falls back to (DejaVu Sans runs up to about 15% wider). A box sized by
//! this holds its text whatever the letters: `W` and `m` take four times
//! the room of `i` and `l`, which one average width cannot say.

/// How much wider than Helvetica a fallback font may draw.
const FALLBACK_MARGIN: f64 = 1.15;

/// The width of `text` set in a font of `size` pixels, in pixels.
pub fn width(text: &str, size: f64) -> f64 {
    let ems: f64 = text.chars().map(advance).sum();
    ems * size * FALLBACK_MARGIN
}

/// A character's advance width in Helvetica, in ems.
fn advance(c: char) -> f64 {
    let thousandths = match c {
        'i' | 'j' | 'l' | '\'' | '|' => 260,
        ' ' | '!' | ',' | '.' | '/' | ':' | ';' | 'I' | '[' | '\\' | ']' | 'f' | 't' => 278,
        '(' | ')' | '-' | '`' | 'r' | '{' | '}' => 334,
        '"' | '*' | '^' => 469,
        'J' | 'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' => 500,
        '0'..='9' | '#' | '$' | '?' | '_' | 'L' => 556,
        'a' | 'b' | 'd' | 'e' | 'g' | 'h' | 'n' | 'o' | 'p' | 'q' | 'u' => 556,
        '+' | '<' | '=' | '>' | '~' => 584,
        'F' | 'T' | 'Z' => 611,
        'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' | '&' => 667,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' | 'w' => 722,
        'G' | 'O' | 'Q' => 778,
        'M' | 'm' => 833,
        '%' => 889,
        'W' => 944,
        '@' => 1015,
        // ∂, ·, ², → and the like, from the fallback font.
        c if (c as u32) < 0x3000 => 650,
        // Wide scripts: a full em.
        _ => 1000,
    };
    f64::from(thousandths) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_letters_take_more_room_than_narrow_ones() {
        assert!(width("WWWW", 10.0) > 3.5 * width("iiii", 10.0));
        assert_eq!(width("", 13.0), 0.0);
        // Helvetica's digits are 0.556 em; the margin covers DejaVu's 0.636.
        assert!(width("0123456789", 10.0) >= 63.6);
    }

    #[test]
    fn every_printable_ascii_character_has_a_width_of_its_own() {
        for c in ' '..='~' {
            let em = advance(c);
            assert!((0.25..=1.02).contains(&em), "{c:?}: {em}");
        }
    }
}
