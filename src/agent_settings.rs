//! The product's `appsettings.agent.json`: the OpenId clients an agent knows.
//!
//! The agent reads this file through .NET's JSON configuration provider, which is more
//! lenient than JSON: `//` and `/* */` comments, trailing commas in objects and arrays, and a
//! UTF-8 byte-order mark are accepted. serde_json accepts none of these, so this module has
//! its own small reader ([`AgentSettings::parse`]) that never panics, whatever the bytes.
//!
//! The reader models .NET configuration rather than a JSON tree: every object member is a
//! configuration *path* whose segments are compared case-insensitively (`openid` is
//! `OpenId`), a key holding `:` is a path of several segments (`"OpenId:OpenIdClients":
//! {...}` is the same as nesting), and an object that appears twice merges with the first
//! one. Array elements are reached by index (`Connections:0`) but are not listed as
//! children.
//!
//! Decisions (where the product and this reader could differ):
//!
//! * **Duplicate keys**: the last value wins. The product's reader rejects a file in which
//!   the same scalar path appears twice (`A duplicate key '…' was found.`), so each such
//!   duplicate is also reported as a [`SettingsNote`]. Two objects under the same key are
//!   merged, as in the product.
//! * **Depth**: at most [`MAX_DEPTH`] (64) nested objects and arrays, the default limit of
//!   `System.Text.Json` that the product uses; deeper is an error.
//! * **Top-level value**: must be an object, as in the product.
//! * **`OpenIdClients` not an object** (a string, an array, `null`...): the section is
//!   there ([`AgentSettings::has_openid_section`] is true) but holds no client, and a note
//!   says so. The agent binds the section to a map, so it would see no client either.
//! * **UTF-16** (with a byte-order mark) is read, with a note: the product's reader only
//!   reads UTF-8.
//!
//! Offsets: [`AgentSettings::parse`] gives byte offsets into the bytes it was given (a UTF-8
//! BOM counts, as in [`crate::SourceFile`]); [`AgentSettings::parse_text`] gives offsets
//! into the given text, which is what a [`crate::SourceFile`]'s labels need for a UTF-16 file.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;

/// The deepest nesting of objects and arrays accepted (the top-level object counts as 1).
pub const MAX_DEPTH: usize = 64;

const OPENID: &str = "OpenId";
const OPENID_CLIENTS: &str = "OpenId:OpenIdClients";
const DEFAULT_OPENID_CLIENT: &str = "OpenId:DefaultOpenIdClient";

/// Why the file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// Byte offset where reading failed (see the module documentation for what it counts).
    pub offset: usize,
    /// What was wrong, e.g. "expected `,` or `}`, found `\"`".
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for SettingsError {}

/// Something the reader accepted but the product might not (a duplicate key, a UTF-16
/// file, an `OpenIdClients` that is not an object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsNote {
    pub range: Range<usize>,
    pub message: String,
}

/// The configuration read from an `appsettings.agent.json`.
#[derive(Debug, Clone, Default)]
pub struct AgentSettings {
    entries: Vec<Entry>,
    clients: Vec<(String, Range<usize>)>,
    has_clients_section: bool,
    notes: Vec<SettingsNote>,
}

/// One occurrence of a configuration path in the file.
#[derive(Debug, Clone)]
struct Entry {
    /// The last segment, as written (escapes decoded).
    name: String,
    /// The whole path, folded ([`fold`]), segments joined by `:`.
    folded: String,
    /// The whole path, as written.
    path: String,
    /// Number of segments.
    depth: usize,
    /// Whether this is an array element (its last segment is an index).
    indexed: bool,
    /// Where the last segment is written (the key's text, without quotes).
    range: Range<usize>,
    value: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    /// A string, number or boolean as text; `None` for `null`.
    Scalar(Option<String>),
}

impl AgentSettings {
    /// Reads the file's bytes: UTF-8 with or without a byte-order mark, or UTF-16 (little- or
    /// big-endian) with one. Offsets, in the result and in the error, are into `bytes`.
    pub fn parse(bytes: &[u8]) -> Result<AgentSettings, SettingsError> {
        let le = bytes.starts_with(&[0xFF, 0xFE]);
        if le || bytes.starts_with(&[0xFE, 0xFF]) {
            let (text, map) = decode_utf16(bytes, le)?;
            let remap = |o: usize| map.get(o).copied().unwrap_or(bytes.len());
            let mut settings = match AgentSettings::parse_text(&text) {
                Ok(s) => s,
                Err(e) => {
                    return Err(SettingsError {
                        offset: remap(e.offset),
                        message: e.message,
                    })
                }
            };
            settings.remap(remap);
            settings.notes.insert(
                0,
                SettingsNote {
                    range: 0..2,
                    message: "the file is UTF-16; the product's JSON configuration reader \
                              reads UTF-8 only"
                        .to_string(),
                },
            );
            return Ok(settings);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => AgentSettings::parse_text(text),
            Err(e) => Err(SettingsError {
                offset: e.valid_up_to(),
                message: "invalid UTF-8; save the file as UTF-8".to_string(),
            }),
        }
    }

    /// Reads already decoded text (a leading U+FEFF is skipped). Offsets are into `text`.
    /// Reads and parses the settings file at `path`: its name as given, and the settings; a
    /// mistake is said with its line and column (`--agent-settings`, `scaffc.toml`'s
    /// `agent-settings`).
    pub fn read(path: &std::path::Path) -> Result<(String, AgentSettings), String> {
        let name = path.display().to_string();
        let bytes = crate::fs::read_regular(path, crate::fs::MAX_FILE_BYTES, true)
            .map_err(|e| format!("cannot read `{name}`: {e}"))?;
        let settings = AgentSettings::parse(&bytes).map_err(|e| {
            let lc = crate::SourceFile::new(name.clone(), &bytes).line_col(e.offset);
            format!(
                "`{name}` is not valid JSON at line {}, column {}: {}",
                lc.line, lc.column, e.message
            )
        })?;
        Ok((name, settings))
    }

    pub fn parse_text(text: &str) -> Result<AgentSettings, SettingsError> {
        let mut parser = Parser {
            text,
            b: text.as_bytes(),
            pos: if text.starts_with('\u{FEFF}') { 3 } else { 0 },
            depth: 0,
            path: Vec::new(),
            entries: Vec::new(),
            scalars: HashSet::new(),
            notes: Vec::new(),
        };
        parser.document()?;
        let mut settings = AgentSettings {
            entries: parser.entries,
            clients: Vec::new(),
            has_clients_section: false,
            notes: parser.notes,
        };
        settings.finish();
        Ok(settings)
    }

    /// Computes what the accessors return from the entries.
    fn finish(&mut self) {
        let section = fold(OPENID_CLIENTS);
        self.has_clients_section = self.entries.iter().any(|e| e.folded == section);
        self.clients = self
            .children(OPENID_CLIENTS)
            .into_iter()
            .map(|(name, range)| (name.to_string(), range))
            .collect();
        for e in &self.entries {
            if e.folded == section && e.value != Kind::Object {
                self.notes.push(SettingsNote {
                    range: e.range.clone(),
                    message: format!(
                        "`{}` is not an object: the agent finds no OpenId client in it",
                        e.path
                    ),
                });
            }
        }
        self.notes.sort_by_key(|n| n.range.start);
    }

    fn remap(&mut self, f: impl Fn(usize) -> usize) {
        let map = |r: &mut Range<usize>| *r = f(r.start)..f(r.end);
        self.entries.iter_mut().for_each(|e| map(&mut e.range));
        self.clients.iter_mut().for_each(|c| map(&mut c.1));
        self.notes.iter_mut().for_each(|n| map(&mut n.range));
    }

    /// The OpenId client identifiers of `OpenId.OpenIdClients` (keys matched
    /// case-insensitively), in file order, each with the byte range of its key's text
    /// (without quotes). A client written twice (in any letter case) is listed once, at its
    /// first occurrence.
    pub fn openid_clients(&self) -> &[(String, Range<usize>)] {
        &self.clients
    }

    /// Whether `client` is in `OpenId.OpenIdClients`, ignoring letter case.
    ///
    /// Case-insensitive because .NET configuration keys are: the agent reads the map through
    /// `IConfiguration`, whose keys compare with `OrdinalIgnoreCase`, so `"job"` in the file
    /// answers a lookup of `Job` (and `"Job"` and `"JOB"` in one file are the same key).
    /// Whether the server then accepts a client id that differs from the declared
    /// `OpenIdClient` only in case is not documented; [`AgentSettings::find_openid_client`]
    /// returns the spelling in the file so that a caller can point out such a difference.
    pub fn has_openid_client(&self, client: &str) -> bool {
        self.find_openid_client(client).is_some()
    }

    /// The entry of `OpenId.OpenIdClients` matching `client` ignoring letter case: its
    /// spelling in the file and the range of its key.
    pub fn find_openid_client(&self, client: &str) -> Option<&(String, Range<usize>)> {
        let folded = fold(client);
        self.clients.iter().find(|(name, _)| fold(name) == folded)
    }

    /// The `OpenId.DefaultOpenIdClient` value, if any (the last one if written twice; a
    /// number or boolean as its text; `null` is none).
    pub fn default_openid_client(&self) -> Option<&str> {
        self.value(DEFAULT_OPENID_CLIENT)
    }

    /// Whether the file has an `OpenId.OpenIdClients` section at all (even an empty one, or
    /// one that is not an object).
    pub fn has_openid_section(&self) -> bool {
        self.has_clients_section
    }

    /// Whether the file has an `OpenId` section.
    pub fn has_openid(&self) -> bool {
        let folded = fold(OPENID);
        self.entries.iter().any(|e| e.folded == folded)
    }

    /// The value at a configuration path (`:`-separated, case-insensitive), e.g.
    /// `value("OpenId:AgentIdentifier")`: the last string, number or boolean written there;
    /// none for an object, an array, `null` or a missing path.
    pub fn value(&self, path: &str) -> Option<&str> {
        let folded = fold(path);
        self.entries
            .iter()
            .rev()
            .filter(|e| e.folded == folded)
            .find_map(|e| match &e.value {
                Kind::Scalar(v) => Some(v.as_deref()),
                _ => None,
            })
            .flatten()
    }

    /// The keys directly under a configuration path (`""` for the top level), in file order,
    /// each once (ignoring case, at its first occurrence), with the range of its key's text.
    /// Array elements are not listed.
    pub fn children(&self, path: &str) -> Vec<(&str, Range<usize>)> {
        let (prefix, depth) = if path.is_empty() {
            (String::new(), 1)
        } else {
            (fold(path) + ":", path.split(':').count() + 1)
        };
        let mut seen = HashSet::new();
        self.entries
            .iter()
            .filter(|e| !e.indexed && e.depth == depth && e.folded.starts_with(&prefix))
            .filter(|e| seen.insert(e.folded.as_str()))
            .map(|e| (e.name.as_str(), e.range.clone()))
            .collect()
    }

    /// What the reader accepted but the product may not, in file order.
    pub fn notes(&self) -> &[SettingsNote] {
        &self.notes
    }
}

/// Folds letter case the way .NET's `OrdinalIgnoreCase` does: each character is compared by
/// its simple uppercase mapping (`ß` stays `ß`; it does not become `SS`).
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

/// Decodes UTF-16 with a byte-order mark into UTF-8, with, for each byte of the result (and
/// one past its end), the offset in `bytes` it came from.
fn decode_utf16(bytes: &[u8], le: bool) -> Result<(String, Vec<usize>), SettingsError> {
    let unit_at = |i: usize| -> Option<u16> {
        let pair = [*bytes.get(i)?, *bytes.get(i + 1)?];
        Some(if le {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        })
    };
    let mut text = String::new();
    let mut map = Vec::new();
    let mut i = 2;
    while i < bytes.len() {
        let Some(u) = unit_at(i) else {
            return Err(SettingsError {
                offset: i,
                message: "the UTF-16 file has an odd number of bytes".to_string(),
            });
        };
        let (c, len) = match u {
            0xD800..=0xDBFF => match unit_at(i + 2) {
                Some(lo @ 0xDC00..=0xDFFF) => {
                    let c = 0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
                    (char::from_u32(c), 4)
                }
                _ => (None, 2),
            },
            _ => (char::from_u32(u32::from(u)), 2),
        };
        let Some(c) = c else {
            return Err(SettingsError {
                offset: i,
                message: format!("the UTF-16 file holds an unpaired surrogate {u:#06x}"),
            });
        };
        map.extend(std::iter::repeat_n(i, c.len_utf8()));
        text.push(c);
        i += len;
    }
    map.push(bytes.len());
    Ok((text, map))
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    depth: usize,
    /// The current configuration path: each segment as written, and folded.
    path: Vec<(String, String)>,
    entries: Vec<Entry>,
    /// Folded path of each scalar already seen, to report duplicates.
    scalars: HashSet<String>,
    notes: Vec<SettingsNote>,
}

type Parsed<T> = Result<T, SettingsError>;

impl Parser<'_> {
    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Parsed<T> {
        Err(SettingsError {
            offset,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// What is at `pos`, for a message: `` `x` ``, `U+00A0` or "end of file".
    fn found(&self, pos: usize) -> String {
        match self.text.get(pos..).and_then(|s| s.chars().next()) {
            None if pos >= self.b.len() => "end of file".to_string(),
            None => format!("byte {:#04x}", self.b[pos.min(self.b.len() - 1)]),
            Some(c) if c.is_ascii_graphic() => format!("`{c}`"),
            Some(c) => format!("U+{:04X}", c as u32),
        }
    }

    fn expected<T>(&self, what: &str) -> Parsed<T> {
        self.err(
            self.pos,
            format!("expected {what}, found {}", self.found(self.pos)),
        )
    }

    /// Skips whitespace and comments.
    fn skip(&mut self) -> Parsed<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') => {
                    let start = self.pos;
                    match self.b.get(start + 1) {
                        Some(b'/') => {
                            self.pos += 2;
                            while !matches!(self.peek(), None | Some(b'\n' | b'\r')) {
                                self.pos += 1;
                            }
                        }
                        Some(b'*') => {
                            let body = self.b.get(start + 2..).unwrap_or_default();
                            match body.windows(2).position(|w| w == b"*/") {
                                Some(end) => self.pos = start + 2 + end + 2,
                                None => return self.err(start, "unterminated `/*` comment"),
                            }
                        }
                        _ => {
                            return self
                                .err(start, "unexpected `/`: a comment starts with `//` or `/*`")
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn document(&mut self) -> Parsed<()> {
        self.skip()?;
        match self.peek() {
            Some(b'{') => self.object()?,
            None => return self.err(self.pos, "expected `{`: the file holds no JSON object"),
            Some(_) => return self.expected("`{` (the top-level value must be an object)"),
        }
        self.skip()?;
        if self.pos < self.b.len() {
            return self.err(
                self.pos,
                format!(
                    "unexpected {} after the top-level object",
                    self.found(self.pos)
                ),
            );
        }
        Ok(())
    }

    fn enter(&mut self) -> Parsed<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(
                self.pos,
                format!("objects and arrays nested deeper than {MAX_DEPTH} levels"),
            );
        }
        self.pos += 1;
        Ok(())
    }

    /// An object; `pos` is at its `{`.
    fn object(&mut self) -> Parsed<()> {
        self.enter()?;
        self.skip()?;
        match self.peek() {
            Some(b'}') => {}
            Some(b'"') => loop {
                self.member()?;
                self.skip()?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip()?;
                        match self.peek() {
                            Some(b'}') => break,
                            Some(b'"') => {}
                            _ => return self.expected("a string key or `}` after `,`"),
                        }
                    }
                    Some(b'}') => break,
                    _ => return self.expected("`,` or `}`"),
                }
            },
            _ => return self.expected("a string key or `}`"),
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }

    /// An array; `pos` is at its `[`. Elements get their index as path segment.
    fn array(&mut self) -> Parsed<()> {
        self.enter()?;
        self.skip()?;
        if self.peek() != Some(b']') {
            let mut index = 0usize;
            loop {
                self.path.push((index.to_string(), index.to_string()));
                let value = self.value(None);
                self.path.pop();
                value?;
                index += 1;
                self.skip()?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip()?;
                        if self.peek() == Some(b']') {
                            break;
                        }
                    }
                    Some(b']') => break,
                    _ => return self.expected("`,` or `]`"),
                }
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(())
    }

    /// `"key": value`; `pos` is at the key's opening quote.
    fn member(&mut self) -> Parsed<()> {
        let (key, offsets) = self.string(true)?;
        let raw_end = self.pos - 1; // the closing quote
        self.skip()?;
        if self.peek() != Some(b':') {
            return self.expected("`:` after the key");
        }
        self.pos += 1;
        self.skip()?;
        // A key `A:B` is the path A, then B, as in .NET configuration.
        let at = |i: usize| offsets.get(i).copied().unwrap_or(raw_end);
        let depth_before = self.path.len();
        let mut start = 0;
        let mut result = Ok(());
        for segment in key.split(':') {
            let end = start + segment.len();
            self.path.push((segment.to_string(), fold(segment)));
            let range = at(start)..at(end);
            if end == key.len() {
                result = self.value(Some(range));
            } else {
                self.record(range, false, Kind::Object);
            }
            start = end + 1;
        }
        self.path.truncate(depth_before);
        result
    }

    /// Adds an entry for the current path.
    fn record(&mut self, range: Range<usize>, indexed: bool, value: Kind) {
        let path = self.path.iter().map(|s| s.0.as_str()).collect::<Vec<_>>();
        let folded = self.path.iter().map(|s| s.1.as_str()).collect::<Vec<_>>();
        let entry = Entry {
            name: self.path.last().map(|s| s.0.clone()).unwrap_or_default(),
            folded: folded.join(":"),
            path: path.join(":"),
            depth: self.path.len(),
            indexed,
            range,
            value,
        };
        if matches!(entry.value, Kind::Scalar(_)) && !self.scalars.insert(entry.folded.clone()) {
            self.notes.push(SettingsNote {
                range: entry.range.clone(),
                message: format!(
                    "duplicate key `{}`: scaffc keeps the last value, but the product's JSON \
                     configuration reader rejects a file with a duplicate key",
                    entry.path
                ),
            });
        }
        self.entries.push(entry);
    }

    /// A value at the current path; `key` is where its key is written (none for an array
    /// element, whose entry gets the range of the value, or of the bracket that opens it).
    fn value(&mut self, key: Option<Range<usize>>) -> Parsed<()> {
        let start = self.pos;
        let indexed = key.is_none();
        let bracket = || key.clone().unwrap_or(start..start + 1);
        let kind = match self.peek() {
            Some(b'{') => {
                self.record(bracket(), indexed, Kind::Object);
                return self.object();
            }
            Some(b'[') => {
                self.record(bracket(), indexed, Kind::Array);
                return self.array();
            }
            Some(b'"') => Kind::Scalar(Some(self.string(false)?.0)),
            Some(b'-' | b'0'..=b'9') => Kind::Scalar(Some(self.number()?)),
            Some(b't') if self.b[self.pos..].starts_with(b"true") => {
                self.pos += 4;
                Kind::Scalar(Some("true".to_string()))
            }
            Some(b'f') if self.b[self.pos..].starts_with(b"false") => {
                self.pos += 5;
                Kind::Scalar(Some("false".to_string()))
            }
            Some(b'n') if self.b[self.pos..].starts_with(b"null") => {
                self.pos += 4;
                Kind::Scalar(None)
            }
            _ => return self.expected("a value"),
        };
        let range = key.unwrap_or(start..self.pos);
        self.record(range, indexed, kind);
        Ok(())
    }

    /// A number, checked against JSON's grammar, as written.
    fn number(&mut self) -> Parsed<String> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return self.expected("a digit"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.expected("a digit after `.`");
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.expected("a digit in the exponent");
            }
        }
        Ok(self
            .text
            .get(start..self.pos)
            .unwrap_or_default()
            .to_string())
    }

    /// A string; `pos` is at its opening quote. With `offsets`, also the offset in the text
    /// of (the character that gave) each byte of the result.
    fn string(&mut self, offsets: bool) -> Parsed<(String, Vec<usize>)> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut offs = Vec::new();
        loop {
            let start = self.pos;
            match self.peek() {
                None | Some(b'\n' | b'\r') => {
                    return self.err(open, "unterminated string (it must end on the same line)")
                }
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((out, offs));
                }
                Some(b'\\') => {
                    let c = self.escape()?;
                    out.push(c);
                    if offsets {
                        offs.extend(std::iter::repeat_n(start, c.len_utf8()));
                    }
                }
                Some(c @ 0..=0x1F) => {
                    return self.err(
                        start,
                        format!("control character U+{c:04X} must be escaped in a string"),
                    )
                }
                Some(_) => {
                    while matches!(self.peek(), Some(c) if c >= 0x20 && c != b'"' && c != b'\\') {
                        self.pos += 1;
                    }
                    // Stops on an ASCII byte or the end: a character boundary.
                    out.push_str(self.text.get(start..self.pos).unwrap_or_default());
                    if offsets {
                        offs.extend(start..self.pos);
                    }
                }
            }
        }
    }

    /// An escape sequence; `pos` is at its backslash.
    fn escape(&mut self) -> Parsed<char> {
        let start = self.pos;
        self.pos += 1;
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        let low = if self.b[self.pos..].starts_with(b"\\u") {
                            self.pos += 2;
                            Some(self.hex4()?)
                        } else {
                            None
                        };
                        match low {
                            Some(low @ 0xDC00..=0xDFFF) => {
                                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                            }
                            _ => {
                                return self.err(
                                    start,
                                    format!("unpaired surrogate `\\u{unit:04X}` in a string"),
                                )
                            }
                        }
                    }
                    0xDC00..=0xDFFF => {
                        return self.err(
                            start,
                            format!("unpaired surrogate `\\u{unit:04X}` in a string"),
                        )
                    }
                    _ => unit,
                };
                return match char::from_u32(code) {
                    Some(c) => Ok(c),
                    None => self.err(start, "invalid `\\u` escape"),
                };
            }
            _ => {
                return self.err(
                    start,
                    format!(
                        "invalid escape `\\` followed by {}: use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX",
                        self.found(self.pos)
                    ),
                )
            }
        };
        self.pos += 1;
        Ok(c)
    }

    /// Four hexadecimal digits.
    fn hex4(&mut self) -> Parsed<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return self.expected("a hexadecimal digit in a `\\u` escape"),
            };
            v = v * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"// comment
{
  "OpenId": {
    "OpenIdClients": { "Job": "secret", /* another */ "Admin": "x", },
    "DefaultOpenIdClient": "Job",
  },
  "Connections": { "ADExport": { "Server": "dc01", "Port": 389 } },
}
"#;

    fn parse(text: &str) -> AgentSettings {
        AgentSettings::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn error(text: &str) -> SettingsError {
        match AgentSettings::parse(text.as_bytes()) {
            Ok(s) => panic!("parsed: {s:?}"),
            Err(e) => e,
        }
    }

    fn names(s: &AgentSettings) -> Vec<&str> {
        s.openid_clients().iter().map(|c| c.0.as_str()).collect()
    }

    /// Each client's range is the text of its key.
    fn assert_ranges(text: &[u8], s: &AgentSettings) {
        for (name, range) in s.openid_clients() {
            assert_eq!(&text[range.clone()], name.as_bytes());
        }
    }

    #[test]
    fn the_example() {
        let s = parse(EXAMPLE);
        assert_eq!(names(&s), ["Job", "Admin"]);
        assert_ranges(EXAMPLE.as_bytes(), &s);
        assert!(s.has_openid_section());
        assert!(s.has_openid());
        assert!(s.has_openid_client("Job"));
        assert!(s.has_openid_client("Admin"));
        assert!(!s.has_openid_client("Other"));
        assert_eq!(s.default_openid_client(), Some("Job"));
        assert_eq!(s.value("Connections:ADExport:Port"), Some("389"));
        assert_eq!(s.value("connections:adexport:server"), Some("dc01"));
        let connections: Vec<_> = s.children("Connections").into_iter().map(|c| c.0).collect();
        assert_eq!(connections, ["ADExport"]);
        let top: Vec<_> = s.children("").into_iter().map(|c| c.0).collect();
        assert_eq!(top, ["OpenId", "Connections"]);
        assert!(s.notes().is_empty());
    }

    #[test]
    fn utf8_bom_counts_in_offsets() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(EXAMPLE.as_bytes());
        let s = AgentSettings::parse(&bytes).unwrap();
        assert_eq!(names(&s), ["Job", "Admin"]);
        assert_ranges(&bytes, &s);
        assert_eq!(
            s.openid_clients()[0].1.start,
            EXAMPLE.find("Job").unwrap() + 3
        );
        // An error offset counts the BOM too.
        let e = AgentSettings::parse(b"\xEF\xBB\xBF{ \"a\" 1 }").unwrap_err();
        assert_eq!(e.offset, 3 + 6);
        // parse_text skips a leading U+FEFF, with offsets into the text.
        let s =
            AgentSettings::parse_text("\u{FEFF}{\"OpenId\":{\"OpenIdClients\":{\"Job\":\"\"}}}")
                .unwrap();
        assert_eq!(s.openid_clients()[0].1, 32..35);
    }

    #[test]
    fn utf16_with_bom() {
        let text = "{ \"OpenId\": { \"OpenIdClients\": { \"Jöb\": \"s\", \"A😀\": \"t\" } } }";
        for le in [true, false] {
            let mut bytes = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let s = AgentSettings::parse(&bytes).unwrap();
            assert_eq!(names(&s), ["Jöb", "A😀"]);
            let (name, range) = &s.openid_clients()[0];
            let units: Vec<u16> = bytes[range.clone()]
                .chunks(2)
                .map(|c| {
                    if le {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect();
            assert_eq!(&String::from_utf16(&units).unwrap(), name);
            assert_eq!(s.openid_clients()[1].1.len(), 3 * 2); // `A` + a surrogate pair
            assert!(s.notes()[0].message.contains("UTF-16"));
            // Errors are at offsets of the UTF-16 bytes.
            let mut bad = bytes[..2].to_vec();
            for u in "{ \"a\" 1 }".encode_utf16() {
                bad.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            assert_eq!(AgentSettings::parse(&bad).unwrap_err().offset, 2 + 6 * 2);
        }
        assert!(AgentSettings::parse(&[0xFF, 0xFE, b'{', 0, b'}'])
            .unwrap_err()
            .message
            .contains("odd"));
        let e = AgentSettings::parse(&[0xFF, 0xFE, b'{', 0, 0x00, 0xD8, b'}', 0]).unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("surrogate"));
    }

    #[test]
    fn crlf_line_ends() {
        let text = EXAMPLE.replace('\n', "\r\n");
        let s = parse(&text);
        assert_eq!(names(&s), ["Job", "Admin"]);
        assert_ranges(text.as_bytes(), &s);
        // A `//` comment ends at a lone CR too.
        let s = parse("{ // c\r\"OpenId\": { \"OpenIdClients\": { \"Job\": 1 } } }");
        assert_eq!(names(&s), ["Job"]);
    }

    #[test]
    fn comments_everywhere() {
        let text = "/*a*/ // b\n/* c\n */{/*d*/\"OpenId\"/*e*/:/*f*/{//g\n\"OpenIdClients\"//h\n\
                    :{\"Job\"/**/:/**/\"s\"/**/,/**/\"B\":[1/**/,/**/2]/**/}/**/}/***/}//end";
        let s = parse(text);
        assert_eq!(names(&s), ["Job", "B"]);
        assert_ranges(text.as_bytes(), &s);
        // Comment markers inside strings are text.
        let s = parse(r#"{"OpenId":{"OpenIdClients":{"//Job":"/*","a/*b":"*/"}}}"#);
        assert_eq!(names(&s), ["//Job", "a/*b"]);
        let s = parse("{}// no newline at the end");
        assert!(!s.has_openid_section());
    }

    #[test]
    fn trailing_commas() {
        let s = parse(r#"{"OpenId":{"OpenIdClients":{"Job":"s",},"X":[1,2,],"Y":[{},],},}"#);
        assert_eq!(names(&s), ["Job"]);
        // But not a comma alone or two in a row.
        assert_eq!(error("{,}").offset, 1);
        assert_eq!(error("{\"a\":[,]}").offset, 6);
        assert_eq!(error("{\"a\":1,,}").offset, 7);
        assert_eq!(error("{\"a\":[1,,]}").offset, 8);
    }

    #[test]
    fn keys_are_case_insensitive() {
        let s = parse(r#"{"openid":{"OPENIDCLIENTS":{"Job":"s"},"defaultopenidclient":"Job"}}"#);
        assert_eq!(names(&s), ["Job"]);
        assert!(s.has_openid_section());
        assert_eq!(s.default_openid_client(), Some("Job"));
        // Client ids too.
        assert!(s.has_openid_client("JOB"));
        assert!(s.has_openid_client("job"));
        assert_eq!(s.find_openid_client("jOb").unwrap().0, "Job");
        // Non-ASCII letters fold; `ß` is not `SS` (simple case mapping, as OrdinalIgnoreCase).
        let s = parse(r#"{"OpenId":{"OpenIdClients":{"Élan":"s","Straße":"t"}}}"#);
        assert!(s.has_openid_client("éLAN"));
        assert!(!s.has_openid_client("STRASSE"));
    }

    #[test]
    fn colon_keys_are_paths_and_sections_merge() {
        let text = r#"{
            "OpenId:OpenIdClients:Job": "s",
            "OpenId": { "OpenIdClients": { "Admin": "x" } },
            "OPENID": { "openIdClients:Other": "y" },
            "OpenId:DefaultOpenIdClient": "Admin"
        }"#;
        let s = parse(text);
        assert_eq!(names(&s), ["Job", "Admin", "Other"]);
        assert_ranges(text.as_bytes(), &s);
        assert_eq!(s.default_openid_client(), Some("Admin"));
        assert!(s.notes().is_empty());
        // The range of a segment of a key with escapes covers its escapes.
        let text = r#"{"OpenId\u003aOpenIdClients:J\u00F6b":"s"}"#;
        let s = parse(text);
        assert_eq!(names(&s), ["Jöb"]);
        assert_eq!(&text[s.openid_clients()[0].1.clone()], "J\\u00F6b");
    }

    #[test]
    fn duplicates_last_wins_with_a_note() {
        let text = r#"{"OpenId":{"OpenIdClients":{"Job":"a","JOB":"b","Admin":"c"},
            "DefaultOpenIdClient":"Job","DefaultOpenIdClient":"Admin"}}"#;
        let s = parse(text);
        assert_eq!(names(&s), ["Job", "Admin"]);
        assert_eq!(s.value("OpenId:OpenIdClients:Job"), Some("b"));
        assert_eq!(s.default_openid_client(), Some("Admin"));
        let notes: Vec<_> = s.notes().iter().map(|n| &text[n.range.clone()]).collect();
        assert_eq!(notes, ["JOB", "DefaultOpenIdClient"]);
        assert!(s.notes()[0].message.contains("`OpenId:OpenIdClients:JOB`"));
    }

    #[test]
    fn nested_unrelated_sections() {
        let text = r#"{
            "Logging": { "LogLevel": { "Default": "Information" } },
            "Connections": {
                "OpenId": { "OpenIdClients": { "NotMe": "x" } },
                "List": [ { "OpenId": { "OpenIdClients": { "NorMe": "x" } } } ]
            },
            "OpenId": {
                "AgentIdentifier": "Local",
                "Nested": { "OpenIdClients": { "Nope": "x" } },
                "OpenIdClients": { "Job": { "deep": [1, { "OpenIdClients": {"No":1} }] } }
            },
            "Numbers": [0, -1, 1.5, -0.25e10, 2E-3, 7e+2, true, false, null, "s"]
        }"#;
        let s = parse(text);
        assert_eq!(names(&s), ["Job"]);
        assert_eq!(s.value("OpenId:AgentIdentifier"), Some("Local"));
        assert_eq!(s.value("Numbers:3"), Some("-0.25e10"));
        assert_eq!(s.value("Numbers:8"), None);
        assert_eq!(s.value("numbers:9"), Some("s"));
        assert!(s.children("Numbers").is_empty());
        assert_eq!(
            s.value("Connections:List:0:OpenId:OpenIdClients:NorMe"),
            Some("x")
        );
        assert_eq!(s.value("OpenId"), None);
        assert_eq!(s.default_openid_client(), None);
    }

    #[test]
    fn missing_or_odd_sections() {
        let s = parse(r#"{"OpenId":{"DefaultOpenIdClient":null}}"#);
        assert!(s.has_openid());
        assert!(!s.has_openid_section());
        assert!(s.openid_clients().is_empty());
        assert_eq!(s.default_openid_client(), None);

        let s = parse(r#"{"OpenId":{"OpenIdClients":{}}}"#);
        assert!(s.has_openid_section());
        assert!(s.openid_clients().is_empty());
        assert!(s.notes().is_empty());

        for value in [r#"["Job"]"#, r#""Job""#, "null", "1"] {
            let text = format!(r#"{{"OpenId":{{"OpenIdClients":{value}}}}}"#);
            let s = parse(&text);
            assert!(s.has_openid_section(), "{value}");
            assert!(s.openid_clients().is_empty(), "{value}");
            assert!(!s.has_openid_client("Job"));
            assert_eq!(&text[s.notes()[0].range.clone()], "OpenIdClients");
            assert!(s.notes()[0].message.contains("not an object"));
        }
    }

    #[test]
    fn string_escapes() {
        let text = r#"{"OpenId":{"OpenIdClients":{"a\"b\\c\/d\b\f\n\r\t":1,"\u0041\u00e9\u20AC\uD83D\uDE00":2}},
            "V": "x\u0000y"}"#;
        let s = parse(text);
        assert_eq!(names(&s), ["a\"b\\c/d\u{8}\u{c}\n\r\t", "Aé€😀"]);
        assert_eq!(s.value("v"), Some("x\0y"));
    }

    #[test]
    fn errors_with_their_offsets() {
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "no JSON object"),
            ("  // only a comment\n", 20, "no JSON object"),
            ("[1]", 0, "top-level value must be an object"),
            ("\"s\"", 0, "top-level value must be an object"),
            ("{\"OpenId\": \"x}", 11, "unterminated string"),
            ("{\"OpenId\": \"x\n\"}", 11, "unterminated string"),
            ("{\"Open", 1, "unterminated string"),
            ("{\"a\" \"b\"}", 5, "expected `:` after the key, found `\"`"),
            ("{\"a\": 1 \"b\": 2}", 8, "expected `,` or `}`"),
            ("{\"a\": [1 2]}", 9, "expected `,` or `]`"),
            ("{\"a\": }", 6, "expected a value, found `}`"),
            ("{\"a\": tru}", 6, "expected a value"),
            ("{\"a\": True}", 6, "expected a value"),
            ("{\"a\": 01}", 7, "expected `,` or `}`"),
            ("{\"a\": 1.}", 8, "digit after `.`"),
            ("{\"a\": 1e}", 8, "exponent"),
            ("{\"a\": -}", 7, "expected a digit"),
            ("{\"a\": +1}", 6, "expected a value"),
            ("{\"a\": .5}", 6, "expected a value"),
            ("{a: 1}", 1, "expected a string key or `}`, found `a`"),
            ("{'a': 1}", 1, "string key"),
            ("{} x", 3, "unexpected `x` after the top-level object"),
            ("{}{}", 2, "after the top-level object"),
            ("{\"a\": 1 /* open", 8, "unterminated `/*` comment"),
            ("{\"a\": 1 / }", 8, "unexpected `/`"),
            ("{\"a\": \"\\x\"}", 7, "invalid escape"),
            ("{\"a\": \"\\u12G4\"}", 11, "hexadecimal digit"),
            ("{\"a\": \"\\uD800\"}", 7, "unpaired surrogate `\\uD800`"),
            ("{\"a\": \"\\uD800\\u0041\"}", 7, "unpaired surrogate"),
            ("{\"a\": \"\\uDC00\"}", 7, "unpaired surrogate `\\uDC00`"),
            ("{\"a\": \"x\ty\"}", 8, "control character U+0009"),
            ("{\"a\": 1\u{A0}}", 7, "found U+00A0"),
            ("\u{FEFF}\u{FEFF}{}", 3, "found U+FEFF"),
            (
                "{\"a\": {\"b\": 1}",
                14,
                "expected `,` or `}`, found end of file",
            ),
            ("{\"a\": [", 7, "expected a value, found end of file"),
        ];
        for &(text, offset, message) in cases {
            let e = error(text);
            assert_eq!(e.offset, offset, "{text:?}: {e}");
            assert!(e.message.contains(message), "{text:?}: {e}");
        }
        let e = AgentSettings::parse(b"{\"a\": \"\xC3\x28\"}").unwrap_err();
        assert_eq!(e.offset, 7);
        assert!(e.message.contains("UTF-8"));
        assert_eq!(
            e.to_string(),
            "invalid UTF-8; save the file as UTF-8 (at byte 7)"
        );
    }

    #[test]
    fn depth_limit() {
        let nested = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
        assert!(AgentSettings::parse(nested(MAX_DEPTH).as_bytes()).is_ok());
        let e = error(&nested(MAX_DEPTH + 1));
        assert_eq!(e.offset, MAX_DEPTH * 5);
        assert!(e.message.contains("deeper than 64"));
        // Far deeper input is an error, not a stack overflow.
        let e = error(&nested(10_000));
        assert_eq!(e.offset, MAX_DEPTH * 5);
        let e = error(&format!("{{\"a\":{}", "[".repeat(10_000)));
        assert_eq!(e.offset, 5 + MAX_DEPTH - 1);
        let e = error(&"{\"a\":".repeat(10_000));
        assert_eq!(e.offset, MAX_DEPTH * 5);
    }

    /// xorshift64*: deterministic pseudo-random numbers.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// Checks what a successful parse returns: ranges inside the bytes.
    fn check_no_panic(bytes: &[u8]) {
        if let Ok(s) = AgentSettings::parse(bytes) {
            for (_, range) in s.openid_clients() {
                assert!(range.start <= range.end && range.end <= bytes.len());
            }
            for note in s.notes() {
                assert!(note.range.end <= bytes.len());
            }
            let _ = (s.has_openid_client("Job"), s.default_openid_client());
            let _ = s.children("");
        } else if let Err(e) = AgentSettings::parse(bytes) {
            assert!(e.offset <= bytes.len(), "{e} for {bytes:?}");
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let alphabet = b"{}[]:,\"\\/*\n\r\t ab01-.eE+utrfn";
        for i in 0..400 {
            let len = rng.below(64);
            let bytes: Vec<u8> = match i % 4 {
                // Any bytes.
                0 => (0..len).map(|_| rng.next() as u8).collect(),
                // JSON-ish punctuation.
                1 => (0..len)
                    .map(|_| alphabet[rng.below(alphabet.len())])
                    .collect(),
                // UTF-16 byte-order mark, then anything.
                2 => [0xFF, 0xFE]
                    .into_iter()
                    .chain((0..len).map(|_| rng.next() as u8))
                    .collect(),
                // The example with a few bytes changed, removed or cut.
                _ => {
                    let mut b = EXAMPLE.as_bytes().to_vec();
                    for _ in 0..1 + rng.below(4) {
                        let at = rng.below(b.len());
                        match rng.below(3) {
                            0 => b[at] = alphabet[rng.below(alphabet.len())],
                            1 => {
                                b.remove(at);
                            }
                            _ => b.truncate(at),
                        }
                        if b.is_empty() {
                            break;
                        }
                    }
                    b
                }
            };
            check_no_panic(&bytes);
        }
        // Every prefix of the example and of its UTF-16 form.
        let mut utf16 = vec![0xFE, 0xFF];
        for u in EXAMPLE.encode_utf16() {
            utf16.extend(u.to_be_bytes());
        }
        for end in 0..=EXAMPLE.len() {
            check_no_panic(&EXAMPLE.as_bytes()[..end]);
        }
        for end in 0..=utf16.len() {
            check_no_panic(&utf16[..end]);
        }
    }
}
