//! The owned lookups of a `Snapshot` (what a language server's hover, go-to-definition and
//! find-references read): from an offset to the element, attribute and reference under
//! it; from an identifier to its declaration and its references.

mod common;

use std::sync::Arc;

use scaffc::{Location, Part, RefKind, Snapshot, Workspace};

fn sample() -> (Workspace, Arc<Snapshot>) {
    let mut ws = Workspace::new();
    for (path, bytes) in common::read_tree(&common::repo().join("fixtures/sample/Conf")) {
        ws.set_file(&path, &bytes);
    }
    let snap = ws.analyze().unwrap();
    (ws, snap)
}

fn file(snap: &Snapshot, path: &str) -> usize {
    snap.sources
        .files
        .iter()
        .position(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} not in the snapshot"))
}

/// The offset of the `nth` occurrence of `needle` in a file, plus `delta`.
fn offset_of(snap: &Snapshot, file: usize, needle: &str, delta: usize) -> usize {
    snap.sources.files[file].text.find(needle).unwrap() + delta
}

/// (path, text) of a location.
fn show(snap: &Snapshot, l: &Location) -> (String, String) {
    let f = &snap.sources.files[l.file];
    (f.path.clone(), f.text[l.range.clone()].to_string())
}

#[test]
fn a_reference_value_names_its_kind_and_identifier() {
    let (_, snap) = sample();
    let jobs = file(&snap, "AD/AD Jobs.xml");
    // On the `D` of `Connector="AD"`.
    let at = offset_of(&snap, jobs, "Connector=\"AD\"", "Connector=\"A".len());
    let hit = snap.at(jobs, at).unwrap();
    assert_eq!(hit.element, "CreateConnectorSynchroIncremental");
    assert_eq!(
        hit.part,
        Part::AttrValue {
            name: "Connector".into(),
            value: "AD".into(),
            range: at - 1..at + 1,
        }
    );
    assert_eq!(hit.reference, Some((RefKind::Connector, "AD".into())));
    assert_eq!(hit.declares, None);
}

#[test]
fn go_to_definition_and_find_references_of_a_connector() {
    let (_, snap) = sample();
    let decl = snap.declaration(RefKind::Connector, "AD").unwrap();
    assert_eq!(
        show(&snap, &decl),
        ("AD/AD Connector.xml".into(), "AD".into())
    );
    let connector = file(&snap, "AD/AD Connector.xml");
    assert_eq!(
        decl.range.start,
        offset_of(&snap, connector, "<Connector Identifier=\"AD\"", 23)
    );
    // From the declaration, the hover knows what it declares.
    let hit = snap.at(connector, decl.range.start).unwrap();
    assert_eq!(hit.declares, Some((RefKind::Connector, "AD".into())));
    assert_eq!(hit.reference, None);

    let refs = snap.references(RefKind::Connector, "AD");
    let shown: Vec<_> = refs.iter().map(|l| show(&snap, l)).collect();
    assert_eq!(
        shown,
        [
            ("AD/AD Connector.xml".to_string(), "AD".to_string()),
            ("AD/AD Connector.xml".to_string(), "AD".to_string()),
            ("AD/AD Jobs.xml".to_string(), "AD".to_string()),
        ]
    );
    // Each is the value of a `Connector` attribute, in offset order.
    for l in refs {
        let text = &snap.sources.files[l.file].text;
        assert!(text[..l.range.start].ends_with("Connector=\""));
    }
    assert!(refs[0].range.start < refs[1].range.start);
    assert!(snap.references(RefKind::Connector, "Nope").is_empty());
    assert_eq!(snap.declaration(RefKind::Connector, "Nope"), None);
    // Another kind with the same identifier is another key.
    assert_eq!(snap.declaration(RefKind::Agent, "AD"), None);
}

#[test]
fn names_and_places_outside_elements() {
    let (_, snap) = sample();
    let jobs = file(&snap, "AD/AD Jobs.xml");
    let on_name = offset_of(&snap, jobs, "<CreateConnectorSynchroIncremental", 5);
    let hit = snap.at(jobs, on_name).unwrap();
    assert_eq!(hit.element, "CreateConnectorSynchroIncremental");
    assert_eq!(hit.part, Part::ElementName);
    assert_eq!(hit.reference, None);

    let on_attr = offset_of(&snap, jobs, "JobIdentifier=", 2);
    assert_eq!(
        snap.at(jobs, on_attr).unwrap().part,
        Part::AttrName("JobIdentifier".into())
    );

    // The child element is the innermost one.
    let child = offset_of(&snap, jobs, "<OpenIdIdentifier Identifier=\"Job\"", 31);
    let hit = snap.at(jobs, child).unwrap();
    assert_eq!(hit.element, "OpenIdIdentifier");
    assert_eq!(hit.reference, Some((RefKind::OpenIdClient, "Job".into())));

    // In the scaffolding's content, between its children: the scaffolding, `Inside`.
    let content = offset_of(&snap, jobs, "<OpenIdIdentifier", 0) - 1;
    let hit = snap.at(jobs, content).unwrap();
    assert_eq!(hit.element, "CreateConnectorSynchroIncremental");
    assert_eq!(hit.part, Part::Inside);

    // Between root-level elements: the root.
    let hit = snap
        .at(jobs, offset_of(&snap, jobs, "\n  <Create", 0))
        .unwrap();
    assert_eq!(hit.element, "ConfigurationFile");
    // Before the root (the XML declaration), past the end, or no such file: nothing.
    assert_eq!(snap.at(jobs, 0), None);
    assert_eq!(
        snap.at(jobs, snap.sources.files[jobs].text.len() + 10),
        None
    );
    assert_eq!(snap.at(999, 0), None);
}

#[test]
fn a_generated_job_is_declared_by_its_scaffolding() {
    let (_, snap) = sample();
    let decl = snap
        .declaration(RefKind::Job, "AD_Synchronization_Delta")
        .unwrap();
    assert_eq!(
        show(&snap, &decl),
        (
            "AD/AD Jobs.xml".into(),
            "CreateConnectorSynchroIncremental".into()
        )
    );
    let jobs = file(&snap, "AD/AD Jobs.xml");
    assert_eq!(
        decl.range.start,
        offset_of(&snap, jobs, "<CreateConnectorSynchroIncremental", 1)
    );
    // Its generated tasks too.
    let task = snap
        .declaration(
            RefKind::Task,
            "AD_Synchronization_Delta_Export_AD_Incremental_ADExportFulfillment",
        )
        .unwrap();
    assert_eq!(task, decl);
}

#[test]
fn ranges_are_byte_ranges_after_multi_byte_text() {
    let mut ws = Workspace::new();
    let body = r#"  <Agent Identifier="Local" DisplayName_L1="Agent local à Genève" />
  <Profile Identifier="Administrator" DisplayName_L1="Administrateur é" />
  <OpenIdClient Identifier="Job" HashedSecret="x" DisplayName_L1="Tâches" Profile="Administrator" />
  <Connector Identifier="HR" DisplayName_L1="Ressources humaines (é)" Agent="Local" />
  <Connection Identifier="HRExport" DisplayName_L1="HR" Connector="HR" Package="Usercube.CSV@0000001" />
  <CreateConnectorSynchroIncremental Connector="HR" DisplayName_L1="Synchronisation déjà" />"#;
    let text = common::wrap(body);
    ws.set_file("HR.xml", text.as_bytes());
    let snap = ws.analyze().unwrap();
    assert!(snap.diagnostics.is_empty(), "{:?}", snap.diagnostics);

    let site = text.find("Connector=\"HR\" Package").unwrap() + "Connector=\"".len();
    let hit = snap.at(0, site).unwrap();
    assert_eq!(hit.reference, Some((RefKind::Connector, "HR".into())));
    let Part::AttrValue { range, .. } = &hit.part else {
        panic!("{hit:?}")
    };
    assert_eq!(range.clone(), site..site + 2);
    assert_eq!(&text[range.clone()], "HR");

    let decl = snap.declaration(RefKind::Connector, "HR").unwrap();
    assert_eq!(&text[decl.range.clone()], "HR");
    assert_eq!(
        decl.range.start,
        text.find("<Connector Identifier=\"HR\"").unwrap() + 23
    );
    let texts: Vec<_> = snap
        .references(RefKind::Connector, "HR")
        .iter()
        .map(|l| (l.range.start, &text[l.range.clone()]))
        .collect();
    assert_eq!(texts.len(), 2);
    assert!(texts.iter().all(|(_, t)| *t == "HR"));
    assert_eq!(texts[0].0, site);

    // Agent, profile and generated job, in the same file.
    let agent = snap.references(RefKind::Agent, "Local");
    assert_eq!(agent.len(), 1);
    assert_eq!(&text[agent[0].range.clone()], "Local");
    let profile = snap.references(RefKind::Profile, "Administrator");
    assert_eq!(profile.len(), 1);
    let job = snap
        .declaration(RefKind::Job, "HR_Synchronize_Incremental")
        .unwrap();
    assert_eq!(
        &text[job.range.clone()],
        "CreateConnectorSynchroIncremental"
    );
}

#[test]
fn task_references_from_a_step() {
    let mut ws = Workspace::new();
    let body = r#"  <Agent Identifier="Local" DisplayName_L1="Local" />
  <Profile Identifier="Administrator" DisplayName_L1="Administrator" />
  <OpenIdClient Identifier="Job" HashedSecret="x" DisplayName_L1="Job" Profile="Administrator" />
  <UpdateEntityPropertyExpressionsTask Identifier="Custom_Expression" DisplayName_L1="Expressions" />
  <Job Identifier="Custom_Job" DisplayName_L1="Custom job" Agent="Local">
    <Step Identifier="Custom_Expression" />
  </Job>"#;
    let text = common::wrap(body);
    ws.set_file("Custom.xml", text.as_bytes());
    let snap = ws.analyze().unwrap();
    let decl = snap
        .declaration(RefKind::Task, "Custom_Expression")
        .unwrap();
    assert_eq!(
        decl.range.start,
        text.find("\"Custom_Expression\"").unwrap() + 1
    );
    let refs = snap.references(RefKind::Task, "Custom_Expression");
    assert_eq!(refs.len(), 1);
    assert_eq!(
        refs[0].range.start,
        text.find("<Step Identifier=\"").unwrap() + "<Step Identifier=\"".len()
    );
    let hit = snap.at(0, refs[0].range.start).unwrap();
    assert_eq!(hit.element, "Step");
    assert_eq!(
        hit.reference,
        Some((RefKind::Task, "Custom_Expression".into()))
    );
    let job = snap.declaration(RefKind::Job, "Custom_Job").unwrap();
    assert_eq!(&text[job.range.clone()], "Custom_Job");
}
