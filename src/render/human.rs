//! The human report: our [`Diagnostic`] adapted to miette's graphical renderer.
//! Labels in the primary's file become miette labels; a label in another file becomes a
//! related report with its own source, since a miette diagnostic has one source.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::load::Sources;

#[derive(Debug)]
struct Report {
    message: String,
    code: Option<&'static str>,
    severity: miette::Severity,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
    related: Vec<Report>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

fn named_source(sources: &Sources, label: &Label) -> NamedSource<String> {
    let f = sources.file(label.file);
    NamedSource::new(f.path.clone(), f.text.clone())
}

fn span(sources: &Sources, label: &Label) -> SourceSpan {
    let len = sources.file(label.file).text.len();
    let start = label.range.start.min(len);
    let end = label.range.end.clamp(start, len);
    SourceSpan::new(start.into(), end - start)
}

fn report(sources: &Sources, d: &Diagnostic) -> Report {
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        d.primary.message.clone(),
        span(sources, &d.primary),
    )];
    let mut related = Vec::new();
    for r in &d.related {
        if r.file == d.primary.file {
            labels.push(LabeledSpan::new_with_span(
                r.message.clone(),
                span(sources, r),
            ));
        } else {
            related.push(Report {
                message: r.message.clone().unwrap_or_else(|| "related".to_string()),
                code: None,
                severity: miette::Severity::Advice,
                source: named_source(sources, r),
                labels: vec![LabeledSpan::new_primary_with_span(None, span(sources, r))],
                help: None,
                related: Vec::new(),
            });
        }
    }
    Report {
        message: d.message.clone(),
        code: Some(d.code),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        },
        source: named_source(sources, &d.primary),
        labels,
        help: d.help.clone(),
        related,
    }
}

/// Renders one diagnostic as a graphical report (no hyperlinks, fixed width).
pub fn render(sources: &Sources, d: &Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(100);
    let mut out = String::new();
    if handler
        .render_report(&mut out, &report(sources, d))
        .is_err()
    {
        // Rendering into a String cannot fail but for a bug in the renderer; fall back
        // to one plain line rather than lose the diagnostic.
        let f = sources.file(d.primary.file);
        let lc = f.line_col(d.primary.range.start);
        out = format!(
            "{}:{}:{}: {} [{}] {}\n",
            f.path,
            lc.line,
            lc.column,
            d.severity.as_str(),
            d.code,
            d.message
        );
    }
    out
}

/// `N errors, M warnings in F files`.
pub fn summary(diags: &[Diagnostic], files: usize) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )
}
