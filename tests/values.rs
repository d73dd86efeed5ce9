//! One typed reader per attribute type (`src/model/schema.rs`, `AttrType::parse`): each value
//! is either rejected by `invalid-value` (once: the rule is the only producer) or read the
//! same way by the validator, the expansion, the job rules and `steps`/`graph`. One test per
//! disagreement found in review (code review §3.3), and the valid spellings that must keep
//! working.

mod common;

use common::{base, conf, located};
use scaffc::job_listing::{find_job, steps};
use scaffc::Sources;

const SCAFFOLDING: &str =
    r#"  <CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#;

/// The diagnostics of a configuration, located (`code file:line:col-line:col `text``).
fn diags(sources: &Sources) -> Vec<String> {
    located(sources, &scaffc::expand(sources).diagnostics)
}

/// The base configuration, the scaffolding and `more` (in `More.xml`).
fn with(scaffolding: &str, more: &str) -> Sources {
    conf(&[
        ("Conf.xml", &base("Usercube.AzureAD@0000001")),
        ("Jobs.xml", scaffolding),
        ("More.xml", more),
    ])
}

fn xml(sources: &Sources) -> String {
    scaffc::expand(sources).xml
}

// ---------------------------------------------------------------------------------------
// ConsolidationMode
// ---------------------------------------------------------------------------------------

const MERGE_BODY: &str = r#"ContinueOnError="false" BatchSize="500">
    <TaskDependsOnTask ParentTask="J_ComputeRoleModel1_WithDirty" />
  </FulfillTask>"#;

fn fulfill_override(mode: &str) -> String {
    format!(r#"  <FulfillTask Identifier="J_Fulfill1" ConsolidationMode="{mode}" {MERGE_BODY}"#)
}

#[test]
fn an_invalid_consolidation_mode_is_one_invalid_value_and_is_not_applied() {
    let plain = xml(&with(SCAFFOLDING, ""));
    for (mode, col) in [
        (" Merge", "More.xml:3:59-3:65"),
        ("01", "More.xml:3:59-3:61"),
    ] {
        let sources = with(SCAFFOLDING, &fulfill_override(mode));
        assert_eq!(
            diags(&sources),
            [format!("invalid-value {col} `{mode}`")],
            "{mode:?}"
        );
        // Not applied at all: neither as a replace nor as a merge.
        assert_eq!(xml(&sources), plain, "{mode:?}");
    }
}

#[test]
fn valid_consolidation_modes_by_name_and_number_read_the_same() {
    let plain = xml(&with(SCAFFOLDING, ""));
    let merged = xml(&with(SCAFFOLDING, &fulfill_override("Merge")));
    assert_ne!(merged, plain);
    assert!(merged.contains(r#"BatchSize="500""#));
    let by_number = with(SCAFFOLDING, &fulfill_override("1"));
    assert_eq!(diags(&by_number), Vec::<String>::new());
    assert_eq!(xml(&by_number), merged);
    // `Delete` and its number 3.
    for mode in ["Delete", "3"] {
        let sources = with(
            SCAFFOLDING,
            &format!(
                r#"  <SetRecentlyModifiedFlagTask Identifier="J_SetRecentlyModifiedFlag" ConsolidationMode="{mode}" />"#
            ),
        );
        assert_eq!(diags(&sources), Vec::<String>::new(), "{mode}");
        assert!(
            !xml(&sources).contains("J_SetRecentlyModifiedFlag"),
            "{mode}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// AddTask Before / After / Occurence
// ---------------------------------------------------------------------------------------

const CUSTOM_TASK: &str =
    r#"  <UpdateEntityPropertyExpressionsTask Identifier="Custom" DisplayName_L1="Custom" />"#;

fn add_task(attrs: &str) -> Sources {
    with(
        &format!(
            r#"  <CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J">
    <AddTask Task="Custom" TaskToCompareWith="Fulfill" {attrs} />
  </CreateConnectorSynchroIncremental>"#
        ),
        CUSTOM_TASK,
    )
}

/// The `<Step>` lines of the expanded XML.
fn steps_in(sources: &Sources) -> Vec<String> {
    xml(sources)
        .lines()
        .filter(|l| l.contains("<Step "))
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn an_invalid_before_is_exactly_one_invalid_value_and_inserts_nothing() {
    for (attrs, at) in [
        (r#"Before="yes""#, "Jobs.xml:4:64-4:67 `yes`"),
        (r#"Before=" true""#, "Jobs.xml:4:64-4:69 ` true`"),
    ] {
        let sources = add_task(attrs);
        assert_eq!(diags(&sources), [format!("invalid-value {at}")], "{attrs}");
        assert_eq!(steps_in(&sources), Vec::<String>::new(), "{attrs}");
    }
}

#[test]
fn valid_booleans_insert_the_step() {
    for (attrs, step) in [
        (
            r#"Before="True""#,
            r#"<Step Identifier="Custom" Level="0" />"#,
        ),
        (r#"Before="1""#, r#"<Step Identifier="Custom" Level="0" />"#),
        (r#"After="1""#, r#"<Step Identifier="Custom" Level="1" />"#),
        (
            r#"After="TRUE" Before="0""#,
            r#"<Step Identifier="Custom" Level="1" />"#,
        ),
    ] {
        let sources = add_task(attrs);
        assert_eq!(diags(&sources), Vec::<String>::new(), "{attrs}");
        assert_eq!(steps_in(&sources), [step], "{attrs}");
    }
}

#[test]
fn occurrences_are_integers_read_once() {
    for (attrs, at) in [
        (r#"Before="true" Occurence=" 1""#, "Jobs.xml:4:81-4:83 ` 1`"),
        (r#"Before="true" Occurence="+1""#, "Jobs.xml:4:81-4:83 `+1`"),
        (
            r#"Before="true" Occurence="0x1""#,
            "Jobs.xml:4:81-4:84 `0x1`",
        ),
    ] {
        let sources = add_task(attrs);
        assert_eq!(diags(&sources), [format!("invalid-value {at}")], "{attrs}");
        assert_eq!(steps_in(&sources), Vec::<String>::new(), "{attrs}");
    }
    // A negative occurrence is an integer that names no task: one diagnostic, not two.
    let sources = add_task(r#"Before="true" Occurence="-1""#);
    assert_eq!(
        diags(&sources),
        ["unresolved-task-reference Jobs.xml:4:47-4:54 `Fulfill`"]
    );
    for ok in ["0", "00"] {
        let sources = add_task(&format!(r#"Before="true" Occurence="{ok}""#));
        assert_eq!(diags(&sources), Vec::<String>::new(), "{ok}");
        assert_eq!(steps_in(&sources).len(), 1, "{ok}");
    }
}

// ---------------------------------------------------------------------------------------
// Level
// ---------------------------------------------------------------------------------------

/// A hand-written job: `A` (level 0), `B` (level `level`) depending on `A`, `C` (level 5).
fn levels(level: &str) -> Sources {
    conf(&[
        ("Conf.xml", &base("Usercube.AzureAD@0000001")),
        (
            "Job.xml",
            &format!(
                r#"  <Job Identifier="H" DisplayName_L1="H" Agent="Local">
    <UpdateEntityPropertyExpressionsTask Identifier="A" DisplayName_L1="A" Level="0" />
    <UpdateEntityPropertyExpressionsTask Identifier="B" DisplayName_L1="B" Level="{level}">
      <TaskDependsOnTask ParentTask="A" />
    </UpdateEntityPropertyExpressionsTask>
    <UpdateEntityPropertyExpressionsTask Identifier="C" DisplayName_L1="C" Level="5" />
  </Job>"#
            ),
        ),
    ])
}

fn steps_of(sources: &Sources, job: &str) -> String {
    steps(&find_job(sources, job).expect("the job exists"))
}

#[test]
fn an_invalid_level_is_one_invalid_value_and_is_never_used_as_an_order() {
    for level in [
        "+3",
        "99999999999999999999",
        "4294967296",
        " 3",
        "3 ",
        "0x3",
    ] {
        let sources = levels(level);
        let got = diags(&sources);
        // One `invalid-value`, and no `dependency-order` (the level is not used).
        assert_eq!(got.len(), 1, "{level:?}: {got:?}");
        assert!(
            got[0].starts_with("invalid-value Job.xml:5:83-"),
            "{level:?}: {got:?}"
        );
        // `steps` never makes up an order for it: it is listed last, marked invalid.
        assert_eq!(
            steps_of(&sources, "H"),
            format!(
                "Task : A, Order : 0\nTask : C, Order : 5\nTask : B, Order : invalid Level \"{level}\"\n"
            ),
            "{level:?}"
        );
    }
}

#[test]
fn valid_levels_are_read_and_used() {
    // Negative levels are integers: `B` runs before `A`, so depending on it is an error.
    let sources = levels("-2");
    assert_eq!(diags(&sources), ["dependency-order Job.xml:6:38-6:39 `A`"]);
    assert_eq!(
        steps_of(&sources, "H"),
        "Task : B, Order : -2\nTask : A, Order : 0\nTask : C, Order : 5\n"
    );
    // `0` is the same level as `A`: an error; `3` (and `03`) after it: fine.
    assert_eq!(
        diags(&levels("0")),
        ["dependency-order Job.xml:6:38-6:39 `A`"]
    );
    for ok in ["3", "03"] {
        let sources = levels(ok);
        assert_eq!(diags(&sources), Vec::<String>::new(), "{ok}");
        assert_eq!(
            steps_of(&sources, "H"),
            "Task : A, Order : 0\nTask : B, Order : 3\nTask : C, Order : 5\n"
        );
    }
}

// ---------------------------------------------------------------------------------------
// CronTimeZone: its own rule, read by the same reader
// ---------------------------------------------------------------------------------------

#[test]
fn cron_time_zones_by_name_and_number() {
    for (zone, written) in [
        ("UTC", "UTC"),
        ("0", "UTC"),
        ("ServerTime", "ServerTime"),
        ("1", "ServerTime"),
    ] {
        let sources = with(
            &format!(
                r#"  <CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J">
    <CronTabExpression CronTab="0 * * * *" CronTimeZone="{zone}" />
  </CreateConnectorSynchroIncremental>"#
            ),
            "",
        );
        assert_eq!(diags(&sources), Vec::<String>::new(), "{zone}");
        assert!(
            xml(&sources).contains(&format!(r#"CronTimeZone="{written}""#)),
            "{zone}"
        );
    }
    for zone in [" UTC", "01", "utc"] {
        let sources = with(
            &format!(
                r#"  <CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J">
    <CronTabExpression CronTab="0 * * * *" CronTimeZone="{zone}" />
  </CreateConnectorSynchroIncremental>"#
            ),
            "",
        );
        let got = diags(&sources);
        assert_eq!(got.len(), 1, "{zone:?}: {got:?}");
        assert!(got[0].starts_with("invalid-cron-time-zone "), "{got:?}");
        assert!(!xml(&sources).contains("CronTimeZone"), "{zone:?}");
    }
}
