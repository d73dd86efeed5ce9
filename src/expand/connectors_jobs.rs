//! `CreateConnectorsJobs` (`scaffoldings.md` section 3; research section 4.5): the
//! "virtual" jobs behind the buttons of the connector pages, one per connector, and the
//! stand-alone tasks their steps run.
//!
//! For every connector `{C}` of the configuration (display names `{CL1}`, and `{CL2}`: its
//! `DisplayName_L2`, else `{CL1}`):
//!
//! ```xml
//! <Job Identifier="{C}_VirtualJob" DisplayName_L1="ZZ Connectors/{CL1}" Agent="{agent(C)}" IsConnectorJob="true" UserStartDenied="true">
//!   <Step Identifier="{C}_ConnectorExport" />
//!   ... the 11 steps of STEPS, in that order, without Level
//! </Job>
//! ```
//!
//! then, after all the jobs, for every connector in the same order, its 11 tasks sorted by
//! identifier, each with only `Identifier="{C}_Connector{Step}"`,
//! `DisplayName_L1="{CL1} - {English}"`, `DisplayName_L2="{CL2} - {French}"` and
//! `Connector="{C}"` (no `Level`, `Agent`, `OpenIdClient`, entity or resource types): the
//! documented output, exactly. Everything goes in [`Expansion::elements`], jobs first.
//!
//! Decisions where the documentation is silent:
//!
//! - **(decision) Order of the connectors: declaration order** (path order of the files,
//!   then document order), the first declaration of an identifier only. The documented
//!   output lists the connectors in the ordinal order of the identifiers the product had
//!   then (`AzureAD`, since renamed `MicrosoftEntraID`, sits between `Access` and
//!   `Directory`); the identifiers of today cannot give that order, declaration order can
//!   (the fixture keeps the Entra ID connector in an `AzureAD/` folder). It is
//!   deterministic: files are sorted by path before anything reads them.
//! - **(decision) A connector without `Agent`** still gets its job, without an `Agent`
//!   attribute (an attribute without value is left out). This scaffolding names no
//!   connector, so `connector-without-agent` (about a scaffolding's `Connector`) does not
//!   apply; the job only holds `Step`s, so `mixed-agents` has nothing to report either.
//! - Only `DisplayName_L1`/`L2` are generated (the documentation shows no other language);
//!   the job has no `DisplayName_L2`, as documented, even when the connector has one.
//! - A configuration without connectors gives nothing (an expansion with no element).
//! - The scaffolding takes no attribute or child (the schema reports any); in particular
//!   `AddTask` and `LinkDependTask` do not apply.

use std::collections::HashSet;

use super::{connector_display, Expansion, GenElement};
use crate::diagnostic::Diagnostic;
use crate::model::{ElRef, Model};

/// (step, task element, English name, French name), in the order of the job's steps.
pub const STEPS: [(&str, &str, &str, &str); 11] = [
    (
        "Export",
        "ExportTask",
        "Extract Changes",
        "Extraction des modifications",
    ),
    (
        "PrepareSynchronization",
        "PrepareSynchronizationTask",
        "Synchronization (agent side)",
        "Synchronisation (côté agent)",
    ),
    (
        "Synchronization",
        "SynchronizeTask",
        "Synchronization (server side)",
        "Synchronisation (côté serveur)",
    ),
    (
        "Expression",
        "UpdateEntityPropertyExpressionsTask",
        "Update Computed Properties",
        "Mise à jour des propriétés calculées",
    ),
    (
        "Correlation",
        "ComputeCorrelationKeysTask",
        "Compute all Correlations",
        "Calcul des corrélations",
    ),
    (
        "Policy",
        "ComputeRoleModelTask",
        "Apply the Role Model",
        "Evaluation du modèle de rôles",
    ),
    (
        "GenerateOrders",
        "GenerateProvisioningOrdersTask",
        "Generate Provisioning Orders",
        "Génération des ordres de provisioning",
    ),
    ("Fulfillment", "FulfillTask", "Fulfillment", "Alimentation"),
    (
        "Classification",
        "UpdateClassificationTask",
        "Resources Classification",
        "Classification des ressources",
    ),
    (
        "BuildRoleModel",
        "BuildRoleModelTask",
        "Build the Role Model",
        "Fabrication du modèle de rôles",
    ),
    (
        "RefreshSchema",
        "RefreshSchemaTask",
        "Refresh the connection schema",
        "Rafraîchissement des schémas des connexions",
    ),
];

/// Every connector, in declaration order, first declaration of an identifier only.
fn connectors_in_declaration_order<'a>(model: &Model<'a>) -> Vec<ElRef<'a>> {
    let mut seen = HashSet::new();
    model
        .elements
        .iter()
        .copied()
        .filter(|e| e.el.local() == "Connector")
        .filter(|e| e.id().is_some_and(|id| seen.insert(id)))
        .collect()
}

/// The virtual job of one connector.
fn job(connector: ElRef<'_>) -> GenElement<'_> {
    let c = connector.id().unwrap_or_default();
    let (cl1, _) = connector_display(connector);
    let mut job = GenElement::new("Job")
        .attr("Identifier", format!("{c}_VirtualJob"))
        .attr("DisplayName_L1", format!("ZZ Connectors/{cl1}"));
    if let Some(agent) = connector.value("Agent") {
        job = job.attr("Agent", agent);
    }
    job = job
        .attr("IsConnectorJob", "true")
        .attr("UserStartDenied", "true");
    job.children = STEPS
        .iter()
        .map(|(step, ..)| {
            GenElement::new("Step").attr("Identifier", format!("{c}_Connector{step}"))
        })
        .collect();
    job
}

/// The stand-alone tasks of one connector, sorted by identifier.
fn tasks(connector: ElRef<'_>) -> Vec<GenElement<'_>> {
    let c = connector.id().unwrap_or_default();
    let (cl1, cl2) = connector_display(connector);
    let mut out: Vec<GenElement> = STEPS
        .iter()
        .map(|(step, element, en, fr)| {
            GenElement::new(*element)
                .attr("Identifier", format!("{c}_Connector{step}"))
                .attr("DisplayName_L1", format!("{cl1} - {en}"))
                .attr("DisplayName_L2", format!("{cl2} - {fr}"))
                .attr("Connector", c)
        })
        .collect();
    out.sort_by(|a, b| a.value("Identifier").cmp(&b.value("Identifier")));
    out
}

/// Expands one `CreateConnectorsJobs` into the jobs and tasks of every connector.
pub fn expand<'a>(
    model: &Model<'a>,
    s: ElRef<'a>,
    _diags: &mut Vec<Diagnostic>,
) -> Option<Expansion<'a>> {
    let connectors = connectors_in_declaration_order(model);
    let mut elements: Vec<GenElement> = connectors.iter().map(|c| job(*c)).collect();
    elements.extend(connectors.iter().flat_map(|c| tasks(*c)));
    Some(Expansion {
        scaffolding: s,
        elements,
        added_links: Vec::new(),
    })
}
