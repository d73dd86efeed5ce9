//! Writers: the XML of `output-format.md` and the report formats (human via miette, json,
//! sarif, github), behind one [`report`].

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod xml;

use std::borrow::Cow;

use crate::{Diagnostic, Sources};

/// The formats of a diagnostic report (`check --format`, `cli.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// One graphical report per diagnostic ([`human::render_all`]), then the summary line.
    #[default]
    Human,
    /// One JSON document ([`json::render`]).
    Json,
    /// A SARIF 2.1.0 log ([`sarif::render`]).
    Sarif,
    /// One GitHub workflow command per diagnostic ([`github::render`]).
    Github,
}

/// When a human report ends with its summary line (`N errors, M warnings in F files`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Summary {
    /// Always (`check`).
    #[default]
    Always,
    /// Only when there are errors (the reports on standard error of `expand`, `steps`,
    /// `graph` and `schedule`).
    OnErrors,
    /// Never (`cron`).
    Never,
}

/// What a [`report`] needs beyond the diagnostics.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions<'a> {
    /// Colour (human only).
    pub color: bool,
    /// The number of files the summary counts (human and json); `None`: every file of the
    /// sources.
    pub files: Option<usize>,
    /// The configuration folder as given, the prefix of the paths of sarif and github.
    pub root: &'a str,
    /// Human only: when to end with the summary line.
    pub summary: Summary,
}

/// Renders `diagnostics` in `format`: the one place every command and test goes through.
pub fn report(
    format: Format,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    options: &ReportOptions<'_>,
) -> String {
    let files = options.files.unwrap_or(sources.files.len());
    match format {
        Format::Human => {
            let mut s = human::render_all(sources, diagnostics, options.color);
            let summary = match options.summary {
                Summary::Always => true,
                Summary::OnErrors => diagnostics.iter().any(Diagnostic::is_error),
                Summary::Never => false,
            };
            if summary {
                s.push_str(&human::summary(diagnostics, files));
                s.push('\n');
            }
            s
        }
        Format::Json => json::render(sources, diagnostics, files),
        Format::Sarif => sarif::render(sources, diagnostics, options.root),
        Format::Github => github::render(sources, diagnostics, options.root),
    }
}

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
