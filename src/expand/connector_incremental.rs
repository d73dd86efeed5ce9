//! `CreateConnectorSynchroIncremental` (`scaffoldings.md` section 1): the incremental
//! synchronization job of one connector.

use super::{
    apply_add_tasks, apply_link_depend_tasks, connector_display, job_element, owners_display,
    read_options, resolve_connector, Expansion, Plan, Task,
};
use crate::diagnostic::Diagnostic;
use crate::model::{package_of, ElRef, Model, SyncType};

/// The synchronization type `{T}` of a connector's export connections: `ActiveDirectory`
/// if one is `Usercube.AD`, else (incremental jobs only) `Changes` if one is
/// `Usercube.AzureAD`, else empty.
pub fn sync_type(exports: &[ElRef<'_>], incremental: bool) -> &'static str {
    let types: Vec<SyncType> = exports
        .iter()
        .filter_map(|c| package_of(*c))
        .map(|p| p.sync_type)
        .collect();
    if types.contains(&SyncType::ActiveDirectory) {
        "ActiveDirectory"
    } else if incremental && types.contains(&SyncType::Changes) {
        "Changes"
    } else {
        ""
    }
}

/// Expands one `CreateConnectorSynchroIncremental` into its `<Job>`.
pub fn expand<'a>(
    model: &Model<'a>,
    s: ElRef<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Expansion<'a>> {
    let options = read_options(s, diags);
    let (connector, agent) = resolve_connector(model, s, diags)?;
    let c = connector.id().unwrap_or_default();
    let (cl1, cl2) = connector_display(connector);
    // (decision) The default job identifier.
    let job_id = s
        .value("JobIdentifier")
        .map_or_else(|| format!("{c}_Synchronize_Incremental"), str::to_string);
    let o = options.open_id_client.as_str();

    let exports = if options.no_synchronization {
        Vec::new()
    } else {
        model.export_connections_of(c)
    };
    let t = sync_type(&exports, true);
    let entity_types = model.entity_types_of(c);
    let sources = model.source_entity_types_of(c);
    let resource_types = if options.no_provisioning {
        Vec::new()
    } else {
        model.resource_types_of(c)
    };
    // Phases 4 and 5: entity types(C), then the source entity types not already listed.
    let mut uepe_types: Vec<String> = entity_types.iter().map(|e| e.to_string()).collect();
    for src in &sources {
        if !entity_types.contains(src) {
            uepe_types.push(src.to_string());
        }
    }
    let agent_task = |element, local_id: String| {
        let mut task = Task::new(element, local_id);
        task.agent = Some(agent.to_string());
        task.connector = Some(c.to_string());
        task.open_id_client = Some(o.to_string());
        task
    };
    let changes = t == "Changes";

    let mut plan = Plan::default();
    // 0. Export, one per export connection.
    let phase0: Vec<Task> = exports
        .iter()
        .map(|e| {
            let e = e.id().unwrap_or_default();
            agent_task("ExportTask", format!("Export_{c}_Incremental_{e}"))
                .display(
                    format!("{cl1} - Extract Changes"),
                    format!("{cl2} - Extraction des modifications"),
                )
                .extra("Connection", e)
                .extra("ContinueOnError", "true")
        })
        .collect();
    // 1. Prepare synchronization.
    let mut phase1 = Vec::new();
    if !exports.is_empty() {
        let (l1, l2) = if changes {
            (
                "Incremental Synchronization (agent side)",
                "Synchronisation incrémentale (côté agent)",
            )
        } else {
            (
                "Synchronization (agent side)",
                "Synchronisation (côté agent)",
            )
        };
        let mut task = agent_task(
            "PrepareSynchronizationTask",
            format!("PrepareSynchronization{t}_{c}_Incremental"),
        )
        .display(format!("{cl1} - {l1}"), format!("{cl2} - {l2}"))
        .extra("SynchronizationMode", "Incremental");
        if !t.is_empty() {
            task = task.extra("Type", t);
        }
        phase1.push(task.depends_on_all(&phase0));
    }
    // 2. Synchronize.
    let mut phase2 = Vec::new();
    if !exports.is_empty() {
        let (l1, l2) = if changes {
            (
                "Synchronization (changes server side)",
                "Synchronisation (changements côté serveur)",
            )
        } else {
            (
                "Synchronization (server side)",
                "Synchronisation (côté serveur)",
            )
        };
        let mut task = Task::new(
            "SynchronizeTask",
            format!("Synchronize{t}_{c}_DoNotDeleteChanges"),
        )
        .display(format!("{cl1} - {l1}"), format!("{cl2} - {l2}"));
        task.connector = Some(c.to_string());
        if !t.is_empty() {
            task = task.extra("Type", t);
        }
        phase2.push(
            task.extra("DoNotDeleteChanges", "true")
                .depends_on_all(&phase1),
        );
    }
    // 3. Dirty flag.
    let mut phase3 = Vec::new();
    if !exports.is_empty() {
        phase3.push(
            Task::new("SetRecentlyModifiedFlagTask", "SetRecentlyModifiedFlag")
                .display("Tag Modified Objects", "Marquage des objets modifiés")
                .depends_on_all(&phase2),
        );
    }
    // 4. Computed properties (no dependency, as the product's documented output shows).
    let mut phase4 = Vec::new();
    // 5. Correlation keys.
    let mut phase5 = Vec::new();
    if !entity_types.is_empty() {
        let mut task = Task::new(
            "UpdateEntityPropertyExpressionsTask",
            "UpdateEntityPropertyExpressions1_WithDirty",
        )
        .display(
            "Update Computed Properties",
            "Mise à jour des propriétés calculées",
        )
        .extra("Dirty", "true");
        task.entity_types = uepe_types.clone();
        phase4.push(task);
        let mut task = Task::new(
            "ComputeCorrelationKeysTask",
            "ComputeCorrelationKeys1_AllEntities_WithDirty",
        )
        .display("Compute all Correlations", "Calcul des corrélations")
        .extra("Dirty", "true")
        .depends_on_all(&phase3);
        task.entity_types = uepe_types;
        phase5.push(task);
    }
    // 6. Role model.
    let mut phase6 = Vec::new();
    if !sources.is_empty() {
        let mut task = Task::new("ComputeRoleModelTask", "ComputeRoleModel1_WithDirty")
            .display("Apply the Role Model", "Evaluation du modèle de rôles")
            .extra("Dirty", "true")
            .depends_on_all(&phase3);
        task.entity_types = sources.iter().map(|e| e.to_string()).collect();
        phase6.push(task);
    }
    // 7. Provisioning orders; 8. fulfilment.
    let mut phase7 = Vec::new();
    let mut phase8 = Vec::new();
    if !resource_types.is_empty() {
        let (cs, cs2) = owners_display(model, &resource_types);
        let rts: Vec<String> = resource_types
            .iter()
            .map(|r| r.id().unwrap_or_default().to_string())
            .collect();
        let mut task = Task::new(
            "GenerateProvisioningOrdersTask",
            "GenerateProvisioningOrders1",
        )
        .display(
            format!("Generate Provisioning Orders - {cs}"),
            format!("Génération des ordres de provisioning - {cs2}"),
        );
        task.resource_types = rts.clone();
        phase7.push(task);
        let mut task = Task::new("FulfillTask", "Fulfill1")
            .display(
                format!("Fulfillment - {cs}"),
                format!("Alimentation - {cs2}"),
            )
            .extra("Dirty", "true")
            .extra("ContinueOnError", "true")
            .depends_on_all(&phase7);
        task.agent = Some(agent.to_string());
        task.open_id_client = Some(o.to_string());
        task.resource_types = rts;
        phase8.push(task);
    }
    for phase in [
        phase0, phase1, phase2, phase3, phase4, phase5, phase6, phase7, phase8,
    ] {
        plan.push_phase(phase);
    }

    apply_add_tasks(model, &options.add_tasks, &mut plan.tasks, diags);
    let links = apply_link_depend_tasks(&options.link_depend_tasks, &mut plan.tasks, diags);

    // (decision) The default display names.
    let default_display = (
        format!("{cl1} - Synchronization Incremental"),
        format!("{cl2} - Synchronisation incrémentale"),
    );
    let mut job = job_element(
        &job_id,
        s,
        default_display,
        Some(agent),
        &options,
        &[("IsIncremental", "true")],
    );
    job.children = plan.to_elements(&job_id);
    Some(Expansion {
        scaffolding: s,
        job,
        added_links: plan.full_links(&job_id, links),
    })
}
