//! `CreateAccessCertificationJob` (`scaffoldings.md` section 3; research sections 4.2 and
//! 5.6): the server job that runs the access certification campaigns.
//!
//! - Job `Identifier`: `JobIdentifier`, else `AccessCertification` (`scaffoldings.md`
//!   section 3).
//! - Job display names: copied from the scaffolding, in language order. **(decision)** When
//!   it has no `DisplayName_L1`: L1 `Access Certification` and, unless the scaffolding gives
//!   one, L2 `Certification des accès` (the documentation shows no example without L1).
//! - No `Agent` (a server job, documented), so no `OpenIdClient` on any task.
//! - `CronTabExpression`, `CronTimeZone`: from the `CronTabExpression` child, only when
//!   there is one. **(decision)** There is no default schedule. The documented output has
//!   `CronTabExpression="*/15 * * * *" CronTimeZone="ServerTime"` and a job
//!   `DisplayName_L2` that its documented input lacks; the L2 can only have come from an
//!   attribute the example does not show, so the example input is incomplete, and the
//!   schedule is taken to have come from a child it does not show either. Following
//!   `scaffoldings.md` section 3, the fixture
//!   (`fixtures/docs-examples/createaccesscertificationjob/`) carries the `DisplayName_L2`
//!   and a `<CronTabExpression CronTab="*/15 * * * *" CronTimeZone="ServerTime" />` child,
//!   and scaffc invents no schedule.
//! - `AddTask` and `LinkDependTask` apply as for every job scaffolding (`finish_job`).
//!   `DoNotCreateJob` (6.1 only: "create only the tasks without the job") is not
//!   implemented: the job is generated.
//!
//! Four tasks, one per level 0-3, identifiers `{J}_{element without Task}`, no
//! dependencies between them (none documented: the levels order them):
//!
//! | level | element | DisplayName_L1 | DisplayName_L2 |
//! | --- | --- | --- | --- |
//! | 0 | UpdateAccessCertificationCampaignTask | Update Access Certification Campaign | Mise à jour des campagnes de certifications |
//! | 1 | SetAccessCertificationReviewerTask | Set Access Certification Reviewer | Mise à jour des valideurs pour la certification |
//! | 2 | SendAccessCertificationNotificationTask | Send Access Certification Notifications | Envoi des notifications pour la certification |
//! | 3 | ProcessAccessCertificationItemsTask | Process Access Certification Decisions | Traitement des décisions pour la certification |

use super::{finish_job, read_options, Expansion, Plan, Task};
use crate::diagnostic::Diagnostic;
use crate::model::{ElRef, Model};

/// The job identifier when the scaffolding has no `JobIdentifier`.
pub const DEFAULT_JOB_IDENTIFIER: &str = "AccessCertification";

/// (element, DisplayName_L1, DisplayName_L2) of the tasks, level after level.
const TASKS: [(&str, &str, &str); 4] = [
    (
        "UpdateAccessCertificationCampaignTask",
        "Update Access Certification Campaign",
        "Mise à jour des campagnes de certifications",
    ),
    (
        "SetAccessCertificationReviewerTask",
        "Set Access Certification Reviewer",
        "Mise à jour des valideurs pour la certification",
    ),
    (
        "SendAccessCertificationNotificationTask",
        "Send Access Certification Notifications",
        "Envoi des notifications pour la certification",
    ),
    (
        "ProcessAccessCertificationItemsTask",
        "Process Access Certification Decisions",
        "Traitement des décisions pour la certification",
    ),
];

/// Expands one `CreateAccessCertificationJob` into its `<Job>`.
pub fn expand<'a>(
    _model: &Model<'a>,
    s: ElRef<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Expansion<'a>> {
    let options = read_options(s);
    let job_id = s
        .value("JobIdentifier")
        .unwrap_or(DEFAULT_JOB_IDENTIFIER)
        .to_string();
    let mut plan = Plan::default();
    for (element, l1, l2) in TASKS {
        let local = element.strip_suffix("Task").unwrap_or(element);
        plan.push_phase(vec![Task::new(element, local).display(l1, l2)]);
    }
    Some(finish_job(
        s,
        &options,
        job_id,
        (
            "Access Certification".to_string(),
            "Certification des accès".to_string(),
        ),
        None,
        &[],
        plan,
        diags,
    ))
}
