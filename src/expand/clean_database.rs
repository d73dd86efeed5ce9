//! `CleanDatabaseJob` (`scaffoldings.md` section 3; research section 4.1): the server job
//! that cleans the task and job instances left in state `InProgress`.
//!
//! The documented example, `<CleanDatabaseJob />`, gives:
//!
//! ```xml
//! <Job Identifier="CleanDatabase" DisplayName_L1="Clean Database">
//!   <CleanDataBase Identifier="CleanDatabase_CleanDataBase" DisplayName_L1="Clean Database" DisplayName_L2="Nettoyage de la base de données" Level="0" />
//! </Job>
//! ```
//!
//! - Job `Identifier`: `JobIdentifier`, else `CleanDatabase` (documented).
//! - Job display names: copied from the scaffolding; when it has no `DisplayName_L1`, L1 is
//!   `Clean Database` (documented) and **no** `DisplayName_L2` is written unless the
//!   scaffolding gives one (documented: the example's job has none; this differs from the
//!   other job scaffoldings, whose defaulted L1 comes with a defaulted L2).
//! - No `Agent`: a server job (documented). Hence no `OpenIdClient` either.
//! - One task, element `CleanDataBase` (capital B, no `Task` suffix, as documented),
//!   identifier `{J}_CleanDataBase`, `Clean Database` / `Nettoyage de la base de données`,
//!   `Level="0"`.
//! - **(decision)** The children of the other job scaffoldings are honoured the same way
//!   (`read_options`, `finish_job`): `CronTabExpression` schedules the job, `AddTask` inserts
//!   a `Step` before or after `CleanDataBase`, `LinkDependTask` links tasks. The
//!   documentation lists no child for this scaffolding; a clean-up job is naturally
//!   scheduled, so scaffc does not drop them. `OpenIdIdentifier`, `NoSynchronization` and
//!   `NoProvisioning` have nothing to act on here.

use super::{display_names, finish_job, read_options, Expansion, Plan, Task};
use crate::diagnostic::Diagnostic;
use crate::model::{ElRef, Model};

/// The job identifier when the scaffolding has no `JobIdentifier` (documented).
pub const DEFAULT_JOB_IDENTIFIER: &str = "CleanDatabase";
/// The job's `DisplayName_L1` when the scaffolding has none (documented).
pub const DEFAULT_DISPLAY_NAME_L1: &str = "Clean Database";

/// Expands one `CleanDatabaseJob` into its `<Job>`.
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
    plan.push_phase(vec![Task::new("CleanDataBase", "CleanDataBase")
        .display("Clean Database", "Nettoyage de la base de données")]);
    let mut expansion = finish_job(
        s,
        &options,
        job_id,
        (DEFAULT_DISPLAY_NAME_L1.to_string(), String::new()),
        None,
        &[],
        plan,
        diags,
    );
    // `finish_job` pairs a defaulted L1 with a defaulted L2; this job has no default L2, so
    // the job keeps an L2 only when the scaffolding gives one.
    if !display_names(s).iter().any(|(n, _)| *n == 2) {
        for job in &mut expansion.elements {
            job.attrs.retain(|(name, _)| name != "DisplayName_L2");
        }
    }
    Some(expansion)
}
