//! Hostile but valid input through the binary (issue 9: never crash, linear time): one
//! huge line, many diagnostics on it, jobs of 100,000 tasks, 50,000 `AddTask`, control
//! characters in values. The sizes are such that a quadratic step would take minutes; each
//! run is killed after [`TIMEOUT`].

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{repo, snapshot};

const TIMEOUT: Duration = Duration::from_secs(60);
const ROOT: &str = r#"<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">"#;
const AGENT: &str =
    r#"<Agent Identifier="Local" DisplayName_L1="Local" URI="http://localhost:5000" />"#;

/// A fresh, empty folder under the system's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "scaffc-hostile-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir`, with its bytes.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// Runs scaffc (no colour) with its output in files, killed after [`TIMEOUT`]; checks
/// that it did not panic and that the configuration folder `conf` is unchanged.
fn run(conf: &Path, args: &[&str]) -> Run {
    let before = snapshot(conf);
    let out_dir = temp_dir("out");
    let (out_path, err_path) = (out_dir.join("stdout"), out_dir.join("stderr"));
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`scaffc {}` still runs after {TIMEOUT:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    let run = Run {
        code: status.code(),
        stdout: std::fs::read(&out_path).unwrap(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
    };
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(
        !run.stderr.contains("internal error") && run.code != Some(3),
        "`scaffc {}` crashed: {}",
        args.join(" "),
        run.stderr
    );
    assert!(before == snapshot(conf), "the configuration was changed");
    let line: String = args.join(" ").chars().take(100).collect();
    eprintln!("scaffc {line}: {took:?}");
    run
}

/// A configuration folder with one file per `(name, content)`.
fn conf(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = temp_dir(name).join("Conf");
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_diagnostic_past_column_70000_is_reported_without_a_panic() {
    let text = format!(
        r#"{ROOT}<!--{}--><Connector Identifier="Zed" DisplayName_L1="z" Agent="Nope" /></ConfigurationFile>"#,
        "x".repeat(70_000)
    );
    let dir = conf("column", &[("a.xml", text)]);
    let out = run(&dir, &["check", s(&dir), "--color", "never"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.len() < 100_000, "{} bytes", stdout.len());
    assert!(stdout.contains("agent `Nope` is not declared"), "{stdout}");
    assert!(stdout.contains("/a.xml:1:70"), "{stdout}");
    assert!(stdout.contains('…'), "{stdout}");
    // The same through `expand`, whose report goes to standard error.
    let out = run(&dir, &["expand", s(&dir)]);
    assert_eq!(out.code, Some(1));
    assert!(out.stderr.len() < 100_000);
}

#[test]
fn a_cron_expression_of_80000_characters_is_reported_without_a_panic() {
    let expr = format!("* * * * {}9", "1,".repeat(40_000));
    let dir = temp_dir("cron");
    let out = run(&dir, &["cron", &expr, "--color", "never"]);
    assert!(matches!(out.code, Some(0) | Some(1)), "{:?}", out.code);
    assert!(out.stderr.len() + out.stdout.len() < 100_000);
}

fn many_attributes(n: usize) -> String {
    many_attributes_of("A", n)
}

fn many_attributes_of(agent: &str, n: usize) -> String {
    let mut text = format!(r#"{ROOT}<Agent Identifier="{agent}" DisplayName_L1="A""#);
    for i in 0..n {
        write!(text, r#" x{i}="""#).unwrap();
    }
    text.push_str(" /></ConfigurationFile>");
    text
}

#[test]
fn two_hundred_thousand_unknown_attributes_on_one_line_in_json() {
    let dir = conf("attributes-json", &[("a.xml", many_attributes(200_000))]);
    let out = run(&dir, &["check", s(&dir), "--format", "json"]);
    assert_eq!(out.code, Some(0), "warnings only: {}", out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("\"unknown-attribute\"").count(), 200_000);
}

/// Each diagnostic shows a window of the line, not the line: the output grows linearly
/// (4,000 attributes gave 257 MB before).
#[test]
fn thousands_of_unknown_attributes_on_one_line_in_human() {
    let dir = conf("attributes-human", &[("a.xml", many_attributes(4_000))]);
    let out = run(&dir, &["check", s(&dir), "--color", "never"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.len() < 4_000 * 1_000,
        "{} bytes",
        out.stdout.len()
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("has no attribute `x199`"));
    assert!(stdout.contains("3800 more diagnostics in ") && stdout.contains("/a.xml not shown"));
}

/// Needs `check` to print through `render::human::render_all` (src/main.rs).
#[test]
fn two_hundred_thousand_unknown_attributes_on_one_line_in_human_are_capped() {
    let dir = conf("attributes-capped", &[("a.xml", many_attributes(200_000))]);
    let out = run(&dir, &["check", s(&dir), "--color", "never"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.len() < 1_000_000, "{} bytes", out.stdout.len());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("199800 more diagnostics in ") && stdout.contains("/a.xml not shown"),
        "{stdout}"
    );
}

/// The cap of the human format, through the library.
#[test]
fn the_human_report_shows_at_most_200_diagnostics_per_file() {
    let sources = scaffc::Sources::new([
        ("a.xml", many_attributes(200_000)),
        ("b.xml", many_attributes_of("B", 3)),
    ]);
    let start = Instant::now();
    let analysis = scaffc::analyze(&sources, &Default::default());
    assert_eq!(analysis.diagnostics.len(), 200_003);
    let text = scaffc::render::human::render_all(&sources, &analysis.diagnostics, false, "");
    assert!(start.elapsed() < TIMEOUT);
    assert!(text.len() < 1_000_000, "{} bytes", text.len());
    assert_eq!(text.matches("unknown-attribute\n").count(), 203);
    assert!(text.contains(
        "… 199800 more diagnostics in a.xml not shown (at most 200 per file); `scaffc check --format json` lists them all\n"
    ));
    assert!(text.contains("has no attribute `x2`"), "b.xml is shown");
}

/// A job of `n` tasks, each depending on the previous one; with `ring`, the first
/// depends on the last.
fn chain(n: usize, ring: bool) -> String {
    let mut text = format!(
        "{ROOT}\n{AGENT}\n<Job Identifier=\"Chain\" DisplayName_L1=\"Chain\" Agent=\"Local\">\n"
    );
    for i in 0..n {
        let parent = match i {
            0 if ring => Some(n - 1),
            0 => None,
            _ => Some(i - 1),
        };
        write!(
            text,
            "<UpdateEntityPropertyExpressionsTask Identifier=\"T{i}\" DisplayName_L1=\"T\" Level=\"{i}\">"
        )
        .unwrap();
        if let Some(p) = parent {
            write!(text, "<TaskDependsOnTask ParentTask=\"T{p}\" />").unwrap();
        }
        text.push_str("</UpdateEntityPropertyExpressionsTask>\n");
    }
    text.push_str("</Job>\n</ConfigurationFile>\n");
    text
}

#[test]
fn a_chain_of_100000_tasks() {
    let dir = conf("chain", &[("Jobs.xml", chain(100_000, false))]);
    let out = run(&dir, &["check", s(&dir), "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains("dependency-"),
        "{}",
        &stdout[..2000.min(stdout.len())]
    );
    let out = run(&dir, &["steps", s(&dir), "Chain"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 100_000);
    assert!(stdout.ends_with("Task : T99999, Order : 99999\n"));
    let out = run(&dir, &["graph", s(&dir), "Chain", "--format", "dot"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("  t99998 -> t99999;\n"));
    assert_eq!(stdout.matches(" -> ").count(), 99_999);
    let out = run(&dir, &["graph", s(&dir), "Chain"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

#[test]
fn a_ring_of_100000_tasks_is_one_cycle() {
    let dir = conf("ring", &[("Jobs.xml", chain(100_000, true))]);
    let out = run(&dir, &["check", s(&dir), "--format", "json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("\"dependency-cycle\"").count(), 1);
    assert_eq!(stdout.matches("\"dependency-order\"").count(), 0);
}

#[test]
fn fifty_thousand_add_tasks() {
    let mut files: Vec<(String, String)> = common::read_tree(&repo().join("fixtures/sample/Conf"))
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    let mut scaffolding = format!(
        "{ROOT}\n<UpdateEntityPropertyExpressionsTask Identifier=\"Custom_Expressions\" DisplayName_L1=\"Custom expressions\" />\n<CreateConnectorSynchroIncremental Connector=\"HR\" DisplayName_L1=\"HR\" JobIdentifier=\"Many\">\n"
    );
    for i in 0..50_000 {
        let (compared, place) = match i % 3 {
            0 => ("Synchronize", "Before"),
            1 => ("Synchronize", "After"),
            _ => ("Export", "After"),
        };
        writeln!(
            scaffolding,
            "<AddTask Task=\"Custom_Expressions\" TaskToCompareWith=\"{compared}\" {place}=\"true\" />"
        )
        .unwrap();
    }
    scaffolding.push_str("</CreateConnectorSynchroIncremental>\n</ConfigurationFile>\n");
    files.push(("Many.xml".to_string(), scaffolding));
    let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
    let dir = conf("add-task", &files);
    let out = run(&dir, &["steps", s(&dir), "Many"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.matches("Task : Custom_Expressions,").count(), 50_000);
    let out = run(&dir, &["check", s(&dir), "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
}

/// Raw ESC/BEL are not XML (an `xml-syntax` error since the well-formedness checks), but
/// the human report shows the source line: escaped. A C1 control (U+009B, a one-character
/// CSI, legal XML) quoted in a message, and a control character in a file name, are escaped
/// in both formats.
#[test]
fn control_characters_of_values_never_reach_the_terminal_raw() {
    let raw_escape = format!(
        "{ROOT}\n{AGENT}\n<Connector Identifier=\"X\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}[31m\" DisplayName_L1=\"x\" Agent=\"Local\" />\n</ConfigurationFile>\n"
    );
    let c1_in_value = format!(
        "{ROOT}\n<Connector Identifier=\"Y\" DisplayName_L1=\"y\" Agent=\"L\u{9b}2J\" />\n</ConfigurationFile>\n"
    );
    let dir = conf(
        "control",
        &[
            ("a.xml", raw_escape),
            ("b.xml", c1_in_value.clone()),
            ("c\u{1b}[31m.xml", c1_in_value.replace("\"Y\"", "\"Z\"")),
        ],
    );
    for format in ["human", "github"] {
        let out = run(
            &dir,
            &["check", s(&dir), "--format", format, "--color", "never"],
        );
        assert_eq!(out.code, Some(1), "{}", out.stderr);
        for raw in [0x1b, 0x07] {
            assert!(!out.stdout.contains(&raw), "{format}: raw {raw:#x}");
        }
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains('\u{9b}'), "{format}: raw CSI");
        assert!(stdout.contains(r"L\u{9b}2J"), "{format}: {stdout}");
        assert!(stdout.contains(r"c\u{1b}[31m.xml"), "{format}: {stdout}");
        if format == "human" {
            assert!(
                stdout.contains(r"X\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}[31m"),
                "{format}: {stdout}"
            );
        }
    }
}

/// 10,000 templates of each kind that checks prerequisites or shares children, with their
/// prerequisites missing or present: the expansion, `missing-prerequisite` and
/// `duplicate-identifier` stay linear (a look-up per prerequisite, not a scan of the
/// configuration).
#[test]
fn ten_thousand_templates_are_checked_in_linear_time() {
    let mut model = String::from(ROOT);
    model.push_str(r#"<Profile Identifier="HelpDesk" DisplayName_L1="Help desk" />"#);
    let mut rights = String::from(ROOT);
    for i in 0..10_000 {
        let et = format!("ET{i}");
        write!(
            model,
            r#"<EntityType Identifier="{et}" DisplayName_L1="{et}" />"#
        )
        .unwrap();
        if i % 2 == 0 {
            for a in ["Create", "Update", "Delete"] {
                write!(model, r#"<Workflow Identifier="{et}_{a}" />"#).unwrap();
            }
        }
        write!(
            rights,
            r#"<CreateUpdateDeleteAccessControlRules Profile="HelpDesk" EntityType="{et}" /><ViewTemplate Profile="HelpDesk" EntityType="{et}" /><JobExecutionAccessControlRules Profile="HelpDesk" />"#
        )
        .unwrap();
    }
    model.push_str("</ConfigurationFile>");
    rights.push_str("</ConfigurationFile>");
    let dir = conf("templates", &[("Model.xml", model), ("Rights.xml", rights)]);
    let r = run(&dir, &["check", s(&dir), "--format", "concise"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let out = String::from_utf8_lossy(&r.stdout);
    // Every entity type lacks `Workflow_ET`; the odd ones lack their workflows too.
    assert_eq!(out.matches("error[missing-prerequisite]").count(), 10_000);
    // The 9,999 repeats of `JobExecutionAccessControlRules` are duplicates of the first.
    assert!(out.contains("error[duplicate-identifier]"));
}
