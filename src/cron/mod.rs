//! The NCrontab dialect of `CronTabExpression` (`shared/spec/cron.md`).
//!
//! The product schedules jobs with the .NET library NCrontab; [`parse`] judges an
//! expression exactly as NCrontab's parser does (`CrontabSchedule.TryParse`,
//! `CrontabFieldImpl.InternalParse`, `CrontabField.Accumulate`), except where the spec
//! decides otherwise, and points at the offending part of the offending field.
//!
//! ```
//! use scaffc::cron::{self, DateTime, Field, Fields, WarningKind};
//!
//! let s = cron::parse("*/15 * * * *", Fields::Five).unwrap();
//! let t = DateTime::parse("2025-01-01T10:07:00").unwrap();
//! assert_eq!(s.next_after(t).unwrap().to_string(), "2025-01-01T10:15:00");
//! assert_eq!(s.first_interval_seconds(), Some(900));
//!
//! let e = cron::parse("0 60 * * *", Fields::Five).unwrap_err();
//! assert_eq!(e.field, Some(Field::Hour));
//! assert_eq!(e.message, "60 is out of range for the hour field (0-23)");
//! assert_eq!(&"0 60 * * *"[e.range], "60");
//!
//! let s = cron::parse("0 22-2 * * *", Fields::Five).unwrap(); // swapped: 2 to 22
//! assert_eq!(s.warnings()[0].kind, WarningKind::ReversedRange);
//! ```
//!
//! # The dialect, as built
//!
//! - Fields are separated by ASCII spaces only (any number, leading and trailing ones
//!   included). A tab or a line break is part of the field it sits in.
//! - An item is `*`, `*/n`, `a`, `a-b`, `a-b/n` or `a/n` (`a` to the field's maximum).
//!   The item is cut at its first `/`, then its part before the `/` at its first `-`, as
//!   NCrontab does; a `/` or `-` at the very start of an item is an error. `a/1` is `a` to
//!   the maximum, as since NCrontab 3.2 (its issue #16: before, `14/1` meant 14 only).
//! - A value starting with an ASCII digit is read as .NET's `int.Parse` reads it:
//!   digits (leading zeros allowed), then optional trailing white space
//!   (`\t \n \v \f \r` and space) and trailing NUL characters. So `5\t` is 5, as in the
//!   product, while `0\t0` is an error. Any other value must be a case-insensitive prefix
//!   of an English month or day name, the first one in calendar order winning (`Ju` is
//!   June, `T` Tuesday); the comparison is ASCII-only, where .NET compares with the
//!   invariant culture (it may ignore some invisible Unicode characters; we reject them).
//! - A step is read by `int.Parse` too: optional leading white space, an optional `+`
//!   or `-`, digits, optional trailing white space and NULs. A step of 0 or less means 1
//!   (warned).
//! - Values and steps beyond a 32-bit integer are errors (NCrontab throws an
//!   `OverflowException`), as are values outside the field's range, 7 as a day of week
//!   included.
//!
//! The first error found wins, fields left to right, items left to right; within an item,
//! the start value, then the end value, then the step (NCrontab reads the step first; the
//! verdict is the same, only which part is underlined could differ).

mod datetime;
mod parse;
mod schedule;

use std::fmt;
use std::ops::Range;

pub use datetime::{days_in_month, is_leap_year, weekday, DateTime, MAX_YEAR, MIN_YEAR};
pub use schedule::{Occurrences, Schedule, REFERENCE_INSTANT};

/// One field of a cron expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Second,
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl Field {
    /// Every field, in the order of a six-field expression.
    pub const ALL: [Field; 6] = [
        Field::Second,
        Field::Minute,
        Field::Hour,
        Field::DayOfMonth,
        Field::Month,
        Field::DayOfWeek,
    ];

    /// The name used in messages: `second`, `minute`, `hour`, `day of month`, `month`,
    /// `day of week`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Second => "second",
            Field::Minute => "minute",
            Field::Hour => "hour",
            Field::DayOfMonth => "day of month",
            Field::Month => "month",
            Field::DayOfWeek => "day of week",
        }
    }

    /// The allowed values, inclusive: `(0, 59)`, `(0, 59)`, `(0, 23)`, `(1, 31)`,
    /// `(1, 12)`, `(0, 6)` (Sunday = 0; 7 is not accepted).
    pub fn range(self) -> (u32, u32) {
        match self {
            Field::Second | Field::Minute => (0, 59),
            Field::Hour => (0, 23),
            Field::DayOfMonth => (1, 31),
            Field::Month => (1, 12),
            Field::DayOfWeek => (0, 6),
        }
    }

    /// The English names a value of this field may abbreviate, in value order (the first
    /// is the field's minimum); empty for numeric fields.
    pub fn value_names(self) -> &'static [&'static str] {
        match self {
            Field::Month => &[
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            Field::DayOfWeek => &[
                "Sunday",
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
            ],
            _ => &[],
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How many fields the caller accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fields {
    /// `minute hour day-of-month month day-of-week` only (`scaffc cron`).
    Five,
    /// A leading `second` field is required (`scaffc cron --seconds`, NCrontab's
    /// `IncludingSeconds` option).
    Six,
    /// Five, or six with a [`WarningKind::SecondsField`] warning (configuration).
    FiveOrSix,
}

/// Why an expression is not valid: the rule `invalid-cron`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CronError {
    /// The field at fault; `None` when the number of fields is wrong.
    pub field: Option<Field>,
    /// Byte range inside the expression: the bad value, step or list item when possible,
    /// else the whole field; the whole expression for a wrong field count.
    pub range: Range<usize>,
    /// Names the field and its allowed range, e.g. `60 is out of range for the minute
    /// field (0-59)`.
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CronError {}

/// What a [`CronWarning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WarningKind {
    /// `a-b` with `a > b`: NCrontab swaps the bounds, it does not wrap around.
    ReversedRange,
    /// A step of 0 or less, which NCrontab reads as 1.
    NonPositiveStep,
    /// Day of month and day of week both restricted: NCrontab wants both to match.
    BothDayFieldsRestricted,
    /// A valid expression with no occurrence at all (`0 0 31 Feb *`).
    NeverFires,
    /// Six fields (a leading seconds field) where five or six are accepted.
    SecondsField,
}

/// Something NCrontab accepts that probably does not mean what the author thinks.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CronWarning {
    pub kind: WarningKind,
    /// Byte range inside the expression.
    pub range: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for CronWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses a cron expression as NCrontab does, accepting the number of fields `fields`
/// allows. Never panics, whatever the input.
pub fn parse(expr: &str, fields: Fields) -> Result<Schedule, CronError> {
    parse::parse_expression(expr, fields)
}
