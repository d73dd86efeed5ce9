//! The synchronization jobs: the phases shared by `CreateConnectorSynchroIncremental`,
//! `CreateConnectorSynchroComplete`, `CreateAgentSynchroComplete` and
//! `CreateAgentSynchroIncremental` (`scaffoldings.md` sections 1-3). A job is built from the
//! connectors it collects and the resource types it provisions; each scaffolding module
//! only chooses those.

use super::{connector_display, owners_display, Plan, Task};
use crate::model::{package_of, schema, ElRef, Model, SyncType};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Complete,
    Incremental,
}

/// Which entity types the computation phases work on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// A connector job: the connector's entity types and the sources of its resource types.
    Connector(&'a str),
    /// An agent job: every entity type of the configuration for computed properties; the
    /// targets and sources of the provisioned resource types for correlations.
    Agent,
}

/// The synchronization type `{T}` of a connector's export connections: `ActiveDirectory`
/// if one is `Usercube.AD`, else (incremental jobs only) `Changes` if one is
/// `Usercube.AzureAD`, else empty.
pub fn sync_type(exports: &[ElRef<'_>], mode: Mode) -> &'static str {
    let types: Vec<SyncType> = exports
        .iter()
        .filter_map(|c| package_of(*c))
        .map(|p| p.sync_type)
        .collect();
    if types.contains(&SyncType::ActiveDirectory) {
        "ActiveDirectory"
    } else if mode == Mode::Incremental && types.contains(&SyncType::Changes) {
        "Changes"
    } else {
        ""
    }
}

/// What a synchronization job is made of.
pub struct SyncJob<'a, 'm> {
    pub model: &'m Model<'a>,
    pub mode: Mode,
    pub scope: Scope<'a>,
    pub agent: &'a str,
    pub open_id_client: &'a str,
    /// The connectors collected, in order, each with its export connections.
    pub collect: Vec<(ElRef<'a>, Vec<ElRef<'a>>)>,
    /// The resource types provisioned, by identifier.
    pub resource_types: Vec<ElRef<'a>>,
    /// Agent complete jobs: classification, profiles and configuration indexes phases.
    pub agent_extras: bool,
}

pub fn ids<'a>(list: &[ElRef<'a>]) -> Vec<&'a str> {
    list.iter().map(|r| r.id().unwrap_or_default()).collect()
}

pub fn sorted_unique(mut v: Vec<&str>) -> Vec<&str> {
    v.sort_unstable();
    v.dedup();
    v
}

/// How a connector takes part in an agent job: `CompleteJob` / `IncrementalJob`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Used,
    NotUsed,
    OnlySynchronization,
    OnlyProvisioning,
}

impl Use {
    pub fn of(connector: ElRef<'_>, mode: Mode) -> Use {
        let attr = match mode {
            Mode::Complete => "CompleteJob",
            Mode::Incremental => "IncrementalJob",
        };
        // Read by the validator's reader; a value that does not parse is `invalid-value`
        // and reads as the default.
        let value = connector.value(attr).unwrap_or("Used");
        match schema::parse_enum(schema::JOB_INTEGRATION_RULE, value).map_or("Used", |(n, _)| n) {
            "NotUsed" => Use::NotUsed,
            "OnlySynchronization" => Use::OnlySynchronization,
            "OnlyProvisioning" => Use::OnlyProvisioning,
            _ => Use::Used,
        }
    }

    pub fn collects(self) -> bool {
        matches!(self, Use::Used | Use::OnlySynchronization)
    }

    pub fn provisions(self) -> bool {
        matches!(self, Use::Used | Use::OnlyProvisioning)
    }
}

/// (decision) The connectors whose resource types complete jobs provision: those whose
/// `CompleteJob` is `Used` (the default) or `OnlyProvisioning`.
pub fn provisioned_by_complete_jobs(connector: ElRef<'_>) -> bool {
    Use::of(connector, Mode::Complete).provisions()
}

impl<'a> SyncJob<'a, '_> {
    fn agent_task(&self, element: &'static str, local: String, connector: &'a str) -> Task<'a> {
        let mut t = Task::new(element, local);
        t.agent = Some(self.agent);
        t.connector = Some(connector);
        t.open_id_client = Some(self.open_id_client);
        t
    }

    /// The tasks, phase by phase.
    pub fn plan(&self) -> Plan<'a> {
        let m = self.model;
        let incremental = self.mode == Mode::Incremental;
        let mode_name = if incremental {
            "Incremental"
        } else {
            "Complete"
        };
        let mut plan = Plan::default();

        // 0-2: export, prepare and synchronize, connector after connector.
        let (mut exports, mut prepares, mut syncs) = (Vec::new(), Vec::new(), Vec::new());
        for (connector, connections) in &self.collect {
            let c = connector.id().unwrap_or_default();
            let (cl1, cl2) = connector_display(*connector);
            let t = sync_type(connections, self.mode);
            let mut mine = Vec::new();
            for e in connections {
                let e = e.id().unwrap_or_default();
                let mut task = self
                    .agent_task("ExportTask", format!("Export_{c}_{mode_name}_{e}"), c)
                    .display(
                        format!("{cl1} - Extract Changes"),
                        format!("{cl2} - Extraction des modifications"),
                    )
                    .extra("Connection", e)
                    .extra("ContinueOnError", "true");
                if !incremental {
                    task = task.extra("IgnoreCookieFile", "true");
                }
                mine.push(task);
            }
            let changes = t == "Changes";
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
            let mut prepare = self
                .agent_task(
                    "PrepareSynchronizationTask",
                    format!("PrepareSynchronization{t}_{c}_{mode_name}"),
                    c,
                )
                .display(format!("{cl1} - {l1}"), format!("{cl2} - {l2}"))
                .extra("SynchronizationMode", mode_name);
            if !t.is_empty() {
                prepare = prepare.extra("Type", t);
            }
            let prepare = prepare.depends_on_all(&mine);
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
            let local = if incremental {
                format!("Synchronize{t}_{c}_DoNotDeleteChanges")
            } else {
                format!("Synchronize{t}_{c}")
            };
            let mut sync = Task::new("SynchronizeTask", local)
                .display(format!("{cl1} - {l1}"), format!("{cl2} - {l2}"));
            sync.connector = Some(c);
            if !t.is_empty() {
                sync = sync.extra("Type", t);
            }
            if incremental {
                sync = sync.extra("DoNotDeleteChanges", "true");
            }
            syncs.push(sync.depends_on_all(std::slice::from_ref(&prepare)));
            prepares.push(prepare);
            exports.extend(mine);
        }
        // 3 (incremental): the dirty flag after every synchronization.
        let mut flag = Vec::new();
        if incremental && !syncs.is_empty() {
            flag.push(
                Task::new("SetRecentlyModifiedFlagTask", "SetRecentlyModifiedFlag")
                    .display("Tag Modified Objects", "Marquage des objets modifiés")
                    .depends_on_all(&syncs),
            );
        }
        plan.push_phase(exports);
        plan.push_phase(prepares);
        plan.push_phase(syncs);
        plan.push_phase(flag.clone());

        // The entity types of the computations.
        let (expressions, correlations, sources) = self.entity_types();
        let dirty = |t: Task<'a>| -> Task<'a> {
            if incremental {
                t.extra("Dirty", "true")
            } else {
                t
            }
        };
        let suffix = if incremental { "_WithDirty" } else { "" };
        if !expressions.is_empty() {
            let mut t = dirty(
                Task::new(
                    "UpdateEntityPropertyExpressionsTask",
                    format!("UpdateEntityPropertyExpressions1{suffix}"),
                )
                .display(
                    "Update Computed Properties",
                    "Mise à jour des propriétés calculées",
                ),
            );
            t.entity_types = expressions;
            plan.push_phase(vec![t]);
        }
        if !correlations.is_empty() {
            let mut t = dirty(
                Task::new(
                    "ComputeCorrelationKeysTask",
                    format!("ComputeCorrelationKeys1_AllEntities{suffix}"),
                )
                .display("Compute all Correlations", "Calcul des corrélations"),
            )
            .depends_on_all(&flag);
            t.entity_types = correlations;
            plan.push_phase(vec![t]);
        }
        if !sources.is_empty() {
            let mut t = dirty(
                Task::new("ComputeRoleModelTask", format!("ComputeRoleModel1{suffix}"))
                    .display("Apply the Role Model", "Evaluation du modèle de rôles"),
            )
            .depends_on_all(&flag);
            t.entity_types = sources.clone();
            plan.push_phase(vec![t]);
            if !incremental {
                let mut t = Task::new("ComputeRiskScoresTask", "ComputeRiskScores1")
                    .display("Compute Risk Scores", "Calcul des scores de risques");
                t.entity_types = sources;
                plan.push_phase(vec![t]);
            }
        }

        // Provisioning.
        if !self.resource_types.is_empty() {
            let (cs, cs2) = owners_display(m, &self.resource_types);
            let rts = ids(&self.resource_types);
            let mut gpo = Task::new(
                "GenerateProvisioningOrdersTask",
                "GenerateProvisioningOrders1",
            )
            .display(
                format!("Generate Provisioning Orders - {cs}"),
                format!("Génération des ordres de provisioning - {cs2}"),
            );
            gpo.resource_types = rts.clone();
            let mut fulfill = Task::new("FulfillTask", "Fulfill1")
                .display(
                    format!("Fulfillment - {cs}"),
                    format!("Alimentation - {cs2}"),
                )
                .extra("Dirty", if incremental { "true" } else { "false" })
                .extra("ContinueOnError", "true")
                .depends_on_all(std::slice::from_ref(&gpo));
            fulfill.agent = Some(self.agent);
            fulfill.open_id_client = Some(self.open_id_client);
            fulfill.resource_types = rts;
            plan.push_phase(vec![gpo]);
            plan.push_phase(vec![fulfill]);
        }
        if incremental {
            return plan;
        }

        // The complete jobs' maintenance phases.
        if self.agent_extras {
            let (classified, profiled) = classified_and_profiled(m, &self.resource_types);
            if !classified.is_empty() {
                let mut t = Task::new("UpdateClassificationTask", "UpdateClassification")
                    .display("Resources Classification", "Classification des ressources");
                t.entity_types = classified;
                plan.push_phase(vec![t]);
            }
            plan.push_phase(profiles_task(&profiled));
        }
        plan.push_phase(vec![Task::new(
            "UpdateParametersContextDisplayNamesTask",
            "UpdateParametersContextDisplayNames",
        )
        .display(
            "Update of Parameters Context Display Names",
            "Mise à jour des noms des contextes de paramètres",
        )]);
        let notified = self.notified_entity_types();
        if !notified.is_empty() {
            let mut t = Task::new(
                "SendRoleModelNotificationsTask",
                "SendRoleModelNotifications",
            )
            .display(
                "Send Role Model Notifications",
                "Envoi des notifications de modèle de rôles",
            );
            t.entity_types = notified.to_vec();
            plan.push_phase(vec![t]);
        }
        if self.agent_extras {
            plan.push_phase(vec![Task::new(
                "ManageConfigurationIndexesTask",
                "ManageConfigurationIndexes",
            )
            .display(
                "Manage Configuration Specific SQL Indexes",
                "Gestion des index SQL liés à la configuration",
            )]);
        }
        plan.push_phase(vec![Task::new("MaintainIndexesTask", "MaintainIndexes")
            .display(
                "SQL Index and Statistics Maintenance",
                "Maintenance des index SQL et des statistiques",
            )]);
        plan
    }

    /// (computed properties, correlations, role model and risk scores) entity types.
    fn entity_types(&self) -> (Vec<&'a str>, Vec<&'a str>, Vec<&'a str>) {
        let m = self.model;
        match self.scope {
            Scope::Connector(c) => {
                let own = m.entity_types_of(c);
                let sources = m.source_entity_types_of(c);
                let mut list: Vec<&'a str> = own.to_vec();
                let owned: rustc_hash::FxHashSet<&str> = own.iter().copied().collect();
                for s in &sources {
                    if !owned.contains(s) {
                        list.push(s);
                    }
                }
                if own.is_empty() {
                    list.clear();
                }
                (list.clone(), list, sources)
            }
            Scope::Agent => {
                let all = sorted_unique(m.entity_types.keys().copied().collect());
                let sources: Vec<&str> = self
                    .resource_types
                    .iter()
                    .filter_map(|r| r.value("SourceEntityType"))
                    .collect();
                let mut both = sources.clone();
                both.extend(
                    self.resource_types
                        .iter()
                        .filter_map(|r| r.value("TargetEntityType")),
                );
                (all, sorted_unique(both), sorted_unique(sources))
            }
        }
    }

    /// (decision) Role model notifications: the source entity types of every resource type
    /// that complete jobs provision (see [`provisioned_by_complete_jobs`]), whatever the job.
    /// The same for every job: found once per model (every resource type is looked at), by
    /// the first job that asks.
    fn notified_entity_types(&self) -> &[&'a str] {
        let m = self.model;
        m.role_model_notified.get_or_init(|| {
            let mut sources = Vec::new();
            for list in m.resource_types.values() {
                let Some(rt) = list.first() else { continue };
                let owner = rt
                    .value("TargetEntityType")
                    .and_then(|t| m.connector_of_entity_type(t))
                    .and_then(|c| m.connector(c));
                if owner.is_some_and(provisioned_by_complete_jobs) {
                    sources.extend(rt.value("SourceEntityType"));
                }
            }
            sorted_unique(sources)
        })
    }
}

/// Of `resource_types`: the target entity types of those with a
/// `<ResourceClassificationRule ResourceType=...>`, and those with a
/// `<ProfileRuleContext ResourceType=...>` (the classification and profiles phases).
pub fn classified_and_profiled<'a>(
    model: &Model<'a>,
    resource_types: &[ElRef<'a>],
) -> (Vec<&'a str>, Vec<ElRef<'a>>) {
    let rules = model.resource_type_rules();
    let (classified, profiled) = (&rules.classified, &rules.profiled);
    let targets = sorted_unique(
        resource_types
            .iter()
            .filter(|rt| rt.id().is_some_and(|id| classified.contains(id)))
            .filter_map(|rt| rt.value("TargetEntityType"))
            .collect(),
    );
    let with_profiles = resource_types
        .iter()
        .copied()
        .filter(|rt| rt.id().is_some_and(|id| profiled.contains(id)))
        .collect();
    (targets, with_profiles)
}

/// The profiles phase for the resource types that have a `ProfileRuleContext`: their
/// target entity types and themselves; nothing when there is none.
pub fn profiles_task<'a>(profiled: &[ElRef<'a>]) -> Vec<Task<'a>> {
    if profiled.is_empty() {
        return Vec::new();
    }
    let mut t = Task::new("SetInternalUserProfilesTask", "SetInternalUserProfiles1").display(
        "Assign Usercube Profiles",
        "Affectation des profils Usercube",
    );
    t.entity_types = sorted_unique(
        profiled
            .iter()
            .filter_map(|rt| rt.value("TargetEntityType"))
            .collect(),
    );
    t.resource_types = ids(profiled);
    vec![t]
}
