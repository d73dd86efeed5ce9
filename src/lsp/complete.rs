//! Completion. Half-typed XML is the normal state while typing, so the context is read
//! from the text before the cursor, not from the tree: the open elements (a forward scan
//! of the tags), the start tag the cursor is in, and whether it is in an element name, an
//! attribute name or a quoted value.
//!
//! - In a value: the identifiers of the kind the attribute names (with display names), the
//!   tasks the enclosing scaffolding generates for `AddTask TaskToCompareWith` and
//!   `LinkDependTask`, or the names of an enumeration or a boolean;
//! - in a start tag: the attributes the element kind accepts and has not got yet;
//! - after `<` inside a scaffolding, a job or a task: the elements it accepts.

use lsp_types as lsp;

use super::convert::{self, Encoding};
use super::features::kind_name;
use crate::index::RefKind;
use crate::model::schema::{self, AttrType};
use crate::workspace::Snapshot;
use crate::FileId;

/// Where the cursor is.
#[derive(Debug, PartialEq, Eq)]
enum Context<'t> {
    /// Typing an element's name after `<`: its parent's name.
    ElementName { parent: Option<&'t str> },
    /// In a start tag, outside a value.
    AttrName {
        element: &'t str,
        parent: Option<&'t str>,
        /// The attributes the tag already has.
        present: Vec<&'t str>,
        /// The partial name before the cursor.
        typed: std::ops::Range<usize>,
    },
    /// In a quoted value.
    Value {
        element: &'t str,
        parent: Option<&'t str>,
        /// The parent's `<` (a scaffolding's tasks are found by it).
        parent_at: Option<usize>,
        attr: &'t str,
        /// The value's range (quotes excluded; up to the closing quote, or the cursor).
        range: std::ops::Range<usize>,
    },
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':') || b >= 0x80
}

/// The local part of a qualified name.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The elements open at `end` (names and the offsets of their `<`), outermost first;
/// `None` when `end` is inside a comment, a CDATA section or a processing instruction.
fn open_elements(text: &str, end: usize) -> Option<Vec<(&str, usize)>> {
    let b = text.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..end]) {
        let lt = i + p;
        let rest = &text[lt..end];
        let skip_to = |pat: &str| rest.find(pat).map(|k| lt + k + pat.len());
        let next = if rest.starts_with("<!--") {
            Some(skip_to("-->")?)
        } else if rest.starts_with("<![CDATA[") {
            Some(skip_to("]]>")?)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            Some(skip_to(">")?)
        } else {
            // A tag: its end is the first `>` outside quotes.
            let mut quote = None;
            let mut close = None;
            for (k, &c) in b[lt..end].iter().enumerate() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(c),
                    (None, b'>') => {
                        close = Some(lt + k);
                        break;
                    }
                    _ => {}
                }
            }
            let Some(close) = close else {
                // The tag the cursor is in.
                break;
            };
            let tag = &text[lt + 1..close];
            if let Some(name) = tag.strip_prefix('/') {
                let name = name.trim();
                // The innermost open element of that name, among the last few: a document
                // of mismatched end tags does not make this quadratic.
                let lowest = stack.len().saturating_sub(64);
                if let Some(k) = stack[lowest..]
                    .iter()
                    .rposition(|(n, _): &(&str, usize)| *n == name)
                {
                    stack.truncate(lowest + k);
                }
            } else if !tag.ends_with('/') {
                let len = tag.bytes().take_while(|&c| is_name_byte(c)).count();
                stack.push((&tag[..len], lt));
            }
            Some(close + 1)
        };
        match next {
            Some(n) => i = n,
            None => break,
        }
    }
    Some(stack)
}

/// The completion context at byte `offset` of `text`, if the cursor is in a start tag.
fn context(text: &str, offset: usize) -> Option<Context<'_>> {
    let before = &text[..offset];
    let lt = before.rfind('<')?;
    let b = text.as_bytes();
    // Inside a tag: no `>` outside quotes between its `<` and the cursor.
    let mut quote: Option<(u8, usize)> = None;
    for (k, &c) in b[lt..offset].iter().enumerate() {
        match (quote, c) {
            (Some((q, _)), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some((c, lt + k)),
            (None, b'>') => return None,
            _ => {}
        }
    }
    if matches!(b.get(lt + 1), Some(b'/' | b'!' | b'?')) {
        return None;
    }
    let open = open_elements(text, lt)?;
    let parent = open.last().map(|(n, _)| local(n));
    // The root's children have no parent as the reference sites see it.
    let site_parent = (open.len() > 1).then_some(parent).flatten();
    let name_len = b[lt + 1..offset]
        .iter()
        .take_while(|&&c| is_name_byte(c))
        .count();
    if lt + 1 + name_len == offset {
        return Some(Context::ElementName { parent });
    }
    let element = local(&text[lt + 1..lt + 1 + name_len]);
    // The tag's attributes, up to its end (or the next `<`).
    let tag_end = text[offset..]
        .find(['>', '<'])
        .map_or(text.len(), |k| offset + k);
    if let Some((q, open_quote)) = quote {
        let name_end = text[..open_quote]
            .trim_end()
            .strip_suffix('=')?
            .trim_end()
            .len();
        let name_start = text[..name_end]
            .bytes()
            .rposition(|c| !is_name_byte(c))
            .map_or(0, |k| k + 1);
        let close = text[offset..tag_end]
            .bytes()
            .position(|c| c == q)
            .map_or(offset, |k| offset + k);
        return Some(Context::Value {
            element,
            parent: site_parent,
            parent_at: open.last().map(|(_, at)| *at),
            attr: &text[name_start..name_end],
            range: open_quote + 1..close,
        });
    }
    let mut present = Vec::new();
    let tag = &text[lt + 1 + name_len..tag_end];
    let mut quoted = None;
    let mut word_start = None;
    for (k, c) in tag.bytes().enumerate() {
        match (quoted, c) {
            (Some(q), c) if c == q => quoted = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quoted = Some(c),
            (None, c) if is_name_byte(c) => {
                word_start.get_or_insert(k);
            }
            (None, b'=') => {
                if let Some(s) = word_start.take() {
                    present.push(tag[s..k].trim());
                }
            }
            _ => {
                if let Some(s) = word_start {
                    // A name followed by space then `=`.
                    if tag[k..].trim_start().starts_with('=') {
                        present.push(&tag[s..k]);
                    }
                }
                word_start = None;
            }
        }
    }
    let typed_len = b[..offset]
        .iter()
        .rev()
        .take_while(|&&c| is_name_byte(c))
        .count();
    Some(Context::AttrName {
        element,
        parent: site_parent,
        present,
        typed: offset - typed_len..offset,
    })
}

/// The spec of an element kind, given its parent's name as the sites see it.
fn spec(element: &str, parent: Option<&str>) -> Option<&'static schema::ElementSpec> {
    match parent {
        None => schema::root_element(element),
        Some(p) => schema::child_element(p, element),
    }
}

/// The completion items at `pos` of `file`.
/// The completion items at `pos` of `file`. `parsed`: the last analysis in which this
/// document parsed (half-typed XML does not), for the tasks of the scaffolding around the
/// cursor, which the current text may not show.
pub fn complete(
    snap: &Snapshot,
    file: FileId,
    pos: lsp::Position,
    enc: Encoding,
    parsed: Option<&Snapshot>,
) -> Vec<lsp::CompletionItem> {
    let source = snap.sources.file(file);
    let offset = convert::offset(source, pos, enc);
    let Some(cx) = context(&source.text, offset) else {
        return Vec::new();
    };
    let edit = |range: &std::ops::Range<usize>, text: String| {
        Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            convert::range(source, range, enc),
            text,
        )))
    };
    match cx {
        Context::ElementName { parent } => parent
            .map(schema::child_names)
            .unwrap_or_default()
            .into_iter()
            .map(|name| lsp::CompletionItem {
                label: name.to_string(),
                kind: Some(lsp::CompletionItemKind::CLASS),
                ..Default::default()
            })
            .collect(),
        Context::AttrName {
            element,
            parent,
            present,
            typed,
        } => spec(element, parent)
            .map_or(&[][..], |s| s.attrs)
            .iter()
            .filter(|a| !present.contains(&a.name))
            .map(|a| lsp::CompletionItem {
                label: a.name.to_string(),
                kind: Some(lsp::CompletionItemKind::PROPERTY),
                detail: Some(if a.required {
                    format!("{element}: required")
                } else {
                    element.to_string()
                }),
                text_edit: edit(&typed, format!("{}=\"\"", a.name)),
                ..Default::default()
            })
            .collect(),
        Context::Value {
            element,
            parent,
            parent_at,
            attr,
            range,
        } => {
            let index = snap.index();
            // The tasks of the enclosing scaffolding.
            let scaffolding_task = matches!(
                (element, attr),
                ("AddTask", "TaskToCompareWith") | ("LinkDependTask", "Task" | "DependOn")
            );
            if scaffolding_task {
                // In the current analysis, else in the last one where the file parsed (the
                // scaffolding starts where it did when the typing is inside it).
                let current = parent_at.and_then(|at| index.generation_at(file, at));
                let earlier = || {
                    let old = parsed?;
                    let id = old.sources.find(&source.path)?;
                    old.index().generation_at(id, parent_at?)
                };
                let Some(g) = current.or_else(earlier) else {
                    return Vec::new();
                };
                // Named by their identifier without the job's, as the expansion reads them.
                return g
                    .tasks
                    .iter()
                    .map(|t| {
                        let local = g.local_id(t).to_string();
                        lsp::CompletionItem {
                            label: local.clone(),
                            kind: Some(lsp::CompletionItemKind::REFERENCE),
                            detail: Some(format!("{} {}", t.element, t.identifier)),
                            text_edit: edit(&range, local),
                            ..Default::default()
                        }
                    })
                    .collect();
            }
            let kind = if element == "Step" && parent == Some("Job") && attr == "Task" {
                Some(RefKind::Task)
            } else {
                crate::rules::references::site_kind(element, parent, attr)
            };
            if let Some(kind) = kind {
                return index
                    .identifiers(kind)
                    .map(|(id, at)| lsp::CompletionItem {
                        label: id.to_string(),
                        kind: Some(lsp::CompletionItemKind::REFERENCE),
                        detail: Some(match index.display_name(at, id) {
                            Some(name) => format!("{}: {name}", kind_name(kind)),
                            None => kind_name(kind).to_string(),
                        }),
                        text_edit: edit(&range, id.to_string()),
                        ..Default::default()
                    })
                    .collect();
            }
            let values: Vec<&str> = match spec(element, parent).and_then(|s| s.attr(attr)) {
                Some(a) => match a.ty {
                    AttrType::Enum(names) => names.iter().map(|(n, _)| *n).collect(),
                    AttrType::Bool => vec!["true", "false"],
                    _ => Vec::new(),
                },
                None => Vec::new(),
            };
            values
                .into_iter()
                .map(|v| lsp::CompletionItem {
                    label: v.to_string(),
                    kind: Some(lsp::CompletionItemKind::ENUM_MEMBER),
                    text_edit: edit(&range, v.to_string()),
                    ..Default::default()
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "<ConfigurationFile xmlns=\"urn:x\">\n";

    fn at(text: &str) -> (String, usize) {
        let offset = text.find('|').unwrap();
        (text.replacen('|', "", 1), offset)
    }

    #[test]
    fn the_context_is_read_from_the_text_before_the_cursor() {
        let (t, o) = at(&format!(
            "{ROOT}<Connector Identifier=\"C\" Agent=\"A|\" />"
        ));
        let Some(Context::Value {
            element,
            parent,
            attr,
            range,
            ..
        }) = context(&t, o)
        else {
            panic!("{:?}", context(&t, o));
        };
        assert_eq!((element, parent, attr), ("Connector", None, "Agent"));
        assert_eq!(&t[range], "A");

        // Half-typed: an unclosed quote, no end of tag.
        let (t, o) = at(&format!(
            "{ROOT}<CreateConnectorSynchroIncremental Connector=\"AD\">\n<LinkDependTask Task=\"Ex|"
        ));
        let Some(Context::Value {
            element,
            parent,
            attr,
            range,
            parent_at,
        }) = context(&t, o)
        else {
            panic!();
        };
        assert_eq!(
            (element, parent, attr),
            (
                "LinkDependTask",
                Some("CreateConnectorSynchroIncremental"),
                "Task"
            )
        );
        assert_eq!(&t[range], "Ex");
        assert_eq!(parent_at, t.find("<CreateConnector"));

        let (t, o) = at(&format!("{ROOT}<Job Identifier=\"J\">\n<!-- <x> -->\n<|"));
        assert_eq!(
            context(&t, o),
            Some(Context::ElementName {
                parent: Some("Job")
            })
        );

        let (t, o) = at(&format!(
            "{ROOT}<Connector Identifier=\"C\" Dis| Agent = \"A\"/>"
        ));
        let Some(Context::AttrName {
            element,
            present,
            typed,
            ..
        }) = context(&t, o)
        else {
            panic!();
        };
        assert_eq!(element, "Connector");
        assert_eq!(present, ["Identifier", "Agent"]);
        assert_eq!(&t[typed], "Dis");

        // Outside a tag, in a closing tag, in a comment: nothing.
        for text in [
            format!("{ROOT}<Job Identifier=\"J\">|"),
            format!("{ROOT}<Job Identifier=\"J\"></Jo|"),
            format!("{ROOT}<!-- <Jo|"),
        ] {
            let (t, o) = at(&text);
            assert_eq!(context(&t, o), None, "{text}");
        }
    }
}
