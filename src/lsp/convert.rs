//! Between the protocol's units and the core's: positions (UTF-16 or UTF-8 columns, as
//! negotiated) and byte offsets of a [`SourceFile`]; file URIs and paths; diagnostics.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// The column unit negotiated at `initialize` (LSP 3.17 `positionEncodings`): UTF-16 unless
/// the client offers UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client lists it, else UTF-16 (the protocol's default).
    pub fn negotiate(params: &lsp::InitializeParams) -> Encoding {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        if offered.is_some_and(|o| o.contains(&lsp::PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        }
    }
}

/// The byte-order mark an editor does not show: the first line's columns start after it.
fn bom(file: &SourceFile, line: usize) -> usize {
    if line == 0 && file.text.starts_with('\u{FEFF}') {
        3
    } else {
        0
    }
}

/// The protocol position of a byte offset of `file`.
pub fn position(file: &SourceFile, offset: usize, enc: Encoding) -> lsp::Position {
    let p = file.position(offset);
    let line = p.line - 1;
    let skip = bom(file, line).min(p.byte_column - 1);
    let character = match enc {
        Encoding::Utf8 => p.byte_column - 1 - skip,
        Encoding::Utf16 => p.utf16_column - 1 - usize::from(skip > 0),
    };
    lsp::Position::new(line as u32, character as u32)
}

pub fn range(file: &SourceFile, r: &std::ops::Range<usize>, enc: Encoding) -> lsp::Range {
    lsp::Range::new(position(file, r.start, enc), position(file, r.end, enc))
}

/// The byte offset of a protocol position of `file`: clamped to the end of its line (and
/// to the end of the text past the last line); a column inside a character gives the
/// character's start.
pub fn offset(file: &SourceFile, pos: lsp::Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= file.line_count() {
        return file.text.len();
    }
    let r = file.line_range(line + 1);
    let start = r.start + bom(file, line);
    let mut units = 0usize;
    for (i, c) in file.text[start..r.end].char_indices() {
        let width = match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units + width > pos.character as usize {
            return start + i;
        }
        units += width;
    }
    r.end
}

/// `file://` URI of an absolute path: every byte but the unreserved ones and `/`
/// percent-encoded.
pub fn uri(path: &Path) -> lsp::Uri {
    lsp::Uri::from_str(&crate::render::file_uri(path)).expect("a percent-encoded file URI is a URI")
}

/// Percent-encodes, in every `file:` URI of a message, the characters a URI cannot hold
/// raw but some editors send raw (`[`, `]`, spaces, a `%` not followed by two hex digits,
/// non-ASCII...): the URI parser of the protocol types refuses them, which would drop the
/// message, or the whole session for a workspace folder.
pub fn fix_uris(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s)
            if s.starts_with("file:") && s.parse::<lsp::Uri>().is_err() =>
        {
            *s = encode_raw(s);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(fix_uris),
        serde_json::Value::Object(map) => map.values_mut().for_each(fix_uris),
        _ => {}
    }
}

/// A URI with the bytes it cannot hold raw percent-encoded (an existing `%XX` is kept).
fn encode_raw(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in b.iter().enumerate() {
        let escape = b
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        let keep = c.is_ascii_alphanumeric()
            || b"-._~:/?#@!$&'()*+,;=".contains(&c)
            || (c == b'%' && escape);
        if keep {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

/// The path of a `file://` URI (`None` for another scheme or a bad encoding).
pub fn path(uri: &lsp::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // An authority (`file://host/...`) is not a local file; `file:///` has an empty one.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut bytes = Vec::with_capacity(rest.len());
    let raw = rest.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            let hex = std::str::from_utf8(raw.get(i + 1..i + 3)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(bytes).ok()?;
    // `file:///c:/x` on Windows.
    let text = match text.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => text[1..].to_string(),
        _ => text,
    };
    Some(PathBuf::from(text))
}

/// The protocol form of a diagnostic of `files` (its primary label's file is `file`):
/// code, severity, source `scaffc`, exact range, the help after the message, the related
/// places as `relatedInformation`.
pub fn diagnostic(
    d: &Diagnostic,
    files: &crate::load::Sources,
    uri_of: &dyn Fn(&str) -> lsp::Uri,
    enc: Encoding,
) -> lsp::Diagnostic {
    let file = files.file(d.primary.file);
    let mut message = d.message.clone();
    if let Some(label) = &d.primary.message {
        message = format!("{message}: {label}");
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|l| {
            let f = files.file(l.file);
            lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri_of(&f.path), range(f, &l.range, enc)),
                message: l.message.clone().unwrap_or_else(|| "here".to_string()),
            }
        })
        .collect();
    lsp::Diagnostic {
        range: range(file, &d.primary.range, enc),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("scaffc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_or_bytes_and_come_back() {
        // `é` is 2 bytes and 1 UTF-16 unit; `🙂` 4 bytes and 2 units.
        let f = SourceFile::new("a.xml", "ab\nxé🙂y\n".as_bytes());
        let y = f.text.find('y').unwrap();
        assert_eq!(position(&f, y, Encoding::Utf16), lsp::Position::new(1, 4));
        assert_eq!(position(&f, y, Encoding::Utf8), lsp::Position::new(1, 7));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset(&f, position(&f, y, enc), enc), y);
        }
        // Past the end of a line: its end; inside a character: its start.
        assert_eq!(offset(&f, lsp::Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(offset(&f, lsp::Position::new(1, 3), Encoding::Utf16), y - 4);
        assert_eq!(
            offset(&f, lsp::Position::new(9, 0), Encoding::Utf8),
            f.text.len()
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_a_column() {
        let f = SourceFile::new("a.xml", "\u{FEFF}<a/>".as_bytes());
        assert_eq!(position(&f, 3, Encoding::Utf16), lsp::Position::new(0, 0));
        assert_eq!(position(&f, 4, Encoding::Utf8), lsp::Position::new(0, 1));
        assert_eq!(offset(&f, lsp::Position::new(0, 1), Encoding::Utf16), 4);
    }

    #[test]
    fn raw_brackets_spaces_and_percents_in_client_uris_are_encoded() {
        let mut v = serde_json::json!({
            "uri": "file:///tmp/ws [a+b]/Conf/50% é.xml",
            "ok": "file:///tmp/a%20b.xml",
            "other": "untitled:[x]",
        });
        fix_uris(&mut v);
        assert_eq!(
            v["uri"],
            "file:///tmp/ws%20%5Ba+b%5D/Conf/50%25%20%C3%A9.xml"
        );
        assert_eq!(v["ok"], "file:///tmp/a%20b.xml");
        assert_eq!(v["other"], "untitled:[x]");
        let u: lsp::Uri = v["uri"].as_str().unwrap().parse().unwrap();
        assert_eq!(path(&u).unwrap(), Path::new("/tmp/ws [a+b]/Conf/50% é.xml"));
    }

    #[test]
    fn uris_round_trip_spaces_percent_and_non_ascii() {
        let p = Path::new("/tmp/Conf/AD/AD Jobs é%.xml");
        let u = uri(p);
        assert_eq!(u.as_str(), "file:///tmp/Conf/AD/AD%20Jobs%20%C3%A9%25.xml");
        assert_eq!(path(&u).as_deref(), Some(p));
        let other = lsp::Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(path(&other), None);
    }
}
