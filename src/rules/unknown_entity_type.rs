//! `unknown-entity-type`: an entity type reference resolves to nothing.

use super::references::{Site, Target};
use super::{Context, Rule};
use crate::diagnostic::Severity;
use crate::model::is_task;

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownEntityType,
    severity: Severity::Error,
    summary: "an entity type reference names no declared `EntityType`",
    explain: "These must be the `Identifier` of a declared `<EntityType>`: the `Identifier` of an \
`EntityTypeMapping` (a mapping maps the entity type of the same identifier), the \
`TargetEntityType` and `SourceEntityType` of a `ResourceType`, and the `EntityType` of a \
task's `TaskEntityType`.

Example:
    <EntityType Identifier=\"Directory_User\" DisplayName_L1=\"User\" />
    <ResourceType Identifier=\"AD_Entry_NominativeUser\" ... TargetEntityType=\"AD_Entry\" SourceEntityType=\"Directory_Users\" />

Fix: write the identifier of a declared entity type (`Directory_User`), or declare it.",
};

pub(crate) const SITES: &[Site] = &[
    Site {
        on: |e, p| p.is_none() && e == "EntityTypeMapping",
        attr: "Identifier",
    },
    Site {
        on: |e, p| p.is_none() && e == "ResourceType",
        attr: "TargetEntityType",
    },
    Site {
        on: |e, p| p.is_none() && e == "ResourceType",
        attr: "SourceEntityType",
    },
    Site {
        on: |e, p| e == "TaskEntityType" && p.is_some_and(is_task),
        attr: "EntityType",
    },
    Site {
        on: |e, p| {
            p.is_none()
                && crate::acr::AcrKind::from_local_name(e)
                    .is_some_and(|k| k.inputs().takes_entity_type())
        },
        attr: "EntityType",
    },
];

/// What its references resolve against ([`references::check`] walks them).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    Target::declared(RULE.code, "entity type", SITES, &ctx.model.entity_types)
}
