//! `scaffc expand --out DIR [--check]`: one document per scaffolding under `DIR`, written
//! so that a configuration in version control can carry its reviewed expansion.
//!
//! This is the one module of scaffc that writes files, and every rule about writing is here:
//!
//! - Layout: `DIR/<ScaffoldingElementName>/<JobIdentifier>.xml`; **(decision)** a scaffolding
//!   that generates several jobs (`CreateConnectorsJobs`) is written to
//!   `DIR/<ScaffoldingElementName>/<ScaffoldingElementName>.xml`.
//! - `DIR` and the configuration folder never overlap ([`refuse_overlap`]): neither may be
//!   the other or inside it.
//! - `DIR/.scaffc`, the **marker**, lists the files scaffc wrote (format `scaffc-out 1`).
//!   `DIR` must be absent, empty, or hold a marker; anything else is refused untouched. Only
//!   the files the marker lists are ever replaced or removed; any other file in `DIR`
//!   (`.gitattributes`, `README.md`, ...) is left alone, and one standing where scaffc would
//!   write is an error. A marker of scaffc 0.1 (no list) owns exactly the paths scaffc writes
//!   now: the folder is upgraded without touching anything else.
//! - **No symbolic link inside `DIR` is followed**: a link where a folder is expected is an
//!   error; a link where an owned file is expected is replaced (the link, never its target).
//! - Writes are atomic: a temporary file created exclusively (`O_CREAT|O_EXCL`, unique name)
//!   in the same folder, synced, then renamed. The marker is written first holding every
//!   path that may be written, so an interrupted run leaves a folder the next run owns;
//!   temporary files left by an interrupted run are removed by the next one.
//! - Runs on one `DIR` are serialised by a lock (`DIR/.scaffc.lock`, removed at the end): a
//!   second concurrent run exits with a clear message instead of mixing outputs.
//! - Unchanged files are not rewritten (their modification time stays).
//! - `--check` writes nothing and returns a unified diff per stale, missing or extra file;
//!   "extra" means a file the marker lists that is no longer generated. It refuses a folder
//!   without a marker that holds files.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::expand::Expansion;
use crate::fs::{read_regular, ReadError, MARKER, MAX_FILE_BYTES};
use crate::render::xml::document;

/// The lock file serialising runs on one folder.
pub const LOCK: &str = ".scaffc.lock";

/// The first line of the marker: its format and version.
const MARKER_HEADER: &str = "scaffc-out 1";
const MARKER_COMMENT: &str = "# Written by `scaffc expand --out`. scaffc replaces or removes only the files listed below; nothing else in this folder is touched.";

/// The files to write: path relative to `DIR` (with `/`) -> content. Ordered, so that every
/// listing and diff is stable. The marker is not one of them.
pub type Files = BTreeMap<String, String>;

/// One document per scaffolding.
pub fn files<'a>(expansions: impl IntoIterator<Item = &'a Expansion<'a>>) -> Files {
    let mut out = Files::new();
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

/// Adds the files of the scaffoldings beyond jobs: `<Kind>/<Key>.xml` for each one scaffc
/// expands (templates included: their file holds what they generate and the child
/// scaffoldings they produce, as the product's export writes them), `Key` being its
/// `Profile` and `EntityType` joined by `_` (`cli.md`), with `_2`, `_3`... for repeats in
/// order.
pub fn add_rule_files(out: &mut Files, rules: &[crate::acr::expand::AcrExpansion<'_>]) {
    let expanded: Vec<_> = rules.iter().filter(|e| e.not_expanded.is_none()).collect();
    let bases: Vec<String> = expanded
        .iter()
        .map(|e| format!("{}/{}", e.kind.name(), file_name(&e.key())))
        .collect();
    // A repeat's `_n` must not be another key's name (`X` twice and `X_2`): the first of
    // each name keeps it, and a repeat takes the next `_n` that no key has and no repeat
    // took.
    let mut taken: std::collections::BTreeSet<String> = bases.iter().cloned().collect();
    let mut first: std::collections::BTreeSet<&str> = Default::default();
    for (e, base) in expanded.iter().zip(&bases) {
        let name = if first.insert(base) {
            base.clone()
        } else {
            let mut n = 2;
            while taken.contains(&format!("{base}_{n}")) {
                n += 1;
            }
            let name = format!("{base}_{n}");
            taken.insert(name.clone());
            name
        };
        out.insert(format!("{name}.xml"), document(e.elements.iter()));
    }
}

/// A job identifier as a file name: characters that file systems refuse become `_`.
fn file_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Names Windows reserves for devices (`CON`, `NUL`, `COM1`..., with any extension) would
    // not check out on the product's servers.
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    match name.as_str() {
        "" | "." | ".." => format!("_{name}"),
        _ if reserved => format!("_{name}"),
        _ => name,
    }
}

/// Why `DIR` cannot be used (exit 2: nothing was changed, or, for I/O errors during the
/// writes, the folder is left in a state the next run completes).
#[derive(Debug)]
pub enum OutError {
    /// `DIR` holds files and no marker: scaffc did not write it.
    Foreign(PathBuf),
    NotAFolder(PathBuf),
    /// `DIR` and the configuration folder overlap.
    Overlap {
        dir: PathBuf,
        conf: PathBuf,
    },
    /// A symbolic link where scaffc would have to follow it.
    Symlink(PathBuf),
    /// A file scaffc did not write stands where it would write.
    InTheWay(PathBuf),
    /// The marker cannot be used.
    BadMarker(PathBuf, String),
    /// Another run holds the lock.
    Busy(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for OutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutError::Foreign(p) => write!(
                f,
                "`{}` is not empty and scaffc did not write it (no `{MARKER}` file): refusing to touch its files; choose an empty or new folder",
                p.display()
            ),
            OutError::NotAFolder(p) => write!(f, "`{}` is not a folder", p.display()),
            OutError::Overlap { dir, conf } => write!(
                f,
                "`{}` and the configuration folder `{}` overlap (one is inside the other): scaffc never writes into the configuration, nor removes it; choose a folder beside it, e.g. `expanded`",
                dir.display(),
                conf.display()
            ),
            OutError::Symlink(p) => write!(
                f,
                "`{}` is a symbolic link: scaffc never follows links in its output folder; remove the link",
                p.display()
            ),
            OutError::InTheWay(p) => write!(
                f,
                "`{}` is in the way: scaffc would write there, but did not write that file (it is not listed in the folder's `{MARKER}`); move it away",
                p.display()
            ),
            OutError::BadMarker(p, why) => write!(f, "`{}`: {why}", p.display()),
            OutError::Busy(p) => write!(
                f,
                "another scaffc run is writing `{}` (it holds `{LOCK}`); wait for it to finish and run again",
                p.display()
            ),
            OutError::Io(p, e) => write!(f, "`{}`: {e}", p.display()),
        }
    }
}

fn io(p: &Path) -> impl FnOnce(std::io::Error) -> OutError + '_ {
    move |e| OutError::Io(p.to_path_buf(), e)
}

/// Refuses a `DIR` that overlaps the configuration folder `conf` in either direction
/// (through links too: both are resolved first).
pub fn refuse_overlap(dir: &Path, conf: &Path) -> Result<(), OutError> {
    let overlap = match (crate::fs::resolve(dir), crate::fs::resolve(conf)) {
        (Some(d), Some(c)) => crate::fs::overlap(&d, &c),
        // Cannot tell: refuse rather than risk it.
        _ => true,
    };
    if overlap {
        return Err(OutError::Overlap {
            dir: dir.to_path_buf(),
            conf: conf.to_path_buf(),
        });
    }
    Ok(())
}

/// What a folder's marker says scaffc owns.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owned {
    /// The listed paths.
    Listed(BTreeSet<String>),
    /// A marker of scaffc 0.1 (no list): the paths scaffc writes now.
    Legacy,
}

impl Owned {
    fn paths(&self, files: &Files) -> BTreeSet<String> {
        match self {
            Owned::Listed(set) => set.clone(),
            Owned::Legacy => files.keys().cloned().collect(),
        }
    }
}

/// The state of `DIR` before a run.
#[derive(Debug)]
enum State {
    Absent,
    /// Empty, or holding only what an interrupted run of scaffc leaves (temporary files,
    /// the lock).
    Empty,
    Ours(Owned),
}

/// Whether a name is one of scaffc's temporary files.
fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".scaffc-tmp")
}

/// A path listed in a marker: relative, `/`-separated, no `.`/`..`/empty component, not
/// the marker or lock. Anything else would let a committed marker point outside `DIR`.
fn valid_listed_path(p: &str) -> bool {
    let drive = p.len() >= 2 && p.as_bytes()[1] == b':';
    !(p.is_empty()
        || p.contains('\\')
        || p.chars().any(crate::render::is_control)
        || p.starts_with('/')
        || drive)
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
        && p != MARKER
        && p != LOCK
}

fn parse_marker(path: &Path, bytes: &[u8]) -> Result<Owned, OutError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| OutError::BadMarker(path.to_path_buf(), "not valid UTF-8".into()))?;
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    if let Some(version) = first.strip_prefix("scaffc-out ") {
        if version.trim() != "1" {
            return Err(OutError::BadMarker(
                path.to_path_buf(),
                format!("written by a newer scaffc (format `{first}`); upgrade scaffc"),
            ));
        }
        let mut set = BTreeSet::new();
        for line in lines {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !valid_listed_path(line) {
                return Err(OutError::BadMarker(
                    path.to_path_buf(),
                    format!(
                        "it lists `{}`, which is not a path inside the folder: refusing to use it",
                        line.escape_debug()
                    ),
                ));
            }
            set.insert(line.to_string());
        }
        Ok(Owned::Listed(set))
    } else {
        // scaffc 0.1 wrote an empty marker or one line of prose.
        Ok(Owned::Legacy)
    }
}

fn marker_text(paths: &BTreeSet<String>) -> String {
    let mut s = format!("{MARKER_HEADER}\n{MARKER_COMMENT}\n");
    for p in paths {
        s.push_str(p);
        s.push('\n');
    }
    s
}

/// Looks at `dir` without walking it (only its own entries and the marker).
fn inspect(dir: &Path) -> Result<State, OutError> {
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A broken link; not a folder a concurrent run created in the meantime.
            if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(OutError::BadMarker(
                    dir.to_path_buf(),
                    "a broken symbolic link".into(),
                ));
            }
            return Ok(State::Absent);
        }
        Err(e) => return Err(OutError::Io(dir.to_path_buf(), e)),
        Ok(m) if !m.is_dir() => return Err(OutError::NotAFolder(dir.to_path_buf())),
        Ok(_) => {}
    }
    // List first, then look for the marker: a concurrent first run writes its marker
    // before any other file and never removes it, so a folder seen with other files and
    // then without a marker really is someone else's.
    let mut foreign = false;
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(is_temp(&name) || name == LOCK) {
            foreign = true;
            break;
        }
    }
    let marker = dir.join(MARKER);
    match std::fs::symlink_metadata(&marker) {
        Ok(m) if m.file_type().is_symlink() => return Err(OutError::Symlink(marker)),
        Ok(_) => {
            let bytes = read_regular(&marker, MAX_FILE_BYTES, false)
                .map_err(|e| OutError::BadMarker(marker.clone(), format!("cannot be read: {e}")))?;
            return parse_marker(&marker, &bytes).map(State::Ours);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(OutError::Io(marker, e)),
    }
    if foreign {
        return Err(OutError::Foreign(dir.to_path_buf()));
    }
    Ok(State::Empty)
}

/// What stands at a path inside `DIR`, never following a link: `Ok(None)` when nothing
/// (or a missing folder above it), an error when a folder above it is a link or a file.
fn lstat_inside(dir: &Path, rel: &str) -> Result<Option<std::fs::Metadata>, OutError> {
    let mut path = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(OutError::Io(path, e)),
        };
        if i + 1 == parts.len() {
            return Ok(Some(meta));
        }
        if meta.file_type().is_symlink() {
            return Err(OutError::Symlink(path));
        }
        if !meta.is_dir() {
            return Err(OutError::InTheWay(path));
        }
    }
    Ok(None)
}

/// Creates the folders of `rel` under `dir`, refusing links.
fn create_parents(dir: &Path, rel: &str) -> Result<(), OutError> {
    let mut path = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len() - 1] {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(OutError::Symlink(path)),
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(OutError::InTheWay(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&path).map_err(io(&path))?
            }
            Err(e) => return Err(OutError::Io(path, e)),
        }
    }
    Ok(())
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `content` to `folder/name` atomically: a temporary file created exclusively with
/// a unique name in the same folder, synced, then renamed over the target (which, if it is
/// a link, is replaced; its target is never opened).
fn write_atomic(folder: &Path, name: &str, content: &[u8]) -> Result<(), OutError> {
    write_atomic_with(folder, name, content, None)
}

/// [`write_atomic`], the new file getting `permissions` (a file rewritten in place keeps
/// its own).
pub(crate) fn write_atomic_with(
    folder: &Path,
    name: &str,
    content: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<(), OutError> {
    let target = folder.join(name);
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = folder.join(format!(
            ".{name}.{}-{}.scaffc-tmp",
            std::process::id(),
            TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1
            }
            Err(e) => return Err(OutError::Io(tmp, e)),
        }
    };
    let result = file
        .write_all(content)
        .and_then(|_| match permissions {
            Some(p) => file.set_permissions(p),
            None => Ok(()),
        })
        .and_then(|_| file.sync_all())
        .and_then(|_| {
            drop(file);
            std::fs::rename(&tmp, &target)
        });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(OutError::Io(target, e));
    }
    Ok(())
}

/// Removes the temporary files an interrupted run left in `folder` (only there: not below).
fn remove_leftovers(folder: &Path) -> Result<(), OutError> {
    let entries = match std::fs::read_dir(folder) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(OutError::Io(folder.to_path_buf(), e)),
    };
    for entry in entries {
        let entry = entry.map_err(io(folder))?;
        if is_temp(&entry.file_name().to_string_lossy())
            && entry.file_type().is_ok_and(|t| !t.is_dir())
        {
            let p = entry.path();
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(OutError::Io(p, e)),
            }
        }
    }
    Ok(())
}

/// The lock of one folder, released (and its file removed) when dropped.
struct Lock {
    path: PathBuf,
    _file: std::fs::File,
}

impl Lock {
    fn acquire(dir: &Path) -> Result<Lock, OutError> {
        let path = dir.join(LOCK);
        for _ in 0..100 {
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(OutError::Symlink(path));
            }
            let mut options = std::fs::OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
            }
            let file = options.open(&path).map_err(io(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(OutError::Busy(dir.to_path_buf()))
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(OutError::Io(path, e)),
            }
            // The holder before us may have removed the file after we opened it: the lock
            // counts only if the path still names the file we locked.
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                let ours = file.metadata().map_err(io(&path))?;
                match std::fs::symlink_metadata(&path) {
                    Ok(now) if now.ino() == ours.ino() && now.dev() == ours.dev() => {}
                    _ => continue,
                }
            }
            return Ok(Lock { path, _file: file });
        }
        Err(OutError::Busy(dir.to_path_buf()))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so no other run can lock this file afterwards and
        // believe it holds the folder.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// What `write` did (paths relative to `DIR`; the marker is not counted).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// Reads a file scaffc owns in `DIR` (never through a link): `None` when absent or a link.
fn read_owned(path: &Path) -> Result<Option<Vec<u8>>, OutError> {
    match read_regular(path, MAX_FILE_BYTES, false) {
        Ok(b) => Ok(Some(b)),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(ReadError::Symlink) | Err(ReadError::TooLarge(_)) | Err(ReadError::NotRegular(_)) => {
            Ok(None)
        }
        Err(ReadError::Io(e)) => Err(OutError::Io(path.to_path_buf(), e)),
    }
}

/// Writes `files` to `dir` (see the module documentation). The caller has checked that
/// `dir` does not overlap the configuration ([`refuse_overlap`]).
pub fn write(dir: &Path, files: &Files) -> Result<WriteReport, OutError> {
    if let State::Absent = inspect(dir)? {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let _lock = Lock::acquire(dir)?;
    // Again under the lock: another run may have finished in between.
    let owned = match inspect(dir)? {
        State::Absent | State::Empty => BTreeSet::new(),
        State::Ours(owned) => owned.paths(files),
    };

    // Plan everything before changing anything.
    enum Action {
        Write,
        Unchanged,
    }
    let mut plan: Vec<(&String, &String, Action)> = Vec::new();
    for (rel, content) in files {
        let path = dir.join(rel);
        let action = match lstat_inside(dir, rel)? {
            None => Action::Write,
            Some(_) if !owned.contains(rel) => return Err(OutError::InTheWay(path)),
            Some(m) if m.file_type().is_symlink() => Action::Write,
            Some(m) if m.is_file() => match read_owned(&path)? {
                Some(bytes) if bytes == content.as_bytes() => Action::Unchanged,
                _ => Action::Write,
            },
            Some(_) => return Err(OutError::InTheWay(path)),
        };
        plan.push((rel, content, action));
    }
    let mut stale: Vec<&String> = Vec::new();
    for rel in owned.iter().filter(|r| !files.contains_key(*r)) {
        match lstat_inside(dir, rel)? {
            Some(m) if !m.is_dir() => stale.push(rel),
            _ => {}
        }
    }

    // The marker first, owning every path this run may leave behind.
    let mut union: BTreeSet<String> = owned.clone();
    union.extend(files.keys().cloned());
    let current_marker = read_owned(&dir.join(MARKER))?;
    let wanted = marker_text(&union);
    if current_marker.as_deref() != Some(wanted.as_bytes()) {
        write_atomic(dir, MARKER, wanted.as_bytes())?;
    }
    remove_leftovers(dir)?;
    let folders: BTreeSet<&str> = files
        .keys()
        .chain(owned.iter())
        .filter_map(|r| r.rsplit_once('/').map(|(f, _)| f))
        .collect();
    for f in &folders {
        if lstat_inside(dir, f)?.is_some_and(|m| m.is_dir()) {
            remove_leftovers(&dir.join(f))?;
        }
    }

    let mut report = WriteReport::default();
    for (rel, content, action) in plan {
        match action {
            Action::Unchanged => report.unchanged.push(rel.clone()),
            Action::Write => {
                create_parents(dir, rel)?;
                let (folder, name) = match rel.rsplit_once('/') {
                    Some((f, n)) => (dir.join(f), n),
                    None => (dir.to_path_buf(), rel.as_str()),
                };
                write_atomic(&folder, name, content.as_bytes())?;
                report.written.push(rel.clone());
            }
        }
    }
    for rel in stale {
        let path = dir.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(OutError::Io(path, e)),
        }
        report.removed.push(rel.clone());
        // Remove the folders this leaves empty, up to `dir` (real folders only).
        let mut folder = rel.rsplit_once('/').map(|(f, _)| f);
        while let Some(f) = folder {
            let p = dir.join(f);
            if !std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_dir())
                || std::fs::remove_dir(&p).is_err()
            {
                break;
            }
            folder = f.rsplit_once('/').map(|(f, _)| f);
        }
    }

    // The marker now owns exactly what is there.
    let final_marker = marker_text(&files.keys().cloned().collect());
    if final_marker != wanted {
        write_atomic(dir, MARKER, final_marker.as_bytes())?;
    }
    Ok(report)
}

/// A file that differs: its path and a unified diff (committed -> expected).
#[derive(Debug, PartialEq, Eq)]
pub struct Stale {
    pub path: String,
    pub diff: String,
}

/// Compares `dir` with `files`, writing nothing: one entry per stale, missing or extra
/// file. Only files the marker lists count as extra; a folder with files and no marker is
/// refused; no link is followed (a link where a file is expected is stale, never read).
pub fn check(dir: &Path, files: &Files) -> Result<Vec<Stale>, OutError> {
    let owned = match inspect(dir)? {
        State::Absent | State::Empty => BTreeSet::new(),
        State::Ours(owned) => owned.paths(files),
    };
    let mut out = Vec::new();
    let paths: BTreeSet<&String> = files.keys().chain(owned.iter()).collect();
    for rel in paths {
        let expected = files.get(rel).map(String::as_str);
        let (actual, note) = match lstat_inside(dir, rel)? {
            None => (None, ""),
            Some(m) if m.file_type().is_symlink() => (None, " (a symbolic link, not read)"),
            Some(m) if m.is_file() => match read_owned(&dir.join(rel))? {
                Some(b) => (Some(String::from_utf8_lossy(&b).into_owned()), ""),
                None => (None, " (not readable)"),
            },
            Some(_) => (None, " (not a file)"),
        };
        if expected == actual.as_deref() && note.is_empty() {
            continue;
        }
        if expected.is_none() && actual.is_none() && note.is_empty() {
            continue;
        }
        let old = actual.as_deref().unwrap_or("");
        let new = expected.unwrap_or("");
        let a = if actual.is_some() || !note.is_empty() {
            format!("a/{rel}{note}")
        } else {
            "/dev/null".to_string()
        };
        let b = if expected.is_some() {
            format!("b/{rel}")
        } else {
            "/dev/null".to_string()
        };
        let diff = similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&a, &b)
            .to_string();
        // Committed files are the pull request's: their control characters (ESC...) are
        // shown escaped, never sent to the terminal or the CI log.
        let diff = crate::render::escape_control(&diff).into_owned();
        out.push(Stale {
            path: rel.clone(),
            diff,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_paths_stay_inside() {
        for bad in [
            "A/\u{1b}[2Jb.xml",
            "../Conf/a.xml",
            "/etc/passwd",
            "a/../../b",
            "a//b",
            "./a",
            "c:x.xml",
            "a\\b",
            ".scaffc",
            "",
        ] {
            assert!(!valid_listed_path(bad), "{bad}");
        }
        assert!(valid_listed_path(
            "CreateConnectorsJobs/CreateConnectorsJobs.xml"
        ));
        assert!(matches!(
            parse_marker(Path::new(".scaffc"), b"scaffc-out 1\n../x\n"),
            Err(OutError::BadMarker(..))
        ));
        assert!(matches!(
            parse_marker(Path::new(".scaffc"), b"scaffc-out 2\n"),
            Err(OutError::BadMarker(..))
        ));
        assert_eq!(
            parse_marker(Path::new(".scaffc"), b"").unwrap(),
            Owned::Legacy
        );
        let listed = parse_marker(
            Path::new(".scaffc"),
            marker_text(&["A/b.xml".to_string()].into()).as_bytes(),
        )
        .unwrap();
        assert_eq!(listed, Owned::Listed(["A/b.xml".to_string()].into()));
    }

    #[test]
    fn file_names_are_never_dot_folders() {
        assert_eq!(file_name(".."), "_..");
        assert_eq!(file_name("a/b"), "a_b");
        assert_eq!(file_name("CON"), "_CON");
        assert_eq!(file_name("com1.job"), "_com1.job");
        assert_eq!(file_name("Console"), "Console");
    }
}
