//! `cargo bench --bench analyze`: the performance figures of the core, each next to a floor
//! measured in the same run on the same files (this machine is shared and noisy: compare
//! ratios, not seconds).
//!
//! - The tree has the shape of the project's benchmark workload (`gen_conf.py OUT N`: one
//!   folder per connector, a connector file with two connections, three entity types of 40
//!   properties with their mappings and three resource types, and a jobs file with an
//!   incremental scaffolding); it is generated here, so the repository needs nothing else.
//! - To it is added one file of access-control-rule scaffoldings, `Access/Administrator.xml`:
//!   a `CreateAdministratorProfile` (about thirty child scaffoldings, a hundred rules) and a
//!   `ViewTemplate` for each of the tree's entity types (ten rules each), so that `check` and
//!   `expand` also pay for the expansion of the templates, at the scale of the tree.
//! - The floor is a bare quick-xml scan of the same files (read, events, attributes; no
//!   tree) on as many threads as there are cores. `xmllint --noout` is timed too when it is
//!   installed (`libxml2-utils`).
//! - `check` and `expand` are the release binary, run as a user would, with its peak memory
//!   (from `wait4`) over the input's size.
//! - "re-analyze after one change" is the library on files already in memory, one file
//!   changed.
//!
//! `SCAFFC_BENCH_CONNECTORS` (default 2000) sets the size; `SCAFFC_BENCH_SCALE=1` also
//! measures ten times that size, for the scaling figure. A measurement, not a test.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const NS: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"urn:schemas-usercube-com:configuration\">\n";
const END: &str = "</ConfigurationFile>\n";
const PACKAGES: [&str; 7] = [
    "Usercube.AD@0000001",
    "Usercube.AzureAD@0000001",
    "Usercube.CSV@0000001",
    "Usercube.LDAP@0000001",
    "Usercube.SCIM@0000001",
    "Usercube.ServiceNow@0000001",
    "Usercube.SQL@0000001",
];

/// The files of `gen_conf.py OUT n` (same shape and sizes), then the access-control file
/// ([`access`]), as (relative path, text).
fn tree(n: usize, props: usize) -> Vec<(String, String)> {
    let mut files = Vec::with_capacity(2 * n + 2);
    // Every entity type declared, in order, for the access-control file.
    let mut entity_types = Vec::with_capacity(3 * n + 3);
    let mut f = String::from(NS);
    f.push_str("  <Agent Identifier=\"Local\" DisplayName_L1=\"Local agent\" />\n  <Policy Identifier=\"Default\" DisplayName_L1=\"Default\" />\n  <Profile Identifier=\"Administrator\" DisplayName_L1=\"Administrator\" />\n  <OpenIdClient Identifier=\"Job\" HashedSecret=\"K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=\" DisplayName_L1=\"Jobs\" Profile=\"Administrator\" />\n");
    for k in ["User", "Guest", "Bot"] {
        entity_types.push(format!("Directory_{k}"));
        writeln!(f, "  <EntityType Identifier=\"Directory_{k}\" DisplayName_L1=\"Directory {k}\">\n    <Property Identifier=\"Identifier\" DisplayName_L1=\"Identifier\" Type=\"String\" IsKey=\"true\" TargetColumnIndex=\"0\" />\n  </EntityType>").unwrap();
    }
    f.push_str("  <Connector Identifier=\"Directory\" DisplayName_L1=\"Directory\" DisplayName_L2=\"Référentiel\" Agent=\"Local\" />\n  <Connection Identifier=\"DirectoryFulfillment\" DisplayName_L1=\"Directory\" Connector=\"Directory\" Package=\"Usercube.FulfillDatabase@0000001\" />\n");
    for k in ["User", "Guest", "Bot"] {
        writeln!(f, "  <EntityTypeMapping Identifier=\"Directory_{k}\" Connector=\"Directory\" ConnectionTable=\"directory_{}\">\n    <Property Identifier=\"Identifier\" ConnectionColumn=\"Identifier\" IsPrimaryKey=\"true\" />\n  </EntityTypeMapping>", k.to_lowercase()).unwrap();
    }
    f.push_str(END);
    files.push(("Base.xml".to_string(), f));
    for i in 0..n {
        let c = format!("Conn{i:05}");
        let pkg = PACKAGES[i % PACKAGES.len()];
        let mut f = String::from(NS);
        writeln!(f, "  <Connector Identifier=\"{c}\" DisplayName_L1=\"Connector {i}\" DisplayName_L2=\"Connecteur {i}\" Agent=\"Local\" />").unwrap();
        for j in ["Export", "Fulfillment"] {
            writeln!(f, "  <Connection Identifier=\"{c}{j}\" DisplayName_L1=\"{c} {j}\" Connector=\"{c}\" Package=\"{pkg}\" />").unwrap();
        }
        for e in ["Account", "Group", "Role"] {
            let et = format!("{c}_{e}");
            entity_types.push(et.clone());
            writeln!(
                f,
                "  <EntityType Identifier=\"{et}\" DisplayName_L1=\"{c} - {e}\">"
            )
            .unwrap();
            for p in 0..props {
                let key = if p == 0 { " IsKey=\"true\"" } else { "" };
                writeln!(f, "    <Property Identifier=\"prop{p}\" DisplayName_L1=\"Property {p} of {e}\" TargetColumnIndex=\"{p}\" Type=\"String\"{key} />").unwrap();
            }
            f.push_str("  </EntityType>\n");
            writeln!(f, "  <EntityTypeMapping Identifier=\"{et}\" Connector=\"{c}\" ConnectionTable=\"{c}Export_{}\">", e.to_lowercase()).unwrap();
            for p in 0..props {
                let pk = if p == 0 { " IsPrimaryKey=\"true\"" } else { "" };
                writeln!(
                    f,
                    "    <Property Identifier=\"prop{p}\" ConnectionColumn=\"column{p}\"{pk} />"
                )
                .unwrap();
            }
            f.push_str("  </EntityTypeMapping>\n");
        }
        for src in ["User", "Guest", "Bot"] {
            writeln!(f, "  <ResourceType Identifier=\"{c}_Account_{src}\" DisplayName_L1=\"{c} account for {src}\" Policy=\"Default\" TargetEntityType=\"{c}_Account\" SourceEntityType=\"Directory_{src}\" />").unwrap();
        }
        f.push_str(END);
        files.push((format!("{c}/{c} Connector.xml"), f));
        let mut j = String::from(NS);
        writeln!(j, "  <CreateConnectorSynchroIncremental Connector=\"{c}\" DisplayName_L1=\"{c} - Synchronization (delta)\">\n    <OpenIdIdentifier Identifier=\"Job\" />\n    <CronTabExpression CronTab=\"*/{} * * * *\" />\n  </CreateConnectorSynchroIncremental>", 5 + i % 50).unwrap();
        j.push_str(END);
        files.push((format!("{c}/{c} Jobs.xml"), j));
    }
    // Second, not last: the last file is the one the re-analysis figures change, a connector's
    // jobs file as before.
    let text = access(&entity_types);
    files.insert(1, ("Access/Administrator.xml".to_string(), text));
    files
}

/// The access-control file: the `Administrator` profile's scaffoldings over `entity_types`.
///
/// `Base.xml` declares `<Profile Identifier="Administrator">` too (as `gen_conf.py` does):
/// a hand-written element of a generated one's identifier overrides it, so the tree still
/// has no errors, only the `not-expanded` infos of the kinds scaffc does not expand.
fn access(entity_types: &[String]) -> String {
    let mut f = String::from(NS);
    // On an entity type of `Base.xml`: its rules then reference a declared entity type.
    f.push_str("  <CreateAdministratorProfile EntityType=\"Directory_User\">\n    <DisplayNameProfile Identifier=\"en-EN\" Value=\"Administrator\" />\n    <DisplayNameProfile Identifier=\"fr-FR\" Value=\"Administrateur\" />\n  </CreateAdministratorProfile>\n");
    for et in entity_types {
        writeln!(
            f,
            "  <ViewTemplate EntityType=\"{et}\" Profile=\"Administrator\" />"
        )
        .unwrap();
    }
    f.push_str(END);
    f
}

/// Writes the tree under `dir/Conf` (once per size: reused when present).
fn write_tree(dir: &Path, n: usize) -> (PathBuf, Vec<PathBuf>, u64) {
    let conf = dir.join(format!("conf-{n}")).join("Conf");
    let files = tree(n, 40);
    let mut paths = Vec::with_capacity(files.len());
    let mut bytes = 0u64;
    for (rel, text) in &files {
        let p = conf.join(rel);
        bytes += text.len() as u64;
        if std::fs::metadata(&p).map(|m| m.len()).ok() != Some(text.len() as u64) {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        paths.push(p);
    }
    (conf, paths, bytes)
}

/// The floor: read every file and go through its quick-xml events and attributes, building
/// nothing, on `threads` threads.
fn bare_scan(paths: &[PathBuf], threads: usize) -> usize {
    fn scan(paths: &[PathBuf]) -> usize {
        let mut count = 0;
        for p in paths {
            let text = std::fs::read_to_string(p).unwrap();
            let mut reader = quick_xml::Reader::from_str(&text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Start(e))
                    | Ok(quick_xml::events::Event::Empty(e)) => {
                        for a in e.attributes() {
                            let a = a.unwrap();
                            count += a.value.len();
                        }
                    }
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{e}"),
                }
            }
        }
        count
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = paths.chunks(chunk).map(|c| s.spawn(|| scan(c))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

/// What any tool that keeps what it reads pays before doing anything with it: read every file
/// and parse it into scaffc's element tree (`scaffc::xml::parse`), keeping texts and trees,
/// on `threads` threads.
fn kept_parse(paths: &[PathBuf], threads: usize) -> Vec<Vec<(String, scaffc::xml::Parsed)>> {
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|c| {
                s.spawn(|| {
                    c.iter()
                        .map(|p| {
                            let text = std::fs::read_to_string(p).unwrap();
                            let parsed = scaffc::xml::parse(&text, 0);
                            (text, parsed)
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// Runs a command to completion with its output discarded: (wall seconds, peak RSS bytes).
fn run(cmd: &mut Command) -> (f64, u64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain wait4 on our own child; `rusage` is written by the kernel.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    std::mem::forget(child);
    (start.elapsed().as_secs_f64(), usage.ru_maxrss as u64 * 1024)
}

/// What `scaffc expand` writes on the tree: (`AccessControlRule` elements, bytes). Read as it
/// comes, line by line (one element starts a line), so that this process does not hold the
/// output: its resident pages would count in the peak RSS of the commands spawned after it.
fn expand_output(bin: &str, conf: &Path) -> (usize, u64) {
    use std::io::BufRead as _;
    let mut child = Command::new(bin)
        .arg("expand")
        .arg(conf)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let (mut rules, mut bytes) = (0, 0u64);
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = out.read_until(b'\n', &mut line).unwrap();
        if read == 0 {
            break;
        }
        bytes += read as u64;
        if line.trim_ascii_start().starts_with(b"<AccessControlRule ") {
            rules += 1;
        }
    }
    assert!(child.wait().unwrap().success(), "scaffc expand");
    (rules, bytes)
}

/// The best of `n` runs.
fn best<T: Copy>(n: usize, mut f: impl FnMut() -> (f64, T)) -> (f64, T) {
    let mut out = f();
    for _ in 1..n {
        let r = f();
        if r.0 < out.0 {
            out = r;
        }
    }
    out
}

fn secs(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64()
}

struct Figures {
    scan: f64,
    check: f64,
}

fn measure(dir: &Path, n: usize) -> Figures {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let t = Instant::now();
    let (conf, paths, bytes) = write_tree(dir, n);
    println!(
        "\n## {n} connectors: {} files, {:.1} MB (ready in {:.1} s), {cores} cores",
        paths.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let bin = env!("CARGO_BIN_EXE_scaffc");
    // Warm the page cache once.
    bare_scan(&paths, cores);
    let (scan, _) = best(5, || {
        (
            secs(|| {
                std::hint::black_box(bare_scan(&paths, cores));
            }),
            (),
        )
    });
    let (check, check_rss) = best(3, || {
        run(Command::new(bin)
            .args(["check"])
            .arg(&conf)
            .args(["--format", "json"]))
    });
    let (expand, expand_rss) = best(3, || run(Command::new(bin).arg("expand").arg(&conf)));
    let (rules, expand_bytes) = expand_output(bin, &conf);
    // After the commands: a child's peak RSS counts the pages of the process it was spawned
    // from, and the freed trees stay resident here.
    let (parse, _) = best(5, || {
        let t = Instant::now();
        let kept = kept_parse(&paths, cores);
        let elapsed = t.elapsed().as_secs_f64();
        drop(std::hint::black_box(kept));
        (elapsed, ())
    });
    println!("| figure | time | ratio |\n| --- | --- | --- |");
    println!("| bare quick-xml scan (floor) | {scan:.3} s | 1.00x |");
    println!(
        "| read + parse into kept trees (`xml::parse`, no check) | {parse:.3} s | {:.2}x the scan |",
        parse / scan
    );
    println!(
        "| `scaffc check` | {check:.3} s | {:.2}x the scan |",
        check / scan
    );
    println!(
        "| `scaffc expand` (all jobs to stdout) | {expand:.3} s | {:.2}x the scan |",
        expand / scan
    );
    println!(
        "| `scaffc expand`: `AccessControlRule`s generated | {rules} | {:.1} MB of output |",
        expand_bytes as f64 / 1e6
    );
    let xmllint = Command::new("xmllint")
        .arg("--version")
        .stderr(Stdio::null())
        .status();
    if xmllint.is_ok_and(|s| s.success()) {
        let (lint, _) = best(3, || {
            // In batches: one command line cannot hold 40,000 paths.
            paths.chunks(2000).fold((0.0, 0), |(t, rss), batch| {
                let (bt, brss) = run(Command::new("xmllint").arg("--noout").args(batch));
                (t + bt, rss.max(brss))
            })
        });
        println!(
            "| `xmllint --noout` | {lint:.3} s | {:.2}x the scan; `check` is {:.2}x {} |",
            lint / scan,
            if check > lint {
                check / lint
            } else {
                lint / check
            },
            if check > lint { "slower" } else { "faster" }
        );
    } else {
        println!("| `xmllint --noout` | not installed (apt-get install libxml2-utils) | |");
    }
    println!(
        "| peak RSS / input, `check` | {:.0} MB | {:.2}x the input |",
        check_rss as f64 / 1e6,
        check_rss as f64 / bytes as f64
    );
    println!(
        "| peak RSS / input, `expand` | {:.0} MB | {:.2}x the input |",
        expand_rss as f64 / 1e6,
        expand_rss as f64 / bytes as f64
    );
    // Re-analysis after one change, in a workspace holding the files (what an editor does).
    let mut ws = scaffc::Workspace::new();
    for p in &paths {
        let rel = p
            .strip_prefix(&conf)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        ws.set_file(&rel, &std::fs::read(p).unwrap());
    }
    let last = paths.last().unwrap();
    let last_rel = last
        .strip_prefix(&conf)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut text = std::fs::read(last).unwrap();
    let (reanalyze, _) = best(3, || {
        text.push(b' ');
        (
            secs(|| {
                ws.set_file(&last_rel, &text);
                std::hint::black_box(ws.analyze().unwrap());
            }),
            (),
        )
    });
    println!(
        "| `Workspace`: change one file, re-analyze | {reanalyze:.3} s | {:.2}x the scan |",
        reanalyze / scan
    );
    let (initial, change) = lsp_latency(&conf, last);
    println!(
        "| `scaffc lsp`: initial analysis (start to end of progress) | {initial:.3} s | {:.2}x the scan; {:.2}x `check` |",
        initial / scan,
        initial / check
    );
    println!(
        "| `scaffc lsp`: `didChange` of one file to its `publishDiagnostics` | {change:.3} s | {:.2}x the scan |",
        change / scan
    );
    Figures { scan, check }
}

#[path = "../tests/common/lsp_client.rs"]
mod lsp_client;

/// `scaffc lsp` on the tree, as an editor runs it: (initial analysis, from starting the
/// server to the end of its progress report; a change of one open document to the
/// publication of its diagnostics, best of 5).
fn lsp_latency(conf: &Path, last: &Path) -> (f64, f64) {
    let folder = conf.parent().unwrap();
    let t = Instant::now();
    let (mut c, _) = lsp_client::Client::start_with(env!("CARGO_BIN_EXE_scaffc"), folder, &[]);
    loop {
        let m = c.recv();
        c.answer_server(&m);
        if m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end" {
            break;
        }
    }
    let initial = t.elapsed().as_secs_f64();
    let rel = last
        .strip_prefix(conf)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut text = std::fs::read_to_string(last).unwrap();
    c.open(&rel, 1, &text);
    while c.diagnostics(&rel)["version"] != 1 {}
    let mut change = f64::MAX;
    for v in 2..=6 {
        text.push(' ');
        let t = Instant::now();
        c.change(&rel, v, &text);
        while c.diagnostics(&rel)["version"] != v {}
        change = change.min(t.elapsed().as_secs_f64());
    }
    c.stop();
    (initial, change)
}

fn main() {
    let n: usize = std::env::var("SCAFFC_BENCH_CONNECTORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = std::env::temp_dir().join("scaffc-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let small = measure(&dir, n);
    if std::env::var_os("SCAFFC_BENCH_SCALE").is_some() {
        let big = measure(&dir, 10 * n);
        println!(
            "\n{} connectors / {n} connectors, `check` wall time: {:.2}x (the scan: {:.2}x)",
            10 * n,
            big.check / small.check,
            big.scan / small.scan
        );
    }
}
