//! What the `unknown-*` rules share: one walk over every element, reporting the reference
//! values that resolve to nothing. Each rule's module says where its references sit
//! ([`Site`]) and what they resolve against ([`Target`]); this walk looks an attribute up
//! by name among every rule's sites, so an attribute that is no reference costs one
//! look-up, whatever the number of rules.

use std::borrow::Cow;

use super::{Context, Visit};
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

/// What the references of one rule's sites resolve against.
pub struct Target<'c, 'a> {
    pub code: super::RuleId,
    /// The kind, as the messages name it ("connector").
    pub what: &'static str,
    pub sites: &'static [Site],
    /// The declarations for suggestions and "declared here".
    pub index: Cow<'c, Index<'a>>,
    pub resolves: Box<dyn Fn(&str) -> bool + Sync + 'c>,
}

/// The targets of every `unknown-*` rule checked by the walk, in rule order.
fn targets<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Vec<Target<'r, 'a>> {
    let mut t = vec![
        super::unknown_connector::target(ctx),
        super::unknown_agent::target(ctx),
        super::unknown_connection::target(ctx),
        super::unknown_entity_type::target(ctx),
        super::unknown_resource_type::target(ctx),
    ];
    t.extend(super::unknown_task::targets(ctx));
    t.push(super::unknown_profile::target(ctx));
    t.push(super::unknown_openid_client::target(ctx));
    t
}

/// Every rule's targets, with their sites by attribute name: built once per analysis,
/// read by the walk ([`visit`]) on every thread.
pub struct References<'r, 'a> {
    targets: Vec<Target<'r, 'a>>,
    /// (attribute name, target, site), sorted by name: the sites an attribute may be.
    by_attr: Vec<(&'static str, usize, &'static Site)>,
}

impl<'r, 'a> References<'r, 'a> {
    pub fn new(ctx: &'r Context<'_, 'a>) -> References<'r, 'a> {
        let targets = targets(ctx);
        let mut by_attr: Vec<(&'static str, usize, &'static Site)> = targets
            .iter()
            .enumerate()
            .flat_map(|(t, target)| target.sites.iter().map(move |s| (s.attr, t, s)))
            .collect();
        by_attr.sort_by_key(|(attr, t, _)| (*attr, *t));
        References { targets, by_attr }
    }
}

/// Every reference value of an element that its target does not resolve, reported under
/// the target's code.
pub fn visit(refs: &References<'_, '_>, v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    for a in v.attrs {
        let from = refs.by_attr.partition_point(|(n, _, _)| *n < a.name);
        for &(name, t, site) in &refs.by_attr[from..] {
            if name != a.name {
                break;
            }
            if !(site.on)(v.local, v.parent_local) {
                continue;
            }
            let target = &refs.targets[t];
            if !(target.resolves)(a.value) {
                out.push(unresolved_reference(
                    target.code,
                    target.what,
                    &target.index,
                    v.r,
                    site.attr,
                ));
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
