//! Naive date-times: proleptic Gregorian calendar, whole seconds, no time zone, years
//! 1 to 9999 (the range of .NET's `DateTime`, which bounds NCrontab's occurrences).

use std::fmt;

/// The first year a [`DateTime`] may have.
pub const MIN_YEAR: i32 = 1;
/// The last year a [`DateTime`] may have: nothing occurs after 9999-12-31T23:59:59.
pub const MAX_YEAR: i32 = 9999;

/// A naive date and time at whole seconds. The derived order is chronological (fields
/// compare in declaration order: year, month, day, hour, minute, second).
///
/// The fields are public, so a value may be invalid (month 13, February 30); every
/// function here accepts one without panicking. [`DateTime::new`] and [`DateTime::parse`]
/// only build valid ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl DateTime {
    /// A valid date-time (year 1-9999, a day that exists in its month), or `None`.
    pub fn new(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<DateTime> {
        let t = DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
        };
        t.is_valid().then_some(t)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` exactly (four-digit year, two digits elsewhere, an
    /// uppercase `T`); `None` for anything else or for a date that does not exist.
    pub fn parse(s: &str) -> Option<DateTime> {
        let b = s.as_bytes();
        if b.len() != 19 {
            return None;
        }
        for (i, &c) in b.iter().enumerate() {
            let ok = match i {
                4 | 7 => c == b'-',
                10 => c == b'T',
                13 | 16 => c == b':',
                _ => c.is_ascii_digit(),
            };
            if !ok {
                return None;
            }
        }
        let num = |from: usize, to: usize| {
            b[from..to]
                .iter()
                .fold(0u32, |n, &c| n * 10 + u32::from(c - b'0'))
        };
        let year = i32::try_from(num(0, 4)).ok()?;
        DateTime::new(
            year,
            num(5, 7),
            num(8, 10),
            num(11, 13),
            num(14, 16),
            num(17, 19),
        )
    }

    /// Whether the year is 1-9999, the month 1-12, the day exists in that month, and the
    /// time is 00:00:00-23:59:59.
    pub fn is_valid(&self) -> bool {
        (MIN_YEAR..=MAX_YEAR).contains(&self.year)
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
    }

    /// Day of the week, Sunday = 0 (as in cron). Meaningful for valid dates.
    pub fn weekday(&self) -> u32 {
        weekday(self.year, self.month, self.day)
    }

    /// Seconds since 1970-01-01T00:00:00 (negative before). Meaningful for valid values.
    pub fn timestamp(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// `self - earlier` in seconds.
    pub fn seconds_since(&self, earlier: DateTime) -> i64 {
        self.timestamp() - earlier.timestamp()
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` of `year`; 0 for a month outside 1-12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days from 1970-01-01 to the given date (Howard Hinnant's `days_from_civil`), in i64
/// so that no i32 year and no u32 month or day can overflow.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = i64::from(year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Day of the week of a date, Sunday = 0. 1970-01-01 was a Thursday.
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    // rem_euclid(7) is in 0..7, so the cast cannot truncate.
    (days_from_civil(year, month, day) + 4).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> DateTime {
        DateTime::parse(s).unwrap()
    }

    #[test]
    fn parse_and_display_round_trip() {
        for s in [
            "2000-01-01T00:00:00",
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59",
            "2024-02-29T12:34:56",
        ] {
            assert_eq!(dt(s).to_string(), s);
        }
    }

    #[test]
    fn parse_rejects_malformed_and_impossible_values() {
        for s in [
            "",
            "2000-01-01",
            "2000-01-01 00:00:00",
            "2000-01-01t00:00:00",
            "2000-1-01T00:00:00",
            "2000-01-01T00:00:00Z",
            "0000-01-01T00:00:00",
            "2023-02-29T00:00:00",
            "2000-04-31T00:00:00",
            "2000-13-01T00:00:00",
            "2000-00-01T00:00:00",
            "2000-01-00T00:00:00",
            "2000-01-01T24:00:00",
            "2000-01-01T00:60:00",
            "2000-01-01T00:00:60",
            "+200-01-01T00:00:00",
            "２000-01-01T00:00:0",
        ] {
            assert_eq!(DateTime::parse(s), None, "{s:?}");
        }
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2100));
        assert!(!is_leap_year(2023));
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2000, 13), 0);
    }

    #[test]
    fn weekdays() {
        assert_eq!(dt("1970-01-01T00:00:00").weekday(), 4); // Thursday
        assert_eq!(dt("2000-01-01T00:00:00").weekday(), 6); // Saturday
        assert_eq!(dt("2003-01-06T00:00:00").weekday(), 1); // Monday
        assert_eq!(dt("0001-01-01T00:00:00").weekday(), 1); // Monday (proleptic)
        assert_eq!(dt("9988-02-29T00:00:00").weekday(), 1); // Monday
        assert_eq!(dt("9999-12-31T00:00:00").weekday(), 5); // Friday
    }

    #[test]
    fn order_is_chronological_and_differences_are_in_seconds() {
        let a = dt("2000-01-01T00:00:00");
        let b = dt("2000-03-01T00:00:00");
        assert!(a < b);
        assert_eq!(b.seconds_since(a), (31 + 29) * 86_400);
        assert_eq!(a.timestamp(), 946_684_800);
        assert_eq!(
            dt("9999-12-31T23:59:59").seconds_since(dt("0001-01-01T00:00:00")),
            315_537_897_599
        );
    }

    #[test]
    fn invalid_values_do_not_panic() {
        let odd = DateTime {
            year: i32::MIN,
            month: u32::MAX,
            day: u32::MAX,
            hour: u32::MAX,
            minute: u32::MAX,
            second: u32::MAX,
        };
        assert!(!odd.is_valid());
        let _ = odd.weekday();
        let _ = odd.timestamp();
        let _ = odd.to_string();
        assert_eq!(DateTime::new(2023, 2, 29, 0, 0, 0), None);
    }
}
