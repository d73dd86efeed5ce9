//! `unknown-connection`: a `Connection` attribute names no declared connection.

use super::references::{check_sites, task, Site};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownConnection,
    severity: Severity::Error,
    summary: "a `Connection` attribute names no declared `Connection`",
    explain: "The `Connection` attribute of a task (an `ExportTask`, a `FulfillTask`, ...) or of a \
`*ResourceTypeMapping` must be the `Identifier` of a declared `<Connection>`.

Example:
    <Connection Identifier=\"ADExportFulfillment\" DisplayName_L1=\"AD\" Connector=\"AD\" Package=\"Usercube.AD@0000001\" />
    <ExportTask Identifier=\"AD_Export\" DisplayName_L1=\"Export\" Connection=\"ADExport\" />

Fix: write the identifier of a declared connection, or declare it.",
};

pub(crate) const SITES: &[Site] = &[
    Site {
        on: task,
        attr: "Connection",
    },
    Site {
        on: |e, p| p.is_none() && e.ends_with("ResourceTypeMapping"),
        attr: "Connection",
    },
];

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    let resolves = |v: &str| m.connections.contains_key(v);
    check_sites(
        ctx,
        RULE.code,
        "connection",
        &m.connections,
        &resolves,
        SITES,
        out,
    );
}
