//! The cron dialect (`shared/spec/cron.md`) as a table: verdicts, underlined text,
//! warnings and next occurrences. Cases marked NCrontab come from NCrontab's own suite
//! (`NCrontab.Tests/CrontabScheduleTests.cs`); the others follow its parser
//! (`CrontabFieldImpl.cs`, `CrontabField.cs`, `CrontabSchedule.cs`) and the spec.

use scaffc::cron::{self, DateTime, Field, Fields, WarningKind};

use Field::*;
use WarningKind::*;

const F5: Fields = Fields::Five;
const F6: Fields = Fields::Six;
const ANY: Fields = Fields::FiveOrSix;

/// What the parser must say.
enum V {
    /// Valid, with exactly these warnings (in order).
    Ok(&'static [WarningKind]),
    /// Invalid: the field at fault (`None`: the field count) and the underlined text.
    Err(Option<Field>, &'static str),
}
use V::{Err as E, Ok as W};

#[rustfmt::skip]
const TABLE: &[(&str, Fields, V)] = &[
    // The basics.
    ("* * * * *", F5, W(&[])),
    ("*/15 * * * *", F5, W(&[])),
    ("0 2 * * *", F5, W(&[])),
    ("0 0 1 1 *", F5, W(&[])),
    ("59 23 31 12 *", F5, W(&[])),
    ("0 0 * * 6", F5, W(&[])),
    ("0 0 * * 0-6", F5, W(&[])),
    ("0 0 1-31 * Mon", F5, W(&[])), // every day of the month: not a restriction
    ("*/20,5-6 * * * *", F5, W(&[])),
    ("00 007 01 01 *", F5, W(&[])), // leading zeros
    // Spaces: any number, leading and trailing (NCrontab FiniteOccurrences).
    (" *  * * * *  ", F5, W(&[])),
    ("   30   3   *   *   *", F5, W(&[])),
    // Steps and ranges (NCrontab Formatting and Evaluations).
    ("10-40/15 * * * *", F5, W(&[])),
    ("2/5 * * * *", F5, W(&[])),
    ("* 3/4 * * *", F5, W(&[])),
    ("40 14/1 * * *", F5, W(&[])),
    ("59/5 * * * *", F5, W(&[])),
    ("* 1-2,3 * * *", F5, W(&[])),
    ("5-5/3 * * * *", F5, W(&[])),
    ("*/1 * * * *", F5, W(&[])),
    ("*/+5 * * * *", F5, W(&[])), // int.Parse takes a sign
    ("*/1000 * * * *", F5, W(&[])), // minute 0 only
    // Names and prefixes (the first in calendar order wins).
    ("* * * Mar,Jan,Aug Fri,Mon-Tue", F5, W(&[])),
    ("20 * * january,FeB,Mar,april,May,JuNE,July,Augu,SEPT-October,Nov,DECEM *", F5, W(&[])),
    ("0 0 * Ju *", F5, W(&[])),
    ("0 0 * M *", F5, W(&[])),
    ("0 0 * jan-MAR *", F5, W(&[])),
    ("0 0 * Jan-Dec/3 *", F5, W(&[])),
    ("0 0 * * T", F5, W(&[])),
    ("0 0 * * W", F5, W(&[])), // Wednesday, not Quartz's nearest weekday
    ("30 6 * * sunday", F5, W(&[])),
    ("30 6 * * SUNDAY", F5, W(&[])),
    // Reversed ranges are swapped (warned).
    ("0 0 * * Fri-Mon", F5, W(&[ReversedRange])),
    ("0 22-2 * * *", F5, W(&[ReversedRange])),
    ("0 0 * Dec-Feb *", F5, W(&[ReversedRange])),
    ("0 22-2/5 * * *", F5, W(&[ReversedRange])),
    // Steps of 0 or less mean 1 (warned).
    ("*/0 * * * *", F5, W(&[NonPositiveStep])),
    ("0-59/0 * * * *", F5, W(&[NonPositiveStep])),
    ("*/-5 * * * *", F5, W(&[NonPositiveStep])),
    ("5/0 * * * *", F5, W(&[NonPositiveStep])),
    ("*/-2147483648 * * * *", F5, W(&[NonPositiveStep])),
    ("0 0 1-31/0 * *", F5, W(&[NonPositiveStep])),
    ("*/0 22-2 * * *", F5, W(&[NonPositiveStep, ReversedRange])),
    // Both day fields restricted: they combine with AND.
    ("0 9 1 * Mon", F5, W(&[BothDayFieldsRestricted])),
    ("45 16 1 * Mon", F5, W(&[BothDayFieldsRestricted])),
    ("0 0 1 1 0", F5, W(&[BothDayFieldsRestricted])),
    // Never fires: valid, warned.
    ("0 0 31 Feb *", F5, W(&[NeverFires])),
    ("* * 31 Feb *", F5, W(&[NeverFires])),
    ("0 0 30 2 *", F5, W(&[NeverFires])),
    ("0 0 31 4,6,9,11 *", F5, W(&[NeverFires])),
    ("0 0 30-31 Feb Mon", F5, W(&[BothDayFieldsRestricted, NeverFires])),
    ("0 0 29 2 *", F5, W(&[])),
    ("0 0 29 Feb Mon", F5, W(&[BothDayFieldsRestricted])),
    // Six fields under each mode.
    ("* * * * * *", F6, W(&[])),
    ("* * * * * *", ANY, W(&[SecondsField])),
    ("* * * * * *", F5, E(None, "* * * * * *")),
    ("* * * * *", F6, E(None, "* * * * *")),
    ("* * * * *", ANY, W(&[])),
    ("45-47,48,49 * * * * *", F6, W(&[])),
    ("* * * 31 Feb *", F6, W(&[NeverFires])),
    ("0 0 1 1 * 2025", ANY, E(Some(DayOfWeek), "2025")), // a year read as six fields
    ("0 0 1 1 * 2025", F5, E(None, "0 0 1 1 * 2025")),
    // Field counts.
    ("", F5, E(None, "")),
    ("   ", F5, E(None, "   ")),
    ("", ANY, E(None, "")),
    ("* * * *", F5, E(None, "* * * *")),
    ("* * * *", ANY, E(None, "* * * *")),
    ("* * * * * * *", F5, E(None, "* * * * * * *")),
    ("* * * * * * *", F6, E(None, "* * * * * * *")),
    ("* * * * * * *", ANY, E(None, "* * * * * * *")),
    ("@daily", F5, E(None, "@daily")),
    ("@daily", ANY, E(None, "@daily")),
    // Tabs and line breaks are not separators.
    ("0\t0 * * * *", F5, E(Some(Minute), "0\t0")),
    ("0 0\t* * *", F5, E(None, "0 0\t* * *")),
    ("*\t* * * * *", F5, E(Some(Minute), "*\t*")),
    ("0 0 * * *\n", F5, E(Some(DayOfWeek), "*\n")),
    ("0 0 * * 1\n", F5, W(&[])), // int.Parse ignores white space after the digits
    ("0 0 * * 5\t", F5, W(&[])),
    // Out of range, in every field.
    ("60 * * * * *", F6, E(Some(Second), "60")),
    ("60 * * * *", F5, E(Some(Minute), "60")),
    ("* 24 * * *", F5, E(Some(Hour), "24")),
    ("* * 0 * *", F5, E(Some(DayOfMonth), "0")),
    ("* * 32 * *", F5, E(Some(DayOfMonth), "32")),
    ("* * * 0 *", F5, E(Some(Month), "0")),
    ("* * * 13 *", F5, E(Some(Month), "13")),
    ("* * * * 7", F5, E(Some(DayOfWeek), "7")),
    ("0 0 * * 0-7", F5, E(Some(DayOfWeek), "7")),
    ("0 0 * * 7-1", F5, E(Some(DayOfWeek), "7")),
    ("0 0 1-32 * *", F5, E(Some(DayOfMonth), "32")),
    ("0 0 32-1 * *", F5, E(Some(DayOfMonth), "32")),
    ("60/5 * * * *", F5, E(Some(Minute), "60")),
    ("0 0 0/5 * *", F5, E(Some(DayOfMonth), "0")),
    ("0 0 * * 060", F5, E(Some(DayOfWeek), "060")),
    // NCrontab OutOfRangeField.
    ("* 1,2,3,456,7,8,9 * * *", F5, E(Some(Hour), "456")),
    ("* * 1,2,3,456,7,8,9 * * *", F6, E(Some(Hour), "456")),
    // Numbers too large for a 32-bit integer.
    ("2147483648 * * * *", F5, E(Some(Minute), "2147483648")),
    ("99999999999999999999 * * * *", F5, E(Some(Minute), "99999999999999999999")),
    ("*/2147483648 * * * *", F5, E(Some(Minute), "2147483648")),
    ("*/-2147483649 * * * *", F5, E(Some(Minute), "-2147483649")),
    // NCrontab Bad*Field, NonNumber*, NonNumericField*.
    ("bad * * * * *", F6, E(Some(Second), "bad")),
    ("bad * * * *", F5, E(Some(Minute), "bad")),
    ("* bad * * * *", F6, E(Some(Minute), "bad")),
    ("* bad * * *", F5, E(Some(Hour), "bad")),
    ("* * bad * *", F5, E(Some(DayOfMonth), "bad")),
    ("* * * bad *", F5, E(Some(Month), "bad")),
    ("* * * * mon,bad,wed", F5, E(Some(DayOfWeek), "bad")),
    ("* * * * * mon,bad,wed", F6, E(Some(DayOfWeek), "bad")),
    ("* 1,Z,3,4 * * *", F5, E(Some(Hour), "Z")),
    ("* 1/Z * * *", F5, E(Some(Hour), "Z")),
    ("* 3-l2 * * *", F5, E(Some(Hour), "l2")),
    ("* * 3-l2 * * *", F6, E(Some(Hour), "l2")),
    // Malformed items.
    ("1,,2 * * * *", F5, E(Some(Minute), ",,")),
    ("1, * * * *", F5, E(Some(Minute), ",")),
    (",1 * * * *", F5, E(Some(Minute), ",")),
    ("0 0 * ,,, *", F5, E(Some(Month), ",")),
    ("-5 * * * *", F5, E(Some(Minute), "-5")),
    ("5- * * * *", F5, E(Some(Minute), "5-")),
    ("5/ * * * *", F5, E(Some(Minute), "5/")),
    ("/5 * * * *", F5, E(Some(Minute), "/5")),
    ("*/5/2 * * * *", F5, E(Some(Minute), "5/2")),
    ("1-5-7 * * * *", F5, E(Some(Minute), "5-7")),
    ("** * * * *", F5, E(Some(Minute), "**")),
    ("*-5 * * * *", F5, E(Some(Minute), "*")),
    ("1 - 5 * *", F5, E(Some(Hour), "-")),
    ("0 0 * Foo *", F5, E(Some(Month), "Foo")),
    ("0 0 * Junee *", F5, E(Some(Month), "Junee")),
    ("0 0 * * Mondays", F5, E(Some(DayOfWeek), "Mondays")),
    ("0 0 * * Mon-Wed-Fri", F5, E(Some(DayOfWeek), "Wed-Fri")),
    ("0 0 * * Mön", F5, E(Some(DayOfWeek), "Mön")),
    ("٥ * * * *", F5, E(Some(Minute), "٥")),
    ("５ * * * *", F5, E(Some(Minute), "５")),
    // Syntax of other cron dialects.
    ("0 0 ? * *", F5, E(Some(DayOfMonth), "?")),
    ("0 0 * * ?", F5, E(Some(DayOfWeek), "?")),
    ("0 0 L * *", F5, E(Some(DayOfMonth), "L")),
    ("0 0 * * 5L", F5, E(Some(DayOfWeek), "5L")),
    ("0 0 15W * *", F5, E(Some(DayOfMonth), "15W")),
    ("0 0 W * *", F5, E(Some(DayOfMonth), "W")),
    ("0 0 * * MON#2", F5, E(Some(DayOfWeek), "MON#2")),
    ("0 0 * * 1#2", F5, E(Some(DayOfWeek), "1#2")),
    ("H * * * *", F5, E(Some(Minute), "H")),
    ("0 0 12 * * ? 2025", ANY, E(None, "0 0 12 * * ? 2025")),
    ("0 0 12 * * ?", ANY, E(Some(DayOfWeek), "?")),
];

#[test]
fn table() {
    assert!(TABLE.len() >= 80, "{} cases", TABLE.len());
    let mut failures = Vec::new();
    for (expr, fields, verdict) in TABLE {
        let got = cron::parse(expr, *fields);
        let ok = match (verdict, &got) {
            (V::Ok(kinds), Ok(s)) => {
                let got: Vec<WarningKind> = s.warnings().iter().map(|w| w.kind).collect();
                got == *kinds
            }
            (V::Err(field, text), Err(e)) => {
                e.field == *field && expr.get(e.range.clone()) == Some(*text)
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{expr:?} ({fields:?}): {got:#?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_range_is_inside_the_expression_and_every_message_names_the_field() {
    for (expr, fields, _) in TABLE {
        match cron::parse(expr, *fields) {
            Ok(s) => {
                for w in s.warnings() {
                    assert!(expr.get(w.range.clone()).is_some(), "{expr:?}: {w:?}");
                    assert!(!expr[w.range.clone()].is_empty(), "{expr:?}: {w:?}");
                }
            }
            Err(e) => {
                assert!(expr.get(e.range.clone()).is_some(), "{expr:?}: {e:?}");
                if let Some(field) = e.field {
                    let (min, max) = field.range();
                    let needle = format!("{} field", field.name());
                    assert!(e.message.contains(&needle), "{expr:?}: {}", e.message);
                    assert!(e.message.contains(&format!("{min}-{max}")), "{}", e.message);
                }
            }
        }
    }
}

#[test]
fn messages() {
    let err = |expr: &str| cron::parse(expr, F5).unwrap_err();
    assert_eq!(
        err("60 * * * *").message,
        "60 is out of range for the minute field (0-59)"
    );
    assert_eq!(
        err("* * * * 7").message,
        "7 is out of range for the day of week field (0-6)"
    );
    assert_eq!(
        err("* * * * 7").help.as_deref(),
        Some("Sunday is 0: NCrontab does not accept 7")
    );
    assert_eq!(
        err("* * 0 * *").message,
        "0 is out of range for the day of month field (1-31)"
    );
    assert_eq!(
        err("* * * *").message,
        "expected 5 fields (minute hour day-of-month month day-of-week), found 4 fields"
    );
    assert!(err("0 0 ? * *").help.unwrap().contains('?'));
    assert!(err("0 0 L * *").help.unwrap().contains("`L`"));
    assert!(err("0 0 15W * *").help.unwrap().contains("`W`"));
    assert!(err("0 0 * * 1#2").help.unwrap().contains("`#`"));
    assert!(err("@daily").help.unwrap().contains("@daily"));
    assert!(err("0\t0 * * * *").help.unwrap().contains("tab"));
    assert!(err("* * * * * * *").help.unwrap().contains("year"));

    let warn = |expr: &str| cron::parse(expr, ANY).unwrap().warnings();
    let w = warn("0 0 * * Fri-Mon");
    assert_eq!(&"0 0 * * Fri-Mon"[w[0].range.clone()], "Fri-Mon");
    assert_eq!(
        w[0].help.as_deref(),
        Some("to wrap around, write `Fri-Sat,Sun-Mon`")
    );
    let w = warn("0 22-2 * * *");
    assert_eq!(
        w[0].help.as_deref(),
        Some("to wrap around, write `22-23,0-2`")
    );
    let w = warn("*/0 * * * *");
    assert_eq!(&"*/0 * * * *"[w[0].range.clone()], "0");
    let w = warn("0 9 1 * Mon");
    assert_eq!(&"0 9 1 * Mon"[w[0].range.clone()], "1 * Mon");
    let w = warn("0 0 31 Feb *");
    assert_eq!(&"0 0 31 Feb *"[w[0].range.clone()], "31 Feb");
    let w = warn("5 0 0 * * *");
    assert_eq!((w[0].kind, w[0].range.clone()), (SecondsField, 0..1));
    use scaffc::rules::cron_values::warning_rule;
    assert_eq!(warning_rule(w[0].kind).code(), "cron-seconds-field");
    assert_eq!(warning_rule(ReversedRange).code(), "cron-suspicious");
    assert_eq!(warning_rule(NeverFires).code(), "cron-never-fires");
}

#[test]
fn names_and_prefixes() {
    let values = |expr: &str, field: Field| cron::parse(expr, F5).unwrap().values(field);
    assert_eq!(values("0 0 * Ju *", Month), [6]);
    assert_eq!(values("0 0 * Jul *", Month), [7]);
    assert_eq!(values("0 0 * M *", Month), [3]);
    assert_eq!(values("0 0 * A *", Month), [4]);
    assert_eq!(values("0 0 * S *", Month), [9]);
    assert_eq!(values("0 0 * jan-MAR *", Month), [1, 2, 3]);
    assert_eq!(values("0 0 * Jan-Dec/3 *", Month), [1, 4, 7, 10]);
    assert_eq!(
        values("0 0 * Dec-Feb *", Month),
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    );
    assert_eq!(values("0 0 * * S", DayOfWeek), [0]);
    assert_eq!(values("0 0 * * T", DayOfWeek), [2]);
    assert_eq!(values("0 0 * * Th", DayOfWeek), [4]);
    assert_eq!(values("0 0 * * W", DayOfWeek), [3]);
    assert_eq!(values("0 0 * * Sa", DayOfWeek), [6]);
    assert_eq!(values("0 0 * * Fri-Mon", DayOfWeek), [1, 2, 3, 4, 5]);
    assert_eq!(values("0 22-2 * * *", Hour), (2..=22).collect::<Vec<_>>());
    assert_eq!(values("*/0 * * * *", Minute), (0..=59).collect::<Vec<_>>());
    assert_eq!(values("0 0 * * 5\t", DayOfWeek), [5]);
    assert_eq!(values("00 007 01 01 *", Hour), [7]);
    assert_eq!(values("2/20 * * * *", Minute), [2, 22, 42]);
    let s = cron::parse("0 0 * * *", F5).unwrap();
    assert_eq!(s.values(Second), [0]);
    assert!(!s.has_seconds());
    assert_eq!(s.field_range(Second), None);
    assert_eq!(s.field_range(DayOfWeek), Some(8..9));
    assert!(cron::parse("0 0 0 * * *", F6).unwrap().has_seconds());
}

fn dt(s: &str) -> DateTime {
    DateTime::parse(s).unwrap_or_else(|| panic!("bad date {s}"))
}

fn next(expr: &str, fields: Fields, from: &str) -> Option<String> {
    cron::parse(expr, fields)
        .unwrap()
        .next_after(dt(from))
        .map(|t| t.to_string())
}

/// NCrontab's `Evaluations` cases: (seconds, start, expression, next occurrence).
#[rustfmt::skip]
const NCRONTAB_EVALUATIONS: &[(bool, &str, &str, &str)] = &[
    (false, "2003-01-01T00:00:00", "* * * * *", "2003-01-01T00:01:00"),
    (false, "2003-01-01T00:01:00", "* * * * *", "2003-01-01T00:02:00"),
    (false, "2003-01-01T00:02:00", "* * * * *", "2003-01-01T00:03:00"),
    (false, "2003-01-01T00:59:00", "* * * * *", "2003-01-01T01:00:00"),
    (false, "2003-01-01T01:59:00", "* * * * *", "2003-01-01T02:00:00"),
    (false, "2003-01-01T23:59:00", "* * * * *", "2003-01-02T00:00:00"),
    (false, "2003-12-31T23:59:00", "* * * * *", "2004-01-01T00:00:00"),
    (false, "2003-02-28T23:59:00", "* * * * *", "2003-03-01T00:00:00"),
    (false, "2004-02-28T23:59:00", "* * * * *", "2004-02-29T00:00:00"),
    (true, "2003-01-01T00:00:00", "45 * * * * *", "2003-01-01T00:00:45"),
    (true, "2003-01-01T00:00:00", "45-47,48,49 * * * * *", "2003-01-01T00:00:45"),
    (true, "2003-01-01T00:00:45", "45-47,48,49 * * * * *", "2003-01-01T00:00:46"),
    (true, "2003-01-01T00:00:46", "45-47,48,49 * * * * *", "2003-01-01T00:00:47"),
    (true, "2003-01-01T00:00:47", "45-47,48,49 * * * * *", "2003-01-01T00:00:48"),
    (true, "2003-01-01T00:00:48", "45-47,48,49 * * * * *", "2003-01-01T00:00:49"),
    (true, "2003-01-01T00:00:49", "45-47,48,49 * * * * *", "2003-01-01T00:01:45"),
    (true, "2003-01-01T00:00:00", "2/5 * * * * *", "2003-01-01T00:00:02"),
    (true, "2003-01-01T00:00:02", "2/5 * * * * *", "2003-01-01T00:00:07"),
    (true, "2003-01-01T00:00:50", "2/5 * * * * *", "2003-01-01T00:00:52"),
    (true, "2003-01-01T00:00:52", "2/5 * * * * *", "2003-01-01T00:00:57"),
    (true, "2003-01-01T00:00:57", "2/5 * * * * *", "2003-01-01T00:01:02"),
    (true, "2021-02-24T09:50:35", "* 0-1 10 * * *", "2021-02-24T10:00:00"),
    (false, "2003-01-01T00:00:00", "45 * * * *", "2003-01-01T00:45:00"),
    (false, "2003-01-01T00:00:00", "45-47,48,49 * * * *", "2003-01-01T00:45:00"),
    (false, "2003-01-01T00:45:00", "45-47,48,49 * * * *", "2003-01-01T00:46:00"),
    (false, "2003-01-01T00:46:00", "45-47,48,49 * * * *", "2003-01-01T00:47:00"),
    (false, "2003-01-01T00:47:00", "45-47,48,49 * * * *", "2003-01-01T00:48:00"),
    (false, "2003-01-01T00:48:00", "45-47,48,49 * * * *", "2003-01-01T00:49:00"),
    (false, "2003-01-01T00:49:00", "45-47,48,49 * * * *", "2003-01-01T01:45:00"),
    (false, "2003-01-01T00:00:00", "2/5 * * * *", "2003-01-01T00:02:00"),
    (false, "2003-01-01T00:02:00", "2/5 * * * *", "2003-01-01T00:07:00"),
    (false, "2003-01-01T00:50:00", "2/5 * * * *", "2003-01-01T00:52:00"),
    (false, "2003-01-01T00:52:00", "2/5 * * * *", "2003-01-01T00:57:00"),
    (false, "2003-01-01T00:57:00", "2/5 * * * *", "2003-01-01T01:02:00"),
    (true, "2021-02-24T09:50:35", "* * 10 * * *", "2021-02-24T10:00:00"),
    (true, "2021-02-24T09:50:35", "* 55 * * * *", "2021-02-24T09:55:00"),
    (true, "2003-01-01T00:00:30", "3 45 * * * *", "2003-01-01T00:45:03"),
    (true, "2003-01-01T00:00:30", "6 45-47,48,49 * * * *", "2003-01-01T00:45:06"),
    (true, "2003-01-01T00:45:30", "6 45-47,48,49 * * * *", "2003-01-01T00:46:06"),
    (true, "2003-01-01T00:46:30", "6 45-47,48,49 * * * *", "2003-01-01T00:47:06"),
    (true, "2003-01-01T00:47:30", "6 45-47,48,49 * * * *", "2003-01-01T00:48:06"),
    (true, "2003-01-01T00:48:30", "6 45-47,48,49 * * * *", "2003-01-01T00:49:06"),
    (true, "2003-01-01T00:49:30", "6 45-47,48,49 * * * *", "2003-01-01T01:45:06"),
    (true, "2003-01-01T00:00:30", "9 2/5 * * * *", "2003-01-01T00:02:09"),
    (true, "2003-01-01T00:02:30", "9 2/5 * * * *", "2003-01-01T00:07:09"),
    (true, "2003-01-01T00:50:30", "9 2/5 * * * *", "2003-01-01T00:52:09"),
    (true, "2003-01-01T00:52:30", "9 2/5 * * * *", "2003-01-01T00:57:09"),
    (true, "2003-01-01T00:57:30", "9 2/5 * * * *", "2003-01-01T01:02:09"),
    (false, "2003-12-20T10:00:00", " * 3/4 * * *", "2003-12-20T11:00:00"),
    (false, "2003-12-20T00:30:00", " * 3   * * *", "2003-12-20T03:00:00"),
    (false, "2003-12-20T01:45:00", "30 3   * * *", "2003-12-20T03:30:00"),
    (false, "2003-01-07T00:00:00", "30  *  1 * *", "2003-02-01T00:30:00"),
    (false, "2003-02-01T00:30:00", "30  *  1 * *", "2003-02-01T01:30:00"),
    (false, "2003-01-01T00:00:00", "10  * 22    * *", "2003-01-22T00:10:00"),
    (false, "2003-01-01T00:00:00", "30 23 19    * *", "2003-01-19T23:30:00"),
    (false, "2003-01-01T00:00:00", "30 23 21    * *", "2003-01-21T23:30:00"),
    (false, "2003-01-01T00:01:00", " *  * 21    * *", "2003-01-21T00:00:00"),
    (false, "2003-07-10T00:00:00", " *  * 30,31 * *", "2003-07-30T00:00:00"),
    (false, "2002-02-28T23:59:59", "* * * 3 *", "2002-03-01T00:00:00"),
    (false, "2004-02-29T23:59:59", "* * * 3 *", "2004-03-01T00:00:00"),
    (false, "2002-03-31T23:59:59", "* * * 4 *", "2002-04-01T00:00:00"),
    (false, "2002-04-30T23:59:59", "* * * 5 *", "2002-05-01T00:00:00"),
    (false, "2000-01-01T00:00:00", "0 0 15,30,31 * *", "2000-01-15T00:00:00"),
    (false, "2000-01-15T00:00:00", "0 0 15,30,31 * *", "2000-01-30T00:00:00"),
    (false, "2000-01-30T00:00:00", "0 0 15,30,31 * *", "2000-01-31T00:00:00"),
    (false, "2000-01-31T00:00:00", "0 0 15,30,31 * *", "2000-02-15T00:00:00"),
    (false, "2000-02-15T00:00:00", "0 0 15,30,31 * *", "2000-03-15T00:00:00"),
    (false, "2000-03-15T00:00:00", "0 0 15,30,31 * *", "2000-03-30T00:00:00"),
    (false, "2000-03-30T00:00:00", "0 0 15,30,31 * *", "2000-03-31T00:00:00"),
    (false, "2000-03-31T00:00:00", "0 0 15,30,31 * *", "2000-04-15T00:00:00"),
    (false, "2000-04-15T00:00:00", "0 0 15,30,31 * *", "2000-04-30T00:00:00"),
    (false, "2000-04-30T00:00:00", "0 0 15,30,31 * *", "2000-05-15T00:00:00"),
    (false, "2000-05-15T00:00:00", "0 0 15,30,31 * *", "2000-05-30T00:00:00"),
    (false, "2000-05-30T00:00:00", "0 0 15,30,31 * *", "2000-05-31T00:00:00"),
    (false, "2000-05-31T00:00:00", "0 0 15,30,31 * *", "2000-06-15T00:00:00"),
    (false, "2000-06-15T00:00:00", "0 0 15,30,31 * *", "2000-06-30T00:00:00"),
    (false, "2000-06-30T00:00:00", "0 0 15,30,31 * *", "2000-07-15T00:00:00"),
    (false, "2000-07-15T00:00:00", "0 0 15,30,31 * *", "2000-07-30T00:00:00"),
    (false, "2000-07-30T00:00:00", "0 0 15,30,31 * *", "2000-07-31T00:00:00"),
    (false, "2000-07-31T00:00:00", "0 0 15,30,31 * *", "2000-08-15T00:00:00"),
    (false, "2000-08-15T00:00:00", "0 0 15,30,31 * *", "2000-08-30T00:00:00"),
    (false, "2000-08-30T00:00:00", "0 0 15,30,31 * *", "2000-08-31T00:00:00"),
    (false, "2000-08-31T00:00:00", "0 0 15,30,31 * *", "2000-09-15T00:00:00"),
    (false, "2000-09-15T00:00:00", "0 0 15,30,31 * *", "2000-09-30T00:00:00"),
    (false, "2000-09-30T00:00:00", "0 0 15,30,31 * *", "2000-10-15T00:00:00"),
    (false, "2000-10-15T00:00:00", "0 0 15,30,31 * *", "2000-10-30T00:00:00"),
    (false, "2000-10-30T00:00:00", "0 0 15,30,31 * *", "2000-10-31T00:00:00"),
    (false, "2000-10-31T00:00:00", "0 0 15,30,31 * *", "2000-11-15T00:00:00"),
    (false, "2000-11-15T00:00:00", "0 0 15,30,31 * *", "2000-11-30T00:00:00"),
    (false, "2000-11-30T00:00:00", "0 0 15,30,31 * *", "2000-12-15T00:00:00"),
    (false, "2000-12-15T00:00:00", "0 0 15,30,31 * *", "2000-12-30T00:00:00"),
    (false, "2000-12-30T00:00:00", "0 0 15,30,31 * *", "2000-12-31T00:00:00"),
    (false, "2000-12-31T00:00:00", "0 0 15,30,31 * *", "2001-01-15T00:00:00"),
    (false, "2003-12-01T05:00:00", "10 * * 6 *", "2004-06-01T00:10:00"),
    (false, "2003-01-04T00:00:00", " 1 2 3 * *", "2003-02-03T02:01:00"),
    (false, "2002-07-01T05:00:00", "10 * * February,April-Jun *", "2003-02-01T00:10:00"),
    (false, "2003-01-01T00:00:00", "0 12 1 6 *", "2003-06-01T12:00:00"),
    (false, "1988-09-11T14:23:00", "* 12 1 6 *", "1989-06-01T12:00:00"),
    (false, "1988-03-11T14:23:00", "* 12 1 6 *", "1988-06-01T12:00:00"),
    (false, "1988-03-11T14:23:00", "* 2,4-8,15 * 6 *", "1988-06-01T02:00:00"),
    (false, "1988-03-11T14:23:00", "20 * * january,FeB,Mar,april,May,JuNE,July,Augu,SEPT-October,Nov,DECEM *", "1988-03-11T15:20:00"),
    (false, "2003-06-26T10:00:00", "30 6 * * 0", "2003-06-29T06:30:00"),
    (false, "2003-06-26T10:00:00", "30 6 * * sunday", "2003-06-29T06:30:00"),
    (false, "2003-06-26T10:00:00", "30 6 * * SUNDAY", "2003-06-29T06:30:00"),
    (false, "2003-06-19T00:00:00", "1 12 * * 2", "2003-06-24T12:01:00"),
    (false, "2003-06-24T12:01:00", "1 12 * * 2", "2003-07-01T12:01:00"),
    (false, "2003-06-01T14:55:00", "15 18 * * Mon", "2003-06-02T18:15:00"),
    (false, "2003-06-02T18:15:00", "15 18 * * Mon", "2003-06-09T18:15:00"),
    (false, "2003-06-09T18:15:00", "15 18 * * Mon", "2003-06-16T18:15:00"),
    (false, "2003-06-16T18:15:00", "15 18 * * Mon", "2003-06-23T18:15:00"),
    (false, "2003-06-23T18:15:00", "15 18 * * Mon", "2003-06-30T18:15:00"),
    (false, "2003-06-30T18:15:00", "15 18 * * Mon", "2003-07-07T18:15:00"),
    (false, "2003-01-01T00:00:00", "* * * * Mon", "2003-01-06T00:00:00"),
    (false, "2003-01-01T12:00:00", "45 16 1 * Mon", "2003-09-01T16:45:00"),
    (false, "2003-09-01T23:45:00", "45 16 1 * Mon", "2003-12-01T16:45:00"),
    (false, "2000-01-01T12:00:00", "1 12 29 2 *", "2000-02-29T12:01:00"),
    (false, "2000-02-29T12:01:00", "1 12 29 2 *", "2004-02-29T12:01:00"),
    (false, "2004-02-29T12:01:00", "1 12 29 2 *", "2008-02-29T12:01:00"),
    (false, "2000-01-01T12:00:00", "1 12 28 2 *", "2000-02-28T12:01:00"),
    (false, "2000-02-28T12:01:00", "1 12 28 2 *", "2001-02-28T12:01:00"),
    (false, "2001-02-28T12:01:00", "1 12 28 2 *", "2002-02-28T12:01:00"),
    (false, "2002-02-28T12:01:00", "1 12 28 2 *", "2003-02-28T12:01:00"),
    (false, "2003-02-28T12:01:00", "1 12 28 2 *", "2004-02-28T12:01:00"),
    (false, "2004-02-29T12:01:00", "1 12 28 2 *", "2005-02-28T12:01:00"),
    (false, "2000-01-01T12:00:00", "40 14/1 * * *", "2000-01-01T14:40:00"),
    (false, "2000-01-01T14:40:00", "40 14/1 * * *", "2000-01-01T15:40:00"),
];

#[test]
fn ncrontab_evaluations() {
    for &(seconds, from, expr, expected) in NCRONTAB_EVALUATIONS {
        let fields = if seconds { F6 } else { F5 };
        assert_eq!(
            next(expr, fields, from).as_deref(),
            Some(expected),
            "`{expr}` after {from}"
        );
    }
}

/// NCrontab's `FiniteOccurrences` and `GetNextOccurrence`: the next occurrence is at or
/// after the end time (there NCrontab returns the end time itself).
#[test]
fn ncrontab_finite_occurrences() {
    for (expr, fields, from, end) in [
        (
            " *  * * * *  ",
            F5,
            "2003-01-01T00:00:00",
            "2003-01-01T00:00:00",
        ),
        (
            " *  * * * *  ",
            F5,
            "2002-12-31T23:59:59",
            "2003-01-01T00:00:00",
        ),
        (
            " *  * * * Mon",
            F5,
            "2002-12-31T23:59:59",
            "2003-01-01T00:00:00",
        ),
        (
            " *  * * * Mon",
            F5,
            "2003-01-01T00:00:00",
            "2003-01-02T00:00:00",
        ),
        (
            " *  * * * Mon",
            F5,
            "2003-01-01T00:00:00",
            "2003-01-02T12:00:00",
        ),
        (
            "30 12 * * Mon",
            F5,
            "2003-01-01T00:00:00",
            "2003-01-06T12:00:00",
        ),
        (
            " *  *  * * * *  ",
            F6,
            "2003-01-01T00:00:00",
            "2003-01-01T00:00:00",
        ),
        (
            " *  *  * * * *  ",
            F6,
            "2002-12-31T23:59:59",
            "2003-01-01T00:00:00",
        ),
        (
            " *  *  * * * Mon",
            F6,
            "2002-12-31T23:59:59",
            "2003-01-01T00:00:00",
        ),
        (
            " *  *  * * * Mon",
            F6,
            "2003-01-01T00:00:00",
            "2003-01-02T00:00:00",
        ),
        (
            " *  *  * * * Mon",
            F6,
            "2003-01-01T00:00:00",
            "2003-01-02T12:00:00",
        ),
        (
            "10 30 12 * * Mon",
            F6,
            "2003-01-01T00:00:00",
            "2003-01-06T12:00:10",
        ),
        (
            "0 0 29 Feb Mon",
            F5,
            "2017-01-01T00:00:00",
            "2017-12-31T00:00:00",
        ),
        // DontLoopIndefinitely.
        (
            "* * 31 Feb *",
            F5,
            "2001-01-01T00:00:00",
            "2010-01-01T00:00:00",
        ),
        (
            "* * * 31 Feb *",
            F6,
            "2001-01-01T00:00:00",
            "2010-01-01T00:00:00",
        ),
    ] {
        let next = cron::parse(expr, fields).unwrap().next_after(dt(from));
        assert!(
            next.is_none_or(|t| t >= dt(end)),
            "`{expr}` after {from}: {next:?}"
        );
    }
    assert_eq!(
        next("0 0 29 Feb Mon", F5, "9000-01-01T00:00:00").as_deref(),
        Some("9008-02-29T00:00:00")
    );
    // GetNextOccurrences_NextOccurrenceInvalidTime_ShouldStopAtLastValidTime.
    let s = cron::parse("0 0 29 Feb Mon", F5).unwrap();
    let last = s.occurrences(dt("9988-01-01T00:00:00")).last();
    assert_eq!(last, Some(dt("9988-02-29T00:00:00")));
}

#[test]
fn next_occurrences() {
    let cases = [
        // Month ends: the 31st skips 30-day months and February.
        (
            "0 0 31 * *",
            F5,
            "2025-01-31T00:00:00",
            "2025-03-31T00:00:00",
        ),
        (
            "0 0 31 * *",
            F5,
            "2025-03-31T00:00:00",
            "2025-05-31T00:00:00",
        ),
        (
            "0 0 30 * *",
            F5,
            "2025-01-30T00:00:00",
            "2025-03-30T00:00:00",
        ),
        (
            "0 0 29-31 * *",
            F5,
            "2025-02-01T00:00:00",
            "2025-03-29T00:00:00",
        ),
        // Leap years.
        (
            "0 0 29 2 *",
            F5,
            "2025-01-01T00:00:00",
            "2028-02-29T00:00:00",
        ),
        (
            "0 0 29 2 *",
            F5,
            "2096-02-29T00:00:00",
            "2104-02-29T00:00:00",
        ),
        (
            "0 0 29 2 *",
            F5,
            "2396-03-01T00:00:00",
            "2400-02-29T00:00:00",
        ),
        // Year rollover.
        (
            "59 23 31 12 *",
            F5,
            "2024-12-31T23:59:00",
            "2025-12-31T23:59:00",
        ),
        (
            "0 0 1 1 *",
            F5,
            "2024-12-31T23:59:59",
            "2025-01-01T00:00:00",
        ),
        (
            "* * * * *",
            F5,
            "2024-12-31T23:59:30",
            "2025-01-01T00:00:00",
        ),
        // Day of month AND day of week.
        (
            "0 9 1 * Mon",
            F5,
            "2025-01-01T00:00:00",
            "2025-09-01T09:00:00",
        ),
        (
            "0 9 1 * Mon",
            F5,
            "2025-09-01T09:00:00",
            "2025-12-01T09:00:00",
        ),
        (
            "0 9 13 * Fri",
            F5,
            "2025-01-01T00:00:00",
            "2025-06-13T09:00:00",
        ),
        // Six fields.
        (
            "30 * * * * *",
            F6,
            "2025-01-01T00:00:30",
            "2025-01-01T00:01:30",
        ),
        (
            "*/10 5 * * * *",
            F6,
            "2025-01-01T00:05:50",
            "2025-01-01T01:05:00",
        ),
        (
            "59 59 23 31 12 *",
            F6,
            "2025-06-01T00:00:00",
            "2025-12-31T23:59:59",
        ),
        (
            "5 0 0 * * *",
            ANY,
            "2025-01-01T00:00:05",
            "2025-01-02T00:00:05",
        ),
        // Strictly after, from exactly an occurrence.
        (
            "0 2 * * *",
            F5,
            "2025-01-01T02:00:00",
            "2025-01-02T02:00:00",
        ),
        (
            "*/15 * * * *",
            F5,
            "2025-01-01T10:45:00",
            "2025-01-01T11:00:00",
        ),
        (
            "0 0 * * Sun",
            F5,
            "2000-01-02T00:00:00",
            "2000-01-09T00:00:00",
        ),
        // Swapped ranges and zero steps, as NCrontab reads them.
        (
            "0 22-2 * * *",
            F5,
            "2025-01-01T22:00:00",
            "2025-01-02T02:00:00",
        ),
        (
            "0 0 * * Fri-Mon",
            F5,
            "2025-01-03T00:00:00",
            "2025-01-06T00:00:00",
        ), // Fri -> Mon
        (
            "*/0 * * * *",
            F5,
            "2025-01-01T00:00:00",
            "2025-01-01T00:01:00",
        ),
        // The last second there is.
        (
            "59 59 23 31 12 *",
            F6,
            "9999-12-31T23:59:58",
            "9999-12-31T23:59:59",
        ),
    ];
    for (expr, fields, from, expected) in cases {
        assert_eq!(
            next(expr, fields, from).as_deref(),
            Some(expected),
            "`{expr}` after {from}"
        );
    }
}

#[test]
fn nothing_after_9999() {
    assert_eq!(next("* * * * * *", F6, "9999-12-31T23:59:59"), None);
    assert_eq!(next("* * * * *", F5, "9999-12-31T23:59:00"), None);
    assert_eq!(next("0 0 1 1 *", F5, "9999-01-01T00:00:00"), None);
    assert_eq!(next("0 0 29 Feb Mon", F5, "9988-02-29T00:00:00"), None);
    let s = cron::parse("0 0 31 Dec *", F5).unwrap();
    assert_eq!(s.occurrences(dt("9990-01-01T00:00:00")).count(), 10);
}

#[test]
fn never_fires() {
    for expr in ["0 0 31 Feb *", "0 0 30 2 *", "0 0 31 Apr,Jun,Sep,Nov *"] {
        let s = cron::parse(expr, F5).unwrap();
        assert_eq!(s.next_after(dt("0001-01-01T00:00:00")), None, "{expr}");
        assert_eq!(s.occurrences(dt("2000-01-01T00:00:00")).next(), None);
        assert_eq!(s.first_interval_seconds(), None);
    }
}

#[test]
fn occurrences_in_order() {
    let s = cron::parse("0 0 15,30,31 * *", F5).unwrap();
    let got: Vec<String> = s
        .occurrences(dt("2000-01-31T00:00:00"))
        .take(4)
        .map(|t| t.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "2000-02-15T00:00:00",
            "2000-03-15T00:00:00",
            "2000-03-30T00:00:00",
            "2000-03-31T00:00:00"
        ]
    );
}

#[test]
fn first_interval_seconds() {
    let interval = |expr: &str, fields| cron::parse(expr, fields).unwrap().first_interval_seconds();
    assert_eq!(interval("*/15 * * * *", F5), Some(900));
    assert_eq!(interval("0 * * * *", F5), Some(3600));
    assert_eq!(interval("0 2 * * *", F5), Some(86_400));
    assert_eq!(interval("* * * * *", F5), Some(60));
    assert_eq!(interval("*/10 * * * * *", F6), Some(10));
    assert_eq!(interval("0 9 * * Mon-Fri", F5), Some(86_400)); // from a Saturday
    assert_eq!(interval("0 0 * * Sun", F5), Some(7 * 86_400));
    assert_eq!(interval("0 0 1 1 *", F5), Some(365 * 86_400)); // 2001 to 2002
    assert_eq!(interval("0 0 31 Feb *", F5), None);
}

/// Arbitrary input never panics: a deterministic pseudo-random walk over awkward
/// characters, numbers and separators, in every mode.
#[test]
fn never_panics() {
    const PIECES: &[&str] = &[
        "*",
        "/",
        "-",
        ",",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\0",
        "0",
        "7",
        "59",
        "60",
        "31",
        "2147483647",
        "2147483648",
        "-2147483648",
        "99999999999999999999999",
        "Ju",
        "M",
        "T",
        "W",
        "L",
        "#",
        "?",
        "@",
        "H",
        "Feb",
        "sunday",
        "é",
        "٥",
        "５",
        "\u{200b}",
        "𝟘",
        "+",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rand = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let from = dt("2024-02-29T23:59:59");
    for _ in 0..20_000 {
        let len = rand(14);
        let expr: String = (0..len).map(|_| PIECES[rand(PIECES.len())]).collect();
        for fields in [F5, F6, ANY] {
            match cron::parse(&expr, fields) {
                Ok(s) => {
                    for w in s.warnings() {
                        assert!(expr.get(w.range.clone()).is_some(), "{expr:?}");
                    }
                    if let Some(t) = s.next_after(from) {
                        assert!(t > from && s.matches(t), "{expr:?}");
                    }
                    let _ = s.first_interval_seconds();
                }
                Err(e) => assert!(expr.get(e.range.clone()).is_some(), "{expr:?}: {e:?}"),
            }
        }
    }
}
