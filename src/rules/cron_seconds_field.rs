//! `cron-seconds-field`: checked by `super::cron_values`.

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::CronSecondsField,
    severity: Severity::Warning,
    summary: "a six-field cron expression (leading seconds)",
    explain: "NCrontab reads six fields as `second minute hour day-of-month month day-of-week`. \
The product's documentation only shows five-field expressions; a six-field one is accepted, \
but a reader may take the first field for minutes, and a job every few seconds is rarely \
intended.

Example:
    <CronTabExpression CronTab=\"0 */15 * * * *\" />    <- second 0 of every 15th minute

Fix: drop the seconds field (`*/15 * * * *`) unless you mean it.",
};
