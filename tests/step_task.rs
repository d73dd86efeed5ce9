//! `<Step Task="X"/>` (a `Step` names its task by `Task`, else `Identifier`) is followed
//! wherever a `Step` is, and a `Step` may name any task of the expanded configuration,
//! generated ones included (`conf-model.md`, task elements).

mod common;

use common::{base, conf, located};
use scaffc::job_listing::{dot, find_job, mermaid, steps};
use scaffc::Sources;

fn diags(sources: &Sources) -> Vec<String> {
    located(sources, &scaffc::expand(sources).diagnostics)
}

/// A top-level task `Top` depending on `A`, and a hand-written job stepping it by `Task`.
fn by_task(step: &str, top_level: &str) -> Sources {
    conf(&[
        ("Conf.xml", &base("Usercube.AzureAD@0000001")),
        (
            "Job.xml",
            &format!(
                r#"  <UpdateEntityPropertyExpressionsTask Identifier="Top" DisplayName_L1="Top">
    <TaskDependsOnTask ParentTask="A" />
  </UpdateEntityPropertyExpressionsTask>
  <Job Identifier="H" DisplayName_L1="H" Agent="Local">
    <UpdateEntityPropertyExpressionsTask Identifier="A" DisplayName_L1="A" Level="{top_level}" />
    {step}
  </Job>"#
            ),
        ),
    ])
}

#[test]
fn a_step_by_task_is_resolved_and_listed() {
    let sources = by_task(r#"<Step Task="Top" Level="1" />"#, "0");
    assert_eq!(diags(&sources), Vec::<String>::new());
    let job = find_job(&sources, "H").unwrap();
    assert_eq!(steps(&job), "Task : A, Order : 0\nTask : Top, Order : 1\n");
    let m = mermaid(&job);
    assert!(
        m.contains("t1[\"Top<br/>UpdateEntityPropertyExpressionsTask\"]"),
        "{m}"
    );
    assert!(m.contains("t0 --> t1"), "{m}");
    let d = dot(&job);
    assert!(d.contains("t0 -> t1;"), "{d}");
    assert!(d.contains("label=\"Level 1\""), "{d}");
}

#[test]
fn an_unknown_step_task_is_reported_at_its_value() {
    let sources = by_task(r#"<Step Task="Tp" Level="1" />"#, "0");
    assert_eq!(diags(&sources), ["unknown-task Job.xml:8:17-8:19 `Tp`"]);
}

#[test]
fn dependency_order_follows_a_step_by_task() {
    // `Top` (level 0, by its step) depends on `A` (level 0).
    let sources = by_task(r#"<Step Task="Top" Level="0" />"#, "0");
    assert_eq!(diags(&sources), ["dependency-order Job.xml:4:36-4:37 `A`"]);
}

#[test]
fn a_step_may_name_a_generated_task() {
    // `CreateConnectorsJobs` generates stand-alone tasks (`EntraID_ConnectorExport`); the
    // incremental scaffolding a job with its tasks (`J_Fulfill1`).
    let sources = conf(&[
        ("Conf.xml", &base("Usercube.AzureAD@0000001")),
        (
            "Jobs.xml",
            r#"  <CreateConnectorsJobs />
  <CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />
  <Job Identifier="H" DisplayName_L1="H" Agent="Local">
    <Step Identifier="EntraID_ConnectorExport" Level="0" />
    <Step Task="J_Fulfill1" Level="1" />
  </Job>"#,
        ),
    ]);
    assert_eq!(diags(&sources), Vec::<String>::new());
    let job = find_job(&sources, "H").unwrap();
    assert_eq!(
        steps(&job),
        "Task : EntraID_ConnectorExport, Order : 0\nTask : J_Fulfill1, Order : 1\n"
    );
    assert_eq!(job.tasks[0].element, "ExportTask");
    assert_eq!(job.tasks[1].element, "FulfillTask");
}
