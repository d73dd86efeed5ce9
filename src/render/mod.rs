//! Writers: the XML of `output-format.md` and the report formats (human via miette, json,
//! sarif, github).

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod xml;

use std::borrow::Cow;

/// Whether a character is a control character: C0 (U+0000 to U+001F), DEL and C1
/// (U+0080 to U+009F).
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
}

/// `s` with its control characters but tab and line feed written `\u{1b}`, so that text
/// from the user's files cannot drive the terminal (ESC sequences, BEL, ...).
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_control(c) && c != '\t' && c != '\n') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) && c != '\t' && c != '\n' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_control("a\tb\nc"), "a\tb\nc");
        assert_eq!(
            escape_control("X\u{1b}]0;P\u{7}\u{0}\r\u{7f}\u{85}é"),
            "X\\u{1b}]0;P\\u{7}\\u{0}\\u{d}\\u{7f}\\u{85}é"
        );
    }
}
