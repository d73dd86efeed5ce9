//! What every linter user expects, through the binary: `scaffc.toml`, the selection flags,
//! suppression comments, `--fix`, `scaffc rules`, and one path and column rule for every
//! format.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs scaffc in `cwd`.
fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh, empty folder of the test's own.
fn fresh(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scaffc-conv-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A fresh folder holding a copy of `fixture` (relative to the repository) as `Conf`.
fn copy_of(name: &str, fixture: &str) -> PathBuf {
    let dir = fresh(name);
    common::copy_tree(&repo().join(fixture), &dir.join("Conf"));
    dir
}

const SEVERAL: &str = "fixtures/invalid/several-findings/Conf";

/// The (code, severity) of each line of a concise report (the summary left out).
fn concise(out: &Output) -> Vec<(String, String)> {
    text(&out.stdout)
        .lines()
        .filter_map(|l| {
            let rest = l.split(": ").nth(1)?;
            let (severity, code) = rest.split_once('[')?;
            Some((code.split(']').next()?.to_string(), severity.to_string()))
        })
        .collect()
}

#[test]
fn scaffc_toml_sets_severities_per_path_excludes_files_and_is_named() {
    let dir = copy_of("config", SEVERAL);
    std::fs::write(
        dir.join("scaffc.toml"),
        "exclude = [\"AD/**\"]\nformat = \"concise\"\n\n[rules]\nunknown-connector = \"warning\"\ncron-suspicious = \"off\"\n\n[[overrides]]\npaths = [\"HR/*Jobs.xml\"]\nrules = { unknown-attribute = \"info\" }\n",
    )
    .unwrap();
    let out = run(&dir, &["check", "Conf"]);
    // AD/ is not read: its invalid cron is gone; the rest at the configured severities.
    assert_eq!(
        concise(&out),
        [
            ("unknown-connector".into(), "warning".into()),
            ("unknown-attribute".into(), "info".into()),
        ]
    );
    assert_eq!(out.status.code(), Some(0), "warnings and infos only");
    let stdout = text(&out.stdout);
    assert!(
        stdout.ends_with("0 errors, 1 warning, 1 info in 5 files under Conf with scaffc.toml\n"),
        "{stdout}"
    );
    // --warnings-as-errors and --select apply after it; --no-config ignores it.
    let out = run(&dir, &["check", "Conf", "--warnings-as-errors"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        concise(&out)[0],
        ("unknown-connector".into(), "error".into())
    );
    let out = run(
        &dir,
        &["check", "Conf", "--no-config", "--format", "concise"],
    );
    assert_eq!(concise(&out).len(), 4);
    // A mistake in it: exit 2, at its line and column.
    std::fs::write(
        dir.join("scaffc.toml"),
        "[rules]\nunknown-conector = \"off\"\n",
    )
    .unwrap();
    let out = run(&dir, &["check", "Conf"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "scaffc: scaffc.toml:2:1: unknown rule `unknown-conector`: did you mean `unknown-connector`?\n"
    );
    // --config names another file; its `conf` names CONF.
    std::fs::write(
        dir.join("other.toml"),
        "conf = \"Conf\"\n[rules]\nunknown-attribute = \"off\"\n",
    )
    .unwrap();
    let out = run(
        &dir,
        &["check", "--config", "other.toml", "--format", "concise"],
    );
    assert_eq!(concise(&out).len(), 3, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("with other.toml"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn selection_flags_and_their_exit_codes() {
    let root = repo();
    let out = run(
        &root,
        &[
            "check",
            SEVERAL,
            "--format",
            "concise",
            "--select",
            "unknown-attribute,cron-suspicious",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "warnings only");
    assert_eq!(concise(&out).len(), 2);
    let out = run(
        &root,
        &[
            "check",
            SEVERAL,
            "--format",
            "concise",
            "--ignore",
            "invalid-cron,unknown-connector",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let out = run(&root, &["check", SEVERAL, "--quiet", "--format", "concise"]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<(String, String)> = concise(&out);
    assert!(
        lines.iter().all(|(_, s)| s == "error") && lines.len() == 2,
        "{lines:?}"
    );
    assert!(text(&out.stdout).ends_with(
        "2 errors, 2 warnings in 7 files under fixtures/invalid/several-findings/Conf\n"
    ));
    let out = run(&root, &["check", SEVERAL, "--statistics"]);
    assert_eq!(
        text(&out.stdout),
        "1 cron-suspicious warning\n1 invalid-cron error\n1 unknown-attribute warning\n1 unknown-connector error\n2 errors, 2 warnings in 7 files under fixtures/invalid/several-findings/Conf\n"
    );
    let out = run(&root, &["check", SEVERAL, "--select", "unknown-conector"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean `unknown-connector`?"));
    // `expand` takes them too: its errors turned into warnings, it writes the jobs.
    let out = run(
        &root,
        &[
            "expand",
            "fixtures/invalid/unknown-connector/Conf",
            "--ignore",
            "unknown-connector",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn suppression_comments_used_unused_and_unknown() {
    let out = run(
        &repo(),
        &[
            "check",
            "fixtures/rules/unused-suppression/bad",
            "--format",
            "concise",
        ],
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "Base.xml:5:22: warning[unused-suppression] `unknown-atribute` is not a rule's code"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Base.xml:10:22: warning[unused-suppression] `xml-syntax` cannot be suppressed"
        ),
        "{stdout}"
    );
    // The `unknown-attribute` of line 6 is suppressed; nothing else than the suppressions.
    assert!(!stdout.contains("[unknown-attribute]"), "{stdout}");
    assert_eq!(concise(&out).len(), 5, "{stdout}");
    let out = run(
        &repo(),
        &["check", "fixtures/rules/unused-suppression/good"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("0 errors, 0 warnings"));
}

/// The bytes of `b` that differ from `a` (same length only).
fn changed(a: &[u8], b: &[u8]) -> Vec<(u8, u8)> {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (*x, *y))
        .collect()
}

#[test]
fn fix_changes_only_the_bytes_of_its_edits_and_keeps_encodings() {
    let dir = copy_of("fix", "fixtures/fix/Conf");
    let jobs = dir.join("Conf/AD/AD Jobs.xml");
    let agent = dir.join("Conf/Agent.xml");
    let (jobs_before, agent_before) = (
        std::fs::read(&jobs).unwrap(),
        std::fs::read(&agent).unwrap(),
    );
    // --diff writes nothing.
    let out = run(&dir, &["check", "Conf", "--fix", "--diff"]);
    assert!(text(&out.stdout).contains("+    <CronTabExpression CronTab=\"*/15 * * * 0\" />"));
    assert_eq!(std::fs::read(&jobs).unwrap(), jobs_before);
    // --fix: the three safe fixes; the guess (`Locl`) is left.
    let out = run(&dir, &["check", "Conf", "--fix", "--format", "concise"]);
    assert_eq!(text(&out.stderr), "scaffc: fixed 3 problems in 2 files\n");
    assert_eq!(concise(&out), [("unknown-agent".into(), "error".into())]);
    assert_eq!(out.status.code(), Some(1));
    // UTF-8 with a byte-order mark and CRLF: three bytes changed, nothing else.
    let jobs_after = std::fs::read(&jobs).unwrap();
    assert!(jobs_after.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(
        changed(&jobs_before, &jobs_after),
        [(b'a', b'A'), (b'd', b'D'), (b'7', b'0')]
    );
    assert_eq!(
        jobs_after.windows(2).filter(|w| w == b"\r\n").count(),
        jobs_before.windows(2).filter(|w| w == b"\r\n").count()
    );
    // UTF-16 with its mark: the comment's line removed, still UTF-16 little-endian.
    let agent_after = std::fs::read(&agent).unwrap();
    assert!(agent_after.starts_with(&[0xFF, 0xFE]));
    let decode = |b: &[u8]| {
        String::from_utf16(
            &b[2..]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap()
    };
    let (before, after) = (decode(&agent_before), decode(&agent_after));
    assert_eq!(
        after,
        before.replace(
            "  <!-- scaffc-ignore unknown-attribute: kept from an older version -->\n",
            ""
        )
    );
    // --unsafe-fixes takes the guess too: then nothing is left.
    let out = run(&dir, &["check", "Conf", "--fix", "--unsafe-fixes"]);
    assert_eq!(text(&out.stderr), "scaffc: fixed 1 problem in 1 file\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_format_gives_the_same_path_and_column_on_a_line_with_multibyte_characters() {
    let dir = fresh("columns");
    std::fs::create_dir_all(dir.join("Conf/sub dir")).unwrap();
    std::fs::write(
        dir.join("Conf/sub dir/Jobs é.xml"),
        "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n  <Connector Identifier=\"C\" DisplayName_L1=\"Côté 🙂 é\" Agent=\"Nope\" />\n</ConfigurationFile>\n",
    )
    .unwrap();
    // `Nope` is at character 62 of line 2 (byte 68).
    let path = "Conf/sub dir/Jobs é.xml";
    let at = |format: &str| text(&run(&dir, &["check", "Conf", "--format", format]).stdout);
    assert!(
        at("human").contains(&format!("[{path}:2:62]")),
        "{}",
        at("human")
    );
    assert!(at("concise").starts_with(&format!("{path}:2:62: error[unknown-agent]")));
    assert!(at("github").contains(&format!("file={path},line=2,col=62,endLine=2,endColumn=66")));
    let json: Value = serde_json::from_str(&at("json")).unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("sub dir/Jobs é.xml"), Some(2), Some(62))
    );
    let sarif: Value = serde_json::from_str(&at("sarif")).unwrap();
    let l = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(l["artifactLocation"]["uri"], "sub%20dir/Jobs%20%C3%A9.xml");
    assert_eq!(l["region"]["startColumn"], 62);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn github_says_how_many_findings_are_past_its_annotation_limit() {
    let dir = fresh("github");
    std::fs::create_dir_all(dir.join("Conf")).unwrap();
    let connectors: String = (0..13)
        .map(|i| {
            format!("  <Connector Identifier=\"C{i}\" DisplayName_L1=\"c\" Agent=\"Nope\" />\n")
        })
        .collect();
    std::fs::write(
        dir.join("Conf/a.xml"),
        format!("<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n{connectors}</ConfigurationFile>\n"),
    )
    .unwrap();
    let out = text(&run(&dir, &["check", "Conf", "--format", "github"]).stdout);
    assert_eq!(out.matches("::error ").count(), 13);
    assert!(
        out.ends_with("::notice title=scaffc::13 errors, 0 warnings in 1 file under Conf; GitHub shows 10 annotations of each kind per step: 3 more are in this log only\n"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rules_lists_every_rule_at_its_configured_severity() {
    let dir = fresh("rules");
    std::fs::write(dir.join("scaffc.toml"), "[rules]\nno-effect = \"off\"\n").unwrap();
    let out = run(&dir, &["rules", "--format", "json"]);
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), scaffc::rules::RULES.len());
    let no_effect = list.iter().find(|r| r["code"] == "no-effect").unwrap();
    assert_eq!(no_effect["severity"], "off");
    assert_eq!(no_effect["fix"], true);
    let table = text(&run(&dir, &["rules"]).stdout);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("no-effect") && l.contains(" off ")),
        "{table}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cron_reads_six_fields_as_check_does_and_schedule_refuses_flags_it_would_ignore() {
    let out = run(
        &repo(),
        &[
            "cron",
            "0 0 4 * * *",
            "--next",
            "1",
            "--from",
            "2025-01-01T00:00:00",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "2025-01-01T04:00:00\n");
    assert!(
        text(&out.stderr).contains("cron-seconds-field"),
        "{}",
        text(&out.stderr)
    );
    // The summary after the entries counts the warnings it shows with the refusals.
    let out = run(
        &repo(),
        &[
            "schedule",
            "fixtures/schedules/Conf",
            "--external",
            "crontab",
            "--api-url",
            "http://x",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("  ⚠ ").count(), 2, "{stderr}");
    assert!(
        stderr.ends_with("2 errors, 2 warnings in 11 files under fixtures/schedules/Conf\n"),
        "{stderr}"
    );
    for args in [
        &["schedule", "fixtures/sample/Conf", "--api-url", "http://x"][..],
        &["schedule", "fixtures/sample/Conf", "--secret-env", "S"][..],
        &[
            "schedule",
            "fixtures/sample/Conf",
            "--external",
            "crontab",
            "--api-url",
            "http://x",
            "--format",
            "json",
        ][..],
    ] {
        assert_eq!(run(&repo(), args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_help_is_never_wrapped_inside_a_code_span() {
    let dir = fresh("wrap");
    std::fs::create_dir_all(dir.join("Conf")).unwrap();
    std::fs::write(
        dir.join("Conf/a.xml"),
        "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n<Job Identifier=\"J\" DisplayName_L1=\"j\"><ExportTask Identifier=\"E\" DisplayName_L1=\"e\"></Job>\n</ConfigurationFile>\n",
    )
    .unwrap();
    let out = text(&run(&dir, &["check", "Conf"]).stdout);
    let help: String = out
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("help:"))
        .take_while(|l| !l.contains(" errors") && !l.contains(" error,"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(help.contains("`</ExportTask>`"), "{out}");
    for line in help.lines() {
        assert_eq!(
            line.matches('`').count() % 2,
            0,
            "a code span is cut: {line}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_command_takes_version() {
    for command in ["check", "expand", "rules", "lsp", "cron"] {
        let out = run(&repo(), &[command, "--version"]);
        assert_eq!(out.status.code(), Some(0), "{command}");
        let stdout = text(&out.stdout);
        assert!(
            stdout.starts_with("scaffc")
                && stdout.ends_with(&format!(" {}\n", env!("CARGO_PKG_VERSION"))),
            "{command}: {stdout}"
        );
    }
}

/// Regressions found by review.
#[test]
fn a_suppression_of_a_rule_that_did_not_run_is_not_unused() {
    let dir = copy_of(
        "settings",
        "fixtures/rules/openid-client-not-in-agent-settings/bad",
    );
    std::fs::rename(
        dir.join("Conf/appsettings.agent.json"),
        dir.join("appsettings.agent.json"),
    )
    .unwrap();
    let jobs = dir.join("Conf/AD/AD Jobs.xml");
    let written = std::fs::read_to_string(&jobs).unwrap().replacen(
        "    <OpenIdIdentifier Identifier=\"Job\" />",
        "    <!-- scaffc-ignore openid-client-not-in-agent-settings: provisioned by ops -->\n    <OpenIdIdentifier Identifier=\"Job\" />",
        1,
    );
    std::fs::write(&jobs, &written).unwrap();
    let with = run(
        &dir,
        &[
            "check",
            "Conf",
            "--agent-settings",
            "appsettings.agent.json",
            "--format",
            "concise",
        ],
    );
    assert_eq!(concise(&with), [], "{}", text(&with.stdout));
    // Without the settings the rule does not run: the comment is not reported, nor removed.
    let without = run(&dir, &["check", "Conf", "--fix", "--format", "concise"]);
    assert_eq!(concise(&without), [], "{}", text(&without.stdout));
    assert_eq!(std::fs::read_to_string(&jobs).unwrap(), written);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn comments_in_cdata_are_text_and_diff_is_not_mixed_into_json() {
    let dir = fresh("cdata");
    std::fs::create_dir_all(dir.join("Conf")).unwrap();
    std::fs::write(
        dir.join("Conf/a.xml"),
        "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n  <Profile Identifier=\"P\" DisplayName_L1=\"p\"><![CDATA[ <!-- scaffc-ignore-file unknown-attribute --> ]]></Profile>\n  <Profile Identifier=\"Q\" DisplayName_L1=\"q\" Legacy=\"1\" />\n</ConfigurationFile>\n",
    )
    .unwrap();
    let out = run(&dir, &["check", "Conf", "--format", "concise"]);
    assert_eq!(
        concise(&out),
        [("unknown-attribute".into(), "warning".into())]
    );
    let out = run(
        &dir,
        &["check", "Conf", "--fix", "--diff", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_globs_stay_in_their_folder_and_conf_stays_inside() {
    let dir = copy_of("globs", SEVERAL);
    std::fs::write(
        dir.join("scaffc.toml"),
        "[[overrides]]\npaths = [\"*Jobs.xml\"]\nrules = { unknown-attribute = \"off\" }\n",
    )
    .unwrap();
    let out = run(&dir, &["check", "Conf", "--format", "concise"]);
    assert_eq!(concise(&out).len(), 4, "`*` does not cross folders");
    std::fs::write(dir.join("scaffc.toml"), "exclude = [\"./HR\"]\n").unwrap();
    let out = run(&dir, &["check", "Conf", "--format", "concise"]);
    assert_eq!(
        concise(&out),
        [("invalid-cron".into(), "error".into())],
        "a folder's name excludes it"
    );
    std::fs::write(dir.join("other.toml"), "conf = \"/etc\"\n").unwrap();
    let out = run(&dir, &["check", "--config", "other.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .starts_with("scaffc: other.toml:1:8: `conf = \"/etc\"` must be a folder inside"),
        "{}",
        text(&out.stderr)
    );
    // Found by discovery, a mistake is located too.
    std::fs::write(dir.join("scaffc.toml"), "conf = 1\n").unwrap();
    let out = run(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("scaffc.toml:1:8: `conf` must be a string"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
