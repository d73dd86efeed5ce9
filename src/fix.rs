//! Structured fixes: the text edits that resolve a diagnostic, with how sure scaffc is of
//! them (ruff's model: a fix is a list of edits and an applicability). `check --fix` and the
//! language server apply them with [`apply_fixes`].

use std::ops::Range;

use crate::source::FileId;

/// The codes whose diagnostics may carry a fix (when the help knows the one replacement),
/// for `scaffc rules`.
pub const CODES_WITH_FIX: &[crate::rules::RuleId] = &[
    crate::rules::RuleId::UnknownConnector,
    crate::rules::RuleId::UnknownOpenidClient,
    crate::rules::RuleId::InvalidCron,
    crate::rules::RuleId::InvalidCronTimeZone,
    crate::rules::RuleId::MissingAttribute,
    crate::rules::RuleId::UnknownAttribute,
    crate::rules::RuleId::UnknownElement,
    crate::rules::RuleId::UnknownAgent,
    crate::rules::RuleId::UnknownConnection,
    crate::rules::RuleId::UnknownEntityType,
    crate::rules::RuleId::UnknownResourceType,
    crate::rules::RuleId::UnknownProfile,
    crate::rules::RuleId::UnknownTask,
    crate::rules::RuleId::UnknownPackage,
    crate::rules::RuleId::OverrideWithoutTarget,
    crate::rules::RuleId::NoEffect,
    crate::rules::RuleId::UnusedSuppression,
];

/// Whether a fix may be applied without a person looking at it; ordered from the surest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Certainly what was meant (a wrong-case identifier, Sunday written `7`): `--fix`
    /// applies it.
    Safe,
    /// A guess (an edit-distance or prefix "did you mean"): applied only with
    /// `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replaces `range` (bytes of the decoded text of `file`, [`crate::SourceFile::text`])
/// with `content`. An insertion has an empty range; a deletion an empty content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub file: FileId,
    pub range: Range<usize>,
    pub content: String,
}

impl Edit {
    pub fn replace(file: FileId, range: Range<usize>, content: impl Into<String>) -> Edit {
        Edit {
            file,
            range,
            content: content.into(),
        }
    }

    /// Replaces an attribute's raw value (the range between its quotes) with `value`,
    /// escaped so that the file stays well-formed and the attribute reads back as `value`.
    pub fn replace_attr_value(file: FileId, range: Range<usize>, value: &str) -> Edit {
        Edit::replace(file, range, escape_attr_value(value))
    }
}

/// The edits that fix one diagnostic, never overlapping, with a short title
/// ("replace `AzureAd` with `AzureAD`").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            message: message.into(),
            edits,
        }
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            message: message.into(),
            edits,
        }
    }

    /// The fix of a "did you mean `candidate`?" on the text `wrong` written at `range`:
    /// safe when they differ only by case, else unsafe (an edit-distance or prefix guess).
    /// `range` is an attribute value's raw range when `in_value`, else a name's (written
    /// as is: a name needs no escaping).
    pub fn did_you_mean(
        file: FileId,
        range: Range<usize>,
        wrong: &str,
        candidate: &str,
        in_value: bool,
    ) -> Fix {
        let edit = if in_value {
            Edit::replace_attr_value(file, range, candidate)
        } else {
            Edit::replace(file, range, candidate)
        };
        Fix {
            applicability: suggestion_applicability(wrong, candidate),
            message: format!("replace `{wrong}` with `{candidate}`"),
            edits: vec![edit],
        }
    }
}

/// [`Applicability::Safe`] when `candidate` is `wrong` with other letter cases (the first
/// rule of `diagnostic::suggest`), else [`Applicability::Unsafe`].
pub fn suggestion_applicability(wrong: &str, candidate: &str) -> Applicability {
    if wrong != candidate
        && (wrong.eq_ignore_ascii_case(candidate)
            || wrong.to_lowercase() == candidate.to_lowercase())
    {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    }
}

/// Escapes a text for the inside of an attribute value, whichever its quotes: `&`, `<`,
/// `>`, `"` and `'` become entities, tab, line feed and carriage return character references
/// (written literally, XML would read them back as spaces).
pub fn escape_attr_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

/// Deletes an attribute of `file` (whose text is `text`): its name, value and quotes, and
/// the white space before it, so that `<A B="1" C="2"/>` becomes `<A C="2"/>`. `None` when the
/// text around it is not as the parser described it.
pub fn remove_attribute(text: &str, file: FileId, attr: &crate::xml::Attr<'_>) -> Option<Edit> {
    let quote = attr.value_range.end;
    if !matches!(text.as_bytes().get(quote), Some(b'"' | b'\'')) {
        return None;
    }
    let before = text.get(..attr.name_range.start)?;
    let start = before.trim_end_matches([' ', '\t', '\n', '\r']).len();
    (start < attr.name_range.start).then(|| Edit::replace(file, start..quote + 1, ""))
}

/// Deletes an element of `file` (whose text is `text`), from its `<` to the end of its end
/// tag; when it stands alone on its lines, those lines go too (indentation and line end).
pub fn remove_element(text: &str, file: FileId, el: &crate::xml::Element<'_>) -> Option<Edit> {
    let Range { start, end } = el.range();
    text.get(start..end)?;
    let line_start = text[..start].trim_end_matches([' ', '\t']).len();
    let after = &text[end..];
    let rest = after.trim_start_matches([' ', '\t']);
    let line_end = if rest.starts_with("\r\n") {
        Some(2)
    } else if rest.starts_with('\n') {
        Some(1)
    } else {
        None
    };
    let alone = line_start == 0 || text.as_bytes()[line_start - 1] == b'\n';
    let range = match line_end {
        Some(n) if alone => line_start..end + (after.len() - rest.len()) + n,
        _ => start..end,
    };
    Some(Edit::replace(file, range, ""))
}

/// Applies edits of one file to its text: sorted by range, each edit that overlaps an edit
/// already applied (or falls outside the text, or off a character boundary) is skipped.
/// Two insertions at the same offset are both applied, in the order given. The `file` of the
/// edits is not looked at: pass only the edits of `text`'s file.
pub fn apply_fixes(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    // Stable: equal ranges keep their given order.
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut last_end: Option<usize> = None;
    for e in sorted {
        let Range { start, end } = e.range;
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        // Overlap with an earlier edit: it starts before that one's end, except an insertion
        // right at the end of an earlier edit (touching is not overlapping).
        if let Some(prev_end) = last_end {
            if start < prev_end {
                continue;
            }
        }
        out.push_str(&text[copied..start]);
        out.push_str(&e.content);
        copied = end;
        last_end = Some(end);
    }
    out.push_str(&text[copied..]);
    out
}

/// The edits of `fixes` for `file`, every fix taken whole or not at all: a fix whose edits
/// overlap an edit of a fix taken earlier is skipped, so that no fix is half applied. Fixes
/// are taken in the order given; only those `accept` accepts.
pub fn edits_for_file<'f>(
    fixes: impl IntoIterator<Item = &'f Fix>,
    file: FileId,
    accept: impl Fn(&Fix) -> bool,
) -> Vec<Edit> {
    let mut taken: Vec<Edit> = Vec::new();
    for fix in fixes {
        if !accept(fix) || fix.edits.iter().all(|e| e.file != file) {
            continue;
        }
        let overlaps = |a: &Range<usize>, b: &Range<usize>| {
            (a.start < b.end && b.start < a.end)
                || (a.start == b.start && (a.is_empty() || b.is_empty()))
        };
        let mine: Vec<&Edit> = fix.edits.iter().filter(|e| e.file == file).collect();
        if mine
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(&e.range, &t.range)))
        {
            continue;
        }
        taken.extend(mine.into_iter().cloned());
    }
    taken
}

/// What `check --fix` did ([`fix_tree`]).
#[derive(Debug, Default)]
pub struct FixReport {
    /// Fixes applied, over every round.
    pub fixed: usize,
    /// The files changed, in path order.
    pub files: Vec<String>,
    /// With `dry_run`: the edits as a unified diff per file (`--diff`); nothing written.
    pub diff: String,
    /// Files whose fixes were not written: their name on disk is not the path shown
    /// (not valid UTF-8), or they are no longer a regular file there.
    pub skipped: Vec<String>,
}

impl FixReport {
    /// `fixed N problems in F files` (or `would fix ...` for a dry run).
    pub fn summary(&self, dry_run: bool) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        format!(
            "scaffc: {} {} in {}",
            if dry_run { "would fix" } else { "fixed" },
            plural(self.fixed, "problem"),
            plural(self.files.len(), "file")
        )
    }
}

/// The most rounds [`fix_tree`] runs: a fix can reveal another (fixing a connector's name
/// can make its job's other mistakes visible), as ruff re-runs its fixes.
pub const MAX_FIX_ROUNDS: usize = 10;

/// A file's text back in its own encoding: UTF-8 as it is (its byte-order mark is part of
/// the text), UTF-16 with the byte order and mark of `original`.
fn encode_like(original: &[u8], text: &str) -> Vec<u8> {
    let be = original.starts_with(&[0xFE, 0xFF]);
    if !be && !original.starts_with(&[0xFF, 0xFE]) {
        return text.as_bytes().to_vec();
    }
    let mut out = Vec::with_capacity(text.len() * 2 + 2);
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for unit in std::iter::once(0xFEFF).chain(body.encode_utf16()) {
        out.extend(if be {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// `check --fix`: applies the fixes of the diagnostics `analyze` reports (safe ones, or every
/// one with [`Applicability::Unsafe`]), in the files `only` names (all when empty), round
/// after round until none applies (at most [`MAX_FIX_ROUNDS`]). Each edit changes only its
/// bytes: the rest of a file, its encoding, byte-order mark and line ends stay. Then, unless
/// `dry_run`, each changed file of `conf` is written atomically (with its permissions);
/// with `dry_run`, [`FixReport::diff`] holds the edits.
pub fn fix_tree<E>(
    conf: &std::path::Path,
    files: &[crate::fs::TreeFile],
    only: &[String],
    applicability: Applicability,
    dry_run: bool,
    analyze: &mut dyn FnMut(
        Vec<crate::fs::TreeFile>,
    ) -> Result<(crate::load::Sources, Vec<crate::Diagnostic>), E>,
) -> Result<FixReport, E>
where
    E: From<String>,
{
    use crate::fs::Entry;
    let mut current: Vec<crate::fs::TreeFile> = files.to_vec();
    let mut report = FixReport::default();
    let mut per_file: std::collections::BTreeMap<String, usize> = Default::default();
    for _ in 0..MAX_FIX_ROUNDS {
        let (sources, diagnostics) = analyze(current.clone())?;
        let mut applied = 0;
        for (id, source) in sources.files.iter().enumerate() {
            if sources.is_unread(id) || source.decode_error.is_some() {
                continue;
            }
            if !only.is_empty() && !only.contains(&source.path) {
                continue;
            }
            let fixes: Vec<&Fix> = diagnostics
                .iter()
                .filter(|d| d.primary.file == id)
                .filter_map(|d| d.fix.as_ref())
                .filter(|f| f.edits.iter().all(|e| e.file == id))
                .collect();
            let accept = |f: &Fix| {
                applicability == Applicability::Unsafe || f.applicability == Applicability::Safe
            };
            let taken: Vec<&Fix> = {
                // Whole fixes only: the edits of the fixes taken.
                let edits = edits_for_file(fixes.iter().copied(), id, accept);
                fixes
                    .iter()
                    .copied()
                    .filter(|f| accept(f) && f.edits.iter().all(|e| edits.contains(e)))
                    .collect()
            };
            if taken.is_empty() {
                continue;
            }
            let edits: Vec<Edit> = taken.iter().flat_map(|f| f.edits.clone()).collect();
            let text = apply_fixes(&source.text, &edits);
            if text == source.text {
                continue;
            }
            let Some(file) = current.iter_mut().find(|f| f.path == source.path) else {
                continue;
            };
            let Entry::Bytes(bytes) = &file.entry else {
                continue;
            };
            let encoded = encode_like(bytes, &text);
            file.entry = Entry::Bytes(encoded);
            applied += taken.len();
            *per_file.entry(source.path.clone()).or_default() += taken.len();
        }
        if applied == 0 {
            break;
        }
    }
    // Only a file that is a regular file under the name shown can be written (a name that
    // is not valid UTF-8 is shown escaped: that path is another file).
    for (path, n) in per_file {
        let target = conf.join(&path);
        let regular = std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
        if regular {
            report.fixed += n;
            report.files.push(path);
        } else {
            report.skipped.push(path);
        }
    }
    for path in &report.files {
        let before = files.iter().find(|f| &f.path == path);
        let after = current.iter().find(|f| &f.path == path);
        let (Some(before), Some(after)) = (before, after) else {
            continue;
        };
        let (Entry::Bytes(old), Entry::Bytes(new)) = (&before.entry, &after.entry) else {
            continue;
        };
        if dry_run {
            let old_text = crate::SourceFile::new(path.as_str(), old).text;
            let new_text = crate::SourceFile::new(path.as_str(), new).text;
            report.diff.push_str(
                &similar::TextDiff::from_lines(&old_text, &new_text)
                    .unified_diff()
                    .header(&format!("a/{path}"), &format!("b/{path}"))
                    .to_string(),
            );
            continue;
        }
        let target = conf.join(path);
        let folder = target.parent().unwrap_or(conf);
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let permissions = std::fs::metadata(&target).ok().map(|m| m.permissions());
        crate::output_dir::write_atomic_with(folder, &name, new, permissions)
            .map_err(|e| E::from(format!("cannot write `{}`: {e}", target.display())))?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(range: Range<usize>, content: &str) -> Edit {
        Edit::replace(0, range, content)
    }

    #[test]
    fn applies_edits_in_offset_order_whatever_the_given_order() {
        let text = "<A Connector=\"AzureAd\" Agent=\"locl\" />";
        let edits = [e(30..34, "Local"), e(14..21, "AzureAD")];
        assert_eq!(
            apply_fixes(text, &edits),
            "<A Connector=\"AzureAD\" Agent=\"Local\" />"
        );
    }

    #[test]
    fn skips_an_edit_overlapping_an_earlier_one() {
        let text = "0123456789";
        let edits = [e(2..5, "a"), e(4..6, "b"), e(6..8, "c"), e(0..1, "")];
        assert_eq!(apply_fixes(text, &edits), "1a5c89");
    }

    #[test]
    fn insertions_and_touching_edits() {
        let text = "abc";
        let edits = [e(1..1, "X"), e(1..2, "Y"), e(3..3, "!")];
        assert_eq!(apply_fixes(text, &edits), "aXYc!");
        assert_eq!(apply_fixes(text, &[e(0..3, "")]), "");
        assert_eq!(apply_fixes(text, &[]), "abc");
    }

    #[test]
    fn skips_edits_outside_the_text_or_off_a_character_boundary() {
        let text = "é7";
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = e(3..2, "z");
        let edits = [e(1..2, "x"), e(2..9, "y"), reversed, e(2..3, "0")];
        assert_eq!(apply_fixes(text, &edits), "é0");
    }

    #[test]
    fn escaping_keeps_the_attribute_well_formed() {
        assert_eq!(
            escape_attr_value("R&D <\"x\">"),
            "R&amp;D &lt;&quot;x&quot;&gt;"
        );
        assert_eq!(escape_attr_value("it's"), "it&apos;s");
        assert_eq!(escape_attr_value("a\tb\nc\rd"), "a&#x9;b&#xA;c&#xD;d");
        assert_eq!(escape_attr_value("AzureAD é"), "AzureAD é");
        let edit = Edit::replace_attr_value(0, 3..5, "R&D");
        assert_eq!(
            apply_fixes(
                "<A B=\"rd\"/>",
                &[Edit {
                    range: 6..8,
                    ..edit
                }]
            ),
            "<A B=\"R&amp;D\"/>"
        );
    }

    #[test]
    fn removing_an_attribute_or_an_element() {
        let text = "<R>\n  <A B=\"1\"\n     C='2' D=\"3\"/>\n  <E>x</E>\n</R>\n";
        let parsed = crate::xml::parse(text, 0);
        let root = parsed.root(text).unwrap();
        let a = root.children().next().unwrap();
        let remove = |name: &str| remove_attribute(text, 0, &a.attr(name).unwrap()).unwrap();
        assert_eq!(
            apply_fixes(text, &[remove("C")]),
            "<R>\n  <A B=\"1\" D=\"3\"/>\n  <E>x</E>\n</R>\n"
        );
        assert_eq!(
            apply_fixes(text, &[remove("B"), remove("D")]),
            "<R>\n  <A\n     C='2'/>\n  <E>x</E>\n</R>\n"
        );
        let e = remove_element(text, 0, &root.children().nth(1).unwrap()).unwrap();
        assert_eq!(
            apply_fixes(text, &[e]),
            "<R>\n  <A B=\"1\"\n     C='2' D=\"3\"/>\n</R>\n"
        );
        let inline = "<R><A/><E/></R>";
        let parsed = crate::xml::parse(inline, 0);
        let root = parsed.root(inline).unwrap();
        let e = remove_element(inline, 0, &root.children().next().unwrap()).unwrap();
        assert_eq!(apply_fixes(inline, &[e]), "<R><E/></R>");
    }

    #[test]
    fn codes_with_a_fix_are_rules() {
        for code in CODES_WITH_FIX {
            assert!(
                crate::rules::RULES.iter().any(|r| r.code == *code),
                "{code}"
            );
        }
    }

    #[test]
    fn applicability_of_a_suggestion() {
        assert_eq!(
            suggestion_applicability("AzureAd", "AzureAD"),
            Applicability::Safe
        );
        assert_eq!(suggestion_applicability("ÉTÉ", "été"), Applicability::Safe);
        assert_eq!(
            suggestion_applicability("AzurAD", "AzureAD"),
            Applicability::Unsafe
        );
        assert_eq!(
            suggestion_applicability("Azure", "AzureAD"),
            Applicability::Unsafe
        );
        let f = Fix::did_you_mean(3, 10..17, "AzureAd", "AzureAD", true);
        assert_eq!(f.message, "replace `AzureAd` with `AzureAD`");
        assert_eq!(f.applicability, Applicability::Safe);
        assert_eq!(f.edits, [Edit::replace(3, 10..17, "AzureAD")]);
    }

    #[test]
    fn a_fix_is_taken_whole_or_not_at_all() {
        let fix = |a, edits: Vec<Edit>| Fix {
            applicability: a,
            message: String::new(),
            edits,
        };
        let fixes = [
            fix(Applicability::Safe, vec![e(0..2, "a"), e(8..9, "b")]),
            fix(Applicability::Safe, vec![e(4..5, "c"), e(8..10, "d")]),
            fix(Applicability::Safe, vec![e(4..5, "e")]),
            fix(Applicability::Unsafe, vec![e(6..7, "f")]),
            fix(Applicability::Safe, vec![Edit::replace(1, 6..7, "g")]),
        ];
        let safe = edits_for_file(&fixes, 0, |f| f.applicability == Applicability::Safe);
        assert_eq!(safe, [e(0..2, "a"), e(8..9, "b"), e(4..5, "e")]);
        assert_eq!(apply_fixes("0123456789", &safe), "a23e567b9");
        let all = edits_for_file(&fixes, 0, |_| true);
        assert_eq!(all.len(), 4);
    }
}
