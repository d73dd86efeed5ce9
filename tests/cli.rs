//! The `scaffc` binary: exit codes, standard output and standard error (`cli.md`).

mod common;

use std::process::{Command, Output};

use common::{base, fixture, repo, wrap};

fn scaffc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn expand_prints_the_document_and_exits_0() {
    let out = scaffc(&["expand", "fixtures/sample/Conf"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let expected = scaffc::expand(&fixture("sample/Conf")).xml;
    assert_eq!(text(&out.stdout), expected);
    assert!(expected.contains(r#"<Job Identifier="AzureAD_Synchronize_Incremental" DisplayName_L1="AzureAD Synchronization (delta)" Agent="Local" CronTabExpression="*/15 * * * *" IsIncremental="true">"#));
}

#[test]
fn expand_defaults_to_the_conf_folder_of_the_current_directory() {
    let out = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .arg("expand")
        .current_dir(repo().join("fixtures/sample"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        scaffc::expand(&fixture("sample/Conf")).xml
    );
}

#[test]
fn errors_print_nothing_on_stdout_a_report_on_stderr_and_exit_1() {
    let out = scaffc(&["expand", "fixtures/invalid/unknown-connector/Conf"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    assert!(!stderr.contains('\u{1b}'), "no colour when NO_COLOR is set");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_missing_conf_folder_or_a_bad_flag_exits_2() {
    let out = scaffc(&["expand", "fixtures/no-such-folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("fixtures/no-such-folder"));
    assert_eq!(text(&out.stdout), "");

    let out = scaffc(&["expand", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = scaffc(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_and_version_exit_0() {
    let out = scaffc(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("expand"));
    let out = scaffc(&["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("scaffc "));
}

const SEVERAL: &str = "fixtures/invalid/several-findings/Conf";

#[test]
fn check_reports_no_error_on_the_sample() {
    let out = scaffc(&["check", "fixtures/sample/Conf"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "0 errors, 0 warnings in 10 files under fixtures/sample/Conf\n"
    );
}

#[test]
fn check_human_report_across_files() {
    let out = scaffc(&["check", SEVERAL]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "");
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn check_json() {
    let out = scaffc(&["check", SEVERAL, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["summary"]["errors"], 2);
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn check_sarif() {
    let out = scaffc(&["check", SEVERAL, "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "scaffc");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), scaffc::rules::RULES.len());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        // Relative to the configuration folder, percent-encoded, against a declared base.
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "CONF");
        let uri = artifact["uri"].as_str().unwrap();
        assert!(!uri.contains(' ') && !uri.starts_with('/'), "{uri}");
    }
    let base = run["originalUriBaseIds"]["CONF"]["uri"].as_str().unwrap();
    let conf = std::fs::canonicalize(repo().join(SEVERAL)).unwrap();
    assert_eq!(base, format!("file://{}/", conf.display()));
    // The rules are the same table every time: snapshot the results only.
    insta::assert_snapshot!(serde_json::to_string_pretty(&run["results"]).unwrap());
}

#[test]
fn check_github() {
    let out = scaffc(&["check", SEVERAL, "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn check_reports_only_the_files_asked_about() {
    let out = scaffc(&[
        "check",
        SEVERAL,
        "--format",
        "json",
        &format!("{SEVERAL}/AD/AD Jobs.xml"),
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["AD/AD Jobs.xml"]);
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(out.status.code(), Some(1));

    // A path relative to CONF works too; a file with only warnings exits 0.
    let out = scaffc(&[
        "check",
        SEVERAL,
        "--format",
        "json",
        "Directory/Directory Connector.xml",
    ]);
    assert_eq!(out.status.code(), Some(0));

    let out = scaffc(&["check", SEVERAL, "No/Such.xml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn check_reads_an_unsaved_buffer_from_stdin() {
    use std::io::Write;
    let path = format!("{SEVERAL}/AD/AD Jobs.xml");
    let fixed = std::fs::read_to_string(repo().join(&path))
        .unwrap()
        .replace("* * * 7", "* * * 0");
    let mut child = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args([
            "check",
            SEVERAL,
            "-",
            "--stdin-filename",
            &path,
            "--format",
            "json",
        ])
        .current_dir(repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(fixed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json}");
    assert_eq!(out.status.code(), Some(0));
    // The file on disk was not touched.
    assert!(std::fs::read_to_string(repo().join(&path))
        .unwrap()
        .contains("* * * 7"));

    let out = scaffc(&["check", SEVERAL, "-"]);
    assert_eq!(out.status.code(), Some(2), "`-` needs --stdin-filename");
}

#[test]
fn check_with_agent_settings() {
    let dir = std::env::temp_dir().join(format!("scaffc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("appsettings.agent.json");
    std::fs::write(&settings, "\u{FEFF}{\n  // the agent\n  \"OpenId\": { \"OpenIdClients\": { \"Admin\": \"secret\", }, },\n}\n").unwrap();
    let out = scaffc(&[
        "check",
        "fixtures/sample/Conf",
        "--agent-settings",
        settings.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.is_empty()
            && codes
                .iter()
                .all(|c| *c == "openid-client-not-in-agent-settings"),
        "{codes:?}"
    );
    assert_eq!(out.status.code(), Some(0), "warnings only");

    std::fs::write(
        &settings,
        "{ \"OpenId\": { \"OpenIdClients\": { \"job\": \"secret\" } } }",
    )
    .unwrap();
    let out = scaffc(&[
        "check",
        "fixtures/sample/Conf",
        "--agent-settings",
        settings.to_str().unwrap(),
    ]);
    assert_eq!(
        text(&out.stdout),
        "0 errors, 0 warnings in 10 files under fixtures/sample/Conf\n"
    );

    std::fs::write(&settings, "{ \"OpenId\": ").unwrap();
    let out = scaffc(&[
        "check",
        "fixtures/sample/Conf",
        "--agent-settings",
        settings.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("line 1"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_prints_the_rule_and_refuses_unknown_codes() {
    let out = scaffc(&["explain", "unknown-connector"]);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.starts_with("unknown-connector (error)\n"));
    assert!(s.contains("Example:") && s.contains("Fix:"));
    for rule in scaffc::rules::RULES {
        assert_eq!(
            scaffc(&["explain", rule.code.code()]).status.code(),
            Some(0),
            "{}",
            rule.code
        );
    }
    let out = scaffc(&["explain", "unknown-conector"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `unknown-connector`?"));
}

#[test]
fn cron_prints_the_next_occurrences() {
    let out = scaffc(&[
        "cron",
        "*/15 * * * *",
        "--from",
        "2024-02-28T23:50:00",
        "--next",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "2024-02-29T00:00:00\n2024-02-29T00:15:00\n2024-02-29T00:30:00\n"
    );

    let out = scaffc(&[
        "cron",
        "30 0 9 * * Mon-Fri",
        "--seconds",
        "--from",
        "2026-11-27T09:00:00",
        "--next",
        "2",
    ]);
    assert_eq!(
        text(&out.stdout),
        "2026-11-27T09:00:30\n2026-11-30T09:00:30\n"
    );

    let out = scaffc(&["cron", "*/15 * * * 7"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    insta::assert_snapshot!(text(&out.stderr));

    let out = scaffc(&["cron", "*/15 * * *"]);
    assert_eq!(out.status.code(), Some(1));
    let out = scaffc(&["cron", "* * * * *", "--from", "yesterday"]);
    assert_eq!(out.status.code(), Some(2));
    let out = scaffc(&["cron", "* * * * *"]);
    assert_eq!(out.status.code(), Some(0), "default start: now");
    assert_eq!(text(&out.stdout).lines().count(), 5);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = scaffc(&["check", SEVERAL]);
    assert!(
        !text(&plain.stdout).contains('\u{1b}'),
        "not a terminal: no colour"
    );
    let coloured = scaffc(&["check", SEVERAL, "--color", "always"]);
    assert!(text(&coloured.stdout).contains("\u{1b}["));
}

#[test]
fn the_readme_lists_every_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    for rule in scaffc::rules::RULES {
        assert!(
            readme.contains(&format!("| `{}` |", rule.code)),
            "README.md does not list `{}`",
            rule.code
        );
    }
}

#[test]
fn the_readme_documents_every_command() {
    use clap::CommandFactory;
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let cli = scaffc::cli::Cli::command();
    let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    assert!(names.contains(&"lsp"), "{names:?}");
    let headings: Vec<&str> = readme.lines().filter(|l| l.starts_with("### ")).collect();
    for name in names {
        assert!(
            headings
                .iter()
                .any(|h| h.contains(&format!("`scaffc {name}"))),
            "README.md has no section for `scaffc {name}`"
        );
    }
}

#[test]
fn schedule_lists_and_writes_external_entries() {
    let conf = "fixtures/schedules/Conf";
    let from = "2025-01-06T08:05:00";
    let out = scaffc(&["schedule", conf, "--from", from]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("AzureAD_Synchronize_Incremental    */15 * * * *"));
    let out = scaffc(&["schedule", conf, "--from", from, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);

    // Refusals: exit 1, each at its job's expression, the other entries still written.
    let out = scaffc(&[
        "schedule",
        conf,
        "--from",
        from,
        "--external",
        "crontab",
        "--api-url",
        "http://usercube.contoso.com",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "-j \"AzureAD_Synchronize_Incremental\" --api-secret \"$USERCUBE_API_SECRET\""
        ),
        "{stdout}"
    );
    assert!(
        !stdout.contains("secret\""),
        "no secret value is ever written"
    );
    let stderr = text(&out.stderr);
    assert!(stderr.contains("schedule-not-portable"), "{stderr}");
    assert!(stderr.contains("Server/Server Jobs.xml"), "{stderr}");

    let out = scaffc(&[
        "schedule",
        conf,
        "--from",
        from,
        "--external",
        "windows",
        "--api-url",
        "http://usercube.contoso.com",
        "--secret-env",
        "IM_SECRET",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("Register-ScheduledTask"));
    assert!(text(&out.stdout).contains("IM_SECRET"));

    // The sample's one scheduled job translates exactly.
    let out = scaffc(&[
        "schedule",
        "fixtures/sample/Conf",
        "--from",
        from,
        "--external",
        "crontab",
        "--api-url",
        "http://usercube.contoso.com",
    ]);
    assert_eq!(out.status.code(), Some(0));

    // --external needs --api-url; a bad --from is a usage error.
    assert_eq!(
        scaffc(&["schedule", conf, "--external", "crontab"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        scaffc(&["schedule", conf, "--from", "tomorrow"])
            .status
            .code(),
        Some(2)
    );
}

/// A configuration folder written under the target's temporary folder: `(path, body)`
/// pairs, each body wrapped in a configuration root. Returns CONF.
fn temp_conf(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let conf = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-{name}"))
        .join("Conf");
    let _ = std::fs::remove_dir_all(&conf);
    std::fs::create_dir_all(&conf).unwrap();
    for (path, body) in files {
        std::fs::write(conf.join(path), wrap(body)).unwrap();
    }
    conf
}

/// `steps` and `graph` on a configuration with errors report them (human, on standard
/// error) and exit 1, as `expand` does, rather than saying the job is missing: here the
/// scaffolding that would generate the job names an unknown connector.
#[test]
fn steps_and_graph_report_the_errors_of_the_configuration() {
    const CONF: &str = "fixtures/invalid/unknown-connector/Conf";
    const JOB: &str = "AzureAD_Synchronize_Incremental";
    let expected = text(&scaffc(&["expand", CONF]).stderr);
    assert!(expected.contains("unknown-connector"), "{expected}");
    for args in [
        vec!["steps", CONF, JOB],
        vec!["graph", CONF, JOB],
        vec!["graph", CONF, JOB, "--format", "dot"],
    ] {
        let out = scaffc(&args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "", "{args:?}");
        let stderr = text(&out.stderr);
        assert_eq!(stderr, expected, "{args:?}");
        assert!(!stderr.contains("no job"), "{args:?}: {stderr}");
        assert!(
            stderr.ends_with(&format!("1 error, 0 warnings in 5 files under {CONF}\n")),
            "{stderr}"
        );
    }
    // A job that is missing from a clean configuration is still a mistake of the command.
    let out = scaffc(&["steps", "fixtures/sample/Conf", "NoSuchJob"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no job `NoSuchJob`"));
}

/// A task whose `Level` does not parse is an `invalid-value` error: `steps` reports it and
/// exits 1 instead of listing the job with `Order : invalid Level "+3"`.
#[test]
fn steps_of_a_job_with_an_invalid_level_reports_the_error() {
    let conf = temp_conf(
        "invalid-level",
        &[
            ("Conf.xml", &base("Usercube.AzureAD@0000001")),
            (
                "Job.xml",
                r#"  <Job Identifier="H" DisplayName_L1="H" Agent="Local">
    <UpdateEntityPropertyExpressionsTask Identifier="A" DisplayName_L1="A" Level="0" />
    <UpdateEntityPropertyExpressionsTask Identifier="B" DisplayName_L1="B" Level="+3" />
  </Job>"#,
            ),
        ],
    );
    let conf = conf.to_str().unwrap();
    for args in [vec!["steps", conf, "H"], vec!["graph", conf, "H"]] {
        let out = scaffc(&args);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), "", "{args:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("invalid-value"), "{stderr}");
        assert!(stderr.contains("\"+3\""), "{stderr}");
        assert!(
            stderr.contains("1 error, 0 warnings in 2 files under "),
            "{stderr}"
        );
    }
    // With a valid level, the job is listed.
    std::fs::write(
        std::path::Path::new(conf).join("Job.xml"),
        wrap(
            r#"  <Job Identifier="H" DisplayName_L1="H" Agent="Local">
    <UpdateEntityPropertyExpressionsTask Identifier="A" DisplayName_L1="A" Level="0" />
    <UpdateEntityPropertyExpressionsTask Identifier="B" DisplayName_L1="B" Level="3" />
  </Job>"#,
        ),
    )
    .unwrap();
    let out = scaffc(&["steps", conf, "H"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "Task : A, Order : 0\nTask : B, Order : 3\n"
    );
}

/// The command layer, called as `main.rs` calls it, with in-memory streams.
fn run_lib(
    args: &[&str],
    stdin: &[u8],
    stdout: &mut dyn std::io::Write,
) -> (scaffc::cli::Outcome, String) {
    use clap::Parser;
    let cli =
        scaffc::cli::Cli::try_parse_from(std::iter::once("scaffc").chain(args.iter().copied()))
            .unwrap();
    let mut stderr = Vec::new();
    let mut stdin = stdin;
    let mut io = scaffc::cli::Io {
        stdin: &mut stdin,
        stdout,
        stderr: &mut stderr,
        stdout_is_terminal: false,
        stderr_is_terminal: false,
        no_color: false,
    };
    let outcome = scaffc::cli::run(cli, &mut io);
    (outcome, text(&stderr))
}

/// A standard output that fails every write with `kind`.
struct Failing(std::io::ErrorKind);

impl std::io::Write for Failing {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(self.0.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Err(self.0.into())
    }
}

#[test]
fn the_commands_run_behind_the_io_boundary() {
    use scaffc::cli::{exit_code, Status};
    let conf = repo().join("fixtures/invalid/unknown-connector/Conf");
    let conf = conf.to_str().unwrap();
    // `check`: the report on standard output, exit 1; the same text as the binary's.
    let mut stdout = Vec::new();
    let (outcome, stderr) = run_lib(&["check", conf, "--format", "json"], b"", &mut stdout);
    assert_eq!(outcome, Ok(Status::Errors));
    assert_eq!(exit_code(&outcome), 1);
    assert_eq!(stderr, "");
    let binary = scaffc(&[
        "check",
        "fixtures/invalid/unknown-connector/Conf",
        "--format",
        "json",
    ]);
    assert_eq!(text(&stdout), text(&binary.stdout));
    // Standard input replaces a file of the configuration.
    let mut stdout = Vec::new();
    let (outcome, _) = run_lib(
        &[
            "check",
            conf,
            "-",
            "--stdin-filename",
            &format!("{conf}/Agent.xml"),
        ],
        b"<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\"><Agent",
        &mut stdout,
    );
    assert_eq!(outcome, Ok(Status::Errors));
    assert!(text(&stdout).contains("xml-syntax"), "{}", text(&stdout));
    assert!(
        text(&stdout).ends_with("in 1 file under fixtures/invalid/unknown-connector/Conf\n"),
        "{}",
        text(&stdout)
    );
    // `expand` with errors: nothing on standard output, the human report on standard error.
    let mut stdout = Vec::new();
    let (outcome, stderr) = run_lib(&["expand", conf], b"", &mut stdout);
    assert_eq!(outcome, Ok(Status::Errors));
    assert!(stdout.is_empty());
    assert!(stderr.contains("unknown-connector"), "{stderr}");
    // Colour follows the stream the reports go to: never here (not a terminal).
    assert!(!stderr.contains('\u{1b}'));
    // A closed pipe is quiet; any other failure to write is the command's (exit 2).
    let args = [
        "cron",
        "* * * * *",
        "--next",
        "100000",
        "--from",
        "2024-01-01T00:00:00",
    ];
    let (outcome, stderr) = run_lib(&args, b"", &mut Failing(std::io::ErrorKind::BrokenPipe));
    assert_eq!((outcome, stderr.as_str()), (Ok(Status::Success), ""));
    let (outcome, _) = run_lib(&args, b"", &mut Failing(std::io::ErrorKind::StorageFull));
    let err = outcome.unwrap_err();
    assert!(
        err.to_string().starts_with("cannot write the output"),
        "{err}"
    );
    assert_eq!(exit_code(&Err(err)), 2);
    let (outcome, _) = run_lib(
        &["explain", "unknown-connector"],
        b"",
        &mut Failing(std::io::ErrorKind::StorageFull),
    );
    assert!(outcome.is_err());
    // A mistaken command: the error's message, for main to print after `scaffc: `.
    let (outcome, _) = run_lib(&["explain", "unknown-conector"], b"", &mut Vec::new());
    assert_eq!(
        outcome.unwrap_err().to_string(),
        "no rule has the code `unknown-conector`; did you mean `unknown-connector`?"
    );
}
