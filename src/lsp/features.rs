//! Hover, definition, references, code actions and symbols, answered from one [`Snapshot`].

use std::collections::HashMap;

use lsp_types as lsp;

use super::convert::{self, Encoding};
use crate::cron::DateTime;
use crate::index::{Location, Part, RefKind};
use crate::workspace::Snapshot;
use crate::FileId;

/// The most lines of generated XML a hover shows before it says how many elements are left.
pub const MAX_HOVER_LINES: usize = 120;
/// The most workspace symbols answered.
pub const MAX_WORKSPACE_SYMBOLS: usize = 2000;

/// The settings the features read: the negotiated encoding and the clock of cron hovers.
pub struct Features {
    pub encoding: Encoding,
    pub now: DateTime,
}

type UriOf<'a> = &'a dyn Fn(&str) -> lsp::Uri;

/// What a kind of declaration is called in hovers.
pub fn kind_name(kind: RefKind) -> &'static str {
    match kind {
        RefKind::Agent => "agent",
        RefKind::Connector => "connector",
        RefKind::Connection => "connection",
        RefKind::EntityType => "entity type",
        RefKind::ResourceType => "resource type",
        RefKind::OpenIdClient => "OpenId client",
        RefKind::Profile => "profile",
        RefKind::Task => "task",
        RefKind::Job => "job",
        RefKind::AccessControlRule => "access-control rule",
        RefKind::EntityPropertyExpression => "entity property expression",
        RefKind::OtherGenerated => "generated element",
    }
}

fn symbol_kind(element: &str) -> lsp::SymbolKind {
    match element {
        "Agent" => lsp::SymbolKind::NAMESPACE,
        "Connector" => lsp::SymbolKind::MODULE,
        "Connection" => lsp::SymbolKind::INTERFACE,
        "EntityType" => lsp::SymbolKind::CLASS,
        "ResourceType" => lsp::SymbolKind::STRUCT,
        "OpenIdClient" => lsp::SymbolKind::KEY,
        "Profile" => lsp::SymbolKind::OBJECT,
        "Job" => lsp::SymbolKind::FUNCTION,
        e if crate::model::is_scaffolding(e) => lsp::SymbolKind::CONSTRUCTOR,
        e if crate::model::is_task(e) => lsp::SymbolKind::METHOD,
        _ => lsp::SymbolKind::FIELD,
    }
}

fn ref_symbol_kind(kind: RefKind) -> lsp::SymbolKind {
    match kind {
        RefKind::Agent => symbol_kind("Agent"),
        RefKind::Connector => symbol_kind("Connector"),
        RefKind::Connection => symbol_kind("Connection"),
        RefKind::EntityType => symbol_kind("EntityType"),
        RefKind::ResourceType => symbol_kind("ResourceType"),
        RefKind::OpenIdClient => symbol_kind("OpenIdClient"),
        RefKind::Profile => symbol_kind("Profile"),
        RefKind::Task => lsp::SymbolKind::METHOD,
        RefKind::Job => lsp::SymbolKind::FUNCTION,
        RefKind::AccessControlRule => lsp::SymbolKind::KEY,
        RefKind::EntityPropertyExpression => lsp::SymbolKind::PROPERTY,
        RefKind::OtherGenerated => lsp::SymbolKind::OBJECT,
    }
}

fn markdown(value: String) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: None,
    }
}

/// XML elements in a Markdown code block, cut after [`MAX_HOVER_LINES`] lines (whole
/// elements; at least one) with the count of those left out.
pub fn xml_block<'x>(elements: impl ExactSizeIterator<Item = &'x str>) -> String {
    let total = elements.len();
    let mut out = String::from("```xml\n");
    let (mut lines, mut shown) = (0, 0);
    for xml in elements {
        let n = xml.lines().count();
        if shown > 0 && lines + n > MAX_HOVER_LINES {
            break;
        }
        out.push_str(xml);
        if !xml.ends_with('\n') {
            out.push('\n');
        }
        lines += n;
        shown += 1;
    }
    out.push_str("```\n");
    if shown < total {
        out.push_str(&format!("\n... {} more: `scaffc expand`\n", total - shown));
    }
    out
}

impl Features {
    fn location(&self, snap: &Snapshot, at: &Location, uri_of: UriOf<'_>) -> lsp::Location {
        let f = snap.sources.file(at.file);
        lsp::Location::new(uri_of(&f.path), convert::range(f, &at.range, self.encoding))
    }

    fn offset(&self, snap: &Snapshot, file: FileId, pos: lsp::Position) -> usize {
        convert::offset(snap.sources.file(file), pos, self.encoding)
    }

    /// Hover: what a scaffolding generates; what a reference names (or the generated task
    /// or job's XML); a cron expression's reading and next runs.
    pub fn hover(
        &self,
        snap: &Snapshot,
        file: FileId,
        pos: lsp::Position,
        _uri_of: UriOf<'_>,
    ) -> Option<lsp::Hover> {
        let offset = self.offset(snap, file, pos);
        let hit = snap.at(file, offset)?;
        let index = snap.index();
        if let Part::AttrValue { name, value, .. } = &hit.part {
            let cron = name == "CronTabExpression"
                || (hit.element == "CronTabExpression" && name == "CronTab");
            if cron {
                let zone = index.attribute_at(file, offset, "CronTimeZone");
                return Some(markdown(self.cron(value, zone.as_deref())));
            }
            if let Some((kind, id)) = hit.reference.as_ref().or(hit.declares.as_ref()) {
                return Some(markdown(self.named(snap, *kind, id)));
            }
            let (g, task) = scaffolding_task(snap, file, offset, &hit.element, name, value)?;
            let mut text = format!(
                "**task** `{}` generated by **{}**\n\n",
                task.identifier, g.kind
            );
            text.push_str(&xml_block(std::iter::once(task.xml.as_str())));
            return Some(markdown(text));
        }
        let g = index.generation_at(file, offset)?;
        if g.element.range != hit.element_range {
            return None;
        }
        if let Some(why) = g.not_expanded {
            return Some(markdown(format!(
                "**{}** is checked but not expanded: {why}; the product generates its elements at deployment",
                g.kind
            )));
        }
        let mut text = format!(
            "**{}** generates {}:\n\n",
            g.kind,
            match g.elements.len() {
                1 => "1 element".to_string(),
                n => format!("{n} elements"),
            }
        );
        text.push_str(&xml_block(g.elements.iter().map(|e| e.xml.as_str())));
        if !g.produces.is_empty() {
            text.push_str("\nthrough the scaffoldings it produces:\n");
            for p in &g.produces {
                text.push_str(&format!("- {p}\n"));
            }
        }
        Some(markdown(text))
    }

    /// What `id` of `kind` is: a generated job or task's XML, or where it is declared.
    fn named(&self, snap: &Snapshot, kind: RefKind, id: &str) -> String {
        let index = snap.index();
        let declarations = snap.declarations(kind, id);
        let Some(first) = declarations.first() else {
            return format!("{} `{id}`: not declared", kind_name(kind));
        };
        // Generated (by the scaffolding at one of its declarations): its XML, at the
        // scaffolding; a hand-written override of it is a declaration too.
        let generated_at = declarations
            .iter()
            .find(|d| index.generations().iter().any(|g| g.name == **d));
        let generated = generated_at.and_then(|_| index.generated_element(kind, id));
        let first = generated_at
            .filter(|_| generated.is_some())
            .unwrap_or(first);
        let f = snap.sources.file(first.file);
        let line = f.line_col(first.range.start).line;
        let mut text = format!("**{}** `{id}`", kind_name(kind));
        if let Some(name) = index.display_name(first, id) {
            text.push_str(&format!(": {name}"));
        }
        match generated {
            Some(g) => {
                text.push_str(&format!("\n\ngenerated at {}:{line}\n\n", f.path));
                text.push_str(&xml_block(std::iter::once(g.xml.as_str())));
            }
            None => text.push_str(&format!("\n\ndeclared in {}:{line}", f.path)),
        }
        if declarations.len() > 1 {
            text.push_str(&format!("\n\n({} declarations)", declarations.len()));
        }
        text
    }

    /// A cron expression: its plain-English reading and next three runs.
    fn cron(&self, expr: &str, zone: Option<&str>) -> String {
        let six = expr.split_whitespace().count() == 6;
        let report = crate::cron_report(expr, six);
        let Some(schedule) = &report.schedule else {
            let why = report
                .diagnostics
                .first()
                .map_or(String::new(), |d| d.message.clone());
            return format!("`{expr}`: not a valid NCrontab expression: {why}");
        };
        let server = zone.is_some_and(|z| z.eq_ignore_ascii_case("ServerTime") || z == "1");
        let unit = if server { "server time" } else { "UTC" };
        let mut text = format!(
            "`{expr}`: {}\n\nnext runs ({unit}):\n",
            crate::schedule::reading(schedule)
        );
        let runs: Vec<DateTime> = report.occurrences(self.now).take(3).collect();
        if runs.is_empty() {
            text.push_str("- never\n");
        }
        for t in runs {
            text.push_str(&format!("- {t}\n"));
        }
        text
    }

    /// From a reference value to its declarations (a generated job or task: the scaffolding
    /// that generates it).
    pub fn definition(
        &self,
        snap: &Snapshot,
        file: FileId,
        pos: lsp::Position,
        uri_of: UriOf<'_>,
    ) -> Option<Vec<lsp::Location>> {
        let offset = self.offset(snap, file, pos);
        let hit = snap.at(file, offset)?;
        if let Part::AttrValue { name, value, .. } = &hit.part {
            if let Some((g, _)) = scaffolding_task(snap, file, offset, &hit.element, name, value) {
                return Some(vec![self.location(snap, &g.name, uri_of)]);
            }
        }
        // A reference leads to its declarations; an override's `Identifier` (a hand-written
        // element that a scaffolding generates too) to the scaffolding that generates it.
        let (kind, id, here) = match (hit.reference, hit.declares, &hit.part) {
            (Some((k, id)), _, _) => (k, id, None),
            (None, Some((k, id)), Part::AttrValue { range, .. }) => (k, id, Some(range.clone())),
            _ => return None,
        };
        let out: Vec<lsp::Location> = snap
            .declarations(kind, &id)
            .iter()
            .filter(|l| here.as_ref() != Some(&l.range) || l.file != file)
            .map(|l| self.location(snap, l, uri_of))
            .collect();
        (!out.is_empty()).then_some(out)
    }

    /// From a declaration's `Identifier` value (or a reference) to every reference.
    pub fn references(
        &self,
        snap: &Snapshot,
        file: FileId,
        pos: lsp::Position,
        include_declaration: bool,
        uri_of: UriOf<'_>,
    ) -> Vec<lsp::Location> {
        let Some(hit) = snap.at(file, self.offset(snap, file, pos)) else {
            return Vec::new();
        };
        let Some((kind, id)) = hit.declares.or(hit.reference) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if include_declaration {
            out.extend(snap.declarations(kind, &id).iter().cloned());
        }
        out.extend(snap.references(kind, &id).iter().cloned());
        out.iter().map(|l| self.location(snap, l, uri_of)).collect()
    }

    /// A code action applying `edits` (of any files of the snapshot).
    // `lsp::WorkspaceEdit` keys its changes by `Uri`, which clippy takes for mutable.
    #[allow(clippy::mutable_key_type)]
    fn action(
        &self,
        snap: &Snapshot,
        title: String,
        kind: lsp::CodeActionKind,
        edits: &[crate::Edit],
        diagnostic: Option<&crate::Diagnostic>,
        uri_of: UriOf<'_>,
    ) -> lsp::CodeActionOrCommand {
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for e in edits {
            let f = snap.sources.file(e.file);
            changes
                .entry(uri_of(&f.path))
                .or_default()
                .push(lsp::TextEdit::new(
                    convert::range(f, &e.range, self.encoding),
                    e.content.clone(),
                ));
        }
        let quick = kind == lsp::CodeActionKind::QUICKFIX;
        lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
            title,
            kind: Some(kind),
            diagnostics: diagnostic
                .map(|d| vec![convert::diagnostic(d, &snap.sources, uri_of, self.encoding)]),
            edit: Some(lsp::WorkspaceEdit::new(changes)),
            is_preferred: diagnostic
                .and_then(|d| d.fix.as_ref())
                .filter(|_| quick)
                .map(|f| f.applicability == crate::Applicability::Safe),
            ..Default::default()
        })
    }

    /// For each diagnostic of `file` whose range meets `range`: "suppress" and its fix, as
    /// quick fixes; then every safe fix of the file at once (`source.fixAll`).
    pub fn code_actions(
        &self,
        snap: &Snapshot,
        file: FileId,
        range: lsp::Range,
        uri_of: UriOf<'_>,
    ) -> Vec<lsp::CodeActionOrCommand> {
        let start = self.offset(snap, file, range.start);
        let end = self.offset(snap, file, range.end);
        let mut out = Vec::new();
        for d in &snap.diagnostics {
            let r = &d.primary.range;
            if d.primary.file != file || r.start > end || r.end < start {
                continue;
            }
            if let Some((at, text, title)) = suppression(snap, file, d) {
                let edit = crate::Edit::replace(file, at..at, text);
                let mut quiet = d.clone();
                quiet.fix = None;
                let kind = lsp::CodeActionKind::QUICKFIX;
                out.push(self.action(snap, title, kind, &[edit], Some(&quiet), uri_of));
            }
            if let Some(fix) = &d.fix {
                let kind = lsp::CodeActionKind::QUICKFIX;
                out.push(self.action(snap, fix.message.clone(), kind, &fix.edits, Some(d), uri_of));
            }
        }
        // What `check --fix` does to this file.
        let fixes: Vec<&crate::Fix> = snap
            .diagnostics
            .iter()
            .filter(|d| d.primary.file == file)
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.edits.iter().all(|e| e.file == file))
            .collect();
        let edits = crate::fix::edits_for_file(fixes.iter().copied(), file, |f| {
            f.applicability == crate::Applicability::Safe
        });
        if !edits.is_empty() {
            out.push(self.action(
                snap,
                "scaffc: fix all safe problems of this file".into(),
                lsp::CodeActionKind::SOURCE_FIX_ALL,
                &edits,
                None,
                uri_of,
            ));
        }
        out
    }

    /// The file's outline: its root-level elements (a job with its tasks, a scaffolding
    /// with the jobs it generates).
    pub fn document_symbols(&self, snap: &Snapshot, file: FileId) -> Vec<lsp::DocumentSymbol> {
        let f = snap.sources.file(file);
        let enc = self.encoding;
        #[allow(deprecated)]
        fn symbol(
            name: String,
            detail: Option<String>,
            kind: lsp::SymbolKind,
            range: lsp::Range,
            selection: lsp::Range,
            children: Vec<lsp::DocumentSymbol>,
        ) -> lsp::DocumentSymbol {
            lsp::DocumentSymbol {
                name,
                detail,
                kind,
                tags: None,
                deprecated: None,
                range,
                selection_range: selection,
                children: (!children.is_empty()).then_some(children),
            }
        }
        let index = snap.index();
        let convert_item = |it: &crate::OutlineItem| {
            let detail = match &it.display_name {
                Some(d) => format!("{} · {d}", it.element),
                None => it.element.clone(),
            };
            (
                it.identifier.clone().unwrap_or_else(|| it.element.clone()),
                Some(detail),
                symbol_kind(&it.element),
                convert::range(f, &it.range, enc),
                convert::range(f, &it.selection, enc),
            )
        };
        index
            .outline(file)
            .iter()
            .map(|it| {
                let (name, detail, kind, range, selection) = convert_item(it);
                let mut children: Vec<lsp::DocumentSymbol> = it
                    .children
                    .iter()
                    .map(|c| {
                        let (n, d, k, r, s) = convert_item(c);
                        symbol(n, d, k, r, s, Vec::new())
                    })
                    .collect();
                let generated = index
                    .generations()
                    .iter()
                    .find(|g| g.element.file == file && g.element.range == it.range);
                if let Some(g) = generated {
                    children.extend(g.elements.iter().map(|e| {
                        symbol(
                            e.identifier.clone(),
                            Some(format!("generated {}", e.element)),
                            ref_symbol_kind(e.kind),
                            range,
                            selection,
                            Vec::new(),
                        )
                    }));
                }
                symbol(name, detail, kind, range, selection, children)
            })
            .collect()
    }

    /// Every declared and generated identifier whose name contains `query` (any case).
    #[allow(deprecated)]
    pub fn workspace_symbols(
        &self,
        snap: &Snapshot,
        query: &str,
        uri_of: UriOf<'_>,
    ) -> Vec<lsp::SymbolInformation> {
        let query = query.to_lowercase();
        snap.index()
            .all_identifiers()
            .filter(|(_, id, _)| id.to_lowercase().contains(&query))
            .take(MAX_WORKSPACE_SYMBOLS)
            .map(|(kind, id, at)| lsp::SymbolInformation {
                name: id.to_string(),
                kind: ref_symbol_kind(kind),
                tags: None,
                deprecated: None,
                location: self.location(snap, at, uri_of),
                container_name: Some(kind_name(kind).to_string()),
            })
            .collect()
    }
}

/// On the value of `AddTask TaskToCompareWith` or `LinkDependTask Task` / `DependOn`: the
/// scaffolding around it and the generated task the value names.
fn scaffolding_task<'s>(
    snap: &'s Snapshot,
    file: FileId,
    offset: usize,
    element: &str,
    attr: &str,
    value: &str,
) -> Option<(&'s crate::Generation, &'s crate::GeneratedElement)> {
    let names_a_task = matches!(
        (element, attr),
        ("AddTask", "TaskToCompareWith") | ("LinkDependTask", "Task" | "DependOn")
    );
    if !names_a_task {
        return None;
    }
    let g = snap.index().generation_at(file, offset)?;
    Some((g, g.task_named(value)?))
}

/// The suppression comment for a diagnostic: (where to insert it, the text, the title).
/// Before the innermost element holding the diagnostic, on a line of its own with the same
/// indentation; at the root, a file-level comment after the root's start tag. None for
/// what cannot be suppressed (`xml-syntax`) or suppressions themselves.
fn suppression(
    snap: &Snapshot,
    file: FileId,
    d: &crate::Diagnostic,
) -> Option<(usize, String, String)> {
    use crate::rules::RuleId;
    if matches!(d.code, RuleId::XmlSyntax | RuleId::UnusedSuppression) {
        return None;
    }
    let text = &snap.sources.file(file).text;
    let code = d.code.code();
    match snap.index().element_at(file, d.primary.range.start) {
        Some((range, _)) => {
            let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..range.start];
            let comment = format!("<!-- scaffc-ignore {code} -->");
            let insert = if indent.trim().is_empty() {
                format!("{comment}\n{indent}")
            } else {
                format!("{comment} ")
            };
            Some((
                range.start,
                insert,
                format!("scaffc: suppress `{code}` for this element"),
            ))
        }
        None => {
            let (_, after_start_tag) = snap.index().root_at(file)?;
            Some((
                after_start_tag,
                format!("\n  <!-- scaffc-ignore-file {code} -->"),
                format!("scaffc: suppress `{code}` in this file"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_generation_is_cut_after_whole_elements() {
        let big = "<A>\n".repeat(MAX_HOVER_LINES - 1);
        let small = "<B/>\n".to_string();
        let list = [big.as_str(), small.as_str(), small.as_str(), small.as_str()];
        let out = xml_block(list.iter().copied());
        assert!(out.starts_with("```xml\n<A>"), "{out}");
        assert_eq!(out.matches("<B/>").count(), 1, "{out}");
        assert!(
            out.ends_with("```\n\n... 2 more: `scaffc expand`\n"),
            "{out}"
        );
        // One element is always shown, however long.
        let huge = "<A>\n".repeat(MAX_HOVER_LINES * 2);
        let out = xml_block([huge.as_str(), "<B/>"].into_iter());
        assert!(out.contains("<A>") && out.contains("1 more"), "{out}");
    }
}
