//! `cron-suspicious`: checked by `super::cron_values`; the cases are found by
//! `crate::cron::Schedule::warnings`.

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::CronSuspicious,
    severity: Severity::Warning,
    summary: "a cron expression that NCrontab reads differently from Unix cron",
    explain: "NCrontab accepts these, but they probably do not mean what a Unix cron user \
thinks:
- a reversed range is swapped, not wrapped: `Fri-Mon` is Monday to Friday, `22-2` is 2 to 22;
- a step of 0 (or negative) means every value: `*/0` is `*`;
- when both day of month and day of week are restricted, a day must match both: `0 9 1 * Mon` \
runs only on a 1st that is a Monday, where Unix cron runs on every 1st and every Monday.

Example:
    <CronTabExpression CronTab=\"0 22-2 * * *\" />     <- 2:00 to 22:00, not overnight

Fix: write what you mean: `0 22,23,0,1,2 * * *` for overnight, two jobs for \"the 1st or \
Mondays\".",
};
