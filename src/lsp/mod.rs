//! `scaffc lsp`: a language server (LSP 3.17) over standard input/output, on the same
//! [`Workspace`] core as the command line.
//!
//! - One [`Folder`] per workspace folder of the client: its configuration folder is found
//!   as the command line finds it (`scaffc.toml` or the nearest `Conf`), read from disk, and
//!   its open documents' unsaved text replaces their files.
//! - Analyses run on one worker thread, on a clone of the folder's workspace (files and
//!   trees are shared, not copied): the main thread keeps answering requests from the last
//!   finished [`Snapshot`] meanwhile. Edits arriving faster than analyses finish are
//!   coalesced: the worker takes the newest state of each folder, and a result older than
//!   the one published is dropped.
//! - A panicking analysis (a bug in scaffc) keeps the last good snapshot and is said once
//!   with `window/showMessage`; a panicking request handler answers an error.
//!
//! The features are in [`features`] (hover, definition, references, symbols, code actions)
//! and [`complete`] (completion); the conversions of positions, URIs and diagnostics in
//! [`convert`].

mod complete;
pub mod convert;
mod features;

use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use crossbeam_channel::{select, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::request::Request as _;
use serde_json::{json, Value};

use crate::config::Config;
use crate::cron::DateTime;
use crate::workspace::{Snapshot, Workspace};
use convert::Encoding;

/// Serves on standard input/output until the client says `exit`: `Ok(true)` when it said
/// `shutdown` first (exit 0), `Ok(false)` when it did not (the protocol asks for exit 1).
pub fn run_stdio() -> Result<bool, String> {
    let (connection, io) = Connection::stdio();
    let result = serve(connection);
    io.join()
        .map_err(|e| format!("the connection failed: {e}"))?;
    result
}

/// Serves on `connection` until the client says `exit` (or the connection closes): the
/// whole server, for tests over an in-memory connection too. `Ok(true)` when `shutdown`
/// came before the end.
pub fn serve(connection: Connection) -> Result<bool, String> {
    let (id, mut params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    convert::fix_uris(&mut params);
    let init: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize: {e}"))?;
    let mut server = Server::new(connection.sender.clone(), &init);
    // `initialize_finish` also waits for the client's `initialized`.
    connection
        .initialize_finish(id, server.initialize_result())
        .map_err(|e| format!("initialize: {e}"))?;
    server.initialized();
    server.run(&connection.receiver)
}

/// What the client said at `initialize` that the server keeps.
struct ClientCaps {
    progress: bool,
    watch_registration: bool,
}

/// One workspace folder of the client, and the configuration under it.
struct Folder {
    /// Unique for the server's life: analyses name their folder by it (positions change
    /// when folders are removed).
    id: u64,
    /// The configuration folder (as found from the workspace folder) and its canonical
    /// form: a document's path is relative to either.
    conf: Option<(PathBuf, PathBuf)>,
    /// The workspace folder itself (where `scaffc.toml` is looked for).
    root: PathBuf,
    ws: Workspace,
    /// Open documents: relative path -> version.
    open: BTreeMap<String, i32>,
    /// Bumped at every change of `ws`.
    generation: u64,
    /// The last finished analysis, its generation, and the document versions it saw.
    snapshot: Option<(u64, Arc<Snapshot>, BTreeMap<String, i32>)>,
    /// The diagnostics last published, per relative path (files with none are absent).
    published: HashMap<String, Vec<lsp::Diagnostic>>,
    /// Why the folder has no configuration, or what is wrong in its `scaffc.toml` (said
    /// once, when read).
    problem: Option<String>,
    /// Its `scaffc.toml` (defaults when there is none).
    config: Arc<Config>,
    /// Completions and code actions waiting for the analysis of the current text.
    deferred: Vec<Request>,
    /// For each open document, the last analysis in which it parsed (completion in
    /// half-typed XML reads the scaffolding around the cursor there).
    parsed: HashMap<String, Arc<Snapshot>>,
}

impl Folder {
    fn new(root: PathBuf) -> Folder {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Folder {
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            conf: None,
            root,
            ws: Workspace::new(),
            open: BTreeMap::new(),
            generation: 0,
            snapshot: None,
            published: HashMap::new(),
            problem: None,
            config: Arc::default(),
            deferred: Vec::new(),
            parsed: HashMap::new(),
        }
    }
}

/// An analysis to run: a folder's workspace at one generation.
struct Job {
    generation: u64,
    ws: Workspace,
    versions: BTreeMap<String, i32>,
}

/// An analysis finished.
struct Done {
    /// The folder's [`Folder::id`].
    folder: u64,
    generation: u64,
    versions: BTreeMap<String, i32>,
    result: Result<Arc<Snapshot>, crate::AnalysisPanicked>,
}

/// The newest pending job of each folder (by [`Folder::id`]), and whether the server is
/// done: the worker takes them one at a time.
#[derive(Default)]
struct Pending {
    jobs: Mutex<(BTreeMap<u64, Job>, bool)>,
    ready: Condvar,
}

struct Server {
    sender: Sender<Message>,
    encoding: Encoding,
    caps: ClientCaps,
    folders: Vec<Folder>,
    /// The clock of cron hovers: `initializationOptions.now` (tests), else the system's.
    now: Option<DateTime>,
    threads: usize,
    pending: Arc<Pending>,
    done: Receiver<Done>,
    /// An analysis panicked and the user was told; reset by the next good one.
    said_panic: bool,
    shutting_down: bool,
    next_id: i32,
    /// The initial analysis' progress token, until its first result.
    progress: Option<lsp::ProgressToken>,
    /// Every open document, by path: its version and text (kept while its folder has no
    /// configuration, so that nothing typed meanwhile is lost).
    documents: BTreeMap<PathBuf, (i32, String)>,
}

impl Server {
    fn new(sender: Sender<Message>, init: &lsp::InitializeParams) -> Server {
        let options = init.initialization_options.as_ref();
        let now = options
            .and_then(|o| o.get("now"))
            .and_then(Value::as_str)
            .and_then(DateTime::parse);
        let threads = options
            .and_then(|o| o.get("threads"))
            .and_then(Value::as_u64)
            .map_or(0, |t| t as usize);
        let caps = ClientCaps {
            progress: init
                .capabilities
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
            watch_registration: init
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
        };
        let mut roots: Vec<PathBuf> = init
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| convert::path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            roots.extend(init.root_uri.as_ref().and_then(convert::path));
        }
        let pending = Arc::new(Pending::default());
        let (done_tx, done) = crossbeam_channel::unbounded();
        spawn_worker(pending.clone(), done_tx);
        Server {
            sender,
            encoding: Encoding::negotiate(init),
            caps,
            folders: roots.into_iter().map(Folder::new).collect(),
            now,
            threads,
            pending,
            done,
            said_panic: false,
            shutting_down: false,
            next_id: 0,
            progress: None,
            documents: BTreeMap::new(),
        }
    }

    fn initialize_result(&self) -> Value {
        let caps = lsp::ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::FULL),
                    ..Default::default()
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            definition_provider: Some(lsp::OneOf::Left(true)),
            references_provider: Some(lsp::OneOf::Left(true)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec!["\"".into(), "'".into(), "<".into(), " ".into()]),
                ..Default::default()
            }),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        lsp::CodeActionKind::QUICKFIX,
                        lsp::CodeActionKind::SOURCE_FIX_ALL,
                    ]),
                    ..Default::default()
                },
            )),
            document_symbol_provider: Some(lsp::OneOf::Left(true)),
            workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
            workspace: Some(lsp::WorkspaceServerCapabilities {
                workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(lsp::OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..Default::default()
        };
        json!({
            "capabilities": caps,
            "serverInfo": { "name": "scaffc", "version": env!("CARGO_PKG_VERSION") },
        })
    }

    fn run(&mut self, receiver: &Receiver<Message>) -> Result<bool, String> {
        loop {
            select! {
                recv(receiver) -> msg => match msg {
                    Ok(msg) => {
                        if self.handle(msg) {
                            break;
                        }
                    }
                    Err(_) => break,
                },
                recv(self.done) -> done => {
                    if let Ok(done) = done {
                        self.finished(done);
                    }
                }
            }
        }
        self.pending
            .jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1 = true;
        self.pending.ready.notify_all();
        Ok(self.shutting_down)
    }

    /// One message from the client; `true` on `exit`.
    fn handle(&mut self, msg: Message) -> bool {
        match msg {
            Message::Request(mut req) => {
                convert::fix_uris(&mut req.params);
                self.request(req)
            }
            Message::Notification(mut n) => {
                convert::fix_uris(&mut n.params);
                return self.notification(n);
            }
            Message::Response(_) => {}
        }
        false
    }

    fn send(&self, msg: impl Into<Message>) {
        let _ = self.sender.send(msg.into());
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn request_client<R: lsp::request::Request>(&mut self, params: R::Params) {
        self.next_id += 1;
        self.send(Request::new(
            RequestId::from(format!("scaffc-{}", self.next_id)),
            R::METHOD.to_string(),
            params,
        ));
    }

    fn log(&self, message: String) {
        self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams {
            typ: lsp::MessageType::INFO,
            message,
        });
    }

    fn request(&mut self, req: Request) {
        if self.shutting_down {
            self.send(Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            ));
            return;
        }
        if req.method == lsp::request::Shutdown::METHOD {
            self.shutting_down = true;
            self.send(Response::new_ok(req.id, ()));
            return;
        }
        // Completion and code actions edit the text: they wait for the analysis of the
        // document's current version (hovers and the like are answered at once).
        if let Some(i) = self.stale_for(&req) {
            self.folders[i].deferred.push(req);
            return;
        }
        self.respond(req);
    }

    /// The folder whose last analysis is older than the document `req` edits, when `req`
    /// is a completion or a code action.
    fn stale_for(&self, req: &Request) -> Option<usize> {
        use lsp::request::*;
        if req.method != Completion::METHOD && req.method != CodeActionRequest::METHOD {
            return None;
        }
        let uri = req.params.get("textDocument")?.get("uri")?.as_str()?;
        let uri: lsp::Uri = uri.parse().ok()?;
        let (i, rel) = self.locate(&convert::path(&uri)?)?;
        let f = &self.folders[i];
        let current = f.open.get(&rel)?;
        let analysed = f.snapshot.as_ref().and_then(|(_, _, v)| v.get(&rel));
        (analysed != Some(current)).then_some(i)
    }

    /// Answers a request from the folders' last analyses.
    fn respond(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        // A bug in a feature answers an error; the server goes on.
        let answer = std::panic::catch_unwind(AssertUnwindSafe(|| self.answer(req)));
        let response = match answer {
            Ok(Some(Ok(value))) => Response::new_ok(id, value),
            Ok(Some(Err(message))) => {
                Response::new_err(id, ErrorCode::InvalidParams as i32, message)
            }
            Ok(None) => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("unsupported request `{method}`"),
            ),
            Err(panic) => {
                let message = crate::workspace::panic_text(panic);
                self.log(format!("`{method}` failed (a bug in scaffc): {message}"));
                Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    format!("`{method}` failed (a bug in scaffc): {message}"),
                )
            }
        };
        self.send(response);
    }

    /// The answer to a request: `None` for a method the server does not handle.
    fn answer(&mut self, req: Request) -> Option<Result<Value, String>> {
        use lsp::request::*;
        fn params<P: serde::de::DeserializeOwned>(req: lsp_server::Request) -> Result<P, String> {
            serde_json::from_value(req.params).map_err(|e| format!("bad parameters: {e}"))
        }
        fn to_value<T: serde::Serialize>(v: T) -> Result<Value, String> {
            serde_json::to_value(v).map_err(|e| e.to_string())
        }
        let features = features::Features {
            encoding: self.encoding,
            now: self.now.unwrap_or_else(system_now),
        };
        Some(match req.method.as_str() {
            HoverRequest::METHOD => params::<lsp::HoverParams>(req).and_then(|p| {
                let at = &p.text_document_position_params;
                to_value(
                    self.at(&at.text_document.uri)
                        .and_then(|(snap, file, uri_of)| {
                            features.hover(&snap, file, at.position, &uri_of)
                        }),
                )
            }),
            GotoDefinition::METHOD => params::<lsp::GotoDefinitionParams>(req).and_then(|p| {
                let at = &p.text_document_position_params;
                to_value(
                    self.at(&at.text_document.uri)
                        .and_then(|(snap, file, uri_of)| {
                            features.definition(&snap, file, at.position, &uri_of)
                        })
                        .map(lsp::GotoDefinitionResponse::Array),
                )
            }),
            References::METHOD => params::<lsp::ReferenceParams>(req).and_then(|p| {
                let at = &p.text_document_position;
                to_value(self.at(&at.text_document.uri).map(|(snap, file, uri_of)| {
                    features.references(
                        &snap,
                        file,
                        at.position,
                        p.context.include_declaration,
                        &uri_of,
                    )
                }))
            }),
            Completion::METHOD => params::<lsp::CompletionParams>(req).and_then(|p| {
                let at = &p.text_document_position;
                let parsed = self.parsed_snapshot(&at.text_document.uri);
                to_value(self.at(&at.text_document.uri).map(|(snap, file, _)| {
                    lsp::CompletionResponse::Array(complete::complete(
                        &snap,
                        file,
                        at.position,
                        self.encoding,
                        parsed.as_deref(),
                    ))
                }))
            }),
            CodeActionRequest::METHOD => params::<lsp::CodeActionParams>(req).and_then(|p| {
                to_value(self.at(&p.text_document.uri).map(|(snap, file, uri_of)| {
                    features.code_actions(&snap, file, p.range, &uri_of)
                }))
            }),
            DocumentSymbolRequest::METHOD => {
                params::<lsp::DocumentSymbolParams>(req).and_then(|p| {
                    to_value(self.at(&p.text_document.uri).map(|(snap, file, _)| {
                        lsp::DocumentSymbolResponse::Nested(features.document_symbols(&snap, file))
                    }))
                })
            }
            WorkspaceSymbolRequest::METHOD => {
                params::<lsp::WorkspaceSymbolParams>(req).and_then(|p| {
                    let mut out = Vec::new();
                    for f in &self.folders {
                        if let (Some((_, snap, _)), Some((conf, _))) = (&f.snapshot, &f.conf) {
                            let uri_of = |rel: &str| convert::uri(&conf.join(rel));
                            out.extend(features.workspace_symbols(snap, &p.query, &uri_of));
                        }
                    }
                    out.truncate(features::MAX_WORKSPACE_SYMBOLS);
                    to_value(lsp::WorkspaceSymbolResponse::Flat(out))
                })
            }
            _ => return None,
        })
    }

    /// The last snapshot of the folder holding the document `uri`, the document's file in
    /// it, and the URI maker of that folder.
    #[allow(clippy::type_complexity)]
    fn at(
        &self,
        uri: &lsp::Uri,
    ) -> Option<(
        Arc<Snapshot>,
        crate::FileId,
        Box<dyn Fn(&str) -> lsp::Uri + 'static>,
    )> {
        let (folder, rel) = self.locate(&convert::path(uri)?)?;
        let f = &self.folders[folder];
        let (_, snap, _) = f.snapshot.as_ref()?;
        let file = snap.sources.find(&rel)?;
        let conf = f.conf.as_ref()?.0.clone();
        Some((
            snap.clone(),
            file,
            Box::new(move |rel: &str| convert::uri(&conf.join(rel))),
        ))
    }

    /// The last analysis in which the open document `uri` parsed.
    fn parsed_snapshot(&self, uri: &lsp::Uri) -> Option<Arc<Snapshot>> {
        let (i, rel) = self.locate(&convert::path(uri)?)?;
        self.folders[i].parsed.get(&rel).cloned()
    }

    /// The folder whose configuration holds `path`, and the path relative to it (with `/`).
    fn locate(&self, path: &Path) -> Option<(usize, String)> {
        self.folders.iter().enumerate().find_map(|(i, f)| {
            let (conf, canonical) = f.conf.as_ref()?;
            let rel = crate::fs::relative_path(path, conf)
                .or_else(|| crate::fs::relative_path(path, canonical))?;
            Some((i, rel))
        })
    }

    fn notification(&mut self, n: Notification) -> bool {
        use lsp::notification::*;
        match n.method.as_str() {
            Exit::METHOD => return true,
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let d = p.text_document;
                    self.edit(&d.uri, Some((d.version, d.text)));
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                {
                    // Full synchronisation: the last change holds the whole text.
                    if let Some(c) = p.content_changes.into_iter().last() {
                        let d = p.text_document;
                        self.edit(&d.uri, Some((d.version, c.text)));
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    self.edit(&p.text_document.uri, None);
                }
            }
            DidChangeWorkspaceFolders::METHOD => {
                if let Ok(p) = n.extract::<lsp::DidChangeWorkspaceFoldersParams>(
                    DidChangeWorkspaceFolders::METHOD,
                ) {
                    self.folders_changed(p.event);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp::DidChangeWatchedFilesParams>(DidChangeWatchedFiles::METHOD)
                {
                    self.watched(p.changes);
                }
            }
            _ => {}
        }
        false
    }

    /// After `initialized`: watch the files, read every folder, analyse.
    fn initialized(&mut self) {
        if self.caps.watch_registration {
            let watchers: Vec<lsp::FileSystemWatcher> = ["**/*.xml", "**/scaffc.toml", "**/*.json"]
                .into_iter()
                .map(|glob| lsp::FileSystemWatcher {
                    glob_pattern: lsp::GlobPattern::String(glob.to_string()),
                    kind: None,
                })
                .collect();
            self.request_client::<lsp::request::RegisterCapability>(lsp::RegistrationParams {
                registrations: vec![lsp::Registration {
                    id: "scaffc-watched-files".into(),
                    method: <lsp::notification::DidChangeWatchedFiles as lsp::notification::Notification>::METHOD.into(),
                    register_options: Some(json!({ "watchers": watchers })),
                }],
            });
        }
        if self.caps.progress {
            let token = lsp::ProgressToken::String("scaffc-initial-analysis".into());
            self.request_client::<lsp::request::WorkDoneProgressCreate>(
                lsp::WorkDoneProgressCreateParams {
                    token: token.clone(),
                },
            );
            self.notify::<lsp::notification::Progress>(lsp::ProgressParams {
                token: token.clone(),
                value: lsp::ProgressParamsValue::WorkDone(lsp::WorkDoneProgress::Begin(
                    lsp::WorkDoneProgressBegin {
                        title: "scaffc".into(),
                        message: Some("reading and analysing the configuration".into()),
                        cancellable: Some(false),
                        percentage: None,
                    },
                )),
            });
            self.progress = Some(token);
        }
        for i in 0..self.folders.len() {
            self.reload(i);
        }
        if self.folders.iter().all(|f| f.conf.is_none()) {
            self.end_progress();
        }
    }

    fn end_progress(&mut self) {
        if let Some(token) = self.progress.take() {
            self.notify::<lsp::notification::Progress>(lsp::ProgressParams {
                token,
                value: lsp::ProgressParamsValue::WorkDone(lsp::WorkDoneProgress::End(
                    lsp::WorkDoneProgressEnd {
                        message: Some("done".into()),
                    },
                )),
            });
        }
    }

    /// Reads a folder's configuration from disk again (at start, and when `scaffc.toml` or
    /// the agent settings change); open documents keep their text.
    fn reload(&mut self, i: usize) {
        let root = self.folders[i].root.clone();
        let mut found = crate::fs::find_conf(None, &root)
            .map_err(|e| e.0)
            .and_then(|conf| {
                let tree = crate::fs::read_tree(&conf).map_err(|e| e.0)?;
                Ok((conf, tree))
            });
        // Two workspace folders on one configuration (one inside the other): the first
        // one analyses it.
        if let Ok((_, tree)) = &found {
            let other = self.folders.iter().enumerate().find(|(j, f)| {
                *j != i && f.conf.as_ref().is_some_and(|(_, c)| *c == tree.canonical)
            });
            if let Some((_, f)) = other {
                found = Err(format!(
                    "its configuration `{}` is analysed with the workspace folder `{}`",
                    tree.canonical.display(),
                    f.root.display()
                ));
            }
        }
        let documents = &self.documents;
        let f = &mut self.folders[i];
        let mut ws = Workspace::new();
        ws.set_threads(self.threads);
        f.problem = None;
        f.open.clear();
        match found {
            Ok((conf, mut tree)) => {
                // `scaffc.toml` as the command line reads it: severities, exclusions, the
                // agent's settings. A mistake in it is said, and the defaults apply.
                let config = match Config::find(&conf) {
                    Ok(c) => c,
                    Err(e) => {
                        f.problem = Some(e.to_string());
                        Config::default()
                    }
                };
                tree.files.retain(|t| !config.excludes(&t.path));
                f.conf = Some((conf.clone(), tree.canonical.clone()));
                ws.set_tree(tree.files);
                // The open documents' text replaces their files.
                for (path, (version, text)) in documents {
                    let rel = crate::fs::relative_path(path, &conf)
                        .or_else(|| crate::fs::relative_path(path, &tree.canonical));
                    let Some(rel) = rel else {
                        continue;
                    };
                    if rel.to_ascii_lowercase().ends_with(".xml") && !config.excludes(&rel) {
                        ws.set_file(&rel, text.as_bytes());
                        f.open.insert(rel, *version);
                    }
                }
                match agent_settings(&config) {
                    Ok(s) => ws.set_agent_settings(s),
                    Err(e) => {
                        f.problem.get_or_insert(e);
                    }
                }
                let config = Arc::new(config);
                ws.set_config(Some(config.clone()));
                f.config = config;
            }
            Err(e) => {
                // No configuration any more: its diagnostics go.
                if let Some((conf, _)) = f.conf.take() {
                    for path in std::mem::take(&mut f.published).into_keys() {
                        let _ = self.sender.send(
                            Notification::new(
                                <lsp::notification::PublishDiagnostics as lsp::notification::Notification>::METHOD.into(),
                                lsp::PublishDiagnosticsParams {
                                    uri: convert::uri(&conf.join(path)),
                                    diagnostics: Vec::new(),
                                    version: None,
                                },
                            )
                            .into(),
                        );
                    }
                }
                f.snapshot = None;
                f.config = Arc::default();
                f.problem = Some(e);
            }
        }
        f.ws = ws;
        if let Some(p) = f.problem.clone() {
            self.log(format!("{}: {p}", root.display()));
            self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                typ: lsp::MessageType::WARNING,
                message: format!("scaffc: {p}"),
            });
        }
        self.changed(i);
    }

    /// Workspace folders added or removed: a removed folder's diagnostics are cleared.
    fn folders_changed(&mut self, event: lsp::WorkspaceFoldersChangeEvent) {
        for removed in event.removed.iter().filter_map(|f| convert::path(&f.uri)) {
            while let Some(i) = self.folders.iter().position(|f| f.root == removed) {
                let f = self.folders.remove(i);
                if let Some((conf, _)) = &f.conf {
                    for path in f.published.keys() {
                        self.notify::<lsp::notification::PublishDiagnostics>(
                            lsp::PublishDiagnosticsParams {
                                uri: convert::uri(&conf.join(path)),
                                diagnostics: Vec::new(),
                                version: None,
                            },
                        );
                    }
                }
                self.pending
                    .jobs
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .0
                    .remove(&f.id);
            }
        }
        for added in event.added.iter().filter_map(|f| convert::path(&f.uri)) {
            if self.folders.iter().all(|f| f.root != added) {
                self.folders.push(Folder::new(added));
                self.reload(self.folders.len() - 1);
            }
        }
    }

    /// A document opened or changed (`Some`: its version and text) or closed (`None`: the
    /// file on disk is read again).
    fn edit(&mut self, uri: &lsp::Uri, text: Option<(i32, String)>) {
        let Some(path) = convert::path(uri) else {
            return;
        };
        match &text {
            Some((version, t)) => {
                self.documents.insert(path.clone(), (*version, t.clone()));
            }
            None => {
                self.documents.remove(&path);
            }
        }
        let Some((i, rel)) = self.locate(&path) else {
            return;
        };
        // Only `.xml` files are configuration files (as for the command line), and not
        // those `scaffc.toml` excludes.
        if !rel.to_ascii_lowercase().ends_with(".xml") || self.folders[i].config.excludes(&rel) {
            return;
        }
        let f = &mut self.folders[i];
        match text {
            Some((version, text)) => {
                f.open.insert(rel.clone(), version);
                f.ws.set_file(&rel, text.as_bytes());
            }
            None => {
                f.open.remove(&rel);
                revert(&mut f.ws, &path, &rel);
            }
        }
        self.changed(i);
    }

    /// Files created, changed or deleted outside the editor: an `.xml` file is read
    /// again; `scaffc.toml`, the agent settings a `scaffc.toml` names, a folder created or
    /// deleted under the configuration, or a configuration folder appearing, read the whole
    /// folder again.
    fn watched(&mut self, changes: Vec<lsp::FileEvent>) {
        let mut touched = std::collections::BTreeSet::new();
        let mut reload = std::collections::BTreeSet::new();
        for c in changes {
            let Some(path) = convert::path(&c.uri) else {
                continue;
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name == crate::fs::CONFIG_FILE {
                let dir = path.parent().unwrap_or(&path);
                for (i, f) in self.folders.iter().enumerate() {
                    if f.root.starts_with(dir) || dir.starts_with(&f.root) {
                        reload.insert(i);
                    }
                }
                continue;
            }
            if name.to_ascii_lowercase().ends_with(".json") {
                for (i, f) in self.folders.iter().enumerate() {
                    let settings = f.config.agent_settings.as_deref();
                    let same = settings.is_some_and(|s| {
                        crate::fs::resolve(s).unwrap_or_else(|| s.to_path_buf()) == path
                            || s == path
                    });
                    if same {
                        reload.insert(i);
                    }
                }
                continue;
            }
            let Some((i, rel)) = self.locate(&path) else {
                // A configuration folder may have appeared under a folder without one.
                for (i, f) in self.folders.iter().enumerate() {
                    if f.conf.is_none() && path.starts_with(&f.root) {
                        reload.insert(i);
                    }
                }
                continue;
            };
            let f = &mut self.folders[i];
            if !rel.to_ascii_lowercase().ends_with(".xml") {
                // A folder deleted, created or renamed: its files are only reported as
                // the folder.
                let folder_event = c.typ == lsp::FileChangeType::DELETED
                    && f.ws.paths_under(&rel).next().is_some()
                    || path.is_dir();
                if folder_event {
                    reload.insert(i);
                }
                continue;
            }
            if f.open.contains_key(&rel) || f.config.excludes(&rel) {
                continue;
            }
            revert(&mut f.ws, &path, &rel);
            touched.insert(i);
        }
        for i in &reload {
            self.reload(*i);
        }
        for i in touched.difference(&reload) {
            self.changed(*i);
        }
    }

    /// The folder's workspace changed: queue its analysis (replacing any queued one).
    fn changed(&mut self, i: usize) {
        let f = &mut self.folders[i];
        f.generation += 1;
        if f.conf.is_none() {
            return;
        }
        let job = Job {
            generation: f.generation,
            ws: f.ws.clone(),
            versions: f.open.clone(),
        };
        let mut jobs = self.pending.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.0.insert(f.id, job);
        self.pending.ready.notify_one();
    }

    /// An analysis finished: keep it and publish what changed.
    fn finished(&mut self, done: Done) {
        let Some(i) = self.folders.iter().position(|f| f.id == done.folder) else {
            // The folder was removed meanwhile.
            return;
        };
        let snapshot = match done.result {
            Ok(s) => s,
            Err(panic) => {
                if !self.said_panic {
                    self.said_panic = true;
                    self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                        typ: lsp::MessageType::ERROR,
                        message: format!(
                            "scaffc: {panic}. The diagnostics shown are those of the last analysis that succeeded."
                        ),
                    });
                }
                self.log(format!("{panic}"));
                self.end_progress();
                // The waiting edits cannot be answered on the current text: the client
                // asks again.
                for req in std::mem::take(&mut self.folders[i].deferred) {
                    self.send(Response::new_err(
                        req.id,
                        lsp_server::ErrorCode::ContentModified as i32,
                        "the analysis of this text failed".into(),
                    ));
                }
                return;
            }
        };
        self.said_panic = false;
        let f = &mut self.folders[i];
        if f.snapshot
            .as_ref()
            .is_some_and(|(g, _, _)| *g >= done.generation)
        {
            return;
        }
        let Some((conf, _)) = f.conf.clone() else {
            return;
        };
        let uri_of = |rel: &str| convert::uri(&conf.join(rel));
        let mut now: HashMap<String, Vec<lsp::Diagnostic>> = HashMap::new();
        for d in &snapshot.diagnostics {
            let path = &snapshot.sources.file(d.primary.file).path;
            now.entry(path.clone())
                .or_default()
                .push(convert::diagnostic(
                    d,
                    &snapshot.sources,
                    &uri_of,
                    self.encoding,
                ));
        }
        // Every file whose diagnostics changed, every open document (with the version
        // analysed), and the files that have none any more.
        let mut paths: Vec<&String> = now
            .keys()
            .chain(f.published.keys())
            .chain(done.versions.keys())
            .collect();
        paths.sort();
        paths.dedup();
        let mut out = Vec::new();
        for path in paths {
            let new = now.get(path.as_str());
            let old = f.published.get(path.as_str());
            let version = done.versions.get(path.as_str()).copied();
            if new == old && version.is_none() {
                continue;
            }
            out.push(lsp::PublishDiagnosticsParams {
                uri: uri_of(path),
                diagnostics: new.cloned().unwrap_or_default(),
                version,
            });
        }
        f.published = now;
        f.parsed.retain(|rel, _| done.versions.contains_key(rel));
        for rel in done.versions.keys() {
            let parses = snapshot
                .sources
                .find(rel)
                .is_some_and(|id| snapshot.index().root_at(id).is_some());
            if parses {
                f.parsed.insert(rel.clone(), snapshot.clone());
            }
        }
        f.snapshot = Some((done.generation, snapshot, done.versions));
        for p in out {
            self.notify::<lsp::notification::PublishDiagnostics>(p);
        }
        // The requests that waited for this text.
        for req in std::mem::take(&mut self.folders[i].deferred) {
            match self.stale_for(&req) {
                Some(j) => self.folders[j].deferred.push(req),
                None => self.respond(req),
            }
        }
        if self
            .folders
            .iter()
            .all(|f| f.conf.is_none() || f.snapshot.is_some())
        {
            self.end_progress();
        }
    }
}

/// A file's content back from disk (after `didClose`, or a change outside the editor), as
/// the tree's reader finds it (a link is not followed): set when it is there, removed when
/// it is not.
fn revert(ws: &mut Workspace, path: &Path, rel: &str) {
    match crate::fs::read_entry(path) {
        Some(entry) => {
            ws.set_tree_file(crate::fs::TreeFile {
                path: rel.to_string(),
                entry,
                problems: Vec::new(),
            });
        }
        None => {
            ws.remove_file(rel);
        }
    }
}

/// The agent settings `scaffc.toml`'s `agent-settings` names, read and parsed.
fn agent_settings(
    config: &Config,
) -> Result<Option<(String, crate::agent_settings::AgentSettings)>, String> {
    config
        .agent_settings
        .as_deref()
        .map(crate::agent_settings::AgentSettings::read)
        .transpose()
}

/// How long the analysis thread waits for another edit before it renders what the
/// scaffoldings generate.
const WARM_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

/// The analysis thread: takes the newest job of a folder, analyses, sends the result.
fn spawn_worker(pending: Arc<Pending>, done: Sender<Done>) {
    std::thread::Builder::new()
        .name("scaffc-analysis".into())
        .spawn(move || {
            // The folders take turns: a folder edited without pause does not starve the
            // others.
            let mut last: Option<u64> = None;
            loop {
                let (folder, job) = {
                    let mut jobs = pending.jobs.lock().unwrap_or_else(|e| e.into_inner());
                    loop {
                        if jobs.1 {
                            return;
                        }
                        let next = last
                            .and_then(|l| jobs.0.range(l + 1..).next().map(|(k, _)| *k))
                            .or_else(|| jobs.0.keys().next().copied());
                        if let Some(id) = next {
                            let job = jobs.0.remove(&id).expect("a pending job");
                            break (id, job);
                        }
                        jobs = pending.ready.wait(jobs).unwrap_or_else(|e| e.into_inner());
                    }
                };
                last = Some(folder);
                let result = job.ws.analyze();
                drop(job.ws);
                let warm = result.as_ref().ok().cloned();
                let sent = done.send(Done {
                    folder,
                    generation: job.generation,
                    versions: job.versions,
                    result,
                });
                if sent.is_err() {
                    return;
                }
                // Once no edit has come for a while: what the scaffoldings generate, for the
                // hovers and completions to come (else the first one would make it). Not
                // between two edits of a burst, which it would delay.
                if let Some(snapshot) = warm {
                    let jobs = pending.jobs.lock().unwrap_or_else(|e| e.into_inner());
                    let (jobs, _) = pending
                        .ready
                        .wait_timeout_while(jobs, WARM_AFTER, |j| j.0.is_empty() && !j.1)
                        .unwrap_or_else(|e| e.into_inner());
                    let idle = jobs.0.is_empty() && !jobs.1;
                    drop(jobs);
                    if idle {
                        snapshot.index().generations();
                    }
                }
            }
        })
        .expect("the analysis thread starts");
}

/// The system clock, in UTC.
fn system_now() -> DateTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    DateTime::from_unix_timestamp(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::tests::{PANIC_FILE, SLOW_FILE};
    use std::time::Duration;

    const ROOT: &str = "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">";

    fn conf(body: &str) -> String {
        format!("{ROOT}\n{body}\n</ConfigurationFile>\n")
    }

    /// A server on an in-memory connection, on a folder holding `Conf/a.xml`.
    struct Harness {
        client: Connection,
        server: Option<std::thread::JoinHandle<Result<bool, String>>>,
        dir: PathBuf,
        next: i32,
    }

    impl Harness {
        fn start(name: &str, a_xml: &str) -> Harness {
            let dir =
                std::env::temp_dir().join(format!("scaffc-lsp-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("Conf")).unwrap();
            std::fs::write(dir.join("Conf/a.xml"), a_xml).unwrap();
            let (server, client) = Connection::memory();
            let handle = std::thread::spawn(move || serve(server));
            let mut h = Harness {
                client,
                server: Some(handle),
                dir,
                next: 100,
            };
            let params = json!({
                "capabilities": {},
                "workspaceFolders": [{ "uri": convert::uri(&h.dir), "name": "t" }],
                "initializationOptions": { "threads": 1 },
            });
            h.request("initialize", params);
            h.notify("initialized", json!({}));
            h
        }

        fn uri(&self, rel: &str) -> lsp::Uri {
            convert::uri(&self.dir.join("Conf").join(rel))
        }

        fn notify(&self, method: &str, params: Value) {
            self.client
                .sender
                .send(Notification::new(method.into(), params).into())
                .unwrap();
        }

        fn send_request(&mut self, method: &str, params: Value) -> RequestId {
            self.next += 1;
            let id = RequestId::from(self.next);
            self.client
                .sender
                .send(Request::new(id.clone(), method.into(), params).into())
                .unwrap();
            id
        }

        /// Sends a request and waits for its response; the messages received meanwhile are
        /// kept in `seen`.
        fn request(&mut self, method: &str, params: Value) -> Response {
            let id = self.send_request(method, params);
            loop {
                match self.recv() {
                    Message::Response(r) if r.id == id => return r,
                    _ => {}
                }
            }
        }

        fn recv(&self) -> Message {
            self.client
                .receiver
                .recv_timeout(Duration::from_secs(20))
                .expect("the server answers")
        }

        /// Waits for the publication of `rel`'s diagnostics; the messages before it.
        fn diagnostics_of(&self, rel: &str) -> (lsp::PublishDiagnosticsParams, Vec<Message>) {
            let uri = self.uri(rel);
            let mut before = Vec::new();
            loop {
                let m = self.recv();
                if let Message::Notification(n) = &m {
                    if n.method == "textDocument/publishDiagnostics" {
                        let p: lsp::PublishDiagnosticsParams =
                            serde_json::from_value(n.params.clone()).unwrap();
                        if p.uri == uri {
                            return (p, before);
                        }
                    }
                }
                before.push(m);
            }
        }

        fn open(&self, rel: &str, version: i32, text: &str) {
            self.notify(
                "textDocument/didOpen",
                json!({ "textDocument": {
                    "uri": self.uri(rel), "languageId": "xml", "version": version, "text": text,
                }}),
            );
        }

        fn change(&self, rel: &str, version: i32, text: &str) {
            self.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": self.uri(rel), "version": version },
                    "contentChanges": [{ "text": text }],
                }),
            );
        }

        fn stop(mut self) {
            let r = self.request("shutdown", Value::Null);
            assert!(r.response_result.is_ok());
            self.notify("exit", Value::Null);
            let result = self.server.take().unwrap().join().unwrap();
            assert_eq!(result, Ok(true), "shutdown came before exit");
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn is_show_message(m: &Message) -> bool {
        matches!(m, Message::Notification(n) if n.method == "window/showMessage")
    }

    const BAD: &str = "<Connector Identifier=\"C\" DisplayName_L1=\"C\" Agent=\"Nope\" />";

    #[test]
    fn a_panicking_analysis_is_said_once_and_the_server_goes_on() {
        let mut h = Harness::start("panic", &conf(BAD));
        let (first, _) = h.diagnostics_of("a.xml");
        assert_eq!(first.diagnostics.len(), 1);
        // A file that makes every analysis panic: said once, with the last results kept.
        h.open(PANIC_FILE, 1, &conf(""));
        h.change(PANIC_FILE, 2, &conf(""));
        let hover = h.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": h.uri("a.xml") }, "position": { "line": 1, "character": 55 } }),
        );
        let text = serde_json::to_string(&hover.response_result.unwrap()).unwrap();
        assert!(text.contains("agent `Nope`: not declared"), "{text}");
        // Both analyses have failed by now: one message.
        let symbols = h.request("workspace/symbol", json!({ "query": "" }));
        assert!(symbols.response_result.is_ok());
        std::thread::sleep(Duration::from_millis(300));
        let mut said = 0;
        while let Ok(m) = h.client.receiver.try_recv() {
            said += usize::from(is_show_message(&m));
        }
        assert!(said <= 1, "said {said} times");
        // Closing the file (it is not on disk) ends the failures; the next one is said again.
        h.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": h.uri(PANIC_FILE) } }),
        );
        let fixed = h.uri("a.xml");
        h.open("a.xml", 5, &conf(&BAD.replace("Nope", "Still")));
        let (after, before) = h.diagnostics_of("a.xml");
        assert_eq!(after.version, Some(5));
        assert_eq!(after.uri, fixed);
        said += before.iter().filter(|m| is_show_message(m)).count();
        assert_eq!(said, 1, "the first failures are said exactly once");
        h.open(PANIC_FILE, 1, &conf(""));
        let again = loop {
            if let m @ Message::Notification(_) = h.recv() {
                if is_show_message(&m) {
                    break m;
                }
            }
        };
        assert!(is_show_message(&again));
        h.stop();
    }

    #[test]
    fn a_request_during_a_long_analysis_is_answered_and_edits_are_coalesced() {
        let mut h = Harness::start("slow", &conf(BAD));
        h.diagnostics_of("a.xml");
        // This analysis takes 1.5 s longer; a hover sent meanwhile is answered from the last
        // snapshot before it ends.
        h.open(SLOW_FILE, 1, &conf(""));
        let id = h.send_request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": h.uri("a.xml") }, "position": { "line": 1, "character": 55 } }),
        );
        let first = h.recv();
        assert!(
            matches!(&first, Message::Response(r) if r.id == id && r.response_result.as_ref().is_ok_and(|v| !v.is_null())),
            "{first:?}"
        );
        // Twenty versions of a.xml while the slow analysis runs: the last one wins, no
        // older version is published after a newer one.
        for v in 1..=20 {
            let agent = if v == 20 { "Last" } else { "Nope" };
            h.change_or_open("a.xml", v, &conf(&BAD.replace("Nope", agent)));
        }
        let mut versions = Vec::new();
        loop {
            let (p, _) = h.diagnostics_of("a.xml");
            versions.push(p.version.unwrap());
            if p.version == Some(20) {
                assert!(p.diagnostics[0].message.contains("`Last`"), "{p:?}");
                break;
            }
        }
        assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
        assert!(versions.len() <= 3, "not coalesced: {versions:?}");
        h.stop();
    }

    impl Harness {
        fn change_or_open(&self, rel: &str, version: i32, text: &str) {
            if version == 1 {
                self.open(rel, version, text);
            } else {
                self.change(rel, version, text);
            }
        }
    }
}
