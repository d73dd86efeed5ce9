//! quick-xml events -> a small element tree that keeps the byte range of every element
//! name, attribute name and attribute value.
//!
//! The reader works on a `&str` (quick-xml's slice reader), so every name and raw value
//! borrows the file's text and its range is found by pointer arithmetic: quick-xml does
//! not expose attribute positions itself (see `../shared/reference/anchor-codebases.md`).

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// An attribute, with the ranges of its name and of its raw value (between the quotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub name_range: Range<usize>,
    /// The value with entities resolved and whitespace normalised as XML says.
    pub value: Cow<'a, str>,
    pub value_range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element<'a> {
    /// The name as written (possibly prefixed).
    pub name: &'a str,
    /// The name without its prefix: what the configuration model matches on.
    pub local: &'a str,
    pub name_range: Range<usize>,
    /// From the `<` of the start tag to the end of the end tag (or of the empty tag).
    pub range: Range<usize>,
    /// From the `<` to the `>` of the start tag (the whole tag for an empty element).
    pub start_tag: Range<usize>,
    pub attrs: Vec<Attr<'a>>,
    pub children: Vec<Element<'a>>,
}

impl<'a> Element<'a> {
    pub fn attr(&self, name: &str) -> Option<&Attr<'a>> {
        self.attrs.iter().find(|a| a.name == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|a| a.value.as_ref())
    }

    /// The children with the given local name.
    pub fn children_named<'s>(
        &'s self,
        local: &'s str,
    ) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.children.iter().filter(move |c| c.local == local)
    }

    pub fn child(&self, local: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.local == local)
    }
}

/// A well-formedness problem, located at the `<` of the bad markup where possible.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// A second place and what it is ("`<Job>` is opened here").
    pub related: Option<(Range<usize>, String)>,
}

impl SyntaxError {
    fn new(range: Range<usize>, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            range,
            message: message.into(),
            help: None,
            related: None,
        }
    }
}

/// The result of parsing one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed<'a> {
    /// The root element, when the file has one.
    pub root: Option<Element<'a>>,
    /// The encoding named by the XML declaration, and the range of its value.
    pub declared_encoding: Option<(String, Range<usize>)>,
    pub errors: Vec<SyntaxError>,
}

/// At most this many syntax errors are reported per file: after that the rest of the file
/// is mostly noise.
const MAX_ERRORS: usize = 20;

/// Parses `text` (a whole file); `start` is where the XML begins (after a byte-order mark).
pub fn parse(text: &str, start: usize) -> Parsed<'_> {
    let input = &text[start..];
    let mut reader = Reader::from_str(input);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.trim_text(false);

    let base = text.as_ptr() as usize;
    let offset_of = |s: &[u8]| -> Option<usize> {
        let p = s.as_ptr() as usize;
        (p >= base && p + s.len() <= base + text.len()).then(|| p - base)
    };

    let mut stack: Vec<Element<'_>> = Vec::new();
    let mut root: Option<Element<'_>> = None;
    let mut declared_encoding = None;
    let mut errors: Vec<SyntaxError> = Vec::new();
    let mut last_pos = u64::MAX;

    loop {
        let before = reader.buffer_position();
        let event = reader.read_event();
        let after = start + reader.buffer_position() as usize;
        match event {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                let mut el =
                    start_element(text, &e, start + before as usize, &offset_of, &mut errors);
                el.start_tag.end = after;
                stack.push(el);
            }
            Ok(Event::Empty(e)) => {
                let mut el =
                    start_element(text, &e, start + before as usize, &offset_of, &mut errors);
                el.range.end = after;
                el.start_tag.end = after;
                attach(&mut stack, &mut root, el, &mut errors);
            }
            Ok(Event::End(e)) => {
                // quick-xml checked the name against its own stack; ours can differ after a
                // recovered error, so close up to the element this end tag names.
                let name = e.name();
                close(&mut stack, &mut root, name.as_ref(), after, &mut errors);
            }
            Ok(Event::Decl(d)) => {
                if let Some(Ok(enc)) = d.encoding() {
                    let range = offset_of(enc.as_bytes())
                        .map(|o| o..o + enc.len())
                        .unwrap_or(start + before as usize..after);
                    declared_encoding = Some((enc.into_owned(), range));
                }
            }
            Ok(Event::Text(t)) => {
                if stack.is_empty() && !t.trim().is_empty() {
                    let pos = start + before as usize;
                    errors.push(SyntaxError::new(
                        pos..(pos + 1).min(text.len()),
                        "text outside the root element",
                    ));
                }
            }
            Ok(_) => {}
            Err(err) => {
                let pos = (start + reader.error_position() as usize).min(text.len());
                let end = after.max(pos + 1).min(text.len());
                let mut error = SyntaxError {
                    range: pos..end,
                    message: describe_error(&err),
                    help: None,
                    related: None,
                };
                use quick_xml::errors::IllFormedError;
                match &err {
                    quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag {
                        found, ..
                    })
                    | quick_xml::Error::IllFormed(IllFormedError::UnmatchedEndTag(found)) => {
                        // After an earlier mistake quick-xml's stack and ours differ: an end
                        // tag that closes our innermost element is not a new mistake.
                        if stack.last().is_some_and(|top| top.name == found.as_str()) {
                            close(&mut stack, &mut root, found, after, &mut errors);
                            continue;
                        }
                        if let Some(open) = stack.last() {
                            error.message = format!(
                                "`</{found}>` does not close the open element `<{}>`",
                                open.name
                            );
                            error.related = Some((
                                open.name_range.clone(),
                                format!("`<{}>` is opened here", open.name),
                            ));
                            error.help = Some(format!(
                                "close `<{0}>` before `</{found}>`: end its start tag with `/>`, or write `</{0}>`",
                                open.name
                            ));
                        }
                        if stack.iter().any(|el| el.name == found.as_str()) {
                            close(&mut stack, &mut root, found, after, &mut errors);
                        }
                    }
                    _ => {}
                }
                errors.push(error);
                // quick-xml can go on after most errors; stop when it makes no progress.
                if reader.buffer_position() == last_pos || errors.len() >= MAX_ERRORS {
                    break;
                }
                last_pos = reader.buffer_position();
            }
        }
    }
    if let Some(open) = stack.last() {
        if errors.is_empty() {
            errors.push(SyntaxError {
                range: open.range.start..open.name_range.end,
                message: format!("`<{}>` is never closed", open.name),
                help: Some(format!(
                    "end its start tag with `/>`, or write `</{}>` where it ends",
                    open.name
                )),
                related: None,
            });
        }
    }
    if root.is_none() && errors.is_empty() {
        errors.push(SyntaxError {
            range: start..start,
            message: "the file has no root element".to_string(),
            help: Some("a configuration file holds one `<ConfigurationFile>` element".to_string()),
            related: None,
        });
    }
    // Ranges built from a position and a length may cut a multi-byte character: widen them
    // to whole characters.
    for e in &mut errors {
        e.range = char_range(text, e.range.clone());
        if let Some((r, _)) = &mut e.related {
            *r = char_range(text, r.clone());
        }
    }
    Parsed {
        root,
        declared_encoding,
        errors,
    }
}

/// `range` clamped to the text and widened to character boundaries.
fn char_range(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Closes the innermost open element named `name` and every element opened inside it.
fn close<'a>(
    stack: &mut Vec<Element<'a>>,
    root: &mut Option<Element<'a>>,
    name: &str,
    end: usize,
    errors: &mut Vec<SyntaxError>,
) {
    let Some(depth) = stack.iter().rposition(|el| el.name == name) else {
        return;
    };
    while stack.len() > depth {
        if let Some(mut el) = stack.pop() {
            el.range.end = end;
            attach(stack, root, el, errors);
        }
    }
}

fn attach<'a>(
    stack: &mut [Element<'a>],
    root: &mut Option<Element<'a>>,
    el: Element<'a>,
    errors: &mut Vec<SyntaxError>,
) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(el);
    } else if root.is_none() {
        *root = Some(el);
    } else {
        errors.push(SyntaxError::new(
            el.range.start..el.name_range.end,
            format!("a second root element `<{}>`: a file has one root", el.name),
        ));
    }
}

fn start_element<'a>(
    text: &'a str,
    e: &BytesStart<'_>,
    lt: usize,
    offset_of: &impl Fn(&[u8]) -> Option<usize>,
    errors: &mut Vec<SyntaxError>,
) -> Element<'a> {
    let qname = e.name();
    let name_bytes = qname.as_ref();
    let name_start = offset_of(name_bytes.as_bytes()).unwrap_or(lt + 1);
    let name = text
        .get(name_start..name_start + name_bytes.len())
        .unwrap_or("");
    let local = name.rsplit(':').next().unwrap_or(name);
    let mut attrs = Vec::new();
    for a in e.attributes() {
        match a {
            Ok(a) => {
                let key = a.key.as_ref();
                let key_start = offset_of(key.as_bytes()).unwrap_or(name_start);
                let raw: &str = &a.value;
                let value_start = offset_of(raw.as_bytes()).unwrap_or(key_start);
                let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                    // Re-borrow from `text` so that the value lives as long as the file.
                    Ok(Cow::Borrowed(_)) => {
                        Cow::Borrowed(text.get(value_start..value_start + raw.len()).unwrap_or(""))
                    }
                    Ok(Cow::Owned(v)) => Cow::Owned(v),
                    Err(err) => {
                        errors.push(value_error(&err, value_start, raw.len()));
                        Cow::Owned(raw.to_string())
                    }
                };
                attrs.push(Attr {
                    name: text.get(key_start..key_start + key.len()).unwrap_or(""),
                    name_range: key_start..key_start + key.len(),
                    value,
                    value_range: value_start..value_start + raw.len(),
                });
            }
            Err(err) => {
                // Positions in AttrError are relative to the start of the tag's content,
                // which is the first byte of the name.
                let (rel, message) = describe_attr_error(&err);
                let pos = (name_start + rel).min(text.len());
                // Underline the attribute name when the error is at one (a duplicate).
                let len = text[pos..]
                    .find(|c: char| c == '=' || c.is_whitespace() || c == '>' || c == '/')
                    .unwrap_or(0)
                    .max(1);
                errors.push(SyntaxError::new(pos..pos + len, message));
                break;
            }
        }
    }
    Element {
        name,
        local,
        name_range: name_start..name_start + name_bytes.len(),
        range: lt..lt,
        start_tag: lt..lt,
        attrs,
        children: Vec::new(),
    }
}

/// An attribute value whose entities do not resolve: at the `&`, with the fix.
fn value_error(err: &quick_xml::Error, value_start: usize, len: usize) -> SyntaxError {
    use quick_xml::escape::EscapeError;
    let whole = value_start..value_start + len;
    match err {
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(r, name)) => {
            let mut e = SyntaxError::new(
                value_start + r.start.saturating_sub(1)..(value_start + r.end + 1).min(whole.end),
                format!("unknown entity `&{name};`"),
            );
            e.help = Some("write `&amp;` for a literal `&`; the entities are `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&apos;`".to_string());
            e
        }
        quick_xml::Error::Escape(EscapeError::UnterminatedEntity(r)) => {
            // `r` starts at the `&`.
            let at = (value_start + r.start)
                .min(whole.end.saturating_sub(1))
                .max(value_start);
            let mut e = SyntaxError::new(
                at..(at + 1).min(whole.end),
                "`&` starts an entity that is not closed by `;`",
            );
            e.help = Some("write `&amp;` for a literal `&`".to_string());
            e
        }
        other => SyntaxError::new(
            whole,
            format!("bad attribute value: {}", describe_error(other)),
        ),
    }
}

fn describe_attr_error(err: &AttrError) -> (usize, String) {
    match err {
        AttrError::ExpectedEq(p) => (*p, "expected `=` after the attribute name".to_string()),
        AttrError::ExpectedValue(p) => (*p, "expected a quoted attribute value".to_string()),
        AttrError::UnquotedValue(p) => (*p, "attribute values must be in quotes".to_string()),
        AttrError::ExpectedQuote(p, q) => (
            *p,
            format!("the attribute value is not closed by `{}`", *q as char),
        ),
        AttrError::Duplicated(p, _) => (
            *p,
            "duplicate attribute: an attribute may appear once per element".to_string(),
        ),
    }
}

fn describe_error(err: &quick_xml::Error) -> String {
    use quick_xml::errors::{IllFormedError, SyntaxError as QSyntax};
    use quick_xml::Error;
    match err {
        Error::Syntax(s) => match s {
            QSyntax::UnclosedTag => "the tag is not closed by `>`".to_string(),
            other => other.to_string(),
        },
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!("`</{found}>` does not close the open element `<{expected}>`")
        }
        Error::IllFormed(IllFormedError::UnmatchedEndTag(tag)) => {
            format!("`</{tag}>` closes no open element")
        }
        Error::IllFormed(IllFormedError::MissingEndTag(tag)) => {
            format!("`<{tag}>` is never closed")
        }
        Error::Escape(e) => e.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'t>(text: &'t str, r: &Range<usize>) -> &'t str {
        &text[r.clone()]
    }

    #[test]
    fn ranges_of_names_and_values() {
        let t = "<?xml version=\"1.0\"?>\r\n<Root a=\"1\">\r\n  <Job\r\n    Identifier=\"J&amp;K\"\r\n    Agent='Local'/>\r\n</Root>\r\n";
        let p = parse(t, 0);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let root = p.root.unwrap();
        assert_eq!(at(t, &root.name_range), "Root");
        let job = &root.children[0];
        assert_eq!(at(t, &job.name_range), "Job");
        assert_eq!(at(t, &root.start_tag), "<Root a=\"1\">");
        assert_eq!(job.start_tag, job.range);
        assert_eq!(
            &t[job.range.clone()],
            "<Job\r\n    Identifier=\"J&amp;K\"\r\n    Agent='Local'/>"
        );
        let id = job.attr("Identifier").unwrap();
        assert_eq!(at(t, &id.name_range), "Identifier");
        assert_eq!(at(t, &id.value_range), "J&amp;K");
        assert_eq!(id.value, "J&K");
        assert_eq!(at(t, &job.attr("Agent").unwrap().value_range), "Local");
        assert_eq!(&t[root.range.clone()], &t[23..t.len() - 2]);
    }

    #[test]
    fn bom_offset_is_counted() {
        let t = "\u{FEFF}<Root A=\"x\"/>";
        let p = parse(t, 3);
        let root = p.root.unwrap();
        assert_eq!(root.name_range, 4..8);
        assert_eq!(root.attrs[0].value_range, 12..13);
    }

    #[test]
    fn one_unclosed_element_is_one_error() {
        let t = "<Root>\n  <Job>\n    <Task>\n  </Job>\n  <Other/>\n</Root>\n";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].range.start, t.find("</Job>").unwrap());
        let (r, m) = p.errors[0].related.clone().unwrap();
        assert_eq!(&t[r], "Task");
        assert!(m.contains("opened here"));
        // The tree is still whole, for whoever wants to look at it.
        let root = p.root.unwrap();
        assert_eq!(root.children.len(), 2);

        let t = "<Root><Agent/></Agent></Root>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);

        let t = "<Root>\n  <Job>\n    <Task/>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert!(
            p.errors[0].message.contains("<Job>"),
            "the innermost: {:?}",
            p.errors
        );
    }

    #[test]
    fn mismatched_end_tag_is_reported_at_its_lt() {
        let t = "<Root>\n  <A>\n  </B>\n</Root>\n";
        let p = parse(t, 0);
        assert!(!p.errors.is_empty());
        assert_eq!(p.errors[0].range.start, t.find("</B>").unwrap());
        assert!(
            p.errors[0].message.contains("</B>"),
            "{}",
            p.errors[0].message
        );
    }

    #[test]
    fn duplicate_attribute_and_bad_entity() {
        let t = "<Root a=\"1\" a=\"2\"/>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(&t[p.errors[0].range.clone()], "a");
        assert_eq!(p.errors[0].range.start, 12);
        assert!(p.errors[0].message.contains("duplicate"));

        let t = "<Root a=\"&nope;\"/>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(&t[p.errors[0].range.clone()], "&nope;");
        assert_eq!(p.errors[0].message, "unknown entity `&nope;`");

        let t = "<Root a=\"AT&T\"/>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(&t[p.errors[0].range.clone()], "&");
        assert!(p.errors[0].help.as_deref().unwrap().contains("&amp;"));
    }

    #[test]
    fn unclosed_and_empty_files_do_not_panic() {
        for t in [
            "",
            "   ",
            "<",
            "<Root",
            "<Root>",
            "<Root a=\"1>",
            "</Root>",
            "<a/><b/>",
            "x<a/>",
            "<!--",
            "<?xml",
        ] {
            let p = parse(t, 0);
            assert!(!p.errors.is_empty(), "{t:?} should be an error");
            for e in &p.errors {
                assert!(e.range.start <= t.len(), "{t:?}: {e:?}");
            }
        }
    }

    #[test]
    fn declared_encoding_is_returned() {
        let t = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a/>";
        let (enc, r) = parse(t, 0).declared_encoding.unwrap();
        assert_eq!(enc, "windows-1252");
        assert_eq!(&t[r], "windows-1252");
    }
}
