//! Overrides of generated elements (`scaffoldings.md` section 4): a hand-written `<Job>` or
//! task, at the root of a configuration file, of the same element name and `Identifier` as
//! a generated one adjusts it, by its `ConsolidationMode`:
//!
//! | mode | result |
//! | --- | --- |
//! | absent | the hand-written element replaces the generated one, in its place |
//! | `Merge` | generated attributes overwritten by the hand-written ones (a new attribute goes last); generated children, then the hand-written ones |
//! | `Update` | the same attributes; the generated children only |
//! | `Delete` | the generated element is removed with its children, and the `TaskDependsOnTask` links to a removed task |
//!
//! The hand-written element is consumed: the expansion holds its effect once. Its
//! `ConsolidationMode` attribute is not written. An override that matches nothing is
//! `override-without-target` (`src/rules/override_without_target.rs`). An override whose
//! `ConsolidationMode` does not parse (`" Merge"`, `"01"`) is `invalid-value` and is not
//! applied: the generated element stays as generated.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{Expansion, GenElement};
use crate::model::{is_task, schema, ElRef, Model};
use crate::xml::Element;

/// A source element as a generated one: attributes in source order (without namespace
/// declarations and without `ConsolidationMode`), children likewise. Recursive: the parser
/// keeps no element deeper than `xml::MAX_DEPTH` levels.
pub fn from_source<'a>(el: &Element<'a>) -> GenElement<'a> {
    GenElement {
        name: Cow::Owned(el.local().to_string()),
        attrs: el
            .attrs()
            .filter(|a| {
                a.name != "ConsolidationMode" && a.name != "xmlns" && !a.name.starts_with("xmlns:")
            })
            .map(|a| (Cow::Owned(a.name.to_string()), Cow::Borrowed(a.value)))
            .collect(),
        children: el.children().map(|c| from_source(&c)).collect(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Consolidation {
    Replace,
    Merge,
    Update,
    Delete,
}

/// The mode of an override, read by the validator's reader ([`schema::parse_enum`]);
/// `None` when the value does not parse: `invalid-value` reports it, and the override is
/// not applied at all (the generated element stays as generated), never as a replace.
fn mode_of(r: ElRef<'_>) -> Option<Consolidation> {
    let Some(value) = r.value("ConsolidationMode") else {
        return Some(Consolidation::Replace);
    };
    Some(
        match schema::parse_enum(schema::CONSOLIDATION_MODE, value)?.0 {
            "Merge" => Consolidation::Merge,
            "Update" => Consolidation::Update,
            "Delete" => Consolidation::Delete,
            // `Default`, like the absent attribute.
            _ => Consolidation::Replace,
        },
    )
}

/// The hand-written elements that may override generated ones, by (element name,
/// identifier); the first one in path and document order wins.
fn candidates<'a>(model: &Model<'a>) -> HashMap<(&'a str, &'a str), ElRef<'a>> {
    let mut out = HashMap::new();
    for r in &model.elements {
        let local = r.el.local();
        if local == "Job" || is_task(local) || crate::acr::expand::is_generated_kind(local) {
            if let Some(id) = r.id() {
                out.entry((r.el.local(), id)).or_insert(*r);
            }
        }
    }
    out
}

/// Adjusts `element` by `with`; `None` when it is deleted. An override whose
/// `ConsolidationMode` does not parse leaves `element` unchanged.
fn apply<'a>(element: GenElement<'a>, with: ElRef<'a>) -> Option<GenElement<'a>> {
    let Some(mode) = mode_of(with) else {
        return Some(element);
    };
    match mode {
        Consolidation::Replace => Some(from_source(&with.el)),
        Consolidation::Delete => None,
        mode => {
            let hand = from_source(&with.el);
            let mut out = element;
            for (name, value) in hand.attrs {
                match out.attrs.iter_mut().find(|(n, _)| *n == name) {
                    Some(slot) => slot.1 = value,
                    None => out.attrs.push((name, value)),
                }
            }
            if mode == Consolidation::Merge {
                out.children.extend(hand.children);
            }
            Some(out)
        }
    }
}

/// Applies every override to the generated elements. Returns (element name, identifier) of
/// the jobs and tasks of each expansion that an override changed, as generated (a deleted
/// or replaced one is gone from the expansion).
pub fn apply_overrides<'a>(
    model: &Model<'a>,
    generated: &mut [Expansion<'a>],
    rules: &mut [crate::acr::expand::AcrExpansion<'a>],
) -> Vec<(String, String)> {
    let mut before = Vec::new();
    let candidates = candidates(model);
    if candidates.is_empty() {
        return before;
    }
    let find = |el: &GenElement| {
        el.value("Identifier")
            .and_then(|id| candidates.get(&(&*el.name, id)))
            .copied()
    };
    for e in generated.iter_mut() {
        // Steps are never overridden: the jobs and tasks are every element `find` looks at.
        if !e.jobs().chain(e.tasks()).any(|el| find(el).is_some()) {
            continue;
        }
        before.extend(e.jobs().chain(e.tasks()).filter_map(|el| {
            let id = el.value("Identifier")?;
            Some((el.name.to_string(), id.to_string()))
        }));
        let elements = std::mem::take(&mut e.elements);
        for el in elements {
            let el = match find(&el) {
                Some(with) => match apply(el, with) {
                    Some(el) => el,
                    None => continue,
                },
                None => el,
            };
            e.elements.push(if el.name == "Job" {
                override_tasks(el, &find)
            } else {
                el
            });
        }
    }
    // The elements the other scaffoldings generate (rules, profiles): the same modes; a
    // child scaffolding element is never overridden.
    // Only the kinds that hand-written elements override are made (a configuration's own
    // `Profile`s override nothing of a `ViewAccessControlRules`).
    let mut kinds: Vec<&str> = candidates
        .keys()
        .map(|(k, _)| *k)
        .filter(|k| crate::acr::expand::is_generated_kind(k))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    for e in rules.iter_mut().filter(|_| !kinds.is_empty()) {
        let mut hit = false;
        e.for_each_generated_named(Some(&kinds), |k, id| {
            hit |= candidates.contains_key(&(k, id))
        });
        if !hit {
            continue;
        }
        e.make_elements(model);
        e.overridden = e
            .generated()
            .filter_map(|el| {
                let id = el.value("Identifier")?;
                Some((el.name.to_string(), id.to_string()))
            })
            .collect();
        before.extend(e.overridden.iter().cloned());
        let elements = std::mem::take(&mut e.elements);
        for el in elements {
            match find(&el) {
                Some(with) => e.elements.extend(apply(el, with)),
                None => e.elements.push(el),
            }
        }
    }
    before
}

/// The overrides of a job's tasks; links to deleted tasks are removed too.
fn override_tasks<'a>(
    mut job: GenElement<'a>,
    find: &dyn Fn(&GenElement<'a>) -> Option<ElRef<'a>>,
) -> GenElement<'a> {
    let mut deleted: Vec<String> = Vec::new();
    let children = std::mem::take(&mut job.children);
    for t in children {
        match find(&t) {
            Some(with) => match apply(t.clone(), with) {
                Some(t) => job.children.push(t),
                None => deleted.extend(t.value("Identifier").map(str::to_string)),
            },
            None => job.children.push(t),
        }
    }
    if !deleted.is_empty() {
        for t in &mut job.children {
            t.children.retain(|c| {
                !(c.name == "TaskDependsOnTask"
                    && c.value("ParentTask")
                        .is_some_and(|p| deleted.iter().any(|d| d == p)))
            });
        }
    }
    job
}
