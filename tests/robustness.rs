//! Bad input is normal input: encodings, line ends, comments, odd files in the tree,
//! malformed files; and the same bytes whatever the file order and the thread count.

mod common;

use common::{conf, fixture, located, read_tree, repo, wrap};
use scaffc::Sources;

fn sample_files() -> Vec<(String, Vec<u8>)> {
    let mut files = read_tree(&repo().join("fixtures/sample/Conf"));
    files.sort();
    files
}

fn sample_xml() -> String {
    let out = scaffc::expand(&Sources::new(sample_files()));
    assert!(!out.has_errors(), "{:#?}", out.diagnostics);
    out.xml
}

#[test]
fn same_bytes_whatever_the_file_order_and_the_thread_count() {
    let expected = sample_xml();
    let mut files = sample_files();
    for round in 0..6 {
        // A deterministic shuffle: rotate and reverse.
        files.rotate_left(round + 1);
        if round % 2 == 0 {
            files.reverse();
        }
        for threads in [1, 2, 3, 8] {
            let out = scaffc::analyze(
                &Sources::new(files.clone()),
                &scaffc::Options {
                    threads,
                    render: scaffc::Render::All,
                    ..Default::default()
                },
            );
            assert_eq!(out.xml, expected, "round {round}, {threads} threads");
        }
    }
}

/// Windows tools write a byte-order mark and CRLF; people add comments and spread
/// attributes over several lines. None of it changes the expansion.
#[test]
fn bom_crlf_comments_and_multiline_attributes_change_nothing() {
    let expected = sample_xml();
    let files: Vec<(String, Vec<u8>)> = sample_files()
        .into_iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let text = text
                .replace(
                    "<ConfigurationFile ",
                    "<!-- exported by a Windows tool -->\n<ConfigurationFile ",
                )
                .replace("\n  <", "\n  <!-- a comment -->\n  <")
                .replace("\" ", "\"\n      ")
                .replace('\n', "\r\n");
            let mut bytes = vec![0xEF, 0xBB, 0xBF];
            bytes.extend(text.into_bytes());
            (path, bytes)
        })
        .collect();
    let sources = Sources::new(files);
    let out = scaffc::expand(&sources);
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.xml, expected);
}

#[test]
fn a_utf16_file_is_decoded() {
    let expected = sample_xml();
    let files: Vec<(String, Vec<u8>)> = sample_files()
        .into_iter()
        .map(|(path, bytes)| {
            if !path.starts_with("AzureAD/") {
                return (path, bytes);
            }
            let text = String::from_utf8(bytes)
                .unwrap()
                .replace("encoding=\"utf-8\"", "encoding=\"utf-16\"");
            let mut out = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                out.extend(u.to_le_bytes());
            }
            (path, out)
        })
        .collect();
    let out = scaffc::expand(&Sources::new(files));
    assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    assert_eq!(out.xml, expected);
}

#[test]
fn a_non_configuration_xml_file_is_a_warning_and_is_skipped() {
    let expected = sample_xml();
    let mut files = sample_files();
    files.push((
        "Tools/packages.config.xml".to_string(),
        b"<?xml version=\"1.0\"?>\n<packages>\n  <package id=\"x\" />\n</packages>\n".to_vec(),
    ));
    let sources = Sources::new(files);
    let out = scaffc::expand(&sources);
    assert_eq!(
        located(&sources, &out.diagnostics),
        ["not-configuration Tools/packages.config.xml:2:2-2:10 `packages`"]
    );
    assert!(!out.has_errors());
    assert_eq!(out.xml, expected);
}

#[test]
fn a_malformed_file_is_reported_and_the_other_files_are_still_read() {
    let sources = conf(&[
        ("A/Broken.xml", "  <Agent Identifier=\"Other\" DisplayName_L1=\"x\">\n  </Agnet>"),
        ("B/Connector.xml", "  <Agent Identifier=\"Local\" DisplayName_L1=\"x\" />\n  <Connector Identifier=\"AD\" DisplayName_L1=\"AD\" Agent=\"Local\" />"),
        ("B/Jobs.xml", "  <CreateConnectorSynchroIncremental Connector=\"ADD\" />"),
        ("C/Duplicate.xml", "  <Agent Identifier=\"A\" Identifier=\"B\" DisplayName_L1=\"x\" />"),
    ]);
    let out = scaffc::expand(&sources);
    insta::assert_snapshot!(located(&sources, &out.diagnostics).join("\n"));
    let messages: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages[0].contains("</Agnet>") && messages[0].contains("<Agent>"),
        "{messages:?}"
    );
}

#[test]
fn a_file_that_is_not_text_is_one_diagnostic() {
    let sources = Sources::new([("Bad.xml".to_string(), vec![0x3C, 0xFF, 0xFE, 0x00, 0x80])]);
    let out = scaffc::expand(&sources);
    assert_eq!(out.diagnostics.len(), 1);
    assert_eq!(out.diagnostics[0].code, "xml-syntax");
    assert!(out.diagnostics[0].message.contains("UTF-8"));
}

#[test]
fn an_undeclared_connector_is_reported_at_the_attribute_value() {
    let sources = fixture("invalid/unknown-connector/Conf");
    let out = scaffc::expand(&sources);
    assert!(out.has_errors());
    assert_eq!(
        located(&sources, &out.diagnostics),
        ["unknown-connector AzureAD/AzureAD Jobs.xml:3:49-3:56 `AzureAd`"]
    );
    let d = &out.diagnostics[0];
    assert_eq!(d.help.as_deref(), Some("did you mean `AzureAD`?"));
    let related = &d.related[0];
    assert_eq!(
        sources.file(related.file).path,
        "AzureAD/AzureAD Connector.xml"
    );
    assert_eq!(
        sources.file(related.file).slice(related.range.clone()),
        "AzureAD"
    );
}

#[test]
fn a_connector_without_agent_is_an_error_pointing_at_both_places() {
    let sources = conf(&[
        (
            "Connector.xml",
            "  <Connector Identifier=\"HR\" DisplayName_L1=\"HR\" />",
        ),
        (
            "Jobs.xml",
            "  <CreateConnectorSynchroIncremental Connector=\"HR\" />",
        ),
    ]);
    let mut out = scaffc::expand(&sources);
    out.diagnostics
        .retain(|d| d.code == "connector-without-agent");
    assert_eq!(
        located(&sources, &out.diagnostics),
        ["connector-without-agent Jobs.xml:3:49-3:51 `HR`"]
    );
    assert_eq!(
        sources.file(out.diagnostics[0].related[0].file).path,
        "Connector.xml"
    );
}

#[test]
fn random_bytes_and_truncations_never_panic() {
    // A small deterministic generator (no dependency, same cases on every run).
    let mut seed: u64 = 0x5EED;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let base = wrap("  <Agent Identifier=\"Local\" DisplayName_L1=\"x\" />\n  <Connector Identifier=\"C\" DisplayName_L1=\"c\" Agent=\"Local\" />\n  <CreateConnectorSynchroIncremental Connector=\"C\"><AddTask Task=\"T\" TaskToCompareWith=\"X\" After=\"true\"/></CreateConnectorSynchroIncremental>");
    let bytes = base.as_bytes();
    for i in 0..400 {
        let mut b = bytes.to_vec();
        match i % 4 {
            0 => b.truncate((next() as usize) % bytes.len()),
            1 => {
                for _ in 0..3 {
                    let at = (next() as usize) % b.len();
                    b[at] = next() as u8;
                }
            }
            2 => {
                let at = (next() as usize) % b.len();
                let junk = [
                    b"<".as_slice(),
                    b"\"",
                    b"&",
                    b"/>",
                    b"</Job>",
                    b"\xC3",
                    b"]]>",
                    b"<!--",
                ];
                let j = junk[(next() as usize) % junk.len()];
                b.splice(at..at, j.iter().copied());
            }
            _ => b = (0..(next() % 200)).map(|_| next() as u8).collect(),
        }
        let out = scaffc::expand(&Sources::new([("f.xml".to_string(), b)]));
        for d in &out.diagnostics {
            assert!(!d.message.is_empty());
        }
    }
}
