//! The loader: a set of `(path, bytes)` files -> decoded sources -> element trees, with
//! `xml-syntax` and `not-configuration` diagnostics. Files are parsed in parallel; the
//! result does not depend on the thread count or on the order the files were given in.

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Label};
use crate::fs::{Entry, FileProblem, TreeFile};
use crate::rules::{FileFacts, RuleId};
use crate::source::{FileId, SourceFile};
use crate::xml::{self, Element, Tree};

/// The namespace of configuration files.
pub const CONFIGURATION_NAMESPACE: &str = "urn:schemas-usercube-com:configuration";

/// Every file of a configuration tree, sorted by path (byte order).
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<Arc<SourceFile>>,
    /// Problems of the files as files (a link not followed, a file too large, a path
    /// collision), found by [`crate::fs`]; reported by the loader.
    pub problems: Vec<(FileId, FileProblem)>,
    /// Files that were not read (sorted): they stand in the tree for their diagnostics only.
    pub unread: Vec<FileId>,
}

impl Sources {
    /// Decodes the files and sorts them by path. Paths are relative to the configuration
    /// folder; `\` is read as `/`. When a path is given twice, the last one wins.
    pub fn new<P: Into<String>, B: AsRef<[u8]>>(
        files: impl IntoIterator<Item = (P, B)>,
    ) -> Sources {
        let mut files: Vec<Arc<SourceFile>> = files
            .into_iter()
            .map(|(p, b)| Arc::new(SourceFile::new(p, b.as_ref())))
            .collect();
        // Stable sort keeps the given order among equal paths; keep the last of each.
        files.sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
        let mut deduped: Vec<Arc<SourceFile>> = Vec::with_capacity(files.len());
        for f in files {
            match deduped.last_mut() {
                Some(last) if last.path == f.path => *last = f,
                _ => deduped.push(f),
            }
        }
        Sources {
            files: deduped,
            ..Sources::default()
        }
    }

    /// The files of a tree read by [`crate::fs::read_tree`] (paths are unique there, and
    /// kept as they are: they are already relative with `/`). A file that was not read is
    /// kept, empty, so that its problem is reported at it and the run goes on.
    pub fn from_tree(files: Vec<TreeFile>) -> Sources {
        // Decoding indexes each file's lines and wide characters: on every core.
        let decoded = crate::parallel::map_owned(0, files, |_, f| DecodedFile::new(f));
        Sources::from_decoded(decoded)
    }

    /// Files decoded one by one ([`DecodedFile::new`]), sorted here by path.
    pub fn from_decoded(mut files: Vec<DecodedFile>) -> Sources {
        files.sort_by(|a, b| a.source.path.as_bytes().cmp(b.source.path.as_bytes()));
        files.dedup_by(|a, b| a.source.path == b.source.path);
        let mut sources = Sources::default();
        for (id, f) in files.into_iter().enumerate() {
            if f.unread {
                sources.unread.push(id);
            }
            sources.files.push(f.source);
            sources
                .problems
                .extend(f.problems.into_iter().map(|p| (id, p)));
        }
        sources
    }

    /// Whether a file stands for a problem only (not read).
    pub fn is_unread(&self, id: FileId) -> bool {
        self.unread.binary_search(&id).is_ok()
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn find(&self, path: &str) -> Option<FileId> {
        let path = path.replace('\\', "/");
        self.files
            .binary_search_by(|f| f.path.as_bytes().cmp(path.as_bytes()))
            .ok()
    }
}

/// One file of a tree, decoded, with the problems of the file itself: what
/// [`Sources::from_decoded`] assembles, and what a long-lived workspace keeps per file so
/// that a change decodes that file only.
#[derive(Debug, Clone)]
pub struct DecodedFile {
    /// Shared: a workspace's snapshots hold it without copying the text.
    pub source: Arc<SourceFile>,
    /// Not read (a link, a file too large, an unreadable file): it stands for its problem.
    pub unread: bool,
    pub problems: Vec<FileProblem>,
}

impl DecodedFile {
    /// Decodes what the walk found at one path (the path is kept exactly as the walk built
    /// it: on disk a `\` is a character of the name, not a separator).
    pub fn new(f: TreeFile) -> DecodedFile {
        let mut problems = f.problems;
        let mut unread = false;
        let mut source = match f.entry {
            Entry::Bytes(bytes) => SourceFile::from_vec(f.path.clone(), bytes),
            other => {
                unread = true;
                let mut empty = SourceFile::new(f.path.clone(), b"");
                match other {
                    Entry::Unreadable(reason) => empty.decode_error = Some((reason, 0..0)),
                    Entry::Symlink(target) => {
                        problems.push(crate::rules::symlink_not_followed::problem(&f.path, target))
                    }
                    Entry::TooLarge(size) => {
                        problems.push(crate::rules::file_too_large::problem(&f.path, size))
                    }
                    Entry::Bytes(_) => unreachable!(),
                }
                empty
            }
        };
        source.path = f.path;
        DecodedFile {
            source: Arc::new(source),
            unread,
            problems,
        }
    }
}

/// A loaded configuration: the root element of every configuration file.
#[derive(Debug)]
pub struct Conf<'a> {
    pub sources: &'a Sources,
    /// One entry per file of `sources`: its element tree when its root is a
    /// `ConfigurationFile`, or `None` when the file is malformed or not configuration (it
    /// then contributes nothing).
    pub trees: Vec<Option<Tree>>,
    /// What the rules find in each file with a tree, walked right after its parse (while
    /// it is in the cache), with its file, in file order.
    pub facts: Vec<(FileId, Arc<FileFacts>)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads every file, parsing on up to `threads` threads (0: one per available core; 1: on
/// the caller's thread, none spawned), with [`crate::parallel::map_chunks`]: the result does
/// not depend on the thread count.
pub fn load(sources: &Sources, threads: usize) -> Conf<'_> {
    let files = &sources.files;
    let results = crate::parallel::map_chunks(threads, files, |id, f| {
        let (tree, diags) = load_file(id, f, sources.is_unread(id));
        let facts = tree
            .as_ref()
            .and_then(|t| t.root(&f.text))
            .map(|root| Arc::new(FileFacts::of(root)));
        (tree, facts, diags)
    });
    let mut trees = Vec::with_capacity(files.len());
    let mut facts = Vec::new();
    let mut diagnostics = problem_diagnostics(sources);
    for (id, (tree, f, diags)) in results.into_iter().enumerate() {
        trees.push(tree);
        facts.extend(f.map(|f| (id, f)));
        diagnostics.extend(diags);
    }
    Conf {
        sources,
        trees,
        facts,
        diagnostics,
    }
}

impl<'a> Conf<'a> {
    /// The root element of every file, in file order (`None` for a file that contributes
    /// nothing).
    pub fn roots(&self) -> impl Iterator<Item = Option<Element<'_>>> + '_ {
        self.trees
            .iter()
            .zip(&self.sources.files)
            .map(|(t, f)| t.as_ref().and_then(|t| t.root(&f.text)))
    }
}

/// The diagnostics of the files' own problems (links, sizes, collisions), at each file's
/// start.
pub fn problem_diagnostics(sources: &Sources) -> Vec<Diagnostic> {
    sources
        .problems
        .iter()
        .map(|(id, p)| {
            let mut d = Diagnostic::new(p.code, Label::new(*id, 0..0), p.message.clone());
            d.help = p.help.clone();
            d
        })
        .collect()
}

/// Parses one file on its own (its diagnostics are at file 0): what a workspace caches per
/// file, so that a change re-parses that file only.
pub fn parse_one(file: &SourceFile, unread: bool) -> (Option<Tree>, Vec<Diagnostic>) {
    load_file(0, file, unread)
}

fn load_file(id: FileId, file: &SourceFile, unread: bool) -> (Option<Tree>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if let Some((err, range)) = &file.decode_error {
        diags.push(Diagnostic::new(
            RuleId::XmlSyntax,
            Label::new(id, range.clone()),
            err.clone(),
        ));
        return (None, diags);
    }
    if unread {
        return (None, diags);
    }
    // The tree's positions are 31-bit (`xml::Tree`): a text this large (only a library
    // caller can hand one; the file-system layer stops at 64 MiB) is not parsed.
    if file.text.len() >= xml::MAX_TEXT_BYTES {
        let p = crate::rules::file_too_large::problem(&file.path, file.text.len() as u64);
        let mut d = Diagnostic::new(p.code, Label::new(id, 0..0), p.message);
        d.help = p.help;
        diags.push(d);
        return (None, diags);
    }
    let parsed = xml::parse(&file.text, file.bom_len);
    for e in &parsed.errors {
        let code = match e.kind {
            xml::ErrorKind::Syntax => RuleId::XmlSyntax,
            xml::ErrorKind::TooDeep => RuleId::TooDeep,
        };
        let mut d = Diagnostic::new(code, Label::new(id, e.range.clone()), e.message.clone());
        d.help = e.help.clone();
        if let Some((range, message)) = &e.related {
            d = d.with_related(Label::new(id, range.clone()).with_message(message.clone()));
        }
        diags.push(d);
    }
    if let Some((enc, range)) = &parsed.declared_encoding {
        let utf16_file = file.utf16 && looks_utf16(enc);
        if !enc.eq_ignore_ascii_case("utf-8") && !enc.eq_ignore_ascii_case("utf8") && !utf16_file {
            diags.push(
                Diagnostic::new(
                    RuleId::XmlSyntax,
                    Label::new(id, range.clone()),
                    if looks_utf16(enc) {
                        format!(
                            "the declaration says `{enc}`, but the file is not UTF-16 (it has no UTF-16 byte-order mark)"
                        )
                    } else {
                        format!(
                            "unsupported encoding `{enc}`: configuration files are UTF-8 or UTF-16"
                        )
                    },
                )
                .with_help("save the file as UTF-8 and declare `encoding=\"utf-8\"`"),
            );
            return (None, diags);
        }
    }
    if !diags.is_empty() {
        return (None, diags);
    }
    let Some(root) = parsed.root(&file.text) else {
        return (None, diags);
    };
    if root.local() != "ConfigurationFile" || namespace_of(&root) != Some(CONFIGURATION_NAMESPACE) {
        let found = match namespace_of(&root) {
            Some(ns) => format!("`<{}>` in namespace `{ns}`", root.name()),
            None => format!("`<{}>` without namespace", root.name()),
        };
        diags.push(
            Diagnostic::new(
                RuleId::NotConfiguration,
                Label::new(id, root.name_range()),
                format!("not a configuration file: its root is {found}; the file is skipped"),
            )
            .with_help(format!(
                "a configuration file's root is `<ConfigurationFile xmlns=\"{CONFIGURATION_NAMESPACE}\">`; move other XML files out of the configuration folder"
            )),
        );
        return (None, diags);
    }
    (Some(parsed.tree), diags)
}

fn looks_utf16(enc: &str) -> bool {
    let e = enc.to_ascii_lowercase();
    e == "utf-16" || e == "utf16" || e == "utf-16le" || e == "utf-16be" || e == "unicode"
}

/// The namespace of an element's own name, from its `xmlns` / `xmlns:prefix` attributes.
fn namespace_of<'e>(el: &Element<'e>) -> Option<&'e str> {
    let prefix = el
        .name()
        .strip_suffix(el.local())
        .and_then(|p| p.strip_suffix(':'));
    let attr = match prefix {
        Some(p) => el
            .attrs()
            .find(|a| a.name.strip_prefix("xmlns:") == Some(p)),
        None => el.attr("xmlns"),
    };
    attr.map(|a| a.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT: &str = "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">";

    #[test]
    fn sources_are_sorted_and_deduplicated() {
        let s = Sources::new([
            ("b.xml", "1"),
            ("a\\z.xml", "2"),
            ("a/b.xml", "3"),
            ("b.xml", "4"),
        ]);
        let paths: Vec<_> = s.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a/b.xml", "a/z.xml", "b.xml"]);
        assert_eq!(s.files[2].text, "4");
        assert_eq!(s.find("a\\z.xml"), Some(1));
    }

    #[test]
    fn other_roots_and_namespaces_are_not_configuration() {
        let s = Sources::new([
            ("a.xml", "<Project/>".to_string()),
            (
                "b.xml",
                "<ConfigurationFile xmlns=\"urn:other\"/>".to_string(),
            ),
            ("c.xml", format!("{ROOT}</ConfigurationFile>")),
            (
                "d.xml",
                "<c:ConfigurationFile xmlns:c=\"urn:schemas-usercube-com:configuration\"/>"
                    .to_string(),
            ),
        ]);
        let conf = load(&s, 1);
        let codes: Vec<_> = conf
            .diagnostics
            .iter()
            .map(|d| (d.primary.file, d.code.code()))
            .collect();
        assert_eq!(codes, [(0, "not-configuration"), (1, "not-configuration")]);
        assert_eq!(conf.diagnostics[0].primary.range, 1..8);
        assert!(conf.trees[2].is_some() && conf.trees[3].is_some());
    }

    #[test]
    fn encodings() {
        let s = Sources::new([
            (
                "a.xml",
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{ROOT}</ConfigurationFile>"),
            ),
            (
                "b.xml",
                format!(
                    "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>{ROOT}</ConfigurationFile>"
                ),
            ),
        ]);
        let conf = load(&s, 1);
        assert_eq!(conf.diagnostics.len(), 1);
        assert!(conf.diagnostics[0].message.contains("iso-8859-1"));
        assert!(conf.trees[0].is_some() && conf.trees[1].is_none());
    }

    #[test]
    fn utf16_file_declaring_utf16_is_read() {
        let text = format!("<?xml version=\"1.0\" encoding=\"utf-16\"?>{ROOT}<Agent Identifier=\"Local\"/></ConfigurationFile>");
        let mut bytes = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let s = Sources::new([("a.xml", bytes)]);
        let conf = load(&s, 1);
        assert!(conf.diagnostics.is_empty(), "{:?}", conf.diagnostics);
        assert_eq!(
            conf.roots()
                .next()
                .unwrap()
                .unwrap()
                .children()
                .next()
                .unwrap()
                .value("Identifier"),
            Some("Local")
        );
    }

    #[test]
    fn thread_count_does_not_change_the_result() {
        let files: Vec<(String, String)> = (0..37)
            .map(|i| {
                let body = if i % 5 == 0 {
                    "<broken".to_string()
                } else {
                    format!("{ROOT}<Agent Identifier=\"A{i}\"/></ConfigurationFile>")
                };
                (format!("f{i:02}.xml"), body)
            })
            .collect();
        let s = Sources::new(files);
        let one = load(&s, 1);
        for t in [2, 3, 8, 64] {
            let many = load(&s, t);
            assert_eq!(one.trees, many.trees);
            assert_eq!(one.diagnostics, many.diagnostics);
        }
    }
}
