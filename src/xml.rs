//! quick-xml events -> a compact element tree that keeps the byte range of every element
//! name, attribute name and attribute value.
//!
//! The reader works on a `&str` (quick-xml's slice reader), so every name and raw value
//! borrows the file's text and its range is found by pointer arithmetic: quick-xml does
//! not expose attribute positions itself (its events give the bytes, not where they are).
//!
//! The tree ([`Tree`]) is owned and has no lifetime: flat arrays of nodes and attributes
//! in document order, every position a `u32` into the file's text (files are capped at
//! 64 MiB, `fs::MAX_FILE_BYTES`). An element is 36 bytes and an attribute 16, whatever
//! their text; only an attribute value that entities or whitespace normalisation change is
//! stored again. [`Element`] and [`Attr`] are views of it, made on demand, that borrow the
//! tree and the text.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// A node of a [`Tree`]: one element, its ranges, and where its attributes and its
/// subtree are (children follow their parent, in document order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Node {
    /// The end of the name (it starts right after the `<`, at `range_start + 1`).
    name_end: u32,
    /// Where the local name starts (after the prefix's `:`).
    local_start: u32,
    range_start: u32,
    range_end: u32,
    /// The end of the start tag (after its `>`).
    tag_end: u32,
    /// The first attribute in [`Tree::attrs`]; an element's attributes end where the next
    /// node's start.
    attrs_start: u32,
    /// The node after the last node of this subtree (the next sibling, if any).
    subtree_end: u32,
    /// The parent node ([`NO_NODE`] for the root).
    parent: u32,
}

impl Node {
    fn name_range(&self) -> Range<usize> {
        self.range_start as usize + 1..self.name_end as usize
    }
}

/// The largest text the tree can hold: positions are `u32`, kept under 2 GiB.
pub const MAX_TEXT_BYTES: usize = 1 << 31;

/// No node: the root's parent.
const NO_NODE: u32 = u32::MAX;

/// Set on [`RawAttr::value_end`] when the value differs from its raw text (entities,
/// normalised whitespace): the value is then in [`Tree::values`].
const NORMALISED: u16 = 1 << 15;

/// A `value_len` too long for its 15 bits: both lengths are in [`Tree::long`].
const LONG: u16 = NORMALISED - 1;

/// An attribute in 12 bytes (there are more attributes than anything else in a
/// configuration): where its name and raw value start, and their lengths; a name of 64 KiB
/// or a value of 32 KiB or more has its ends in [`Tree::long`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RawAttr {
    name_start: u32,
    value_start: u32,
    name_len: u16,
    /// The raw value's length ([`LONG`]: see [`Tree::long`]), and [`NORMALISED`].
    value_len: u16,
}

/// The element tree of one file: owned, no lifetime; [`Tree::root`] views it with the
/// file's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    nodes: Vec<Node>,
    attrs: Vec<RawAttr>,
    /// The values that differ from their raw text, by attribute index (ascending).
    values: Vec<(u32, Box<str>)>,
    /// (attribute index, name end, raw value end) of the attributes whose lengths do not
    /// fit in [`RawAttr`], by index (ascending).
    long: Vec<(u32, u32, u32)>,
    root: Option<u32>,
}

impl Tree {
    /// The name's and the raw value's ranges of attribute `i`.
    fn attr_ranges(&self, i: u32) -> (Range<usize>, Range<usize>) {
        let a = self.attrs[i as usize];
        let (name_start, value_start) = (a.name_start as usize, a.value_start as usize);
        if a.value_len & !NORMALISED == LONG {
            let k = self.long.binary_search_by_key(&i, |l| l.0).map_or(0, |k| k);
            let (_, name_end, value_end) = self.long.get(k).copied().unwrap_or_default();
            return (
                name_start..(name_end as usize).max(name_start),
                value_start..(value_end as usize).max(value_start),
            );
        }
        (
            name_start..name_start + usize::from(a.name_len),
            value_start..value_start + usize::from(a.value_len & !NORMALISED),
        )
    }

    /// Pushes an attribute.
    fn push_attr(&mut self, name: Range<usize>, value: Range<usize>, normalised: bool) {
        let index = self.attrs.len() as u32;
        let (name_len, value_len) = (name.end - name.start, value.end - value.start);
        let fits = name_len < usize::from(u16::MAX) && value_len < usize::from(LONG);
        if !fits {
            self.long.push((index, name.end as u32, value.end as u32));
        }
        let flag = if normalised { NORMALISED } else { 0 };
        self.attrs.push(RawAttr {
            name_start: name.start as u32,
            value_start: value.start as u32,
            name_len: if fits { name_len as u16 } else { u16::MAX },
            value_len: flag | if fits { value_len as u16 } else { LONG },
        });
    }

    /// Removes the attributes from `len` on (and what is stored apart for them).
    fn truncate_attrs(&mut self, len: usize) {
        self.attrs.truncate(len);
        while self.values.last().is_some_and(|(k, _)| *k as usize >= len) {
            self.values.pop();
        }
        while self.long.last().is_some_and(|l| l.0 as usize >= len) {
            self.long.pop();
        }
    }

    /// The root element, viewed over `text` (the text the tree was parsed from).
    pub fn root<'a>(&'a self, text: &'a str) -> Option<Element<'a>> {
        self.root.map(|node| Element {
            text,
            tree: self,
            node,
        })
    }

    /// How many elements the tree holds.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The bytes the tree takes besides the text.
    pub fn heap_size(&self) -> usize {
        self.nodes.capacity() * std::mem::size_of::<Node>()
            + self.attrs.capacity() * std::mem::size_of::<RawAttr>()
            + self
                .values
                .iter()
                .map(|(_, v)| v.len() + std::mem::size_of::<(u32, Box<str>)>())
                .sum::<usize>()
    }

    fn attrs_end(&self, node: u32) -> u32 {
        self.nodes
            .get(node as usize + 1)
            .map_or(self.attrs.len() as u32, |n| n.attrs_start)
    }
}

/// An attribute, with the ranges of its name and of its raw value (between the quotes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub name_range: Range<usize>,
    /// The value with entities resolved and whitespace normalised as XML says.
    pub value: &'a str,
    pub value_range: Range<usize>,
}

/// An element of a [`Tree`], viewed with its file's text: a copyable handle.
#[derive(Clone, Copy)]
pub struct Element<'a> {
    text: &'a str,
    tree: &'a Tree,
    node: u32,
}

impl PartialEq for Element<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.tree, other.tree) && self.node == other.node
    }
}

impl Eq for Element<'_> {}

impl std::fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element")
            .field("name", &self.name())
            .field("range", &self.range())
            .field("attrs", &self.attrs().collect::<Vec<_>>())
            .field("children", &self.children().count())
            .finish()
    }
}

impl<'a> Element<'a> {
    fn n(&self) -> &'a Node {
        &self.tree.nodes[self.node as usize]
    }

    fn at(&self, node: u32) -> Element<'a> {
        Element { node, ..*self }
    }

    /// The name as written (possibly prefixed).
    pub fn name(&self) -> &'a str {
        &self.text[self.n().name_range()]
    }

    /// The name without its prefix: what the configuration model matches on.
    pub fn local(&self) -> &'a str {
        let n = self.n();
        &self.text[n.local_start as usize..n.name_end as usize]
    }

    pub fn name_range(&self) -> Range<usize> {
        self.n().name_range()
    }

    /// From the `<` of the start tag to the end of the end tag (or of the empty tag).
    pub fn range(&self) -> Range<usize> {
        let n = self.n();
        n.range_start as usize..n.range_end as usize
    }

    /// From the `<` to the `>` of the start tag (the whole tag for an empty element).
    pub fn start_tag(&self) -> Range<usize> {
        let n = self.n();
        n.range_start as usize..n.tag_end as usize
    }

    /// The file's text the element is in.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The node's index in its tree (document order): an identity within the file.
    pub fn index(&self) -> u32 {
        self.node
    }

    /// The element of the same tree at an index ([`Element::index`]).
    pub fn node(&self, index: u32) -> Element<'a> {
        self.at(index)
    }

    /// The attributes, in document order.
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs {
            text: self.text,
            tree: self.tree,
            next: self.n().attrs_start,
            end: self.tree.attrs_end(self.node),
        }
    }

    pub fn attr(&self, name: &str) -> Option<Attr<'a>> {
        // Names are compared on the raw ranges; only the match is made an `Attr`.
        let attrs = self.attrs();
        let bytes = self.text.as_bytes();
        (attrs.next..attrs.end)
            .find(|&i| bytes.get(self.tree.attr_ranges(i).0) == Some(name.as_bytes()))
            .map(|i| attrs.get(i))
    }

    pub fn value(&self, name: &str) -> Option<&'a str> {
        self.attr(name).map(|a| a.value)
    }

    /// The child elements, in document order.
    pub fn children(&self) -> Children<'a> {
        Children {
            el: *self,
            next: self.node + 1,
            end: self.n().subtree_end,
        }
    }

    /// The children with the given local name.
    pub fn children_named(&self, local: &'a str) -> impl Iterator<Item = Element<'a>> + 'a {
        self.children().filter(move |c| c.local() == local)
    }

    pub fn child(&self, local: &str) -> Option<Element<'a>> {
        self.children().find(|c| c.local() == local)
    }

    /// The parent element (`None` for the root).
    pub fn parent(&self) -> Option<Element<'a>> {
        let p = self.n().parent;
        (p != NO_NODE).then(|| self.at(p))
    }

    /// This element and every element below it, in document order (pre-order).
    pub fn descendants(&self) -> impl Iterator<Item = Element<'a>> + 'a {
        let el = *self;
        (self.node..self.n().subtree_end).map(move |i| el.at(i))
    }
}

/// The attributes of an element ([`Element::attrs`]).
#[derive(Clone)]
pub struct Attrs<'a> {
    text: &'a str,
    tree: &'a Tree,
    next: u32,
    end: u32,
}

impl<'a> Attrs<'a> {
    fn get(&self, i: u32) -> Attr<'a> {
        let (name_range, value_range) = self.tree.attr_ranges(i);
        let value = if self.tree.attrs[i as usize].value_len & NORMALISED != 0 {
            let tree: &'a Tree = self.tree;
            match tree.values.binary_search_by_key(&i, |(k, _)| *k) {
                Ok(k) => &tree.values[k].1,
                Err(_) => "",
            }
        } else {
            &self.text[value_range.clone()]
        };
        Attr {
            name: &self.text[name_range.clone()],
            name_range,
            value,
            value_range,
        }
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Attr<'a>;

    fn next(&mut self) -> Option<Attr<'a>> {
        (self.next < self.end).then(|| {
            self.next += 1;
            self.get(self.next - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = (self.end - self.next) as usize;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Attrs<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        (self.next < self.end).then(|| {
            self.end -= 1;
            self.get(self.end)
        })
    }
}

impl ExactSizeIterator for Attrs<'_> {}

/// The child elements of an element ([`Element::children`]).
#[derive(Clone)]
pub struct Children<'a> {
    el: Element<'a>,
    next: u32,
    end: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Element<'a>;

    fn next(&mut self) -> Option<Element<'a>> {
        (self.next < self.end).then(|| {
            let child = self.el.at(self.next);
            self.next = child.n().subtree_end;
            child
        })
    }
}

impl std::iter::FusedIterator for Children<'_> {}

/// What a [`SyntaxError`] is about: the loader reports each kind under its own code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorKind {
    /// Not well-formed XML 1.0 (`xml-syntax`).
    #[default]
    Syntax,
    /// Elements nested deeper than [`MAX_DEPTH`] (`too-deep`).
    TooDeep,
}

/// A well-formedness problem, located at the `<` of the bad markup where possible.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub kind: ErrorKind,
    pub range: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// A second place and what it is ("`<Job>` is opened here").
    pub related: Option<(Range<usize>, String)>,
}

impl SyntaxError {
    fn new(range: Range<usize>, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            kind: ErrorKind::Syntax,
            range,
            message: message.into(),
            help: None,
            related: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> SyntaxError {
        self.help = Some(help.into());
        self
    }
}

/// The result of parsing one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The elements ([`Parsed::root`]).
    pub tree: Tree,
    /// The encoding named by the XML declaration, and the range of its value.
    pub declared_encoding: Option<(String, Range<usize>)>,
    pub errors: Vec<SyntaxError>,
}

impl Parsed {
    /// The root element, when the file has one, viewed over the text it was parsed from.
    pub fn root<'a>(&'a self, text: &'a str) -> Option<Element<'a>> {
        self.tree.root(text)
    }
}

/// At most this many syntax errors are reported per file: after that the rest of the file
/// is mostly noise.
const MAX_ERRORS: usize = 20;

/// At most this many forbidden characters are reported per file (one mistake, such as a
/// binary file saved as `.xml`, can hold thousands).
const MAX_CHAR_ERRORS: usize = 3;

/// The deepest nesting kept: the root is level 1. An element below this level is still
/// read for well-formedness but not kept in the tree (`too-deep`), so that no walk over
/// a tree is deeper than this.
pub const MAX_DEPTH: usize = 256;

/// An open element below [`MAX_DEPTH`]: what is needed to close it and to report it.
#[derive(Debug, Clone)]
struct Open<'a> {
    name: &'a str,
    /// The `<` of its start tag.
    lt: usize,
    name_range: Range<usize>,
}

/// The tree being built and its open elements: those kept (`kept`, at most
/// [`MAX_DEPTH`] nodes, the innermost last) and, inside the innermost kept one, those too
/// deep to be kept (`deep`).
struct Builder<'a> {
    text: &'a str,
    tree: Tree,
    kept: Vec<u32>,
    deep: Vec<Open<'a>>,
}

impl<'a> Builder<'a> {
    fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.deep.is_empty()
    }

    fn name_of(&self, node: u32) -> &'a str {
        &self.text[self.tree.nodes[node as usize].name_range()]
    }

    /// The innermost open element.
    fn top(&self) -> Option<Open<'a>> {
        match self.deep.last() {
            Some(o) => Some(o.clone()),
            None => self.kept.last().map(|&k| {
                let n = &self.tree.nodes[k as usize];
                Open {
                    name: self.name_of(k),
                    lt: n.range_start as usize,
                    name_range: n.name_range(),
                }
            }),
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.deep.iter().any(|o| o.name == name)
            || self.kept.iter().any(|&k| self.name_of(k) == name)
    }

    /// Opens a node (its attributes are already pushed, from `attrs_start`).
    fn open(
        &mut self,
        tag: &Tag<'a>,
        attrs_start: u32,
        end: usize,
        errors: &mut Vec<SyntaxError>,
    ) -> u32 {
        let parent = self.kept.last().copied().unwrap_or(NO_NODE);
        let node = self.tree.nodes.len() as u32;
        if parent == NO_NODE {
            if self.tree.root.is_none() {
                self.tree.root = Some(node);
            } else {
                errors.push(SyntaxError::new(
                    tag.lt..tag.name_range.end,
                    format!(
                        "a second root element `<{}>`: a file has one root",
                        tag.name
                    ),
                ));
            }
        }
        // A start tag's name follows its `<`.
        debug_assert_eq!(tag.name_range.start, tag.lt + 1);
        self.tree.nodes.push(Node {
            name_end: tag.name_range.end as u32,
            local_start: (tag.name_range.end - tag.local_len) as u32,
            range_start: tag.lt as u32,
            range_end: end as u32,
            tag_end: end as u32,
            attrs_start,
            subtree_end: node + 1,
            parent,
        });
        node
    }

    /// Closes a node at `end`: its subtree is every node pushed since it opened.
    fn close_node(&mut self, node: u32, end: usize) {
        let len = self.tree.nodes.len() as u32;
        let n = &mut self.tree.nodes[node as usize];
        n.range_end = end as u32;
        n.subtree_end = len;
    }

    /// Closes the innermost open element named `name` and every element opened inside it.
    fn close(&mut self, name: &str, end: usize) {
        if let Some(depth) = self.deep.iter().rposition(|o| o.name == name) {
            self.deep.truncate(depth);
            return;
        }
        let Some(depth) = self.kept.iter().rposition(|&k| self.name_of(k) == name) else {
            return;
        };
        self.deep.clear();
        while self.kept.len() > depth {
            if let Some(node) = self.kept.pop() {
                self.close_node(node, end);
            }
        }
    }
}

/// A start tag as read: its name and where it is.
struct Tag<'a> {
    name: &'a str,
    name_range: Range<usize>,
    local_len: usize,
    lt: usize,
}

/// Parses `text` (a whole file); `start` is where the XML begins (after a byte-order mark).
pub fn parse(text: &str, start: usize) -> Parsed {
    if text.len() >= MAX_TEXT_BYTES {
        return Parsed {
            tree: Tree::default(),
            declared_encoding: None,
            errors: vec![SyntaxError::new(
                0..0,
                format!("the text is over {MAX_TEXT_BYTES} bytes: it is not parsed"),
            )],
        };
    }
    // quick-xml skips a U+FEFF at the start of its input without counting it in its
    // positions (a second byte-order mark, the first being `start`'s): skip it here, so
    // that every position stays an offset of `text`.
    let start = start
        + if text[start..].starts_with('\u{FEFF}') {
            3
        } else {
            0
        };
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

    // About one element per 60 bytes and two attributes per element in configuration
    // files: reserving that avoids most regrowth (the tree is shrunk to fit at the end).
    let mut b = Builder {
        text,
        tree: Tree {
            nodes: Vec::with_capacity(text.len() / 64),
            attrs: Vec::with_capacity(text.len() / 32),
            values: Vec::new(),
            long: Vec::new(),
            root: None,
        },
        kept: Vec::new(),
        deep: Vec::new(),
    };
    let mut declared_encoding = None;
    let mut errors: Vec<SyntaxError> = Vec::new();
    let mut last_pos = u64::MAX;
    // The range of the `<?xml` of the first XML declaration.
    let mut declaration: Option<Range<usize>> = None;
    let mut too_deep = false;

    loop {
        let before = reader.buffer_position();
        let event = reader.read_event();
        let lt = start + before as usize;
        let after = start + reader.buffer_position() as usize;
        match event {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                element(
                    &mut b,
                    &e,
                    lt,
                    after,
                    false,
                    &offset_of,
                    &mut errors,
                    &mut too_deep,
                );
            }
            Ok(Event::Empty(e)) => {
                element(
                    &mut b,
                    &e,
                    lt,
                    after,
                    true,
                    &offset_of,
                    &mut errors,
                    &mut too_deep,
                );
            }
            Ok(Event::End(e)) => {
                // quick-xml checked the name against its own stack; ours can differ after a
                // recovered error, so close up to the element this end tag names.
                let name = e.name();
                {
                    let name: &str = name.as_ref();
                    b.close(name, after);
                }
            }
            Ok(Event::Decl(d)) => {
                let here = lt..(lt + 5).min(text.len());
                if let Some(first) = &declaration {
                    let mut e = SyntaxError::new(here, "a second XML declaration `<?xml ...?>`")
                        .with_help(
                            "a file has one XML declaration, on its first line: remove this one",
                        );
                    e.related = Some((first.clone(), "the first one is here".to_string()));
                    errors.push(e);
                    continue;
                }
                declaration = Some(here.clone());
                if before != 0 {
                    errors.push(
                        SyntaxError::new(
                            here,
                            "the XML declaration `<?xml ...?>` is not at the start of the file",
                        )
                        .with_help(
                            "move it to the very start of the file: nothing, not even a blank line or a space, may come before it",
                        ),
                    );
                }
                if let Some(Ok(enc)) = d.encoding() {
                    let range = offset_of(enc.as_bytes())
                        .map(|o| o..o + enc.len())
                        .unwrap_or(lt..after);
                    declared_encoding = Some((enc.into_owned(), range));
                }
            }
            Ok(Event::Text(t)) => {
                if b.is_empty() && !t.trim().is_empty() {
                    errors.push(SyntaxError::new(
                        lt..(lt + 1).min(text.len()),
                        "text outside the root element",
                    ));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                // `&name;` or `&#...;` in text: `lt` is at the `&`.
                let range = lt..after;
                if b.is_empty() {
                    errors.push(SyntaxError::new(range, "text outside the root element"));
                } else if let Some(body) = r.strip_prefix('#') {
                    if let Some(e) = char_ref_error(body, range) {
                        errors.push(e);
                    }
                } else if !PREDEFINED_ENTITIES.contains(&&*r) {
                    errors.push(unknown_entity(range, &r));
                }
            }
            Ok(Event::Comment(c)) => {
                // `lt` is at `<!--`: the content starts 4 bytes later.
                if let Some(e) = comment_error(&c, lt + 4) {
                    errors.push(e);
                }
            }
            Ok(_) => {}
            Err(err) => {
                let pos = (start + reader.error_position() as usize).min(text.len());
                let end = after.max(pos + 1).min(text.len());
                let mut error = SyntaxError::new(pos..end, describe_error(&err));
                use quick_xml::errors::IllFormedError;
                match &err {
                    quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag {
                        found, ..
                    })
                    | quick_xml::Error::IllFormed(IllFormedError::UnmatchedEndTag(found)) => {
                        // After an earlier mistake quick-xml's stack and ours differ: an end
                        // tag that closes our innermost element is not a new mistake.
                        let top = b.top();
                        if top.as_ref().is_some_and(|top| top.name == found.as_str()) {
                            b.close(found, after);
                            continue;
                        }
                        if let Some(open) = top {
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
                        if b.contains(found) {
                            b.close(found, after);
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
    // `too-deep` says nothing of well-formedness: an unclosed element is still worth saying.
    let syntax_errors = errors.iter().any(|e| e.kind == ErrorKind::Syntax);
    if let Some(open) = b.top() {
        if !syntax_errors {
            errors.push(
                SyntaxError::new(
                    open.lt..open.name_range.end,
                    format!("`<{}>` is never closed", open.name),
                )
                .with_help(format!(
                    "end its start tag with `/>`, or write `</{}>` where it ends",
                    open.name
                )),
            );
        }
    }
    // The elements still open end with the text: every node's subtree then holds exactly
    // its descendants, whatever the errors.
    while let Some(node) = b.kept.pop() {
        b.close_node(node, text.len());
    }
    if b.tree.root.is_none() && errors.is_empty() {
        errors.push(
            SyntaxError::new(start..start, "the file has no root element")
                .with_help("a configuration file holds one `<ConfigurationFile>` element"),
        );
    }
    // One scan of the bytes for the characters XML 1.0 forbids, wherever they are (text,
    // attribute values, comments, processing instructions, CDATA).
    forbidden_characters(text, start, &mut errors);
    errors.sort_by_key(|e| e.range.start);
    // Ranges built from a position and a length may cut a multi-byte character: widen them
    // to whole characters.
    for e in &mut errors {
        e.range = char_range(text, e.range.clone());
        if let Some((r, _)) = &mut e.related {
            *r = char_range(text, r.clone());
        }
    }
    b.tree.nodes.shrink_to_fit();
    b.tree.attrs.shrink_to_fit();
    Parsed {
        tree: b.tree,
        declared_encoding,
        errors,
    }
}

/// The `too-deep` error, once per file, at the name of the first element past the limit.
fn report_too_deep(reported: &mut bool, el: &Tag<'_>, errors: &mut Vec<SyntaxError>) {
    if *reported {
        return;
    }
    *reported = true;
    let mut e = SyntaxError::new(
        el.name_range.clone(),
        format!("elements are nested deeper than {MAX_DEPTH} levels"),
    )
    .with_help(format!(
        "a configuration is a few levels deep (`<ConfigurationFile>`, `<Job>`, a task, its children): remove the extra nesting; `<{}>` is at level {}",
        el.name,
        MAX_DEPTH + 1
    ));
    e.kind = ErrorKind::TooDeep;
    errors.push(e);
}

/// The entities XML predefines.
const PREDEFINED_ENTITIES: &[&str] = &["amp", "lt", "gt", "quot", "apos"];

fn unknown_entity(range: Range<usize>, name: &str) -> SyntaxError {
    SyntaxError::new(range, format!("unknown entity `&{name};`")).with_help(
        "write `&amp;` for a literal `&`; the entities are `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&apos;`",
    )
}

/// Whether XML 1.0 allows the code point (production `Char`).
pub fn is_xml_char(cp: u32) -> bool {
    matches!(cp, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The error of a character reference `&#body;` at `range`, if it is one: not a number, or
/// a code point that XML 1.0 does not allow.
fn char_ref_error(body: &str, range: Range<usize>) -> Option<SyntaxError> {
    let (digits, radix) = match body.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (body, 10),
    };
    let code = (!digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)))
        .then(|| u32::from_str_radix(digits, radix).ok())
        .flatten();
    match code {
        None => Some(
            SyntaxError::new(
                range,
                format!("`&#{body};` is not a valid character reference"),
            )
            .with_help("a character reference is `&#` and decimal digits, or `&#x` and hexadecimal digits, then `;`"),
        ),
        Some(cp) if !is_xml_char(cp) => Some(
            SyntaxError::new(
                range,
                format!(
                    "the character reference `&#{body};` is U+{cp:04X}, which is not allowed in XML 1.0"
                ),
            )
            .with_help(forbidden_help(cp)),
        ),
        Some(_) => None,
    }
}

fn forbidden_help(cp: u32) -> &'static str {
    if cp < 0x20 {
        "remove it: XML 1.0 allows no control character except tab, line feed and carriage return, not even as a character reference"
    } else if (0xD800..=0xDFFF).contains(&cp) {
        "remove it: a surrogate is not a character; write the character itself"
    } else {
        "remove it: U+FFFE and U+FFFF are not characters"
    }
}

/// The character references to forbidden code points in a raw attribute value that
/// quick-xml resolved (so every reference in it is well-formed).
fn char_refs_in_value(raw: &str, value_start: usize, errors: &mut Vec<SyntaxError>) {
    let mut from = 0;
    while let Some(p) = raw[from..].find("&#") {
        let amp = from + p;
        let Some(len) = raw[amp..].find(';') else {
            return;
        };
        let body = &raw[amp + 2..amp + len];
        if let Some(e) = char_ref_error(body, value_start + amp..value_start + amp + len + 1) {
            errors.push(e);
        }
        from = amp + len + 1;
    }
}

/// `--` inside a comment (at the two dashes), or a comment ending in `--->` (at the extra
/// dash); `content` starts at `at`.
fn comment_error(content: &str, at: usize) -> Option<SyntaxError> {
    if let Some(p) = content.find("--") {
        return Some(
            SyntaxError::new(at + p..at + p + 2, "`--` is not allowed inside a comment")
                .with_help("a comment holds no `--`: remove a dash, or put a space between them"),
        );
    }
    if content.ends_with('-') {
        let p = at + content.len() - 1;
        return Some(
            SyntaxError::new(p..p + 1, "a comment cannot end with `--->`").with_help(
                "end the comment with `-->`: remove the extra dash, or put a space before `-->`",
            ),
        );
    }
    None
}

/// Reports the first [`MAX_CHAR_ERRORS`] raw characters that XML 1.0 forbids: the C0
/// controls but tab, line feed and carriage return, and U+FFFE and U+FFFF (a `&str` holds
/// no surrogate). One pass over the bytes.
fn forbidden_characters(text: &str, start: usize, errors: &mut Vec<SyntaxError>) {
    let bytes = text.as_bytes();
    let mut found = 0;
    let mut i = start;
    while i < bytes.len() && found < MAX_CHAR_ERRORS {
        // Eight bytes at a time while none is below U+0020 or is 0xEF (the first byte of
        // U+FFFE and U+FFFF): the usual case, far from any line end.
        if let Some(word) = bytes.get(i..i + 8) {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            const ONES: u64 = 0x0101_0101_0101_0101;
            const HIGHS: u64 = 0x8080_8080_8080_8080;
            let below_space = w.wrapping_sub(0x20 * ONES) & !w & HIGHS;
            let ef = w ^ (0xEF * ONES);
            let has_ef = ef.wrapping_sub(ONES) & !ef & HIGHS;
            if below_space == 0 && has_ef == 0 {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let hit = if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
            Some((u32::from(b), 1))
        } else if b == 0xEF && bytes.get(i + 1) == Some(&0xBF) {
            match bytes.get(i + 2) {
                Some(0xBE) => Some((0xFFFE, 3)),
                Some(0xBF) => Some((0xFFFF, 3)),
                _ => None,
            }
        } else {
            None
        };
        if let Some((cp, len)) = hit {
            errors.push(
                SyntaxError::new(
                    i..i + len,
                    format!("the character U+{cp:04X} is not allowed in XML 1.0"),
                )
                .with_help(forbidden_help(cp)),
            );
            found += 1;
            i += len;
        } else {
            i += 1;
        }
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

/// A start tag (`empty`: a whole empty element) read at `lt..after`: a new node, or,
/// past [`MAX_DEPTH`], an open element that is read but not kept.
#[allow(clippy::too_many_arguments)]
fn element<'a>(
    b: &mut Builder<'a>,
    e: &BytesStart<'_>,
    lt: usize,
    after: usize,
    empty: bool,
    offset_of: &impl Fn(&[u8]) -> Option<usize>,
    errors: &mut Vec<SyntaxError>,
    too_deep: &mut bool,
) {
    let attrs_start = b.tree.attrs.len();
    let tag = start_element(b.text, e, lt, offset_of, &mut b.tree, errors);
    if b.kept.len() >= MAX_DEPTH {
        // Read for well-formedness, not kept.
        b.tree.truncate_attrs(attrs_start);
        report_too_deep(too_deep, &tag, errors);
        if !empty {
            b.deep.push(Open {
                name: tag.name,
                lt: tag.lt,
                name_range: tag.name_range,
            });
        }
        return;
    }
    let node = b.open(&tag, attrs_start as u32, after, errors);
    if empty {
        b.close_node(node, after);
    } else {
        b.kept.push(node);
    }
}

fn start_element<'a>(
    text: &'a str,
    e: &BytesStart<'_>,
    lt: usize,
    offset_of: &impl Fn(&[u8]) -> Option<usize>,
    tree: &mut Tree,
    errors: &mut Vec<SyntaxError>,
) -> Tag<'a> {
    let qname = e.name();
    let name_bytes = qname.as_ref();
    let name_start = offset_of(name_bytes.as_bytes()).unwrap_or(lt + 1);
    let name = text
        .get(name_start..name_start + name_bytes.len())
        .unwrap_or("");
    let name_range = name_start..name_start + name.len();
    let local_len = name.rfind(':').map_or(name.len(), |c| name.len() - c - 1);
    let first_attr = tree.attrs.len();
    // The names of a start tag with many attributes, for the duplicate check (a few are
    // compared one by one: quick-xml's own check allocates for every tag).
    let mut many: Option<rustc_hash::FxHashSet<&str>> = None;
    let mut attributes = e.attributes();
    attributes.with_checks(false);
    for a in attributes {
        match a {
            Ok(a) => {
                let key = a.key.as_ref();
                let key_start = offset_of(key.as_bytes()).unwrap_or(name_start);
                if duplicate_name(text, tree, first_attr, key, &mut many) {
                    errors.push(duplicate_attribute(text, key_start));
                    break;
                }
                let raw: &str = &a.value;
                let value_start = offset_of(raw.as_bytes()).unwrap_or(key_start);
                let index = tree.attrs.len() as u32;
                // Only a reference or a tab, line feed or carriage return changes a value
                // (XML 1.0, 3.3.3): most values are their raw text, found in one pass.
                let plain = !raw
                    .bytes()
                    .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r' | b'<'));
                // XML 1.0 (AttValue): a raw `<` is not allowed in an attribute value, and
                // the product's .NET XmlReader rejects it.
                if let Some(p) = raw.find('<').filter(|_| !plain) {
                    let at = value_start + p;
                    errors.push(
                        SyntaxError::new(at..at + 1, "`<` is not allowed in an attribute value")
                            .with_help("write `&lt;`"),
                    );
                }
                let normalised = if plain {
                    None
                } else {
                    match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                        Ok(Cow::Borrowed(v)) if v.len() == raw.len() => None,
                        Ok(v) => {
                            // Resolved references: those to forbidden characters are errors.
                            char_refs_in_value(raw, value_start, errors);
                            Some(v.into_owned())
                        }
                        Err(err) => {
                            errors.push(value_error(&err, value_start, raw.len()));
                            None
                        }
                    }
                };
                let is_normalised = normalised.is_some();
                if let Some(v) = normalised {
                    tree.values.push((index, v.into_boxed_str()));
                }
                tree.push_attr(
                    key_start..key_start + key.len(),
                    value_start..value_start + raw.len(),
                    is_normalised,
                );
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
    Tag {
        name,
        // The `<` is right before the name: the reader's position can be off (it skips a
        // byte-order mark at the start of its input without saying so).
        lt: name_range.start.saturating_sub(1),
        name_range,
        local_len,
    }
}

/// Whether `key` repeats the name of an attribute of this start tag (those from `first`
/// in the tree). Linear up to 16 names, then through a set of them.
fn duplicate_name<'t>(
    text: &'t str,
    tree: &Tree,
    first: usize,
    key: &str,
    many: &mut Option<rustc_hash::FxHashSet<&'t str>>,
) -> bool {
    let names = first as u32..tree.attrs.len() as u32;
    let name_of = |i: u32| &text[tree.attr_ranges(i).0];
    if names.len() < 16 {
        return names.into_iter().any(|i| name_of(i) == key);
    }
    let last = names.end - 1;
    let set = many.get_or_insert_with(|| names.map(name_of).collect());
    // The set lacks the name pushed since the last call: add it, then look `key` up.
    set.insert(name_of(last));
    set.contains(key)
}

/// A repeated attribute name, at its second occurrence (`at`).
fn duplicate_attribute(text: &str, at: usize) -> SyntaxError {
    let len = text[at..]
        .find(|c: char| c == '=' || c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(0)
        .max(1);
    SyntaxError::new(
        at..at + len,
        "duplicate attribute: an attribute may appear once per element",
    )
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
        let root = p.root(t).unwrap();
        assert_eq!(at(t, &root.name_range()), "Root");
        let job = root.children().next().unwrap();
        assert_eq!(at(t, &job.name_range()), "Job");
        assert_eq!(at(t, &root.start_tag()), "<Root a=\"1\">");
        assert_eq!(job.start_tag(), job.range());
        assert_eq!(
            &t[job.range()],
            "<Job\r\n    Identifier=\"J&amp;K\"\r\n    Agent='Local'/>"
        );
        let id = job.attr("Identifier").unwrap();
        assert_eq!(at(t, &id.name_range), "Identifier");
        assert_eq!(at(t, &id.value_range), "J&amp;K");
        assert_eq!(id.value, "J&K");
        assert_eq!(at(t, &job.attr("Agent").unwrap().value_range), "Local");
        assert_eq!(&t[root.range()], &t[23..t.len() - 2]);
        assert_eq!(job.parent(), Some(root));
        assert_eq!(root.parent(), None);
    }

    #[test]
    fn long_names_and_values_keep_their_ranges() {
        // Lengths past the 16 bits an attribute keeps inline are stored apart; each
        // attribute still reads back exactly, normalised or not, and in any order.
        let long_name = "N".repeat(70_000);
        let long_value = "v".repeat(40_000);
        let edge = "e".repeat(32_766);
        let t = format!(
            "<Root a=\"1\" {long_name}=\"x\" b=\"{long_value}\" c=\"{long_value}&amp;\" d=\"{edge}\" z=\"2\"/>"
        );
        let p = parse(&t, 0);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let root = p.tree.root(&t).unwrap();
        let got: Vec<(String, usize, String)> = root
            .attrs()
            .map(|a| {
                (
                    a.name.to_string(),
                    a.value.len(),
                    t[a.value_range].to_string(),
                )
            })
            .collect();
        let expected = [
            ("a".to_string(), 1, "1".to_string()),
            (long_name.clone(), 1, "x".to_string()),
            ("b".to_string(), 40_000, long_value.clone()),
            ("c".to_string(), 40_001, format!("{long_value}&amp;")),
            ("d".to_string(), 32_766, edge.clone()),
            ("z".to_string(), 1, "2".to_string()),
        ];
        assert_eq!(got, expected);
        assert_eq!(root.value("c").unwrap(), format!("{long_value}&"));
        assert_eq!(root.value(&long_name), Some("x"));
        assert_eq!(root.value("z"), Some("2"));
        // A repeated long name is still a duplicate.
        let t = format!("<Root {long_name}=\"1\" {long_name}=\"2\"/>");
        let p = parse(&t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(
            p.errors[0].range.start,
            "<Root ".len() + long_name.len() + "=\"1\" ".len()
        );
    }

    #[test]
    fn a_second_byte_order_mark_does_not_shift_the_root() {
        // quick-xml skips a U+FEFF at the start of what it reads without counting it: the
        // element's ranges still come from where its name is.
        let t = "\u{FEFF}\u{FEFF}<Root A=\"x\"><B/></Root>";
        let p = parse(t, 3);
        let root = p.tree.root(t).unwrap();
        assert_eq!(&t[root.name_range()], "Root");
        assert_eq!(root.range(), 6..t.len());
        let b = root.children().next().unwrap();
        assert_eq!(&t[b.range()], "<B/>");
    }

    #[test]
    fn bom_offset_is_counted() {
        let t = "\u{FEFF}<Root A=\"x\"/>";
        let p = parse(t, 3);
        let root = p.root(t).unwrap();
        assert_eq!(root.name_range(), 4..8);
        assert_eq!(root.attrs().next().unwrap().value_range, 12..13);
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
        let root = p.root(t).unwrap();
        assert_eq!(root.children().count(), 2);

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

        // Past 16 attributes the names go into a set: a repeat of any earlier name is
        // still found, at its second occurrence, and distinct names are not reported.
        for n in [3, 15, 16, 17, 40] {
            for repeated in [0, n / 2, n - 1] {
                let names: String = (0..n).map(|i| format!(" a{i}=\"v\"")).collect();
                let t = format!("<Root{names} a{repeated}=\"w\" z=\"1\"/>");
                let p = parse(&t, 0);
                assert_eq!(p.errors.len(), 1, "{n} {repeated}: {:?}", p.errors);
                let at = t.rfind(&format!(" a{repeated}=")).unwrap() + 1;
                assert_eq!(p.errors[0].range, at..at + format!("a{repeated}").len());
                let fine = format!("<Root{names} z=\"1\"/>");
                assert!(parse(&fine, 0).errors.is_empty(), "{n}");
            }
        }

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
    fn every_node_s_subtree_holds_its_descendants_even_unclosed() {
        for t in [
            "<Root><A/>",
            "<Root><A><B x=\"1\"/>",
            "<Root>\n  <Job>\n    <Task/>\n  </Other>\n</Root>",
            "<c/><b x=\"1\"><d/>",
        ] {
            let p = parse(t, 0);
            let Some(root) = p.root(t) else { continue };
            for el in root.descendants() {
                for c in el.children() {
                    assert_eq!(c.parent(), Some(el), "{t:?}: {c:?}");
                }
                if let Some(parent) = el.parent() {
                    assert!(parent.children().any(|c| c == el), "{t:?}: {el:?}");
                }
            }
        }
        let t = "<Root><A/>";
        let p = parse(t, 0);
        let root = p.root(t).unwrap();
        assert_eq!(root.children().count(), 1);
        assert_eq!(root.range(), 0..t.len());
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
    /// The errors of `t`, as (text of the range, message).
    fn errs(t: &str) -> Vec<(&str, String)> {
        parse(t, 0)
            .errors
            .iter()
            .map(|e| (&t[e.range.clone()], e.message.clone()))
            .collect()
    }

    #[test]
    fn forbidden_characters_are_found_at_every_offset_of_the_word_scan() {
        // The scan skips eight bytes at a time: a forbidden character at any offset, after
        // any mix of ASCII, line ends and multi-byte characters, is still found, exactly.
        for prefix in ["", "a", "\n", "é", "€", "\u{FEFD}"] {
            for pad in 0..17 {
                for (bad, cp) in [
                    ("\u{1}", "U+0001"),
                    ("\u{FFFE}", "U+FFFE"),
                    ("\u{FFFF}", "U+FFFF"),
                ] {
                    let before = format!("<a x=\"{prefix}{}", "z".repeat(pad));
                    let t = format!("{before}{bad}\"/>");
                    let found = errs(&t);
                    assert_eq!(found.len(), 1, "{t:?}: {found:?}");
                    assert_eq!(found[0].0, bad, "{t:?}");
                    assert!(found[0].1.contains(cp), "{t:?}: {found:?}");
                }
                let clean = format!("<a x=\"{prefix}{}\u{FEFF}\u{EFBF}\"/>", "z".repeat(pad));
                assert!(errs(&clean).is_empty(), "{clean:?}");
            }
        }
    }

    #[test]
    fn forbidden_raw_characters_are_reported_at_the_character() {
        let t = "<Root A=\"HR\u{1}Sync\"/>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].range, 11..12);
        assert_eq!(
            p.errors[0].message,
            "the character U+0001 is not allowed in XML 1.0"
        );
        assert!(p.errors[0].help.is_some());

        // NUL, in text, in a comment, in a processing instruction, in CDATA.
        for (t, at) in [
            ("<Root>\u{0}</Root>", 6),
            ("<Root><!-- \u{1f} --></Root>", 11),
            ("<Root><?pi \u{8}?></Root>", 11),
            ("<Root><![CDATA[\u{b}]]></Root>", 15),
            ("<Root/>\n\u{c}", 8),
        ] {
            let p = parse(t, 0);
            assert_eq!(p.errors.len(), 1, "{t:?}: {:?}", p.errors);
            assert_eq!(p.errors[0].range, at..at + 1, "{t:?}");
            assert_eq!(p.errors[0].kind, ErrorKind::Syntax);
        }

        // U+FFFE and U+FFFF are three bytes; U+FFFD, U+FEFF and tab, LF, CR are allowed.
        let t = "<Root A=\"\u{FFFE}\" B=\"\u{FFFF}\" C=\"\u{FFFD}\u{FEFF}\t\r\n\"/>";
        assert_eq!(
            errs(t),
            [
                (
                    "\u{FFFE}",
                    "the character U+FFFE is not allowed in XML 1.0".to_string()
                ),
                (
                    "\u{FFFF}",
                    "the character U+FFFF is not allowed in XML 1.0".to_string()
                ),
            ]
        );
        assert_eq!(parse(t, 0).errors[1].range, 17..20);

        // A few per file, not one per character.
        let t = format!("<Root A=\"{}\"/>", "\u{1}".repeat(1000));
        assert_eq!(parse(&t, 0).errors.len(), MAX_CHAR_ERRORS);
    }

    #[test]
    fn forbidden_character_references_are_reported_at_the_reference() {
        let t = "<Root A=\"a &#x1; b &#1; c &#xFFFE; &#65535; &#x9;&#xA;&#xD;&#x20;&#xFFFD;&#x10FFFF;\"/>";
        assert_eq!(
            errs(t),
            [
                (
                    "&#x1;",
                    "the character reference `&#x1;` is U+0001, which is not allowed in XML 1.0"
                        .to_string()
                ),
                (
                    "&#1;",
                    "the character reference `&#1;` is U+0001, which is not allowed in XML 1.0"
                        .to_string()
                ),
                (
                    "&#xFFFE;",
                    "the character reference `&#xFFFE;` is U+FFFE, which is not allowed in XML 1.0"
                        .to_string()
                ),
                (
                    "&#65535;",
                    "the character reference `&#65535;` is U+FFFF, which is not allowed in XML 1.0"
                        .to_string()
                ),
            ]
        );
        assert_eq!(parse(t, 0).errors[0].range, 11..16);

        // In text too, with the other reference errors that text had no check for.
        let t = "<Root>&#x1;&#0;&#xD800;&#xFFFF;&#xZ;&nope;&amp;&#x41;</Root>";
        let got: Vec<_> = errs(t).into_iter().map(|(r, _)| r).collect();
        assert_eq!(
            got,
            ["&#x1;", "&#0;", "&#xD800;", "&#xFFFF;", "&#xZ;", "&nope;"]
        );
        assert_eq!(parse(t, 0).errors[0].range, 6..11);

        // Already rejected before: still rejected.
        for t in [
            "<Root A=\"&#0;\"/>",
            "<Root A=\"&#xD800;\"/>",
            "<Root A=\"&#x110000;\"/>",
        ] {
            assert_eq!(parse(t, 0).errors.len(), 1, "{t}");
        }
    }

    #[test]
    fn double_hyphen_in_a_comment() {
        let t = "<Root>\n<!-- a -- b -->\n</Root>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].range, 14..16);
        assert_eq!(p.errors[0].message, "`--` is not allowed inside a comment");

        let t = "<Root><!-- a ---></Root>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].range, 13..14);
        assert!(p.errors[0].message.contains("--->"));

        // Before the root, and the fine ones.
        let t = "<!-- x -- y --><Root/>";
        assert_eq!(parse(t, 0).errors[0].range, 7..9);
        for t in [
            "<Root><!-- a - b --></Root>",
            "<Root><!----></Root>",
            "<Root><!-- - --></Root>",
        ] {
            assert!(parse(t, 0).errors.is_empty(), "{t}");
        }
    }

    #[test]
    fn xml_declaration_only_first() {
        // After blank lines.
        let t = "\n\n<?xml version=\"1.0\"?><Root/>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].range, 2..7);
        assert!(p.errors[0].message.contains("not at the start"));

        let t = "\n\n<?xml?><Root/>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].range, 2..7);

        // A second one, pointing at the first.
        let t = "<?xml version=\"1.0\"?>\n<Root>\n<?xml version=\"1.0\"?>\n</Root>";
        let p = parse(t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].range, 29..34);
        assert_eq!(&t[p.errors[0].range.clone()], "<?xml");
        assert_eq!(p.errors[0].related.as_ref().unwrap().0, 0..5);

        // After the byte-order mark is the start.
        let t = "\u{FEFF}<?xml version=\"1.0\"?><Root/>";
        assert!(parse(t, 3).errors.is_empty());

        // Another processing instruction is not a declaration.
        let t = "<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"a.xsl\"?><Root><?xmlfoo?></Root>";
        assert!(parse(t, 0).errors.is_empty(), "{:?}", parse(t, 0).errors);
    }

    fn nested(levels: usize, closed: bool) -> String {
        let mut t = String::from("<Root>");
        for _ in 1..levels {
            t.push_str("<a x=\"1\">");
        }
        if closed {
            for _ in 1..levels {
                t.push_str("</a>");
            }
            t.push_str("</Root>");
        }
        t
    }

    fn depth(el: &Element<'_>) -> usize {
        let mut d = 1;
        let mut el = *el;
        while let Some(c) = el.children().next() {
            d += 1;
            el = c;
        }
        d
    }

    #[test]
    fn too_deep_is_reported_once_at_the_first_element_past_the_limit() {
        let t = nested(MAX_DEPTH, true);
        let p = parse(&t, 0);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(depth(&p.root(&t).unwrap()), MAX_DEPTH);

        let t = nested(300, true);
        let p = parse(&t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        let e = &p.errors[0];
        assert_eq!(e.kind, ErrorKind::TooDeep);
        assert_eq!(e.message, "elements are nested deeper than 256 levels");
        // The 257th level: the root, then 255 `<a x="1">` (9 bytes each), then the `a`.
        let at = "<Root>".len() + 255 * 9 + 1;
        assert_eq!(e.range, at..at + 1);
        // The elements past the limit are not kept.
        assert_eq!(depth(&p.root(&t).unwrap()), MAX_DEPTH);

        // An empty element past the limit too.
        let mut t = nested(MAX_DEPTH, false);
        t.push_str("<b/>");
        t.push_str("</a>");
        for _ in 2..MAX_DEPTH {
            t.push_str("</a>");
        }
        t.push_str("</Root>");
        let p = parse(&t, 0);
        assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
        assert_eq!(p.errors[0].kind, ErrorKind::TooDeep);
        assert_eq!(&t[p.errors[0].range.clone()], "b");
    }

    #[test]
    fn too_deep_files_are_still_checked_for_well_formedness() {
        // Unclosed, far past the limit: too deep, and never closed.
        let t = nested(50_000, false);
        let p = parse(&t, 0);
        let kinds: Vec<_> = p.errors.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [ErrorKind::TooDeep, ErrorKind::Syntax],
            "{:?}",
            p.errors
        );
        assert_eq!(p.errors[1].message, "`<a>` is never closed");
        assert_eq!(p.errors[1].range.start, t.len() - 9);

        // A mistake past the limit is reported, the end tags after it still match.
        let mut t = nested(300, false);
        t.push_str("<b a=\"1\" a=\"2\"/></c>");
        for _ in 1..300 {
            t.push_str("</a>");
        }
        t.push_str("</Root>");
        let p = parse(&t, 0);
        let got: Vec<_> = p
            .errors
            .iter()
            .map(|e| (e.kind, &t[e.range.clone()]))
            .collect();
        assert_eq!(got[0], (ErrorKind::TooDeep, "a"));
        assert_eq!(got[1], (ErrorKind::Syntax, "a"));
        assert!(p.errors[1].message.contains("duplicate"));
        assert_eq!(got[2], (ErrorKind::Syntax, "</c>"));
        assert_eq!(got.len(), 3, "{:?}", p.errors);
        assert!(p.errors[2].message.contains("`<a>`"), "{:?}", p.errors[2]);

        // 200,000 levels (the old recursion overflowed at 80,000): no stack overflow, in the parser or when dropping the tree.
        let t = nested(200_000, true);
        let p = parse(&t, 0);
        assert_eq!(p.errors.len(), 1);
    }
}
