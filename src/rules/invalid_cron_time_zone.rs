//! `invalid-cron-time-zone`: checked by `super::cron_values`.

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::InvalidCronTimeZone,
    severity: Severity::Error,
    summary: "`CronTimeZone` is not `UTC`, `ServerTime`, `0` or `1`",
    explain: "`CronTimeZone` says how the schedule's times are read: `UTC` (or `0`, the default) \
or `ServerTime` (or `1`), the server's local time. No other value, not even a time zone name, \
is accepted by the product.

Example:
    <CronTabExpression CronTab=\"0 2 * * *\" CronTimeZone=\"Europe/Paris\" />

Fix: use `ServerTime` for the server's local time, or `UTC`.",
};
