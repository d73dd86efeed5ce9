//! `CreateInitializationJob` (`scaffoldings.md` section 3; the documented example in
//! `fixtures/docs-examples/createinitializationjob/`): the job that loads a new
//! environment. Its phases, each at its own level after the collect:
//!
//! 1. `CreateDatabaseViews` (level 0);
//! 2. the collect of every connector of the agent that has an export connection, in
//!    initial mode: exports (level 1, `InitMode`, `IgnoreCookieFile`), prepares (2),
//!    synchronizations (3, `ForceSynchronization`), without dependencies;
//! 3. three passes of computed properties, correlations, role model, provisioning orders
//!    (`ForceProvisioning`) and fulfilment (`IgnoreHistorization`) for the resource types of
//!    the principal data connector (they create the identities, then their links, then
//!    confirm the links);
//! 4. a last pass: computed properties, the configuration deployment (with a
//!    `<Configuration Path=...>` child), correlations, the role model blocking every
//!    provisioning, risk scores, classification, profiles, historization, parameters'
//!    display names, pre-existing access rights and an offline index maintenance.
//!
//! Decisions (the simplest rules that reproduce the documented example):
//! - the principal data connector is the `PrincipalDataConnector` child's connector; without
//!   one, the passes provision nothing;
//! - `NoConnectorSynchronization` / `NotUsed` leave a connector out of the collect;
//!   `NoConnectorProvisioning` / `NotUsed` leave out the resource types it is the source
//!   connector of (through their source entity type);
//! - an entity type is *loaded* when its mapping has a `ConnectionTable` (it is read from a
//!   system, not computed);
//! - computed properties (passes 1 and 4): every entity type but those of the connectors
//!   the job neither collects nor has as principal; passes 2 and 3: the principal
//!   connector's loaded entity types;
//! - correlations (passes 1-3): the sources of the provisioned resource types and the
//!   principal connector's loaded entity types; pass 4: the loaded entity types of the
//!   collected connectors and of the principal one;
//! - role model and risk scores: the sources of the provisioned resource types; the last
//!   role model: those and every entity type of the principal connector;
//! - classification and profiles: the resource types of the configuration with a
//!   `ResourceClassificationRule` / `ProfileRuleContext`.

use super::sync::{classified_and_profiled, ids, profiles_task, sorted_unique, sync_type, Mode};
use super::{
    agent::scaffolding_agent, connector_display, finish_job, owners_display, read_options,
    Expansion, Plan, Task,
};
use crate::diagnostic::Diagnostic;
use crate::model::{ElRef, Model};

/// The connectors named by the scaffolding's children `name` (`ConnectorIdentifier`; a
/// child without one is `missing-attribute`, reported by its rule).
fn named<'a>(s: ElRef<'a>, name: &'a str) -> Vec<&'a str> {
    s.el.children_named(name)
        .filter_map(|c| s.child(c).value("ConnectorIdentifier"))
        .collect()
}

fn one<'a>(element: &'static str, local: &str, l1: &'a str, l2: &'a str) -> Vec<Task<'a>> {
    vec![Task::new(element, local).display(l1, l2)]
}

fn with_types<'a>(mut t: Task<'a>, types: &[&'a str]) -> Vec<Task<'a>> {
    if types.is_empty() {
        return Vec::new();
    }
    t.entity_types = types.to_vec();
    vec![t]
}

pub fn expand<'a>(
    model: &Model<'a>,
    s: ElRef<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Expansion<'a>> {
    let options = read_options(s);
    let agent_el = scaffolding_agent(model, s)?;
    let agent = agent_el.id().unwrap_or_default();
    let o = options.open_id_client;
    let principal = named(s, "PrincipalDataConnector").first().copied();
    let not_used = named(s, "NotUsed");
    // Sets: they are asked about every connector and entity type.
    let no_sync: rustc_hash::FxHashSet<&str> = named(s, "NoConnectorSynchronization")
        .into_iter()
        .chain(not_used.iter().copied())
        .collect();
    let no_prov: rustc_hash::FxHashSet<&str> = named(s, "NoConnectorProvisioning")
        .into_iter()
        .chain(not_used.iter().copied())
        .collect();
    let configuration = s.el.child("Configuration").map(|c| s.child(c));

    // The collected connectors: the agent's, with an export connection, by identifier.
    let mut collected: Vec<(ElRef<'a>, Vec<ElRef<'a>>)> = model
        .connectors_of_agent(agent)
        .iter()
        .copied()
        .filter(|c| !c.id().is_some_and(|id| no_sync.contains(&id)))
        .map(|c| (c, model.export_connections_of(c.id().unwrap_or_default())))
        .filter(|(_, exports)| !exports.is_empty())
        .collect();
    collected.sort_by(|a, b| a.0.id().cmp(&b.0.id()));
    let collected_ids: Vec<&str> = collected.iter().filter_map(|(c, _)| c.id()).collect();
    let is_collected: rustc_hash::FxHashSet<&str> = collected_ids.iter().copied().collect();

    // The principal connector's resource types, but those whose source belongs to a
    // connector left out of provisioning.
    let provisioned: Vec<ElRef<'a>> = principal
        .map(|p| model.resource_types_of(p))
        .unwrap_or_default()
        .into_iter()
        .filter(|rt| {
            let source_connector = rt
                .value("SourceEntityType")
                .and_then(|e| model.connector_of_entity_type(e));
            !source_connector.is_some_and(|c| no_prov.contains(&c))
        })
        .collect();
    let principal_types: Vec<&str> = principal
        .map(|p| model.entity_types_of(p).to_vec())
        .unwrap_or_default();
    let loaded = |e: &&str| {
        Model::first(&model.entity_type_mappings, e)
            .is_some_and(|m| m.el.attr("ConnectionTable").is_some())
    };
    let principal_loaded: Vec<&str> = principal_types.iter().copied().filter(loaded).collect();
    let sources_v: Vec<&str> = provisioned
        .iter()
        .filter_map(|r| r.value("SourceEntityType"))
        .collect();
    let sources: Vec<&str> = sorted_unique(sources_v.clone());

    let all_expressions: Vec<&str> = sorted_unique(
        model
            .entity_types
            .keys()
            .copied()
            .filter(|e| match model.connector_of_entity_type(e) {
                None => true,
                Some(c) => is_collected.contains(c) || Some(c) == principal,
            })
            .collect(),
    );
    let principal_expressions = sorted_unique(principal_loaded.clone());
    let correlations = sorted_unique(sources_v.iter().chain(&principal_loaded).copied().collect());
    let last_correlations = sorted_unique(
        collected_ids
            .iter()
            .flat_map(|c| model.entity_types_of(c).iter().copied())
            .filter(loaded)
            .chain(principal_loaded.iter().copied())
            .collect(),
    );
    let last_role_model =
        sorted_unique(sources_v.iter().chain(&principal_types).copied().collect());

    let mut plan = Plan::default();
    let mut views = Task::new("CreateDatabaseViewsTask", "CreateDatabaseViews")
        .display("Create the SQL Views", "Création des vues SQL");
    views.agent = Some(agent);
    views.open_id_client = Some(o);
    plan.push_phase(vec![views]);

    // The collect, in initial mode, without dependencies.
    let (mut exports, mut prepares, mut syncs) = (Vec::new(), Vec::new(), Vec::new());
    for (connector, connections) in &collected {
        let c = connector.id().unwrap_or_default();
        let (cl1, cl2) = connector_display(*connector);
        let t = sync_type(connections, Mode::Complete);
        for e in connections {
            let e = e.id().unwrap_or_default();
            let mut task = Task::new("ExportTask", format!("Export_{c}_Complete_{e}"))
                .display(
                    format!("{cl1} - Extract Changes"),
                    format!("{cl2} - Extraction des modifications"),
                )
                .extra("Connection", e)
                .extra("InitMode", "true")
                .extra("IgnoreCookieFile", "true");
            task.agent = Some(agent);
            task.connector = Some(c);
            task.open_id_client = Some(o);
            exports.push(task);
        }
        let mut prepare = Task::new(
            "PrepareSynchronizationTask",
            format!("PrepareSynchronization{t}_{c}_Initial"),
        )
        .display(
            format!("{cl1} - Synchronization (agent side)"),
            format!("{cl2} - Synchronisation (côté agent)"),
        )
        .extra("SynchronizationMode", "Initial");
        if !t.is_empty() {
            prepare = prepare.extra("Type", t);
        }
        prepare.agent = Some(agent);
        prepare.connector = Some(c);
        prepare.open_id_client = Some(o);
        prepares.push(prepare);
        let mut sync = Task::new(
            "SynchronizeTask",
            format!("Synchronize{t}_{c}_ForceSynchronization"),
        )
        .display(
            format!("{cl1} - Synchronization (server side)"),
            format!("{cl2} - Synchronisation (côté serveur)"),
        )
        .extra("ForceSynchronization", "true");
        if !t.is_empty() {
            sync = sync.extra("Type", t);
        }
        sync.connector = Some(c);
        syncs.push(sync);
    }
    plan.push_phase(exports);
    plan.push_phase(prepares);
    plan.push_phase(syncs);

    // Three passes over the principal connector's resource types.
    let (cs, cs2) = owners_display(model, &provisioned);
    let rts = ids(&provisioned);
    for n in 1..=3 {
        let expressions = if n == 1 {
            &all_expressions
        } else {
            &principal_expressions
        };
        plan.push_phase(with_types(
            Task::new(
                "UpdateEntityPropertyExpressionsTask",
                format!("UpdateEntityPropertyExpressions{n}"),
            )
            .display(
                "Update Computed Properties",
                "Mise à jour des propriétés calculées",
            ),
            expressions,
        ));
        plan.push_phase(with_types(
            Task::new(
                "ComputeCorrelationKeysTask",
                format!("ComputeCorrelationKeys{n}_AllEntities"),
            )
            .display("Compute all Correlations", "Calcul des corrélations"),
            &correlations,
        ));
        plan.push_phase(with_types(
            Task::new("ComputeRoleModelTask", format!("ComputeRoleModel{n}"))
                .display("Apply the Role Model", "Evaluation du modèle de rôles")
                .extra("BlockProvisioning", "false")
                .extra("IgnoreHistorization", "true"),
            &sources,
        ));
        if !rts.is_empty() {
            let mut gpo = Task::new(
                "GenerateProvisioningOrdersTask",
                format!("GenerateProvisioningOrders{n}_ForceProvisioning"),
            )
            .display(
                format!("Generate Provisioning Orders - {cs}"),
                format!("Génération des ordres de provisioning - {cs2}"),
            )
            .extra("ForceProvisioning", "true");
            gpo.resource_types = rts.clone();
            let mut fulfill = Task::new("FulfillTask", format!("Fulfill{n}_IgnoreHistorization"))
                .display(
                    format!("Fulfillment - {cs}"),
                    format!("Alimentation - {cs2}"),
                )
                .extra("Dirty", "false")
                .extra("ContinueOnError", "true")
                .extra("IgnoreHistorization", "true");
            fulfill.agent = Some(agent);
            fulfill.open_id_client = Some(o);
            fulfill.resource_types = rts.clone();
            plan.push_phase(vec![gpo]);
            plan.push_phase(vec![fulfill]);
        }
    }

    // The last pass.
    plan.push_phase(with_types(
        Task::new(
            "UpdateEntityPropertyExpressionsTask",
            "UpdateEntityPropertyExpressions4",
        )
        .display(
            "Update Computed Properties",
            "Mise à jour des propriétés calculées",
        ),
        &all_expressions,
    ));
    // A `Configuration` without `Path` is `missing-attribute` (its rule): no deployment.
    if let Some(path) = configuration.and_then(|c| c.value("Path")) {
        plan.push_phase(vec![Task::new(
            "DeployConfigurationTask",
            "DeployConfiguration",
        )
        .display("Deploy Configuration", "Déploiement de la configuration")
        .extra("ConfigurationDirectory", path)]);
    }
    plan.push_phase(with_types(
        Task::new(
            "ComputeCorrelationKeysTask",
            "ComputeCorrelationKeys4_AllEntities",
        )
        .display("Compute all Correlations", "Calcul des corrélations"),
        &last_correlations,
    ));
    plan.push_phase(with_types(
        Task::new("ComputeRoleModelTask", "ComputeRoleModel4")
            .display("Apply the Role Model", "Evaluation du modèle de rôles")
            .extra("BlockAllResourceTypeProvisioning", "true")
            .extra("BlockProvisioning", "false")
            .extra("IgnoreHistorization", "true"),
        &last_role_model,
    ));
    plan.push_phase(with_types(
        Task::new("ComputeRiskScoresTask", "ComputeRiskScores1")
            .display("Compute Risk Scores", "Calcul des scores de risques"),
        &sources,
    ));
    let every_rt: Vec<ElRef<'a>> = {
        let mut v: Vec<ElRef<'a>> = model
            .resource_types
            .values()
            .filter_map(|v| v.first().copied())
            .collect();
        v.sort_by(|a, b| a.id().cmp(&b.id()));
        v
    };
    let (classified, profiled) = classified_and_profiled(model, &every_rt);
    plan.push_phase(with_types(
        Task::new("UpdateClassificationTask", "UpdateClassification")
            .display("Resources Classification", "Classification des ressources"),
        &classified,
    ));
    plan.push_phase(profiles_task(&profiled));
    plan.push_phase(one(
        "ResetValidFromTask",
        "ResetValidFrom",
        "Initialization of Historization",
        "Initialisation de l'historisation",
    ));
    plan.push_phase(one(
        "UpdateParametersContextDisplayNamesTask",
        "UpdateParametersContextDisplayNames",
        "Update of Parameters Context Display Names",
        "Mise à jour des noms des contextes de paramètres",
    ));
    plan.push_phase(one(
        "SavePreExistingAccessRightsTask",
        "SavePreExistingAccessRights",
        "Save Pre-existing Access Rights",
        "Sauvegarde des droits pré-existants",
    ));
    let maintain = Task::new("MaintainIndexesTask", "MaintainIndexes")
        .display(
            "SQL Index and Statistics Maintenance",
            "Maintenance des index SQL et des statistiques",
        )
        .extra("AllIndexes", "true")
        .extra("Offline", "true");
    plan.push_phase(vec![maintain]);

    // (decision) The default identifier and display names.
    let job_id = s
        .value("JobIdentifier")
        .map_or_else(|| "InitializationJob".to_string(), str::to_string);
    Some(finish_job(
        s,
        &options,
        job_id,
        ("Initialization".to_string(), "Initialisation".to_string()),
        Some(agent),
        &[("IsInitializationJob", "true"), ("UserStartDenied", "true")],
        plan,
        diags,
    ))
}
