//! One problem, one diagnostic (`validation.md`, "Behaviour on bad input"): every code has
//! one producer, so the analysis of a fixture tree never yields two diagnostics of one code
//! at one place, even before sorting ([`scaffc::raw_diagnostics`]).

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::repo;
use scaffc::agent_settings::AgentSettings;
use scaffc::{Options, Sources};

/// Every `fixtures/**/Conf` folder and every `fixtures/rules/*/bad` and `good` folder.
fn fixture_trees() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir() && !p.is_symlink())
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let in_rules = p
                .parent()
                .and_then(Path::parent)
                .is_some_and(|g| g.ends_with("fixtures/rules"));
            if name == "Conf" || (in_rules && (name == "bad" || name == "good")) {
                out.push(p);
            } else {
                walk(&p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo().join("fixtures"), &mut out);
    out
}

fn options(dir: &Path, threads: usize) -> Options {
    let settings = dir.join("appsettings.agent.json");
    Options {
        threads,
        agent_settings: settings.is_file().then(|| {
            let bytes = std::fs::read(&settings).unwrap();
            (
                "appsettings.agent.json".to_string(),
                AgentSettings::parse(&bytes).expect("valid settings"),
            )
        }),
        ..Options::default()
    }
}

fn sources(dir: &Path) -> Sources {
    let tree = scaffc::fs::read_tree(dir).expect("readable fixture");
    Sources::from_tree(tree.files)
}

#[test]
fn no_two_diagnostics_of_one_code_at_one_place_before_dedup() {
    let trees = fixture_trees();
    assert!(trees.len() > 40, "found only {} fixture trees", trees.len());
    let mut failures = Vec::new();
    for dir in &trees {
        let sources = sources(dir);
        let raw = scaffc::raw_diagnostics(&sources, &options(dir, 1));
        let mut seen: HashMap<_, &scaffc::Diagnostic> = HashMap::new();
        for d in &raw {
            let key = (d.code, d.primary.file, d.primary.range.clone());
            if let Some(first) = seen.insert(key, d) {
                failures.push(format!(
                    "{}: {} twice at {}:{:?}:\n  {}\n  {}",
                    dir.strip_prefix(repo()).unwrap().display(),
                    d.code,
                    sources.files[d.primary.file].path,
                    d.primary.range,
                    first.message,
                    d.message
                ));
            }
        }
        // Nothing is removed by the sort: it only orders.
        let sorted = scaffc::analyze(&sources, &options(dir, 1)).diagnostics;
        if sorted.len() != raw.len() {
            failures.push(format!(
                "{}: {} diagnostics made, {} reported",
                dir.display(),
                raw.len(),
                sorted.len()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The raw diagnostics of an in-memory configuration, as `code text-under-the-range`.
fn raw(sources: &Sources) -> Vec<String> {
    let options = Options {
        threads: 1,
        ..Options::default()
    };
    let mut d = scaffc::raw_diagnostics(sources, &options);
    d.sort_by_key(|d| (d.primary.file, d.primary.range.start, d.code));
    common::located(sources, &d)
        .into_iter()
        .map(|l| {
            let (code, rest) = l.split_once(' ').unwrap();
            let text = rest.split_once(' ').unwrap().1;
            format!("{code} {text}")
        })
        .collect()
}

const SHARED: &str = r#"
  <Agent Identifier="Local" DisplayName_L1="Local" />
  <Agent Identifier="Paris" DisplayName_L1="Paris" />
  <ExportTask Identifier="T" DisplayName_L1="T" Agent="Paris" Level="1">
    <TaskDependsOnTask ParentTask="U" />
  </ExportTask>
  <ExportTask Identifier="U" DisplayName_L1="U" Agent="Local" Level="1">
    <TaskDependsOnTask ParentTask="T" />
  </ExportTask>"#;

/// One task run by the steps of two jobs: its agent and its dependencies are one place each,
/// so one diagnostic each, whatever the number of jobs that see them.
#[test]
fn a_task_seen_through_several_jobs_is_reported_once() {
    let job = |id: &str| {
        format!(
            r#"<Job Identifier="{id}" DisplayName_L1="{id}" Agent="Local">
    <Step Identifier="U" Level="0" />
    <Step Identifier="T" Level="0" />
  </Job>"#
        )
    };
    let body = format!("{SHARED}\n  {}\n  {}", job("A"), job("B"));
    let got = raw(&common::conf(&[("a.xml", &body)]));
    let count = |code: &str| got.iter().filter(|l| l.starts_with(code)).count();
    assert_eq!(count("mixed-agents "), 1, "{got:#?}");
    assert_eq!(count("dependency-cycle "), 1, "{got:#?}");
}

/// The mistakes of an `AddTask` are each reported once, by the rule of their code: an
/// unknown `Task` (`unknown-task`), a missing `TaskToCompareWith` (`missing-attribute`), a
/// connector scaffolding's unknown connector (`unknown-connector`).
#[test]
fn scaffolding_mistakes_have_one_producer() {
    let body = format!(
        r#"{}
  <CreateConnectorSynchroIncremental Connector="EntraID">
    <AddTask Task="Nope" TaskToCompareWith="Fulfill" Before="true" />
    <AddTask Task="Nope2" After="true" />
    <LinkDependTask Task="Nothing" />
  </CreateConnectorSynchroIncremental>
  <CreateConnectorSynchroComplete Connector="EntraId" />
  <CreateAgentSynchroComplete Agent="Nowhere" />"#,
        common::base("Usercube.AzureAD@0000001")
    );
    let got = raw(&common::conf(&[("a.xml", &body)]));
    assert_eq!(
        got,
        [
            "unknown-task `Nope`",
            "missing-attribute `AddTask`",
            "unknown-task `Nope2`",
            "missing-attribute `LinkDependTask`",
            "unresolved-task-reference `Nothing`",
            "unknown-connector `EntraId`",
            "unknown-agent `Nowhere`",
        ],
        "{got:#?}"
    );
}

/// A stand-alone task generated by `CreateConnectorsJobs` is a top-level task: an `AddTask`
/// may run it (the rule says so, and the expansion inserts its step).
#[test]
fn add_task_may_run_a_generated_stand_alone_task() {
    let body = format!(
        r#"{}
  <CreateConnectorsJobs />
  <CreateConnectorSynchroIncremental Connector="EntraID">
    <AddTask Task="Directory_ConnectorExport" TaskToCompareWith="Fulfill" After="true" />
  </CreateConnectorSynchroIncremental>"#,
        common::base("Usercube.AzureAD@0000001")
    );
    let sources = common::conf(&[("a.xml", &body)]);
    assert_eq!(raw(&sources), Vec::<String>::new());
    let xml = common::expand_ok(&sources);
    assert!(
        xml.contains(r#"<Step Identifier="Directory_ConnectorExport""#),
        "{xml}"
    );
}

/// What the expansion used to report on its own is now its rule's: a scaffolding with a
/// stray `ConsolidationMode` still needs its `Connector`, and the initialization job's
/// children need the attribute that says what they are about.
#[test]
fn what_the_expansion_skips_is_reported_by_the_rules() {
    let body = format!(
        r#"{}
  <CreateConnectorSynchroIncremental ConsolidationMode="Merge" />
  <CreateInitializationJob Agent="Local">
    <NotUsed />
    <Configuration />
  </CreateInitializationJob>"#,
        common::base("Usercube.AzureAD@0000001")
    );
    let got = raw(&common::conf(&[("a.xml", &body)]));
    assert_eq!(
        got,
        [
            "missing-attribute `CreateConnectorSynchroIncremental`",
            "unknown-attribute `ConsolidationMode`",
            "missing-attribute `NotUsed`",
            "missing-attribute `Configuration`",
        ],
        "{got:#?}"
    );
}
