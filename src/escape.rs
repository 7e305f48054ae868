//! How text from the input is shown on a terminal: the one escaping rule.
//!
//! Input may hold characters that drive a terminal (ESC starts a sequence
//! that can clear the screen or retitle the window, BEL rings, CR moves the
//! cursor back over what was written, a bidirectional override reorders what
//! follows; a byte order mark is invisible). None of them ever reaches standard error or a table raw: each
//! is written as Rust's `{:?}` writes it — `\n`, `\r`, `\t`, `\0`, or
//! `\u{1b}` with its code in hexadecimal. Backslashes and quotes are left
//! alone: the escapes only need to be safe and readable, not to read back.
//! JSON output, which must read back, writes the same characters as JSON's
//! own `\u001b` (see `report::json`).
//!
//! Every layer formats messages that quote input (the parser's snippets,
//! `--set`, the command line's paths and fields), so this module sits beside
//! [`crate::error`], below all of them.

use std::borrow::Cow;
use std::fmt::Write;

/// The most characters of one piece of input that a message quotes.
pub const QUOTED_CHARS: usize = 60;

/// Whether `c` is shown escaped: a control character (C0, DEL, C1) or a
/// bidirectional embedding, override or isolate, or a byte order mark
/// (invisible).
pub fn escaped(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Appends `c` to `out` as it is shown.
pub fn push_shown(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if escaped(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// How many characters `c` takes when shown (`\u{1b}` takes 6).
pub fn shown_width(c: char) -> usize {
    match c {
        '\n' | '\r' | '\t' | '\0' => 2,
        c if escaped(c) => format!("{:x}", c as u32).len() + 4,
        _ => 1,
    }
}

/// `text` with every escaped character shown escaped, except the newlines
/// and tabs that `keep` allows.
fn escape_with<'t>(text: &'t str, keep: &[char]) -> Cow<'t, str> {
    let raw = |c: char| escaped(c) && !keep.contains(&c);
    if !text.contains(raw) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            push_shown(&mut shown, c);
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// A whole message or report, made safe for a terminal: newlines and tabs
/// stay (they lay it out), every other control character is escaped. The
/// command line passes everything it writes to standard error through this,
/// so no message can drive the terminal, whatever it quotes.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape_with(text, &['\n', '\t'])
}

/// A piece of input as a message quotes it, on one line: every control
/// character escaped (newlines and tabs too), and past [`QUOTED_CHARS`]
/// characters cut, with the whole length said: `aaa... (10485760
/// characters)`.
pub fn quoted(text: &str) -> Cow<'_, str> {
    let mut chars = text.char_indices();
    let Some((cut, _)) = chars.nth(QUOTED_CHARS) else {
        return escape_with(text, &[]);
    };
    let length = QUOTED_CHARS + 1 + chars.count();
    let mut shown = escape_with(&text[..cut], &[]).into_owned();
    let _ = write!(shown, "... ({length} characters)");
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_as_rust_writes_them() {
        let text = "a\u{1b}]0;x\u{7}\r\0\t\n\u{7f}\u{9b}\u{202e}é\\\"";
        assert_eq!(
            quoted(text),
            "a\\u{1b}]0;x\\u{7}\\r\\0\\t\\n\\u{7f}\\u{9b}\\u{202e}é\\\""
        );
        assert_eq!(terminal_safe("a\tb\nc\u{1b}"), "a\tb\nc\\u{1b}");
        assert!(matches!(terminal_safe("plain\ttext\n"), Cow::Borrowed(_)));
        for c in ['\u{1b}', '\n', '\u{9b}', '\u{202e}', '\u{2069}', 'x', 'é'] {
            let mut shown = String::new();
            push_shown(&mut shown, c);
            assert_eq!(shown.chars().count(), shown_width(c), "{shown}");
            assert!(!shown.contains(escaped));
        }
    }

    #[test]
    fn long_pieces_are_cut_and_their_length_said() {
        let long = "é".repeat(1000);
        let shown = quoted(&long);
        assert!(shown.starts_with(&"é".repeat(QUOTED_CHARS)));
        assert!(shown.ends_with("é... (1000 characters)"));
        let exact = "x".repeat(QUOTED_CHARS);
        assert_eq!(quoted(&exact), exact);
    }
}
