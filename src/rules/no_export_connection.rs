//! `no-export-connection`: a synchronization scaffolding on a connector that exports nothing.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::scaffolding::kind_is;
use crate::model::ScaffoldingKind;

pub const RULE: Rule = Rule {
    code: super::RuleId::NoExportConnection,
    severity: Severity::Warning,
    summary: "a synchronization scaffolding on a connector that has no export connection",
    explain: "The collect phases of `CreateConnectorSynchroIncremental` and \
`CreateConnectorSynchroComplete` (export, prepare, synchronize) run once per export connection \
of the connector: a `Connection` whose package reads the managed system. Without one, the \
generated job collects nothing. A scaffolding with `<NoSynchronization/>` asks for no collect \
and is not reported.

Example:
    <Connector Identifier=\"Ticketing\" DisplayName_L1=\"Ticketing\" Agent=\"Local\" />
    <Connection Identifier=\"TicketingFulfill\" ... Connector=\"Ticketing\" Package=\"Usercube.SnowTicket@0000001\" />
    <CreateConnectorSynchroIncremental Connector=\"Ticketing\" />

Fix: declare the connector's export connection, or add `<NoSynchronization/>` if the job is \
meant to provision only.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    // A connection missing `Connector`/`Package` is `missing-attribute`; its connector is not
    // reported for lacking one too.
    let incomplete: std::collections::HashSet<&str> = m
        .connections
        .values()
        .flatten()
        .filter(|c| c.el.attr("Package").is_none())
        .filter_map(|c| c.value("Connector"))
        .collect();
    for &s in &m.scaffoldings {
        if !kind_is(s.el.local(), ScaffoldingKind::names_connector)
            || s.el.child("NoSynchronization").is_some()
        {
            continue;
        }
        let Some(c) = s.value("Connector") else {
            continue;
        };
        if m.connector(c).is_none()
            || !m.export_connections_of(c).is_empty()
            || incomplete.contains(c)
        {
            continue;
        }
        let connections = m.connections_of(c);
        let d = Diagnostic::new(
            RULE.code,
            s.value_label("Connector"),
            format!("connector `{c}` has no export connection: the job collects nothing"),
        );
        out.push(if connections.is_empty() {
            d.with_help(format!("declare a `<Connection Connector=\"{c}\" Package=\"...\" />` that exports, or add `<NoSynchronization/>`"))
        } else {
            d.with_help(format!(
                "the packages of `{c}`'s connections do not export; add `<NoSynchronization/>` if the job only provisions"
            ))
        });
    }
}
