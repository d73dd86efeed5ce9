//! The hostile-file-system findings of the hardening review, one test each, through the
//! binary: links, FIFOs, devices, overlapping folders, interrupted and concurrent runs,
//! closed pipes. Every test asserts the exit code and that nothing outside the output folder
//! changed (the whole temporary folder is hashed before and after, links as links); the
//! disclosure tests assert that no byte of a linked file's content appears in any output.
//!
//! Tests run as root in CI: unreadable files are made with FIFOs, links and folders, never
//! with `chmod`.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_tree, repo, Temp};

const TIMEOUT: Duration = Duration::from_secs(60);
const SECRET: &str = "SCAFFC-SECRET-hunter2";

/// A copy of the sample configuration at `t/Conf`.
fn sample(t: &Temp) -> PathBuf {
    let conf = t.path("Conf");
    copy_tree(&repo().join("fixtures/sample/Conf"), &conf);
    conf
}

/// What is under `dir`, never following a link nor opening anything but regular files:
/// path -> content (links as `-> target`, other kinds by name).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let ft = meta.file_type();
            if ft.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                let mut v = b"-> ".to_vec();
                v.extend(target.as_os_str().as_bytes());
                out.insert(path, v);
            } else if ft.is_dir() {
                out.insert(path.clone(), b"<dir>".to_vec());
                stack.push(path);
            } else if ft.is_file() {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            } else {
                out.insert(path, b"<special>".to_vec());
            }
        }
    }
    out
}

/// `snapshot` of `root` without what lies under `except`.
fn snapshot_except(root: &Path, except: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut s = snapshot(root);
    s.retain(|p, _| !p.starts_with(except));
    s
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs scaffc in `cwd` with a timeout, optional standard input; never a crash.
fn run_in(cwd: &Path, args: &[&str], stdin: Option<Stdio>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SCAFFC_TEST_SECRET", SECRET)
        .stdin(stdin.unwrap_or(Stdio::null()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).unwrap();
        v
    });
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).unwrap();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("scaffc {args:?} did not finish in {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let r = Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&o.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&e.join().unwrap()).into_owned(),
    };
    assert!(
        !r.stderr.contains("internal error") && !r.stderr.contains("panicked"),
        "scaffc {args:?} crashed: {}",
        r.stderr
    );
    assert!(
        matches!(r.code, Some(0..=2)),
        "scaffc {args:?}: exit {:?}\n{}",
        r.code,
        r.all()
    );
    r
}

fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string and mode.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

// --- F1: CONF inside DIR ----------------------------------------------------------------

#[test]
fn f1_an_out_folder_above_the_configuration_is_refused_and_nothing_is_deleted() {
    let t = Temp::new("f1");
    let repo_dir = t.path("repo");
    std::fs::create_dir_all(&repo_dir).unwrap();
    copy_tree(&repo().join("fixtures/sample/Conf"), &repo_dir.join("Conf"));
    std::fs::write(repo_dir.join("README.md"), "my notes\n").unwrap();
    std::fs::write(repo_dir.join(".scaffc"), "").unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["expand", "repo/Conf", "--out", "repo"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.stderr.contains("overlap"), "{}", r.stderr);
    assert_eq!(snapshot(&t.0), before, "nothing touched");
    // And through a link to the folder above.
    symlink(&repo_dir, t.path("alias")).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["expand", "repo/Conf", "--out", "alias"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert_eq!(snapshot(&t.0), before);
    // DIR inside CONF, as before.
    let r = run_in(
        &t.0,
        &["expand", "repo/Conf", "--out", "repo/Conf/AD/out"],
        None,
    );
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert_eq!(snapshot(&t.0), before);
}

// --- F2: a linked sub-folder of DIR --------------------------------------------------------

#[test]
fn f2_a_linked_sub_folder_of_the_out_folder_is_never_written_through() {
    let t = Temp::new("f2");
    let conf = sample(&t);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let sub = t.path("expanded/CreateConnectorSynchroIncremental");
    std::fs::remove_dir_all(&sub).unwrap();
    symlink("../Conf/AD", &sub).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(snapshot(&t.0), before, "nothing written, the link kept");
    assert_eq!(run_in(&t.0, &["check", "Conf"], None).code, Some(0));
    // A link to a user folder: the user's file of the same name is untouched.
    std::fs::create_dir_all(t.path("user")).unwrap();
    std::fs::write(
        t.path("user/AD_Synchronization_Delta.xml"),
        "USER DATA - keep\n",
    )
    .unwrap();
    std::fs::remove_file(&sub).unwrap();
    symlink("../user", &sub).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(2), "{}", r.all());
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert_eq!(snapshot(&t.0), before);
    let _ = conf;
}

// --- F3: a link planted at a temporary file's name -----------------------------------------

#[test]
fn f3_a_link_at_a_temporary_file_name_is_removed_never_followed() {
    let t = Temp::new("f3");
    sample(&t);
    std::fs::write(t.path("user.txt"), "precious user file\n").unwrap();
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let dir = t.path("expanded/CreateConnectorSynchroIncremental");
    std::fs::write(dir.join("AD_Synchronization_Delta.xml"), "stale\n").unwrap();
    // The names scaffc 0.1 used and names of the current pattern.
    for name in [
        ".AD_Synchronization_Delta.xml.scaffc-tmp",
        ".AD_Synchronization_Delta.xml.1-0.scaffc-tmp",
        ".AD_Synchronization_Delta.xml.99999-7.scaffc-tmp",
    ] {
        symlink("../../user.txt", dir.join(name)).unwrap();
    }
    let outside = snapshot_except(&t.0, &t.path("expanded"));
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert_eq!(snapshot_except(&t.0, &t.path("expanded")), outside);
    assert_eq!(
        std::fs::read_to_string(t.path("user.txt")).unwrap(),
        "precious user file\n"
    );
    let written = dir.join("AD_Synchronization_Delta.xml");
    assert!(std::fs::symlink_metadata(&written).unwrap().is_file());
    assert!(std::fs::read_to_string(&written)
        .unwrap()
        .starts_with("<?xml"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().ends_with(".scaffc-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// --- F4: disclosure through linked files -----------------------------------------------------

#[test]
fn f4_linked_files_in_the_configuration_are_never_read_nor_shown() {
    let t = Temp::new("f4");
    let conf = sample(&t);
    std::fs::write(t.path("secret.env"), format!("TOKEN={SECRET}\n")).unwrap();
    symlink("../secret.env", conf.join("env.xml")).unwrap();
    symlink("/proc/self/environ", conf.join("environ.xml")).unwrap();
    symlink("/etc/passwd", conf.join("AD/passwd.xml")).unwrap();
    let before = snapshot(&t.0);
    for format in ["human", "json", "sarif", "github"] {
        let r = run_in(&t.0, &["check", "Conf", "--format", format], None);
        assert_eq!(r.code, Some(0), "{format}: {}", r.all());
        assert!(!r.all().contains(SECRET), "{format} shows the secret");
        assert!(!r.all().contains("root:x:0"), "{format} shows /etc/passwd");
        assert!(r.all().contains("symlink-not-followed"), "{format}");
    }
    let r = run_in(&t.0, &["expand", "Conf"], None);
    assert_eq!(r.code, Some(0));
    assert!(!r.all().contains(SECRET));
    assert_eq!(snapshot(&t.0), before);
}

#[test]
fn f4_links_in_the_out_folder_are_never_read_by_check() {
    let t = Temp::new("f4-out");
    sample(&t);
    std::fs::write(t.path("secret.env"), format!("TOKEN={SECRET}\n")).unwrap();
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    // A link scaffc did not write: not its business, never read.
    symlink("/proc/self/environ", t.path("expanded/env.xml")).unwrap();
    symlink("../secret.env", t.path("expanded/secret.xml")).unwrap();
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(!r.all().contains(SECRET));
    // A link where scaffc wrote a file: stale, shown as a link, never read.
    let job = t.path("expanded/CreateConnectorSynchroIncremental/AD_Synchronization_Delta.xml");
    std::fs::remove_file(&job).unwrap();
    symlink("../../secret.env", &job).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(1), "{}", r.all());
    assert!(!r.all().contains(SECRET), "{}", r.all());
    assert!(
        r.stdout.contains("(a symbolic link, not read)"),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(&t.0), before);
    // Writing replaces the link, not its target; nothing outside the folder changes.
    let outside = snapshot_except(&t.0, &t.path("expanded"));
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert_eq!(snapshot_except(&t.0, &t.path("expanded")), outside);
    assert!(std::fs::symlink_metadata(&job).unwrap().is_file());
    assert_eq!(
        std::fs::read_to_string(t.path("secret.env")).unwrap(),
        format!("TOKEN={SECRET}\n")
    );
}

#[test]
fn f4_a_marker_naming_paths_outside_the_out_folder_is_refused() {
    let t = Temp::new("f4-marker");
    sample(&t);
    std::fs::create_dir_all(t.path("expanded")).unwrap();
    std::fs::write(
        t.path("expanded/.scaffc"),
        "scaffc-out 1\n../Conf/AD/AD Jobs.xml\n",
    )
    .unwrap();
    let before = snapshot(&t.0);
    for check in [false, true] {
        let mut args = vec!["expand", "Conf", "--out", "expanded"];
        if check {
            args.push("--check");
        }
        let r = run_in(&t.0, &args, None);
        assert_eq!(r.code, Some(2), "{}", r.all());
        assert!(
            r.stderr.contains("not a path inside the folder"),
            "{}",
            r.stderr
        );
        assert_eq!(snapshot(&t.0), before);
    }
}

// --- F5/F6 are in hostile_linear.rs and hostile_xml.rs ----------------------------------------

// --- F7: closed pipes and full disks ----------------------------------------------------------

/// Runs scaffc with its standard output read for one line, then closed.
fn run_closing_pipe(cwd: &Path, args: &[&str]) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let _ = out.read_line(&mut line);
    }
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < TIMEOUT, "{args:?} hangs on a closed pipe");
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(!err.contains("internal error"), "{args:?}: {err}");
    status.code()
}

/// A job of 3,000 chained tasks (plenty of output for `steps` and `graph`).
fn long_job(conf: &Path) {
    let mut body = String::from(
        "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n<Job Identifier=\"Chain\" DisplayName_L1=\"Chain\" Agent=\"Local\">\n",
    );
    for i in 0..3000 {
        body.push_str(&format!(
            "<ExportTask Identifier=\"T{i}\" DisplayName_L1=\"T{i}\" Connector=\"AD\" OpenIdClient=\"Job\" Level=\"{i}\" />\n"
        ));
    }
    body.push_str("</Job>\n</ConfigurationFile>\n");
    std::fs::write(conf.join("Chain.xml"), body).unwrap();
}

#[test]
fn f7_every_command_stops_quietly_on_a_closed_pipe_and_fails_on_a_full_disk() {
    let t = Temp::new("f7");
    let conf = sample(&t);
    long_job(&conf);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    // Stale, so that --check prints a diff.
    for f in snapshot(&t.path("expanded")).keys() {
        if f.extension().is_some_and(|e| e == "xml") {
            std::fs::write(f, "stale\n".repeat(5000)).unwrap();
        }
    }
    let before = snapshot(&t.0);
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "cron",
            "* * * * *",
            "--next",
            "100000",
            "--from",
            "2024-01-01T00:00:00",
        ],
        vec!["steps", "Conf", "Chain"],
        vec!["graph", "Conf", "Chain"],
        vec!["graph", "Conf", "Chain", "--format", "dot"],
        vec!["schedule", "Conf", "--from", "2025-01-01T00:00:00"],
        vec!["explain", "unknown-connector"],
        vec!["expand", "Conf", "--out", "expanded", "--check"],
        vec!["expand", "Conf"],
        vec!["check", "Conf", "--format", "json"],
    ];
    for args in &commands {
        let code = run_closing_pipe(&t.0, args);
        assert!(matches!(code, Some(0..=2)), "{args:?}: {code:?}");
        // A full disk is an error of the command (exit 2), said once.
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_scaffc"))
            .args(args)
            .current_dir(&t.0)
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("cannot write the output"), "{args:?}: {err}");
    }
    assert_eq!(snapshot(&t.0), before);
}

// --- F8: FIFOs -------------------------------------------------------------------------------

#[test]
fn f8_fifos_are_never_opened_for_reading() {
    let t = Temp::new("f8");
    let conf = sample(&t);
    mkfifo(&conf.join("x.xml"));
    mkfifo(&t.path("settings.json"));
    let before = snapshot(&t.0);
    for args in [vec!["check", "Conf"], vec!["expand", "Conf"]] {
        let r = run_in(&t.0, &args, None);
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.all());
        assert!(
            r.all().contains("a FIFO, not a regular file"),
            "{}",
            r.all()
        );
    }
    let r = run_in(
        &t.0,
        &["check", "Conf", "--agent-settings", "settings.json"],
        None,
    );
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.stderr.contains("FIFO"), "{}", r.stderr);
    // A missing CONF is refused before anything is read.
    let r = run_in(&t.0, &["check", "nonexistent"], None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("`nonexistent` does not exist"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&t.0), before, "nothing read or changed");
    std::fs::remove_file(conf.join("x.xml")).unwrap();
    // FIFOs in the out folder: one where scaffc writes, one it listed before.
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let job = t.path("expanded/CreateConnectorSynchroIncremental/AD_Synchronization_Delta.xml");
    std::fs::remove_file(&job).unwrap();
    mkfifo(&job);
    mkfifo(&t.path("expanded/stray.xml"));
    let before_out = snapshot(&t.0);
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(1), "{}", r.all());
    assert!(r.stdout.contains("(not a file)"), "{}", r.stdout);
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert_eq!(snapshot(&t.0), before_out);
}

// --- F9: unbounded reads ------------------------------------------------------------------------

#[test]
fn f9_devices_and_endless_input_are_never_read_without_bound() {
    let t = Temp::new("f9");
    let conf = sample(&t);
    symlink("/dev/zero", conf.join("zero.xml")).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["check", "Conf"], None);
    assert_eq!(r.code, Some(0), "a link: a warning, {}", r.all());
    assert!(r.stdout.contains("symlink-not-followed"));
    let r = run_in(
        &t.0,
        &["check", "Conf", "--agent-settings", "/dev/zero"],
        None,
    );
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(
        r.stderr.contains("a device, not a regular file"),
        "{}",
        r.stderr
    );
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let r = run_in(
        &t.0,
        &["check", "Conf", "-", "--stdin-filename", "Conf/AD/New.xml"],
        Some(Stdio::from(zero)),
    );
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.stderr.contains("larger than 64 MiB"), "{}", r.stderr);
    assert_eq!(snapshot(&t.0), before);
    // The marker of an out folder, linked to a device.
    std::fs::create_dir_all(t.path("expanded")).unwrap();
    symlink("/dev/zero", t.path("expanded/.scaffc")).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert_eq!(snapshot(&t.0), before);
}

// --- F10: cron --next streams -------------------------------------------------------------------

#[test]
fn f10_cron_next_streams_its_occurrences() {
    let t = Temp::new("f10");
    let mut child = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args([
            "cron",
            "* * * * * *",
            "--seconds",
            "--next",
            "1000000000",
            "--from",
            "2024-01-01T00:00:00",
        ])
        .current_dir(&t.0)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..3 {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        lines.push(l);
    }
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "the first lines come at once"
    );
    assert_eq!(
        lines,
        [
            "2024-01-01T00:00:01\n",
            "2024-01-01T00:00:02\n",
            "2024-01-01T00:00:03\n"
        ]
    );
    drop(out);
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(0..=2)), "{status:?}");
}

// --- F11: --out / ---------------------------------------------------------------------------------

#[test]
fn f11_an_out_folder_full_of_other_files_is_refused_without_walking_it() {
    let t = Temp::new("f11");
    sample(&t);
    let start = Instant::now();
    let r = run_in(&t.0, &["expand", "Conf", "--out", "/usr"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.stderr.contains("did not write it"), "{}", r.stderr);
    // `/` holds the configuration: refused before anything is listed.
    let r = run_in(&t.0, &["expand", "Conf", "--out", "/"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.stderr.contains("overlap"), "{}", r.stderr);
    assert!(start.elapsed() < Duration::from_secs(10));
}

// --- F14: path collisions -----------------------------------------------------------------------

fn collision_tree(t: &Temp) -> PathBuf {
    let conf = sample(t);
    let bad = "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n<Connector Identifier=\"Zz\" DisplayName_L1=\"x\" Agent=\"NoSuchAgent\"/>\n</ConfigurationFile>\n";
    std::fs::write(conf.join("AD\\AD Jobs.xml"), bad).unwrap();
    let dir = std::ffi::OsStr::from_bytes(b"bad\xff.xml");
    std::fs::write(conf.join(dir), bad.replace("NoSuchAgent", "NoSuchAgentFF")).unwrap();
    let dir = std::ffi::OsStr::from_bytes(b"bad\xfe.xml");
    std::fs::write(conf.join(dir), bad.replace("NoSuchAgent", "NoSuchAgentFE")).unwrap();
    conf
}

#[test]
fn f14_paths_equal_once_normalised_are_an_error_naming_both() {
    let t = Temp::new("f14");
    collision_tree(&t);
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["check", "Conf", "--format", "json"], None);
    assert_eq!(r.code, Some(1), "{}", r.all());
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let collisions: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "path-collision")
        .map(|d| (d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(collisions.len(), 2, "{collisions:?}");
    assert_eq!(collisions[0].0, "AD/AD Jobs.xml");
    assert!(
        collisions[0].1.contains("`AD\\AD Jobs.xml`"),
        "{}",
        collisions[0].1
    );
    assert_eq!(collisions[1].0, "bad\\xFE.xml");
    assert!(
        collisions[1].1.contains("`bad\\xFF.xml`"),
        "{}",
        collisions[1].1
    );
    // The file read is the first in byte order: its own error is reported.
    assert!(r.stdout.contains("NoSuchAgentFE") && !r.stdout.contains("NoSuchAgentFF"));
    assert_eq!(snapshot(&t.0), before);
    // The same verdict whatever the listing order: a second tree built in reverse order.
    let t2 = Temp::new("f14-reverse");
    let conf2 = t2.path("Conf");
    std::fs::create_dir_all(&conf2).unwrap();
    let mut files: Vec<_> = snapshot(&t.path("Conf")).into_iter().collect();
    files.reverse();
    for (path, bytes) in files {
        let rel = path.strip_prefix(t.path("Conf")).unwrap();
        if bytes == b"<dir>" {
            std::fs::create_dir_all(conf2.join(rel)).unwrap();
        } else {
            std::fs::create_dir_all(conf2.join(rel).parent().unwrap()).unwrap();
            std::fs::write(conf2.join(rel), bytes).unwrap();
        }
    }
    let r2 = run_in(&t2.0, &["check", "Conf", "--format", "json"], None);
    assert_eq!(r2.stdout, r.stdout);
}

// --- F15: interrupted and concurrent runs ---------------------------------------------------------

#[test]
fn f15_leftovers_of_an_interrupted_run_are_cleaned_up() {
    let t = Temp::new("f15");
    sample(&t);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let dir = t.path("expanded/CreateConnectorSynchroIncremental");
    std::fs::write(
        dir.join(".AD_Synchronization_Delta.xml.4242-0.scaffc-tmp"),
        "half",
    )
    .unwrap();
    std::fs::write(t.path("expanded/..scaffc.4242-1.scaffc-tmp"), "half").unwrap();
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    let names: Vec<String> = snapshot(&t.path("expanded"))
        .keys()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".scaffc-tmp")),
        "{names:?}"
    );
    assert_eq!(
        run_in(
            &t.0,
            &["expand", "Conf", "--out", "expanded", "--check"],
            None
        )
        .code,
        Some(0)
    );
}

#[test]
fn f15_a_first_run_killed_while_writing_its_marker_is_completed_by_the_next() {
    let t = Temp::new("f15-first");
    sample(&t);
    std::fs::create_dir_all(t.path("expanded")).unwrap();
    std::fs::write(
        t.path("expanded/..scaffc.777-0.scaffc-tmp"),
        "scaffc-out 1\n",
    )
    .unwrap();
    std::fs::write(t.path("expanded/.scaffc.lock"), "").unwrap();
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(1), "all missing: {}", r.all());
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    let names: Vec<String> = std::fs::read_dir(t.path("expanded"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names
        .iter()
        .any(|n| n.ends_with(".scaffc-tmp") || n == ".scaffc.lock"));
}

#[test]
fn f15_a_run_while_another_holds_the_folder_exits_2_and_touches_nothing() {
    let t = Temp::new("f15-lock");
    sample(&t);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(t.path("expanded/.scaffc.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let jobs = t.path("Conf/AzureAD/AzureAD Jobs.xml");
    let text = std::fs::read_to_string(&jobs).unwrap();
    std::fs::write(&jobs, text.replace("*/15 * * * *", "*/30 * * * *")).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(
        r.stderr.contains("another scaffc run is writing"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&t.0), before);
    drop(lock);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
}

#[test]
fn f15_concurrent_runs_never_mix_their_outputs() {
    let t = Temp::new("f15-race");
    let a = t.path("A");
    copy_tree(&repo().join("fixtures/sample/Conf"), &a);
    let b = t.path("B");
    copy_tree(&repo().join("fixtures/sample/Conf"), &b);
    let jobs = b.join("AzureAD/AzureAD Jobs.xml");
    let text = std::fs::read_to_string(&jobs).unwrap();
    std::fs::write(&jobs, text.replace("*/15 * * * *", "*/30 * * * *")).unwrap();
    // The complete output of each configuration, written alone.
    let expected = |conf: &str| {
        let out = format!("only-{conf}");
        assert_eq!(
            run_in(&t.0, &["expand", conf, "--out", &out], None).code,
            Some(0)
        );
        snapshot(&t.path(&out))
            .into_iter()
            .map(|(p, v)| (p.strip_prefix(t.path(&out)).unwrap().to_path_buf(), v))
            .collect::<BTreeMap<_, _>>()
    };
    let (only_a, only_b) = (expected("A"), expected("B"));
    assert_ne!(only_a, only_b);
    for round in 0..6 {
        let out = format!("race{round}");
        let spawn = |conf: &str| {
            Command::new(env!("CARGO_BIN_EXE_scaffc"))
                .args(["expand", conf, "--out", &out])
                .current_dir(&t.0)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (ca, cb) = (spawn("A"), spawn("B"));
        let (oa, ob) = (
            ca.wait_with_output().unwrap(),
            cb.wait_with_output().unwrap(),
        );
        for o in [&oa, &ob] {
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                o.status.code() == Some(0)
                    || (o.status.code() == Some(2) && err.contains("another scaffc run")),
                "{:?}: {err}",
                o.status
            );
        }
        let got: BTreeMap<_, _> = snapshot(&t.path(&out))
            .into_iter()
            .map(|(p, v)| (p.strip_prefix(t.path(&out)).unwrap().to_path_buf(), v))
            .collect();
        assert!(
            got == only_a || got == only_b,
            "round {round}: a mix of both outputs"
        );
    }
}

// --- F16: --stdin-filename outside CONF -----------------------------------------------------------

#[test]
fn f16_stdin_filename_must_be_an_xml_file_inside_the_configuration() {
    let t = Temp::new("f16");
    sample(&t);
    std::fs::write(t.path("outside.xml"), "x").unwrap();
    let before = snapshot(&t.0);
    for name in [
        "/etc/passwd",
        "Conf",
        "../../x.xml",
        "Conf/notxml.txt",
        "outside.xml",
        "Conf/AD",
    ] {
        let input =
            std::fs::File::open(repo().join("fixtures/sample/Conf/AD/AD Jobs.xml")).unwrap();
        let r = run_in(
            &t.0,
            &["check", "Conf", "-", "--stdin-filename", name],
            Some(Stdio::from(input)),
        );
        assert_eq!(r.code, Some(2), "{name}: {}", r.all());
        assert!(
            r.stderr.contains("--stdin-filename"),
            "{name}: {}",
            r.stderr
        );
    }
    let r = run_in(
        &t.0,
        &["check", "Conf", "-", "-", "--stdin-filename", "Conf/a.xml"],
        None,
    );
    assert_eq!(r.code, Some(2));
    // Inside: accepted, reported under its path relative to CONF.
    let mut child = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args([
            "check",
            "Conf",
            "-",
            "--stdin-filename",
            "Conf/AD/New.xml",
            "--format",
            "json",
        ])
        .current_dir(&t.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\"><Connector Identifier=\"Q\" DisplayName_L1=\"q\" Agent=\"Nope\"/></ConfigurationFile>")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["file"], "AD/New.xml");
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(snapshot(&t.0), before);
}

// --- F17: --check on a folder scaffc did not write --------------------------------------------------

#[test]
fn f17_check_refuses_a_folder_scaffc_did_not_write() {
    let t = Temp::new("f17");
    sample(&t);
    std::fs::create_dir_all(t.path("ckf")).unwrap();
    std::fs::write(t.path("ckf/notes.txt"), format!("{SECRET}\n")).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["expand", "Conf", "--out", "ckf", "--check"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(
        r.stdout.is_empty() && !r.stderr.contains(SECRET),
        "{}",
        r.all()
    );
    assert_eq!(snapshot(&t.0), before);
}

// --- The marker: owned files only, upgrade from scaffc 0.1 ------------------------------------------

#[test]
fn user_files_in_the_out_folder_are_never_removed_and_an_old_marker_is_upgraded() {
    let t = Temp::new("marker");
    let conf = sample(&t);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let marker = std::fs::read_to_string(t.path("expanded/.scaffc")).unwrap();
    assert!(marker.starts_with("scaffc-out 1\n"), "{marker}");
    assert!(marker.contains("CreateConnectorSynchroIncremental/AD_Synchronization_Delta.xml\n"));
    // A marker of scaffc 0.1 (empty), user files beside the generated ones.
    std::fs::write(t.path("expanded/.scaffc"), "").unwrap();
    for f in [
        ".gitattributes",
        ".gitkeep",
        "README.md",
        "CreateConnectorSynchroIncremental/notes.txt",
    ] {
        std::fs::write(t.path("expanded").join(f), format!("user {f}\n")).unwrap();
    }
    // An old generated file no longer listed anywhere: kept (scaffc cannot know it wrote it).
    std::fs::write(
        t.path("expanded/CreateConnectorSynchroIncremental/Old.xml"),
        "old\n",
    )
    .unwrap();
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(
        r.stderr.contains("0 written, 4 unchanged, 0 removed"),
        "{}",
        r.stderr
    );
    for f in [
        ".gitattributes",
        ".gitkeep",
        "README.md",
        "CreateConnectorSynchroIncremental/notes.txt",
    ] {
        assert_eq!(
            std::fs::read_to_string(t.path("expanded").join(f)).unwrap(),
            format!("user {f}\n")
        );
    }
    assert!(t
        .path("expanded/CreateConnectorSynchroIncremental/Old.xml")
        .exists());
    assert_eq!(
        std::fs::read_to_string(t.path("expanded/.scaffc")).unwrap(),
        marker
    );
    // A scaffolding removed: its file goes, the user's files stay.
    let azure = conf.join("AzureAD/AzureAD Jobs.xml");
    std::fs::remove_file(&azure).unwrap();
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(1));
    assert!(
        !r.stdout.contains("user "),
        "user files are not extra: {}",
        r.stdout
    );
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(r.stderr.contains("1 removed"), "{}", r.stderr);
    assert!(t.path("expanded/README.md").exists());
    // A user file where scaffc would write: refused, untouched.
    std::fs::write(
        &azure,
        std::fs::read(repo().join("fixtures/sample/Conf/AzureAD/AzureAD Jobs.xml")).unwrap(),
    )
    .unwrap();
    let target =
        t.path("expanded/CreateConnectorSynchroIncremental/AzureAD_Synchronize_Incremental.xml");
    std::fs::write(&target, "mine\n").unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(r.stderr.contains("is in the way"), "{}", r.stderr);
    assert_eq!(snapshot(&t.0), before);
}

// --- CONF discovery ----------------------------------------------------------------------------------

#[test]
fn conf_is_found_or_the_command_says_why_not() {
    let t = Temp::new("discovery");
    sample(&t);
    // Found from the folder holding Conf/, from inside it, and from a file given.
    for cwd in [t.0.clone(), t.path("Conf/AD")] {
        let r = run_in(&cwd, &["check"], None);
        assert_eq!(r.code, Some(0), "{}: {}", cwd.display(), r.all());
        assert!(r.stdout.contains("in 10 files"), "{}", r.stdout);
    }
    let r = run_in(
        &t.0,
        &["check", "Conf/AD/AD Jobs.xml", "--format", "json"],
        None,
    );
    assert_eq!(r.code, Some(0), "{}", r.all());
    let r = run_in(&t.0, &["check", "typo"], None);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("`typo` does not exist"), "{}", r.stderr);
    // Nothing to find.
    let empty = Temp::new("discovery-none");
    let r = run_in(&empty.0, &["check"], None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("no configuration folder found"),
        "{}",
        r.stderr
    );
    let r = run_in(&empty.0, &["steps", "Job"], None);
    assert_eq!(r.code, Some(2));
    // An empty Conf (an uninitialised submodule) is not a clean configuration.
    std::fs::create_dir_all(empty.path("Conf/AD")).unwrap();
    let r = run_in(&empty.0, &["check"], None);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr.contains("no configuration files under"),
        "{}",
        r.stderr
    );
    // A scaffc.toml names the folder.
    let named = Temp::new("discovery-toml");
    copy_tree(
        &repo().join("fixtures/sample/Conf"),
        &named.path("Configuration"),
    );
    std::fs::write(named.path("scaffc.toml"), "conf = \"Configuration\"\n").unwrap();
    std::fs::create_dir_all(named.path("tools")).unwrap();
    let r = run_in(&named.path("tools"), &["check"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    // `steps CONF` without JOB says so.
    let r = run_in(&t.0, &["steps", "Conf"], None);
    assert_eq!(r.code, Some(2));
}

#[test]
fn check_dot_beside_an_out_folder_does_not_read_scaffc_s_own_output() {
    let t = Temp::new("dot");
    sample(&t);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let r = run_in(&t.0, &["check", "."], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(
        r.stdout.contains("0 errors, 0 warnings in 10 files"),
        "{}",
        r.stdout
    );
}

// --- What a pull request controls: links only, scaffc.toml, control characters in expanded/ ---

#[test]
fn a_configuration_of_links_only_is_no_configuration() {
    let t = Temp::new("links-only");
    std::fs::create_dir_all(t.path("Conf")).unwrap();
    std::fs::write(t.path("host.xml"), format!("<x>{SECRET}</x>")).unwrap();
    symlink("../host.xml", t.path("Conf/a.xml")).unwrap();
    let before = snapshot(&t.0);
    let r = run_in(&t.0, &["check", "Conf"], None);
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(
        r.stderr.contains("no configuration files under"),
        "{}",
        r.stderr
    );
    assert!(!r.all().contains(SECRET));
    assert_eq!(snapshot(&t.0), before);
}

#[test]
fn scaffc_toml_cannot_point_outside_its_folder() {
    let t = Temp::new("toml-outside");
    sample(&t);
    for conf in ["/usr/share", "../elsewhere", "Conf/../..", ""] {
        std::fs::write(t.path("scaffc.toml"), format!("conf = \"{conf}\"\n")).unwrap();
        let r = run_in(&t.path("Conf"), &["check"], None);
        assert_eq!(r.code, Some(2), "{conf}: {}", r.all());
        assert!(
            r.stderr.contains("must be a folder inside"),
            "{conf}: {}",
            r.stderr
        );
    }
}

#[test]
fn check_shows_control_characters_of_committed_files_escaped() {
    let t = Temp::new("check-escape");
    sample(&t);
    assert_eq!(
        run_in(&t.0, &["expand", "Conf", "--out", "expanded"], None).code,
        Some(0)
    );
    let job = t.path("expanded/CreateConnectorSynchroIncremental/AD_Synchronization_Delta.xml");
    std::fs::write(&job, "\u{1b}]0;PWNED\u{7}\u{1b}[2J\n").unwrap();
    let marker = t.path("expanded/.scaffc");
    let listed = std::fs::read_to_string(&marker).unwrap();
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(1), "{}", r.all());
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'));
    assert!(
        r.stdout.contains(r"-\u{1b}]0;PWNED\u{7}\u{1b}[2J"),
        "{}",
        r.stdout
    );
    // A marker listing a name with control characters is refused.
    std::fs::write(&marker, format!("{listed}A/\u{1b}[2J.xml\n")).unwrap();
    let r = run_in(
        &t.0,
        &["expand", "Conf", "--out", "expanded", "--check"],
        None,
    );
    assert_eq!(r.code, Some(2), "{}", r.all());
    assert!(!r.stderr.contains('\u{1b}'), "{}", r.stderr);
}

#[test]
fn a_literal_backslash_x_in_a_name_is_not_an_escape() {
    let t = Temp::new("backslash-x");
    let conf = sample(&t);
    let body =
        "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\"></ConfigurationFile>";
    std::fs::write(conf.join("a\\x41.xml"), body).unwrap();
    std::fs::write(conf.join("a\\x42.xml"), body).unwrap();
    let r = run_in(&t.0, &["check", "Conf", "--format", "json"], None);
    assert_eq!(r.code, Some(0), "{}", r.all());
    assert!(!r.stdout.contains("path-collision"), "{}", r.stdout);
    // But `a\x41.xml` and the file `x41.xml` of a folder `a` are one path on Windows.
    std::fs::create_dir_all(conf.join("a")).unwrap();
    std::fs::write(conf.join("a/x41.xml"), body).unwrap();
    let r = run_in(&t.0, &["check", "Conf", "--format", "json"], None);
    assert_eq!(r.code, Some(1), "{}", r.all());
    assert_eq!(
        r.stdout.matches("\"path-collision\"").count(),
        1,
        "{}",
        r.stdout
    );
}
