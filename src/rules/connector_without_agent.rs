//! `connector-without-agent`: a connector scaffolding whose connector has no `Agent`. The
//! only producer: the expansion skips such a scaffolding silently
//! (`crate::expand::resolve_connector`).

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::scaffolding::kind_is;
use crate::model::{ElRef, ScaffoldingKind};

pub const RULE: Rule = Rule {
    code: super::RuleId::ConnectorWithoutAgent,
    severity: Severity::Error,
    summary: "a connector scaffolding whose connector has no `Agent`",
    explain: "A connector's jobs run on the connector's agent: the generated `<Job>` and its \
agent-side tasks (export, prepare, fulfil) carry `Agent=` from the connector declaration. A \
connector without `Agent` cannot have a generated job. The report is at the scaffolding's \
`Connector` value, with the connector's declaration as a secondary place.

Example:
    <Connector Identifier=\"HR\" DisplayName_L1=\"HR\" />
    <CreateConnectorSynchroIncremental Connector=\"HR\" />

Fix: add the agent to the connector: `<Connector Identifier=\"HR\" DisplayName_L1=\"HR\" \
Agent=\"Local\" />`.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    for &s in &m.scaffoldings {
        if !kind_is(s.el.local(), ScaffoldingKind::is_connector) {
            continue;
        }
        let Some(connector) = s.value("Connector").and_then(|c| m.connector(c)) else {
            continue;
        };
        if connector.el.attr("Agent").is_none() {
            out.push(connector_without_agent(s, connector));
        }
    }
}

/// The diagnostic: at the scaffolding's `Connector` value, with the connector's declaration
/// as the second place.
fn connector_without_agent(s: ElRef<'_>, connector: ElRef<'_>) -> Diagnostic {
    let name = connector.id().unwrap_or_default();
    Diagnostic::new(
        RULE.code,
        s.value_label("Connector"),
        format!("connector `{name}` has no `Agent`, so its job has no agent to run on"),
    )
    .with_related(
        connector
            .value_label("Identifier")
            .with_message(format!("`{name}` is declared here without `Agent`")),
    )
    .with_help(format!(
        "add `Agent=\"...\"` (usually `Local`) to the declaration of connector `{name}`"
    ))
}
