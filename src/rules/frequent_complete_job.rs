//! `frequent-complete-job`: a non-incremental job scheduled more than once an hour.

use super::cron_values::{schedules, ScheduleSite};
use super::{Context, Rule};
use crate::cron::{self, Fields};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::scaffolding::kind_is;
use crate::model::schema::parse_bool;
use crate::model::ScaffoldingKind;

pub const RULE: Rule = Rule {
    code: super::RuleId::FrequentCompleteJob,
    severity: Severity::Warning,
    summary: "a job that is not incremental, scheduled more than once an hour",
    explain: "The product's guidance for frequent jobs (\"Build Efficient Jobs\"): a job that runs \
more than once an hour must be incremental (exports and synchronization of changes only, \
dirty-flagged computations), or it reloads everything every few minutes and slows the server, \
and a SaaS deployment refuses it. The interval is the time between the first two runs after \
2000-01-01T00:00:00, so the verdict never depends on the clock.

Example:
    <Job Identifier=\"AD_Complete\" DisplayName_L1=\"AD\" Agent=\"Local\" CronTabExpression=\"*/15 * * * *\">
      ...
    </Job>

Fix: schedule the complete job less often (e.g. daily, `0 2 * * *`), and run an incremental \
job (`CreateConnectorSynchroIncremental`) every few minutes.",
};

/// Scaffoldings whose job is incremental, and the access-certification job, which the
/// product's documentation shows scheduled every 15 minutes (it reads no managed system).
fn frequent_runs_expected(kind: ScaffoldingKind) -> bool {
    kind.is_incremental() || kind == ScaffoldingKind::AccessCertificationJob
}

fn minutes(seconds: i64) -> String {
    match seconds {
        60 => "1 minute".to_string(),
        s if s % 60 == 0 => format!("{} minutes", s / 60),
        1 => "1 second".to_string(),
        s => format!("{s} seconds"),
    }
}

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for ScheduleSite {
        el: r,
        attr,
        scaffolding,
    } in schedules(ctx)
    {
        let Some(expr) = r.value(attr) else { continue };
        let incremental = match scaffolding {
            // An `IsIncremental` that does not parse is `invalid-value`: no verdict here.
            // A job overriding a generated one is as incremental as the result.
            None => {
                let id = r.id().unwrap_or_default();
                let result = ctx
                    .expanded
                    .jobs
                    .iter()
                    .flat_map(|e| e.jobs())
                    .find(|j| j.value("Identifier") == Some(id));
                match result
                    .and_then(|j| j.value("IsIncremental"))
                    .or(r.value("IsIncremental"))
                {
                    None => false,
                    Some(v) => parse_bool(v).unwrap_or(true),
                }
            }
            // A scaffolding's schedule: decided by the kind of job it generates.
            Some(s) => kind_is(s.local(), frequent_runs_expected),
        };
        if incremental {
            continue;
        }
        let Ok(schedule) = cron::parse(expr, Fields::FiveOrSix) else {
            continue;
        };
        let Some(interval) = schedule.first_interval_seconds() else {
            continue;
        };
        if interval < 3600 {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    r.value_label(attr),
                    format!(
                        "this job is not incremental and `{expr}` runs it more than once an hour (its first two runs are {} apart)",
                        minutes(interval)
                    ),
                )
                .with_help("run complete jobs at most hourly; use an incremental job for frequent runs"),
            );
        }
    }
}
