//! The validator: one module per diagnostic code, each with its [`Rule`] (code, severity,
//! summary, the text `scaffc explain CODE` prints) and, where the rule is checked on the
//! model and the expansion, its `check` function. Each code has one producer: its module's
//! `check`, or for the codes raised while loading (`xml-syntax`, `too-deep`, ...) or only
//! visible while expanding (`unresolved-task-reference`) the one place its module names.
//! The expansion reports nothing that a rule checks: it skips what it cannot expand.
//!
//! To find the code of a diagnostic: `src/rules/<code with _ for ->.rs`.

use std::borrow::Cow;

use crate::agent_settings::AgentSettings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::expand::task_table::TaskTable;
use crate::expand::Expanded;
use crate::load::Sources;
use crate::model::schema::{AttrSpec, ElementSpec};
use crate::model::{ElRef, Model};
use crate::source::FileId;
use crate::xml::{Attr, Element};

pub mod cron_values;
pub mod jobs;
pub mod references;

/// Declares every rule once: the modules, the [`RuleId`] enum and its code, and [`RULES`],
/// in the order of `validation.md`. Adding a rule is one line here and one module.
macro_rules! rules {
    ($($id:ident => $module:ident, $code:literal;)*) => {
        $(pub mod $module;)*

        /// A diagnostic code. `code()` is the stable kebab-case text; the rule's severity,
        /// summary and explain text come from [`RuleId::meta`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RuleId {
            $($id,)*
        }

        impl RuleId {
            /// Every rule, in the order of `validation.md`.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$id,)*];

            /// The stable code, e.g. `unknown-connector`.
            pub const fn code(self) -> &'static str {
                match self {
                    $(RuleId::$id => $code,)*
                }
            }

            /// The rule's severity and texts.
            pub fn meta(self) -> &'static Rule {
                match self {
                    $(RuleId::$id => &$module::RULE,)*
                }
            }

            /// The rule of a code.
            pub fn from_code(code: &str) -> Option<RuleId> {
                match code {
                    $($code => Some(RuleId::$id),)*
                    _ => None,
                }
            }
        }

        /// Every rule, in the order of `validation.md`.
        pub const RULES: &[&Rule] = &[$(&$module::RULE,)*];
    };
}

rules! {
    UnknownConnector => unknown_connector, "unknown-connector";
    UnknownOpenidClient => unknown_openid_client, "unknown-openid-client";
    OpenidClientNotInAgentSettings => openid_client_not_in_agent_settings, "openid-client-not-in-agent-settings";
    InvalidCron => invalid_cron, "invalid-cron";
    InvalidCronTimeZone => invalid_cron_time_zone, "invalid-cron-time-zone";
    CronSecondsField => cron_seconds_field, "cron-seconds-field";
    CronSuspicious => cron_suspicious, "cron-suspicious";
    CronNeverFires => cron_never_fires, "cron-never-fires";
    XmlSyntax => xml_syntax, "xml-syntax";
    NotConfiguration => not_configuration, "not-configuration";
    MissingAttribute => missing_attribute, "missing-attribute";
    UnknownAttribute => unknown_attribute, "unknown-attribute";
    UnknownElement => unknown_element, "unknown-element";
    InvalidValue => invalid_value, "invalid-value";
    InvalidIdentifier => invalid_identifier, "invalid-identifier";
    DuplicateIdentifier => duplicate_identifier, "duplicate-identifier";
    UnknownAgent => unknown_agent, "unknown-agent";
    UnknownConnection => unknown_connection, "unknown-connection";
    UnknownEntityType => unknown_entity_type, "unknown-entity-type";
    UnknownResourceType => unknown_resource_type, "unknown-resource-type";
    UnknownTask => unknown_task, "unknown-task";
    UnknownProfile => unknown_profile, "unknown-profile";
    UnknownPackage => unknown_package, "unknown-package";
    ConnectorWithoutAgent => connector_without_agent, "connector-without-agent";
    AmbiguousAgent => ambiguous_agent, "ambiguous-agent";
    UnresolvedTaskReference => unresolved_task_reference, "unresolved-task-reference";
    OverrideWithoutTarget => override_without_target, "override-without-target";
    DependencyCycle => dependency_cycle, "dependency-cycle";
    DependencyOrder => dependency_order, "dependency-order";
    MixedAgents => mixed_agents, "mixed-agents";
    NoExportConnection => no_export_connection, "no-export-connection";
    IncrementalNotSupported => incremental_not_supported, "incremental-not-supported";
    FrequentCompleteJob => frequent_complete_job, "frequent-complete-job";
    NoEffect => no_effect, "no-effect";
    SymlinkNotFollowed => symlink_not_followed, "symlink-not-followed";
    FileTooLarge => file_too_large, "file-too-large";
    PathCollision => path_collision, "path-collision";
    TooDeep => too_deep, "too-deep";
    UnusedSuppression => unused_suppression, "unused-suppression";
    NotExpanded => not_expanded, "not-expanded";
    MissingPrerequisite => missing_prerequisite, "missing-prerequisite";
    ScheduleNotPortable => schedule_not_portable, "schedule-not-portable";
}

impl RuleId {
    pub fn severity(self) -> Severity {
        self.meta().severity
    }

    pub fn as_str(self) -> &'static str {
        self.code()
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.code() == other
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A rule of `validation.md`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: RuleId,
    pub severity: Severity,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown-ish text for `scaffc explain`: why, an example that triggers it, the fix.
    pub explain: &'static str,
}

/// Rules raised by another command than `check` (their fixtures are that command's tests).
pub const NOT_FROM_CHECK: &[RuleId] = &[RuleId::ScheduleNotPortable];

/// The rule of a code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RuleId::from_code(code).map(RuleId::meta)
}

/// What the checks look at.
pub struct Context<'c, 'a> {
    pub sources: &'a Sources,
    pub model: &'c Model<'a>,
    pub expanded: &'c Expanded<'a>,
    /// `--agent-settings`: the file's name as given, and its content.
    pub agent_settings: Option<(&'c str, &'c AgentSettings)>,
    /// Threads to run the rules on ([`crate::Options::threads`]: 0 for one per core, 1 for
    /// the caller's thread only).
    pub threads: usize,
    /// The task table ([`Context::task_table`]), likewise.
    pub task_table: std::sync::OnceLock<TaskTable<'c, 'a>>,
    /// [`Context::generated`], likewise.
    pub generated: std::sync::OnceLock<rustc_hash::FxHashSet<(&'c str, Cow<'c, str>)>>,
    /// [`Context::overrides`], likewise.
    pub overrides: std::sync::OnceLock<rustc_hash::FxHashSet<(&'c str, &'c str)>>,
}

impl<'c, 'a> Context<'c, 'a> {
    /// (element name, identifier) of every element the scaffoldings generate, before
    /// overrides: jobs and tasks borrowed, the other scaffoldings' made (they keep none
    /// when no XML is asked for). Built once per analysis, by the first override met.
    pub fn generated(&self) -> &rustc_hash::FxHashSet<(&'c str, Cow<'c, str>)> {
        let expanded: &'c Expanded<'a> = self.expanded;
        self.generated.get_or_init(|| {
            let mut set: rustc_hash::FxHashSet<(&'c str, Cow<'c, str>)> = expanded
                .generated_jobs()
                .map(|(k, id)| (k, Cow::Borrowed(id)))
                .collect();
            // Of the other scaffoldings', the kind `override-without-target` judges.
            for e in &expanded.rules {
                e.for_each_generated_named(Some(&["AccessControlRule"]), |k, id| {
                    // Element names are the tables' (`'static`).
                    let k = crate::acr::expand::static_name(k);
                    set.insert((k, Cow::Owned(id.to_string())));
                });
            }
            set
        })
    }

    /// (element name, identifier) of the root-level hand-written jobs and tasks that a
    /// scaffolding generates too (before overrides): the overrides, with or without
    /// `ConsolidationMode`. Built once per analysis.
    pub fn overrides(&self) -> &rustc_hash::FxHashSet<(&'c str, &'c str)> {
        let model: &'c Model<'a> = self.model;
        self.overrides.get_or_init(|| {
            let roots = model.elements.iter().filter_map(|r| {
                let local = r.el.local();
                (local == "Job"
                    || crate::model::is_task(local)
                    || crate::acr::expand::is_generated_kind(local))
                .then_some((local, r.id()?))
            });
            self.expanded.generated_of(roots)
        })
    }

    /// Every task of the expanded configuration by identifier: built once per analysis.
    pub fn task_table(&self) -> &TaskTable<'c, 'a> {
        self.task_table
            .get_or_init(|| TaskTable::new(self.model, self.expanded))
    }
}

/// One element as the walk hands it to the element rules: its kind's schema looked up
/// once, its attributes read once.
pub struct Visit<'v, 'a> {
    pub r: ElRef<'a>,
    pub parent: Option<Element<'a>>,
    pub local: &'a str,
    /// The parent's local name, `None` at the root level (a child of `ConfigurationFile`).
    pub parent_local: Option<&'a str>,
    /// The schema of the element's kind in its place (`model::spec_of`).
    pub spec: Option<&'static ElementSpec>,
    /// The attributes, in document order.
    pub attrs: &'v [Attr<'a>],
    /// The schema of each attribute of `attrs`, when the kind's table lists it (looked up
    /// once for every rule).
    pub attr_specs: &'v [Option<&'static AttrSpec>],
}

impl<'a> Visit<'_, 'a> {
    /// The first attribute of that name.
    pub fn attr(&self, name: &str) -> Option<&Attr<'a>> {
        self.attrs.iter().find(|a| a.name == name)
    }

    pub fn value(&self, name: &str) -> Option<&'a str> {
        self.attr(name).map(|a| a.value)
    }
}

/// The element rules: each looks at one element at a time and at nothing outside its
/// file, so that what they find is a fact of the file ([`FileFacts`]).
const ELEMENT_RULES: &[fn(&Visit<'_, '_>, &mut Vec<Diagnostic>)] = &[
    missing_attribute::visit,
    unknown_attribute::visit,
    unknown_element::visit,
    invalid_value::visit,
    invalid_identifier::visit,
];

/// What one walk of a file finds that depends on that file alone: the element rules'
/// diagnostics, located at file 0 ([`FileFacts::at`] moves them), and the values that name
/// something declared anywhere ([`references::Candidate`]), resolved against the whole
/// configuration at each analysis. A workspace keeps them per file, computed once per
/// version of the file.
#[derive(Debug, Clone, Default)]
pub struct FileFacts {
    pub diagnostics: Vec<Diagnostic>,
    pub references: Vec<references::Candidate>,
}

impl FileFacts {
    /// The walk of one file (its `ConfigurationFile` root): every element, once, handed to
    /// every element rule with its schema looked up once and its attributes read once.
    pub fn of(root: Element<'_>) -> FileFacts {
        let mut facts = FileFacts::default();
        let mut attrs = Vec::new();
        let mut attr_specs = Vec::new();
        // The schema of the last (parent, element) names: siblings of one kind follow each
        // other (an entity type's properties).
        let mut last: Option<(Option<&str>, &str, Option<&'static ElementSpec>)> = None;
        for el in root.descendants().skip(1) {
            let r = ElRef { file: 0, el };
            let parent = r.parent();
            let (local, parent_local) = (el.local(), parent.map(|p| p.local()));
            let spec = match last {
                Some((p, l, spec)) if p == parent_local && l == local => spec,
                _ => crate::model::spec_of(&el, parent.as_ref()),
            };
            last = Some((parent_local, local, spec));
            attrs.clear();
            attrs.extend(el.attrs());
            attr_specs.clear();
            attr_specs.extend(attrs.iter().map(|a| spec.and_then(|s| s.attr(a.name))));
            let v = Visit {
                r,
                parent,
                local,
                parent_local,
                spec,
                attrs: &attrs,
                attr_specs: &attr_specs,
            };
            for rule in ELEMENT_RULES {
                rule(&v, &mut facts.diagnostics);
            }
            references::candidates(&v, &mut facts.references);
        }
        facts
    }

    /// The diagnostics, moved to `file`.
    pub fn diagnostics_at(&self, file: FileId) -> impl Iterator<Item = Diagnostic> + '_ {
        self.diagnostics.iter().map(move |d| d.at_file(file))
    }
}

/// Runs every rule checked on the model and the expansion: the element rules in one walk,
/// then the rules that look at the whole configuration.
pub fn check(
    ctx: &Context<'_, '_>,
    facts: &[(FileId, std::sync::Arc<FileFacts>)],
) -> Vec<Diagnostic> {
    type Check<'f> = Box<dyn Fn(&mut Vec<Diagnostic>) + Sync + 'f>;
    let rule = |check: fn(&Context<'_, '_>, &mut Vec<Diagnostic>)| -> Check<'_> {
        Box::new(move |out| check(ctx, out))
    };
    // The files' own findings, the references, and the rules that judge the whole
    // configuration, cut into contiguous slices, one per thread. The three heavy ones (on
    // 2,000 connectors: the references ~26 ms, the job rules ~21 ms with the task table
    // they share, `duplicate-identifier` ~30 ms) are placed so that two threads get about
    // the same work.
    let checks: Vec<Check<'_>> = vec![
        Box::new(|out| {
            out.extend(facts.iter().flat_map(|(file, f)| f.diagnostics_at(*file)));
        }),
        Box::new(|out| references::check(ctx, facts, out)),
        // `dependency-cycle`, `dependency-order` and `mixed-agents`, one job at a time.
        rule(jobs::check),
        rule(unknown_openid_client::check),
        rule(openid_client_not_in_agent_settings::check),
        rule(unknown_package::check),
        rule(connector_without_agent::check),
        rule(ambiguous_agent::check),
        rule(override_without_target::check),
        rule(duplicate_identifier::check),
        rule(no_export_connection::check),
        rule(incremental_not_supported::check),
        rule(cron_values::check),
        rule(frequent_complete_job::check),
        rule(no_effect::check),
        rule(not_expanded::check),
        rule(missing_prerequisite::check),
    ];
    // Joined in order, so that the result does not depend on the thread count.
    crate::parallel::map_chunks(ctx.threads, &checks, |_, check| {
        let mut out = Vec::new();
        check(&mut out);
        out
    })
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_its_own_module_s_and_explained() {
        assert_eq!(RULES.len(), RuleId::ALL.len());
        for (&id, rule) in RuleId::ALL.iter().zip(RULES) {
            // The module's RULE names the id it is registered under.
            assert_eq!(rule.code, id, "{id}: its module's RULE says {}", rule.code);
            assert_eq!(RuleId::from_code(id.code()), Some(id));
            assert!(
                id.code()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
            assert!(
                !rule.summary.is_empty() && rule.explain.len() > 80,
                "{id} needs an explanation"
            );
            assert!(
                rule.explain.contains("Example"),
                "{id}: explain shows an example"
            );
            assert!(
                rule.explain.contains("Fix"),
                "{id}: explain says how to fix"
            );
        }
    }

    #[test]
    fn every_module_file_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let Some(stem) = name.strip_suffix(".rs") else {
                continue;
            };
            if ["mod", "jobs", "references", "cron_values"].contains(&stem) {
                continue;
            }
            let code = stem.replace('_', "-");
            assert!(
                rule(&code).is_some(),
                "src/rules/{name} has no registered rule `{code}`"
            );
        }
    }
}
