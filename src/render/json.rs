//! `check --format json`: exactly one JSON document (`cli.md`).

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Fix, Label};
use crate::load::Sources;

#[derive(Serialize)]
struct Document<'d> {
    version: u32,
    /// The configuration folder the `file`s are relative to, as the other reports show it
    /// (relative to the current folder); left out when unknown.
    #[serde(skip_serializing_if = "str::is_empty")]
    conf: &'d str,
    diagnostics: Vec<JsonDiagnostic<'d>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'d> {
    code: &'d str,
    severity: &'d str,
    message: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'d str>,
    #[serde(flatten)]
    location: Location<'d>,
    related: Vec<Related<'d>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'d>>,
}

/// A diagnostic's fix: its applicability, title and edits, each a range (as every range of
/// the document) and the text that replaces it.
#[derive(Serialize)]
struct JsonFix<'d> {
    applicability: &'static str,
    message: &'d str,
    edits: Vec<JsonEdit<'d>>,
}

#[derive(Serialize)]
struct JsonEdit<'d> {
    #[serde(flatten)]
    location: Location<'d>,
    content: &'d str,
}

impl<'d> JsonFix<'d> {
    fn of(sources: &'d Sources, fix: &'d Fix) -> JsonFix<'d> {
        JsonFix {
            applicability: fix.applicability.as_str(),
            message: &fix.message,
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    location: Location::of(sources, &Label::new(e.file, e.range.clone())),
                    content: &e.content,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Related<'d> {
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'d str>,
    #[serde(flatten)]
    location: Location<'d>,
}

/// A range as file, byte offset and length, and 1-based lines and columns (columns count
/// Unicode scalar values; the end is exclusive).
#[derive(Serialize, Clone)]
pub struct Location<'d> {
    pub file: &'d str,
    pub offset: usize,
    pub length: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl<'d> Location<'d> {
    pub fn of(sources: &'d Sources, label: &Label) -> Location<'d> {
        let f = sources.file(label.file);
        let start = f.line_col(label.range.start);
        let end = f.line_col(label.range.end);
        Location {
            file: &f.path,
            offset: label.range.start,
            length: label.range.len(),
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    /// Left out when 0 (the field came with the `info` severity).
    #[serde(skip_serializing_if = "is_zero")]
    infos: usize,
    files: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The JSON document, pretty-printed, ending with a newline (without `conf`).
pub fn render(sources: &Sources, diags: &[Diagnostic], files: usize) -> String {
    render_in(sources, diags, files, "")
}

/// [`render`], stating the configuration folder the paths are relative to.
pub fn render_in(sources: &Sources, diags: &[Diagnostic], files: usize, conf: &str) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let doc = Document {
        version: 1,
        conf,
        diagnostics: diags
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code.code(),
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                location: Location::of(sources, &d.primary),
                related: d
                    .related
                    .iter()
                    .map(|r| Related {
                        message: r.message.as_deref(),
                        location: Location::of(sources, r),
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|f| JsonFix::of(sources, f)),
            })
            .collect(),
        summary: Summary {
            errors,
            warnings: diags
                .iter()
                .filter(|d| d.severity == crate::Severity::Warning)
                .count(),
            infos: diags
                .iter()
                .filter(|d| d.severity == crate::Severity::Info)
                .count(),
            files,
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
