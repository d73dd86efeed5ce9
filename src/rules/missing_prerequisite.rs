//! `missing-prerequisite`: a scaffolding whose documented prerequisite is not in the
//! configuration.

use super::{Context, Rule};
use crate::acr::expand::AcrExpansion;
use crate::acr::AcrKind;
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: super::RuleId::MissingPrerequisite,
    severity: Severity::Error,
    summary: "a scaffolding whose documented prerequisite is missing from the configuration",
    explain: "Some scaffoldings generate rules or menus about elements they do not create, and \
their pages say those must exist:

- `CreateUpdateDeleteAccessControlRules` (and `CreateUpdateDeleteMenus`) for an entity type `ET`: \
the workflows `ET_Create`, `ET_Update` and `ET_Delete`, and (the rules only) the entity type \
`Workflow_ET`;
- `TargetResourceReportAccessControlRules` for `ET`: the report `Resources_ET` (a \
`ReportQuery`, or a `TargetResourceReport` scaffolding for `ET`);
- `TargetResourceReport` for `ET`: a display table of `ET` (a `DisplayTable` whose identifier \
is `ET`, or an `EntityTypeDisplayTable*` scaffolding for `ET`).

A prerequisite that another scaffolding creates counts as there, even one scaffc does not \
expand (a `CreateUpdateDeleteTemplate` creates `Workflow_ET` through `WorkflowEntityType`).

Example:
    <CreateUpdateDeleteAccessControlRules EntityType=\"HR_Person\" Profile=\"HelpDesk\" />

without the workflows `HR_Person_Create`, `HR_Person_Update`, `HR_Person_Delete`.

Fix: declare what is missing, or use the template that creates it \
(`CreateUpdateDeleteTemplate`).",
};

/// What one prerequisite is: the element kind and identifier it needs, and the
/// scaffolding kinds that would create it for the same entity type.
struct Needs {
    element: &'static str,
    id: String,
    made_by: &'static [AcrKind],
}

fn needs(kind: AcrKind, et: &str) -> Vec<Needs> {
    use AcrKind as K;
    let workflows = |made_by| {
        ["Create", "Update", "Delete"]
            .into_iter()
            .map(move |a| Needs {
                element: "Workflow",
                id: format!("{et}_{a}"),
                made_by,
            })
    };
    match kind {
        K::CreateUpdateDeleteAccessControlRules => std::iter::once(Needs {
            element: "EntityType",
            id: format!("Workflow_{et}"),
            made_by: &[K::WorkflowEntityType],
        })
        .chain(workflows(&[K::CreateUpdateDeleteWorkflows]))
        .collect(),
        K::CreateUpdateDeleteMenus => workflows(&[K::CreateUpdateDeleteWorkflows]).collect(),
        K::TargetResourceReportAccessControlRules => vec![Needs {
            element: "ReportQuery",
            id: format!("Resources_{et}"),
            made_by: &[K::TargetResourceReport],
        }],
        K::TargetResourceReport => vec![Needs {
            element: "DisplayTable",
            id: et.to_string(),
            made_by: &[
                K::EntityTypeDisplayTable,
                K::EntityTypeDisplayTableAdaptable,
                K::EntityTypeDisplayTargetResourceTable,
            ],
        }],
        _ => Vec::new(),
    }
}

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let rules = &ctx.expanded.rules;
    if rules.is_empty() {
        return;
    }
    let model = ctx.model;
    // The hand-written elements of the kinds asked for, and the scaffoldings by (kind,
    // entity type): each looked up by one hash, whatever the number of scaffoldings.
    let mut declared: rustc_hash::FxHashSet<(&str, &str)> = Default::default();
    for r in &model.elements {
        let local = r.el.local();
        if matches!(local, "Workflow" | "ReportQuery" | "DisplayTable") {
            if let Some(id) = r.id() {
                declared.insert((local, id));
            }
        }
    }
    let declared = |element: &str, id: &str| -> bool {
        match element {
            "EntityType" => model.entity_types.contains_key(id),
            _ => declared.contains(&(element, id)),
        }
    };
    let present: rustc_hash::FxHashSet<(AcrKind, &str)> = rules
        .iter()
        .filter_map(|e| Some((e.kind, e.entity_type?)))
        .collect();
    let scaffolded = |kinds: &[AcrKind], et: &str| kinds.iter().any(|k| present.contains(&(*k, et)));
    for e in rules {
        let Some(et) = e.entity_type else { continue };
        // An entity type that is not declared is `unknown-entity-type`'s.
        if !model.entity_types.contains_key(et) {
            continue;
        }
        let missing: Vec<Needs> = needs(e.kind, et)
            .into_iter()
            .filter(|n| !declared(n.element, &n.id) && !scaffolded(n.made_by, et))
            .collect();
        if missing.is_empty() {
            continue;
        }
        out.push(diagnostic(e, &missing));
    }
}

fn diagnostic(e: &AcrExpansion<'_>, missing: &[Needs]) -> Diagnostic {
    let list = missing
        .iter()
        .map(|n| format!("`{}` `{}`", n.element, n.id))
        .collect::<Vec<_>>()
        .join(", ");
    let (at, whose) = if e.is_hand_written() {
        (e.source.value_label("EntityType"), format!("`{}`", e.kind))
    } else {
        (
            e.source.name_label(),
            format!("`{}` (produced by {})", e.kind, e.provenance()),
        )
    };
    let made_by: Vec<String> = missing
        .iter()
        .flat_map(|n| n.made_by.iter().map(|k| format!("`{k}`")))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    Diagnostic::new(
        RULE.code,
        at,
        format!("{whose} needs {list}, which the configuration does not have"),
    )
    .with_help(format!(
        "declare {}, or add the scaffolding that creates {} ({})",
        if missing.len() == 1 { "it" } else { "them" },
        if missing.len() == 1 { "it" } else { "them" },
        made_by.join(", ")
    ))
}
