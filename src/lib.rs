//! scaffc: a compiler and linter for the XML configuration of Netwrix Identity Manager
//! (formerly Usercube).
//!
//! The flow is `source -> xml -> model -> expand -> render`. The core never touches the file
//! system: it takes `(path, bytes)` pairs ([`Sources::new`]) and [`analyze`] returns an
//! [`Analysis`]. Only [`fs`] reads files and only `expand --out` writes them; [`cli`] holds the
//! commands of the `scaffc` binary behind one I/O boundary ([`cli::Io`]).
//!
//! Internal stages (`load`, `source`, `diagnostic`, `output_dir`) are not public; their
//! types that the API returns are re-exported here.
//!
//! ```
//! let conf = r#"<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
//!   <Agent Identifier="Local" DisplayName_L1="Local" />
//!   <Profile Identifier="Administrator" DisplayName_L1="Administrator" />
//!   <OpenIdClient Identifier="Job" HashedSecret="x" DisplayName_L1="Job" Profile="Administrator" />
//!   <Connector Identifier="HR" DisplayName_L1="HR" Agent="Local" />
//!   <Connection Identifier="HRExport" DisplayName_L1="HR" Connector="HR" Package="Usercube.CSV@0000001" />
//!   <CreateConnectorSynchroIncremental Connector="HR" />
//! </ConfigurationFile>"#;
//! let sources = scaffc::Sources::new([("HR.xml", conf)]);
//! let out = scaffc::expand(&sources);
//! assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
//! assert!(out.xml.contains(r#"<Job Identifier="HR_Synchronize_Incremental""#));
//! ```

pub mod acr;
pub mod agent_settings;
pub mod cli;
pub mod config;
pub mod cron;
mod cron_report;
pub(crate) mod diagnostic;
pub(crate) mod expand;
pub mod fix;
pub mod fs;
pub(crate) mod index;
pub mod job_listing;
pub(crate) mod load;
pub mod lsp;
pub(crate) mod model;
pub(crate) mod output_dir;
pub mod parallel;
pub mod render;
pub mod rules;
pub mod schedule;
pub(crate) mod source;
pub(crate) mod workspace;
pub mod xml;

pub use cron_report::{cron_report, CronReport};
pub use diagnostic::{Diagnostic, Label, Severity};
pub use fix::{apply_fixes, Applicability, Edit, Fix};
pub use index::{GeneratedElement, Generation, Hit, Index, Location, OutlineItem, Part, RefKind};
pub use load::Sources;
pub use output_dir::Files;
pub use source::{FileId, SourceFile};
pub use workspace::{AnalysisPanicked, DocumentId, Snapshot, Workspace};

use load::load;
use model::Model;

/// What [`analyze`] can be told beyond the files.
#[derive(Debug, Default)]
pub struct Options {
    /// Threads for parsing the files and for running the rules (0: one per core; 1: none
    /// spawned, everything on the caller's thread). The result is the same at every count.
    pub threads: usize,
    /// `--agent-settings`: the file's name as given, and its parsed content.
    pub agent_settings: Option<(String, agent_settings::AgentSettings)>,
    /// Which XML to write: none for `check` (the default), the one document for `expand`,
    /// the per-scaffolding files for `expand --out`.
    pub render: Render,
}

/// The XML an analysis renders ([`Analysis::xml`], [`Analysis::files`]).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Render {
    /// Nothing: diagnostics and job identifiers only (`check`).
    #[default]
    Nothing,
    /// The one document holding every generated job (`expand`).
    Document,
    /// One document per scaffolding (`expand --out`).
    Files,
    /// Both.
    All,
}

/// One scaffolding beyond jobs, as [`Analysis::rule_scaffoldings`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleScaffolding {
    /// Its element name (`JobViewAccessControlRules`).
    pub kind: String,
    /// Its `Profile` and `EntityType` joined by `_` (its `expand --out` file's name).
    pub key: String,
    /// The templates that produced it, then itself: `CreateAdministratorProfile >
    /// JobExecutionAccessControlRules > JobViewAccessControlRules`; its own name when
    /// written by hand.
    pub provenance: String,
    /// The other places that produce it, expanded once (same form).
    pub also_from: Vec<String>,
    /// Whether scaffc expands its kind.
    pub expanded: bool,
    /// (element name, identifier) of what it generates itself, after overrides.
    pub generated: Vec<(String, String)>,
}

/// The result of [`analyze`]: the expansion and every diagnostic, sorted.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The document holding every generated job ([`render::xml::document`]); empty unless
    /// [`Options::render`] asked for it.
    pub xml: String,
    /// Identifiers of the generated jobs, with the scaffolding kind that made each.
    pub jobs: Vec<(String, String)>,
    /// One document per scaffolding, for `expand --out` (`output_dir::files`); empty
    /// unless [`Options::render`] asked for them.
    pub files: Files,
    /// The scaffoldings beyond jobs, each hand-written one followed by what it produces
    /// (`crate::acr`); empty unless [`Options::render`] asked for XML.
    pub rule_scaffoldings: Vec<RuleScaffolding>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs the whole pipeline (load, model, expand, check) and hands its products to `f`:
/// the model, the expansion and every diagnostic, sorted (`diagnostic::sort`).
pub(crate) fn with_pipeline<R>(
    sources: &Sources,
    options: &Options,
    f: impl for<'x> FnOnce(&Model<'x>, &expand::Expanded<'x>, Vec<Diagnostic>) -> R,
) -> R {
    pipeline(sources, options, |model, expanded, mut diagnostics| {
        diagnostic::sort(&mut diagnostics);
        f(model, expanded, diagnostics)
    })
}

/// Every diagnostic of the pipeline as its producers made them: unsorted, nothing removed.
/// For the tests that check that each mistake has one producer (no two diagnostics of one
/// code at one place).
#[doc(hidden)]
pub fn raw_diagnostics(sources: &Sources, options: &Options) -> Vec<Diagnostic> {
    pipeline(sources, options, |_, _, diagnostics| diagnostics)
}

/// The pipeline, handing `f` the diagnostics unsorted.
fn pipeline<R>(
    sources: &Sources,
    options: &Options,
    f: impl for<'x> FnOnce(&Model<'x>, &expand::Expanded<'x>, Vec<Diagnostic>) -> R,
) -> R {
    let conf = load(sources, options.threads);
    pipeline_on(
        sources,
        conf.roots(),
        conf.facts.clone(),
        conf.diagnostics.clone(),
        options,
        f,
    )
}

/// The pipeline after loading: model, expansion and checks on trees parsed elsewhere (one
/// root per file of `sources`, in order), with the files' facts (walked with their parse;
/// a workspace keeps them per file), in file order, and the loader's diagnostics.
pub(crate) fn pipeline_on<'a, R>(
    sources: &'a Sources,
    roots: impl IntoIterator<Item = Option<xml::Element<'a>>>,
    facts: Vec<(FileId, std::sync::Arc<rules::FileFacts>)>,
    load_diagnostics: Vec<Diagnostic>,
    options: &Options,
    f: impl for<'x> FnOnce(&Model<'x>, &expand::Expanded<'x>, Vec<Diagnostic>) -> R,
) -> R {
    let model = Model::from_roots(roots, options.threads);
    // `check` renders nothing: the scaffoldings beyond jobs generate identifiers only.
    let detail = match options.render {
        Render::Nothing => acr::expand::Detail::Identifiers,
        _ => acr::expand::Detail::Full,
    };
    let expanded = expand::expand_all(&model, options.threads, detail);
    let ctx = rules::Context {
        sources,
        model: &model,
        expanded: &expanded,
        agent_settings: options
            .agent_settings
            .as_ref()
            .map(|(p, s)| (p.as_str(), s)),
        threads: options.threads,
        task_table: Default::default(),
        generated: Default::default(),
        overrides: Default::default(),
    };
    let mut diagnostics = load_diagnostics;
    diagnostics.extend(expanded.diagnostics.iter().cloned());
    diagnostics.extend(rules::check(&ctx, &facts));
    let with_settings = options.agent_settings.is_some();
    rules::unused_suppression::apply(
        sources,
        model.roots(),
        |r| with_settings || r != rules::RuleId::OpenidClientNotInAgentSettings,
        &mut diagnostics,
    );
    f(&model, &expanded, diagnostics)
}

/// Loads, models, expands and checks a configuration: the whole pipeline.
pub fn analyze(sources: &Sources, options: &Options) -> Analysis {
    with_pipeline(sources, options, |_, expanded, diagnostics| {
        finish(options, expanded, diagnostics)
    })
}

/// [`analyze`] on trees parsed elsewhere (a workspace's per-file cache), with the owned
/// lookups of the analysis ([`index::Index`]).
pub(crate) fn analyze_on(
    sources: &Sources,
    trees: Vec<Option<std::sync::Arc<xml::Tree>>>,
    facts: Vec<(FileId, std::sync::Arc<rules::FileFacts>)>,
    load_diagnostics: Vec<Diagnostic>,
    options: &Options,
) -> (Analysis, index::Index) {
    let roots = trees
        .iter()
        .zip(&sources.files)
        .map(|(t, f)| t.as_ref().and_then(|t| t.root(&f.text)));
    pipeline_on(
        sources,
        roots,
        facts,
        load_diagnostics,
        options,
        |_, expanded, mut diagnostics| {
            diagnostic::sort(&mut diagnostics);
            let files = sources.files.iter().cloned().zip(trees.iter().cloned());
            let index = index::Index::build(files.collect(), expanded);
            (finish(options, expanded, diagnostics), index)
        },
    )
}

/// The owned result of an analysis, rendering what `options` asks for.
fn finish(
    options: &Options,
    expanded: &expand::Expanded<'_>,
    diagnostics: Vec<Diagnostic>,
) -> Analysis {
    let document = matches!(options.render, Render::Document | Render::All);
    let files = matches!(options.render, Render::Files | Render::All);
    Analysis {
        xml: if document {
            render::xml::document_of(options.threads, &expanded.jobs, &expanded.rules)
        } else {
            String::new()
        },
        files: if files {
            let mut f = output_dir::files(expanded.jobs.iter());
            output_dir::add_rule_files(&mut f, &expanded.rules);
            f
        } else {
            output_dir::Files::new()
        },
        rule_scaffoldings: if options.render == Render::Nothing {
            Vec::new()
        } else {
            expanded.rules.iter().map(rule_scaffolding).collect()
        },
        jobs: expanded
            .jobs
            .iter()
            .flat_map(|j| {
                j.jobs().map(|job| {
                    (
                        job.value("Identifier").unwrap_or_default().to_string(),
                        j.kind().to_string(),
                    )
                })
            })
            .collect(),
        diagnostics,
    }
}

fn rule_scaffolding(e: &acr::expand::AcrExpansion<'_>) -> RuleScaffolding {
    RuleScaffolding {
        kind: e.kind.name().to_string(),
        key: e.key(),
        provenance: e.provenance(),
        also_from: e.also_provenances(),
        expanded: e.not_expanded.is_none(),
        generated: {
            let mut v = Vec::new();
            e.for_each_generated(|k, id| v.push((k.to_string(), id.to_string())));
            v
        },
    }
}

/// [`analyze`] rendering everything, with the other options by default.
pub fn expand(sources: &Sources) -> Analysis {
    analyze(
        sources,
        &Options {
            render: Render::All,
            ..Options::default()
        },
    )
}

/// Keeps the diagnostics located in the given files (`check [CONF] PATH...`).
pub fn only_in_files(diagnostics: &mut Vec<Diagnostic>, files: &[FileId]) {
    diagnostics.retain(|d| files.contains(&d.primary.file));
}
