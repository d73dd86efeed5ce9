//! What the `unknown-*` rules share: one walk over every element, reporting the reference
//! values that resolve to nothing. Each rule's module says where its references sit
//! ([`Site`]) and what they resolve against ([`Target`]); this walk looks an attribute up
//! by name among every rule's sites, so an attribute that is no reference costs one
//! look-up, whatever the number of rules.

use std::borrow::Cow;

use super::{Context, FileFacts, Visit};
use crate::diagnostic::Diagnostic;
use crate::model::{is_scaffolding, is_task, unresolved_reference, Index};
use crate::source::FileId;

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

impl<'c, 'a> Target<'c, 'a> {
    /// The target of a kind that resolves against its declarations alone.
    pub fn declared(
        code: super::RuleId,
        what: &'static str,
        sites: &'static [Site],
        index: &'c Index<'a>,
    ) -> Target<'c, 'a> {
        Target {
            code,
            what,
            sites,
            index: Cow::Borrowed(index),
            resolves: Box::new(move |v| index.contains_key(v)),
        }
    }
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

/// The sites of every target, in the order of [`targets`]: what a file's walk looks for
/// without the rest of the configuration.
const SITE_LISTS: [&[Site]; 9] = [
    super::unknown_connector::SITES,
    super::unknown_agent::SITES,
    super::unknown_connection::SITES,
    super::unknown_entity_type::SITES,
    super::unknown_resource_type::SITES,
    super::unknown_task::ADD_TASK_SITES,
    super::unknown_task::PARENT_SITES,
    super::unknown_profile::SITES,
    super::unknown_openid_client::SITES,
];

/// The sites an attribute name may be, as (target, site) indexes into [`SITE_LISTS`]: one
/// hash of each attribute's name, and most names are none.
static BY_ATTR: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, Vec<(u16, u16)>>> =
    std::sync::LazyLock::new(|| {
        let mut by: rustc_hash::FxHashMap<&'static str, Vec<(u16, u16)>> = Default::default();
        for (t, sites) in SITE_LISTS.iter().enumerate() {
            for (i, s) in sites.iter().enumerate() {
                by.entry(s.attr).or_default().push((t as u16, i as u16));
            }
        }
        by
    });

/// A value of a file that names something declared anywhere: found by the file's walk,
/// resolved at each analysis ([`check`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The element (its index in the file's tree).
    pub node: u32,
    pub what: CandidateKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateKind {
    /// The attribute of a site: `target` indexes `SITE_LISTS`, `site` its list.
    Site { target: u16, site: u16 },
    /// A job's `Step`, naming its task by `Task`, else `Identifier`.
    Step,
}

/// The reference values of one element.
pub fn candidates(v: &Visit<'_, '_>, out: &mut Vec<Candidate>) {
    let node = v.r.el.index();
    if v.local == "Step" && v.parent_local == Some("Job") {
        out.push(Candidate {
            node,
            what: CandidateKind::Step,
        });
    }
    for a in v.attrs {
        let Some(sites) = BY_ATTR.get(a.name) else {
            continue;
        };
        for &(target, site) in sites {
            if (SITE_LISTS[target as usize][site as usize].on)(v.local, v.parent_local) {
                out.push(Candidate {
                    node,
                    what: CandidateKind::Site { target, site },
                });
            }
        }
    }
}

/// Resolves the reference values of every file against the whole configuration; each
/// one that resolves to nothing is reported under its target's code.
pub fn check(
    ctx: &Context<'_, '_>,
    facts: &[(FileId, std::sync::Arc<FileFacts>)],
    out: &mut Vec<Diagnostic>,
) {
    let targets = targets(ctx);
    // The targets are in the order of the sites the walk looked for.
    debug_assert!(targets.iter().zip(SITE_LISTS).all(|(t, s)| {
        t.sites.len() == s.len() && t.sites.iter().zip(s).all(|(a, b)| a.attr == b.attr)
    }));
    let roots = ctx.model.roots();
    for (file, f) in facts {
        let Ok(i) = roots.binary_search_by_key(file, |(r, _)| *r) else {
            continue;
        };
        let root = roots[i].1;
        for c in &f.references {
            let el = root.node(c.node);
            let r = crate::model::ElRef { file: *file, el };
            match c.what {
                CandidateKind::Site { target, site } => {
                    let target = &targets[target as usize];
                    let attr = target.sites[site as usize].attr;
                    let Some(value) = el.value(attr) else {
                        continue;
                    };
                    if !(target.resolves)(value) {
                        out.push(unresolved_reference(
                            target.code,
                            target.what,
                            &target.index,
                            r,
                            attr,
                        ));
                    }
                }
                CandidateKind::Step => super::unknown_task::check_step(ctx, r, out),
            }
        }
    }
}

/// Every reference site of the `unknown-*` rules with the kind of declaration it names: the
/// one table both the checks and the lookups (`Snapshot::references`) read. (A job's `Step`
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
