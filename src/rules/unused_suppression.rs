//! Suppression comments (`cli.md`, "Suppression comments"), and `unused-suppression`: a
//! `scaffc-ignore` comment that suppresses nothing or names an unknown code.
//!
//! - `<!-- scaffc-ignore CODE[, CODE...][: reason] -->` directly before an element (only
//!   white space between): the diagnostics of those codes whose primary range lies inside
//!   that element, from its `<` to the end of its end tag, are not reported;
//! - `<!-- scaffc-ignore-file CODE[, CODE...][: reason] -->` anywhere: the same for the
//!   whole file.
//!
//! Syntax errors (`xml-syntax`) cannot be suppressed. [`apply`] runs once, on the finished
//! list of an analysis (so that the command line and the language server both honour it).

use std::ops::Range;

use super::{Rule, RuleId};
use crate::diagnostic::{Diagnostic, Fix, Label, Severity};
use crate::fix::Edit;
use crate::load::Sources;
use crate::source::FileId;
use crate::xml::Element;

pub const RULE: Rule = Rule {
    code: RuleId::UnusedSuppression,
    severity: Severity::Warning,
    summary: "a `scaffc-ignore` comment that suppresses nothing or names an unknown code",
    explain: "A comment `<!-- scaffc-ignore CODE, CODE: reason -->` directly before an element \
keeps the diagnostics of those codes inside that element from being reported; \
`<!-- scaffc-ignore-file CODE -->` does it for the whole file. A code that suppresses nothing \
(the mistake was fixed, or the comment is not right before the element), a code that is not a \
rule's, and `xml-syntax` (a file that does not parse cannot be checked) are reported, so that \
stale suppressions do not hide the next mistake.

Example:
    <!-- scaffc-ignore unknown-atribute: legacy attribute -->
    <Connector Identifier=\"AD\" DisplayName_L1=\"AD\" Agent=\"Local\" />

Fix: correct the code (`scaffc rules` lists them), move the comment right before the element, \
or remove it.",
};

/// One code of a suppression comment.
struct Code {
    rule: Option<RuleId>,
    /// The code's characters in the comment.
    range: Range<usize>,
    used: bool,
}

/// One suppression comment of a file.
struct Suppression {
    /// The whole comment, `<!--` to `-->`.
    comment: Range<usize>,
    /// What it covers: the element after it, or the whole file; `None` when there is no
    /// element right after it.
    covers: Option<Range<usize>>,
    codes: Vec<Code>,
}

const KEYWORD: &str = "scaffc-ignore";

/// The suppression comments of a text (`root`: its element tree, to find the element each
/// one is before).
fn comments(text: &str, root: Option<Element<'_>>) -> Vec<Suppression> {
        let mut out = Vec::new();
    // CDATA sections are text: a `<!--` in one is not a comment.
    let cdata: Vec<Range<usize>> = memchr::memmem::find_iter(text.as_bytes(), b"<![CDATA[")
        .map(|s| s..text[s..].find("]]>").map_or(text.len(), |e| s + e + 3))
        .collect();
    let finder = memchr::memmem::Finder::new(b"<!--");
    for start in finder.find_iter(text.as_bytes()) {
        if cdata.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let body_start = start + 4;
        let Some(len) = text[body_start..].find("-->") else {
            break;
        };
        let body_end = body_start + len;
        let end = body_end + 3;
        let body = &text[body_start..body_end];
        let lead = body.len() - body.trim_start().len();
        let rest = &body[lead..];
        let Some(after) = rest.strip_prefix(KEYWORD) else {
            continue;
        };
        let (file_level, after) = match after.strip_prefix("-file") {
            Some(a) => (true, a),
            None => (false, after),
        };
        // The keyword stands alone (`scaffc-ignored` is not one).
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            continue;
        }
        let codes_start = body_end - after.len();
        let list = after.split(':').next().unwrap_or("");
        let mut codes = Vec::new();
        let mut at = codes_start;
        for part in list.split(',') {
            let trimmed = part.trim();
            if !trimmed.is_empty() {
                let s = at + (part.len() - part.trim_start().len());
                codes.push(Code {
                    rule: RuleId::from_code(trimmed),
                    range: s..s + trimmed.len(),
                    used: false,
                });
            }
            at += part.len() + 1;
        }
        let covers = if file_level {
            Some(0..text.len())
        } else {
            let next = end + (text.len() - end - text[end..].trim_start().len());
            root.and_then(|r| element_at(r, next)).map(|e| e.range())
        };
        out.push(Suppression {
            comment: start..end,
            covers,
            codes,
        });
    }
    out
}

/// The element whose `<` is at `offset`.
fn element_at(root: Element<'_>, offset: usize) -> Option<Element<'_>> {
    let mut el = root;
    loop {
        if el.range().start == offset {
            return Some(el);
        }
        el = el
            .children()
            .find(|c| c.range().start <= offset && offset < c.range().end)?;
    }
}

/// Removes the diagnostics the suppression comments of `sources` cover, and adds an
/// `unused-suppression` for each code that covers none (or is not a rule's, or is
/// `xml-syntax`). `roots`: the root element of each file with a tree.
/// `ran`: whether a rule ran in this analysis (`openid-client-not-in-agent-settings` runs only
/// with the agent's settings): a suppression of a rule that did not run is not unused.
pub fn apply(
    sources: &Sources,
    roots: &[(FileId, Element<'_>)],
    ran: impl Fn(RuleId) -> bool,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let finder = memchr::memmem::Finder::new(KEYWORD.as_bytes());
    let mut by_file: Vec<(FileId, Vec<Suppression>)> = Vec::new();
    for (id, file) in sources.files.iter().enumerate() {
        if finder.find(file.text.as_bytes()).is_none() {
            continue;
        }
        let root = roots
            .binary_search_by_key(&id, |(f, _)| *f)
            .ok()
            .map(|i| roots[i].1);
        let found = comments(&file.text, root);
        if !found.is_empty() {
            by_file.push((id, found));
        }
    }
    if by_file.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        if d.code == RuleId::XmlSyntax {
            return true;
        }
        let Ok(i) = by_file.binary_search_by_key(&d.primary.file, |(f, _)| *f) else {
            return true;
        };
        let r = &d.primary.range;
        let mut suppressed = false;
        for s in by_file[i].1.iter_mut() {
            let Some(covers) = &s.covers else {
                continue;
            };
            if !(covers.start <= r.start && r.end <= covers.end) {
                continue;
            }
            for c in s.codes.iter_mut().filter(|c| c.rule == Some(d.code)) {
                c.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    for (file, list) in by_file {
        let text = &sources.file(file).text;
        for s in list {
            let only_one = s.codes.len() == 1;
                        for c in s.codes.iter().filter(|c| !c.used && c.rule.is_none_or(&ran)) {
                let code = &text[c.range.clone()];
                let message = match c.rule {
                    None => format!("`{code}` is not a rule's code"),
                    Some(RuleId::XmlSyntax) => {
                        "`xml-syntax` cannot be suppressed: a file that does not parse is not checked"
                            .to_string()
                    }
                    Some(_) if s.covers.is_none() => format!(
                        "`{code}` suppresses nothing: the comment is not directly before an element"
                    ),
                    Some(_) => format!("`{code}` suppresses nothing here"),
                };
                let mut d = Diagnostic::new(RuleId::UnusedSuppression, Label::new(file, c.range.clone()), message);
                if c.rule.is_none() {
                    let known = RuleId::ALL.iter().map(|r| r.code());
                    if let Some(s) = crate::diagnostic::suggest(code, known) {
                        d = d.with_help(format!("did you mean `{s}`?")).with_fix(Fix::unsafe_(
                            format!("replace `{code}` with `{s}`"),
                            vec![Edit::replace(file, c.range.clone(), s)],
                        ));
                    }
                } else if only_one {
                    d = d.with_help("remove the comment").with_fix(Fix::safe(
                        "remove the unused suppression",
                        vec![Edit::replace(file, whole_lines(text, &s.comment), "")],
                    ));
                }
                diagnostics.push(d);
            }
        }
    }
}

/// `range`, and the line it is on when nothing else is on that line (so that removing a
/// comment leaves no blank line).
fn whole_lines(text: &str, range: &Range<usize>) -> Range<usize> {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i + 1);
    let before = &text[line_start..range.start];
    let after = &text[range.end..line_end];
    if before.trim().is_empty() && after.trim().is_empty() {
        line_start..line_end
    } else {
        range.clone()
    }
}
