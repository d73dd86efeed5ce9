//! The human report: our [`Diagnostic`] adapted to miette's graphical renderer.
//! Labels in the primary's file become miette labels; a label in another file becomes a
//! related report with its own source, since a miette diagnostic has one source.
//!
//! miette is never handed a whole file: each report gets `Snippets`, the lines around
//! its labels only, each line cut to a window around the labels when it is long (miette
//! panics past column 65,535, and reprinting a 12 MB line per diagnostic is quadratic).
//! Control characters of the user's files never reach the terminal raw: they are shown
//! escaped (`\u{1b}`), in the snippets as in the messages.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::escape_control;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Sources;
use crate::source::{FileId, SourceFile};

/// At most this many diagnostics of one file in [`render_all`].
pub const MAX_PER_FILE: usize = 200;
/// A line longer than this (in bytes) is shown as windows around its labels.
const LONG_LINE: usize = 400;
/// Bytes of context shown on each side of a label in a long line.
const PAD: usize = 60;
/// Bytes of a label shown in a long line (the rest is cut with `…`).
const LABEL_MAX: usize = 100;
/// Bytes shown of a long line that holds no label.
const HEAD: usize = 120;
/// A label over more lines than this is shown on its first line only.
const MAX_LABEL_LINES: usize = 50;
/// Labels of one file fewer lines apart than this are shown in one snippet.
const JOIN_LINES: usize = 40;

#[derive(Debug)]
struct Report {
    message: String,
    code: Option<&'static str>,
    severity: miette::Severity,
    source: Snippets,
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

/// The part of a file a report shows: blocks of consecutive lines (a block per group of
/// nearby labels), each line escaped and, when long, cut to windows around the labels.
/// Offsets given to miette are offsets in `text`; line numbers and columns are the file's.
#[derive(Debug)]
struct Snippets {
    name: String,
    text: String,
    /// (range of `text`, 0-based line number of its first line). Blocks are one byte
    /// apart in `text`, so that no span of miette's crosses two of them.
    blocks: Vec<(Range<usize>, usize)>,
    /// (offset in `text`, column in the file in Unicode scalar values, 0-based) of each
    /// label start: what the header `path:line:column` shows, as every other format does.
    columns: Vec<(usize, usize)>,
}

impl SourceCode for Snippets {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        let (block, first_line) = self
            .blocks
            .iter()
            .find(|(b, _)| b.start <= start && end <= b.end)
            .ok_or(MietteError::OutOfBounds)?;
        let text = &self.text[block.clone()];
        let local = SourceSpan::new((start - block.start).into(), span.len());
        let c = text.read_span(&local, context_lines_before, context_lines_after)?;
        let data_start = block.start + c.span().offset();
        let data = &self.text.as_bytes()[data_start..data_start + c.span().len()];
        let column = match self.columns.iter().find(|(at, _)| *at == start) {
            Some(&(_, column)) if context_lines_before == 0 => column,
            _ => c.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new(data_start.into(), c.span().len()),
            c.line() + first_line,
            column,
            c.line_count(),
        )))
    }
}

/// Whether a character is shown escaped in a source line (every control but tab).
fn hidden(c: char) -> bool {
    c != '\t' && super::is_control(c)
}

/// Bytes of `s` once escaped.
fn escaped_len(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if hidden(c) {
                format!("\\u{{{:x}}}", c as u32).len()
            } else {
                c.len_utf8()
            }
        })
        .sum()
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A line of a snippet: the windows of the file shown, and where each starts in `text`.
struct LineMap {
    /// (range of the file, offset in `text`).
    segments: Vec<(Range<usize>, usize)>,
    /// Where the line starts in `text`.
    start: usize,
}

impl LineMap {
    /// The offset in `text` of a file offset of this line (the end of the window before
    /// it when it is not shown).
    fn map(&self, file: &SourceFile, at: usize) -> usize {
        match self.segments.iter().rev().find(|(r, _)| r.start <= at) {
            None => self.start,
            Some((r, v)) => {
                let end = floor(&file.text, at.min(r.end));
                v + escaped_len(&file.text[r.start..end])
            }
        }
    }
}

/// The windows of line `range` to show for the labels `ranges`.
#[allow(clippy::single_range_in_vec_init)]
fn windows(file: &SourceFile, line: Range<usize>, ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let text = &file.text;
    if line.len() <= LONG_LINE {
        return vec![line];
    }
    let mut wanted: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        if line.contains(&r.start) || r.start == line.end {
            wanted.push(r.start..r.end.min(line.end).min(r.start + LABEL_MAX));
        } else if r.start < line.start && r.end >= line.start && r.end <= line.end {
            wanted.push(r.end.saturating_sub(LABEL_MAX).max(line.start)..r.end);
        }
    }
    if wanted.is_empty() {
        return vec![line.start..ceil(text, line.start + HEAD)];
    }
    wanted.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in wanted {
        let start = floor(text, r.start.saturating_sub(PAD).max(line.start));
        let end = ceil(text, (r.end + PAD).min(line.end));
        match out.last_mut() {
            Some(last) if start <= last.end + PAD / 2 => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
    }
    out
}

/// The snippets of `file` showing `ranges`, and the ranges as spans of the snippets.
fn snippets(
    file: &SourceFile,
    ranges: &[Range<usize>],
    prefix: &str,
) -> (Snippets, Vec<SourceSpan>) {
    let len = file.text.len();
    // Clamp, and show a label over many lines on its first line only.
    let ranges: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| {
            let start = floor(&file.text, r.start.min(len));
            let end = ceil(&file.text, r.end.clamp(start, len));
            let first = file.line_col(start).line;
            let last = file.line_col(end.saturating_sub(1).max(start)).line;
            if last - first > MAX_LABEL_LINES {
                start..file.line_range(first).end
            } else {
                start..end
            }
        })
        .collect();
    // Lines to show: each label's lines and one line around, joined when close.
    let mut spans: Vec<(usize, usize)> = ranges
        .iter()
        .map(|r| {
            let first = file.line_col(r.start).line;
            let last = file.line_col(r.end.saturating_sub(1).max(r.start)).line;
            (
                first.saturating_sub(1).max(1),
                (last + 1).min(file.line_count()),
            )
        })
        .collect();
    spans.sort();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match groups.last_mut() {
            Some(g) if a <= g.1 + JOIN_LINES => g.1 = g.1.max(b),
            _ => groups.push((a, b)),
        }
    }
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut lines: HashMap<usize, LineMap> = HashMap::new();
    for (a, b) in groups {
        if !text.is_empty() {
            text.push('\n');
        }
        let block_start = text.len();
        for n in a..=b {
            let line = file.line_range(n);
            let mut map = LineMap {
                segments: Vec::new(),
                start: text.len(),
            };
            let mut shown = line.start;
            for w in windows(file, line.clone(), &ranges) {
                if w.start > shown {
                    text.push('…');
                }
                map.segments.push((w.clone(), text.len()));
                push_escaped(&mut text, &file.text[w.clone()]);
                shown = w.end;
            }
            if shown < line.end {
                text.push('…');
            }
            if n < file.line_count() {
                text.push('\n');
            }
            lines.insert(n, map);
        }
        blocks.push((block_start..text.len(), a - 1));
    }
    let mut columns = Vec::new();
    let spans = ranges
        .iter()
        .map(|r| {
            let at = |offset: usize| {
                let line = file.line_col(offset).line;
                lines.get(&line).map_or(0, |m| m.map(file, offset))
            };
            let (start, end) = (at(r.start), at(r.end));
            columns.push((start, file.line_col(r.start).column - 1));
            SourceSpan::new(start.into(), end.saturating_sub(start))
        })
        .collect();
    (
        Snippets {
            name: escape_control(&super::github::join(prefix, &file.path)).into_owned(),
            text,
            blocks,
            columns,
        },
        spans,
    )
}

fn label_message(m: &Option<String>) -> Option<String> {
    m.as_deref().map(|m| escape_control(m).into_owned())
}

fn report(sources: &Sources, d: &Diagnostic, prefix: &str) -> Report {
    let same: Vec<&crate::diagnostic::Label> = std::iter::once(&d.primary)
        .chain(d.related.iter().filter(|r| r.file == d.primary.file))
        .collect();
    let ranges: Vec<Range<usize>> = same.iter().map(|l| l.range.clone()).collect();
    let (source, spans) = snippets(sources.file(d.primary.file), &ranges, prefix);
    let labels = same
        .iter()
        .zip(spans)
        .enumerate()
        .map(|(i, (l, span))| {
            if i == 0 {
                LabeledSpan::new_primary_with_span(label_message(&l.message), span)
            } else {
                LabeledSpan::new_with_span(label_message(&l.message), span)
            }
        })
        .collect();
    let related = d
        .related
        .iter()
        .filter(|r| r.file != d.primary.file)
        .map(|r| {
            let (source, spans) =
                snippets(sources.file(r.file), std::slice::from_ref(&r.range), prefix);
            Report {
                message: label_message(&r.message).unwrap_or_else(|| "related".to_string()),
                code: None,
                severity: miette::Severity::Advice,
                source,
                labels: vec![LabeledSpan::new_primary_with_span(None, spans[0])],
                help: None,
                related: Vec::new(),
            }
        })
        .collect();
    Report {
        message: escape_control(&d.message).into_owned(),
        code: Some(d.code.code()),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        source,
        labels,
        help: d.help.as_deref().map(|h| escape_control(h).into_owned()),
        related,
    }
}

/// The words of a line of a message or help, for wrapping: split at spaces, but never
/// inside a code span (`` `write `</ExportTask>`` stays on one line, so that a suggested
/// snippet can be copied).
fn words_outside_code(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let (mut start, mut i, mut in_code) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b' ' if !in_code => {
                let mut end = i;
                while end < bytes.len() && bytes[end] == b' ' {
                    end += 1;
                }
                words.push(textwrap::core::Word::from(&line[start..end]));
                start = end;
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// Renders one diagnostic as a graphical report (no hyperlinks, fixed width). Paths are
/// `prefix` (the configuration folder as given, relative to the current folder) joined to
/// the file's path in the configuration, so that a terminal can open them.
pub fn render(sources: &Sources, d: &Diagnostic, color: bool, prefix: &str) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(100)
        .with_word_separator(textwrap::WordSeparator::Custom(words_outside_code))
        .with_break_words(false);
    let mut out = String::new();
    if handler
        .render_report(&mut out, &report(sources, d, prefix))
        .is_err()
    {
        // Rendering into a String cannot fail but for a bug in the renderer; fall back
        // to one plain line rather than lose the diagnostic.
        let f = sources.file(d.primary.file);
        let lc = f.line_col(d.primary.range.start);
        out = format!(
            "{}:{}:{}: {} [{}] {}\n",
            escape_control(&super::github::join(prefix, &f.path)),
            lc.line,
            lc.column,
            d.severity.as_str(),
            d.code,
            escape_control(&d.message)
        );
    }
    out
}

/// Renders a list of diagnostics, at most [`MAX_PER_FILE`] per file: after the last one
/// shown of a file, one line says how many more that file has and how to see them all.
/// The summary line is not included (see [`summary`]).
pub fn render_all(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    color: bool,
    prefix: &str,
) -> String {
    let mut total: HashMap<FileId, usize> = HashMap::new();
    for d in diagnostics {
        *total.entry(d.primary.file).or_default() += 1;
    }
    let mut seen: HashMap<FileId, usize> = HashMap::new();
    // What each diagnostic shows: itself, or the line that says how many more its file
    // has; then each shown report rendered on every core (a report is independent of the
    // others), joined in order.
    let mut shown: Vec<Result<&Diagnostic, String>> = Vec::new();
    for d in diagnostics {
        let n = seen.entry(d.primary.file).or_default();
        *n += 1;
        if *n <= MAX_PER_FILE {
            shown.push(Ok(d));
        } else if *n == MAX_PER_FILE + 1 {
            shown.push(Err(more_line(
                sources,
                d.primary.file,
                total[&d.primary.file] - MAX_PER_FILE,
                prefix,
            )));
        }
    }
    crate::parallel::map_owned(0, shown, |_, s| match s {
        Ok(d) => render(sources, d, color, prefix),
        Err(line) => line,
    })
    .concat()
}

/// `… and N more in FILE, not shown: ...`.
fn more_line(sources: &Sources, file: FileId, more: usize, prefix: &str) -> String {
    format!(
        "… {more} more diagnostic{} in {} not shown (at most {MAX_PER_FILE} per file); `scaffc check --format json` lists them all\n",
        if more == 1 { "" } else { "s" },
        escape_control(&super::github::join(prefix, &sources.file(file).path))
    )
}

/// `N errors, M warnings[, K infos] in F files[ under CONF][ with CONFIG]`: `root` is the
/// configuration folder as the reports show it, `config` the `scaffc.toml` used (each left
/// out when empty).
pub fn summary(diags: &[Diagnostic], files: usize, root: &str, config: &str) -> String {
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let mut out = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if infos > 0 {
        out.push_str(&format!(", {}", plural(infos, "info")));
    }
    out.push_str(&format!(" in {}", plural(files, "file")));
    if !root.is_empty() {
        out.push_str(&format!(" under {}", escape_control(root)));
    }
    if !config.is_empty() {
        out.push_str(&format!(" with {}", escape_control(config)));
    }
    out
}
