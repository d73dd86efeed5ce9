//! `CreateAgentSynchroComplete` and `CreateAgentSynchroIncremental` (`scaffoldings.md`
//! section 3): one job for the connectors of one agent.

use super::sync::{Mode, Scope, SyncJob, Use};
use super::{finish_job, read_options, Expansion};
use crate::diagnostic::Diagnostic;
use crate::model::{package_of, ElRef, Model};

/// The agent of an agent scaffolding: its `Agent`, else the only declared agent. `None`,
/// silently, when `Agent` names no agent (`unknown-agent`, reported by its rule), when it is
/// absent and several agents are declared (`ambiguous-agent`, likewise), or when no agent
/// is declared at all.
pub fn scaffolding_agent<'a>(model: &Model<'a>, s: ElRef<'a>) -> Option<ElRef<'a>> {
    match s.value("Agent") {
        Some(a) => Model::first(&model.agents, a),
        None => {
            let mut all = model.agents.values().filter_map(|v| v.first().copied());
            match (all.next(), all.next()) {
                (Some(only), None) => Some(only),
                _ => None,
            }
        }
    }
}

pub fn expand<'a>(
    model: &Model<'a>,
    s: ElRef<'a>,
    diags: &mut Vec<Diagnostic>,
    mode: Mode,
) -> Option<Expansion<'a>> {
    let options = read_options(s);
    let agent_el = scaffolding_agent(model, s)?;
    let agent = agent_el.id().unwrap_or_default();
    // The agent's connectors, by identifier.
    let connectors: Vec<ElRef<'a>> = model.connectors_of_agent(agent).to_vec();

    let mut collect = Vec::new();
    let mut resource_types: Vec<ElRef<'a>> = Vec::new();
    for &c in &connectors {
        let id = c.id().unwrap_or_default();
        let usage = Use::of(c, mode);
        if usage.collects() && !options.no_synchronization {
            let exports = model.export_connections_of(id);
            // The incremental job collects only connectors that can export incrementally.
            let can = match mode {
                Mode::Complete => !exports.is_empty(),
                Mode::Incremental => exports
                    .iter()
                    .any(|e| package_of(*e).is_some_and(|p| p.incremental)),
            };
            if can {
                collect.push((c, exports));
            }
        }
        if usage.provisions() && !options.no_provisioning {
            resource_types.extend(model.resource_types_of(id));
        }
    }
    resource_types.sort_by(|a, b| a.id().cmp(&b.id()));
    let job = SyncJob {
        model,
        mode,
        scope: Scope::Agent,
        agent,
        open_id_client: options.open_id_client,
        collect,
        resource_types,
        agent_extras: mode == Mode::Complete,
    };
    let al1 = agent_el.value("DisplayName_L1").unwrap_or(agent);
    let al2 = agent_el.value("DisplayName_L2").unwrap_or(al1);
    // (decision) The default identifiers and display names.
    let (id, l1, l2) = match mode {
        Mode::Complete => (
            format!("{agent}_Synchronize_Complete"),
            format!("{al1} - Synchronization Complete"),
            format!("{al2} - Synchronisation complète"),
        ),
        Mode::Incremental => (
            format!("{agent}_Synchronize_Incremental"),
            format!("{al1} - Synchronization Incremental"),
            format!("{al2} - Synchronisation incrémentale"),
        ),
    };
    let job_id = s.value("JobIdentifier").map_or(id, str::to_string);
    // The documented agent incremental job has no `IsIncremental`: none is written.
    Some(finish_job(
        s,
        &options,
        job_id,
        (l1, l2),
        Some(agent),
        &[],
        job.plan(),
        diags,
    ))
}
