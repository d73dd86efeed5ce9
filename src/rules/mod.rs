//! The validator: one module per diagnostic code, each with its [`Rule`] (code, severity,
//! summary, the text `scaffc explain CODE` prints) and, where the rule is checked on the
//! model and the expansion, its `check` function. Codes raised while loading or expanding
//! (`xml-syntax`, `connector-without-agent`, ...) have their module too, which says where
//! they are detected.
//!
//! To find the code of a diagnostic: `src/rules/<code with _ for ->.rs`.

use crate::agent_settings::AgentSettings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::expand::Expanded;
use crate::load::Sources;
use crate::model::Model;

pub mod jobs;

pub mod ambiguous_agent;
pub mod connector_without_agent;
pub mod cron_never_fires;
pub mod cron_seconds_field;
pub mod cron_suspicious;
pub mod cron_values;
pub mod dependency_cycle;
pub mod dependency_order;
pub mod duplicate_identifier;
pub mod file_too_large;
pub mod frequent_complete_job;
pub mod incremental_not_supported;
pub mod invalid_cron;
pub mod invalid_cron_time_zone;
pub mod invalid_identifier;
pub mod invalid_value;
pub mod missing_attribute;
pub mod mixed_agents;
pub mod no_effect;
pub mod no_export_connection;
pub mod not_configuration;
pub mod openid_client_not_in_agent_settings;
pub mod override_without_target;
pub mod path_collision;
pub mod references;
pub mod schedule_not_portable;
pub mod symlink_not_followed;
pub mod too_deep;
pub mod unknown_agent;
pub mod unknown_attribute;
pub mod unknown_connection;
pub mod unknown_connector;
pub mod unknown_element;
pub mod unknown_entity_type;
pub mod unknown_openid_client;
pub mod unknown_package;
pub mod unknown_profile;
pub mod unknown_resource_type;
pub mod unknown_task;
pub mod unresolved_task_reference;
pub mod xml_syntax;

/// A rule of `validation.md`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown-ish text for `scaffc explain`: why, an example that triggers it, the fix.
    pub explain: &'static str,
}

/// Every rule, in the order of `validation.md`.
pub const RULES: &[&Rule] = &[
    &unknown_connector::RULE,
    &unknown_openid_client::RULE,
    &openid_client_not_in_agent_settings::RULE,
    &invalid_cron::RULE,
    &invalid_cron_time_zone::RULE,
    &cron_seconds_field::RULE,
    &cron_suspicious::RULE,
    &cron_never_fires::RULE,
    &xml_syntax::RULE,
    &not_configuration::RULE,
    &missing_attribute::RULE,
    &unknown_attribute::RULE,
    &unknown_element::RULE,
    &invalid_value::RULE,
    &invalid_identifier::RULE,
    &duplicate_identifier::RULE,
    &unknown_agent::RULE,
    &unknown_connection::RULE,
    &unknown_entity_type::RULE,
    &unknown_resource_type::RULE,
    &unknown_task::RULE,
    &unknown_profile::RULE,
    &unknown_package::RULE,
    &connector_without_agent::RULE,
    &ambiguous_agent::RULE,
    &unresolved_task_reference::RULE,
    &override_without_target::RULE,
    &dependency_cycle::RULE,
    &dependency_order::RULE,
    &mixed_agents::RULE,
    &no_export_connection::RULE,
    &incremental_not_supported::RULE,
    &frequent_complete_job::RULE,
    &no_effect::RULE,
    &symlink_not_followed::RULE,
    &file_too_large::RULE,
    &path_collision::RULE,
    &too_deep::RULE,
    &schedule_not_portable::RULE,
];

/// Rules raised by another command than `check` (their fixtures are that command's tests).
pub const NOT_FROM_CHECK: &[&str] = &["schedule-not-portable"];

/// The rule of a code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code == code)
}

/// What the checks look at.
pub struct Context<'c, 'a> {
    pub sources: &'a Sources,
    pub model: &'c Model<'a>,
    pub expanded: &'c Expanded<'a>,
    /// `--agent-settings`: the file's name as given, and its content.
    pub agent_settings: Option<(&'c str, &'c AgentSettings)>,
}

/// Runs every rule checked on the model and the expansion.
pub fn check(ctx: &Context<'_, '_>) -> Vec<Diagnostic> {
    let checks: &[fn(&Context<'_, '_>, &mut Vec<Diagnostic>)] = &[
        missing_attribute::check,
        unknown_attribute::check,
        unknown_element::check,
        invalid_value::check,
        invalid_identifier::check,
        duplicate_identifier::check,
        unknown_connector::check,
        unknown_agent::check,
        unknown_connection::check,
        unknown_entity_type::check,
        unknown_resource_type::check,
        unknown_task::check,
        unknown_profile::check,
        unknown_openid_client::check,
        openid_client_not_in_agent_settings::check,
        unknown_package::check,
        connector_without_agent::check,
        ambiguous_agent::check,
        override_without_target::check,
        dependency_cycle::check,
        dependency_order::check,
        mixed_agents::check,
        no_export_connection::check,
        incremental_not_supported::check,
        cron_values::check,
        frequent_complete_job::check,
        no_effect::check,
    ];
    // The rules are independent: run them on every core, in contiguous slices joined in
    // order, so that the result does not depend on the thread count.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(checks.len());
    let run = |part: &[fn(&Context<'_, '_>, &mut Vec<Diagnostic>)]| {
        let mut out = Vec::new();
        for check in part {
            check(ctx, &mut out);
        }
        out
    };
    if threads <= 1 {
        return run(checks);
    }
    let chunk = checks.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = checks
            .chunks(chunk)
            .map(|part| s.spawn(move || run(part)))
            .collect();
        let mut out = Vec::new();
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_and_match_their_module() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert!(
                r.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.code
            );
            assert!(
                !r.summary.is_empty() && r.explain.len() > 80,
                "{} needs an explanation",
                r.code
            );
            assert!(
                r.explain.contains("Example"),
                "{}: explain shows an example",
                r.code
            );
            assert!(
                r.explain.contains("Fix"),
                "{}: explain says how to fix",
                r.code
            );
        }
        assert_eq!(RULES.len(), 39);
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
