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
    for (r, parent) in &ctx.model.all {
        let parent = parent.map(|p| p.local);
        for site in sites {
            if !(site.on)(r.el.local, parent) {
                continue;
            }
            if let Some(value) = r.value(site.attr) {
                if !resolves(value) {
                    out.push(unresolved_reference(code, what, index, *r, site.attr));
                }
            }
        }
    }
}
