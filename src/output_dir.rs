//! `scaffc expand --out DIR [--check]`: one document per scaffolding under `DIR`, written
//! so that a configuration in version control can carry its reviewed expansion.
//!
//! This is the one module of the library that touches the file system, and only `DIR`:
//! nothing under the configuration folder is ever written.
//!
//! - Layout: `DIR/<ScaffoldingElementName>/<JobIdentifier>.xml`; **(decision)** a scaffolding
//!   that generates several jobs (`CreateConnectorsJobs`) is written to
//!   `DIR/<ScaffoldingElementName>/<ScaffoldingElementName>.xml`.
//! - `DIR/.scaffc` marks a folder scaffc writes. `DIR` must be absent, empty, or hold that
//!   marker; anything else is refused and left untouched, so that no user file is deleted.
//! - Files are compared first: an unchanged file is not rewritten (its modification time
//!   stays). A changed or new file is written to a temporary file in its folder, then renamed
//!   over the old one. Files of `DIR` that are no longer generated are removed, and the
//!   folders this leaves empty.
//! - `--check` writes nothing and returns a unified diff per stale, missing or extra file.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::expand::Expansion;
use crate::render::xml::document;

/// The marker file's name, and its content.
pub const MARKER: &str = ".scaffc";
pub const MARKER_TEXT: &str =
    "This folder is written by `scaffc expand --out`: files here are replaced or removed.\n";

/// The files to write: path relative to `DIR` (with `/`) -> content. Ordered, so that every
/// listing and diff is stable.
pub type Files = BTreeMap<String, String>;

/// One document per scaffolding, and the marker.
pub fn files<'a>(expansions: impl IntoIterator<Item = &'a Expansion<'a>>) -> Files {
    let mut out = Files::new();
    out.insert(MARKER.to_string(), MARKER_TEXT.to_string());
    for e in expansions {
        let jobs: Vec<_> = e.jobs().collect();
        let name = match jobs.as_slice() {
            [job] => job.value("Identifier").unwrap_or(e.kind()).to_string(),
            _ => e.kind().to_string(),
        };
        out.insert(
            format!("{}/{}.xml", e.kind(), file_name(&name)),
            document(e.elements.iter()),
        );
    }
    out
}

/// A job identifier as a file name: characters that file systems refuse become `_`.
fn file_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// Why `DIR` cannot be used.
#[derive(Debug)]
pub enum OutError {
    /// `DIR` holds files and no marker: scaffc did not write it.
    Foreign(PathBuf),
    NotAFolder(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for OutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutError::Foreign(p) => write!(
                f,
                "`{}` is not empty and scaffc did not write it (no `{MARKER}` file): refusing to replace its files; choose an empty or new folder",
                p.display()
            ),
            OutError::NotAFolder(p) => write!(f, "`{}` is not a folder", p.display()),
            OutError::Io(p, e) => write!(f, "`{}`: {e}", p.display()),
        }
    }
}

fn io(p: &Path) -> impl FnOnce(std::io::Error) -> OutError + '_ {
    move |e| OutError::Io(p.to_path_buf(), e)
}

/// Every file under `dir` (relative, with `/`); empty when `dir` does not exist.
fn existing(dir: &Path) -> Result<BTreeMap<String, PathBuf>, OutError> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, PathBuf>) -> Result<(), OutError> {
        for entry in std::fs::read_dir(dir).map_err(io(dir))? {
            let entry = entry.map_err(io(dir))?;
            let path = entry.path();
            if entry.file_type().map_err(io(&path))?.is_dir() {
                walk(root, &path, out)?;
            } else {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, path);
            }
        }
        Ok(())
    }
    let mut out = BTreeMap::new();
    if dir.exists() {
        if !dir.is_dir() {
            return Err(OutError::NotAFolder(dir.to_path_buf()));
        }
        walk(dir, dir, &mut out)?;
    }
    Ok(out)
}

/// What `write` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// Writes `files` to `dir` (see the module documentation).
pub fn write(dir: &Path, files: &Files) -> Result<WriteReport, OutError> {
    let present = existing(dir)?;
    if !present.is_empty() && !present.contains_key(MARKER) {
        return Err(OutError::Foreign(dir.to_path_buf()));
    }
    let mut report = WriteReport::default();
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    // The marker first: an interrupted run leaves a folder scaffc may write again.
    let mut order: Vec<(&String, &String)> = files.iter().filter(|(p, _)| *p == MARKER).collect();
    order.extend(files.iter().filter(|(p, _)| *p != MARKER));
    for (rel, content) in order {
        let path = dir.join(rel);
        if std::fs::read(&path).ok().as_deref() == Some(content.as_bytes()) {
            report.unchanged.push(rel.clone());
            continue;
        }
        let folder = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(folder).map_err(io(folder))?;
        let tmp = folder.join(format!(
            ".{}.scaffc-tmp",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(content.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        })();
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(OutError::Io(path, e));
        }
        report.written.push(rel.clone());
    }
    for (rel, path) in &present {
        if !files.contains_key(rel) {
            std::fs::remove_file(path).map_err(io(path))?;
            report.removed.push(rel.clone());
            // Remove the folders this leaves empty, up to `dir`.
            let mut folder = path.parent();
            while let Some(f) = folder {
                if f == dir || std::fs::remove_dir(f).is_err() {
                    break;
                }
                folder = f.parent();
            }
        }
    }
    Ok(report)
}

/// A file that differs: its path and a unified diff (committed -> expected).
#[derive(Debug, PartialEq, Eq)]
pub struct Stale {
    pub path: String,
    pub diff: String,
}

/// Compares `dir` with `files`, writing nothing: one entry per stale, missing or extra file.
pub fn check(dir: &Path, files: &Files) -> Result<Vec<Stale>, OutError> {
    let present = existing(dir)?;
    let mut out = Vec::new();
    let mut paths: Vec<&String> = files.keys().chain(present.keys()).collect();
    paths.sort();
    paths.dedup();
    for rel in paths {
        let expected = files.get(rel).map(String::as_str);
        let actual = match present.get(rel) {
            Some(p) => {
                Some(String::from_utf8_lossy(&std::fs::read(p).map_err(io(p))?).into_owned())
            }
            None => None,
        };
        if expected == actual.as_deref() {
            continue;
        }
        let old = actual.as_deref().unwrap_or("");
        let new = expected.unwrap_or("");
        let (a, b) = match (actual.is_some(), expected.is_some()) {
            (true, true) => (format!("a/{rel}"), format!("b/{rel}")),
            (false, _) => ("/dev/null".to_string(), format!("b/{rel}")),
            (_, false) => (format!("a/{rel}"), "/dev/null".to_string()),
        };
        let diff = similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&a, &b)
            .to_string();
        out.push(Stale {
            path: rel.clone(),
            diff,
        });
    }
    Ok(out)
}
