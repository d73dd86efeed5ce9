//! `connector-without-agent`: detected while expanding a connector scaffolding
//! (`crate::expand::connector_incremental::resolve_connector`).

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "connector-without-agent",
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
