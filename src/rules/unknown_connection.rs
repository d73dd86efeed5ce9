//! `unknown-connection`: a `Connection` attribute names no declared connection.

use super::references::{task, Site, Target};
use super::{Context, Rule};
use crate::diagnostic::Severity;

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

/// What its references resolve against ([`references::check`] walks them).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    Target::declared(RULE.code, "connection", SITES, &ctx.model.connections)
}
