//! A file of the configuration tree: its path, its decoded text and a line index.
//!
//! The core never touches the file system: it receives `(path, bytes)` pairs, so that
//! an editor can hand it an unsaved buffer and tests need no temporary folders.
//!
//! Offsets are byte offsets into [`SourceFile::text`]. For UTF-8 files (with or without
//! a byte-order mark) they are exactly the offsets in the file's bytes: a UTF-8 BOM is kept
//! in the text as U+FEFF, which is three bytes in UTF-8 too. A UTF-16 file is decoded to
//! UTF-8 first, and its offsets are those of the decoded text.

use std::ops::Range;

/// Index of a file in a [`crate::Sources`] set. Files are sorted by path, so ordering by
/// `FileId` is ordering by path.
pub type FileId = usize;

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the configuration folder, with `/` separators.
    pub path: String,
    /// The decoded text (UTF-8). When the bytes are not valid UTF-8, the text has U+FFFD
    /// in place of the bad bytes, so that the report can show the line.
    pub text: String,
    /// Why the bytes could not be turned into text, if they could not, and where.
    pub decode_error: Option<(String, Range<usize>)>,
    /// Length of the byte-order mark kept at the start of `text` (0 or 3).
    pub bom_len: usize,
    /// Whether the bytes were UTF-16 (decoded to UTF-8 in `text`).
    pub utf16: bool,
    /// The line index, built on the first position asked for: most files of a
    /// configuration never have one to show.
    lines: std::sync::OnceLock<Lines>,
}

/// Where the lines start and where the multi-byte characters are.
#[derive(Debug, Clone)]
struct Lines {
    /// The byte offset of each line's start (`u32`: a file the loader reads is under 2 GiB;
    /// past 4 GiB the offsets stop growing, and such a file is reported, not read).
    starts: Vec<u32>,
    /// The multi-byte characters, for columns in O(log n): empty for an ASCII file.
    wide: WideChars,
}

/// Byte offsets of the non-ASCII characters of a text, with running totals of their extra
/// UTF-8 bytes and extra UTF-16 units, so that a column is two binary searches away.
#[derive(Debug, Clone, Default)]
struct WideChars {
    /// Byte offset of each non-ASCII character, ascending.
    offsets: Vec<usize>,
    /// `extra_utf8[i]`: bytes beyond one per character, over characters `0..=i`.
    extra_utf8: Vec<usize>,
    /// `extra_utf16[i]`: UTF-16 units beyond one per character (surrogate pairs), over
    /// characters `0..=i`.
    extra_utf16: Vec<usize>,
}

impl WideChars {
    fn new(text: &str) -> WideChars {
        let mut w = WideChars::default();
        if text.is_ascii() {
            return w;
        }
        let (mut e8, mut e16) = (0, 0);
        for (i, c) in text.char_indices() {
            let len = c.len_utf8();
            if len > 1 {
                e8 += len - 1;
                e16 += c.len_utf16() - 1;
                w.offsets.push(i);
                w.extra_utf8.push(e8);
                w.extra_utf16.push(e16);
            }
        }
        w
    }

    /// (extra UTF-8 bytes, extra UTF-16 units) of the characters starting before `offset`.
    fn before(&self, offset: usize) -> (usize, usize) {
        match self.offsets.partition_point(|&o| o < offset) {
            0 => (0, 0),
            n => (self.extra_utf8[n - 1], self.extra_utf16[n - 1]),
        }
    }
}

/// A position in the three units editors use: every field is 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    /// Column in Unicode scalar values (what [`LineCol`] gives).
    pub column: usize,
    /// Column in UTF-16 code units (what the Language Server Protocol counts by default).
    pub utf16_column: usize,
    /// Column in UTF-8 bytes.
    pub byte_column: usize,
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    /// Decodes `bytes` (UTF-8 with or without BOM, or UTF-16 with a BOM).
    pub fn new(path: impl Into<String>, bytes: &[u8]) -> SourceFile {
        let path = normalize_path(&path.into());
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        let (text, decode_error, bom_len) = match decode(bytes) {
            Ok((text, bom_len)) => (text, None, bom_len),
            Err((message, Some(at))) => {
                // Up to the bad byte the lossy text has the same offsets as the bytes.
                let text = String::from_utf8_lossy(bytes).into_owned();
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                (text, Some((message, at..end)), 0)
            }
            Err((message, None)) => (String::new(), Some((message, 0..0)), 0),
        };
        SourceFile::assemble(path, text, decode_error, bom_len, utf16)
    }

    /// [`SourceFile::new`] on bytes it may keep: a UTF-8 file (the usual case) becomes its
    /// text without a copy.
    pub fn from_vec(path: impl Into<String>, bytes: Vec<u8>) -> SourceFile {
        let utf16_like = bytes.starts_with(&[0xFF, 0xFE])
            || bytes.starts_with(&[0xFE, 0xFF])
            || matches!(
                bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes),
                [b'<', 0, ..] | [0, b'<', ..]
            );
        if utf16_like {
            return SourceFile::new(path, &bytes);
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let bom_len = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
                SourceFile::assemble(normalize_path(&path.into()), text, None, bom_len, false)
            }
            Err(e) => SourceFile::new(path, e.as_bytes()),
        }
    }

    fn assemble(
        path: String,
        text: String,
        decode_error: Option<(String, Range<usize>)>,
        bom_len: usize,
        utf16: bool,
    ) -> SourceFile {
        SourceFile {
            path,
            text,
            decode_error,
            bom_len,
            utf16,
            lines: std::sync::OnceLock::new(),
        }
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines {
            starts: line_starts(&self.text),
            wide: WideChars::new(&self.text),
        })
    }

    /// Line and column of a byte offset (clamped to the text, and to a char boundary).
    /// O(log n): the file's multi-byte characters are indexed once.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let p = self.position(offset);
        LineCol {
            line: p.line,
            column: p.column,
        }
    }

    /// The 1-based column of a byte offset in UTF-16 code units.
    pub fn utf16_column(&self, offset: usize) -> usize {
        self.position(offset).utf16_column
    }

    /// Line, and column in scalars, UTF-16 units and bytes, of a byte offset (clamped to
    /// the text, and back to the start of the character it falls inside).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let at = u32::try_from(offset).unwrap_or(u32::MAX);
        let lines = self.lines();
        let line = match lines.starts.binary_search(&at) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = lines.starts[line] as usize;
        let bytes = offset - start;
        let (a8, a16) = lines.wide.before(start);
        let (b8, b16) = lines.wide.before(offset);
        let scalars = bytes - (b8 - a8);
        Position {
            line: line + 1,
            column: scalars + 1,
            utf16_column: scalars + (b16 - a16) + 1,
            byte_column: bytes + 1,
        }
    }

    /// The byte range of line `line` (1-based), without its `\n` (nor a `\r` before it).
    /// An empty range at the end of the text for a line past the last.
    pub fn line_range(&self, line: usize) -> Range<usize> {
        let starts = &self.lines().starts;
        let Some(&start) = starts.get(line.saturating_sub(1)) else {
            return self.text.len()..self.text.len();
        };
        let start = start as usize;
        let mut end = starts
            .get(line)
            .map_or(self.text.len(), |&next| next as usize - 1);
        if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end -= 1;
        }
        start..end
    }

    /// The number of lines (at least 1).
    pub fn line_count(&self) -> usize {
        self.lines().starts.len()
    }

    /// The text of a range, or "" when the range is not valid in this file.
    pub fn slice(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or("")
    }
}

fn normalize_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    p.trim_start_matches("./").to_string()
}

/// Where each line starts. A line ends at `\n`, `\r\n` or a lone `\r`, as XML reads line
/// ends (XML 1.0, 2.11) and as the Language Server Protocol counts lines.
fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        )
        .collect()
}

/// Returns the text and the length of the BOM kept at its start, or why the bytes are not
/// text and, for UTF-8, the offset of the first bad byte.
fn decode(bytes: &[u8]) -> Result<(String, usize), (String, Option<usize>)> {
    // A UTF-16 byte-order mark in front of 8-bit text (`<` then not a NUL), and UTF-16 text
    // without its byte-order mark (`<` and a NUL, possibly after a UTF-8 mark): say so,
    // rather than decode them into noise.
    let after_mark = bytes
        .strip_prefix(&[0xFF, 0xFE])
        .or_else(|| bytes.strip_prefix(&[0xFE, 0xFF]));
    if let Some([b'<', next, ..]) = after_mark {
        if *next != 0 {
            return Err((
                "the file starts with a UTF-16 byte-order mark, but its content is 8-bit text: remove the mark (save it as UTF-8)".to_string(),
                None,
            ));
        }
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if matches!(body, [b'<', 0, ..] | [0, b'<', ..]) {
        return Err((
            "the file is UTF-16 without a UTF-16 byte-order mark: save it as UTF-16 with a byte-order mark, or as UTF-8".to_string(),
            None,
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes)
            .map(|t| (t, 0))
            .map_err(|e| (e, None));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes)
            .map(|t| (t, 0))
            .map_err(|e| (e, None));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let bom_len = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
            Ok((text.to_string(), bom_len))
        }
        Err(e) => {
            let at = e.valid_up_to();
            let message = match declared_encoding(&bytes[..at]) {
                Some(enc) if !enc.eq_ignore_ascii_case("utf-8") => format!(
                    "the file declares the encoding `{enc}` and is not UTF-8 (invalid byte at offset {at}); save it as UTF-8 and declare `encoding=\"utf-8\"`"
                ),
                _ => format!(
                    "the file is not valid UTF-8 (invalid byte at offset {at}); save it as UTF-8 or UTF-16"
                ),
            };
            Err((message, Some(at)))
        }
    }
}

/// The `encoding` of an XML declaration at the start of `valid` (UTF-8 text before the
/// first bad byte).
fn declared_encoding(valid: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(valid).ok()?;
    let decl = text.trim_start_matches('\u{FEFF}').strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &rest[1..];
    Some(&value[..value.find(quote)?])
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("the UTF-16 file has an odd number of bytes".to_string());
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| {
            format!(
                "the UTF-16 file holds an unpaired surrogate {:#06x}",
                e.unpaired_surrogate()
            )
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_lone_carriage_return_ends_a_line_as_crlf_and_lf_do() {
        let f = SourceFile::new("a.xml", b"a\rb\r\nc\nd");
        let lines: Vec<usize> = ["a", "b", "c", "d"]
            .iter()
            .map(|w| f.line_col(f.text.find(w).unwrap()).line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert_eq!(f.line_count(), 4);
        assert_eq!(f.slice(f.line_range(1)), "a");
        assert_eq!(f.slice(f.line_range(2)), "b");
        assert_eq!(f.slice(f.line_range(3)), "c");
    }

    use super::*;

    #[test]
    fn utf8_bom_is_kept_so_offsets_match_the_bytes() {
        let f = SourceFile::new("a.xml", b"\xEF\xBB\xBF<a/>");
        assert_eq!(f.bom_len, 3);
        assert_eq!(&f.text[3..], "<a/>");
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 2 });
    }

    #[test]
    fn utf16_le_and_be_are_decoded() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "<é/>".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        assert_eq!(SourceFile::new("a.xml", &le).text, "<é/>");
        assert_eq!(SourceFile::new("a.xml", &be).text, "<é/>");
    }

    #[test]
    fn mismatched_encodings_are_named() {
        let utf16_le_no_bom: Vec<u8> = "<a/>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let utf16_be_no_bom: Vec<u8> = "<a/>"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        for bytes in [
            utf16_le_no_bom.clone(),
            utf16_be_no_bom,
            [&[0xEF, 0xBB, 0xBF][..], &utf16_le_no_bom].concat(),
        ] {
            let f = SourceFile::new("a.xml", &bytes);
            let (message, _) = f.decode_error.expect("an error");
            assert!(
                message.contains("UTF-16 without a UTF-16 byte-order mark"),
                "{message}"
            );
        }
        let f = SourceFile::new("a.xml", b"\xFF\xFE<?xml version=\"1.0\"?><a/>");
        assert!(f.decode_error.unwrap().0.contains("content is 8-bit text"));
        let f = SourceFile::new(
            "a.xml",
            b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>caf\xE9</a>",
        );
        let (message, range) = f.decode_error.unwrap();
        assert!(
            message.contains("declares the encoding `iso-8859-1`"),
            "{message}"
        );
        assert_eq!(range.start, 49, "the byte after `caf`");
        // Real UTF-16 with its mark still decodes.
        let mut le = vec![0xFF, 0xFE];
        le.extend(&utf16_le_no_bom);
        assert_eq!(SourceFile::new("a.xml", &le).text, "<a/>");
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let f = SourceFile::new("a.xml", b"<a>\xFF</a>");
        let (message, range) = f.decode_error.clone().unwrap();
        assert!(message.contains("offset 3"));
        assert_eq!(f.slice(range), "\u{FFFD}");
        assert_eq!(f.text, "<a>\u{FFFD}</a>");
    }

    #[test]
    fn line_col_counts_scalars_and_handles_crlf() {
        let f = SourceFile::new("dir\\a.xml", "ab\r\nxé z".as_bytes());
        assert_eq!(f.path, "dir/a.xml");
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 1 });
        // 'z' is after "xé " : x(1) é(2 bytes) space -> byte 8, column 4
        assert_eq!(f.line_col(8), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(100), LineCol { line: 2, column: 5 });
    }

    fn pos(line: usize, column: usize, utf16_column: usize, byte_column: usize) -> Position {
        Position {
            line,
            column,
            utf16_column,
            byte_column,
        }
    }

    #[test]
    fn ascii_files_have_an_empty_index() {
        let f = SourceFile::new("a.xml", b"<a>\n  <b/>\n</a>");
        // Built on the first position asked for, not before.
        assert!(f.lines.get().is_none());
        assert_eq!(f.position(6), pos(2, 3, 3, 3));
        assert!(f.lines().wide.offsets.is_empty());
        assert_eq!(f.lines().starts, [0, 4, 11]);
        assert_eq!(f.position(0), pos(1, 1, 1, 1));
    }

    #[test]
    fn columns_in_scalars_utf16_units_and_bytes() {
        // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units (a surrogate pair).
        let f = SourceFile::new("a.xml", "é😀x\né😀é y".as_bytes());
        assert_eq!(f.position(6), pos(1, 3, 4, 7)); // x
        assert_eq!(f.position(8), pos(2, 1, 1, 1)); // é of line 2
        assert_eq!(f.position(10), pos(2, 2, 2, 3)); // 😀
        assert_eq!(f.position(14), pos(2, 3, 4, 7)); // é
        assert_eq!(f.position(17), pos(2, 5, 6, 10)); // y
        assert_eq!(f.utf16_column(17), 6);
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let f = SourceFile::new("a.xml", "a😀b".as_bytes());
        for inside in 2..5 {
            assert_eq!(f.position(inside), pos(1, 2, 2, 2));
        }
        assert_eq!(f.position(5), pos(1, 3, 4, 6));
        assert_eq!(f.position(1000), pos(1, 4, 5, 7));
    }

    #[test]
    fn crlf_and_bom() {
        let f = SourceFile::new("a.xml", "\u{FEFF}<a>\r\n\u{e9}<b/>\r\n".as_bytes());
        assert_eq!(f.position(3), pos(1, 2, 2, 4));
        assert_eq!(f.position(8), pos(2, 1, 1, 1));
        assert_eq!(f.position(10), pos(2, 2, 2, 3));
        assert_eq!(f.line_range(1), 0..6);
        assert_eq!(f.line_range(2), 8..14);
        assert_eq!(f.line_range(3), 16..16);
        assert_eq!(f.line_range(9), 16..16);
        assert_eq!(f.line_count(), 3);
    }

    #[test]
    fn many_wide_characters_on_one_line_stay_fast() {
        let text = "é".repeat(200_000);
        let f = SourceFile::new("a.xml", text.as_bytes());
        let mut total = 0;
        for i in (0..text.len()).step_by(2) {
            total += f.line_col(i).column;
        }
        assert_eq!(total, (1..=200_000).sum::<usize>());
    }
}
