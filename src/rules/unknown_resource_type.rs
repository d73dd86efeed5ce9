//! `unknown-resource-type`: a resource type reference resolves to nothing.

use super::references::{Site, Target};
use super::{Context, Rule};
use crate::diagnostic::Severity;
use crate::model::is_task;

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownResourceType,
    severity: Severity::Error,
    summary: "a resource type reference names no declared `ResourceType`",
    explain: "These must be the `Identifier` of a declared `<ResourceType>`: the `ResourceType` \
of a task's `TaskResourceType`, a `ResourceType`'s `DependsOn`, and the `Identifier` of a \
`*ResourceTypeMapping` (it maps the resource type of the same identifier).

Example:
    <FulfillTask Identifier=\"AD_Fulfill\" DisplayName_L1=\"Fulfil\">
      <TaskResourceType ResourceType=\"AD_Entry_Nominative\" />
    </FulfillTask>               <- declared as `AD_Entry_NominativeUser`

Fix: write the identifier of a declared resource type, or declare it.",
};

pub(crate) const SITES: &[Site] = &[
    Site {
        on: |e, p| e == "TaskResourceType" && p.is_some_and(is_task),
        attr: "ResourceType",
    },
    Site {
        on: |e, p| p.is_none() && e == "ResourceType",
        attr: "DependsOn",
    },
    Site {
        on: |e, p| p.is_none() && e.ends_with("ResourceTypeMapping"),
        attr: "Identifier",
    },
];

/// What its references resolve against ([`references::check`] walks them).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    Target::declared(RULE.code, "resource type", SITES, &ctx.model.resource_types)
}
