//! `CreateConnectorSynchroIncremental` (`scaffoldings.md` section 1): the incremental
//! synchronization job of one connector.

use super::sync::{Mode, Scope, SyncJob};
use super::{connector_display, finish_job, read_options, resolve_connector, Expansion};
use crate::diagnostic::Diagnostic;
use crate::model::{ElRef, Model};

/// Expands one `CreateConnectorSynchroIncremental` into its `<Job>`.
pub fn expand<'a>(
    model: &Model<'a>,
    s: ElRef<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Expansion<'a>> {
    connector_job(model, s, diags, Mode::Incremental)
}

/// The job of one connector, in either mode (also `CreateConnectorSynchroComplete`).
pub fn connector_job<'a>(
    model: &Model<'a>,
    s: ElRef<'a>,
    diags: &mut Vec<Diagnostic>,
    mode: Mode,
) -> Option<Expansion<'a>> {
    let options = read_options(s);
    let (connector, agent) = resolve_connector(model, s)?;
    let c = connector.id().unwrap_or_default();
    let (cl1, cl2) = connector_display(connector);
    let job = SyncJob {
        model,
        mode,
        scope: Scope::Connector(c),
        agent,
        open_id_client: options.open_id_client,
        collect: if options.no_synchronization {
            Vec::new()
        } else {
            vec![(connector, model.export_connections_of(c))]
                .into_iter()
                .filter(|(_, exports)| !exports.is_empty())
                .collect()
        },
        resource_types: if options.no_provisioning {
            Vec::new()
        } else {
            model.resource_types_of(c)
        },
        agent_extras: false,
    };
    // (decision) The default job identifier and display names.
    let (id, l1, l2, flags): (String, String, String, &[(&str, &str)]) = match mode {
        Mode::Incremental => (
            format!("{c}_Synchronize_Incremental"),
            format!("{cl1} - Synchronization Incremental"),
            format!("{cl2} - Synchronisation incrémentale"),
            &[("IsIncremental", "true")],
        ),
        Mode::Complete => (
            format!("{c}_Synchronize_Complete"),
            format!("{cl1} - Synchronization Complete"),
            format!("{cl2} - Synchronisation complète"),
            &[],
        ),
    };
    let job_id = s.value("JobIdentifier").map_or(id, str::to_string);
    Some(finish_job(
        s,
        &options,
        job_id,
        (l1, l2),
        Some(agent),
        flags,
        job.plan(),
        diags,
    ))
}
