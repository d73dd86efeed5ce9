//! What the `unknown-*` rules share: walking every element that carries a reference
//! attribute and reporting the values that resolve to nothing.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{is_scaffolding, is_task, unresolved_reference, Index};

/// Where a reference attribute sits: a predicate on (element, parent element) local names.
pub struct Site {
    pub on: fn(&str, Option<&str>) -> bool,
    pub attr: &'static str,
}

/// A task element, at the root or inside a job.
pub fn task(el: &str, parent: Option<&str>) -> bool {
    is_task(el) && matches!(parent, None | Some("Job"))
}

/// A job scaffolding (root level).
pub fn scaffolding(el: &str, parent: Option<&str>) -> bool {
    parent.is_none() && is_scaffolding(el)
}

/// A child of a job scaffolding.
pub fn scaffolding_child(parent: Option<&str>) -> bool {
    parent.is_some_and(is_scaffolding)
}

/// Reports, as `code`, every value of the sites that `resolves` rejects; suggestions and
/// "declared here" come from `index`.
pub fn check_sites(
    ctx: &Context<'_, '_>,
    code: super::RuleId,
    what: &str,
    index: &Index<'_>,
    resolves: &dyn Fn(&str) -> bool,
    sites: &[Site],
    out: &mut Vec<Diagnostic>,
) {
    for (r, parent) in ctx.model.all() {
        let parent = parent.map(|p| p.local());
        for site in sites {
            if !(site.on)(r.el.local(), parent) {
                continue;
            }
            if let Some(value) = r.value(site.attr) {
                if !resolves(value) {
                    out.push(unresolved_reference(code, what, index, r, site.attr));
                }
            }
        }
    }
}

/// Every reference site of the `unknown-*` rules with the kind of declaration it names: the
/// one table both the checks and the lookups ([`crate::index`]) read. (A job's `Step`
/// names a task too; its attribute is chosen by `expand::task_table::step_task`.)
pub const SITES_BY_KIND: &[(crate::index::RefKind, &[Site])] = {
    use crate::index::RefKind as K;
    &[
        (K::Agent, super::unknown_agent::SITES),
        (K::Connector, super::unknown_connector::SITES),
        (K::Connection, super::unknown_connection::SITES),
        (K::EntityType, super::unknown_entity_type::SITES),
        (K::ResourceType, super::unknown_resource_type::SITES),
        (K::OpenIdClient, super::unknown_openid_client::SITES),
        (K::Profile, super::unknown_profile::SITES),
        (K::Task, super::unknown_task::ADD_TASK_SITES),
        (K::Task, super::unknown_task::PARENT_SITES),
    ]
};

/// The kind an attribute of an element refers to, if it is a reference site (`parent`:
/// the parent's local name, `None` at the root level, as for [`Site::on`]).
pub fn site_kind(el: &str, parent: Option<&str>, attr: &str) -> Option<crate::index::RefKind> {
    SITES_BY_KIND.iter().find_map(|(kind, sites)| {
        sites
            .iter()
            .any(|s| s.attr == attr && (s.on)(el, parent))
            .then_some(*kind)
    })
}
