//! The one diagnostic type of scaffc. Every renderer (miette for people, JSON, SARIF,
//! GitHub annotations) is built from it.

use std::ops::Range;

pub use crate::fix::{Edit, Fix};
use crate::rules::RuleId;
use crate::source::FileId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, never a failure (a severity `scaffc.toml` can give any rule).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A range of a file, with an optional message ("declared here").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Label {
    pub file: FileId,
    pub range: Range<usize>,
    pub message: Option<String>,
}

impl Label {
    pub fn new(file: FileId, range: Range<usize>) -> Label {
        Label {
            file,
            range,
            message: None,
        }
    }

    pub fn with_message(mut self, message: impl Into<String>) -> Label {
        self.message = Some(message.into());
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The rule, whose code (e.g. `unknown-connector`) is stable.
    pub code: RuleId,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub related: Vec<Label>,
    pub help: Option<String>,
    /// The edits that resolve it, when the help states one exact replacement.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic about one file, moved to `file`: every label and edit of a diagnostic
    /// found in a file on its own (at file 0) is in that file.
    pub fn at_file(&self, file: FileId) -> Diagnostic {
        let mut d = self.clone();
        d.primary.file = file;
        for l in &mut d.related {
            l.file = file;
        }
        if let Some(fix) = &mut d.fix {
            for e in &mut fix.edits {
                e.file = file;
            }
        }
        d
    }

    /// A diagnostic of `rule`, with the rule's severity.
    pub fn new(rule: RuleId, primary: Label, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: rule,
            severity: rule.severity(),
            message: message.into(),
            primary,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, label: Label) -> Diagnostic {
        self.related.push(label);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (FileId, usize, &'static str, usize, &str) {
        (
            self.primary.file,
            self.primary.range.start,
            self.code.code(),
            self.primary.range.end,
            &self.message,
        )
    }
}

/// Sorts by file (path order), offset, code, end of the range, then message: a total order
/// on what is shown, so that the output does not depend on the order of the producers (nor
/// on the thread count).
///
/// Nothing is removed: each diagnostic has one producer (`src/rules/<code>.rs`, or the one
/// place its module names), and a producer that sees one mistake several times (a task run
/// by the steps of several jobs) reports it once itself. `tests/one_producer.rs` checks
/// that no fixture yields two diagnostics of one code at one place. Removing on (code,
/// place) here would lose real findings: two cron warnings of one code fall on the same
/// place when the expression is not written literally (`inner_label`).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| related_key(a).cmp(&related_key(b)))
    });
}

fn related_key(d: &Diagnostic) -> Vec<(FileId, usize, usize)> {
    d.related
        .iter()
        .map(|l| (l.file, l.range.start, l.range.end))
        .collect()
}

/// A candidate for "did you mean": the same text ignoring case, else the only candidate that
/// the text is a prefix of, else the closest candidate at an edit distance of at most 2
/// (and shorter than the text, so that `HR` is not offered for `Dir`). Candidates are tried in the order given; ties keep the first.
pub fn suggest<'c>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    if let Some(c) = candidates
        .clone()
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(wrong) || c.to_lowercase() == wrong.to_lowercase())
    {
        return Some(c);
    }
    if !wrong.is_empty() {
        let lower = wrong.to_lowercase();
        let mut prefixed = candidates
            .clone()
            .into_iter()
            .filter(|c| c.to_lowercase().starts_with(&lower));
        if let (Some(c), None) = (prefixed.next(), prefixed.next()) {
            return Some(c);
        }
    }
    let lower = wrong.to_lowercase();
    let (lower_len, wrong_len) = (lower.chars().count(), wrong.chars().count());
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let c_lower = c.to_lowercase();
        // The distance is at least the difference of the lengths: skip what cannot be
        // within 2 without computing it (a 100 KB value against every declared name).
        if lower_len.abs_diff(c_lower.chars().count()) > 2 {
            continue;
        }
        let d = edit_distance(&lower, &c_lower);
        // A distance as long as the text itself would suggest anything for short names.
        if d <= 2 && d < wrong_len && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over Unicode scalar values.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let c = ["AD", "MicrosoftEntraID", "HR", "Directory"];
        assert_eq!(suggest("MicrosoftEntraId", c), Some("MicrosoftEntraID"));
        assert_eq!(suggest("MicrosoftEntraD", c), Some("MicrosoftEntraID"));
        assert_eq!(suggest("Dir", c), Some("Directory"));
        assert_eq!(suggest("SAP_Connector", c), None);
        assert_eq!(suggest("ad", c), Some("AD"));
    }

    #[test]
    fn distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("é", "e"), 1);
    }

    #[test]
    fn sorted_and_nothing_removed() {
        let d = |file, start, code: &str| {
            let rule = RuleId::from_code(code).unwrap();
            Diagnostic::new(rule, Label::new(file, start..start + 1), "m")
        };
        let (a, b, z) = ("invalid-cron", "missing-attribute", "xml-syntax");
        let mut v = vec![d(1, 0, b), d(0, 5, a), d(0, 5, a), d(0, 1, z)];
        sort(&mut v);
        let keys: Vec<_> = v
            .iter()
            .map(|d| (d.primary.file, d.primary.range.start, d.code.code()))
            .collect();
        assert_eq!(keys, vec![(0, 1, z), (0, 5, a), (0, 5, a), (1, 0, b)]);
    }
}
