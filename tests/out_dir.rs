//! `scaffc expand --out DIR [--check]`, `steps` and `graph`, through the binary. Each test
//! works on its own copy of the sample configuration in a temporary folder, and checks that
//! the configuration folder is byte-identical afterwards.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use common::{copy_tree, repo, snapshot, Temp};

fn scaffc(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A copy of the sample configuration, and an output folder beside it.
fn setup(name: &str) -> (Temp, PathBuf, PathBuf) {
    let t = Temp::new(name);
    let conf = t.0.join("Conf");
    copy_tree(&repo().join("fixtures/sample/Conf"), &conf);
    let out = t.0.join("expanded");
    (t, conf, out)
}

fn expand_out(conf: &Path, out: &Path, check: bool) -> Output {
    let mut args: Vec<&Path> = vec![Path::new("expand"), conf, Path::new("--out"), out];
    if check {
        args.push(Path::new("--check"));
    }
    scaffc(&args)
}

#[test]
fn a_fresh_out_folder_gets_one_document_per_scaffolding_and_the_marker() {
    let (_t, conf, out) = setup("fresh");
    let before = snapshot(&conf);
    let o = expand_out(&conf, &out, false);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let files: Vec<String> = snapshot(&out)
        .keys()
        .map(|p| {
            p.strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        files,
        [
            ".scaffc",
            "CreateConnectorSynchroIncremental/AD_Synchronization_Delta.xml",
            "CreateConnectorSynchroIncremental/AzureAD_Synchronize_Incremental.xml",
            "CreateConnectorSynchroIncremental/Directory_Synchronize_Incremental.xml",
            "CreateConnectorSynchroIncremental/HR_Synchronize_Incremental.xml",
        ]
    );
    let azure = std::fs::read_to_string(
        out.join("CreateConnectorSynchroIncremental/AzureAD_Synchronize_Incremental.xml"),
    )
    .unwrap();
    assert!(azure.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile"));
    assert!(azure.contains(r#"<Job Identifier="AzureAD_Synchronize_Incremental""#));
    assert_eq!(azure.matches("<Job ").count(), 1);
    assert_eq!(snapshot(&conf), before, "the configuration is untouched");
    // Up to date right after.
    assert_eq!(expand_out(&conf, &out, true).status.code(), Some(0));
}

#[test]
fn a_second_run_rewrites_nothing() {
    let (_t, conf, out) = setup("second");
    let before = snapshot(&conf);
    assert_eq!(expand_out(&conf, &out, false).status.code(), Some(0));
    // Age every file, so that a rewrite would show in its modification time.
    let old = SystemTime::now() - Duration::from_secs(3600);
    for path in snapshot(&out).keys() {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let times = |dir: &Path| -> Vec<SystemTime> {
        snapshot(dir)
            .keys()
            .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
            .collect()
    };
    let first = times(&out);
    let o = expand_out(&conf, &out, false);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stderr).contains("0 written, 4 unchanged, 0 removed"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(times(&out), first);
    assert_eq!(snapshot(&conf), before);
}

#[test]
fn a_changed_configuration_makes_check_fail_with_a_diff_naming_the_file() {
    let (_t, conf, out) = setup("changed");
    assert_eq!(expand_out(&conf, &out, false).status.code(), Some(0));
    let jobs = conf.join("AzureAD/AzureAD Jobs.xml");
    let text_before = std::fs::read_to_string(&jobs).unwrap();
    std::fs::write(&jobs, text_before.replace("*/15 * * * *", "*/30 * * * *")).unwrap();
    let conf_before = snapshot(&conf);
    let out_before = snapshot(&out);
    let o = expand_out(&conf, &out, true);
    assert_eq!(o.status.code(), Some(1));
    let diff = text(&o.stdout);
    assert!(
        diff.contains(
            "--- a/CreateConnectorSynchroIncremental/AzureAD_Synchronize_Incremental.xml"
        ),
        "{diff}"
    );
    assert!(diff
        .contains("+++ b/CreateConnectorSynchroIncremental/AzureAD_Synchronize_Incremental.xml"));
    assert!(
        diff.contains("-  <Job Identifier=\"AzureAD_Synchronize_Incremental\"")
            && diff.contains("CronTabExpression=\"*/30 * * * *\"")
    );
    assert!(text(&o.stderr).contains("out of date"));
    assert_eq!(snapshot(&out), out_before, "--check writes nothing");
    assert_eq!(snapshot(&conf), conf_before);
}

#[test]
fn an_extra_file_is_reported_by_check_and_removed_by_out() {
    let (_t, conf, out) = setup("extra");
    let before = snapshot(&conf);
    assert_eq!(expand_out(&conf, &out, false).status.code(), Some(0));
    // A file an earlier run wrote (the marker lists it) that is no longer generated.
    let extra = out.join("CreateConnectorSynchroComplete/Old_Job.xml");
    std::fs::create_dir_all(extra.parent().unwrap()).unwrap();
    std::fs::write(&extra, "<old/>\n").unwrap();
    let marker = out.join(".scaffc");
    let listed = std::fs::read_to_string(&marker).unwrap();
    std::fs::write(
        &marker,
        format!("{listed}CreateConnectorSynchroComplete/Old_Job.xml\n"),
    )
    .unwrap();
    // A file of the user's: never reported, never removed.
    std::fs::write(out.join(".gitattributes"), "* linguist-generated\n").unwrap();
    let o = expand_out(&conf, &out, true);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("--- a/CreateConnectorSynchroComplete/Old_Job.xml\n+++ /dev/null"),
        "{}",
        text(&o.stdout)
    );
    assert!(extra.exists(), "--check removes nothing");
    let o = expand_out(&conf, &out, false);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        !extra.exists() && !extra.parent().unwrap().exists(),
        "the file and its emptied folder are gone"
    );
    assert_eq!(expand_out(&conf, &out, true).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(out.join(".gitattributes")).unwrap(),
        "* linguist-generated\n"
    );
    assert!(!std::fs::read_to_string(&marker)
        .unwrap()
        .contains("Old_Job"));
    assert_eq!(snapshot(&conf), before);
}

#[test]
fn a_foreign_folder_is_refused_and_left_as_it_was() {
    let (_t, conf, out) = setup("foreign");
    let before = snapshot(&conf);
    std::fs::create_dir_all(out.join("notes")).unwrap();
    std::fs::write(out.join("notes/todo.txt"), "mine\n").unwrap();
    std::fs::write(out.join("report.xml"), "<mine/>\n").unwrap();
    let foreign = snapshot(&out);
    let o = expand_out(&conf, &out, false);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did not write it"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(snapshot(&out), foreign);
    assert_eq!(snapshot(&conf), before);
}

#[test]
fn a_configuration_with_errors_writes_nothing() {
    let (_t, conf, out) = setup("errors");
    let jobs = conf.join("AzureAD/AzureAD Jobs.xml");
    std::fs::write(
        &jobs,
        std::fs::read_to_string(&jobs)
            .unwrap()
            .replace("Connector=\"AzureAD\"", "Connector=\"AzureAd\""),
    )
    .unwrap();
    let before = snapshot(&conf);
    let o = expand_out(&conf, &out, false);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("unknown-connector"));
    assert!(!out.exists(), "nothing written");
    // Nor into an existing output.
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".scaffc"), "x").unwrap();
    let existing = snapshot(&out);
    assert_eq!(expand_out(&conf, &out, false).status.code(), Some(1));
    assert_eq!(snapshot(&out), existing);
    assert_eq!(snapshot(&conf), before);
}

#[test]
fn the_configuration_folder_is_never_an_output() {
    let (_t, conf, _) = setup("inside");
    let before = snapshot(&conf);
    let o = expand_out(&conf, &conf.join("expanded"), false);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("overlap"), "{}", text(&o.stderr));
    assert_eq!(snapshot(&conf), before);
}

const DOCUMENTED: &str = "fixtures/docs-examples/createconnectorsynchroincremental/Conf";
const JOB: &str = "MicrosoftEntraID_Synchronize_Incremental_Scaffolding";

fn run_in_repo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

#[test]
fn steps_of_the_documented_incremental_job() {
    let o = run_in_repo(&["steps", DOCUMENTED, JOB]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(text(&o.stdout));
}

#[test]
fn graph_of_the_documented_incremental_job() {
    let o = run_in_repo(&["graph", DOCUMENTED, JOB]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("graph_mermaid", text(&o.stdout));
    let o = run_in_repo(&["graph", DOCUMENTED, JOB, "--format", "dot"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("graph_dot", text(&o.stdout));
}

#[test]
fn steps_of_a_hand_written_job_show_the_steps_tasks() {
    let o = run_in_repo(&[
        "steps",
        "fixtures/docs-examples/createconnectorsjobs/Conf",
        "AD_VirtualJob",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.starts_with("Task : AD_ConnectorExport, Order : 0\nTask : AD_ConnectorPrepareSynchronization, Order : 1\n"), "{out}");
    let o = run_in_repo(&[
        "steps",
        "fixtures/docs-examples/createconnectorsjobs/Conf",
        "AD_VirtualJb",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("did you mean `AD_VirtualJob`?"));
}

#[test]
fn the_readme_shows_the_current_graph_of_the_documented_job() {
    let o = run_in_repo(&["graph", DOCUMENTED, JOB]);
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```mermaid\n{}```", text(&o.stdout))),
        "README.md's Mermaid diagram is not the output of `scaffc graph {DOCUMENTED} {JOB}`"
    );
}
