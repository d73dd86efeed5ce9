//! A parsed expression and its occurrences.
//!
//! The next occurrence walks the allowed values field by field (year, month, allowed day,
//! then the first allowed time of that day), never second by second. An expression that
//! never fires is known from its fields alone ([`Schedule::never_fires`]), so it costs
//! nothing; the rarest firing expressions (`0 0 29 Feb Mon`, every 28 years or so) cost
//! one step per year.

use std::iter::FusedIterator;
use std::ops::Range;

use super::datetime::{days_in_month, weekday, DateTime, MAX_YEAR, MIN_YEAR};
use super::{CronWarning, Field};

/// The instant [`Schedule::first_interval_seconds`] measures from: 2000-01-01T00:00:00,
/// a Saturday at midnight. Fixed so that a verdict never depends on the clock; a Saturday
/// so that a weekday schedule (`0 9 * * Mon-Fri`) is measured between two consecutive
/// weekdays (Monday to Tuesday), not across a weekend; midnight on the first day of a
/// year and a month so that no field starts part-way.
pub const REFERENCE_INSTANT: DateTime = DateTime {
    year: 2000,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
};

/// The allowed values of each field, one bit per value (bit `v` set: `v` allowed),
/// indexed by [`Field`] in declaration order. No field is ever empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Masks {
    pub bits: [u64; 6],
}

impl Masks {
    fn get(&self, field: Field) -> u64 {
        self.bits[field.index()]
    }

    pub fn contains(&self, field: Field, value: u32) -> bool {
        value < 64 && self.get(field) >> value & 1 == 1
    }

    /// The smallest allowed value `>= from`.
    fn next(&self, field: Field, from: u32) -> Option<u32> {
        if from >= 64 {
            return None;
        }
        let rest = self.get(field) & (u64::MAX << from);
        (rest != 0).then(|| rest.trailing_zeros())
    }

    fn first(&self, field: Field) -> u32 {
        self.get(field).trailing_zeros()
    }

    pub fn is_full(&self, field: Field) -> bool {
        let (min, max) = field.range();
        (min..=max).all(|v| self.contains(field, v))
    }

    /// No allowed (month, day) pair exists, February counting 29 days. The day of week
    /// never matters: over the 400-year Gregorian cycle every date, February 29 included,
    /// falls on every weekday (and within about 40 years of any start), so any allowed
    /// pair meets every allowed weekday long before the year 9999.
    pub fn never_fires(&self) -> bool {
        !(1..=12).any(|month| {
            let longest = days_in_month(2000, month); // 2000: a leap year
            self.contains(Field::Month, month)
                && (1..=longest).any(|day| self.contains(Field::DayOfMonth, day))
        })
    }

    /// Whether `t` (taken as is) matches every field.
    fn matches(&self, t: DateTime) -> bool {
        t.is_valid()
            && self.contains(Field::Second, t.second)
            && self.contains(Field::Minute, t.minute)
            && self.contains(Field::Hour, t.hour)
            && self.contains(Field::DayOfMonth, t.day)
            && self.contains(Field::Month, t.month)
            && self.contains(Field::DayOfWeek, t.weekday())
    }

    /// The first allowed time of day, as (hour, minute, second).
    fn first_time(&self) -> (u32, u32, u32) {
        (
            self.first(Field::Hour),
            self.first(Field::Minute),
            self.first(Field::Second),
        )
    }

    /// The first allowed time of day strictly after `h:m:s` (which may be out of range).
    fn time_after(&self, h: u32, m: u32, s: u32) -> Option<(u32, u32, u32)> {
        let second = self.first(Field::Second);
        if self.contains(Field::Hour, h) {
            if self.contains(Field::Minute, m) {
                if let Some(s) = self.next(Field::Second, s.saturating_add(1)) {
                    return Some((h, m, s));
                }
            }
            if let Some(m) = self.next(Field::Minute, m.saturating_add(1)) {
                return Some((h, m, second));
            }
        }
        self.next(Field::Hour, h.saturating_add(1))
            .map(|h| (h, self.first(Field::Minute), second))
    }

    /// The first occurrence strictly after `t`. `t` need not be a valid date-time: the
    /// search compares (year, month, day, hour, minute, second) lexicographically.
    pub fn next_after(&self, t: DateTime) -> Option<DateTime> {
        if self.never_fires() || t.year > MAX_YEAR {
            return None;
        }
        for year in t.year.max(MIN_YEAR)..=MAX_YEAR {
            let same_year = year == t.year;
            let mut month = if same_year { t.month } else { 1 };
            while let Some(m) = self.next(Field::Month, month) {
                let same_month = same_year && m == t.month;
                let last_day = days_in_month(year, m);
                let mut day = if same_month { t.day } else { 1 };
                while let Some(d) = self.next(Field::DayOfMonth, day) {
                    if d > last_day {
                        break;
                    }
                    if self.contains(Field::DayOfWeek, weekday(year, m, d)) {
                        let time = if same_month && d == t.day {
                            self.time_after(t.hour, t.minute, t.second)
                        } else {
                            Some(self.first_time())
                        };
                        if let Some((hour, minute, second)) = time {
                            return Some(DateTime {
                                year,
                                month: m,
                                day: d,
                                hour,
                                minute,
                                second,
                            });
                        }
                    }
                    day = d + 1;
                }
                month = m + 1;
            }
        }
        None
    }
}

/// A parsed expression: the allowed values of each field, whether it had a second field,
/// where each field sits in the expression, and the warnings found while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    masks: Masks,
    has_seconds: bool,
    spans: [Option<Range<usize>>; 6],
    warnings: Vec<CronWarning>,
}

impl Schedule {
    pub(super) fn new(
        masks: Masks,
        has_seconds: bool,
        spans: [Option<Range<usize>>; 6],
        warnings: Vec<CronWarning>,
    ) -> Schedule {
        Schedule {
            masks,
            has_seconds,
            spans,
            warnings,
        }
    }

    /// Whether the expression had six fields (a leading second field). Without one, every
    /// occurrence is at second 0.
    pub fn has_seconds(&self) -> bool {
        self.has_seconds
    }

    /// `cron-suspicious` ([`ReversedRange`], [`NonPositiveStep`],
    /// [`BothDayFieldsRestricted`]), `cron-never-fires` ([`NeverFires`]) and
    /// `cron-seconds-field` ([`SecondsField`], six fields under
    /// [`Fields::FiveOrSix`](super::Fields::FiveOrSix)), in the order of their ranges.
    ///
    /// [`ReversedRange`]: super::WarningKind::ReversedRange
    /// [`NonPositiveStep`]: super::WarningKind::NonPositiveStep
    /// [`BothDayFieldsRestricted`]: super::WarningKind::BothDayFieldsRestricted
    /// [`NeverFires`]: super::WarningKind::NeverFires
    /// [`SecondsField`]: super::WarningKind::SecondsField
    pub fn warnings(&self) -> Vec<CronWarning> {
        self.warnings.clone()
    }

    /// The byte range of `field` in the expression; `None` for the second field of a
    /// five-field expression.
    pub fn field_range(&self, field: Field) -> Option<Range<usize>> {
        self.spans[field.index()].clone()
    }

    /// Whether `value` is allowed in `field` (the second field of a five-field expression
    /// allows 0 only).
    pub fn contains(&self, field: Field, value: u32) -> bool {
        self.masks.contains(field, value)
    }

    /// The allowed values of `field`, ascending.
    pub fn values(&self, field: Field) -> Vec<u32> {
        let (min, max) = field.range();
        (min..=max).filter(|&v| self.contains(field, v)).collect()
    }

    /// No date-time ever matches (`0 0 31 Feb *`); see also [`NeverFires`].
    ///
    /// [`NeverFires`]: super::WarningKind::NeverFires
    pub fn never_fires(&self) -> bool {
        self.masks.never_fires()
    }

    /// Whether `t` is an occurrence (a valid date-time matching every field).
    pub fn matches(&self, t: DateTime) -> bool {
        self.masks.matches(t)
    }

    /// The first occurrence strictly after `t` (as NCrontab's `GetNextOccurrence`); `None`
    /// if there is none up to 9999-12-31T23:59:59 (or at all).
    pub fn next_after(&self, t: DateTime) -> Option<DateTime> {
        self.masks.next_after(t)
    }

    /// Every occurrence strictly after `from`, in order, up to the year 9999.
    pub fn occurrences(&self, from: DateTime) -> Occurrences {
        Occurrences {
            masks: self.masks,
            last: Some(from),
        }
    }

    /// The interval in seconds between the first two occurrences after
    /// [`REFERENCE_INSTANT`] (2000-01-01T00:00:00, a Saturday), never the current clock;
    /// `None` if the expression fires fewer than twice after it. Used by the
    /// `frequent-complete-job` rule ("more than once an hour": below 3600).
    pub fn first_interval_seconds(&self) -> Option<i64> {
        let first = self.next_after(REFERENCE_INSTANT)?;
        let second = self.next_after(first)?;
        Some(second.seconds_since(first))
    }

    /// The expression with every field expanded into numbers, as NCrontab's
    /// `CrontabSchedule.ToString` writes it: runs of consecutive values as `a-b`, a field
    /// allowing every value as `*`, the second field only if there was one
    /// (`* 1-2,3 * * *` gives `* 1-3 * * *`).
    pub fn expanded(&self) -> String {
        let fields = if self.has_seconds {
            &Field::ALL[..]
        } else {
            &Field::ALL[1..]
        };
        let parts: Vec<String> = fields.iter().map(|&f| self.expand_field(f)).collect();
        parts.join(" ")
    }

    fn expand_field(&self, field: Field) -> String {
        if self.masks.is_full(field) {
            return "*".to_string();
        }
        let values = self.values(field);
        let mut runs: Vec<String> = Vec::new();
        let mut i = 0;
        while i < values.len() {
            let mut j = i;
            while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
                j += 1;
            }
            runs.push(if i == j {
                values[i].to_string()
            } else {
                format!("{}-{}", values[i], values[j])
            });
            i = j + 1;
        }
        runs.join(",")
    }
}

/// The occurrences of a [`Schedule`] after an instant ([`Schedule::occurrences`]).
#[derive(Debug, Clone)]
pub struct Occurrences {
    masks: Masks,
    /// The previous occurrence (or the start); `None` once exhausted.
    last: Option<DateTime>,
}

impl Iterator for Occurrences {
    type Item = DateTime;

    fn next(&mut self) -> Option<DateTime> {
        let next = self.masks.next_after(self.last?);
        self.last = next;
        next
    }
}

impl FusedIterator for Occurrences {}

#[cfg(test)]
mod tests {
    use super::super::{parse, Fields};
    use super::*;

    fn dt(s: &str) -> DateTime {
        DateTime::parse(s).unwrap()
    }

    fn next(expr: &str, from: &str) -> Option<String> {
        let fields = if expr.split(' ').filter(|f| !f.is_empty()).count() == 6 {
            Fields::Six
        } else {
            Fields::Five
        };
        parse(expr, fields)
            .unwrap()
            .next_after(dt(from))
            .map(|t| t.to_string())
    }

    /// The next occurrence by the definition, for cross-checking: every second of every
    /// day whose date matches, up to `limit_days` days.
    fn brute_next(s: &Schedule, from: DateTime, limit_days: u32) -> Option<DateTime> {
        let mut day = DateTime {
            hour: 0,
            minute: 0,
            second: 0,
            ..from
        };
        for _ in 0..limit_days {
            let date_matches = s.contains(Field::DayOfMonth, day.day)
                && s.contains(Field::Month, day.month)
                && s.contains(Field::DayOfWeek, day.weekday());
            if date_matches {
                for second in 0..86_400 {
                    let t = DateTime {
                        hour: second / 3600,
                        minute: second / 60 % 60,
                        second: second % 60,
                        ..day
                    };
                    if t > from && s.matches(t) {
                        return Some(t);
                    }
                }
            }
            day.day += 1;
            if day.day > days_in_month(day.year, day.month) {
                day.day = 1;
                day.month += 1;
            }
            if day.month == 13 {
                day.month = 1;
                day.year += 1;
            }
        }
        None
    }

    #[test]
    fn agrees_with_second_by_second_search() {
        let exprs = [
            "* * * * * *",
            "*/7 * * * * *",
            "59 59 23 * * *",
            "0,30 */13 3-5 * * *",
            "15 10 * * * Mon",
            "0 0 0 29 * *",
            "0 0 0 31 * Sun",
            "* 0 0 1 * Wed",
            "5 4 22-2 * * *",
        ];
        let starts = [
            "2000-01-01T00:00:00",
            "2003-12-31T23:59:58",
            "2004-02-28T22:59:59",
            "2023-01-31T23:59:59",
            "1999-12-31T23:59:59",
        ];
        for expr in exprs {
            let s = parse(expr, Fields::Six).unwrap();
            for start in starts {
                let mut t = dt(start);
                for _ in 0..5 {
                    let fast = s.next_after(t);
                    let slow = brute_next(&s, t, 400);
                    match (fast, slow) {
                        // Beyond the brute-force horizon.
                        (Some(f), None) => assert!(f.seconds_since(t) > 399 * 86_400, "{expr}"),
                        _ => assert_eq!(fast, slow, "`{expr}` after {t}"),
                    }
                    match fast {
                        Some(n) => t = n,
                        None => break,
                    }
                }
            }
        }
    }

    #[test]
    fn strictly_after() {
        assert_eq!(
            next("*/15 * * * *", "2025-01-01T10:15:00").as_deref(),
            Some("2025-01-01T10:30:00")
        );
        // Inside the second of an occurrence: five fields fire at second 0 only.
        assert_eq!(
            next("15 * * * *", "2025-01-01T10:15:30").as_deref(),
            Some("2025-01-01T11:15:00")
        );
    }

    #[test]
    fn invalid_starts_do_not_panic_and_compare_lexicographically() {
        let s = parse("* * * * * *", Fields::Six).unwrap();
        let odd = DateTime {
            year: 2000,
            month: 2,
            day: 30,
            hour: 0,
            minute: 0,
            second: 0,
        };
        assert_eq!(s.next_after(odd), Some(dt("2000-03-01T00:00:00")));
        let huge = DateTime {
            year: 2000,
            month: u32::MAX,
            day: u32::MAX,
            hour: u32::MAX,
            minute: u32::MAX,
            second: u32::MAX,
        };
        assert_eq!(s.next_after(huge), Some(dt("2001-01-01T00:00:00")));
        let ancient = DateTime {
            year: i32::MIN,
            ..odd
        };
        assert_eq!(s.next_after(ancient), Some(dt("0001-01-01T00:00:00")));
        let future = DateTime {
            year: i32::MAX,
            ..odd
        };
        assert_eq!(s.next_after(future), None);
    }

    #[test]
    fn never_fires_costs_nothing() {
        for expr in [
            "0 0 31 Feb *",
            "0 0 30 2 *",
            "0 0 31 4,6,9,11 *",
            "* * 30-31 Feb Mon",
        ] {
            let s = parse(expr, Fields::Five).unwrap();
            assert!(s.never_fires(), "{expr}");
            assert_eq!(s.next_after(dt("0001-01-01T00:00:00")), None);
            assert_eq!(s.first_interval_seconds(), None);
        }
        for expr in ["0 0 29 2 *", "0 0 31 * *", "0 0 29-31 Feb,Apr *"] {
            assert!(!parse(expr, Fields::Five).unwrap().never_fires(), "{expr}");
        }
    }

    #[test]
    fn rare_schedules_stop_at_9999() {
        let s = parse("0 0 29 Feb Mon", Fields::Five).unwrap();
        let all: Vec<DateTime> = s.occurrences(dt("9900-01-01T00:00:00")).collect();
        assert_eq!(
            all.last().map(|t| t.to_string()).as_deref(),
            Some("9988-02-29T00:00:00")
        );
        assert!(all
            .iter()
            .all(|t| t.month == 2 && t.day == 29 && t.weekday() == 1));
        // From year 1 to 9999 without a second-by-second loop.
        assert!(s.occurrences(dt("0001-01-01T00:00:00")).count() > 300);
    }

    #[test]
    fn expanded_like_ncrontab_to_string() {
        // NCrontab's CrontabScheduleTests.Formatting.
        for (expected, expr, fields) in [
            ("* 1-3 * * *", "* 1-2,3 * * *", Fields::Five),
            ("* * * 1,3,5,7,9,11 *", "* * * */2 *", Fields::Five),
            ("10,25,40 * * * *", "10-40/15 * * * *", Fields::Five),
            (
                "* * * 1,3,8 1-2,5",
                "* * * Mar,Jan,Aug Fri,Mon-Tue",
                Fields::Five,
            ),
            ("1 * 1-3 * * *", "1 * 1-2,3 * * *", Fields::Six),
            ("22 * * * 1,3,5,7,9,11 *", "22 * * * */2 *", Fields::Six),
            ("33 10,25,40 * * * *", "33 10-40/15 * * * *", Fields::Six),
            (
                "55 * * * 1,3,8 1-2,5",
                "55 * * * Mar,Jan,Aug Fri,Mon-Tue",
                Fields::Six,
            ),
            ("* * * * *", "* * * * *", Fields::Five),
            ("* * * * * *", "* * * * * *", Fields::Six),
        ] {
            assert_eq!(parse(expr, fields).unwrap().expanded(), expected, "{expr}");
        }
    }

    #[test]
    fn reference_instant_is_a_saturday() {
        assert_eq!(REFERENCE_INSTANT.weekday(), 6);
        let weekdays = parse("0 9 * * Mon-Fri", Fields::Five).unwrap();
        assert_eq!(weekdays.first_interval_seconds(), Some(86_400));
    }
}
