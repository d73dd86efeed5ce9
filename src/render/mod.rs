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
    /// One GitHub workflow command per diagnostic ([`github::render`]), then a notice with
    /// the counts.
    Github,
    /// One line per diagnostic, `PATH:LINE:COLUMN: SEVERITY[CODE] MESSAGE` ([`concise`]),
    /// then the summary line.
    Concise,
}

impl Format {
    /// The format `scaffc.toml`'s `format` names ([`crate::config::FORMATS`]).
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "human" => Format::Human,
            "concise" => Format::Concise,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            _ => return None,
        })
    }
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
    /// The configuration folder relative to the current folder (as given, or found), the
    /// prefix of the paths of human, concise and github reports.
    pub root: &'a str,
    /// The configuration folder as an absolute `file://` URI ending with `/`: the base of
    /// SARIF's relative artifact URIs (`originalUriBaseIds`). Empty: unknown.
    pub conf_uri: &'a str,
    /// The `scaffc.toml` applied, as the summary names it (empty: none).
    pub config: &'a str,
    /// `--quiet`: the errors only (then the summary, which counts everything); human,
    /// concise and github.
    pub quiet: bool,
    /// `--statistics`: a count per code instead of the reports (human and concise).
    pub statistics: bool,
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
    let errors: Vec<Diagnostic>;
    let shown = if options.quiet {
        errors = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        &errors[..]
    } else {
        diagnostics
    };
    match format {
        Format::Human | Format::Concise => {
            let mut s = if options.statistics {
                statistics(diagnostics)
            } else if format == Format::Human {
                human::render_all(sources, shown, options.color, options.root)
            } else {
                concise(sources, shown, options.root)
            };
            let summary = match options.summary {
                Summary::Always => true,
                Summary::OnErrors => diagnostics.iter().any(Diagnostic::is_error),
                Summary::Never => false,
            };
            if summary {
                s.push_str(&human::summary(
                    diagnostics,
                    files,
                    options.root,
                    options.config,
                ));
                s.push('\n');
            }
            s
        }
        Format::Json => json::render_in(sources, diagnostics, files, options.root),
        Format::Sarif => sarif::render(sources, diagnostics, options.conf_uri),
        Format::Github => {
            let mut s = github::render(sources, shown, options.root);
            s.push_str(&github::notice(
                diagnostics,
                files,
                options.root,
                options.config,
            ));
            s
        }
    }
}

/// `--statistics`: one line per code, `COUNT CODE SEVERITY`, most frequent first (then by
/// code).
pub fn statistics(diagnostics: &[Diagnostic]) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for d in diagnostics {
        *counts
            .entry((d.code.code(), d.severity.as_str()))
            .or_default() += 1;
    }
    let mut rows: Vec<((&str, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let width = rows.first().map_or(1, |r| r.1.to_string().len());
    rows.iter()
        .map(|((code, severity), n)| format!("{n:>width$} {code} {severity}\n"))
        .collect()
}

/// `PATH:LINE:COLUMN: SEVERITY[CODE] MESSAGE`, one line per diagnostic (columns in Unicode
/// scalar values; the message's line breaks and control characters escaped).
pub fn concise(sources: &Sources, diagnostics: &[Diagnostic], prefix: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let f = sources.file(d.primary.file);
        let at = f.line_col(d.primary.range.start);
        let message = d.message.replace('\n', " ");
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            escape_control(&github::join(prefix, &f.path)),
            at.line,
            at.column,
            d.severity.as_str(),
            d.code,
            escape_control(&message)
        ));
    }
    out
}

/// The `file://` URI of an absolute path, its bytes percent-encoded as [`uri_path`] does
/// (SARIF's base, the language server's documents).
pub fn file_uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let slash = if text.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", uri_path(&text))
}

/// A path as a relative URI reference: every byte but the unreserved ones and `/`
/// percent-encoded (`AD/AD%20Jobs.xml`, `50%25.xml`, `c%3Ad.xml`).
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
