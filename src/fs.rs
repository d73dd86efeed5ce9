//! The one file-system layer of scaffc: every byte the commands read comes through here, and
//! every rule about what is read is in this module.
//!
//! - Only **regular files** are read. FIFOs, sockets and devices are never opened for
//!   reading (on Unix the file is opened with `O_NONBLOCK | O_NOFOLLOW` and checked with
//!   `fstat` before one byte is read, so there is no window between the check and the read).
//! - The configuration folder is resolved **once** (CONF itself may be a symbolic link); below
//!   it, **no symbolic link is followed**: a link is reported (`symlink-not-followed`), naming
//!   the link, never showing its target's content.
//! - Reads are **capped** ([`MAX_FILE_BYTES`], 64 MiB): a larger file of the tree is
//!   `file-too-large`; a larger named input (standard input, `--agent-settings`) is refused.
//! - Folders holding a `.scaffc` marker (an `expand --out` folder) are never read as
//!   configuration.
//! - Two files whose paths are equal once normalised (`\` read as `/`, letters compared
//!   ignoring case as on the product's Windows servers, invalid UTF-8 replaced) are a
//!   `path-collision`; names that are not UTF-8 are shown with `\xNN` escapes, not mangled.
//! - The directory walk is iterative and exists once ([`read_tree`]).
//!
//! CONF discovery ([`find_conf`]) is here too, so that no command guesses a folder silently.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::rules::RuleId;

/// The largest file, standard input or settings file scaffc reads: 64 MiB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The marker of a folder written by `expand --out` (see `output_dir`).
pub const MARKER: &str = ".scaffc";

/// The configuration file's name.
pub const CONFIG_FILE: &str = "scaffc.toml";

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A symbolic link where links are not followed.
    Symlink,
    /// Not a regular file: what it is ("a FIFO", "a folder", ...).
    NotRegular(&'static str),
    /// Larger than the cap (the size seen, at least `limit + 1`).
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Symlink => write!(f, "it is a symbolic link"),
            ReadError::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            ReadError::TooLarge(n) => write!(
                f,
                "it is larger than {} MiB ({})",
                MAX_FILE_BYTES / (1024 * 1024),
                human_size(*n)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

fn human_size(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{n} bytes")
    }
}

/// What a file-system entry is, in words, from its type.
fn kind_of(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_char_device() || ft.is_block_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        "a folder"
    } else if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// Reads a regular file, at most `limit` bytes. With `follow` false, a symbolic link at
/// `path` itself is refused ([`ReadError::Symlink`]); the folders above it are the caller's
/// business. A FIFO, socket or device is never read (nor, for a FIFO, waited on).
pub fn read_regular(path: &Path, limit: u64, follow: bool) -> Result<Vec<u8>, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK;
        if !follow {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    {
        // No O_NOFOLLOW / O_NONBLOCK: check the entry first.
        let meta = if follow {
            std::fs::metadata(path)
        } else {
            std::fs::symlink_metadata(path)
        }
        .map_err(ReadError::Io)?;
        if meta.file_type().is_symlink() {
            return Err(ReadError::Symlink);
        }
        if !meta.is_file() {
            return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
        }
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) => {
            // O_NOFOLLOW on a link fails with ELOOP: say what it is.
            if !follow {
                if let Ok(m) = std::fs::symlink_metadata(path) {
                    if m.file_type().is_symlink() {
                        return Err(ReadError::Symlink);
                    }
                }
            }
            return Err(ReadError::Io(e));
        }
    };
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge(meta.len()));
    }
    // The size is known: one allocation, and the read that finds the end needs no more.
    read_into(file, limit, Vec::with_capacity(meta.len() as usize + 1))
}

/// Reads at most `limit` bytes of a stream (standard input): more is [`ReadError::TooLarge`].
pub fn read_capped(reader: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_into(reader, limit, Vec::new())
}

fn read_into(reader: impl Read, limit: u64, mut bytes: Vec<u8>) -> Result<Vec<u8>, ReadError> {
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A path's name as text: UTF-8 as it is, other bytes as `\xNN` (never replaced, so two
/// different names stay different).
pub fn display_name(name: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = name.as_bytes();
        let mut out = String::with_capacity(bytes.len());
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// What the walk found at one path of the tree.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A regular file's bytes.
    Bytes(Vec<u8>),
    /// A file that could not be read, with the reason.
    Unreadable(String),
    /// A symbolic link (not followed): what it points at, if anything, in words.
    Symlink(&'static str),
    /// A file over [`MAX_FILE_BYTES`], with its size.
    TooLarge(u64),
}

/// A problem of one path of the tree, reported at that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub code: RuleId,
    pub message: String,
    pub help: Option<String>,
}

/// A file of the tree: its path relative to CONF (with `/`), what was read, and problems
/// of the path itself (collisions).
#[derive(Debug, Clone)]
pub struct TreeFile {
    pub path: String,
    pub entry: Entry,
    pub problems: Vec<FileProblem>,
}

/// Every configuration file under a folder.
#[derive(Debug)]
pub struct Tree {
    /// CONF as given (for messages).
    pub root: PathBuf,
    /// CONF resolved once (links followed, absolute).
    pub canonical: PathBuf,
    /// Sorted by path.
    pub files: Vec<TreeFile>,
}

/// Why a tree could not be read at all (exit 2: the folder named on the command line).
#[derive(Debug)]
pub struct TreeError(pub String);

impl std::fmt::Display for TreeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a folder holds the `.scaffc` marker of an `expand --out` folder.
pub fn is_output_folder(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_xml(name: &OsStr) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

/// Reads every `*.xml` file under `conf` (see the module documentation). Fails only when
/// `conf` itself cannot be read; a sub-folder that cannot be listed is one unreadable entry.
pub fn read_tree(conf: &Path) -> Result<Tree, TreeError> {
    let canonical = conf
        .canonicalize()
        .map_err(|e| TreeError(format!("`{}`: {e}", conf.display())))?;
    if !canonical.is_dir() {
        return Err(TreeError(format!("`{}` is not a folder", conf.display())));
    }
    // (relative display path, raw relative path, entry)
    let mut found: Vec<(String, PathBuf, Entry)> = Vec::new();
    // The entries of `found` that are regular `.xml` files, read by the other threads as
    // the walk finds them (the walk is mostly waiting on the file system).
    let mut to_read: Vec<usize> = Vec::new();
    let mut failed: Option<TreeError> = None;
    let walk = |read: &mut dyn FnMut(PathBuf)| {
        let mut stack: Vec<(PathBuf, String)> = vec![(canonical.clone(), String::new())];
        while let Some((dir, rel)) = stack.pop() {
            if is_output_folder(&dir) {
                continue;
            }
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) if rel.is_empty() => {
                    failed = Some(TreeError(format!("cannot read `{}`: {e}", conf.display())));
                    return;
                }
                Err(e) => {
                    found.push((
                        rel.clone(),
                        dir.clone(),
                        Entry::Unreadable(format!("the folder cannot be read: {e}")),
                    ));
                    continue;
                }
            };
            let mut sub = Vec::new();
            for entry in entries {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        found.push((
                            rel.clone(),
                            dir.clone(),
                            Entry::Unreadable(format!("the folder cannot be read: {e}")),
                        ));
                        break;
                    }
                };
                let name = entry.file_name();
                let child_rel = if rel.is_empty() {
                    display_name(&name)
                } else {
                    format!("{rel}/{}", display_name(&name))
                };
                let path = entry.path();
                let ft = match entry.file_type() {
                    Ok(t) => t,
                    Err(e) => {
                        if is_xml(&name) {
                            found.push((
                                child_rel,
                                path,
                                Entry::Unreadable(format!("the file cannot be read: {e}")),
                            ));
                        }
                        continue;
                    }
                };
                if ft.is_symlink() {
                    // Look at what it points at (metadata only, never the content) to decide
                    // whether anyone would expect it to be read.
                    let target = std::fs::metadata(&path).ok();
                    let to_dir = target.as_ref().is_some_and(|m| m.is_dir());
                    if is_xml(&name) || to_dir {
                        let what = match &target {
                            Some(m) => kind_of(&m.file_type()),
                            None => "nothing (a broken link)",
                        };
                        found.push((child_rel, path, Entry::Symlink(what)));
                    }
                } else if ft.is_dir() {
                    sub.push((path, child_rel));
                } else if is_xml(&name) {
                    read(path.clone());
                    found.push((child_rel, path, Entry::Bytes(Vec::new())));
                    to_read.push(found.len() - 1);
                }
            }
            // Visit sub-folders in name order (the final order is by path anyway).
            sub.sort_by(|a, b| b.1.cmp(&a.1));
            stack.extend(sub);
        }
    };
    let read = crate::parallel::feed(0, walk, |path: PathBuf| read_file_entry(&path));
    if let Some(e) = failed {
        return Err(e);
    }
    for (i, entry) in to_read.into_iter().zip(read) {
        found[i].2 = entry;
    }
    Ok(Tree {
        root: conf.to_path_buf(),
        canonical,
        files: resolve_collisions(found),
    })
}

/// What the walk finds at the path of a regular `.xml` file: its bytes, or why it is not read.
fn read_file_entry(path: &Path) -> Entry {
    match read_regular(path, MAX_FILE_BYTES, false) {
        Ok(bytes) => Entry::Bytes(bytes),
        Err(ReadError::TooLarge(n)) => Entry::TooLarge(n),
        Err(ReadError::Symlink) => Entry::Symlink("a file"),
        Err(e) => Entry::Unreadable(format!("the file cannot be read: {e}")),
    }
}

/// One file of a tree read again (a file changed on disk under a long-lived workspace), as
/// [`read_tree`] would find it: `None` when nothing is there any more (or a folder).
pub fn read_entry(path: &Path) -> Option<Entry> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        let what = std::fs::metadata(path)
            .ok()
            .map_or("nothing (a broken link)", |m| kind_of(&m.file_type()));
        return Some(Entry::Symlink(what));
    }
    if meta.is_dir() {
        return None;
    }
    Some(read_file_entry(path))
}

/// The key under which two paths are the same file on the product's servers, from the
/// relative path's raw bytes: invalid UTF-8 replaced (as a Windows server would), `\` read
/// as `/`, letters compared ignoring case.
fn collision_key(raw: &Path) -> String {
    #[cfg(unix)]
    let text = {
        use std::os::unix::ffi::OsStrExt;
        String::from_utf8_lossy(raw.as_os_str().as_bytes()).into_owned()
    };
    #[cfg(not(unix))]
    let text = raw.to_string_lossy().into_owned();
    text.replace('\\', "/").to_lowercase()
}

/// Sorts by path and keeps the first of each group of colliding paths, with a
/// `path-collision` problem naming the others (which are not read).
fn resolve_collisions(mut found: Vec<(String, PathBuf, Entry)>) -> Vec<TreeFile> {
    found.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut keyed: Vec<(String, usize)> = found
        .iter()
        .enumerate()
        .map(|(i, f)| (collision_key(&f.1), i))
        .collect();
    keyed.sort();
    let mut dropped: Vec<bool> = vec![false; found.len()];
    let mut problems: Vec<Vec<FileProblem>> = (0..found.len()).map(|_| Vec::new()).collect();
    for group in keyed.chunk_by(|a, b| a.0 == b.0) {
        if group.len() < 2 {
            continue;
        }
        let kept = group[0].1;
        let others: Vec<&str> = group[1..]
            .iter()
            .map(|(_, i)| found[*i].0.as_str())
            .collect();
        problems[kept].push(crate::rules::path_collision::problem(
            &found[kept].0,
            &others,
        ));
        for (_, i) in &group[1..] {
            dropped[*i] = true;
        }
    }
    found
        .into_iter()
        .zip(problems)
        .zip(dropped)
        .filter(|(_, d)| !d)
        .map(|(((path, _, entry), problems), _)| TreeFile {
            path,
            entry,
            problems,
        })
        .collect()
}

/// CONF as the commands resolve it (`cli.md`, first paragraph): the given folder, which must
/// exist; or, when none is given, the nearest `scaffc.toml` (its `conf` key, default `Conf`)
/// or folder holding `Conf/`, walking up from `start` (the current folder, or the folder of
/// the first file given).
pub fn find_conf(given: Option<&Path>, start: &Path) -> Result<PathBuf, TreeError> {
    if let Some(p) = given {
        return match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => Ok(p.to_path_buf()),
            Ok(_) => Err(TreeError(format!(
                "the configuration folder `{}` is not a folder",
                p.display()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(TreeError(format!(
                "the configuration folder `{}` does not exist",
                p.display()
            ))),
            Err(e) => Err(TreeError(format!("`{}`: {e}", p.display()))),
        };
    }
    let mut dir = Some(start);
    while let Some(d) = dir {
        let config = d.join(CONFIG_FILE);
        if std::fs::symlink_metadata(&config).is_ok_and(|m| m.is_file()) {
            let conf = conf_key(&config)?;
            let path = d.join(conf);
            return if path.is_dir() {
                Ok(path)
            } else {
                Err(TreeError(format!(
                    "`{}` names the configuration folder `{}`, which does not exist",
                    config.display(),
                    path.display()
                )))
            };
        }
        let conf = d.join("Conf");
        if conf.is_dir() {
            return Ok(conf);
        }
        dir = d.parent();
    }
    Err(TreeError(format!(
        "no configuration folder found: no `{CONFIG_FILE}` and no `Conf` folder in `{}` or above it; name the folder: `scaffc check PATH/TO/Conf`",
        start.display()
    )))
}

/// The path of `path` inside the folder `root` as the tree names its files (its parts by
/// [`display_name`], joined with `/`); `None` when it is not below `root`.
pub fn relative_path(path: &Path, root: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| display_name(c.as_os_str()))
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The `conf` key of a `scaffc.toml` (default `Conf`), read as [`crate::config::Config`]
/// reads the whole file: a mistake anywhere in it is reported at its line and column.
fn conf_key(config: &Path) -> Result<String, TreeError> {
    let parsed = crate::config::Config::read(config).map_err(|e| TreeError(e.to_string()))?;
    Ok(parsed.conf.unwrap_or_else(|| "Conf".to_string()))
}

/// A path made absolute and resolved through its nearest existing ancestor (the path itself
/// may not exist yet); `None` when the current folder is unknown.
pub fn resolve(p: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(p)
    };
    let mut out = PathBuf::new();
    // Whether `out` exists (and is then canonical): links are resolved as long as it does.
    let mut exists = true;
    for c in p.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if exists {
                    match out.canonicalize() {
                        Ok(c) => out = c,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Some(out)
}

/// Whether two folders overlap: one is the other or inside it.
pub fn overlap(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("scaffc-fs-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn collision_keys() {
        let key = |p: &str| collision_key(Path::new(p));
        assert_eq!(key("AD\\AD Jobs.xml"), "ad/ad jobs.xml");
        assert_eq!(key("AD/AD Jobs.xml"), "ad/ad jobs.xml");
        assert_ne!(key("a.xml"), key("b.xml"));
        // Literal `\x41` is not an escape: two different names.
        assert_ne!(key("a\\x41.xml"), key("a\\x42.xml"));
        assert_eq!(key("a\\x41.xml"), key("a/x41.xml"));
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let raw = |b: &[u8]| collision_key(Path::new(std::ffi::OsStr::from_bytes(b)));
            assert_eq!(raw(b"bad\xff.xml"), raw(b"bad\xfe.xml"));
        }
    }

    #[test]
    fn capped_reads() {
        assert!(matches!(
            read_capped(&b"12345"[..], 4),
            Err(ReadError::TooLarge(5))
        ));
        assert_eq!(read_capped(&b"1234"[..], 4).unwrap(), b"1234");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_links_are_not_read() {
        let d = tmp("fifo");
        let fifo = d.join("x.xml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(
            read_regular(&fifo, 10, true),
            Err(ReadError::NotRegular("a FIFO"))
        ));
        std::fs::write(d.join("real.xml"), "x").unwrap();
        std::os::unix::fs::symlink(d.join("real.xml"), d.join("link.xml")).unwrap();
        assert!(matches!(
            read_regular(&d.join("link.xml"), 10, false),
            Err(ReadError::Symlink)
        ));
        assert_eq!(read_regular(&d.join("link.xml"), 10, true).unwrap(), b"x");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn conf_discovery() {
        let d = tmp("find");
        std::fs::create_dir_all(d.join("repo/Conf/AD")).unwrap();
        std::fs::create_dir_all(d.join("other/sub")).unwrap();
        std::fs::create_dir_all(d.join("other/MyConf")).unwrap();
        std::fs::write(d.join("other/scaffc.toml"), "conf = \"MyConf\"\n").unwrap();
        assert_eq!(
            find_conf(None, &d.join("repo/Conf/AD")).unwrap(),
            d.join("repo/Conf")
        );
        assert_eq!(
            find_conf(None, &d.join("repo")).unwrap(),
            d.join("repo/Conf")
        );
        assert_eq!(
            find_conf(None, &d.join("other/sub")).unwrap(),
            d.join("other/MyConf")
        );
        assert!(find_conf(Some(&d.join("missing")), &d)
            .unwrap_err()
            .0
            .contains("does not exist"));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn resolve_handles_missing_tails() {
        let d = tmp("resolve");
        let r = resolve(&d.join("a/b/../c")).unwrap();
        assert_eq!(r, d.canonicalize().unwrap().join("a/c"));
        let _ = std::fs::remove_dir_all(&d);
    }
}
