//! `cargo bench --bench hostile`: the hostile inputs of the hardening review that used to take
//! quadratic time, each at two sizes, with the ratio of the two times. Linear work gives a
//! ratio near 2 (the size doubles); quadratic work gave 4. A measurement, not a test: the
//! tests (`tests/hostile_*.rs`) only check that these inputs finish well inside a timeout.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use scaffc::{Options, Sources};

const ROOT: &str = r#"<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">"#;
const AGENT: &str = r#"<Agent Identifier="Local" DisplayName_L1="Local" />"#;

/// `n` unknown attributes on one line (review: 1,000,000 took 9 min 20 s).
fn attributes(n: usize) -> Vec<(String, String)> {
    let mut text = format!(r#"{ROOT}<Agent Identifier="A" DisplayName_L1="A""#);
    for i in 0..n {
        write!(text, r#" x{i}="""#).unwrap();
    }
    text.push_str(" /></ConfigurationFile>");
    vec![("a.xml".into(), text)]
}

/// A job of `n` tasks, each depending on the previous one (a ring when `ring`).
fn chain(n: usize, ring: bool) -> Vec<(String, String)> {
    let mut text = format!(
        "{ROOT}\n{AGENT}\n<Job Identifier=\"Chain\" DisplayName_L1=\"Chain\" Agent=\"Local\">\n"
    );
    for i in 0..n {
        write!(
            text,
            "<UpdateEntityPropertyExpressionsTask Identifier=\"T{i}\" DisplayName_L1=\"T\" Level=\"{i}\">"
        )
        .unwrap();
        let parent = match i {
            0 if ring => Some(n - 1),
            0 => None,
            _ => Some(i - 1),
        };
        if let Some(p) = parent {
            write!(text, "<TaskDependsOnTask ParentTask=\"T{p}\" />").unwrap();
        }
        text.push_str("</UpdateEntityPropertyExpressionsTask>\n");
    }
    text.push_str("</Job>\n</ConfigurationFile>\n");
    vec![("chain.xml".into(), text)]
}

/// `n` connectors, each with a connection, an entity type, a resource type and its own
/// `CreateConnectorSynchroComplete` (every complete job used to look at every resource
/// type of the configuration).
fn complete_jobs(n: usize) -> Vec<(String, String)> {
    connectors(n, |i| {
        format!("<CreateConnectorSynchroComplete Connector=\"C{i}\" DisplayName_L1=\"C{i} - Synchronization\" />\n")
    })
}

/// `n` connectors of agent `Local` and the agent's jobs and initialization job (each
/// used to compare every connector or entity type with a list of them).
fn agent_jobs(n: usize) -> Vec<(String, String)> {
    let mut files = connectors(n, |_| String::new());
    files.push((
        "agent.xml".into(),
        format!("{ROOT}\n<CreateAgentSynchroComplete DisplayName_L1=\"Daily\" />\n<CreateAgentSynchroIncremental DisplayName_L1=\"Delta\" />\n<CreateInitializationJob DisplayName_L1=\"Init\" />\n</ConfigurationFile>\n"),
    ));
    files
}

/// `n` connectors, each with a connection, an entity type, a resource type, and what
/// `extra(i)` adds.
fn connectors(n: usize, extra: impl Fn(usize) -> String) -> Vec<(String, String)> {
    let mut text = format!(
        "{ROOT}\n{AGENT}\n<OpenIdClient Identifier=\"Job\" DisplayName_L1=\"Job\" />\n<EntityType Identifier=\"User\" DisplayName_L1=\"User\" />\n"
    );
    for i in 0..n {
        write!(
            text,
            "<Connector Identifier=\"C{i}\" DisplayName_L1=\"C{i}\" Agent=\"Local\" />\n\
             <Connection Identifier=\"C{i}Export\" DisplayName_L1=\"E\" Connector=\"C{i}\" Package=\"Usercube.AD@0000001\" />\n\
             <EntityType Identifier=\"C{i}_Account\" DisplayName_L1=\"A\" />\n\
             <EntityTypeMapping Identifier=\"C{i}_Account\" Connector=\"C{i}\" ConnectionTable=\"C{i}Export_a\" />\n\
             <ResourceType Identifier=\"C{i}_Account_User\" DisplayName_L1=\"R\" Policy=\"Default\" TargetEntityType=\"C{i}_Account\" SourceEntityType=\"User\" />\n{}",
            extra(i)
        )
        .unwrap();
    }
    text.push_str("</ConfigurationFile>\n");
    vec![("connectors.xml".into(), text)]
}

/// The sample configuration with a scaffolding of `n` `AddTask` children.
fn add_tasks(n: usize) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample/Conf");
    let tree = scaffc::fs::read_tree(&root).unwrap();
    for f in tree.files {
        if let scaffc::fs::Entry::Bytes(b) = f.entry {
            files.push((f.path, String::from_utf8(b).unwrap()));
        }
    }
    let mut s = format!(
        "{ROOT}\n<UpdateEntityPropertyExpressionsTask Identifier=\"Custom_Expressions\" DisplayName_L1=\"Custom expressions\" />\n<CreateConnectorSynchroIncremental Connector=\"HR\" DisplayName_L1=\"HR\" JobIdentifier=\"Many\">\n"
    );
    for i in 0..n {
        let (compared, place) = match i % 3 {
            0 => ("Synchronize", "Before"),
            1 => ("Synchronize", "After"),
            _ => ("Export", "After"),
        };
        writeln!(
            s,
            "<AddTask Task=\"Custom_Expressions\" TaskToCompareWith=\"{compared}\" {place}=\"true\" />"
        )
        .unwrap();
    }
    s.push_str("</CreateConnectorSynchroIncremental>\n</ConfigurationFile>\n");
    files.push(("Many.xml".into(), s));
    files
}

/// `n` nested elements (review: 80,000 overflowed the stack).
fn nested(n: usize) -> Vec<(String, String)> {
    let mut s = String::from(ROOT);
    s.push_str(&"<a>".repeat(n));
    s.push_str(&"</a>".repeat(n));
    s.push_str("</ConfigurationFile>");
    vec![("deep.xml".into(), s)]
}

/// The best of three runs of `work`, in seconds.
fn best(mut work: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            work();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

fn analyze(files: &[(String, String)]) -> (Sources, scaffc::Analysis) {
    let sources = Sources::new(files.iter().cloned());
    let out = scaffc::analyze(&sources, &Options::default());
    (sources, out)
}

fn main() {
    type Case = (&'static str, usize, fn(usize) -> Vec<(String, String)>, u8);
    // (name, base size, generator, what to time: 0 analyze+json, 1 +human, 2 +graph)
    let cases: &[Case] = &[
        (
            "unknown attributes on one line, check --format json",
            100_000,
            attributes,
            0,
        ),
        (
            "unknown attributes on one line, check (human)",
            100_000,
            attributes,
            1,
        ),
        ("chain of tasks, check", 50_000, |n| chain(n, false), 0),
        (
            "chain of tasks, graph --format dot",
            50_000,
            |n| chain(n, false),
            2,
        ),
        ("ring of tasks, check", 50_000, |n| chain(n, true), 0),
        ("AddTask children, check", 25_000, add_tasks, 0),
        (
            "a complete job per connector, check",
            2_000,
            complete_jobs,
            0,
        ),
        (
            "agent and initialization jobs over n connectors, check",
            10_000,
            agent_jobs,
            0,
        ),
        ("nested elements, check", 100_000, nested, 0),
    ];
    println!(
        "{:<55} {:>9} {:>10} {:>9} {:>10} {:>7}",
        "hostile input", "n", "time", "2n", "time", "ratio"
    );
    for (name, n, make, what) in cases {
        let mut times = Vec::new();
        for size in [*n, 2 * n] {
            let files = make(size);
            times.push(best(|| {
                let (sources, out) = analyze(&files);
                let json =
                    scaffc::render::json::render(&sources, &out.diagnostics, sources.files.len());
                std::hint::black_box(json);
                match what {
                    1 => {
                        let human = scaffc::render::human::render_all(
                            &sources,
                            &out.diagnostics,
                            false,
                            "",
                        );
                        std::hint::black_box(human);
                    }
                    2 => {
                        let job = scaffc::job_listing::find_job(&sources, "Chain").unwrap();
                        std::hint::black_box(scaffc::job_listing::dot(&job));
                    }
                    _ => {}
                }
            }));
        }
        println!(
            "{:<55} {:>9} {:>9.3}s {:>9} {:>9.3}s {:>7.2}",
            name,
            n,
            times[0],
            2 * n,
            times[1],
            times[1] / times[0]
        );
    }
}
