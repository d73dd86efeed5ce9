//! The structured fixes of the diagnostics: for each case, the exact edit (the text it
//! replaces and its replacement), its applicability, and a round trip: applying the fixes
//! and analysing again leaves no diagnostic of that code.

use scaffc::fix::edits_for_file;
use scaffc::{apply_fixes, Applicability, Diagnostic, Sources};

const HEAD: &str = r#"<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
  <Agent Identifier="Local" DisplayName_L1="Local agent" />
  <Profile Identifier="Administrator" DisplayName_L1="Administrator" />
  <OpenIdClient Identifier="Job" HashedSecret="x" DisplayName_L1="Job client" Profile="Administrator" />
"#;

fn conf(body: &str) -> String {
    format!("{HEAD}{body}\n</ConfigurationFile>\n")
}

fn analyze(text: &str) -> Vec<Diagnostic> {
    let sources = Sources::new([("a.xml", text)]);
    scaffc::analyze(&sources, &Default::default()).diagnostics
}

/// A diagnostic's code as text (whatever type the code has).
fn code_of(d: &Diagnostic) -> String {
    d.code.to_string()
}

/// The one diagnostic of `code`, checked to carry a fix.
fn the(diags: &[Diagnostic], code: &str) -> Diagnostic {
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| code_of(d) == code).collect();
    assert_eq!(found.len(), 1, "one `{code}` expected in {diags:#?}");
    assert!(
        found[0].fix.is_some(),
        "`{code}` has no fix: {:#?}",
        found[0]
    );
    found[0].clone()
}

/// Checks the fix of the one `code` diagnostic of `text`: its applicability, and each edit
/// as (text replaced, replacement). Then applies the fixes of that applicability or safer
/// (every fix of the file, whole fixes only) and checks that `code` is gone.
fn check(text: &str, code: &str, applicability: Applicability, edits: &[(&str, &str)]) -> String {
    let diags = analyze(text);
    let d = the(&diags, code);
    let fix = d.fix.as_ref().unwrap();
    assert_eq!(fix.applicability, applicability, "{fix:#?}");
    let got: Vec<(&str, &str)> = fix
        .edits
        .iter()
        .map(|e| {
            assert_eq!(e.file, 0);
            (&text[e.range.clone()], e.content.as_str())
        })
        .collect();
    assert_eq!(got, edits, "{fix:#?}");
    let fixed = apply_fixes(
        text,
        &edits_for_file(diags.iter().filter_map(|d| d.fix.as_ref()), 0, |f| {
            f.applicability <= applicability
        }),
    );
    let after = analyze(&fixed);
    assert!(
        after.iter().all(|d| code_of(d) != code),
        "still `{code}` after the fix:\n{fixed}\n{after:#?}"
    );
    assert!(
        after.iter().all(|d| code_of(d) != "xml-syntax"),
        "not well-formed after the fix:\n{fixed}\n{after:#?}"
    );
    fixed
}

#[test]
fn a_wrong_case_connector_is_a_safe_fix() {
    let text = conf(
        r#"  <Connector Identifier="AzureAD" DisplayName_L1="Azure AD" Agent="Local" />
  <CreateConnectorSynchroIncremental Connector="AzureAd" />"#,
    );
    let d = the(&analyze(&text), "unknown-connector");
    assert_eq!(d.fix.unwrap().message, "replace `AzureAd` with `AzureAD`");
    let fixed = check(
        &text,
        "unknown-connector",
        Applicability::Safe,
        &[("AzureAd", "AzureAD")],
    );
    assert!(fixed.contains(r#"<CreateConnectorSynchroIncremental Connector="AzureAD" />"#));
}

#[test]
fn a_connector_at_an_edit_distance_is_an_unsafe_fix() {
    let text = conf(
        r#"  <Connector Identifier="AzureAD" DisplayName_L1="Azure AD" Agent="Local" />
  <CreateConnectorSynchroIncremental Connector="AzurAD" />"#,
    );
    check(
        &text,
        "unknown-connector",
        Applicability::Unsafe,
        &[("AzurAD", "AzureAD")],
    );
    // Safe fixes only: the guess is not applied.
    let diags = analyze(&text);
    let safe = edits_for_file(diags.iter().filter_map(|d| d.fix.as_ref()), 0, |f| {
        f.applicability == Applicability::Safe
    });
    assert!(safe.is_empty(), "{safe:#?}");
}

#[test]
fn a_wrong_case_agent_is_a_safe_fix() {
    let text = conf(r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agent="local" />"#);
    check(
        &text,
        "unknown-agent",
        Applicability::Safe,
        &[("local", "Local")],
    );
}

#[test]
fn a_misspelt_attribute_is_renamed_by_an_unsafe_fix() {
    let text = conf(
        r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agnet="Local" DisplayName_L2="AD" />"#,
    );
    let d = the(&analyze(&text), "unknown-attribute");
    assert_eq!(d.help.as_deref(), Some("did you mean `Agent`?"));
    assert_eq!(d.fix.unwrap().message, "replace `Agnet` with `Agent`");
    check(
        &text,
        "unknown-attribute",
        Applicability::Unsafe,
        &[("Agnet", "Agent")],
    );
}

#[test]
fn a_wrong_case_attribute_is_a_safe_fix() {
    let text = conf(r#"  <Connector Identifier="AD" DisplayName_L1="AD" agent="Local" />"#);
    check(
        &text,
        "unknown-attribute",
        Applicability::Safe,
        &[("agent", "Agent")],
    );
}

#[test]
fn an_attribute_the_element_already_has_is_never_suggested() {
    let text =
        conf(r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agent="Local" agent="Local" />"#);
    let diags = analyze(&text);
    let d = diags
        .iter()
        .find(|d| code_of(d) == "unknown-attribute")
        .expect("agent is unknown");
    assert!(d.fix.is_none(), "{d:#?}");
    assert_ne!(d.help.as_deref(), Some("did you mean `Agent`?"));
}

#[test]
fn two_attributes_meaning_the_same_one_get_no_fix() {
    let text =
        conf(r#"  <Connector Identifier="AD" DisplayName_L1="AD" agent="Local" Agnet="Local" />"#);
    let diags = analyze(&text);
    let unknown: Vec<_> = diags
        .iter()
        .filter(|d| code_of(d) == "unknown-attribute")
        .collect();
    assert_eq!(unknown.len(), 2, "{diags:#?}");
    assert!(unknown.iter().all(|d| d.fix.is_none()), "{unknown:#?}");
}

#[test]
fn sunday_written_7_is_a_safe_fix_at_the_field() {
    let text = conf(
        r#"  <Job Identifier="Nightly" DisplayName_L1="Nightly" CronTabExpression="0 3 * * 1,7" Agent="Local" />"#,
    );
    let d = the(&analyze(&text), "invalid-cron");
    let fix = d.fix.unwrap();
    assert_eq!(fix.edits[0].range, d.primary.range);
    assert_eq!(
        &text[fix.edits[0].range.start - 11..fix.edits[0].range.end + 1],
        "\"0 3 * * 1,7\""
    );
    let fixed = check(&text, "invalid-cron", Applicability::Safe, &[("7", "0")]);
    assert!(fixed.contains(r#"CronTabExpression="0 3 * * 1,0""#));
}

#[test]
fn sunday_written_7_in_a_scaffolding_schedule() {
    let text = conf(
        r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agent="Local" />
  <CreateConnectorSynchroIncremental Connector="AD">
    <CronTabExpression CronTab="30 2 * * 7" />
  </CreateConnectorSynchroIncremental>"#,
    );
    check(&text, "invalid-cron", Applicability::Safe, &[("7", "0")]);
}

#[test]
fn a_7_ending_a_range_or_written_with_entities_gets_no_fix() {
    for cron in ["0 3 * * 5-7", "0 3 * * &#55;", "0 3 * * 7/2"] {
        let text = conf(&format!(
            r#"  <Job Identifier="Nightly" DisplayName_L1="Nightly" CronTabExpression="{cron}" Agent="Local" />"#
        ));
        let diags = analyze(&text);
        let d = diags
            .iter()
            .find(|d| code_of(d) == "invalid-cron")
            .unwrap_or_else(|| panic!("{cron}: {diags:#?}"));
        assert!(d.fix.is_none(), "{cron}: {d:#?}");
    }
}

#[test]
fn a_quartz_question_mark_day_is_a_safe_fix() {
    let text = conf(
        r#"  <Job Identifier="Nightly" DisplayName_L1="Nightly" CronTabExpression="0 3 ? * MON" Agent="Local" />"#,
    );
    check(&text, "invalid-cron", Applicability::Safe, &[("?", "*")]);
}

#[test]
fn a_wrong_case_time_zone_is_a_safe_fix() {
    let text = conf(
        r#"  <Job Identifier="Nightly" DisplayName_L1="Nightly" CronTabExpression="0 3 * * *" CronTimeZone="utc" Agent="Local" />"#,
    );
    check(
        &text,
        "invalid-cron-time-zone",
        Applicability::Safe,
        &[("utc", "UTC")],
    );
}

#[test]
fn a_package_without_its_version_is_an_unsafe_fix() {
    let text = conf(
        r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agent="Local" />
  <Connection Identifier="ADExport" DisplayName_L1="AD" Connector="AD" Package="Usercube.AD" />"#,
    );
    check(
        &text,
        "unknown-package",
        Applicability::Unsafe,
        &[("Usercube.AD", "Usercube.AD@0000001")],
    );
}

#[test]
fn a_misspelt_required_attribute_is_renamed() {
    let text = conf(
        r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agent="Local" />
  <Connection Identifier="ADExport" DisplayName_L1="AD" Connector="AD" Pakage="Usercube.AD@0000001" />"#,
    );
    check(
        &text,
        "missing-attribute",
        Applicability::Unsafe,
        &[("Pakage", "Package")],
    );
}

#[test]
fn a_misspelt_child_element_is_renamed_in_both_tags() {
    let text = conf(
        r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agent="Local" />
  <CreateConnectorSynchroIncremental Connector="AD">
    <CronTabExpresion CronTab="0 3 * * *"></CronTabExpresion >
  </CreateConnectorSynchroIncremental>"#,
    );
    check(
        &text,
        "unknown-element",
        Applicability::Unsafe,
        &[
            ("CronTabExpresion", "CronTabExpression"),
            ("CronTabExpresion", "CronTabExpression"),
        ],
    );
}

#[test]
fn a_suggestion_with_markup_characters_is_escaped() {
    // The connector's identifier is `R&D "Lab"`; the reference writes it in another case.
    let text = conf(
        r#"  <Connector Identifier="R&amp;D &quot;Lab&quot;" DisplayName_L1="R and D" Agent="Local" />
  <CreateConnectorSynchroIncremental Connector='r&amp;d "lab"' />"#,
    );
    let fixed = check(
        &text,
        "unknown-connector",
        Applicability::Safe,
        &[(r#"r&amp;d "lab""#, "R&amp;D &quot;Lab&quot;")],
    );
    assert!(
        fixed.contains(r#"Connector='R&amp;D &quot;Lab&quot;'"#),
        "{fixed}"
    );
}

#[test]
fn every_fix_of_a_diagnostic_is_inside_its_file_and_never_overlaps() {
    let text = conf(
        r#"  <Connector Identifier="AzureAD" DisplayName_L1="Azure AD" Agent="locl" agent="x" />
  <Connection Identifier="E" DisplayName_L1="E" Connector="azuread" Package="usercube.azuread@0000001" />
  <CreateConnectorSynchroIncremental Connector="AzureAd">
    <CronTabExpression CronTab="0 3 * * 7" CronTimeZone="servertime" />
  </CreateConnectorSynchroIncremental>"#,
    );
    let diags = analyze(&text);
    let with_fix: Vec<_> = diags.iter().filter_map(|d| d.fix.as_ref()).collect();
    assert!(with_fix.len() >= 5, "{diags:#?}");
    for fix in with_fix {
        let mut ranges: Vec<_> = fix.edits.iter().map(|e| e.range.clone()).collect();
        ranges.sort_by_key(|r| r.start);
        for r in &ranges {
            assert!(r.start <= r.end && r.end <= text.len(), "{fix:#?}");
        }
        for w in ranges.windows(2) {
            assert!(w[0].end <= w[1].start, "{fix:#?}");
        }
    }
    let all = edits_for_file(diags.iter().filter_map(|d| d.fix.as_ref()), 0, |_| true);
    let fixed = apply_fixes(&text, &all);
    let after = analyze(&fixed);
    assert!(after.iter().all(|d| code_of(d) != "xml-syntax"), "{fixed}");
    assert!(
        after.iter().all(|d| !matches!(
            code_of(d).as_str(),
            "unknown-connector" | "invalid-cron" | "invalid-cron-time-zone" | "unknown-package"
        )),
        "{fixed}\n{after:#?}"
    );
}

#[test]
fn what_changes_nothing_is_removed_by_a_safe_fix() {
    let text = conf(
        r#"  <Connector Identifier="AD" DisplayName_L1="AD" Agent="Local" />
  <CreateConnectorSynchroIncremental Connector="AD" OldAlgorithm="true">
    <FormatPropertiesInResource />
  </CreateConnectorSynchroIncremental>"#,
    );
    let diags = analyze(&text);
    let fixes: Vec<_> = diags
        .iter()
        .filter(|d| code_of(d) == "no-effect")
        .map(|d| d.fix.clone().expect("a fix"))
        .collect();
    assert_eq!(fixes.len(), 2, "{diags:#?}");
    let removed: Vec<_> = fixes
        .iter()
        .map(|f| {
            assert_eq!(f.applicability, Applicability::Safe);
            (f.message.as_str(), &text[f.edits[0].range.clone()])
        })
        .collect();
    assert_eq!(
        removed,
        [
            (
                "remove the attribute `OldAlgorithm`",
                r#" OldAlgorithm="true""#
            ),
            (
                "remove the element `<FormatPropertiesInResource>`",
                "    <FormatPropertiesInResource />\n"
            ),
        ]
    );
    let fixed = apply_fixes(&text, &edits_for_file(&fixes, 0, |_| true));
    assert!(fixed.ends_with(
        "  <CreateConnectorSynchroIncremental Connector=\"AD\">\n  </CreateConnectorSynchroIncremental>\n</ConfigurationFile>\n"
    ), "{fixed}");
    let after = analyze(&fixed);
    assert!(
        after
            .iter()
            .all(|d| code_of(d) != "no-effect" && code_of(d) != "xml-syntax"),
        "{after:#?}"
    );
}
