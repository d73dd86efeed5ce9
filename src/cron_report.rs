//! `scaffc cron EXPR`: one expression checked on the same code as the configuration's
//! schedules, and its next occurrences.

use crate::cron::{self, DateTime, Fields, Schedule};
use crate::diagnostic::{Diagnostic, Label};
use crate::load::Sources;
use crate::rules::RuleId;

/// The verdict on one expression.
#[derive(Debug)]
pub struct CronReport {
    /// One virtual file, `<expression>`, holding the expression: the diagnostics' ranges
    /// are in it.
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// The parsed expression (`None` when it is invalid).
    pub schedule: Option<Schedule>,
}

impl CronReport {
    /// The occurrences strictly after `from`, in order, computed one at a time (so that
    /// `--next 1000000000` streams instead of collecting); none when the expression is
    /// invalid.
    pub fn occurrences(&self, from: DateTime) -> impl Iterator<Item = DateTime> + '_ {
        self.schedule
            .as_ref()
            .into_iter()
            .flat_map(move |s| s.occurrences(from))
    }
}

/// Checks `expr` (five fields, or six with `seconds`).
pub fn cron_report(expr: &str, seconds: bool) -> CronReport {
    let sources = Sources::new([("<expression>", expr)]);
    // Without `--seconds`, six fields are read as `check` reads them in a configuration:
    // with a `cron-seconds-field` warning.
    let fields = if seconds {
        Fields::Six
    } else {
        Fields::FiveOrSix
    };
    let mut diagnostics = Vec::new();
    let mut parsed = None;
    match cron::parse(expr, fields) {
        Err(e) => {
            let mut d = Diagnostic::new(RuleId::InvalidCron, Label::new(0, e.range), e.message);
            d.help = e.help;
            diagnostics.push(d);
        }
        Ok(schedule) => {
            for w in schedule.warnings() {
                let mut d = Diagnostic::new(
                    crate::rules::cron_values::warning_rule(w.kind),
                    Label::new(0, w.range),
                    w.message,
                );
                d.help = w.help;
                diagnostics.push(d);
            }
            parsed = Some(schedule);
        }
    }
    CronReport {
        sources,
        diagnostics,
        schedule: parsed,
    }
}

impl DateTime {
    /// The UTC date-time of a Unix timestamp (seconds since 1970-01-01T00:00:00), clamped to
    /// years 1-9999.
    pub fn from_unix_timestamp(secs: i64) -> DateTime {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        let t = DateTime {
            year: year.clamp(1, 9999) as i32,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: (rem % 3600 / 60) as u32,
            second: (rem % 60) as u32,
        };
        if year < 1 {
            DateTime {
                year: 1,
                month: 1,
                day: 1,
                hour: 0,
                minute: 0,
                second: 0,
            }
        } else if year > 9999 {
            DateTime {
                year: 9999,
                month: 12,
                day: 31,
                hour: 23,
                minute: 59,
                second: 59,
            }
        } else {
            t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_timestamps() {
        assert_eq!(
            DateTime::from_unix_timestamp(0).to_string(),
            "1970-01-01T00:00:00"
        );
        assert_eq!(
            DateTime::from_unix_timestamp(951_782_400).to_string(),
            "2000-02-29T00:00:00"
        );
        assert_eq!(
            DateTime::from_unix_timestamp(1_798_761_599).to_string(),
            "2026-12-31T23:59:59"
        );
        assert_eq!(
            DateTime::from_unix_timestamp(-1).to_string(),
            "1969-12-31T23:59:59"
        );
        let t = DateTime::parse("2026-11-30T03:33:00").unwrap();
        assert_eq!(
            DateTime::from_unix_timestamp(
                t.timestamp() - DateTime::parse("1970-01-01T00:00:00").unwrap().timestamp()
            ),
            t
        );
    }

    #[test]
    fn report() {
        let from = DateTime::parse("2026-01-31T23:50:00").unwrap();
        let r = cron_report("*/15 * * * *", false);
        assert!(r.diagnostics.is_empty());
        let s: Vec<String> = r.occurrences(from).take(3).map(|t| t.to_string()).collect();
        assert_eq!(
            s,
            [
                "2026-02-01T00:00:00",
                "2026-02-01T00:15:00",
                "2026-02-01T00:30:00"
            ]
        );
        let r = cron_report("*/15 * * * 7", false);
        assert_eq!(r.diagnostics[0].code, "invalid-cron");
        assert_eq!(
            r.sources
                .file(0)
                .slice(r.diagnostics[0].primary.range.clone()),
            "7"
        );
        assert_eq!(r.occurrences(from).count(), 0);
    }
}
