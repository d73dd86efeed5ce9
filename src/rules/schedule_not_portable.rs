//! `schedule-not-portable`: raised by `scaffc schedule --external` (`crate::schedule`), not by
//! `check`: a schedule that the external scheduler cannot express exactly.

use super::Rule;
use crate::diagnostic::Severity;

/// The rule of the refusals of `schedule --external` (for `scaffc explain`).
pub const RULE: Rule = Rule {
    code: super::RuleId::ScheduleNotPortable,
    severity: Severity::Error,
    summary: "a job's schedule that the external scheduler cannot express exactly",
    explain: "`scaffc schedule --external crontab|windows` writes, for every scheduled job, an \
entry of an external scheduler that runs Usercube-Invoke-Job at the times NCrontab would run \
the job. When the external scheduler cannot express the same times exactly, the job is refused, \
rather than translated into something that runs at other times; the other jobs' entries are \
still written, and the command exits with 1.

cron refuses:
- a six-field expression: cron has no seconds field;
- day of month and day of week both restricted: NCrontab runs the job on the days that match \
both, cron on the days that match either.
Names (`Mon-Fri`), reversed ranges (`Fri-Mon`) and steps of 0 are translated into the numbers \
NCrontab reads, which mean the same to cron.

Windows Task Scheduler (the daily, weekly and repeating triggers of New-ScheduledTaskTrigger) \
refuses:
- a six-field expression;
- a restricted month or day of month (no monthly trigger);
- more than 48 times a day (the triggers a task may have), unless they repeat at a fixed \
interval all day long, every day (and, in ServerTime, the interval divides an hour, so that \
daylight saving time does not shift it).

Example:
    <CronTabExpression CronTab=\"0 3 1-7 * Sun\" />     <- the first Sunday of the month

Fix: keep that job on the product's scheduler, or write its entry by hand (for cron: run it on \
days 1-7 and test the weekday in the command).",
};
