//! What a syntax error adds for the slips people make most: a power
//! written `x**2` (Python's), a product written `2x` (paper's), and a
//! bracket opened and never closed (where it was opened).

use crate::escape::quoted;

/// The characters of a name or a number, for the operands a hint quotes.
fn operand_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// A hint for the syntax error at byte `at` of `statement` (the text of
/// the statement, `at` relative to it), when the spot is a known slip.
pub fn slip(statement: &str, at: usize) -> Option<String> {
    let before = statement[..at].trim_end();
    let after = &statement[at..];
    let left_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| operand_char(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let left = &before[left_start..];
    if after.starts_with('*') && before.ends_with('*') {
        let before = before[..before.len() - 1].trim_end();
        let left = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| operand_char(c))
            .last()
            .map_or("", |(i, _)| &before[i..]);
        let right = operand(after[1..].trim_start());
        return Some(match (left, right) {
            ("", _) | (_, "") => "a power is written with `^`, not `**`".to_string(),
            _ => format!(
                "did you mean `{}^{}`? a power is written with `^`",
                quoted(left),
                quoted(right)
            ),
        });
    }
    let starts_name = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    let after_number = left.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    // `0x10` and `1e` are numbers of other languages, or half-written
    // ones: not products.
    let other_number = left == "0" || after.starts_with(['e', 'E']);
    // A number at the end of one line and a name starting the next are no
    // product.
    let same_line = !statement[left_start..at].contains('\n');
    if starts_name && after_number && !other_number && same_line {
        let right = operand(after);
        return Some(format!(
            "did you mean `{}*{}`? a product is written with `*`",
            quoted(left),
            quoted(right)
        ));
    }
    None
}

/// The name or number at the start of `text`.
fn operand(text: &str) -> &str {
    let end = text.find(|c: char| !operand_char(c)).unwrap_or(text.len());
    &text[..end]
}

/// The byte offset in `statement[..at]` of the last bracket (`(` or `[`)
/// opened and not closed before `at`, outside `#` comments.
pub fn unclosed(statement: &str, at: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut comment = false;
    for (i, c) in statement[..at].char_indices() {
        match c {
            '\n' => comment = false,
            _ if comment => {}
            '#' => comment = true,
            '(' | '[' => open.push(i),
            ')' | ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(text: &str) -> Option<String> {
        let at = text.find('|').expect("a spot");
        slip(&text.replace('|', ""), at)
    }

    #[test]
    fn powers_and_products_written_as_elsewhere_are_named() {
        assert_eq!(
            hint("x*|*2").as_deref(),
            Some("did you mean `x^2`? a power is written with `^`")
        );
        assert_eq!(
            hint("(a+b) *|* 2").as_deref(),
            Some("a power is written with `^`, not `**`")
        );
        assert_eq!(
            hint("y = 2|x + 1").as_deref(),
            Some("did you mean `2*x`? a product is written with `*`")
        );
        assert_eq!(
            hint("3.5 |rate").as_deref(),
            Some("did you mean `3.5*rate`? a product is written with `*`")
        );
        assert_eq!(hint("x y|"), None);
        assert_eq!(hint("0|x10"), None);
        assert_eq!(hint("1|e"), None);
        assert_eq!(hint("a +|* b"), None);
        assert_eq!(hint("(x + 1\n|z = y*2"), None);
    }

    #[test]
    fn the_last_bracket_left_open_is_found() {
        assert_eq!(unclosed("(x + (y) + z", 12), Some(0));
        assert_eq!(unclosed("f(x[1, (2)", 10), Some(3));
        assert_eq!(unclosed("(x) # (", 7), None);
        assert_eq!(unclosed("(x)", 3), None);
    }
}
