//! `incremental-not-supported`: an incremental scaffolding exports through a package that
//! has no incremental mode.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{package_of, ScaffoldingKind};

pub const RULE: Rule = Rule {
    code: super::RuleId::IncrementalNotSupported,
    severity: Severity::Warning,
    summary: "an incremental scaffolding exports through a package without incremental mode",
    explain: "`CreateConnectorSynchroIncremental` generates an export task per export \
connection. A connection whose package has no incremental export (SQL, LDAP, CSV.Complete, \
...) still gets its export task, but that export reads everything on every run: the \
\"incremental\" job is a complete one, every time it is scheduled.

Example:
    <Connection Identifier=\"HRDatabase\" ... Connector=\"HR\" Package=\"Usercube.SQL@0000001\" />
    <CreateConnectorSynchroIncremental Connector=\"HR\">
      <CronTabExpression CronTab=\"*/15 * * * *\" />
    </CreateConnectorSynchroIncremental>

Fix: schedule a complete job (`CreateConnectorSynchroComplete`) less often for that connector, \
or export through a package that supports incremental mode.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    for &s in &m.scaffoldings {
        if ScaffoldingKind::from_local_name(s.el.local())
            != Some(ScaffoldingKind::ConnectorSynchroIncremental)
            || s.el.child("NoSynchronization").is_some()
        {
            continue;
        }
        let Some(c) = s.value("Connector") else {
            continue;
        };
        for conn in m.export_connections_of(c) {
            let Some(p) = package_of(conn) else { continue };
            if p.incremental {
                continue;
            }
            out.push(
                Diagnostic::new(
                    RULE.code,
                    s.value_label("Connector"),
                    format!(
                        "connection `{}` of `{c}` uses `{}`, which has no incremental mode: its export is complete on every run",
                        conn.id().unwrap_or_default(),
                        p.identifier
                    ),
                )
                .with_related(conn.value_label("Package").with_message("the package is chosen here"))
                .with_help("run this connector's collect in a complete job, scheduled less often"),
            );
        }
    }
}
