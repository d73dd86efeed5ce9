//! scaffc: a compiler and linter for the XML configuration of Netwrix Identity Manager
//! (formerly Usercube).
//!
//! The flow is `source -> xml -> model -> expand -> render`; nothing here touches the file
//! system: the core takes `(path, bytes)` pairs ([`Sources::new`]).
//!
//! ```
//! let conf = r#"<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
//!   <Agent Identifier="Local" DisplayName_L1="Local" />
//!   <Connector Identifier="HR" DisplayName_L1="HR" Agent="Local" />
//!   <CreateConnectorSynchroIncremental Connector="HR" />
//! </ConfigurationFile>"#;
//! let sources = scaffc::Sources::new([("HR.xml", conf)]);
//! let out = scaffc::expand(&sources);
//! assert!(out.diagnostics.iter().all(|d| !d.is_error()));
//! assert!(out.xml.contains(r#"<Job Identifier="HR_Synchronize_Incremental""#));
//! ```

pub mod diagnostic;
pub mod expand;
pub mod load;
pub mod model;
pub mod render;
pub mod source;
pub mod xml;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use load::{load, Conf, Sources};
pub use model::Model;
pub use source::SourceFile;

/// The result of [`expand`]: the document and every diagnostic, sorted.
#[derive(Debug, Clone)]
pub struct ExpandOutput {
    /// The document holding every generated job ([`render::xml::document`]).
    pub xml: String,
    /// Identifiers of the generated jobs, with the scaffolding kind that made each.
    pub jobs: Vec<(String, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ExpandOutput {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads, models and expands a configuration, with the default thread count.
pub fn expand(sources: &Sources) -> ExpandOutput {
    expand_with_threads(sources, 0)
}

/// [`expand`] parsing on `threads` threads (0: one per core).
pub fn expand_with_threads(sources: &Sources, threads: usize) -> ExpandOutput {
    let conf = load(sources, threads);
    let model = Model::build(&conf);
    let expanded = expand::expand_all(&model);
    let mut diagnostics = conf.diagnostics.clone();
    diagnostics.extend(model.diagnostics.iter().cloned());
    diagnostics.extend(expanded.diagnostics);
    diagnostic::sort_and_dedup(&mut diagnostics);
    ExpandOutput {
        xml: render::xml::document(expanded.jobs.iter().map(|j| &j.job)),
        jobs: expanded
            .jobs
            .iter()
            .map(|j| (j.job_identifier().to_string(), j.kind().to_string()))
            .collect(),
        diagnostics,
    }
}
