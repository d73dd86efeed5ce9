//! `unknown-package`: a `Connection`'s `Package` is not in the package table.

use super::{Context, Rule};
use crate::diagnostic::{suggest, Diagnostic, Severity};
use crate::model::packages::{lookup, PACKAGES};

pub const RULE: Rule = Rule {
    code: "unknown-package",
    severity: Severity::Error,
    summary: "`Connection.Package` is not a package the product ships",
    explain: "A connection's `Package` is one of the product's packages, written exactly, with its \
version suffix: `Usercube.AD@0000001`, `Usercube.AzureAD@0000001`, `Usercube.CSV@0000001`, ... \
The package decides whether the connection exports and fulfils, and how synchronization tasks \
are typed. An unknown package is taken as exporting, so that expansion can go on.

Example:
    <Connection Identifier=\"ADExport\" DisplayName_L1=\"AD\" Connector=\"AD\" Package=\"Usercube.ActiveDirectory@0000001\" />

Fix: use the package's exact identifier (`Usercube.AD@0000001`).",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for list in ctx.model.connections.values() {
        for c in list {
            let Some(p) = c.value("Package") else {
                continue;
            };
            if lookup(p).is_some() {
                continue;
            }
            let ids = PACKAGES.iter().map(|p| p.identifier);
            let with_version = format!("{p}@0000001");
            let found =
                suggest(p, ids.clone()).or_else(|| ids.clone().find(|i| *i == with_version));
            let d = Diagnostic::error(
                RULE.code,
                c.value_label("Package"),
                format!("package `{p}` does not exist"),
            );
            out.push(match found {
                Some(f) => d.with_help(format!("did you mean `{f}`?")),
                None => d.with_help("a package identifier looks like `Usercube.AD@0000001`; `scaffc explain unknown-package` lists where to find them"),
            });
        }
    }
}
