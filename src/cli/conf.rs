//! What the commands read before the analysis: the configuration tree (CONF found as
//! `cli.md` says), the files named on the command line, standard input for
//! `--stdin-filename`, and `--agent-settings`. All of it through [`crate::fs`].

use std::io::Read;
use std::path::Path;

use super::CommandError;
use crate::fs::{self, Entry, Tree, TreeFile};

/// The configuration tree: CONF found as `cli.md` says (walking up from `start` when it is
/// not given), read through the safe file-system layer; a CONF without any configuration
/// file is refused.
pub(super) fn read_conf(conf: Option<&Path>, start: Option<&Path>) -> Result<Tree, CommandError> {
    let cwd = std::env::current_dir()
        .map_err(|e| CommandError(format!("cannot read the current folder: {e}")))?;
    let start = match start {
        Some(s) => cwd.join(s),
        None => cwd,
    };
    let root = fs::find_conf(conf, &start)?;
    let tree = fs::read_tree(&root)?;
    // Links are not configuration files: a tree of links only has nothing to check.
    if tree
        .files
        .iter()
        .all(|f| matches!(f.entry, fs::Entry::Symlink(_)))
    {
        return Err(CommandError(format!(
            "no configuration files under `{}` (no regular `.xml` file outside `expand --out` folders)",
            root.display()
        )));
    }
    Ok(tree)
}

/// The analysis options of `--agent-settings FILE`: the file read and parsed, a parse
/// error located by line and column.
pub(super) fn options(agent_settings: Option<&Path>) -> Result<crate::Options, CommandError> {
    let agent_settings = agent_settings
        .map(crate::agent_settings::AgentSettings::read)
        .transpose()
        .map_err(CommandError)?;
    Ok(crate::Options {
        agent_settings,
        ..crate::Options::default()
    })
}

/// Where the reports say the files are: CONF relative to the current folder (when it is
/// inside it; else as given or found), and CONF as an absolute `file://` URI ending with
/// `/` (SARIF's base).
pub(super) fn report_root(tree: &Tree) -> (String, String) {
    let shown = shown(&tree.root);
    let mut uri = crate::render::file_uri(&tree.canonical);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    (shown, uri)
}

/// A path as reports and messages show it, so that it opens from the current folder: a
/// relative path as given, an absolute one relative to the current folder when it is below
/// it (itself or through its links), else as given; with `/`, without a leading `./`.
pub(super) fn shown(p: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let below = |q: &Path| {
        q.strip_prefix(&cwd)
            .ok()
            .map(|rel| match rel.as_os_str().is_empty() {
                true => ".".to_string(),
                false => rel.display().to_string(),
            })
    };
    let text = match p.is_absolute() {
        true => below(p)
            .or_else(|| fs::resolve(p).as_deref().and_then(below))
            .unwrap_or_else(|| p.display().to_string()),
        false => p.display().to_string(),
    };
    let text = text.replace('\\', "/");
    text.strip_prefix("./").unwrap_or(&text).to_string()
}

pub(super) fn is_xml_name(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

/// The path of a file of the configuration (relative to CONF, with `/`), for a `PATH` or
/// `--stdin-filename` given on the command line; `None` when it is not under CONF.
fn relative_to_conf(canonical_root: &Path, p: &Path) -> Option<String> {
    // From the current folder when the path (or its folder) is there; else, for a relative
    // path, from CONF.
    let here = p.exists()
        || p.parent()
            .is_some_and(|d| d.as_os_str().is_empty() || d.is_dir());
    let resolved = if here || p.is_absolute() {
        fs::resolve(p)?
    } else {
        fs::resolve(&canonical_root.join(p))?
    };
    fs::relative_path(&resolved, canonical_root)
}

/// The configuration file `p` names (relative to CONF, with `/`).
pub(super) fn file_of(tree: &Tree, p: &Path) -> Result<String, CommandError> {
    relative_to_conf(&tree.canonical, p)
        .filter(|rel| tree.files.iter().any(|f| &f.path == rel))
        .ok_or_else(|| {
            CommandError(format!(
                "`{}` is not an .xml file of the configuration `{}`",
                p.display(),
                tree.root.display()
            ))
        })
}

/// Replaces (or adds) the file `name` of the tree by the content of `stdin`
/// (`check - --stdin-filename PATH`); its path relative to CONF.
pub(super) fn replace_with_stdin(
    tree: &mut Tree,
    name: &Path,
    stdin: &mut dyn Read,
) -> Result<String, CommandError> {
    let rel = relative_to_conf(&tree.canonical, name)
        .filter(|_| is_xml_name(name) && !name.is_dir())
        .ok_or_else(|| {
            CommandError(format!(
                "--stdin-filename `{}` is not an .xml file inside the configuration folder `{}`",
                name.display(),
                tree.root.display()
            ))
        })?;
    let buffer = fs::read_capped(stdin, fs::MAX_FILE_BYTES)
        .map_err(|e| CommandError(format!("cannot read standard input: {e}")))?;
    match tree.files.iter_mut().find(|f| f.path == rel) {
        Some(f) => f.entry = Entry::Bytes(buffer),
        None => tree.files.push(TreeFile {
            path: rel.clone(),
            entry: Entry::Bytes(buffer),
            problems: Vec::new(),
        }),
    }
    Ok(rel)
}
