//! Property tests: random bytes and random mutations of the fixture files never make the
//! loader, the checker or the renderers panic, and every problem is a diagnostic whose
//! ranges lie inside its file.

mod common;

use common::{read_tree, repo};
use proptest::prelude::*;
use scaffc::{Analysis, Sources};

fn sample() -> Vec<(String, Vec<u8>)> {
    // The sample, a tree with findings, and the initialization example (every kind of
    // task reference and the largest job).
    let mut files = Vec::new();
    for (prefix, dir) in [
        ("", "fixtures/sample/Conf"),
        ("x/", "fixtures/invalid/several-findings/Conf"),
        ("y/", "fixtures/docs-examples/createinitializationjob/Conf"),
        ("z/", "fixtures/docs-examples/createconnectorsjobs/Conf"),
    ] {
        files.extend(
            read_tree(&repo().join(dir))
                .into_iter()
                .map(|(p, b)| (format!("{prefix}{p}"), b)),
        );
    }
    files.sort();
    files
}

fn assert_well_formed(sources: &Sources, out: &Analysis) {
    for d in &out.diagnostics {
        for l in std::iter::once(&d.primary).chain(&d.related) {
            let len = sources.file(l.file).text.len();
            assert!(
                l.range.start <= l.range.end && l.range.end <= len,
                "{d:?} out of bounds ({len})"
            );
            assert!(
                sources.file(l.file).text.is_char_boundary(l.range.start),
                "{d:?}"
            );
            assert!(
                sources.file(l.file).text.is_char_boundary(l.range.end),
                "{d:?}"
            );
        }
        assert!(!d.message.is_empty());
        // Every renderer takes every diagnostic.
        let _ = scaffc::render::human::render(sources, d, false, "");
    }
    let _ = scaffc::render::json::render(sources, &out.diagnostics, sources.files.len());
    let _ = scaffc::render::sarif::render(sources, &out.diagnostics, "Conf");
    let _ = scaffc::render::github::render(sources, &out.diagnostics, "Conf");
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, &'static str),
    Delete(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(vec![
        "<",
        ">",
        "/>",
        "\"",
        "'",
        "&",
        "&amp;",
        "&bogus;",
        "</Job>",
        "<Job>",
        "<!--",
        "-->",
        "<![CDATA[",
        "=",
        "\u{FEFF}",
        "\r\n",
        "\t",
        "é",
        "\u{1F600}",
        "Connector=\"X\" ",
        "<CreateConnectorSynchroIncremental Connector=\"AD\"/>",
        "<AddTask Task=\"T\" TaskToCompareWith=\"Export\" After=\"true\"/>",
        "<LinkDependTask Task=\"Fulfill\" DependOn=\"Fulfill\"/>",
        "CronTab=\"*/0 * 31 2 *\" ",
        "Level=\"-1\" ",
        "ConsolidationMode=\"Delete\" ",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), tokens).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), 0usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len().max(1);
    match *m {
        Mutation::Flip(i, b) => {
            if !bytes.is_empty() {
                let i = i % bytes.len();
                bytes[i] = b;
            }
        }
        Mutation::Insert(i, t) => {
            let i = i % (bytes.len() + 1);
            bytes.splice(i..i, t.bytes());
        }
        Mutation::Delete(i, n) => {
            let i = i % len;
            let end = (i + n).min(bytes.len());
            if i < end {
                bytes.drain(i..end);
            }
        }
        Mutation::Truncate(i) => bytes.truncate(i % len),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(192), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_fixtures_give_diagnostics_not_panics(
        which in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let mut files = sample();
        let i = which % files.len();
        for m in &mutations {
            apply(&mut files[i].1, m);
        }
        let sources = Sources::new(files);
        let out = scaffc::analyze(
            &sources,
            &scaffc::Options {
                threads: 2,
                render: scaffc::Render::All,
                ..Default::default()
            },
        );
        assert_well_formed(&sources, &out);
    }

    #[test]
    fn random_bytes_give_diagnostics_not_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut files = sample();
        files.push(("random.xml".to_string(), bytes));
        let sources = Sources::new(files);
        let out = scaffc::analyze(
            &sources,
            &scaffc::Options {
                threads: 1,
                render: scaffc::Render::All,
                ..Default::default()
            },
        );
        assert_well_formed(&sources, &out);
    }

    #[test]
    fn random_cron_expressions_never_panic(expr in "[0-9*/,\\- \\tA-Za-z?#@]{0,40}") {
        let from = scaffc::cron::DateTime::parse("2026-11-30T00:00:00").unwrap();
        let r = scaffc::cron_report(&expr, false);
        let _ = r.occurrences(from).take(3).count();
        for d in &r.diagnostics {
            prop_assert!(d.primary.range.end <= expr.len());
        }
    }
}
