//! The `Workspace` against fresh analyses: whatever sequence of edits (a file added,
//! changed, removed; agent settings set) an editor makes, the workspace's snapshot has the
//! same diagnostics as a fresh analysis of the resulting tree, and ids never move.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use scaffc::{Sources, Workspace};

/// The files of a few fixture trees, as edit material: (path, bytes).
fn pool() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for tree in [
        "sample/Conf",
        "rules/unknown-connector/bad",
        "rules/dependency-order/bad",
    ] {
        out.extend(common::read_tree(
            &common::repo().join("fixtures").join(tree),
        ));
    }
    out
}

/// What a diagnostic says, with its file named by path (ids differ between the two).
fn key(sources: &Sources, d: &scaffc::Diagnostic) -> (String, String, usize, usize, String) {
    (
        sources.file(d.primary.file).path.clone(),
        d.code.code().to_string(),
        d.primary.range.start,
        d.primary.range.end,
        d.message.clone(),
    )
}

#[derive(Debug, Clone)]
enum Edit {
    /// Set path `p` (of a small set, so that paths are reused) to pool entry `i`.
    Set(usize, usize),
    /// Set path `p` to pool entry `i`, cut at a fraction (half-typed XML).
    Truncate(usize, usize, u8),
    Remove(usize),
}

const PATHS: [&str; 6] = [
    "Base.xml",
    "AD/AD Connector.xml",
    "AD/AD Jobs.xml",
    "HR/HR.xml",
    "Other.xml",
    "AD/ad jobs.xml",
];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..PATHS.len(), 0..64usize).prop_map(|(p, i)| Edit::Set(p, i)),
        (0..PATHS.len(), 0..64usize, 0..100u8).prop_map(|(p, i, f)| Edit::Truncate(p, i, f)),
        (0..PATHS.len()).prop_map(Edit::Remove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_edit_sequence_gives_the_diagnostics_of_a_fresh_analysis(
        edits in prop::collection::vec(edit(), 1..12)
    ) {
        let pool = pool();
        let mut ws = Workspace::new();
        ws.set_threads(1);
        let mut tree: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut ids = BTreeMap::new();
        for e in edits {
            match e {
                Edit::Set(p, i) | Edit::Truncate(p, i, _) => {
                    let mut bytes = pool[i % pool.len()].1.clone();
                    if let Edit::Truncate(_, _, f) = e {
                        bytes.truncate(bytes.len() * f as usize / 100);
                    }
                    let id = ws.set_file(PATHS[p], &bytes);
                    prop_assert_eq!(*ids.entry(PATHS[p]).or_insert(id), id, "ids are stable");
                    tree.insert(PATHS[p].to_string(), bytes);
                }
                Edit::Remove(p) => {
                    ws.remove_file(PATHS[p]);
                    tree.remove(PATHS[p]);
                }
            }
            let snap = ws.analyze().unwrap();
            let fresh_sources = Sources::new(tree.iter().map(|(p, b)| (p.clone(), b.clone())));
            let fresh = scaffc::analyze(&fresh_sources, &scaffc::Options { threads: 1, ..Default::default() });
            let got: Vec<_> = snap.diagnostics.iter().map(|d| key(&snap.sources, d)).collect();
            let want: Vec<_> = fresh.diagnostics.iter().map(|d| key(&fresh_sources, d)).collect();
            prop_assert_eq!(got, want);
            prop_assert_eq!(snap.sources.files.len(), tree.len());
        }
    }
}

#[test]
fn a_snapshot_outlives_later_edits() {
    let mut ws = Workspace::new();
    for (p, b) in common::read_tree(&common::repo().join("fixtures/sample/Conf")) {
        ws.set_file(&p, &b);
    }
    let clean = ws.analyze().unwrap();
    assert!(clean.diagnostics.is_empty(), "{:?}", clean.diagnostics);
    let jobs = ws.file("AzureAD/AzureAD Jobs.xml").unwrap().text.clone();
    ws.set_file(
        "AzureAD/AzureAD Jobs.xml",
        jobs.replace("Connector=\"AzureAD\"", "Connector=\"AzureAd\"")
            .as_bytes(),
    );
    let broken = ws.analyze().unwrap();
    assert_eq!(broken.diagnostics.len(), 1, "{:?}", broken.diagnostics);
    assert_eq!(broken.diagnostics[0].code.code(), "unknown-connector");
    assert!(clean.diagnostics.is_empty());
    assert_eq!(
        broken.document(broken.diagnostics[0].primary.file),
        ws.id("AzureAD/AzureAD Jobs.xml").unwrap()
    );
}
