//! The long-lived core: a [`Workspace`] holds the files of one configuration between edits
//! (an editor's buffers, or a tree read from disk) and hands out immutable analyses.
//!
//! - Every path gets a [`DocumentId`] the first time it is seen, and keeps it for the life
//!   of the workspace: adding or removing another file never renumbers it.
//! - [`Workspace::set_file`] decodes that file only; [`Workspace::remove_file`] drops it.
//!   Agent settings are an input like the files ([`Workspace::set_agent_settings`]).
//! - [`Workspace::analyze`] returns an owned, immutable [`Snapshot`] behind an `Arc`: a
//!   server can keep publishing from one while the next is computed. An analysis that
//!   panics returns [`AnalysisPanicked`] and leaves the workspace as it was, so the caller
//!   keeps its last good snapshot and goes on.
//!
//! A file is parsed when it is set, once: its element tree (owned, `xml::Tree`) lives
//! beside its text, both shared with the snapshots, so an analysis re-parses and copies
//! nothing. The model, the
//! expansion and the checks still run on the whole tree at each analysis (re-expanding only
//! the affected scaffoldings is the next step of the core issue); the API is the one that
//! step keeps. The property test `tests/workspace.rs` checks that any
//! sequence of edits gives the same diagnostics as a fresh analysis of the resulting tree.

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use crate::agent_settings::AgentSettings;
use crate::diagnostic::Diagnostic;
use crate::fs::{FileProblem, TreeFile};
use crate::index::{Hit, Index, Location, RefKind};
use crate::load::{DecodedFile, Sources};
use crate::rules::FileFacts;
use crate::source::{FileId, SourceFile};
use crate::xml::Tree;
use crate::{Options, Render};

/// One file as the workspace keeps it: decoded, and parsed once, with the loader's
/// diagnostics located at file 0 (moved to the file's place at each analysis).
#[derive(Debug, Clone)]
struct ParsedFile {
    file: DecodedFile,
    /// The element tree, when the file contributes to the configuration.
    tree: Option<Arc<Tree>>,
    /// What the rules find in the file alone ([`FileFacts`]), when it has a tree.
    facts: Option<Arc<FileFacts>>,
    diagnostics: Vec<Diagnostic>,
    /// Parsing or walking this version of the file panicked (a bug in scaffc): every
    /// analysis is [`AnalysisPanicked`] until the file changes or goes.
    panicked: Option<String>,
}

impl ParsedFile {
    /// Parses and walks the file. A panic is kept, not raised: setting a file never
    /// panics, and the analyses say what failed.
    fn parse(file: DecodedFile) -> ParsedFile {
        let walked = std::panic::catch_unwind(AssertUnwindSafe(|| {
            #[cfg(test)]
            if tests::PANIC_IN_PARSE.with(|p| p.get()) {
                panic!("injected by a test");
            }
            let (tree, diagnostics) = crate::load::parse_one(&file.source, file.unread);
            let facts = tree
                .as_ref()
                .and_then(|t| t.root(&file.source.text))
                .map(|root| Arc::new(FileFacts::of(root)));
            (tree, facts, diagnostics)
        }));
        match walked {
            Ok((tree, facts, diagnostics)) => ParsedFile {
                file,
                tree: tree.map(Arc::new),
                facts,
                diagnostics,
                panicked: None,
            },
            Err(panic) => ParsedFile {
                file,
                tree: None,
                facts: None,
                diagnostics: Vec::new(),
                panicked: Some(panic_text(panic)),
            },
        }
    }
}

/// The text of a caught panic.
pub(crate) fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

/// A file of a workspace, stable for the workspace's life (never reused, never renumbered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentId(u32);

/// The files of one configuration, kept between analyses. A clone shares every file's text
/// and tree with the original: a server hands one to its analysis thread and goes on
/// taking edits.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    /// Path -> its id, for every path ever seen.
    ids: HashMap<String, DocumentId>,
    /// Id -> path.
    paths: Vec<String>,
    /// The files present now, by path (byte order: the order of every report), parsed.
    files: BTreeMap<String, (DocumentId, ParsedFile)>,
    agent_settings: Option<(String, AgentSettings)>,
    /// `scaffc.toml`: the severities applied to every analysis.
    config: Option<Arc<crate::config::Config>>,
    threads: usize,
    /// Bumped by every change: a snapshot says which state it analysed.
    revision: u64,
}

/// An analysis panicked (a bug in scaffc): the workspace is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisPanicked(pub String);

impl std::fmt::Display for AnalysisPanicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the analysis failed (a bug in scaffc): {}", self.0)
    }
}

/// One finished analysis: owned, immutable.
#[derive(Debug)]
pub struct Snapshot {
    /// The workspace revision it analysed.
    pub revision: u64,
    /// The files analysed, in path order; the diagnostics' [`FileId`]s index them.
    pub sources: Sources,
    /// The document of each file of `sources`.
    pub documents: Vec<DocumentId>,
    /// Every diagnostic, sorted by path, offset and code.
    pub diagnostics: Vec<Diagnostic>,
    /// The generated jobs: (identifier, scaffolding kind).
    pub jobs: Vec<(String, String)>,
    /// The lookups by position and by identifier ([`Snapshot::at`], ...).
    index: Index,
}

impl Snapshot {
    /// The document of a file of this snapshot.
    pub fn document(&self, file: FileId) -> DocumentId {
        self.documents[file]
    }

    /// The file of a document in this snapshot, if it was part of it.
    pub fn file_of(&self, doc: DocumentId) -> Option<FileId> {
        self.documents.iter().position(|d| *d == doc)
    }

    /// The diagnostics whose primary range is in `doc`.
    pub fn diagnostics_of(&self, doc: DocumentId) -> impl Iterator<Item = &Diagnostic> {
        let file = self.file_of(doc);
        self.diagnostics
            .iter()
            .filter(move |d| Some(d.primary.file) == file)
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// What is at a byte offset of a file: the innermost element, the part of it under the
    /// offset, the reference or declaration there (`index::Index::at`).
    pub fn at(&self, file: FileId, offset: usize) -> Option<Hit> {
        self.index.at(file, offset)
    }

    /// Every lookup of the analysis ([`Index`]).
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Where an identifier of a kind is declared (`index::Index::declaration`).
    pub fn declaration(&self, kind: RefKind, id: &str) -> Option<Location> {
        self.index.declaration(kind, id)
    }

    /// Every declaration of an identifier of a kind, the first being [`Snapshot::declaration`].
    pub fn declarations(&self, kind: RefKind, id: &str) -> &[Location] {
        self.index.declarations(kind, id)
    }

    /// Every reference to an identifier of a kind, in file and offset order.
    pub fn references(&self, kind: RefKind, id: &str) -> &[Location] {
        self.index.references(kind, id)
    }
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// The configuration (`scaffc.toml`) whose severities every analysis applies; its
    /// `exclude` is the caller's: excluded files are not set.
    pub fn set_config(&mut self, config: Option<Arc<crate::config::Config>>) {
        self.config = config;
        self.revision += 1;
    }

    /// Parsing and checking threads (0: one per core; 1: no extra thread).
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads;
    }

    /// The id of a path, creating it the first time.
    fn intern(&mut self, path: &str) -> DocumentId {
        if let Some(id) = self.ids.get(path) {
            return *id;
        }
        let id = DocumentId(self.paths.len() as u32);
        self.paths.push(path.to_string());
        self.ids.insert(path.to_string(), id);
        id
    }

    fn put(&mut self, file: DecodedFile) -> DocumentId {
        self.insert(ParsedFile::parse(file))
    }

    fn insert(&mut self, parsed: ParsedFile) -> DocumentId {
        let path = parsed.file.source.path.clone();
        let id = self.intern(&path);
        self.files.insert(path, (id, parsed));
        self.revision += 1;
        id
    }

    /// Sets a file's content (an editor's buffer, or the bytes on disk): only that file is
    /// decoded. The path is relative to the configuration folder (`\` is read as `/`).
    pub fn set_file(&mut self, path: &str, bytes: &[u8]) -> DocumentId {
        self.put(DecodedFile {
            source: Arc::new(SourceFile::new(path, bytes)),
            unread: false,
            problems: Vec::new(),
        })
    }

    /// Sets a file as the file-system layer found it (a link, a file too large, a path
    /// collision are then reported at it).
    pub fn set_tree_file(&mut self, file: TreeFile) -> DocumentId {
        self.put(DecodedFile::new(file))
    }

    /// Every file of a tree read by [`crate::fs::read_tree`], replacing the current ones.
    /// The files are decoded, parsed and walked on the workspace's threads.
    pub fn set_tree(&mut self, files: Vec<TreeFile>) {
        self.files.clear();
        let parsed = crate::parallel::map_owned(self.threads, files, |_, f| {
            ParsedFile::parse(DecodedFile::new(f))
        });
        for p in parsed {
            self.insert(p);
        }
        self.revision += 1;
    }

    /// Removes a file; its id stays reserved for its path.
    pub fn remove_file(&mut self, path: &str) -> Option<DocumentId> {
        let path = SourceFile::new(path, b"").path;
        let removed = self.files.remove(&path).map(|(id, _)| id);
        if removed.is_some() {
            self.revision += 1;
        }
        removed
    }

    /// The `--agent-settings` input: the file's name as given, and its content.
    pub fn set_agent_settings(&mut self, settings: Option<(String, AgentSettings)>) {
        self.agent_settings = settings;
        self.revision += 1;
    }

    /// The id of a path, if it was ever seen.
    pub fn id(&self, path: &str) -> Option<DocumentId> {
        self.ids
            .get(path)
            .or_else(|| self.ids.get(&SourceFile::new(path, b"").path))
            .copied()
    }

    /// The path of an id.
    pub fn path(&self, id: DocumentId) -> &str {
        &self.paths[id.0 as usize]
    }

    /// Whether a path is a file of the workspace now.
    /// The paths of the files below the folder `folder` (relative, with `/`).
    pub fn paths_under<'a>(&'a self, folder: &str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = format!("{}/", folder.trim_end_matches('/'));
        self.files
            .range(prefix.clone()..)
            .map(|(p, _)| p.as_str())
            .take_while(move |p| p.starts_with(&prefix))
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// The current content of a file.
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        self.files.get(path).map(|(_, f)| &*f.file.source)
    }

    /// How many files the workspace holds.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The problems the file-system layer found for a file.
    pub fn problems(&self, path: &str) -> &[FileProblem] {
        self.files
            .get(path)
            .map_or(&[], |(_, f)| f.file.problems.as_slice())
    }

    /// Analyses the current files. A panic inside the analysis is caught: the workspace is
    /// unchanged and the caller keeps its previous snapshot.
    pub fn analyze(&self) -> Result<Arc<Snapshot>, AnalysisPanicked> {
        let documents: Vec<DocumentId> = self.files.values().map(|(id, _)| *id).collect();
        let decoded: Vec<DecodedFile> = self.files.values().map(|(_, f)| f.file.clone()).collect();
        let sources = Sources::from_decoded(decoded);
        let options = Options {
            threads: self.threads,
            agent_settings: self.agent_settings.clone(),
            render: Render::Nothing,
        };
        if let Some((path, message)) = self
            .files
            .iter()
            .find_map(|(path, (_, f))| f.panicked.as_ref().map(|m| (path, m)))
        {
            return Err(AnalysisPanicked(format!("reading `{path}`: {message}")));
        }
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            #[cfg(test)]
            {
                if tests::PANIC_IN_ANALYSIS.with(|p| p.get())
                    || self.files.contains_key(tests::PANIC_FILE)
                {
                    panic!("injected by a test");
                }
                if self.files.contains_key(tests::SLOW_FILE) {
                    std::thread::sleep(std::time::Duration::from_millis(1500));
                }
            }
            let mut load_diagnostics = crate::load::problem_diagnostics(&sources);
            let mut trees = Vec::with_capacity(self.files.len());
            let mut facts = Vec::with_capacity(self.files.len());
            for (file, (_, parsed)) in self.files.values().enumerate() {
                load_diagnostics.extend(parsed.diagnostics.iter().map(|d| d.at_file(file)));
                trees.push(parsed.tree.clone());
                if let Some(f) = &parsed.facts {
                    facts.push((file, f.clone()));
                }
            }
            crate::analyze_on(&sources, trees, facts, load_diagnostics, &options)
        }));
        match result {
            Ok((mut analysis, index)) => Ok(Arc::new(Snapshot {
                revision: self.revision,
                diagnostics: {
                    if let Some(c) = &self.config {
                        c.apply(&sources, &mut analysis.diagnostics);
                    }
                    analysis.diagnostics
                },
                sources,
                documents,
                jobs: analysis.jobs,
                index,
            })),
            Err(panic) => Err(AnalysisPanicked(panic_text(panic))),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A file of this name makes every analysis panic (on any thread: a language server
    /// analyses on its own).
    pub(crate) const PANIC_FILE: &str = "scaffc-test-panic.xml";
    /// A file of this name makes every analysis take 1.5 s longer.
    pub(crate) const SLOW_FILE: &str = "scaffc-test-slow.xml";

    thread_local! {
        /// Makes the next analyses on this thread panic (a stand-in for a bug).
        pub(super) static PANIC_IN_ANALYSIS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        /// Makes the next parses of files on this thread panic.
        pub(super) static PANIC_IN_PARSE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    #[test]
    fn a_panicking_analysis_leaves_the_workspace_usable() {
        let mut ws = Workspace::new();
        ws.set_file(
            "a.xml",
            conf("<Agent Identifier=\"A\" DisplayName_L1=\"A\" />").as_bytes(),
        );
        let good = ws.analyze().unwrap();
        PANIC_IN_ANALYSIS.with(|p| p.set(true));
        let failed = ws.analyze();
        PANIC_IN_ANALYSIS.with(|p| p.set(false));
        assert_eq!(
            failed.unwrap_err(),
            AnalysisPanicked("injected by a test".into())
        );
        let again = ws.analyze().unwrap();
        assert_eq!(again.revision, good.revision);
        assert_eq!(again.diagnostics, good.diagnostics);
        assert_eq!(ws.len(), 1);
    }

    #[test]
    fn a_panic_while_setting_a_file_is_kept_until_the_file_changes() {
        let mut ws = Workspace::new();
        let agent = conf("<Agent Identifier=\"A\" DisplayName_L1=\"A\" />");
        ws.set_file("a.xml", agent.as_bytes());
        assert!(ws.analyze().is_ok());
        PANIC_IN_PARSE.with(|p| p.set(true));
        ws.set_file("b.xml", agent.as_bytes());
        PANIC_IN_PARSE.with(|p| p.set(false));
        let failed = ws.analyze().unwrap_err();
        assert!(failed.0.contains("b.xml"), "{failed}");
        assert!(failed.0.contains("injected by a test"), "{failed}");
        // The next version of the file is parsed again.
        ws.set_file("b.xml", conf("").as_bytes());
        assert!(ws.analyze().unwrap().diagnostics.is_empty());
    }

    const ROOT: &str = "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">";

    fn conf(body: &str) -> String {
        format!("{ROOT}{body}</ConfigurationFile>")
    }

    #[test]
    fn ids_are_stable_across_additions_and_removals() {
        let mut ws = Workspace::new();
        let b = ws.set_file("b.xml", conf("").as_bytes());
        let a = ws.set_file("a.xml", conf("").as_bytes());
        assert_ne!(a, b);
        ws.remove_file("b.xml");
        let c = ws.set_file("c.xml", conf("").as_bytes());
        assert_eq!(
            ws.set_file("b.xml", conf("").as_bytes()),
            b,
            "an id is never reused"
        );
        assert_eq!(ws.id("b.xml"), Some(b));
        assert_eq!(ws.path(c), "c.xml");
        let snap = ws.analyze().unwrap();
        // Path order in the snapshot, stable ids beside it.
        assert_eq!(snap.documents, vec![a, b, c]);
    }

    #[test]
    fn a_change_in_one_file_is_seen_in_another_and_snapshots_are_immutable() {
        let mut ws = Workspace::new();
        ws.set_file(
            "AD.xml",
            conf("<Connector Identifier=\"AD\" DisplayName_L1=\"AD\" Agent=\"Local\" />")
                .as_bytes(),
        );
        let agent = ws.set_file(
            "Agent.xml",
            conf("<Agent Identifier=\"Local\" DisplayName_L1=\"Local\" />").as_bytes(),
        );
        let before = ws.analyze().unwrap();
        assert!(before.diagnostics.is_empty(), "{:?}", before.diagnostics);
        ws.set_file(
            "Agent.xml",
            conf("<Agent Identifier=\"Remote\" DisplayName_L1=\"Remote\" />").as_bytes(),
        );
        let after = ws.analyze().unwrap();
        let ad = ws.id("AD.xml").unwrap();
        let codes: Vec<_> = after.diagnostics_of(ad).map(|d| d.code.code()).collect();
        assert_eq!(codes, ["unknown-agent"]);
        assert_eq!(after.diagnostics_of(agent).count(), 0);
        assert!(
            before.diagnostics.is_empty(),
            "an old snapshot does not change"
        );
        assert!(after.revision > before.revision);
    }
}
