//! Golden tests of the rules: for every code of `validation.md`,
//! `fixtures/rules/<code>/bad/` is a configuration that triggers it and
//! `fixtures/rules/<code>/good/` one close to it that must not. The human report and the
//! JSON of the bad one are snapshots (`tests/snapshots/rules__<code>_*.snap`).
//! A folder may hold an `appsettings.agent.json`, passed as `--agent-settings`.

mod common;

use std::path::Path;

use common::{read_tree, repo};
use scaffc::agent_settings::AgentSettings;
use scaffc::rules::RULES;
use scaffc::{Analysis, Options, Sources};

/// Reads a fixture tree through the file-system layer the commands use, so that the rules
/// it raises (`symlink-not-followed`, `path-collision`, `file-too-large`) are tested too.
fn analyze(dir: &Path) -> (Sources, Analysis) {
    assert!(dir.is_dir(), "missing fixture folder {}", dir.display());
    let tree = scaffc::fs::read_tree(dir).expect("readable fixture");
    let sources = Sources::from_tree(tree.files);
    let settings = dir.join("appsettings.agent.json");
    let options = Options {
        threads: 1,
        agent_settings: settings.is_file().then(|| {
            let bytes = std::fs::read(&settings).unwrap();
            (
                "appsettings.agent.json".to_string(),
                AgentSettings::parse(&bytes).expect("valid settings"),
            )
        }),
        ..Options::default()
    };
    let out = scaffc::analyze(&sources, &options);
    (sources, out)
}

fn human(sources: &Sources, out: &Analysis) -> String {
    let report = scaffc::render::report(
        scaffc::render::Format::Human,
        sources,
        &out.diagnostics,
        &Default::default(),
    );
    report.trim_end_matches('\n').to_string()
}

#[test]
fn every_rule_has_a_triggering_and_a_clean_fixture() {
    let root = repo().join("fixtures/rules");
    let mut failures = Vec::new();
    for rule in RULES {
        if scaffc::rules::NOT_FROM_CHECK.contains(&rule.code) {
            continue;
        }
        let dir = root.join(rule.code.code());
        if !dir.join("bad").is_dir() || !dir.join("good").is_dir() {
            failures.push(format!(
                "{}: fixtures/rules/{0}/bad and good are both needed",
                rule.code
            ));
            continue;
        }
        let bad_dir = match rule.code.code() {
            "file-too-large" => too_large_copy(&dir.join("bad")),
            _ => dir.join("bad"),
        };
        let (bad_sources, bad) = analyze(&bad_dir);
        let (_, good) = analyze(&dir.join("good"));
        let hits = bad
            .diagnostics
            .iter()
            .filter(|d| d.code == rule.code)
            .count();
        if hits == 0 {
            failures.push(format!("{}: bad/ does not trigger it", rule.code));
        }
        for d in bad.diagnostics.iter().filter(|d| d.code == rule.code) {
            if d.severity != rule.severity {
                failures.push(format!("{}: reported as {:?}", rule.code, d.severity));
            }
        }
        if good.diagnostics.iter().any(|d| d.code == rule.code) {
            failures.push(format!("{}: good/ triggers it", rule.code));
        }
        // A good tree is clean: no diagnostic of any rule.
        for d in &good.diagnostics {
            failures.push(format!(
                "{}: good/ reports {}: {}",
                rule.code, d.code, d.message
            ));
        }
        let name = rule.code.code().replace('-', "_");
        insta::assert_snapshot!(format!("{name}_human"), human(&bad_sources, &bad));
        insta::assert_snapshot!(
            format!("{name}_json"),
            scaffc::render::json::render(&bad_sources, &bad.diagnostics, bad_sources.files.len())
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A copy of `bad` with `Export/AllUsers.xml`, a sparse file one byte over 64 MiB
/// (`fixtures/rules/file-too-large/README.md`).
fn too_large_copy(bad: &Path) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("scaffc-rules-too-large-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (rel, bytes) in read_tree(bad) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::create_dir_all(dir.join("Export")).unwrap();
    let big = std::fs::File::create(dir.join("Export/AllUsers.xml")).unwrap();
    big.set_len(scaffc::fs::MAX_FILE_BYTES + 1).unwrap();
    dir
}

#[test]
fn no_fixture_folder_without_a_rule() {
    for entry in std::fs::read_dir(repo().join("fixtures/rules")).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_dir() {
            let name = entry.file_name().into_string().unwrap();
            assert!(
                scaffc::rules::rule(&name).is_some(),
                "fixtures/rules/{name} names no rule"
            );
        }
    }
}
