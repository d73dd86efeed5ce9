//! The XML that scaffc writes, fixed to the byte (`output-format.md`).

use crate::expand::GenElement;

pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
pub const ROOT_OPEN: &str =
    "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n";
pub const ROOT_CLOSE: &str = "</ConfigurationFile>\n";

/// A whole document: the declaration, the root, and `elements` at depth 1.
pub fn document<'e, 'a: 'e>(elements: impl IntoIterator<Item = &'e GenElement<'a>>) -> String {
    let mut out = String::from(DECLARATION);
    out.push_str(ROOT_OPEN);
    for e in elements {
        write_element(&mut out, e, 1);
    }
    out.push_str(ROOT_CLOSE);
    out
}

/// [`document`] of the elements of `expansions`, each expansion written on one of
/// `threads` threads ([`crate::parallel::map_chunks`]), in order; then the elements the
/// other scaffoldings generate (`rules`: rules, profiles, ..., not their child
/// scaffoldings, which are expanded in their own place), in their order.
pub fn document_of(
    threads: usize,
    expansions: &[crate::expand::Expansion<'_>],
    rules: &[crate::acr::expand::AcrExpansion<'_>],
) -> String {
    // One string per thread's share (one per expansion would grow thousands of strings).
    let share = expansions
        .len()
        .div_ceil(crate::parallel::thread_count(threads))
        .max(1);
    let shares: Vec<_> = expansions.chunks(share).collect();
    let parts = crate::parallel::map_chunks(threads, &shares, |_, share| {
        let mut out = String::new();
        for el in share.iter().flat_map(|e| &e.elements) {
            write_element(&mut out, el, 1);
        }
        out
    });
    let len: usize = parts.iter().map(String::len).sum();
    let mut out =
        String::with_capacity(DECLARATION.len() + ROOT_OPEN.len() + len + ROOT_CLOSE.len());
    out.push_str(DECLARATION);
    out.push_str(ROOT_OPEN);
    for p in parts {
        out.push_str(&p);
    }
    for el in rules.iter().flat_map(|e| e.generated()) {
        write_element(&mut out, el, 1);
    }
    out.push_str(ROOT_CLOSE);
    out
}

/// Writes one element and its children, one element per line, two spaces per depth.
/// Recursive: generated elements are a few levels deep, and those copied from the input
/// are at most `xml::MAX_DEPTH` levels deep.
pub fn write_element(out: &mut String, e: &GenElement<'_>, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push('<');
    out.push_str(&e.name);
    for (name, value) in &e.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        escape_attr(out, value);
        out.push('"');
    }
    if e.children.is_empty() {
        out.push_str(" />\n");
        return;
    }
    out.push_str(">\n");
    for c in &e.children {
        write_element(out, c, depth + 1);
    }
    for _ in 0..depth {
        out.push_str("  ");
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push_str(">\n");
}

/// Escapes `&`, `<`, `>`, `"`, tab, line feed and carriage return; nothing else. A character
/// that XML 1.0 does not allow is an `xml-syntax` error of the input and never reaches here;
/// should one do so all the same, it is written as U+FFFD, so that the output stays
/// well-formed.
pub fn escape_attr(out: &mut String, value: &str) {
    // Nearly every value has nothing to escape: no markup character, no control character,
    // and no 0xEF byte (the first of U+FFFE and U+FFFF).
    if value
        .bytes()
        .all(|b| b >= 0x20 && !matches!(b, b'&' | b'<' | b'>' | b'"' | 0xEF))
    {
        out.push_str(value);
        return;
    }
    escape_chars(out, value);
}

/// [`escape_attr`] one character at a time.
fn escape_chars(out: &mut String, value: &str) {
    for ch in value.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c if !crate::xml::is_xml_char(u32::from(c)) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_alike_with_or_without_anything_to_escape() {
        // The fast path (nothing to escape) and the character loop agree.
        let slow = |v: &str| {
            let mut out = String::new();
            escape_chars(&mut out, v);
            out
        };
        for v in [
            "AD_Export",
            "",
            "Référentiel – ☃ 𝄞",
            "a&b<c>d\"e'f",
            "tab\there\nline\rret",
            "\u{1}\u{1F}\u{7F}\u{80}\u{9F}",
            "\u{F000}\u{FFFD}\u{FFFE}\u{FFFF}\u{10000}",
        ] {
            let mut fast = String::new();
            escape_attr(&mut fast, v);
            assert_eq!(fast, slow(v), "{v:?}");
        }
    }

    #[test]
    fn bytes_of_a_small_document() {
        let mut job = GenElement::new("Job").attr("Identifier", "J");
        job.children
            .push(GenElement::new("T").attr("A", "a<b>&\"c\"\t\n\ré'"));
        job.children[0].children.push(GenElement::new("C"));
        assert_eq!(
            document([&job]),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
             <ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n\
             \x20 <Job Identifier=\"J\">\n\
             \x20   <T A=\"a&lt;b&gt;&amp;&quot;c&quot;&#x9;&#xA;&#xD;é'\">\n\
             \x20     <C />\n\
             \x20   </T>\n\
             \x20 </Job>\n\
             </ConfigurationFile>\n"
        );
    }

    #[test]
    fn characters_xml_forbids_are_never_written() {
        let e = GenElement::new("T").attr(
            "A",
            "a\u{0}b\u{1}c\u{1b}d\u{FFFE}e\u{FFFF}f\u{7f}\u{10FFFF}",
        );
        let mut out = String::new();
        write_element(&mut out, &e, 0);
        assert_eq!(
            out,
            "<T A=\"a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{7f}\u{10FFFF}\" />\n"
        );
    }

    #[test]
    fn empty_document() {
        assert_eq!(
            document([]),
            format!("{DECLARATION}{ROOT_OPEN}{ROOT_CLOSE}")
        );
    }
}
