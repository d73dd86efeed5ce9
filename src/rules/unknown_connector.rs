//! `unknown-connector`: a `Connector` attribute names no declared connector.

use super::references::{scaffolding, scaffolding_child, task, Site, Target};
use super::{Context, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownConnector,
    severity: Severity::Error,
    summary: "a `Connector` attribute names no declared `Connector`",
    explain: "The `Connector` attribute of a scaffolding, a task, a `Connection`, an \
`EntityTypeMapping` or an `EntityAssociationMapping` must be the `Identifier` of a declared \
`<Connector>`. Identifiers are compared case-sensitively. The report is at the value; the help \
offers the declared connector with the same name in another case, one within two edits, or the \
only one the value is a prefix of, and shows where it is declared.

Example:
    <Connector Identifier=\"MicrosoftEntraID\" DisplayName_L1=\"Microsoft Entra ID\" Agent=\"Local\" />
    <CreateConnectorSynchroIncremental Connector=\"MicrosoftEntraId\" />

Fix: write the identifier exactly as declared (`MicrosoftEntraID`), or declare the connector.",
};

pub(crate) const SITES: &[Site] = &[
    Site {
        on: |e, p| p.is_none() && e == "Connection",
        attr: "Connector",
    },
    Site {
        on: |e, p| p.is_none() && e == "EntityTypeMapping",
        attr: "Connector",
    },
    Site {
        on: |e, p| p.is_none() && e == "EntityAssociationMapping",
        attr: "Connector",
    },
    Site {
        on: task,
        attr: "Connector",
    },
    Site {
        on: scaffolding,
        attr: "Connector",
    },
    Site {
        on: |e, p| {
            scaffolding_child(p)
                && matches!(
                    e,
                    "PrincipalDataConnector"
                        | "NoConnectorSynchronization"
                        | "NoConnectorProvisioning"
                        | "NotUsed"
                )
        },
        attr: "ConnectorIdentifier",
    },
];

/// What its references resolve against ([`references::check`] walks them).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    Target::declared(RULE.code, "connector", SITES, &ctx.model.connectors)
}
