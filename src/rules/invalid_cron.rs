//! `invalid-cron`: checked by `super::cron_values`; the dialect is in `crate::cron`.

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::InvalidCron,
    severity: Severity::Error,
    summary: "a cron expression that the product's scheduler (NCrontab) rejects",
    explain: "A job's `CronTabExpression` (or the `CronTab` of a scaffolding's \
`<CronTabExpression>`) is read by NCrontab: five fields `minute hour day-of-month month \
day-of-week` separated by spaces (or six, with a leading `second`). Each field is a list of \
`*`, `*/n`, `a`, `a-b`, `a-b/n` or `a/n`; months and days of week also take English names or \
their prefixes. Ranges: minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-6 \
(Sunday = 0; 7 is an error). There are no `?`, `L`, `W`, `#` or `@daily` macros. The report \
underlines the bad field and names its allowed range. `scaffc cron EXPR` checks one expression \
and shows its next runs.

Example:
    <CronTabExpression CronTab=\"*/15 * * * 7\" />      <- day of week is 0-6

Fix: correct the field (`0` for Sunday), or test the expression with `scaffc cron`.",
};
