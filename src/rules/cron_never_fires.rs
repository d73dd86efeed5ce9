//! `cron-never-fires`: checked by `super::cron_values`.

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::CronNeverFires,
    severity: Severity::Warning,
    summary: "a valid cron expression with no occurrence",
    explain: "The expression is valid but no date matches it: a day that the months never have \
(`0 0 31 Feb *`, `0 0 30 2 *`), so the job is never run by the scheduler.

Example:
    <CronTabExpression CronTab=\"0 0 31 4,6,9,11 *\" />  <- these months have 30 days

Fix: correct the day or the month (`0 0 L * *` does not exist in NCrontab; use `0 0 28-31 * *` \
with care, or schedule the day after).",
};
