//! `unknown-package`: a `Connection`'s `Package` is not in the package table.

use super::{Context, Rule};
use crate::diagnostic::{suggest, Diagnostic, Fix, Severity};
use crate::model::packages::{lookup, PACKAGES};

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownPackage,
    severity: Severity::Error,
    summary: "`Connection.Package` is not a package the product ships",
    explain: "A connection's `Package` is one of the product's packages, written exactly, with its \
version suffix: `Usercube.AD@0000001`, `Usercube.AzureAD@0000001`, `Usercube.CSV@0000001`, ... \
The package decides whether the connection exports and fulfils, and how synchronization tasks \
are typed. An unknown package is taken as exporting, so that expansion can go on.

Example:
    <Connection Identifier=\"ADExport\" DisplayName_L1=\"AD\" Connector=\"AD\" Package=\"Usercube.ActiveDirectory@0000001\" />

Fix: use the package's exact identifier (`Usercube.AD@0000001`). The packages are:
    Usercube.AD@0000001, Usercube.AzureAD@0000001, Usercube.Azure@0000001,
    Usercube.CSV@0000001, Usercube.CSV.Complete@0000001, Usercube.Custom@0000001,
    Usercube.EasyVista@0000001, Usercube.EasyVistaTicket@0000001, Usercube.Excel@0000001,
    Usercube.FulfillDatabase@0000001, Usercube.FulfillToFile@0000001,
    Usercube.FulfillWorkflow@0000001, Usercube.GoogleWorkspace@0000001,
    Usercube.HomeFolder@0000001, Usercube.LDAP@0000001, Usercube.LDAP.Apache@0000001,
    Usercube.LDAP.Oracle@0000001, Usercube.LDAP.RedHat@0000001, Usercube.LDIF@0000001,
    Usercube.Manual@0000001, Usercube.MicrosoftExchange@0000001, Usercube.OData@0000001,
    Usercube.OpenLDAP@0000001, Usercube.Powershell@0000001, Usercube.PowershellSync@0000001,
    Usercube.RACF@0000001, Usercube.RobotFramework@0000001, Usercube.SAP@0000001,
    Usercube.SAP.ERP60@0000001, Usercube.SCIM@0000001, Usercube.SCIM.CyberArk@0000001,
    Usercube.SCIM.Salesforce@0000001, Usercube.SCIM.Slack@0000001, Usercube.ServiceNow@0000001,
    Usercube.SharedFolder@0000001, Usercube.SharePoint@0000001, Usercube.SnowTicket@0000001,
    Usercube.SQL@0000001, Usercube.SQL.MySQL@0000001, Usercube.SQL.ODBC@0000001,
    Usercube.SQL.Oracle@0000001, Usercube.SQL.PostgreSQL@0000001, Usercube.SQL.SAPAse@0000001,
    Usercube.SQL.SQLServer@0000001, Usercube.SQL.SQLServerEntitlements@0000001,
    Usercube.TSS@0000001, Usercube.UpdateManualProvisioningTicket@0000001,
    Usercube.Workday@0000001",
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
            let d = Diagnostic::new(
                RULE.code,
                c.value_label("Package"),
                format!("package `{p}` does not exist"),
            );
            out.push(match found {
                Some(f) => {
                    let d = d.with_help(format!("did you mean `{f}`?"));
                    match c.el.attr("Package") {
                        Some(a) => d.with_fix(Fix::did_you_mean(
                            c.file,
                            a.value_range.clone(),
                            p,
                            f,
                            true,
                        )),
                        None => d,
                    }
                }
                None => d.with_help("a package identifier looks like `Usercube.AD@0000001`; `scaffc explain unknown-package` lists them all"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn explain_lists_every_package() {
        for p in super::PACKAGES {
            assert!(
                super::RULE.explain.contains(p.identifier),
                "{}",
                p.identifier
            );
        }
    }
}
