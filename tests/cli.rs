//! The `scaffc` binary: exit codes, standard output and standard error (`cli.md`).

mod common;

use std::process::{Command, Output};

use common::{fixture, repo};

fn scaffc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn expand_prints_the_document_and_exits_0() {
    let out = scaffc(&["expand", "fixtures/sample/Conf"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let expected = scaffc::expand(&fixture("sample/Conf")).xml;
    assert_eq!(text(&out.stdout), expected);
    assert!(expected.contains(r#"<Job Identifier="AzureAD_Synchronize_Incremental" DisplayName_L1="AzureAD Synchronization (delta)" Agent="Local" CronTabExpression="*/15 * * * *" IsIncremental="true">"#));
}

#[test]
fn expand_defaults_to_the_conf_folder_of_the_current_directory() {
    let out = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .arg("expand")
        .current_dir(repo().join("fixtures/sample"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        scaffc::expand(&fixture("sample/Conf")).xml
    );
}

#[test]
fn errors_print_nothing_on_stdout_a_report_on_stderr_and_exit_1() {
    let out = scaffc(&["expand", "fixtures/invalid/unknown-connector/Conf"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert!(!stderr.contains('\u{1b}'), "no colour when NO_COLOR is set");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_missing_conf_folder_or_a_bad_flag_exits_2() {
    let out = scaffc(&["expand", "fixtures/no-such-folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("fixtures/no-such-folder"));
    assert_eq!(text(&out.stdout), "");

    let out = scaffc(&["expand", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = scaffc(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_and_version_exit_0() {
    let out = scaffc(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("expand"));
    let out = scaffc(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("scaffc "));
}
