//! The product's documented `CreateAgentSynchroComplete` and `CreateAgentSynchroIncremental`
//! examples, expanded from the demo configuration (`fixtures/demo/Conf`) that the examples
//! were produced from.
//!
//! The documented outputs were produced when the Entra ID connector was still named
//! `AzureAD`, so their sibling order is the order of the old names (`scaffoldings.md`
//! section 3). [`differences`] therefore compares the tasks of one level as a set, the
//! `TaskEntityType` / `TaskResourceType` children of a task as sets, and the comma-separated
//! connector list that ends the display names of `GenerateProvisioningOrdersTask` and
//! `FulfillTask` (`... - AD, Access, Microsoft Entra ID, LDAP, SAB`) as a set; everything
//! else (the job, identifiers, attributes and their order, levels and their order,
//! dependencies and their order) must be equal.

mod common;

use std::collections::BTreeMap;

use common::{fixture, read_tree, repo};
use scaffc::xml::{parse, Element};

// ---------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------

/// Children that are compared as a set: their order among their siblings of the same name
/// is free.
const SET_CHILDREN: &[&str] = &["TaskEntityType", "TaskResourceType"];

/// Tasks whose display names end with the list of the connectors they provision.
const CONNECTOR_LIST_TASKS: &[&str] = &["GenerateProvisioningOrdersTask", "FulfillTask"];

/// An element as compared: its name, its attributes in order and its children, with the
/// documented freedoms normalised away.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Node {
    fn of(e: &Element<'_>) -> Node {
        let connector_list = CONNECTOR_LIST_TASKS.contains(&e.local());
        let attrs = e
            .attrs()
            .map(|a| {
                let value = if connector_list && a.name.starts_with("DisplayName_L") {
                    connector_list_as_set(a.value)
                } else {
                    a.value.to_string()
                };
                (a.name.to_string(), value)
            })
            .collect();
        // Runs of set children (consecutive children of one such name) are sorted; the
        // position of each run among the other children still counts.
        let mut children: Vec<Node> = Vec::new();
        let mut run_start = 0;
        for c in e.children() {
            let node = Node::of(&c);
            if children.last().is_none_or(|l| l.name != node.name) {
                run_start = children.len();
            }
            children.push(node);
            if SET_CHILDREN.contains(&c.local()) {
                children[run_start..].sort();
            }
        }
        Node {
            name: e.local().to_string(),
            attrs,
            children,
        }
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The node as one line of XML, for the messages.
    fn show(&self) -> String {
        let mut s = format!("<{}", self.name);
        for (n, v) in &self.attrs {
            s.push_str(&format!(" {n}=\"{v}\""));
        }
        if self.children.is_empty() {
            return s + " />";
        }
        s.push('>');
        for c in &self.children {
            s.push_str(&c.show());
        }
        s + &format!("</{}>", self.name)
    }
}

/// `Generate Provisioning Orders - AD, Access, LDAP` -> `Generate Provisioning Orders -
/// {AD, Access, LDAP}` with the list sorted. A value without ` - ` is kept.
fn connector_list_as_set(value: &str) -> String {
    match value.split_once(" - ") {
        Some((head, list)) => {
            let mut names: Vec<&str> = list.split(", ").collect();
            names.sort_unstable();
            format!("{head} - {{{}}}", names.join(", "))
        }
        None => value.to_string(),
    }
}

/// A job's tasks, as runs of consecutive tasks with the same `Level` (in document order),
/// each run sorted.
fn levels(job: &Element<'_>) -> Vec<(String, Vec<Node>)> {
    let mut out: Vec<(String, Vec<Node>)> = Vec::new();
    for t in job.children() {
        let node = Node::of(&t);
        let level = node.value("Level").unwrap_or("(none)").to_string();
        match out.last_mut() {
            Some((l, tasks)) if *l == level => tasks.push(node),
            _ => out.push((level, vec![node])),
        }
    }
    for (_, tasks) in &mut out {
        tasks.sort();
    }
    out
}

fn identifiers(tasks: &[Node]) -> Vec<&str> {
    tasks
        .iter()
        .map(|t| t.value("Identifier").unwrap_or("(no identifier)"))
        .collect()
}

/// What differs between two jobs, under the comparison rule of this file; empty when they
/// are equal.
fn job_differences(ours: &Element<'_>, documented: &Element<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let (o, d) = (Node::of(ours), Node::of(documented));
    if (&o.name, &o.attrs) != (&d.name, &d.attrs) {
        out.push(format!(
            "the job element differs:\n  ours:       {}\n  documented: {}",
            Node {
                children: vec![],
                ..o
            }
            .show(),
            Node {
                children: vec![],
                ..d
            }
            .show()
        ));
    }
    let (ours, documented) = (levels(ours), levels(documented));
    let seq = |l: &[(String, Vec<Node>)]| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    if seq(&ours) != seq(&documented) {
        out.push(format!(
            "the sequence of levels differs:\n  ours:       {:?}\n  documented: {:?}",
            seq(&ours),
            seq(&documented)
        ));
    }
    // Level by level (by value, so that a task moved elsewhere is reported where it is).
    let by_level = |l: Vec<(String, Vec<Node>)>| {
        let mut m: BTreeMap<String, Vec<Node>> = BTreeMap::new();
        for (level, tasks) in l {
            m.entry(level).or_default().extend(tasks);
        }
        m
    };
    let (ours, documented) = (by_level(ours), by_level(documented));
    let all: std::collections::BTreeSet<&String> = ours.keys().chain(documented.keys()).collect();
    let none = Vec::new();
    for level in all {
        let o = ours.get(level).unwrap_or(&none);
        let d = documented.get(level).unwrap_or(&none);
        for t in o.iter().filter(|t| !d.contains(t)) {
            let id = t.value("Identifier");
            match d.iter().find(|x| x.value("Identifier") == id) {
                Some(x) => out.push(format!(
                    "level {level}: task {} differs:\n  ours:       {}\n  documented: {}",
                    id.unwrap_or("(no identifier)"),
                    t.show(),
                    x.show()
                )),
                None => out.push(format!(
                    "level {level}: only ours has {}\n  {}",
                    id.unwrap_or("(no identifier)"),
                    t.show()
                )),
            }
        }
        for t in d.iter().filter(|t| !o.contains(t)) {
            let id = t.value("Identifier");
            if !o.iter().any(|x| x.value("Identifier") == id) {
                out.push(format!(
                    "level {level}: only the documentation has {}\n  {}",
                    id.unwrap_or("(no identifier)"),
                    t.show()
                ));
            }
        }
        if o.len() != d.len() {
            out.push(format!(
                "level {level}: {} tasks in ours ({:?}), {} documented ({:?})",
                o.len(),
                identifiers(o),
                d.len(),
                identifiers(d)
            ));
        }
    }
    out
}

/// Compares our expansion (a document whose `ConfigurationFile` root holds one `Job`) with a
/// documented output (a `Job` at the root). Returns the differences; empty when they match.
fn differences(ours_text: &str, documented_text: &str) -> Vec<String> {
    let ours = parse(ours_text, 0);
    assert!(ours.errors.is_empty(), "our XML: {:?}", ours.errors);
    let root = ours.root(ours_text).expect("our document has a root");
    assert_eq!(root.local(), "ConfigurationFile");
    let jobs: Vec<Element> = root.children_named("Job").collect();
    assert_eq!(jobs.len(), 1, "our document holds one job");
    assert_eq!(
        root.children().count(),
        1,
        "our document holds only the job"
    );

    let documented = parse(documented_text, 0);
    assert!(
        documented.errors.is_empty(),
        "documented XML: {:?}",
        documented.errors
    );
    let doc_job = documented
        .root(documented_text)
        .expect("the documented job");
    job_differences(&jobs[0], &doc_job)
}

// ---------------------------------------------------------------------------------------
// The documented examples
// ---------------------------------------------------------------------------------------

fn docs_example(name: &str) -> std::path::PathBuf {
    repo().join("fixtures/docs-examples").join(name)
}

fn documented_output(name: &str) -> String {
    std::fs::read_to_string(docs_example(name).join(format!("{name}.output.xml"))).unwrap()
}

/// Expands `fixtures/docs-examples/<name>/Conf`, which must give no diagnostic at all.
fn expand_clean(name: &str) -> String {
    let out = scaffc::expand(&fixture(&format!("docs-examples/{name}/Conf")));
    assert!(
        out.diagnostics.is_empty(),
        "diagnostics: {:#?}",
        out.diagnostics
    );
    out.xml
}

fn assert_matches_documented(name: &str) {
    let diffs = differences(&expand_clean(name), &documented_output(name));
    assert!(
        diffs.is_empty(),
        "{name}: {} difference(s):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

#[test]
fn create_agent_synchro_complete_matches_the_documented_output() {
    assert_matches_documented("createagentsynchrocomplete");
}

#[test]
fn create_agent_synchro_incremental_matches_the_documented_output() {
    assert_matches_documented("createagentsynchroincremental");
}

#[test]
fn create_initialization_job_matches_the_documented_output() {
    assert_matches_documented("createinitializationjob");
}

/// Our scaffoldings are the documented inputs plus the job's `DisplayName_L2`, which the
/// documented outputs show and the documented inputs leave out.
#[test]
fn the_scaffoldings_are_the_documented_inputs_plus_the_job_l2() {
    for name in [
        "createagentsynchrocomplete",
        "createagentsynchroincremental",
    ] {
        let dir = docs_example(name);
        let input_text = std::fs::read_to_string(dir.join(format!("{name}.input.xml"))).unwrap();
        let input = parse(&input_text, 0);
        let documented = input.root(&input_text).unwrap();

        let jobs_text = std::fs::read_to_string(dir.join("Conf/Jobs.xml")).unwrap();
        let jobs = parse(&jobs_text, 0);
        let root = jobs.root(&jobs_text).unwrap();
        assert_eq!(
            root.children().count(),
            1,
            "{name}: Jobs.xml holds the scaffolding only"
        );
        let ours = root.children().next().unwrap();
        assert_eq!(ours.local(), documented.local(), "{name}");
        assert!(ours.children().next().is_none() && documented.children().next().is_none());

        let attrs = |e: &Element<'_>| -> Vec<(String, String)> {
            e.attrs()
                .filter(|a| a.name != "DisplayName_L2")
                .map(|a| (a.name.to_string(), a.value.to_string()))
                .collect()
        };
        assert_eq!(attrs(&ours), attrs(&documented), "{name}");
        assert_eq!(documented.value("DisplayName_L2"), None);

        let output_text = documented_output(name);
        let output = parse(&output_text, 0);
        assert_eq!(
            ours.value("DisplayName_L2"),
            output.root(&output_text).unwrap().value("DisplayName_L2"),
            "{name}: the L2 is the documented job's"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The demo tree
// ---------------------------------------------------------------------------------------

/// Each docs example's `Conf` is a copy of `fixtures/demo/Conf` plus its `Jobs.xml`, so the
/// copies cannot drift from the demo tree (nor from each other).
#[test]
fn each_docs_example_tree_is_the_demo_tree_plus_its_job_file() {
    let mut demo = read_tree(&repo().join("fixtures/demo/Conf"));
    demo.sort();
    assert!(
        demo.iter().all(|(p, _)| p != "Jobs.xml"),
        "the demo tree has no job scaffolding file"
    );
    for name in [
        "createagentsynchrocomplete",
        "createagentsynchroincremental",
        "createinitializationjob",
    ] {
        let mut tree = read_tree(&docs_example(name).join("Conf"));
        tree.sort();
        let (jobs, rest): (Vec<_>, Vec<_>) = tree.into_iter().partition(|(p, _)| p == "Jobs.xml");
        assert_eq!(jobs.len(), 1, "{name}: Conf/Jobs.xml");
        let paths = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(
            paths(&rest),
            paths(&demo),
            "{name}: the files of the demo tree"
        );
        for ((path, ours), (_, original)) in rest.iter().zip(&demo) {
            assert!(
                ours == original,
                "{name}: Conf/{path} differs from the demo tree's"
            );
        }
    }
}

/// The demo tree alone is a clean configuration: no error, no warning.
#[test]
fn the_demo_tree_checks_clean() {
    let out = scaffc::expand(&fixture("demo/Conf"));
    assert!(
        out.diagnostics.is_empty(),
        "diagnostics: {:#?}",
        out.diagnostics
    );
    assert!(out.jobs.is_empty(), "the demo tree has no job scaffolding");
}

// ---------------------------------------------------------------------------------------
// The comparison itself
// ---------------------------------------------------------------------------------------

/// A documented job, as our expansion presents it.
fn as_ours(job: &str) -> String {
    format!(
        "{}{}{}",
        scaffc::render::xml::DECLARATION,
        scaffc::render::xml::ROOT_OPEN,
        job.lines().map(|l| format!("  {l}\n")).collect::<String>()
    ) + scaffc::render::xml::ROOT_CLOSE
}

/// `text` with `from` replaced by `to`, which must occur exactly once.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
    text.replacen(from, to, 1)
}

/// The documented freedoms are accepted: tasks of one level in another order, entity and
/// resource types in another order, the connector list of the provisioning display names
/// in another order.
#[test]
fn the_comparison_accepts_the_documented_freedoms() {
    let doc = documented_output("createagentsynchrocomplete");
    assert!(differences(&as_ours(&doc), &doc).is_empty());

    let mut lines: Vec<&str> = doc.lines().collect();
    // The exports of level 0 (lines 2 to 14) in reverse order.
    let exports: Vec<&str> = lines[1..14].iter().rev().copied().collect();
    assert!(exports.iter().all(|l| l.contains("<ExportTask ")));
    lines.splice(1..14, exports);
    // The 50 entity types of UpdateEntityPropertyExpressions in reverse order.
    let start = lines
        .iter()
        .position(|l| l.contains("<UpdateEntityPropertyExpressionsTask "))
        .unwrap()
        + 1;
    let types: Vec<&str> = lines[start..start + 50].iter().rev().copied().collect();
    assert!(types.iter().all(|l| l.contains("<TaskEntityType ")));
    lines.splice(start..start + 50, types);
    let mut shuffled = lines.join("\n") + "\n";
    // The connector lists.
    shuffled = shuffled.replace(
        "- AD, Access, Microsoft Entra ID, LDAP, SAB",
        "- SAB, LDAP, AD, Microsoft Entra ID, Access",
    );
    assert_ne!(shuffled, doc);
    let diffs = differences(&as_ours(&shuffled), &doc);
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}

/// Every real difference is reported: the comparison cannot pass vacuously.
#[test]
fn the_comparison_reports_real_differences() {
    let doc = documented_output("createagentsynchrocomplete");
    let sab_export = doc
        .lines()
        .find(|l| l.contains("Job_Daily_Export_SAB_Complete_SABUsersGroups"))
        .unwrap();
    let first_sync = doc
        .lines()
        .find(|l| l.contains("<SynchronizeTask "))
        .unwrap();
    let mutations: Vec<(&str, String)> = vec![
        (
            "a changed attribute value",
            replace_once(
                &doc,
                r#"Connection="LDAPExportFulfillment" ContinueOnError="true""#,
                r#"Connection="LDAPExportFulfillment" ContinueOnError="false""#,
            ),
        ),
        (
            "a task moved to another level",
            replace_once(
                &doc.replace(&format!("{sab_export}\n"), ""),
                &format!("{first_sync}\n"),
                &format!(
                    "{}\n{first_sync}\n",
                    sab_export.replace(r#"Level="0""#, r#"Level="1""#)
                ),
            ),
        ),
        (
            "a task renumbered in place",
            replace_once(
                &doc,
                r#"Level="5">"#,
                r#"Level="4">"#,
            ),
        ),
        (
            "attributes in another order",
            replace_once(
                &doc,
                r#"Level="8" OpenIdClient="Job" Dirty="false" ContinueOnError="true""#,
                r#"Level="8" OpenIdClient="Job" ContinueOnError="true" Dirty="false""#,
            ),
        ),
        (
            "a missing attribute",
            replace_once(&doc, r#" Dirty="false""#, ""),
        ),
        (
            "a missing entity type",
            replace_once(
                &doc,
                "    <TaskEntityType EntityType=\"SAB_User\" />\n  </ComputeCorrelationKeysTask>",
                "  </ComputeCorrelationKeysTask>",
            ),
        ),
        (
            "a different resource type",
            doc.replacen(
                r#"<TaskResourceType ResourceType="SAB_User_NominativeUser" />"#,
                r#"<TaskResourceType ResourceType="SAP_User_NominativeUser" />"#,
                1,
            ),
        ),
        (
            "dependencies in another order",
            replace_once(
                &doc,
                "    <TaskDependsOnTask ParentTask=\"Job_Daily_Export_SAB_Complete_SABGroups\" />\n    <TaskDependsOnTask ParentTask=\"Job_Daily_Export_SAB_Complete_SABUsers\" />\n",
                "    <TaskDependsOnTask ParentTask=\"Job_Daily_Export_SAB_Complete_SABUsers\" />\n    <TaskDependsOnTask ParentTask=\"Job_Daily_Export_SAB_Complete_SABGroups\" />\n",
            ),
        ),
        (
            "a missing dependency",
            replace_once(
                &doc,
                "    <TaskDependsOnTask ParentTask=\"Job_Daily_GenerateProvisioningOrders1\" />\n",
                "",
            ),
        ),
        (
            "a missing task",
            replace_once(
                &doc,
                "  <ManageConfigurationIndexesTask Identifier=\"Job_Daily_ManageConfigurationIndexes\" DisplayName_L1=\"Manage Configuration Specific SQL Indexes\" DisplayName_L2=\"Gestion des index SQL liés à la configuration\" Level=\"13\" />\n",
                "",
            ),
        ),
        (
            "a connector missing from a display name",
            replace_once(
                &doc,
                "Alimentation - AD, Access, Microsoft Entra ID, LDAP, SAB",
                "Alimentation - AD, Access, Microsoft Entra ID, LDAP",
            ),
        ),
        (
            "a different job attribute",
            replace_once(&doc, r#"DisplayName_L2="94: Job quotidien""#, r#"DisplayName_L2="94""#),
        ),
    ];
    for (what, mutated) in mutations {
        assert_ne!(mutated, doc, "{what}: the mutation changed nothing");
        assert!(
            !differences(&as_ours(&mutated), &doc).is_empty(),
            "{what}: not reported"
        );
        // And the other way round.
        assert!(
            !differences(&as_ours(&doc), &mutated).is_empty(),
            "{what}: not reported (documented side)"
        );
    }
}
