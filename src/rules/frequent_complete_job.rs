//! `frequent-complete-job`: a non-incremental job scheduled more than once an hour.

use super::cron_values::schedules;
use super::{Context, Rule};
use crate::cron::{self, Fields};
use crate::diagnostic::{Diagnostic, Severity};
use crate::expand::parse_bool;

pub const RULE: Rule = Rule {
    code: "frequent-complete-job",
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

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (r, attr) in schedules(ctx) {
        let Some(expr) = r.value(attr) else { continue };
        let incremental = if r.el.local == "Job" {
            r.value("IsIncremental")
                .and_then(parse_bool)
                .unwrap_or(false)
        } else {
            // A scaffolding's schedule: the job it generates.
            let job = ctx.expanded.jobs.iter().find(|j| {
                j.scaffolding
                    .el
                    .children
                    .iter()
                    .any(|c| std::ptr::eq(c, r.el))
            });
            match job {
                Some(j) => j
                    .job
                    .value("IsIncremental")
                    .and_then(parse_bool)
                    .unwrap_or(false),
                // Scaffoldings not expanded yet: only the incremental ones are known.
                None => continue,
            }
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
            let every = if interval % 60 == 0 {
                format!("{} minutes", interval / 60)
            } else {
                format!("{interval} seconds")
            };
            out.push(
                Diagnostic::warning(
                    RULE.code,
                    r.value_label(attr),
                    format!("this job is not incremental and `{expr}` runs it every {every}"),
                )
                .with_help(
                    "run complete jobs at most hourly; use an incremental job for frequent runs",
                ),
            );
        }
    }
}
