//! The scaffoldings beyond jobs with other inputs than the documented ones (the
//! substitution is the point: `HelpDesk` and `HR_Person`, not only `Administrator` and
//! `Directory_User`), the templates expanded recursively with their provenance, and
//! `expand --out` on `fixtures/access/Conf`.

mod common;

use common::{conf, fixture, repo, Temp};
use scaffc::Sources;

const PROFILES: &str = r#"  <Profile Identifier="HelpDesk" DisplayName_L1="Help desk" DisplayName_L2="Support" />
  <EntityType Identifier="HR_Person" DisplayName_L1="Person" />
  <EntityType Identifier="AD_Entry" DisplayName_L1="AD entry" />
  <EntityType Identifier="Zeta" DisplayName_L1="Zeta" />"#;

/// The `Identifier`s of the `<AccessControlRule>` elements of a document, in order.
fn rule_ids(xml: &str) -> Vec<String> {
    xml.lines()
        .filter_map(|l| {
            l.trim_start()
                .strip_prefix("<AccessControlRule Identifier=\"")
        })
        .map(|l| l[..l.find('"').unwrap()].to_string())
        .collect()
}

fn expand(body: &str) -> scaffc::Analysis {
    let sources = conf(&[("Model.xml", PROFILES), ("Rights.xml", body)]);
    let out = scaffc::expand(&sources);
    let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    out
}

#[test]
fn view_access_control_rules_for_help_desk_on_hr_person() {
    let out = expand(r#"  <ViewAccessControlRules Profile="HelpDesk" EntityType="HR_Person" />"#);
    assert_eq!(
        rule_ids(&out.xml),
        [
            "HelpDesk_AssignedCompositeRole_Custom_Resources_HR_Person_ViewTargetResources",
            "HelpDesk_AssignedResourceNavigation_Custom_Resources_HR_Person_ViewTargetResources",
            "HelpDesk_AssignedResourceScalar_Custom_Resources_HR_Person_ViewTargetResources",
            "HelpDesk_AssignedResourceType_Custom_Resources_HR_Person_ViewTargetResources",
            "HelpDesk_AssignedSingleRole_Custom_Resources_HR_Person_ViewTargetResources",
            "HelpDesk_Category_Custom_Resources_HR_Person",
            "HelpDesk_Category_Custom_Resources_HR_Person_ViewTargetResources",
            "HelpDesk_HR_Person_Custom_Resources_HR_Person",
            "HelpDesk_Policy_Custom_Resources_HR_Person",
            "HelpDesk_ResourceType_Custom_Resources_HR_Person",
        ]
    );
    // The rule on the entity type itself, its entries in the documented order.
    let text = &out.xml;
    let at = text
        .find("<AccessControlRule Identifier=\"HelpDesk_HR_Person_Custom_Resources_HR_Person\"")
        .unwrap();
    let block: Vec<&str> = text[at..].lines().take(8).map(str::trim).collect();
    assert_eq!(
        block,
        [
            "<AccessControlRule Identifier=\"HelpDesk_HR_Person_Custom_Resources_HR_Person\" DisplayName_L1=\"HelpDesk_HR_Person_Custom_Resources_HR_Person\" EntityType=\"HR_Person\" Profile=\"HelpDesk\">",
            "<Entry CanExecute=\"true\" Permission=\"/Custom/ResourceFiles/HR_Person\" />",
            "<Entry CanExecute=\"true\" Permission=\"/Custom/Resources/HR_Person/ViewTargetResources\" />",
            "<Entry CanExecute=\"true\" FullAccessProperties=\"true\" Permission=\"/Custom/Resources/HR_Person/View\" />",
            "<Entry Permission=\"/Custom/Resources\" />",
            "<Entry Permission=\"/Custom/Workflows\" />",
            "<Entry Permission=\"/Universes/UniverseData/Query\" />",
            "</AccessControlRule>",
        ]
    );
    assert!(!text.contains("Administrator") && !text.contains("Directory_UserType"));
}

/// The rules are in byte order of their identifiers once the inputs are in: an entity type
/// that sorts before the fixed names moves its rule first, one after them last.
#[test]
fn rule_order_follows_the_substituted_identifiers() {
    for (et, position) in [("AD_Entry", 0), ("HR_Person", 7), ("Zeta", 9)] {
        let out = expand(&format!(
            r#"  <ViewAccessControlRules Profile="HelpDesk" EntityType="{et}" />"#
        ));
        let ids = rule_ids(&out.xml);
        assert_eq!(
            ids.iter()
                .position(|i| *i == format!("HelpDesk_{et}_Custom_Resources_{et}")),
            Some(position),
            "{ids:#?}"
        );
        let mut sorted = ids.clone();
        sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        assert_eq!(ids, sorted);
    }
}

/// The odd identifiers the product really produces keep their shape with another profile;
/// `ConnectorResourceTypeAccessControl` names its rules after the profile's display names.
#[test]
fn odd_identifiers_and_display_names_with_another_profile() {
    let out = expand(
        r#"  <ResourcePickerControlRules Profile="HelpDesk" />
  <WorkflowFulfillmentControlRules Profile="HelpDesk" />
  <ResourceApiAdministration Profile="HelpDesk" EntityType="HR_Person" />
  <ViewHistoryResourceTemplate Profile="HelpDesk" EntityType="HR_Person" />
  <ConnectorResourceTypeAccessControl Profile="HelpDesk" />"#,
    );
    let ids = rule_ids(&out.xml);
    for id in [
        "HelpDeskHelpDesk_Resource_Custom_Workflows",
        "HelpDesk_[ActivityTemplateTransition, /Workflows/ActivityTemplateTransition/Query]",
        "HelpDesk_[Workflow, /Workflows/Workflow/Query]",
        "HelpDeskResourceApi_Administration_HR_Person",
        "HelpDesk_HR_Person_View_History_HR_Person",
        "ConnectorResourceType_HelpDesk_Category",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} in {ids:#?}");
    }
    assert!(out.xml.contains(
        "DisplayName_L1=\"HelpDesk - Resources Picker - \" DisplayName_L2=\"HelpDesk - Picker de ressources\""
    ));
    assert!(out.xml.contains(
        "<AccessControlRule Identifier=\"ConnectorResourceType_HelpDesk_Category\" DisplayName_L1=\"Help desk_Category\" DisplayName_L2=\"Support_Category\" EntityType=\"Category\" Profile=\"HelpDesk\">"
    ));
    // Its entries keep the documented attribute order: `Permission`, then `CanExecute`.
    assert!(out.xml.contains(
        "<Entry Permission=\"/UserInterface/ConnectorResourceType/Create\" CanExecute=\"true\" />"
    ));
}

/// The number of `AccessControlRule`s in a documented output.
fn documented_rules(kind: &str) -> usize {
    std::fs::read_to_string(
        repo()
            .join("fixtures/reference/scaffoldings-acr")
            .join(format!("{kind}.output.xml")),
    )
    .unwrap()
    .matches("<AccessControlRule ")
    .count()
}

#[test]
fn create_administrator_profile_expands_recursively_with_provenance() {
    let sources = fixture("access/Conf");
    let out = scaffc::expand(&sources);
    let ids = rule_ids(&out.xml);
    let provenance_of = |rule: &str| {
        out.rule_scaffoldings
            .iter()
            .find(|s| s.generated.iter().any(|(_, id)| id == rule))
            .map(|s| s.provenance.clone())
    };
    // Every expanded descendant once: the documented counts of each, added up.
    let expanded = [
        "ConnectorResourceTypeAccessControl",
        "ConnectorsAccessControlRules",
        "CreateResourceIncrementalAccessControlRules",
        "JobViewAccessControlRules",
        "GetJobLogAdministrationAccessControlRules",
        "JobAdministrationAccessControlRules",
        "RunJobAdministrationAccessControlRules",
        "RunJobNotificationAccessControlRules",
        "RunJobRepairAdministrationAccessControlRules",
        "RunJobRepairNotificationAccessControlRules",
        "MonitoringAdministrationAccessControlRules",
        "ProfileAdministrationAccessControlRules",
        "ProvisioningAccessControlRules",
        "ReportAccessControlRules",
        "ResourceApiAdministration",
        "ResourcePickerControlRules",
        "ResourceTypeMappingControlRules",
        "RisksAdministrationAccessControlRules",
        "RoleNamingAccessControlRules",
        "PolicySimulationControlRules",
        "RoleAndSimulationControlRules",
        "SynchronizationAccessControlRules",
        "TaskAdministrationAccessControlRules",
        "ViewHistoryResourceTemplate",
        "WorkflowAspect",
        "WorkflowConfigurationControlRules",
        "WorkflowFulfillmentControlRules",
    ];
    let admin: Vec<&String> = ids.iter().filter(|i| i.contains("Administrator")).collect();
    let expected: usize = expanded.iter().map(|k| documented_rules(k)).sum();
    assert_eq!(admin.len(), expected);
    // `JobViewAccessControlRules` is reached through two templates and expanded once.
    assert_eq!(
        ids.iter()
            .filter(|i| *i == "Administrator_Job_JobViews_Job")
            .count(),
        1
    );
    // The provenance of a few rules.
    for (rule, chain) in [
        (
            "Administrator_Job_JobViews_Job",
            "CreateAdministratorProfile > ConnectorsAccessControlRules > JobViewAccessControlRules",
        ),
        (
            "Administrator_Job_RunJobRepair_Notification_Errored",
            "CreateAdministratorProfile > JobExecutionAccessControlRules > RunJobRepairNotificationAccessControlRules",
        ),
        (
            "PolicySimulation_Administrator_Policy",
            "CreateAdministratorProfile > SimulationAccessControlRules > PolicySimulationControlRules",
        ),
        (
            "HelpDesk_Policy_Custom_Resources_HR_Person",
            "ViewTemplate > ViewAccessControlRules",
        ),
    ] {
        assert_eq!(provenance_of(rule).as_deref(), Some(chain), "{rule}");
    }
    // The second way to `JobViewAccessControlRules` is kept too.
    let job_view = out
        .rule_scaffoldings
        .iter()
        .find(|s| s.kind == "JobViewAccessControlRules")
        .unwrap();
    assert_eq!(
        job_view.also_from,
        ["CreateAdministratorProfile > JobExecutionAccessControlRules > JobViewAccessControlRules"]
    );
    // The generated profile, and the override applied to a generated rule.
    assert!(out.xml.contains(
        "<Profile Identifier=\"Administrator\" DisplayName_L1=\"Administrator\" DisplayName_L2=\"Administrateur\" />"
    ));
    assert!(out
        .xml
        .contains("DisplayName_L2=\"Administrateur - Journaux des jobs\""));
    // The display name of `HR_Person`: its first property named "name", `FullName`,
    // through its localized variants.
    assert_eq!(
        provenance_of("HR_Person_InternalDisplayName_L2").as_deref(),
        Some("ViewTemplate > EntityTypeDisplayName")
    );
    assert!(out.xml.contains("<EntityPropertyExpression Identifier=\"HR_Person_InternalDisplayName_L1\" Binding=\"HR_Person:FullName_en\" EntityType=\"HR_Person\" Property=\"InternalDisplayName_L1\" />"));
    // What is left out, once per template.
    let infos: Vec<String> = out
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} | {}",
                d.code,
                d.message,
                d.help.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        infos,
        [
            "not-expanded `CreateAdministratorProfile` produces 12 scaffoldings that scaffc does not expand; the rest is expanded | `AccessReviewAdministrationAccessControlRules`, `AssignProfileAccessControlRules`, `BasketRulesControlRules`, `PendingAssignedResourceTypesAccessControlRules`, `PerformManualProvisioningAccessControlRules`, `ReconciliateResourcesAccessControlRules`, `ReconciliateRolesAccessControlRules`, `ResourceChangesViewAccessControlRules`, `ReviewProvisioningAccessControlRules`, `ReviewRolesAccessControlRules`, `RoleAdministrationAccessControlRules`, `WorkflowOverviewControlRules`: output listed from the configuration by a selection rule the product's documentation does not state",
            "not-expanded `ViewTemplate` produces 1 scaffolding that scaffc does not expand; the rest is expanded | `EntityTypeDisplayTable`: output derived from the entity model by a rule the product's documentation does not state",
        ]
    );
}

/// The profile `CreateAdministratorProfile` creates counts as declared; without it, the same
/// reference is `unknown-profile`.
#[test]
fn the_created_profile_counts_as_declared() {
    let client = r#"  <OpenIdClient Identifier="Job" HashedSecret="x" DisplayName_L1="Job" Profile="Administrator" />
  <JobAdministrationAccessControlRules Profile="Administrator" />"#;
    let with = format!("{client}\n  <CreateAdministratorProfile />");
    let codes = |body: &str| -> Vec<String> {
        let sources: Sources = conf(&[("Rights.xml", body)]);
        scaffc::analyze(&sources, &Default::default())
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code.to_string())
            .collect()
    };
    assert_eq!(codes(client), ["unknown-profile", "unknown-profile"]);
    assert!(codes(&with).is_empty(), "{:?}", codes(&with));
}

#[test]
fn expand_out_writes_one_file_per_scaffolding_and_is_stable() {
    let t = Temp::new("acr-out");
    let conf_dir = t.0.join("Conf");
    common::copy_tree(&repo().join("fixtures/access/Conf"), &conf_dir);
    let out = t.0.join("expanded");
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_scaffc"))
            .args([
                "expand".as_ref(),
                conf_dir.as_os_str(),
                "--out".as_ref(),
                out.as_os_str(),
            ])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for f in [
        "CreateAdministratorProfile/Administrator_Directory_User.xml",
        "JobExecutionAccessControlRules/Administrator.xml",
        "JobViewAccessControlRules/Administrator.xml",
        "ResourceApiAdministration/Administrator_Directory_User.xml",
        "ViewTemplate/HelpDesk_HR_Person.xml",
        "ViewAccessControlRules/HelpDesk_HR_Person.xml",
        "ResourcePickerControlRules/HelpDesk.xml",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // Not expanded: no file.
    assert!(!out.join("ResourceChangesViewAccessControlRules").exists());
    // A template's file is its one-level output: what it generates, then its children.
    let template =
        std::fs::read_to_string(out.join("ViewTemplate/HelpDesk_HR_Person.xml")).unwrap();
    assert_eq!(
        template,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n  <EntityTypeDisplayName EntityType=\"HR_Person\" />\n  <EntityTypeDisplayTable EntityType=\"HR_Person\" />\n  <ViewAccessControlRules EntityType=\"HR_Person\" Profile=\"HelpDesk\" />\n</ConfigurationFile>\n"
    );
    let second = run();
    assert!(second.status.success());
    let said = String::from_utf8_lossy(&second.stderr).to_string();
    assert!(said.contains(" 0 written, "), "{said}");
    assert!(said.contains(" 0 removed "), "{said}");
}

/// Codes of the diagnostics of a tree, with the text under each.
fn findings(files: &[(&str, &str)]) -> Vec<String> {
    let sources: Sources = conf(files);
    let out = scaffc::analyze(&sources, &Default::default());
    out.diagnostics
        .iter()
        .filter(|d| d.code.code() != "not-expanded")
        .map(|d| {
            let f = sources.file(d.primary.file);
            format!("{} `{}`", d.code, &f.text[d.primary.range.clone()])
        })
        .collect()
}

/// Under a `CreateAdministratorProfile` (whose configuration-enumerating children scaffc
/// does not expand), an override that is a near miss of a generated rule is still an
/// error; one that such a child may generate is left alone.
#[test]
fn rule_overrides_are_judged_beside_unexpanded_scaffoldings() {
    let base = r#"  <CreateAdministratorProfile EntityType="HR_Person" />
  <EntityType Identifier="HR_Person" DisplayName_L1="Person" />"#;
    let typo = format!(
        "{base}\n  <AccessControlRule Identifier=\"Administrator_Job_JobLgo\" ConsolidationMode=\"Delete\" />"
    );
    assert_eq!(
        findings(&[("Rights.xml", &typo)]),
        ["override-without-target `Administrator_Job_JobLgo`"]
    );
    let theirs = format!(
        "{base}\n  <AccessControlRule Identifier=\"Administrator_Category_AccessControl_AssignedProfile\" ConsolidationMode=\"Delete\" />"
    );
    assert!(findings(&[("Rights.xml", &theirs)]).is_empty());
}

/// One mistake, one diagnostic: a profile or entity type that is not declared is reported
/// once, not again as duplicates of what the scaffolding would generate; `Profile` on a
/// kind that takes none is an unknown attribute only.
#[test]
fn an_unresolved_input_is_reported_once() {
    let body = r#"  <Profile Identifier="HelpDesk" DisplayName_L1="Help desk" />
  <EntityType Identifier="HR_Person" DisplayName_L1="Person" />
  <ViewAccessControlRules Profile="HelpDesk" EntityType="HR_Person" />
  <ViewAccessControlRules Profile="helpdesk" EntityType="HR_Person" />
  <ViewAccessControlRules Profile="HelpDesk" EntityType="hr_person" />
  <CreateAdministratorProfile Profile="Boss" />"#;
    assert_eq!(
        findings(&[("Rights.xml", body)]),
        [
            "unknown-profile `helpdesk`",
            "unknown-entity-type `hr_person`",
            "unknown-attribute `Profile`",
        ]
    );
}

/// Two identical hand-written templates expand twice, as two identical rule scaffoldings
/// do: what they generate twice is `duplicate-identifier`, at the second.
#[test]
fn identical_hand_written_templates_are_duplicates() {
    let body = r#"  <Profile Identifier="HelpDesk" DisplayName_L1="Help desk" />
  <JobExecutionAccessControlRules Profile="HelpDesk" />
  <JobExecutionAccessControlRules Profile="HelpDesk" />"#;
    let found = findings(&[("Rights.xml", body)]);
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|f| f == "duplicate-identifier `JobExecutionAccessControlRules`"),
        "{found:#?}"
    );
}

/// A template's `Property` reaches its display name, and is part of what makes two display
/// names the same scaffolding.
#[test]
fn a_template_s_property_chooses_the_display_name() {
    let model = r#"  <Profile Identifier="HelpDesk" DisplayName_L1="Help desk" />
  <EntityType Identifier="HR_Person" DisplayName_L1="Person">
    <Property Identifier="FullName" />
    <Property Identifier="FullName_en" Language="1" NeutralProperty="FullName" TargetColumnIndex="5" />
    <Property Identifier="Title" />
    <Property Identifier="Title_en" Language="1" NeutralProperty="Title" TargetColumnIndex="6" />
  </EntityType>"#;
    let one = format!(
        "{model}\n  <ViewTemplate Profile=\"HelpDesk\" EntityType=\"HR_Person\" Property=\"Title\" />"
    );
    let out = scaffc::expand(&conf(&[("Rights.xml", &one)]));
    assert!(
        out.xml.contains("Binding=\"HR_Person:Title_en\""),
        "{}",
        out.xml
    );
    // Two templates on two properties: two display names, which collide.
    let both = format!(
        "{model}\n  <ViewTemplate Profile=\"HelpDesk\" EntityType=\"HR_Person\" />\n  <ViewTemplateAdaptable Profile=\"HelpDesk\" EntityType=\"HR_Person\" Property=\"Title\" />"
    );
    let found = findings(&[("Rights.xml", &both)]);
    assert!(
        found.contains(&"duplicate-identifier `ViewTemplateAdaptable`".to_string()),
        "{found:#?}"
    );
}

/// `ConnectorResourceTypeAccessControl` names its rules after the created profile's display
/// names, as a `Merge` override of that profile changes them.
#[test]
fn display_names_of_the_created_profile_and_its_override() {
    let body = r#"  <CreateAdministratorProfile>
    <DisplayNameProfile Identifier="en-EN" Value="Boss" />
    <DisplayNameProfile Identifier="fr-FR" Value="Chef" />
  </CreateAdministratorProfile>"#;
    let out = expand(body);
    assert!(out
        .xml
        .contains("DisplayName_L1=\"Boss_Category\" DisplayName_L2=\"Chef_Category\""));
    let merged = format!(
        "{body}\n  <Profile Identifier=\"Administrator\" ConsolidationMode=\"Merge\" DisplayName_L2=\"Patron\" />"
    );
    let out = expand(&merged);
    assert!(
        out.xml
            .contains("DisplayName_L1=\"Boss_Category\" DisplayName_L2=\"Patron_Category\""),
        "{}",
        out.xml
    );
}

/// `expand --out` names a repeat `_2`, `_3`..., never the name of another key.
#[test]
fn out_file_names_of_repeats_never_take_another_key_s_name() {
    let sources = conf(&[(
        "Bars.xml",
        r#"  <EntityType Identifier="X" DisplayName_L1="X" />
  <EntityType Identifier="X_2" DisplayName_L1="X 2" />
  <EntityTypeSearchBar EntityType="X" />
  <EntityTypeSearchBar EntityType="X" />
  <EntityTypeSearchBar EntityType="X_2" />"#,
    )]);
    let out = scaffc::expand(&sources);
    let names: Vec<&str> = out.files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "EntityTypeSearchBar/X.xml",
            "EntityTypeSearchBar/X_2.xml",
            "EntityTypeSearchBar/X_3.xml"
        ]
    );
    assert!(out.files["EntityTypeSearchBar/X_2.xml"].contains("EntityType=\"X_2\""));
}

/// `check` (identifiers made on demand) and `expand` (every element made) report the same,
/// even where the inputs reorder the rules: here `policy` makes two identifiers of one
/// scaffolding differ only by case, reported once, the same way by both.
#[test]
fn check_and_expand_report_the_same() {
    let sources = conf(&[(
        "Rights.xml",
        r#"  <Profile Identifier="HelpDesk" DisplayName_L1="Help desk" />
  <EntityType Identifier="policy" DisplayName_L1="p" />
  <ViewAccessControlRules EntityType="policy" Profile="HelpDesk" />"#,
    )]);
    let show = |a: &scaffc::Analysis| -> Vec<String> {
        a.diagnostics
            .iter()
            .map(|d| format!("{} {} | {:?}", d.code, d.message, d.help))
            .collect()
    };
    let check = show(&scaffc::analyze(&sources, &Default::default()));
    let expand = show(&scaffc::expand(&sources));
    assert_eq!(check, expand);
    assert_eq!(
        check,
        ["duplicate-identifier `AccessControlRule` identifier `HelpDesk_policy_Custom_Resources_policy` is already used: `HelpDesk_Policy_Custom_Resources_policy`, which differs only by case | Some(\"the same scaffolding generates both: its profile or entity type, put into one identifier, meets another only by case; rename it\")"]
    );
}

/// A repeated template reports each rule it generates again once.
#[test]
fn a_repeated_template_reports_each_repeat_once() {
    let body = r#"  <EntityType Identifier="Directory_User" DisplayName_L1="User" />
  <CreateAdministratorProfile EntityType="Directory_User" />
  <CreateAdministratorProfile EntityType="Directory_User" />"#;
    let sources = conf(&[("Rights.xml", body)]);
    let out = scaffc::analyze(&sources, &Default::default());
    let dups: Vec<&str> = out
        .diagnostics
        .iter()
        .filter(|d| d.code.code() == "duplicate-identifier")
        .map(|d| d.message.as_str())
        .collect();
    let mut unique = dups.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(dups.len(), unique.len());
    // Every rule and the profile, once.
    let rules =
        rule_ids(&scaffc::expand(&conf(&[("Rights.xml", &body[..body.rfind("\n").unwrap()])])).xml)
            .len();
    assert_eq!(dups.len(), rules + 1);
}
