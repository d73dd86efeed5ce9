//! Helpers shared by the integration tests: configurations built in memory, and fixture
//! trees read from `fixtures/`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scaffc::Sources;

pub const ROOT_OPEN: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ConfigurationFile xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"urn:schemas-usercube-com:configuration\">\n";

/// A configuration file holding `body`.
pub fn wrap(body: &str) -> String {
    format!("{ROOT_OPEN}{body}\n</ConfigurationFile>\n")
}

/// Sources from `(path, body)` pairs, each body wrapped in a configuration root.
pub fn conf(files: &[(&str, &str)]) -> Sources {
    Sources::new(files.iter().map(|(p, b)| (p.to_string(), wrap(b))))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `*.xml` file under `dir`, as `(relative path, bytes)`.
pub fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "xml") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out
}

pub fn fixture(rel: &str) -> Sources {
    Sources::new(read_tree(&repo().join("fixtures").join(rel)))
}

/// The declarations most tests start from: agent `Local`, OpenId client `Job`, a
/// `Directory` connector with `Directory_User` and `Directory_Guest`, and an Entra ID
/// connector `EntraID` (display names `Entra ID` / `Entra ID FR`) with one connection of
/// `package`, one entity type and two resource types.
pub fn base(package: &str) -> String {
    format!(
        r#"  <Agent Identifier="Local" DisplayName_L1="Local" />
  <Profile Identifier="Administrator" DisplayName_L1="Administrator" />
  <OpenIdClient Identifier="Job" HashedSecret="x" DisplayName_L1="Job" Profile="Administrator" />
  <Connector Identifier="Directory" DisplayName_L1="Directory" DisplayName_L2="Référentiel" Agent="Local" />
  <EntityType Identifier="Directory_User" DisplayName_L1="User" />
  <EntityType Identifier="Directory_Guest" DisplayName_L1="Guest" />
  <EntityTypeMapping Identifier="Directory_User" Connector="Directory" />
  <EntityTypeMapping Identifier="Directory_Guest" Connector="Directory" />
  <Connector Identifier="EntraID" DisplayName_L1="Entra ID" DisplayName_L2="Entra ID FR" Agent="Local" />
  <Connection Identifier="EntraIDExportFulfillment" DisplayName_L1="c" Connector="EntraID" Package="{package}" />
  <EntityType Identifier="EntraID_DirectoryObject" DisplayName_L1="Object" />
  <EntityTypeMapping Identifier="EntraID_DirectoryObject" Connector="EntraID" />
  <ResourceType Identifier="EntraID_DirectoryObject_NominativeUser" DisplayName_L1="r" Policy="Default" TargetEntityType="EntraID_DirectoryObject" SourceEntityType="Directory_User" />
  <ResourceType Identifier="EntraID_DirectoryObject_Guest" DisplayName_L1="r" Policy="Default" TargetEntityType="EntraID_DirectoryObject" SourceEntityType="Directory_Guest" />"#
    )
}

/// Expands and returns the XML, failing the test on any error.
pub fn expand_ok(sources: &Sources) -> String {
    let out = scaffc::expand(sources);
    let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    out.xml
}

/// The diagnostics as `code file:line:col-line:col text-under-the-range` lines.
pub fn located(sources: &Sources, diags: &[scaffc::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let f = sources.file(d.primary.file);
            let a = f.line_col(d.primary.range.start);
            let b = f.line_col(d.primary.range.end);
            format!(
                "{} {}:{}:{}-{}:{} `{}`",
                d.code,
                f.path,
                a.line,
                a.column,
                b.line,
                b.column,
                f.slice(d.primary.range.clone())
            )
        })
        .collect()
}

/// The documented outputs show the `<Job>` at depth 0; ours is at depth 1 inside the root.
/// Strip the declaration, the root and one level of indentation, nothing else.
pub fn strip_root(xml: &str) -> String {
    let body = xml
        .strip_prefix(scaffc::render::xml::DECLARATION)
        .and_then(|s| s.strip_prefix(scaffc::render::xml::ROOT_OPEN))
        .and_then(|s| s.strip_suffix(scaffc::render::xml::ROOT_CLOSE))
        .expect("a document with the standard root");
    body.lines()
        .map(|l| l.strip_prefix("  ").expect("indented by the root"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// A fresh temporary folder (canonical path), removed when dropped.
pub struct Temp(pub PathBuf);

impl Temp {
    pub fn new(name: &str) -> Temp {
        let dir = std::env::temp_dir().join(format!("scaffc-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Temp(dir.canonicalize().unwrap())
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the regular files and folders of `from` to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every entry under `dir` but folders, never following a link nor opening anything but a
/// regular file: path -> bytes (a link as `-> target`, a FIFO or device as `<special>`);
/// empty when `dir` does not exist. Compared before and after a command to prove it changed
/// nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let ft = std::fs::symlink_metadata(&path).unwrap().file_type();
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(path, format!("-> {}", target.display()).into_bytes());
            } else if ft.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path, bytes);
            } else {
                out.insert(path, b"<special>".to_vec());
            }
        }
    }
    out
}
