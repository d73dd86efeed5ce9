//! A bounded-time fuzzer of the whole binary (hardening issue: "a fuzz target that keeps
//! running in CI for a bounded time", on stable Rust).
//!
//! Each case copies a fixture tree (`fixtures/**/Conf`, `fixtures/rules/*/good`,
//! `fixtures/docs-examples/*/Conf`, ...) to a fresh temporary folder, applies 1 to 4
//! mutations chosen by a deterministic PRNG seeded from the case's seed (byte flips,
//! truncation, range deletion and duplication, element and attribute renames, nasty
//! attribute values, inserted snippets, deep nesting, long lines, UTF-16 re-encoding, extra
//! files), then runs the real `scaffc` on it and checks the oracles:
//!
//! - every run ends by itself within [`TIMEOUT`] with exit code 0, 1 or 2 (never 3, never a
//!   signal), and its standard error says neither "panicked" nor "internal error";
//! - `check --format json` and `--format sarif` print exactly one JSON document; `json`'s
//!   `summary.errors` agrees with the exit code, every format gives the same exit code;
//! - `expand` that exits 0 prints well-formed XML 1.0 (parsed to the end by quick-xml, no
//!   character XML 1.0 forbids, raw or by reference), and exits 0 exactly when `check` does;
//! - `expand --out OUT` then `expand --out OUT --check` (0 when the first one wrote);
//! - sometimes `schedule`, `steps`/`graph` of a generated job, and `cron` on a mutated
//!   expression (whose printed occurrences, on exit 0, are timestamps after `--from`);
//! - the configuration tree is byte for byte unchanged afterwards.
//!
//! Time is bounded: cases run until `SCAFFC_FUZZ_SECONDS` (default 20) are spent, and at
//! least [`MIN_CASES`]. Seeds are `BASE + i` (`SCAFFC_FUZZ_SEED_BASE` is mixed into `BASE`),
//! so runs are reproducible; `SCAFFC_FUZZ_SEED=N` replays the single seed `N`. A failing
//! case prints its seed, its mutations, the command and its output, and keeps its folder.
//!
//! ```sh
//! cargo test --test fuzz -- --nocapture                       # ~20 s
//! SCAFFC_FUZZ_SECONDS=300 cargo test --test fuzz -- --nocapture
//! SCAFFC_FUZZ_SEED=6678217016012865539 cargo test --test fuzz fuzz_ -- --nocapture
//! ```

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A run still going after this is a failure (a hang, or a super-linear step).
const TIMEOUT: Duration = Duration::from_secs(20);
/// The fixed cases are bigger than the fuzzed ones, and may run next to other tests.
const BIG_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_SECONDS: f64 = 20.0;
/// A case slower than this is named in the output.
const SLOW: Duration = Duration::from_secs(3);
const MIN_CASES: u64 = 8;
const BASE_SEED: u64 = 0x5CAF_FC0F_0220_0000;
const FROM: &str = "2025-01-01T00:00:00";
const ROOT_OPEN: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
"#;
const ROOT_CLOSE: &str = "</ConfigurationFile>\n";

// ---------------------------------------------------------------------------------------
// PRNG

/// SplitMix64: tiny, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_F491_4F6C_DD1D)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    /// A number in `lo..hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo))
    }
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Fixture trees

type Tree = Vec<(String, Vec<u8>)>;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The regular files under `dir` (symbolic links skipped), sorted by path.
fn read_tree(dir: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                walk(root, &path, out);
            } else if meta.is_file() {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy();
                out.push((rel.replace('\\', "/"), std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The configuration trees the cases start from, in a fixed order.
fn seed_trees() -> Vec<(String, Tree)> {
    let fixtures = repo().join("fixtures");
    let mut dirs: Vec<String> = ["sample", "demo", "ad-incremental", "schedules"]
        .iter()
        .map(|d| format!("{d}/Conf"))
        .collect();
    for (group, sub) in [
        ("docs-examples", "Conf"),
        ("invalid", "Conf"),
        ("rules", "good"),
    ] {
        let mut names: Vec<String> = std::fs::read_dir(fixtures.join(group))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| fixtures.join(group).join(n).join(sub).is_dir())
            .collect();
        names.sort();
        dirs.extend(names.into_iter().map(|n| format!("{group}/{n}/{sub}")));
    }
    // A few `bad` trees too: they start with errors, so the mutations reach other paths.
    for bad in ["dependency-cycle", "too-deep", "xml-syntax", "invalid-cron"] {
        dirs.push(format!("rules/{bad}/bad"));
    }
    dirs.into_iter()
        .filter(|d| fixtures.join(d).is_dir())
        .map(|d| {
            let tree = read_tree(&fixtures.join(&d));
            (d, tree)
        })
        .filter(|(_, tree)| tree.iter().any(|(p, _)| p.ends_with(".xml")))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Mutations

const ELEMENTS: &[&str] = &[
    "ConfigurationFile",
    "Job",
    "Step",
    "ExportTask",
    "PrepareSynchronizationTask",
    "SynchronizeTask",
    "FulfillTask",
    "TaskDependsOnTask",
    "AddTask",
    "LinkDependTask",
    "CreateConnectorSynchroIncremental",
    "CreateConnectorSynchroComplete",
    "CreateAgentSynchroComplete",
    "CreateAgentSynchroIncremental",
    "CreateInitializationJob",
    "CleanDatabaseJob",
    "CreateAccessCertificationJob",
    "CreateConnectorsJobs",
    "CronTabExpression",
    "OpenIdIdentifier",
    "NoSynchronization",
    "NoProvisioning",
    "Agent",
    "Connector",
    "Connection",
    "OpenIdClient",
    "Profile",
    "EntityType",
    "EntityTypeMapping",
    "ResourceType",
    "Bogus",
    "xsi:Job",
    "a",
];

const ATTRIBUTES: &[&str] = &[
    "Identifier",
    "DisplayName_L1",
    "DisplayName_L2",
    "DisplayName_L16",
    "DisplayName_L17",
    "Agent",
    "Connector",
    "Connection",
    "Package",
    "CronTab",
    "CronTimeZone",
    "CronTabExpression",
    "JobIdentifier",
    "Task",
    "TaskToCompareWith",
    "Before",
    "After",
    "Occurence",
    "DependOn",
    "ChildOccurence",
    "ParentOccurence",
    "ParentTask",
    "Level",
    "ConsolidationMode",
    "OpenIdClient",
    "Profile",
    "EntityType",
    "TargetEntityType",
    "SourceEntityType",
    "IsIncremental",
    "ContinueOnError",
    "Type",
    "xmlns",
    "xmlns:x",
    "xsi:type",
    "Bogus",
];

const CRONS: &[&str] = &[
    "*/15 * * * *",
    "0 0 * * *",
    "0 30 2 * * *",
    "0 0 1 1 *",
    "0 0 29 2 *",
    "0 0 31 4 *",
    "5-1 * * * *",
    "0 8-18/2 * * MON-FRI",
    "* * * * *",
    "0 0 1,15 * SUN",
];

const CRON_TOKENS: &[&str] = &[
    "*/0",
    "61",
    "60",
    "24",
    "32",
    "13",
    "7",
    "8",
    "0",
    "-1",
    "99999999999999999999",
    "4294967296",
    "2147483648",
    "0-59/99999999999",
    "1-",
    "-",
    ",",
    ",,",
    "*/",
    "/5",
    "**",
    "?",
    "L",
    "W",
    "#",
    "MON#2",
    "JAN-DEC",
    "FOO",
    "mon",
    "Ω",
    "\u{1}",
    "\u{1b}",
    "\u{FEFF}",
    "\u{FFFE}",
    "1 ",
    "\t",
    "59-0/7",
    "*/1000000",
];

/// A mutated cron expression; never holds NUL (a command-line argument cannot).
fn cron_expression(rng: &mut Rng) -> String {
    let mut fields: Vec<String> = rng.pick(CRONS).split(' ').map(str::to_string).collect();
    for _ in 0..rng.range(1, 4) {
        let i = rng.below(fields.len().max(1));
        match rng.below(8) {
            0 if !fields.is_empty() => fields[i] = rng.pick(CRON_TOKENS).to_string(),
            1 => fields.insert(i.min(fields.len()), rng.pick(CRON_TOKENS).to_string()),
            2 if !fields.is_empty() => {
                fields.remove(i);
            }
            3 if !fields.is_empty() => {
                // A very long list: up to 40,000 items (under the 128 KiB argument limit).
                let n = *rng.pick(&[2, 100, 5000, 40_000]);
                let item = *rng.pick(&["1", "1", "59", "5-9", "*/2"]);
                let n = n.min(120_000 / (item.len() + 1));
                fields[i] = vec![item; n].join(",");
            }
            4 if !fields.is_empty() => {
                let extra = rng.pick(CRON_TOKENS).to_string();
                fields[i] = format!("{}{extra}", fields[i]);
            }
            5 if !fields.is_empty() => fields[i] = fields[i].to_uppercase(),
            6 => fields.push("*".to_string()),
            _ if !fields.is_empty() => {
                fields[i] = format!("{}-{}/{}", rng.below(100), rng.below(100), rng.below(70))
            }
            _ => fields.push(rng.pick(CRON_TOKENS).to_string()),
        }
    }
    let sep = *rng.pick(&[" ", " ", " ", "  ", "\t"]);
    let mut expr = fields.join(sep);
    if rng.chance(1, 10) {
        expr = format!(" {expr} ");
    }
    expr.replace('\0', "")
}

/// A value to put between an attribute's quotes, raw (so `&#x1;` is a reference).
fn nasty_value(rng: &mut Rng, tree: &Tree) -> Vec<u8> {
    let fixed: &[&[u8]] = &[
        b"",
        b"\x01",
        b"a\x1b[31mred\x1b[0m",
        b"\0",
        b"x\0y",
        b"&#x1;",
        b"&#xFFFE;",
        b"&#xFFFF;",
        b"&#0;",
        b"&#x110000;",
        b"&#99999999999999999999;",
        b"&#xD800;",
        b"&#x41;",
        b"&amp;",
        b"&lt;&gt;&quot;&apos;",
        b"&unknown;",
        b"&",
        b"&#",
        b"<",
        b">",
        b"\"",
        b"'",
        b"99999999999999999999",
        b"-99999999999999999999",
        b"18446744073709551616",
        b"-1",
        b"0",
        b"1e9",
        b"true",
        b"TRUE",
        b"1",
        b"maybe",
        b"*/0 * * * *",
        b"61 * * * *",
        b"* * * * 7",
        b"0 0 31 2 *",
        b"* * * *",
        b"* * * * * * *",
        b"UTC",
        b"ServerTime",
        b"2",
        b"Europe/Paris",
        b"Delete",
        b"Merge",
        b"Update",
        b"Replace",
        b"Job",
        b"Local",
        b"AzureAD",
        b"Usercube.AD@0000001",
        b"\xCE\xA9mega",
        b"\xE2\x80\xAE",
        b"\xEF\xBB\xBF",
        b"\xEF\xBF\xBE",
        b"\xFF\xFE",
        b"\t\n\r",
        b"a b",
        b"  padded  ",
    ];
    match rng.below(10) {
        0 => vec![b'A'; *rng.pick(&[1000, 70_000, 200_000])],
        1 => {
            // Another value of the tree: makes duplicates and cross-references.
            let values: Vec<Vec<u8>> = tree
                .iter()
                .flat_map(|(_, bytes)| attribute_spans(bytes))
                .take(2000)
                .map(|a| a.value)
                .collect();
            if values.is_empty() {
                b"Job".to_vec()
            } else {
                rng.pick(&values).clone()
            }
        }
        2 => cron_expression(rng).into_bytes(),
        3 => {
            let n = *rng.pick(&[2, 1000, 40_000]);
            vec!["1"; n]
                .join(",")
                .into_bytes()
                .into_iter()
                .chain(*b" * * * *")
                .collect()
        }
        _ => rng.pick(fixed).to_vec(),
    }
}

fn snippet(rng: &mut Rng, tree: &Tree) -> Vec<u8> {
    let id = |rng: &mut Rng| -> String {
        let values: Vec<Vec<u8>> = tree
            .iter()
            .flat_map(|(_, bytes)| attribute_spans(bytes))
            .filter(|a| a.name == b"Identifier")
            .take(500)
            .map(|a| a.value)
            .collect();
        if values.is_empty() || rng.chance(1, 4) {
            rng.pick(&["Export", "Fulfill", "Nope", "Job", "Synchronize", ""])
                .to_string()
        } else {
            let v: &Vec<u8> = rng.pick(&values);
            String::from_utf8_lossy(v).into_owned()
        }
    };
    let (a, b) = (id(rng), id(rng));
    let parts: Vec<String> = vec![
        format!(r#"<AddTask Task="{a}" TaskToCompareWith="{b}" Before="true" />"#),
        format!(
            r#"<AddTask Task="{a}" TaskToCompareWith="{b}" After="1" Occurence="99999999999999999999" />"#
        ),
        format!(r#"<LinkDependTask Task="{a}" DependOn="{b}" ChildOccurence="3" />"#),
        format!(r#"<TaskDependsOnTask ParentTask="{a}" />"#),
        format!(r#"<Step Identifier="{a}" Level="{}" />"#, rng.below(12)),
        format!(
            r#"<Job Identifier="{a}" DisplayName_L1="J" CronTabExpression="*/0 * * * *"><ExportTask Identifier="{b}" Connector="{a}" Level="0"><TaskDependsOnTask ParentTask="{a}" /></ExportTask></Job>"#
        ),
        format!(
            r#"<Job Identifier="{a}" ConsolidationMode="{}" />"#,
            rng.pick(&["Merge", "Update", "Delete", "Bogus"])
        ),
        format!(
            r#"<CreateConnectorSynchroIncremental Connector="{a}"><CronTabExpression CronTab="{}" CronTimeZone="1" /><AddTask Task="{b}" TaskToCompareWith="Export" After="true" /></CreateConnectorSynchroIncremental>"#,
            cron_expression(rng)
        ),
        format!(r#"<CreateConnectorSynchroComplete Connector="{a}" JobIdentifier="{b}" />"#),
        format!(r#"<CreateAgentSynchroIncremental Agent="{a}" />"#),
        r#"<CreateInitializationJob />"#.to_string(),
        r#"<CleanDatabaseJob />"#.to_string(),
        r#"<CreateConnectorsJobs />"#.to_string(),
        format!(r#"<Connector Identifier="{a}" DisplayName_L1="dup" Agent="{b}" />"#),
        format!(r#"<Connection Identifier="{a}" Connector="{b}" Package="Usercube.AD@0000001" />"#),
        "<![CDATA[".to_string(),
        "<![CDATA[ x ]]>".to_string(),
        "]]>".to_string(),
        "<!--".to_string(),
        "-->".to_string(),
        "<!-- a -- b -->".to_string(),
        "<!--->".to_string(),
        r#"<!DOCTYPE ConfigurationFile [<!ENTITY e "boom">]>"#.to_string(),
        r#"<!DOCTYPE x [<!ENTITY a "&b;&b;"><!ENTITY b "&a;&a;">]>&a;"#.to_string(),
        "&e;".to_string(),
        "\u{FEFF}".to_string(),
        "\0".to_string(),
        "\u{1}\u{1b}\u{FFFE}".to_string(),
        r#"<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration"></ConfigurationFile>"#
            .to_string(),
        "</ConfigurationFile>".to_string(),
        r#"<?xml version="1.0" encoding="utf-8"?>"#.to_string(),
        "<?pi data?>".to_string(),
        r#"<x:y xmlns:x="urn:other" x:z="1" />"#.to_string(),
        r#"<a b="1" b="2" />"#.to_string(),
        "<a b=1 />".to_string(),
        "<a".to_string(),
        "</a>".to_string(),
        "<>".to_string(),
        "< a/>".to_string(),
        "<a\u{0}b/>".to_string(),
        "\r\n\r".to_string(),
    ];
    rng.pick(&parts).clone().into_bytes()
}

struct AttrSpan {
    name: Vec<u8>,
    name_start: usize,
    value: Vec<u8>,
    value_start: usize,
    value_end: usize,
}

/// `name="value"` spans of a file, found by bytes (no parsing, so broken files work too).
fn attribute_spans(bytes: &[u8]) -> Vec<AttrSpan> {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-');
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'=' && bytes[i + 1] == b'"' {
            let mut s = i;
            while s > 0 && is_name(bytes[s - 1]) {
                s -= 1;
            }
            let value_start = i + 2;
            let Some(len) = bytes[value_start..].iter().position(|&b| b == b'"') else {
                break;
            };
            if s < i {
                out.push(AttrSpan {
                    name: bytes[s..i].to_vec(),
                    name_start: s,
                    value: bytes[value_start..value_start + len].to_vec(),
                    value_start,
                    value_end: value_start + len,
                });
            }
            i = value_start + len + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// `(position of the name, name)` of every `<Name` in a file.
fn element_names(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-');
    let mut out = Vec::new();
    for i in 0..bytes.len().saturating_sub(1) {
        if bytes[i] == b'<' && bytes[i + 1].is_ascii_alphabetic() {
            let end = bytes[i + 1..]
                .iter()
                .position(|&b| !is_name(b))
                .map_or(bytes.len(), |p| i + 1 + p);
            out.push((i + 1, bytes[i + 1..end].to_vec()));
        }
    }
    out
}

/// A place between markup: right after a `>` (else anywhere).
fn tag_boundary(rng: &mut Rng, bytes: &[u8]) -> usize {
    let ends: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b'>')
        .map(|i| i + 1)
        .collect();
    if ends.is_empty() || rng.chance(1, 8) {
        rng.below(bytes.len() + 1)
    } else {
        *rng.pick(&ends)
    }
}

fn replace_all_names(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-');
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let open = bytes[i] == b'<';
        let skip = if open && bytes.get(i + 1) == Some(&b'/') {
            2
        } else {
            1
        };
        let at = i + skip;
        if open
            && bytes[at..].starts_with(from)
            && !bytes.get(at + from.len()).is_some_and(|&b| is_name(b))
        {
            out.extend_from_slice(&bytes[i..at]);
            out.extend_from_slice(to);
            i = at + from.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn show(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut s: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        write!(s, "... ({} bytes)", bytes.len()).unwrap();
    }
    format!("{s:?}")
}

/// Applies one random mutation to `tree`; returns what it did.
fn mutate(rng: &mut Rng, tree: &mut Tree) -> String {
    let xml: Vec<usize> = (0..tree.len())
        .filter(|&i| tree[i].0.ends_with(".xml"))
        .collect();
    let f = if xml.is_empty() {
        rng.below(tree.len())
    } else {
        *rng.pick(&xml)
    };
    let snapshot = tree.clone();
    let (path, bytes) = &mut tree[f];
    let path = path.clone();
    let len = bytes.len();
    match rng.below(17) {
        0 => {
            let n = rng.range(1, 9);
            for _ in 0..n {
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    bytes[at] ^= 1 << rng.below(8);
                }
            }
            format!("flip {n} bits in {path}")
        }
        1 => {
            let at = rng.below(len + 1);
            bytes.truncate(at);
            format!("truncate {path} at byte {at} of {len}")
        }
        2 => {
            let at = rng.below(len + 1);
            let n = rng.range(1, 300).min(len - at);
            bytes.drain(at..at + n);
            format!("delete bytes {at}..{} of {path}", at + n)
        }
        3 => {
            let at = rng.below(len + 1);
            let n = rng.range(1, 600).min(len - at);
            let chunk = bytes[at..at + n].to_vec();
            let to = rng.below(len + 1);
            let times = if rng.chance(1, 6) {
                rng.range(2, 200)
            } else {
                1
            };
            for _ in 0..times {
                bytes.splice(to..to, chunk.iter().copied());
            }
            format!(
                "duplicate bytes {at}..{} of {path} {times}x at {to}",
                at + n
            )
        }
        4 => {
            let names = element_names(bytes);
            if names.is_empty() {
                return mutate(rng, tree);
            }
            let (at, name) = rng.pick(&names).clone();
            let to = rng.pick(ELEMENTS).as_bytes();
            if rng.chance(1, 2) {
                *bytes = replace_all_names(bytes, &name, to);
                format!("rename every <{}> to <{}> in {path}", show(&name), show(to))
            } else {
                bytes.splice(at..at + name.len(), to.iter().copied());
                format!(
                    "rename one <{}> at {at} to <{}> in {path}",
                    show(&name),
                    show(to)
                )
            }
        }
        5 => {
            let attrs = attribute_spans(bytes);
            if attrs.is_empty() {
                return mutate(rng, tree);
            }
            let a = rng.pick(&attrs);
            let to = rng.pick(ATTRIBUTES).as_bytes();
            let (at, n) = (a.name_start, a.name.len());
            bytes.splice(at..at + n, to.iter().copied());
            format!(
                "rename attribute {} at {at} to {} in {path}",
                show(&a.name),
                show(to)
            )
        }
        6 | 7 => {
            let attrs = attribute_spans(bytes);
            if attrs.is_empty() {
                return mutate(rng, tree);
            }
            let a = rng.pick(&attrs);
            let value = if a.name.starts_with(b"CronTab") && rng.chance(1, 2) {
                cron_expression(rng).into_bytes()
            } else {
                nasty_value(rng, &snapshot)
            };
            bytes.splice(a.value_start..a.value_end, value.iter().copied());
            format!(
                "value of {} at {} set to {} in {path}",
                show(&a.name),
                a.value_start,
                show(&value)
            )
        }
        8 | 9 => {
            let s = snippet(rng, &snapshot);
            let at = tag_boundary(rng, bytes);
            bytes.splice(at..at, s.iter().copied());
            format!("insert {} at {at} in {path}", show(&s))
        }
        10 => {
            let n = *rng.pick(&[300, 1000, 3000, 5000]);
            let name = *rng.pick(&[
                "a",
                "Job",
                "ExportTask",
                "CreateConnectorSynchroIncremental",
                "x:y",
            ]);
            let closed = rng.chance(1, 2);
            let attr = rng.chance(1, 3);
            let mut s = String::new();
            for i in 0..n {
                if attr {
                    write!(s, r#"<{name} Identifier="N{i}">"#).unwrap();
                } else {
                    write!(s, "<{name}>").unwrap();
                }
            }
            if closed {
                for _ in 0..n {
                    write!(s, "</{name}>").unwrap();
                }
            }
            let at = tag_boundary(rng, bytes);
            bytes.splice(at..at, s.bytes());
            let how = if closed { "closed" } else { "unclosed" };
            format!("insert {n} nested {how} <{name}> at {at} in {path}")
        }
        11 => {
            let space = rng.chance(1, 2);
            let before = bytes.len();
            *bytes = bytes
                .iter()
                .filter_map(|&b| match b {
                    b'\n' | b'\r' if space => Some(b' '),
                    b'\n' | b'\r' => None,
                    _ => Some(b),
                })
                .collect();
            let how = if space { "spaces" } else { "nothing" };
            format!("replace every line end of {path} ({before} bytes) by {how}")
        }
        12 => {
            // A 70 KB comment, then an error on the same line: past column 65,535.
            let fill = "x".repeat(rng.range(66_000, 72_000));
            let error = *rng.pick(&[
                r#"<Connector Identifier="Far" DisplayName_L1="f" Agent="NoSuchAgent" />"#,
                r#"<Bogus />"#,
                r#"<Job Identifier="Bad Id!" />"#,
                "&nope;",
                "<a>",
                "</b>",
                "\u{1}",
            ]);
            let s = format!("<!--{fill}-->{error}");
            let at = tag_boundary(rng, bytes);
            bytes.splice(at..at, s.bytes());
            format!(
                "insert a {} byte comment then {error:?} at {at} in {path}",
                fill.len() + 7
            )
        }
        13 => {
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            if let Some(rest) = text.strip_prefix('\u{FEFF}') {
                text = rest.to_string();
            }
            if rng.chance(1, 2) {
                text = text.replace("encoding=\"utf-8\"", "encoding=\"utf-16\"");
            }
            let le = rng.chance(1, 2);
            let bom = !rng.chance(1, 8);
            let mut out = Vec::new();
            if bom {
                out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
            }
            for u in text.encode_utf16() {
                out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let odd = rng.below(3);
            match odd {
                0 => {
                    out.pop();
                }
                1 => out.push(b'\n'),
                _ => {}
            }
            *bytes = out;
            format!(
                "re-encode {path} as UTF-16 {}{}{}",
                if le { "LE" } else { "BE" },
                if bom { " with BOM" } else { " without BOM" },
                [
                    ", odd length (last byte dropped)",
                    ", odd length (byte added)",
                    ""
                ][odd]
            )
        }
        14 => {
            let at = rng.below(len + 1);
            let b = *rng.pick(&[0u8, 1, 0x1b, 0x7f, 0x80, 0xC0, 0xFE, 0xFF, b'<', b'&', b'"']);
            bytes.insert(at, b);
            format!("insert byte {b:#04x} at {at} in {path}")
        }
        15 => {
            // A second file: a copy (duplicate identifiers) or a snippet, under an odd name.
            let name = format!(
                "{}{}",
                rng.pick(&[
                    "Copy of ",
                    "sub/dir/",
                    "ÜNICODE ",
                    "back\\slash ",
                    "UPPER/",
                    ""
                ]),
                rng.pick(&["X.xml", "x.xml", "Base.xml", "AD/AD Jobs.xml", "deep.xml"])
            );
            let content = if rng.chance(1, 2) {
                bytes.clone()
            } else {
                let mut c = ROOT_OPEN.as_bytes().to_vec();
                c.extend(snippet(rng, &snapshot));
                c.extend(ROOT_CLOSE.bytes());
                c
            };
            let what = format!("add file {name:?} ({} bytes)", content.len());
            if let Some(existing) = tree.iter_mut().find(|(p, _)| *p == name) {
                existing.1 = content;
            } else {
                tree.push((name, content));
                tree.sort();
            }
            what
        }
        _ => {
            // A byte-order mark, NUL or a late declaration at the very start or end.
            let choices: [&[u8]; 6] = [
                b"\xEF\xBB\xBF",
                b"\xEF\xBB\xBF\xEF\xBB\xBF",
                b"\0",
                b"\n\n<?xml version=\"1.0\"?>",
                b"<!DOCTYPE ConfigurationFile>",
                b"<root/>",
            ];
            let s = *rng.pick(&choices);
            let at = if rng.chance(1, 2) { 0 } else { len };
            bytes.splice(at..at, s.iter().copied());
            format!("insert {} at {at} in {path}", show(s))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Running the binary

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

/// A case: a folder holding `Conf/` (the mutated tree) and, beside it, `out/`.
struct Case {
    label: String,
    dir: PathBuf,
    conf: PathBuf,
    out: PathBuf,
    timeout: Duration,
    runs: usize,
    log: Vec<String>,
}

static CASES: AtomicUsize = AtomicUsize::new(0);

impl Case {
    fn new(label: &str, tree: &Tree, timeout: Duration) -> Case {
        let dir = std::env::temp_dir().join(format!(
            "scaffc-fuzz-{}-{}-{}",
            std::process::id(),
            CASES.fetch_add(1, Ordering::Relaxed),
            label.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let conf = dir.join("Conf");
        std::fs::create_dir_all(&conf).unwrap();
        for (path, bytes) in tree {
            let path = conf.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        Case {
            label: label.to_string(),
            out: dir.join("out"),
            dir,
            conf,
            timeout,
            runs: 0,
            log: Vec::new(),
        }
    }

    /// Runs `scaffc args` in the case's folder, output to files (no pipe to fill), killed
    /// after the timeout. Checks the oracles every run shares.
    fn run(&mut self, args: &[OsString]) -> Result<Run, String> {
        let line = args
            .iter()
            .map(|a| {
                let a = a.to_string_lossy();
                let short: String = a.chars().take(80).collect();
                if short.len() < a.len() {
                    format!("{short:?}...({} bytes)", a.len())
                } else if a.contains(|c: char| c.is_whitespace() || c.is_control()) {
                    format!("{a:?}")
                } else {
                    a.into_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        self.log.push(format!("scaffc {line}"));
        let (out_path, err_path) = (self.dir.join("stdout"), self.dir.join("stderr"));
        let start = Instant::now();
        self.runs += 1;
        let mut child = Command::new(env!("CARGO_BIN_EXE_scaffc"))
            .args(args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out_path).unwrap())
            .stderr(std::fs::File::create(&err_path).unwrap())
            .spawn()
            .map_err(|e| format!("`scaffc {line}` did not start: {e}"))?;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if start.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`scaffc {line}` still runs after {:?} (killed)",
                    self.timeout
                ));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = start.elapsed();
        if took > SLOW / 2 {
            eprintln!("fuzz: {}: `scaffc {line}` took {took:.1?}", self.label);
        }
        let run = Run {
            code: status.code(),
            stdout: std::fs::read(&out_path).unwrap(),
            stderr: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
        };
        let _ = std::fs::remove_file(&out_path);
        let _ = std::fs::remove_file(&err_path);
        let tail = |s: &str| -> String {
            let chars: Vec<char> = s.chars().collect();
            chars[chars.len().saturating_sub(3000)..].iter().collect()
        };
        if !matches!(run.code, Some(0..=2)) {
            return Err(format!(
                "`scaffc {line}` ended with {status} (expected exit 0, 1 or 2)\nstderr:\n{}",
                tail(&run.stderr)
            ));
        }
        if run.stderr.contains("panicked") || run.stderr.contains("internal error") {
            return Err(format!(
                "`scaffc {line}` reported a crash (exit {:?})\nstderr:\n{}",
                run.code,
                tail(&run.stderr)
            ));
        }
        Ok(run)
    }

    fn conf_arg(&self) -> OsString {
        self.conf.clone().into_os_string()
    }
}

fn args(items: &[&dyn AsRefOs]) -> Vec<OsString> {
    items.iter().map(|a| a.os()).collect()
}

trait AsRefOs {
    fn os(&self) -> OsString;
}
impl AsRefOs for &str {
    fn os(&self) -> OsString {
        OsString::from(*self)
    }
}
impl AsRefOs for String {
    fn os(&self) -> OsString {
        OsString::from(self)
    }
}
impl AsRefOs for OsString {
    fn os(&self) -> OsString {
        self.clone()
    }
}

/// Every path under `dir` (folders as `None`) with the bytes of each file.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                out.insert(path.clone(), None);
                walk(&path, out);
            } else {
                out.insert(path.clone(), Some(std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

// ---------------------------------------------------------------------------------------
// Oracles

/// A character XML 1.0 does not allow in a document.
fn forbidden(c: char) -> bool {
    (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// `expand`'s standard output is one well-formed XML 1.0 document.
fn well_formed(bytes: &[u8]) -> Result<(), String> {
    use quick_xml::events::Event;
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| forbidden(c)) {
        return Err(format!("forbidden character {c:?} at byte {i}"));
    }
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_comments = true;
    reader.config_mut().check_end_names = true;
    let (mut depth, mut roots) = (0usize, 0usize);
    let check_ref = |r: &quick_xml::events::BytesRef| -> Result<(), String> {
        if r.is_char_ref() {
            match r.resolve_char_ref() {
                Ok(Some(c)) if !forbidden(c) => Ok(()),
                other => Err(format!("bad character reference &{:?}; ({other:?})", r)),
            }
        } else {
            match &**r {
                "lt" | "gt" | "amp" | "apos" | "quot" => Ok(()),
                other => Err(format!("undeclared entity &{other};")),
            }
        }
    };
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error after byte {pos}: {e}"))?;
        let element = |e: &quick_xml::events::BytesStart| -> Result<(), String> {
            for attr in e.attributes() {
                let attr = attr.map_err(|e| format!("attribute error near byte {pos}: {e}"))?;
                let value = attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| format!("attribute value error near byte {pos}: {e}"))?;
                if let Some(c) = value.chars().find(|&c| forbidden(c)) {
                    return Err(format!("attribute value near byte {pos} holds {c:?}"));
                }
            }
            Ok(())
        };
        match event {
            Event::Start(e) => {
                element(&e)?;
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Event::Empty(e) => {
                element(&e)?;
                if depth == 0 {
                    roots += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Text(t)
                if depth == 0 && !t.chars().all(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) =>
            {
                return Err(format!("text outside the root near byte {pos}"));
            }
            Event::GeneralRef(r) => {
                if depth == 0 {
                    return Err(format!("reference outside the root near byte {pos}"));
                }
                check_ref(&r)?;
            }
            Event::CData(_) if depth == 0 => {
                return Err(format!("CDATA outside the root near byte {pos}"))
            }
            Event::DocType(_) => return Err(format!("DOCTYPE near byte {pos}")),
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err(format!("{depth} element(s) left open at the end"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

fn json(run: &Run, what: &str) -> Result<serde_json::Value, String> {
    serde_json::from_slice(&run.stdout).map_err(|e| {
        format!(
            "{what}: standard output is not one JSON document: {e}\nstdout (start): {}",
            show(&run.stdout[..run.stdout.len().min(2000)])
        )
    })
}

/// Runs every command on the case's tree and checks the oracles.
fn oracles(case: &mut Case, rng: &mut Rng) -> Result<(), String> {
    let conf = case.conf_arg();
    let before = snapshot(&case.conf);

    // check, in every format.
    let run = case.run(&args(&[&"check", &conf, &"--format", &"json"]))?;
    let check_code = run.code;
    let doc = json(&run, "check --format json")?;
    let errors = doc["summary"]["errors"]
        .as_u64()
        .ok_or("check --format json: no summary.errors")?;
    let diagnostics = doc["diagnostics"]
        .as_array()
        .ok_or("check --format json: no diagnostics array")?
        .len();
    if check_code != Some(2) && (errors > 0) != (check_code == Some(1)) {
        return Err(format!(
            "check --format json: {errors} errors but exit {check_code:?}"
        ));
    }
    let run = case.run(&args(&[&"check", &conf, &"--format", &"sarif"]))?;
    let sarif = json(&run, "check --format sarif")?;
    let results = sarif["runs"][0]["results"].as_array().map(Vec::len);
    if check_code != Some(2) && results != Some(diagnostics) {
        return Err(format!(
            "check --format sarif: {results:?} results, json has {diagnostics} diagnostics"
        ));
    }
    let mut codes = vec![("sarif", run.code)];
    let color = if rng.chance(1, 4) { "always" } else { "never" };
    let run = case.run(&args(&[&"check", &conf, &"--color", &color]))?;
    codes.push(("human", run.code));
    let run = case.run(&args(&[&"check", &conf, &"--format", &"github"]))?;
    codes.push(("github", run.code));
    for (format, code) in codes {
        if code != check_code {
            return Err(format!(
                "check --format {format} exits {code:?}, --format json {check_code:?}"
            ));
        }
    }

    // expand to standard output.
    let run = case.run(&args(&[&"expand", &conf]))?;
    if run.code == Some(0) {
        well_formed(&run.stdout).map_err(|e| {
            let keep = case.dir.join("expand.stdout.xml");
            std::fs::write(&keep, &run.stdout).unwrap();
            format!("expand exits 0 but its output is not well-formed XML: {e} (kept in {keep:?})")
        })?;
    } else if !run.stdout.is_empty() {
        return Err(format!(
            "expand exits {:?} but prints on standard output",
            run.code
        ));
    }
    if check_code != Some(2) && run.code != check_code {
        return Err(format!(
            "expand exits {:?} but check exits {check_code:?}",
            run.code
        ));
    }
    let xml = run.stdout;

    // expand --out, then --check of what it wrote.
    let out = case.out.clone().into_os_string();
    let wrote = case.run(&args(&[&"expand", &conf, &"--out", &out]))?;
    if wrote.code != run.code {
        return Err(format!(
            "expand --out exits {:?}, expand {:?}",
            wrote.code, run.code
        ));
    }
    let checked = case.run(&args(&[&"expand", &conf, &"--out", &out, &"--check"]))?;
    if wrote.code == Some(0) && checked.code != Some(0) {
        return Err(format!(
            "expand --out --check exits {:?} right after expand --out wrote\nstdout:\n{}\nstderr:\n{}",
            checked.code,
            show(&checked.stdout[..checked.stdout.len().min(3000)]),
            checked.stderr
        ));
    }

    // steps and graph of a generated job.
    if !xml.is_empty() && rng.chance(1, 3) {
        let text = String::from_utf8_lossy(&xml);
        let jobs: Vec<&str> = text
            .match_indices("<Job Identifier=\"")
            .filter_map(|(i, m)| text[i + m.len()..].split('"').next())
            .collect();
        if !jobs.is_empty() {
            let job = rng.pick(&jobs).to_string();
            case.run(&args(&[&"steps", &conf, &job]))?;
            let format = *rng.pick(&["mermaid", "dot"]);
            case.run(&args(&[&"graph", &conf, &job, &"--format", &format]))?;
        }
    }

    // schedule.
    if rng.chance(1, 3) {
        if rng.chance(1, 2) {
            case.run(&args(&[&"schedule", &conf, &"--from", &FROM]))?;
        } else {
            let run = case.run(&args(&[
                &"schedule",
                &conf,
                &"--from",
                &FROM,
                &"--format",
                &"json",
            ]))?;
            if run.code == Some(0) {
                json(&run, "schedule --format json")?;
            }
        }
        if rng.chance(1, 4) {
            let external = *rng.pick(&["crontab", "windows"]);
            case.run(&args(&[
                &"schedule",
                &conf,
                &"--external",
                &external,
                &"--api-url",
                &"http://localhost:5000",
            ]))?;
        }
    }

    // cron on a mutated expression.
    if rng.chance(1, 3) {
        cron_oracle(case, &cron_expression(rng), rng.chance(1, 4))?;
    }

    if snapshot(&case.conf) != before {
        return Err("the configuration tree changed".to_string());
    }
    Ok(())
}

/// `cron EXPR --from FROM --next 3`: exit 0, 1 or 2; on 0, at most three increasing
/// timestamps after `FROM`.
fn cron_oracle(case: &mut Case, expr: &str, seconds: bool) -> Result<(), String> {
    let mut a = args(&[&"cron", &"--from", &FROM, &"--next", &"3"]);
    if seconds {
        a.push("--seconds".into());
    }
    a.push("--".into());
    a.push(expr.into());
    let run = case.run(&a)?;
    if run.code == Some(0) {
        let text = String::from_utf8_lossy(&run.stdout);
        let mut last = FROM.to_string();
        let lines: Vec<&str> = text.lines().collect();
        if lines.len() > 3 {
            return Err(format!("cron --next 3 printed {} lines", lines.len()));
        }
        for line in lines {
            let shape = line.len() == 19
                && line.bytes().enumerate().all(|(i, b)| match i {
                    4 | 7 => b == b'-',
                    10 => b == b'T',
                    13 | 16 => b == b':',
                    _ => b.is_ascii_digit(),
                });
            if !shape || *line <= *last {
                return Err(format!("cron printed {line:?} after {last:?}"));
            }
            last = line.to_string();
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The bounded-time loop

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={v:?} is not a number")))
}

/// One fuzzed case: returns the number of runs, or a failure report.
fn fuzz_one(trees: &[(String, Tree)], seed: u64) -> Result<(usize, String), String> {
    let mut rng = Rng::new(seed);
    let (name, tree) = rng.pick(trees);
    let mut tree = tree.clone();
    let n = rng.range(1, 5);
    let mutations: Vec<String> = (0..n).map(|_| mutate(&mut rng, &mut tree)).collect();
    let mut case = Case::new(&format!("{seed}"), &tree, TIMEOUT);
    match oracles(&mut case, &mut rng) {
        Ok(()) => {
            if std::env::var_os("SCAFFC_FUZZ_KEEP").is_none() {
                let _ = std::fs::remove_dir_all(&case.dir);
            }
            Ok((
                case.runs,
                format!("fixtures/{name}: {}", mutations.join("; ")),
            ))
        }
        Err(e) => {
            let mut report = format!(
                "FUZZ FAILURE, seed {seed} (replay: SCAFFC_FUZZ_SEED={seed} cargo test --test fuzz fuzz_ -- --nocapture)\n  fixture: fixtures/{name}\n"
            );
            for m in &mutations {
                writeln!(report, "  mutation: {m}").unwrap();
            }
            writeln!(
                report,
                "  command: {}\n  folder kept: {}\n  (cd there; CONF is ./Conf)\n  {e}",
                case.log.last().map_or("", String::as_str),
                case.dir.display()
            )
            .unwrap();
            Err(report)
        }
    }
}

#[test]
fn fuzz_the_binary_for_a_bounded_time() {
    let trees = seed_trees();
    assert!(trees.len() >= 10, "too few fixture trees: {}", trees.len());
    let start = Instant::now();
    let seconds = std::env::var("SCAFFC_FUZZ_SECONDS")
        .ok()
        .map(|s| {
            s.trim()
                .parse::<f64>()
                .expect("SCAFFC_FUZZ_SECONDS is a number")
        })
        .unwrap_or(DEFAULT_SECONDS);
    let budget = Duration::from_secs_f64(seconds.max(0.0));
    let seeds: Box<dyn Iterator<Item = u64>> = match env_u64("SCAFFC_FUZZ_SEED") {
        Some(seed) => Box::new(std::iter::once(seed)),
        None => {
            let base = BASE_SEED ^ env_u64("SCAFFC_FUZZ_SEED_BASE").unwrap_or(0);
            eprintln!(
                "fuzz: seeds from {base} for {seconds} s over {} trees",
                trees.len()
            );
            Box::new((0u64..).map(move |i| base.wrapping_add(i)))
        }
    };
    let single = std::env::var("SCAFFC_FUZZ_SEED").is_ok();
    let (mut cases, mut runs, mut failures) = (0u64, 0usize, Vec::new());
    for seed in seeds {
        if !single && cases >= MIN_CASES && start.elapsed() >= budget {
            break;
        }
        cases += 1;
        let case_start = Instant::now();
        match fuzz_one(&trees, seed) {
            Ok((n, what)) => {
                runs += n;
                let took = case_start.elapsed();
                if took > SLOW {
                    eprintln!("fuzz: seed {seed} took {took:.1?} ({n} runs): {what}");
                }
            }
            Err(report) => {
                eprintln!("{report}");
                failures.push(report);
                if failures.len() >= 5 {
                    break;
                }
            }
        }
    }
    let summary = format!(
        "fuzz: {cases} trees, {runs} runs, {} failures in {:.1} s",
        failures.len(),
        start.elapsed().as_secs_f64()
    );
    eprintln!("{summary}");
    println!("{summary}");
    assert!(failures.is_empty(), "{summary}\n\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Fixed cases, always run

fn sample_plus(name: &str, extra: &[(&str, Vec<u8>)]) -> Case {
    let mut tree = read_tree(&repo().join("fixtures/sample/Conf"));
    for (path, bytes) in extra {
        tree.push((path.to_string(), bytes.clone()));
    }
    Case::new(name, &tree, BIG_TIMEOUT)
}

/// Runs the oracles on a fixed case; returns `check --format json`'s document.
fn fixed(mut case: Case) -> serde_json::Value {
    let mut rng = Rng::new(7);
    if let Err(e) = oracles(&mut case, &mut rng) {
        panic!(
            "{}: {e}\n  commands: {:#?}\n  folder kept: {}",
            case.label,
            case.log,
            case.dir.display()
        );
    }
    let conf = case.conf_arg();
    let run = case
        .run(&args(&[&"check", &conf, &"--format", &"json"]))
        .unwrap();
    let _ = std::fs::remove_dir_all(&case.dir);
    serde_json::from_slice(&run.stdout).unwrap()
}

fn codes(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn one_hundred_thousand_nested_elements() {
    let n = 100_000;
    let mut body = String::from(ROOT_OPEN);
    body.push_str(&"<Job>".repeat(n));
    body.push_str(&"</Job>".repeat(n));
    body.push_str(ROOT_CLOSE);
    let doc = fixed(sample_plus("deep", &[("Deep.xml", body.into_bytes())]));
    assert_eq!(codes(&doc), ["too-deep"], "{doc:#}");
}

#[test]
fn an_error_at_the_end_of_a_70_kb_line() {
    let mut body = ROOT_OPEN.trim_end().to_string();
    body.push_str("<!--");
    body.push_str(&"x".repeat(70_000));
    body.push_str(r#"--><Connector Identifier="Far" DisplayName_L1="f" Agent="NoSuchAgent" />"#);
    body.push_str(ROOT_CLOSE.trim_end());
    let doc = fixed(sample_plus("long-line", &[("Long.xml", body.into_bytes())]));
    let diags = doc["diagnostics"].as_array().unwrap();
    let far = diags
        .iter()
        .find(|d| d["code"] == "unknown-agent")
        .unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(far["line"], 2, "{far:#}");
    assert!(far["column"].as_u64().unwrap() > 65_535, "{far:#}");
}

#[test]
fn forbidden_characters_raw_and_by_reference() {
    let mut body = ROOT_OPEN.as_bytes().to_vec();
    body.extend_from_slice(
        b"  <Connector Identifier=\"A\" DisplayName_L1=\"raw \x01 and \x1b[31m\" Agent=\"Local\" />
  <Connector Identifier=\"B\" DisplayName_L1=\"ref &#x1; and &#xFFFE; and &#0;\" Agent=\"Local\" />
",
    );
    body.extend_from_slice(b"  <Connector Identifier=\"C\" DisplayName_L1=\"nul \0 and \xEF\xBF\xBE\" Agent=\"Local\" />\n");
    body.extend_from_slice(
        b"  <CreateConnectorSynchroIncremental Connector=\"A\" DisplayName_L1=\"\x01\" />\n",
    );
    body.extend_from_slice(ROOT_CLOSE.as_bytes());
    let doc = fixed(sample_plus("forbidden", &[("Forbidden.xml", body)]));
    assert!(doc["summary"]["errors"].as_u64().unwrap() > 0, "{doc:#}");
    assert!(codes(&doc).iter().all(|c| c == "xml-syntax"), "{doc:#}");
}

#[test]
fn cron_expressions_of_40000_items_and_bad_fields() {
    let mut case = Case::new("cron", &Vec::new(), BIG_TIMEOUT);
    let long = vec!["1"; 40_000].join(",");
    for (expr, seconds) in [
        (format!("{long} * * * *"), false),
        (format!("0 {long} * * * *"), true),
        ("*/0 * * * *".to_string(), false),
        ("61 * * * *".to_string(), false),
        ("99999999999999999999 * * * *".to_string(), false),
        ("0 0 31 2 *".to_string(), false),
        ("".to_string(), false),
    ] {
        if let Err(e) = cron_oracle(&mut case, &expr, seconds) {
            panic!("{e}\n  folder kept: {}", case.dir.display());
        }
    }
    let _ = std::fs::remove_dir_all(&case.dir);
}

/// Found by this fuzzer (a comment inserted inside an attribute value): a raw `<` in an
/// attribute value was accepted, though XML 1.0 and the product's reader reject it.
#[test]
fn a_raw_less_than_in_an_attribute_value_is_a_syntax_error() {
    let body = format!(
        "{ROOT_OPEN}  <Agent Identifier=\"a&lt;b\" DisplayName_L1=\"ok\" />\n  <Agent Identifier=\"c<d\" DisplayName_L1=\"x\" />\n{ROOT_CLOSE}"
    );
    let doc = fixed(sample_plus("lt-in-value", &[("Lt.xml", body.into_bytes())]));
    let syntax: Vec<_> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "xml-syntax")
        .collect();
    assert_eq!(syntax.len(), 1, "{doc:#}");
    assert_eq!(
        (&syntax[0]["line"], &syntax[0]["column"]),
        (&4.into(), &23.into()),
        "{doc:#}"
    );
}

/// Found by this fuzzer: "did you mean" computed the edit distance of a huge unknown
/// reference against every declared name (seconds per run for 100 KB in a debug build).
#[test]
fn a_500_kb_unknown_reference_is_quick() {
    let mut tree = read_tree(&repo().join("fixtures/demo/Conf"));
    let huge = format!("Directory_{}", "x".repeat(500_000));
    let file = tree
        .iter_mut()
        .find(|(_, b)| b.windows(18).any(|w| w == b"TargetEntityType=\""))
        .expect("a resource type in the demo");
    let text = String::from_utf8(file.1.clone()).unwrap();
    let at = text.find("TargetEntityType=\"").unwrap() + "TargetEntityType=\"".len();
    let end = at + text[at..].find('"').unwrap();
    file.1 = format!("{}{huge}{}", &text[..at], &text[end..]).into_bytes();
    let case = Case::new("huge-reference", &tree, TIMEOUT);
    let doc = fixed(case);
    assert!(
        codes(&doc).contains(&"unknown-entity-type".to_string()),
        "{doc:#}"
    );
}
