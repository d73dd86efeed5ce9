//! The package table of `conf-model.md`, as data: one row per package, so that a new
//! package is a one-line change.

/// How synchronization tasks of a connector using the package are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncType {
    /// No `Type` attribute.
    None,
    /// `ActiveDirectory`, in every mode.
    ActiveDirectory,
    /// `Changes`, in incremental mode only.
    Changes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    pub identifier: &'static str,
    pub exports: bool,
    pub fulfils: bool,
    pub incremental: bool,
    pub sync_type: SyncType,
}

const fn row(
    identifier: &'static str,
    exports: bool,
    fulfils: bool,
    incremental: bool,
    sync_type: SyncType,
) -> Package {
    Package {
        identifier,
        exports,
        fulfils,
        incremental,
        sync_type,
    }
}

use SyncType::{ActiveDirectory, Changes, None as NoType};

/// Every package a `Connection` may name (exact case).
#[rustfmt::skip]
pub const PACKAGES: &[Package] = &[
    row("Usercube.AD@0000001",                              true,  true,  true,  ActiveDirectory),
    row("Usercube.AzureAD@0000001",                         true,  true,  true,  Changes),
    row("Usercube.Azure@0000001",                           true,  false, false, NoType),
    row("Usercube.CSV@0000001",                             true,  false, true,  NoType),
    row("Usercube.CSV.Complete@0000001",                    true,  false, false, NoType),
    row("Usercube.Custom@0000001",                          false, false, false, NoType),
    row("Usercube.EasyVista@0000001",                       true,  true,  true,  NoType),
    row("Usercube.EasyVistaTicket@0000001",                 false, true,  false, NoType),
    row("Usercube.Excel@0000001",                           true,  false, true,  NoType),
    row("Usercube.FulfillDatabase@0000001",                 false, true,  false, NoType),
    row("Usercube.FulfillToFile@0000001",                   false, true,  false, NoType),
    row("Usercube.FulfillWorkflow@0000001",                 false, true,  false, NoType),
    row("Usercube.GoogleWorkspace@0000001",                 true,  true,  false, NoType),
    row("Usercube.HomeFolder@0000001",                      true,  false, false, NoType),
    row("Usercube.LDAP@0000001",                            true,  true,  false, NoType),
    row("Usercube.LDAP.Apache@0000001",                     true,  true,  false, NoType),
    row("Usercube.LDAP.Oracle@0000001",                     true,  true,  false, NoType),
    row("Usercube.LDAP.RedHat@0000001",                     true,  true,  false, NoType),
    row("Usercube.LDIF@0000001",                            true,  false, false, NoType),
    row("Usercube.Manual@0000001",                          false, true,  false, NoType),
    row("Usercube.MicrosoftExchange@0000001",               true,  true,  true,  NoType),
    row("Usercube.OData@0000001",                           true,  false, false, NoType),
    row("Usercube.OpenLDAP@0000001",                        true,  true,  true,  NoType),
    row("Usercube.Powershell@0000001",                      false, true,  false, NoType),
    row("Usercube.PowershellSync@0000001",                  true,  false, true,  NoType),
    row("Usercube.RACF@0000001",                            true,  false, false, NoType),
    row("Usercube.RobotFramework@0000001",                  false, true,  false, NoType),
    row("Usercube.SAP@0000001",                             true,  true,  false, NoType),
    row("Usercube.SAP.ERP60@0000001",                       true,  true,  false, NoType),
    row("Usercube.SCIM@0000001",                            true,  true,  true,  NoType),
    row("Usercube.SCIM.CyberArk@0000001",                   true,  true,  false, NoType),
    row("Usercube.SCIM.Salesforce@0000001",                 true,  true,  true,  NoType),
    row("Usercube.SCIM.Slack@0000001",                      true,  true,  true,  NoType),
    row("Usercube.ServiceNow@0000001",                      true,  true,  true,  NoType),
    row("Usercube.SharedFolder@0000001",                    true,  false, false, NoType),
    row("Usercube.SharePoint@0000001",                      true,  true,  true,  NoType),
    row("Usercube.SnowTicket@0000001",                      false, true,  false, NoType),
    row("Usercube.SQL@0000001",                             true,  false, false, NoType),
    row("Usercube.SQL.MySQL@0000001",                       true,  false, false, NoType),
    row("Usercube.SQL.ODBC@0000001",                        true,  false, false, NoType),
    row("Usercube.SQL.Oracle@0000001",                      true,  false, false, NoType),
    row("Usercube.SQL.PostgreSQL@0000001",                  true,  false, false, NoType),
    row("Usercube.SQL.SAPAse@0000001",                      true,  false, false, NoType),
    row("Usercube.SQL.SQLServer@0000001",                   true,  false, false, NoType),
    row("Usercube.SQL.SQLServerEntitlements@0000001",       true,  false, false, NoType),
    row("Usercube.TSS@0000001",                             true,  false, false, NoType),
    row("Usercube.UpdateManualProvisioningTicket@0000001",  false, true,  false, NoType),
    row("Usercube.Workday@0000001",                         true,  false, false, NoType),
];

/// The row of a package identifier, if it is in the table.
pub fn lookup(identifier: &str) -> Option<&'static Package> {
    PACKAGES.iter().find(|p| p.identifier == identifier)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_package_of_the_spec_once() {
        assert_eq!(PACKAGES.len(), 48);
        let mut ids: Vec<_> = PACKAGES.iter().map(|p| p.identifier).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 48);
    }

    #[test]
    fn lookup_is_exact() {
        let ad = lookup("Usercube.AD@0000001").unwrap();
        assert!(ad.exports && ad.fulfils && ad.incremental);
        assert_eq!(ad.sync_type, SyncType::ActiveDirectory);
        assert_eq!(
            lookup("Usercube.AzureAD@0000001").unwrap().sync_type,
            SyncType::Changes
        );
        assert!(!lookup("Usercube.SQL@0000001").unwrap().incremental);
        assert!(lookup("usercube.ad@0000001").is_none());
        assert!(lookup("Usercube.AD").is_none());
    }
}
