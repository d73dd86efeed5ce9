//! `cargo bench`: load, expand and check a synthetic tree of many connectors, at one thread
//! and at every core, and print the figures. A measurement, not a test: nothing fails on time.

use std::time::Instant;

use scaffc::{Options, Sources};

const ROOT: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n";

/// `n` connectors, each in its folder with a connector file (connection, entity type with
/// properties, mapping, two resource types) and a jobs file (an incremental scaffolding and
/// a hand-written job): 2n + 2 files.
fn tree(n: usize) -> Vec<(String, String)> {
    let mut files = vec![(
        "Base.xml".to_string(),
        format!("{ROOT}  <Agent Identifier=\"Local\" DisplayName_L1=\"Local\" />\n  <Profile Identifier=\"Administrator\" DisplayName_L1=\"Administrator\" />\n  <OpenIdClient Identifier=\"Job\" HashedSecret=\"x\" DisplayName_L1=\"Job\" Profile=\"Administrator\" />\n</ConfigurationFile>\n"),
    )];
    let mut directory = String::from(ROOT);
    directory.push_str("  <Connector Identifier=\"Directory\" DisplayName_L1=\"Directory\" Agent=\"Local\" />\n  <EntityType Identifier=\"Directory_User\" DisplayName_L1=\"User\" />\n  <EntityTypeMapping Identifier=\"Directory_User\" Connector=\"Directory\" />\n</ConfigurationFile>\n");
    files.push(("Directory.xml".to_string(), directory));
    for i in 0..n {
        let c = format!("C{i:05}");
        let mut props = String::new();
        for p in 0..20 {
            props.push_str(&format!(
                "    <Property Identifier=\"p{p}\" Type=\"String\" />\n"
            ));
        }
        files.push((
            format!("{c}/{c} Connector.xml"),
            format!(
                "{ROOT}  <Connector Identifier=\"{c}\" DisplayName_L1=\"Connector {i}\" Agent=\"Local\" />\n  <Connection Identifier=\"{c}Export\" DisplayName_L1=\"x\" Connector=\"{c}\" Package=\"Usercube.AD@0000001\" />\n  <EntityType Identifier=\"{c}_Entry\" DisplayName_L1=\"e\">\n{props}  </EntityType>\n  <EntityTypeMapping Identifier=\"{c}_Entry\" Connector=\"{c}\" />\n  <ResourceType Identifier=\"{c}_Entry_User\" DisplayName_L1=\"r\" Policy=\"Default\" TargetEntityType=\"{c}_Entry\" SourceEntityType=\"Directory_User\" />\n  <ResourceType Identifier=\"{c}_Entry_Admin\" DisplayName_L1=\"r\" Policy=\"Default\" TargetEntityType=\"{c}_Entry\" SourceEntityType=\"Directory_User\" />\n</ConfigurationFile>\n"
            ),
        ));
        files.push((
            format!("{c}/{c} Jobs.xml"),
            format!(
                "{ROOT}  <CreateConnectorSynchroIncremental Connector=\"{c}\">\n    <OpenIdIdentifier Identifier=\"Job\" />\n    <CronTabExpression CronTab=\"*/15 * * * *\" />\n    <LinkDependTask Task=\"ComputeRoleModel\" DependOn=\"ComputeCorrelationKeys\" />\n  </CreateConnectorSynchroIncremental>\n  <Job Identifier=\"{c}_Daily\" DisplayName_L1=\"d\" Agent=\"Local\" CronTabExpression=\"0 2 * * *\">\n    <ExportTask Identifier=\"{c}_Daily_Export\" DisplayName_L1=\"e\" Agent=\"Local\" Connector=\"{c}\" Connection=\"{c}Export\" OpenIdClient=\"Job\" Level=\"0\" />\n    <PrepareSynchronizationTask Identifier=\"{c}_Daily_Prepare\" DisplayName_L1=\"p\" Agent=\"Local\" Connector=\"{c}\" OpenIdClient=\"Job\" SynchronizationMode=\"Complete\" Level=\"1\">\n      <TaskDependsOnTask ParentTask=\"{c}_Daily_Export\" />\n    </PrepareSynchronizationTask>\n  </Job>\n</ConfigurationFile>\n"
            ),
        ));
    }
    files
}

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    for n in [100, 1000, 2500] {
        let files = tree(n);
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let sources = Sources::new(files);
        for threads in [1, cores] {
            let mut best = f64::MAX;
            let mut diags = 0;
            for _ in 0..5 {
                let t = Instant::now();
                let out = scaffc::analyze(
                    &sources,
                    &Options {
                        threads,
                        agent_settings: None,
                    },
                );
                best = best.min(t.elapsed().as_secs_f64());
                diags = out.diagnostics.len();
            }
            println!(
                "{:>5} files, {:>6} KiB, {threads} parsing thread(s): {:>8.1} ms (best of 5), {diags} diagnostics",
                sources.files.len(),
                bytes / 1024,
                best * 1000.0
            );
        }
    }
}
