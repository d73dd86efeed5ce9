//! Overrides of generated jobs and tasks by `ConsolidationMode` (`scaffoldings.md`
//! section 4), one test per mode, and an override without target.

mod common;

use common::{base, conf, located};
use insta::assert_snapshot;

const SCAFFOLDING: &str =
    r#"  <CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#;

/// Expands the base configuration, its scaffolding and `overrides` (another file); no
/// diagnostic at all is expected.
fn expand(overrides: &str) -> String {
    let sources = conf(&[
        ("Conf.xml", &base("Usercube.AzureAD@0000001")),
        ("Jobs.xml", SCAFFOLDING),
        ("Overrides.xml", overrides),
    ]);
    let out = scaffc::expand(&sources);
    assert!(
        out.diagnostics.is_empty(),
        "{:#?}",
        located(&sources, &out.diagnostics)
    );
    out.xml
}

fn plain() -> String {
    expand("")
}

/// The lines of `after` that are not in `before`, and the reverse: what the override did.
fn changes(before: &str, after: &str) -> String {
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    let mut out = String::new();
    for l in &b {
        if !a.contains(l) {
            out.push_str(&format!("- {}\n", l.trim()));
        }
    }
    for l in &a {
        if !b.contains(l) {
            out.push_str(&format!("+ {}\n", l.trim()));
        }
    }
    out
}

#[test]
fn without_consolidation_mode_the_hand_written_task_replaces_the_generated_one_in_its_place() {
    let after = expand(
        r#"  <FulfillTask Identifier="J_Fulfill1" DisplayName_L1="Fulfil, our way" Agent="Local" OpenIdClient="Job" Level="8" ContinueOnError="false">
    <TaskDependsOnTask ParentTask="J_GenerateProvisioningOrders1" />
  </FulfillTask>"#,
    );
    let pos = |xml: &str| xml.find(r#"Identifier="J_Fulfill1""#).unwrap();
    assert!(
        pos(&after)
            > after
                .find("J_GenerateProvisioningOrders1\" Display")
                .unwrap(),
        "in its place"
    );
    assert_snapshot!(changes(&plain(), &after));
}

#[test]
fn merge_overwrites_and_adds_attributes_and_appends_children() {
    assert_snapshot!(changes(
        &plain(),
        &expand(
            r#"  <FulfillTask Identifier="J_Fulfill1" ConsolidationMode="Merge" ContinueOnError="false" BatchSize="500">
    <TaskDependsOnTask ParentTask="J_ComputeRoleModel1_WithDirty" />
  </FulfillTask>"#,
        ),
    ));
}

#[test]
fn update_changes_attributes_and_keeps_the_generated_children() {
    assert_snapshot!(changes(
        &plain(),
        &expand(
            r#"  <Job Identifier="J" ConsolidationMode="Update" DisplayName_L1="Entra ID every 15 minutes" CronTabExpression="*/15 * * * *">
    <ExportTask Identifier="Ignored" DisplayName_L1="not added by Update" />
  </Job>"#,
        ),
    ));
}

#[test]
fn delete_removes_the_task_and_the_links_to_it() {
    let after = expand(
        r#"  <SetRecentlyModifiedFlagTask Identifier="J_SetRecentlyModifiedFlag" ConsolidationMode="Delete" />"#,
    );
    assert!(!after.contains("J_SetRecentlyModifiedFlag"));
    assert_snapshot!(changes(&plain(), &after));
}

#[test]
fn delete_removes_a_whole_job() {
    let after = expand(r#"  <Job Identifier="J" ConsolidationMode="Delete" />"#);
    assert_eq!(after, scaffc::render::xml::document([]));
}

#[test]
fn an_override_without_target_is_an_error() {
    let sources = conf(&[
        ("Conf.xml", &base("Usercube.AzureAD@0000001")),
        ("Jobs.xml", SCAFFOLDING),
        (
            "Overrides.xml",
            r#"  <FulfillTask Identifier="J_Fulfil1" ConsolidationMode="Merge" ContinueOnError="false" />"#,
        ),
    ]);
    let out = scaffc::expand(&sources);
    assert_eq!(
        located(&sources, &out.diagnostics),
        ["override-without-target Overrides.xml:3:28-3:37 `J_Fulfil1`"]
    );
    assert_eq!(
        out.diagnostics[0].help.as_deref(),
        Some("did you mean `J_Fulfill1`?")
    );
}
