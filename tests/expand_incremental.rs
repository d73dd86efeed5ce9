//! CreateConnectorSynchroIncremental: the effect of each child element, each skipped
//! phase and each default of `scaffoldings.md` sections 1 and 6, as reviewed snapshots.

mod common;

use common::{base, conf, expand_ok, located};
use insta::assert_snapshot;

const AZURE: &str = "Usercube.AzureAD@0000001";

fn expand_with(decls: &str, scaffolding: &str) -> String {
    expand_ok(&conf(&[("Conf.xml", decls), ("Jobs.xml", scaffolding)]))
}

fn entra(scaffolding: &str) -> String {
    expand_with(&base(AZURE), scaffolding)
}

#[test]
fn defaults_identifier_display_names_and_openid_client() {
    // No JobIdentifier, no DisplayName_L1, no OpenIdIdentifier.
    assert_snapshot!(entra(
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" />"#
    ));
}

#[test]
fn default_l2_display_name_falls_back_to_the_connector_l1() {
    let decls = base(AZURE).replace(r#" DisplayName_L2="Entra ID FR""#, "");
    let xml = expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#,
    );
    assert!(xml.contains(r#"<Job Identifier="J" DisplayName_L1="Entra ID - Synchronization Incremental" DisplayName_L2="Entra ID - Synchronisation incrémentale" Agent="Local" IsIncremental="true">"#), "{xml}");
    assert!(xml.contains(r#"DisplayName_L2="Entra ID - Extraction des modifications""#));
    assert!(xml.contains(r#"DisplayName_L2="Alimentation - Entra ID""#));
}

#[test]
fn display_names_are_copied_verbatim_in_language_order() {
    let xml = entra(
        r#"<CreateConnectorSynchroIncremental DisplayName_L3="trois &amp; 3" Connector="EntraID" DisplayName_L2="deux" JobIdentifier="J" DisplayName_L1="one &lt;1&gt;" />"#,
    );
    assert!(
        xml.contains(r#"<Job Identifier="J" DisplayName_L1="one &lt;1&gt;" DisplayName_L2="deux" DisplayName_L3="trois &amp; 3" Agent="Local" IsIncremental="true">"#),
        "{xml}"
    );
}

#[test]
fn l2_given_without_l1_keeps_the_given_l2() {
    let xml = entra(
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" DisplayName_L2="Delta" />"#,
    );
    assert!(
        xml.contains(r#"<Job Identifier="J" DisplayName_L1="Entra ID - Synchronization Incremental" DisplayName_L2="Delta" Agent="Local""#),
        "{xml}"
    );
}

#[test]
fn open_id_identifier_sets_every_agent_side_task() {
    let decls = format!(
        "{}\n  <OpenIdClient Identifier=\"Sync\" HashedSecret=\"x\" DisplayName_L1=\"Sync\" Profile=\"Administrator\" />",
        base(AZURE)
    );
    let xml = expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J"><OpenIdIdentifier Identifier="Sync" /></CreateConnectorSynchroIncremental>"#,
    );
    assert_eq!(
        xml.matches(r#"OpenIdClient="Sync""#).count(),
        3,
        "export, prepare, fulfill"
    );
    assert!(!xml.contains(r#"OpenIdClient="Job""#));
}

#[test]
fn cron_tab_expression_with_and_without_time_zone() {
    let job = |child: &str| {
        let xml = entra(&format!(
            r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J">{child}</CreateConnectorSynchroIncremental>"#
        ));
        xml.lines().nth(2).unwrap().to_string()
    };
    assert_snapshot!([
        job(r#"<CronTabExpression CronTab="*/15 * * * *" />"#),
        job(r#"<CronTabExpression CronTab="0 2 * * *" CronTimeZone="0" />"#),
        job(r#"<CronTabExpression CronTab="0 2 * * *" CronTimeZone="1" />"#),
        job(r#"<CronTabExpression CronTab="0 2 * * 1-5" CronTimeZone="ServerTime" />"#),
        job(r#"<CronTabExpression CronTab="0 2 * * *" CronTimeZone="UTC" />"#),
    ]
    .join("\n"));
}

#[test]
fn no_synchronization_drops_the_collect_phases_and_renumbers() {
    assert_snapshot!(entra(
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J"><NoSynchronization /></CreateConnectorSynchroIncremental>"#
    ));
}

#[test]
fn no_provisioning_drops_orders_and_fulfilment() {
    assert_snapshot!(entra(
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J"><NoProvisioning /></CreateConnectorSynchroIncremental>"#
    ));
}

#[test]
fn no_synchronization_and_no_provisioning_together() {
    let xml = entra(
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J"><NoProvisioning /><NoSynchronization /></CreateConnectorSynchroIncremental>"#,
    );
    let kinds: Vec<&str> = xml
        .lines()
        .filter(|l| l.starts_with("    <") && !l.starts_with("    </"))
        .map(|l| l.trim_start().split(' ').next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "<UpdateEntityPropertyExpressionsTask",
            "<ComputeCorrelationKeysTask",
            "<ComputeRoleModelTask"
        ]
    );
    assert!(
        !xml.contains("TaskDependsOnTask"),
        "no phase 3 to depend on: {xml}"
    );
    assert!(xml.contains(r#"Level="2""#) && !xml.contains(r#"Level="3""#));
}

#[test]
fn add_task_before_and_after() {
    let decls = format!(
        "{}\n  <UpdateEntityPropertyExpressionsTask Identifier=\"Custom_Expressions\" DisplayName_L1=\"Custom\" />\n  <FulfillTask Identifier=\"Custom_Fulfill\" DisplayName_L1=\"Custom fulfil\" />",
        base(AZURE)
    );
    // Before the synchronize task (level 2), then after the fulfilment (last level).
    assert_snapshot!(expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J">
             <AddTask Task="Custom_Expressions" TaskToCompareWith="SynchronizeChanges" Before="true" />
             <AddTask Task="Custom_Fulfill" TaskToCompareWith="Fulfill1" After="1" />
           </CreateConnectorSynchroIncremental>"#
    ));
}

#[test]
fn add_task_after_a_level_with_several_tasks_goes_after_the_last_one() {
    let decls = format!(
        "{}\n  <Connection Identifier=\"EntraIDSecond\" DisplayName_L1=\"c\" Connector=\"EntraID\" Package=\"{AZURE}\" />\n  <ExportTask Identifier=\"Custom_Export\" DisplayName_L1=\"Custom\" />",
        base(AZURE)
    );
    // `Export` matches two tasks: Occurence 1 picks the second; both are at level 0.
    let xml = expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J"><AddTask Task="Custom_Export" TaskToCompareWith="Export" Occurence="1" After="true" /></CreateConnectorSynchroIncremental>"#,
    );
    let lines: Vec<&str> = xml.lines().collect();
    assert!(
        lines[3].contains("Export_EntraID_Incremental_EntraIDExportFulfillment\"")
            && lines[3].contains(r#"Level="0""#)
    );
    assert!(
        lines[4].contains("Export_EntraID_Incremental_EntraIDSecond\"")
            && lines[4].contains(r#"Level="0""#)
    );
    assert_eq!(
        lines[5],
        r#"    <Step Identifier="Custom_Export" Level="1" />"#
    );
    assert!(lines[6].contains("<PrepareSynchronizationTask") && lines[6].contains(r#"Level="2""#));
    assert!(xml.contains(r#"<FulfillTask Identifier="J_Fulfill1" DisplayName_L1="Fulfillment - Entra ID" DisplayName_L2="Alimentation - Entra ID FR" Agent="Local" Level="9""#));
}

#[test]
fn link_depend_task_adds_a_dependency_after_the_existing_ones() {
    let xml = entra(
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J">
             <LinkDependTask Task="ComputeRoleModel" DependOn="ComputeCorrelationKeys" />
             <LinkDependTask Task="UpdateEntityPropertyExpressions1_WithDirty" DependOn="SetRecentlyModifiedFlag" />
             <LinkDependTask Task="ComputeRoleModel" DependOn="ComputeCorrelationKeys" />
           </CreateConnectorSynchroIncremental>"#,
    );
    assert!(xml.contains(
        "<ComputeRoleModelTask Identifier=\"J_ComputeRoleModel1_WithDirty\" DisplayName_L1=\"Apply the Role Model\" DisplayName_L2=\"Evaluation du modèle de rôles\" Level=\"6\" Dirty=\"true\">\n      <TaskDependsOnTask ParentTask=\"J_SetRecentlyModifiedFlag\" />\n      <TaskDependsOnTask ParentTask=\"J_ComputeCorrelationKeys1_AllEntities_WithDirty\" />\n      <TaskEntityType EntityType=\"Directory_Guest\" />"
    ), "{xml}");
    assert!(xml.contains(
        "Level=\"4\" Dirty=\"true\">\n      <TaskDependsOnTask ParentTask=\"J_SetRecentlyModifiedFlag\" />\n      <TaskEntityType EntityType=\"EntraID_DirectoryObject\" />"
    ), "{xml}");
}

#[test]
fn accepted_children_without_effect_change_nothing() {
    let plain =
        entra(r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#);
    let with = entra(
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" OldAlgorithm="true"><FulfillInternalWorkflowsPath /><FormatPropertiesInResource /></CreateConnectorSynchroIncremental>"#,
    );
    assert_eq!(plain, with);
}

#[test]
fn no_export_connection_skips_phases_0_to_3() {
    // A fulfil-only package: the connection is not an export connection.
    assert_snapshot!(expand_with(
        &base("Usercube.FulfillToFile@0000001"),
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#
    ));
}

#[test]
fn no_entity_type_skips_phases_4_and_5_and_everything_after_collect() {
    let decls = format!(
        "{}\n  <Connector Identifier=\"Empty\" DisplayName_L1=\"Empty\" Agent=\"Local\" />\n  <Connection Identifier=\"EmptyExport\" DisplayName_L1=\"c\" Connector=\"Empty\" Package=\"Usercube.CSV@0000001\" />",
        base(AZURE)
    );
    assert_snapshot!(expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="Empty" JobIdentifier="J" />"#
    ));
}

#[test]
fn no_resource_type_skips_role_model_orders_and_fulfilment() {
    let decls = format!(
        "{}\n  <Connector Identifier=\"HR\" DisplayName_L1=\"HR\" Agent=\"Local\" />\n  <Connection Identifier=\"HRExport\" DisplayName_L1=\"c\" Connector=\"HR\" Package=\"Usercube.CSV@0000001\" />\n  <EntityType Identifier=\"HR_Person\" DisplayName_L1=\"p\" />\n  <EntityTypeMapping Identifier=\"HR_Person\" Connector=\"HR\" />",
        base(AZURE)
    );
    assert_snapshot!(expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="HR" JobIdentifier="J" />"#
    ));
}

#[test]
fn synchronization_type_follows_the_packages() {
    let line = |package: &str, element: &str| {
        let xml = expand_with(
            &base(package),
            r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#,
        );
        xml.lines()
            .find(|l| l.trim_start().starts_with(element))
            .unwrap()
            .trim()
            .to_string()
    };
    assert_snapshot!([
        line("Usercube.AD@0000001", "<PrepareSynchronizationTask"),
        line("Usercube.AD@0000001", "<SynchronizeTask"),
        line(AZURE, "<PrepareSynchronizationTask"),
        line(AZURE, "<SynchronizeTask"),
        line("Usercube.SCIM@0000001", "<PrepareSynchronizationTask"),
        line("Usercube.SCIM@0000001", "<SynchronizeTask"),
    ]
    .join("\n"));
}

#[test]
fn active_directory_wins_over_changes_and_every_export_is_a_parent() {
    let decls = format!(
        "{}\n  <Connection Identifier=\"EntraIDAD\" DisplayName_L1=\"c\" Connector=\"EntraID\" Package=\"Usercube.AD@0000001\" />\n  <Connection Identifier=\"EntraIDWrite\" DisplayName_L1=\"c\" Connector=\"EntraID\" Package=\"Usercube.Manual@0000001\" />",
        base(AZURE)
    );
    let xml = expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#,
    );
    assert!(xml.contains(r#"<PrepareSynchronizationTask Identifier="J_PrepareSynchronizationActiveDirectory_EntraID_Incremental""#));
    // Export connections in ordinal order; the Manual (fulfil-only) connection has none.
    let exports: Vec<&str> = xml.lines().filter(|l| l.contains("<ExportTask")).collect();
    assert_eq!(exports.len(), 2);
    assert!(exports[0].contains(r#"Connection="EntraIDAD""#));
    assert!(exports[1].contains(r#"Connection="EntraIDExportFulfillment""#));
    assert!(xml.contains("Type=\"ActiveDirectory\">\n      <TaskDependsOnTask ParentTask=\"J_Export_EntraID_Incremental_EntraIDAD\" />\n      <TaskDependsOnTask ParentTask=\"J_Export_EntraID_Incremental_EntraIDExportFulfillment\" />\n    </PrepareSynchronizationTask>"));
}

#[test]
fn an_export_without_incremental_mode_still_gets_its_task() {
    let xml = expand_with(
        &base("Usercube.SQL@0000001"),
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#,
    );
    assert!(xml.contains(
        r#"<ExportTask Identifier="J_Export_EntraID_Incremental_EntraIDExportFulfillment""#
    ));
}

#[test]
fn an_unknown_package_is_taken_as_exporting() {
    let out = scaffc::expand(&conf(&[
        ("Conf.xml", &base("Usercube.Future@0000001")),
        (
            "Jobs.xml",
            r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#,
        ),
    ]));
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.code()).collect();
    assert_eq!(codes, ["unknown-package"]);
    let xml = out.xml;
    assert!(xml.contains("<ExportTask"));
    assert!(xml.contains(r#"Identifier="J_PrepareSynchronization_EntraID_Incremental""#));
}

#[test]
fn source_entity_types_are_added_after_the_connector_entity_types_without_repeats() {
    // A resource type of the connector whose source is one of its own entity types.
    let decls = format!(
        "{}\n  <EntityType Identifier=\"EntraID_Group\" DisplayName_L1=\"g\" />\n  <EntityTypeMapping Identifier=\"EntraID_Group\" Connector=\"EntraID\" />\n  <ResourceType Identifier=\"EntraID_Group_Nested\" DisplayName_L1=\"r\" Policy=\"Default\" TargetEntityType=\"EntraID_Group\" SourceEntityType=\"EntraID_DirectoryObject\" />",
        base(AZURE)
    );
    let xml = expand_with(
        &decls,
        r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J" />"#,
    );
    let uepe: Vec<&str> = xml
        .split("<UpdateEntityPropertyExpressionsTask")
        .nth(1)
        .unwrap()
        .split("</UpdateEntityPropertyExpressionsTask>")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<TaskEntityType EntityType=\""))
        .map(|l| l.trim_end_matches("\" />"))
        .collect();
    assert_eq!(
        uepe,
        [
            "EntraID_DirectoryObject",
            "EntraID_Group",
            "Directory_Guest",
            "Directory_User"
        ]
    );
    let crm = xml
        .split("<ComputeRoleModelTask")
        .nth(1)
        .unwrap()
        .split("</ComputeRoleModelTask>")
        .next()
        .unwrap();
    assert!(crm.contains("EntityType=\"EntraID_DirectoryObject\""));
}

#[test]
fn expansion_errors_are_located_at_the_users_source() {
    let sources = conf(&[
        ("Conf.xml", &base(AZURE)),
        (
            "Jobs.xml",
            r#"<CreateConnectorSynchroIncremental Connector="EntraID" JobIdentifier="J">
    <AddTask Task="Nope" TaskToCompareWith="Fulfill" After="true" />
    <AddTask Task="Nope2" TaskToCompareWith="NoSuchTask" Before="true" />
    <LinkDependTask Task="Export" ChildOccurence="3" DependOn="Fulfill1" />
    <CronTabExpression CronTab="* * * * *" CronTimeZone="Paris" />
    <OpenIdIdentifier />
  </CreateConnectorSynchroIncremental>
  <CreateConnectorSynchroIncremental JobIdentifier="K" />"#,
        ),
    ]);
    let out = scaffc::expand(&sources);
    assert!(out.has_errors());
    assert_snapshot!(located(&sources, &out.diagnostics).join("\n"));
}
