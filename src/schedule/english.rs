//! The plain-English reading of a parsed cron expression ("every 15 minutes", "at 02:30 on
//! Monday to Friday", "at minute 0 past every 2nd hour").
//!
//! The reading is built from the values each field allows (NCrontab's meaning), never from
//! the text: `Fri-Mon` reads "Monday to Friday" (NCrontab swaps a reversed range), `*/0`
//! reads "every minute". It is faithful before it is short: a set of values with no
//! common name is spelled out ("at minutes 15 and 45 past every hour", "every 7th minute
//! from 0 through 56 past every hour") rather than rounded to a pattern it does not follow.
//!
//! # Shapes
//!
//! Time of day (minutes `M`, hours `H`; seconds only when a six-field expression allows
//! more than second 0):
//!
//! | shape | reading |
//! | --- | --- |
//! | `M`, `H` every value | `every minute` |
//! | `H` every value, `M` = 0, n, 2n, ... with n dividing 60 | `every n minutes` |
//! | at most 4 times a day | `at 02:30`, `at 09:00 and 17:00` (`HH:MM:SS` with a second) |
//! | `H` every value | `at minute 5 past every hour`, `at minutes 15 and 45 past every hour` |
//! | one minute | `at minute 0 past every 2nd hour`, `... past every hour from 9 through 17` |
//! | every minute or every n minutes, `H` one run `a`-`b` | `every 10 minutes from 09:00 through 17:50` |
//! | otherwise | `{minutes} past {hours}` |
//!
//! A set of minutes (seconds, hours alike) is named, in this order: every value; `every n
//! minutes` (from 0, n dividing 60; hours: `every 2nd hour`, n dividing 24); one value;
//! an arithmetic sequence of at least three values (`every minute from 0 through 4`, `every
//! 7th minute from 0 through 56`); else the list, runs of three or more written `a through
//! b` (`minutes 0 through 5 and 30`).
//!
//! Days: `on day 1 of the month`, `on days 1 and 15 of the month`, `on days 1 to 7 of the
//! month`, `on every 2nd day of the month from 1 to 31`; `on Monday to Friday`, `on Monday,
//! Wednesday and Friday`; both restricted, NCrontab wants both to match: `on day 1 of the
//! month if it is a Monday`, `on days 1 to 7 of the month if it falls on Monday to Friday`.
//! Months: `in January`, `in January to March`, `in January, April, July and October`.
//! A time-of-day list on every day of the month and week ends with `every day`
//! (`at 02:30 every day`).

use crate::cron::{Field, Schedule};

/// The plain-English reading of `schedule`.
pub fn reading(schedule: &Schedule) -> String {
    let time = time_reading(schedule);
    let full = |f: Field| is_full(schedule, f);
    let mut date: Vec<String> = Vec::new();
    match (full(Field::DayOfMonth), full(Field::DayOfWeek)) {
        (true, true) => {}
        (false, true) => date.push(day_of_month_phrase(&schedule.values(Field::DayOfMonth))),
        (true, false) => date.push(format!(
            "on {}",
            names_phrase(&schedule.values(Field::DayOfWeek), Field::DayOfWeek, "and")
        )),
        (false, false) => date.push(format!(
            "{} if {}",
            day_of_month_phrase(&schedule.values(Field::DayOfMonth)),
            weekday_condition(&schedule.values(Field::DayOfWeek))
        )),
    }
    if time.clock_times && date.is_empty() {
        date.push("every day".to_string());
    }
    if !full(Field::Month) {
        date.push(format!(
            "in {}",
            names_phrase(&schedule.values(Field::Month), Field::Month, "and")
        ));
    }
    if date.is_empty() {
        time.text
    } else {
        format!("{} {}", time.text, date.join(" "))
    }
}

struct TimeReading {
    text: String,
    /// The reading lists the clock times of the day (`at 02:30`).
    clock_times: bool,
}

fn is_full(schedule: &Schedule, field: Field) -> bool {
    let (min, max) = field.range();
    (min..=max).all(|v| schedule.contains(field, v))
}

fn time_reading(s: &Schedule) -> TimeReading {
    let seconds = s.values(Field::Second);
    let minutes = s.values(Field::Minute);
    let hours = s.values(Field::Hour);
    let m_full = is_full(s, Field::Minute);
    let h_full = is_full(s, Field::Hour);
    let text = |t: String| TimeReading {
        text: t,
        clock_times: false,
    };
    let count = minutes.len() * hours.len();
    if seconds != [0] {
        if m_full && h_full {
            return text(match every_n(&seconds, Field::Second) {
                Some(1) => "every second".to_string(),
                Some(n) => format!("every {n} seconds"),
                None => format!(
                    "{} of every minute",
                    lead(&unit_noun(&seconds, Unit::SECOND))
                ),
            });
        }
        if seconds.len() == 1 && count <= 4 {
            return clock_times(&hours, &minutes, Some(seconds[0]));
        }
        let second_noun = unit_noun(&seconds, Unit::SECOND);
        let joiner = if second_noun.starts_with("second") {
            " of "
        } else {
            " during "
        };
        return text(format!(
            "{}{joiner}{} past {}",
            lead(&second_noun),
            unit_noun(&minutes, Unit::MINUTE_ORDINAL),
            hour_noun(&hours)
        ));
    }
    if m_full && h_full {
        return text("every minute".to_string());
    }
    let minute_step = every_n(&minutes, Field::Minute);
    if h_full {
        if let Some(n) = minute_step {
            return text(format!("every {n} minutes"));
        }
    }
    if count <= 4 {
        return clock_times(&hours, &minutes, None);
    }
    if h_full {
        return text(format!(
            "{} past every hour",
            lead(&unit_noun(&minutes, Unit::MINUTE))
        ));
    }
    if minutes.len() == 1 {
        return text(format!(
            "at minute {} past {}",
            minutes[0],
            hour_noun(&hours)
        ));
    }
    if let (Some(n), Some((first, last))) = (minute_step, one_run(&hours)) {
        let every = if n == 1 {
            "every minute".to_string()
        } else {
            format!("every {n} minutes")
        };
        return text(format!(
            "{every} from {first:02}:{:02} through {last:02}:{:02}",
            minutes[0],
            minutes[minutes.len() - 1]
        ));
    }
    text(format!(
        "{} past {}",
        lead(&unit_noun(&minutes, Unit::MINUTE)),
        hour_noun(&hours)
    ))
}

fn clock_times(hours: &[u32], minutes: &[u32], second: Option<u32>) -> TimeReading {
    let mut times = Vec::new();
    for h in hours {
        for m in minutes {
            times.push(match second {
                Some(s) => format!("{h:02}:{m:02}:{s:02}"),
                None => format!("{h:02}:{m:02}"),
            });
        }
    }
    TimeReading {
        text: format!("at {}", join(&times, "and")),
        clock_times: true,
    }
}

/// `n` when the values are exactly 0, n, 2n, ... up to the field's maximum and n divides
/// the field's span (60 or 24), so that the interval is the same across the wrap; 1 for
/// every value.
fn every_n(values: &[u32], field: Field) -> Option<u32> {
    let (min, max) = field.range();
    let span = max - min + 1;
    let first = *values.first()?;
    if first != min {
        return None;
    }
    let n = if values.len() == 1 {
        return None;
    } else {
        values[1] - values[0]
    };
    let expected: Vec<u32> = (min..=max).step_by(n as usize).collect();
    (span % n == 0 && values == expected.as_slice()).then_some(n)
}

/// `(first, last)` when the values are one run of consecutive values.
fn one_run(values: &[u32]) -> Option<(u32, u32)> {
    let first = *values.first()?;
    let last = *values.last()?;
    (last - first + 1 == values.len() as u32).then_some((first, last))
}

/// `(first, last, step)` of an arithmetic sequence of at least three values.
fn sequence(values: &[u32]) -> Option<(u32, u32, u32)> {
    if values.len() < 3 {
        return None;
    }
    let step = values[1] - values[0];
    values
        .windows(2)
        .all(|w| w[1] - w[0] == step)
        .then(|| (values[0], values[values.len() - 1], step))
}

/// Runs of consecutive values, as `(first, last)`.
fn runs(values: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for &v in values {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == v => *last = v,
            _ => out.push((v, v)),
        }
    }
    out
}

/// The items of a list: runs of three or more values as `a {through} b`, the others one
/// by one.
fn run_items(values: &[u32], through: &str, name: &dyn Fn(u32) -> String) -> Vec<String> {
    let mut items = Vec::new();
    for (first, last) in runs(values) {
        if last - first >= 2 {
            items.push(format!("{} {through} {}", name(first), name(last)));
        } else {
            items.extend((first..=last).map(name));
        }
    }
    items
}

/// How a set of seconds or minutes is named.
struct Unit {
    singular: &'static str,
    field: Field,
    /// `every 15th minute` rather than `every 15 minutes` (after a seconds clause).
    ordinal_steps: bool,
}

impl Unit {
    const SECOND: Unit = Unit {
        singular: "second",
        field: Field::Second,
        ordinal_steps: false,
    };
    const MINUTE: Unit = Unit {
        singular: "minute",
        field: Field::Minute,
        ordinal_steps: false,
    };
    const MINUTE_ORDINAL: Unit = Unit {
        singular: "minute",
        field: Field::Minute,
        ordinal_steps: true,
    };
}

/// A set of seconds or minutes as a noun: `every minute`, `every 15 minutes`, `minute 5`,
/// `every minute from 0 through 4`, `every 7th minute from 0 through 56`, `minutes 15 and
/// 45`.
fn unit_noun(values: &[u32], unit: Unit) -> String {
    let u = unit.singular;
    match every_n(values, unit.field) {
        Some(1) => return format!("every {u}"),
        Some(n) if unit.ordinal_steps => return format!("every {} {u}", ordinal(n)),
        Some(n) => return format!("every {n} {u}s"),
        None => {}
    }
    if values.len() == 1 {
        return format!("{u} {}", values[0]);
    }
    if let Some((first, last, step)) = sequence(values) {
        return if step == 1 {
            format!("every {u} from {first} through {last}")
        } else {
            format!("every {} {u} from {first} through {last}", ordinal(step))
        };
    }
    let items = run_items(values, "through", &|v| v.to_string());
    format!("{u}s {}", join(&items, "and"))
}

/// `at minute 5` for a noun naming values, the noun itself for `every ...`.
fn lead(noun: &str) -> String {
    if noun.starts_with("every") {
        noun.to_string()
    } else {
        format!("at {noun}")
    }
}

/// A set of hours as a noun: `every hour`, `every 2nd hour`, `hour 9`, `every hour from 9
/// through 17`, `every 5th hour from 0 through 20`, `hours 9, 12 and 17`.
fn hour_noun(values: &[u32]) -> String {
    match every_n(values, Field::Hour) {
        Some(1) => return "every hour".to_string(),
        Some(n) => return format!("every {} hour", ordinal(n)),
        None => {}
    }
    if values.len() == 1 {
        return format!("hour {}", values[0]);
    }
    if let Some((first, last, step)) = sequence(values) {
        return if step == 1 {
            format!("every hour from {first} through {last}")
        } else {
            format!("every {} hour from {first} through {last}", ordinal(step))
        };
    }
    let items = run_items(values, "through", &|v| v.to_string());
    format!("hours {}", join(&items, "and"))
}

fn day_of_month_phrase(values: &[u32]) -> String {
    if values.len() == 1 {
        return format!("on day {} of the month", values[0]);
    }
    if let Some((first, last, step)) = sequence(values) {
        if step > 1 {
            return format!(
                "on every {} day of the month from {first} to {last}",
                ordinal(step)
            );
        }
    }
    let items = run_items(values, "to", &|v| v.to_string());
    format!("on days {} of the month", join(&items, "and"))
}

/// Month or weekday names: `Monday to Friday`, `January, April, July and October`.
fn names_phrase(values: &[u32], field: Field, conjunction: &str) -> String {
    let names = field.value_names();
    let (min, _) = field.range();
    let name = |v: u32| names[(v - min) as usize].to_string();
    join(&run_items(values, "to", &name), conjunction)
}

/// The weekday condition of NCrontab's AND of both day fields: `it is a Monday`, `it is a
/// Monday or a Friday`, `it falls on Monday to Friday`.
fn weekday_condition(values: &[u32]) -> String {
    if runs(values).iter().all(|(first, last)| last - first < 2) {
        let names = Field::DayOfWeek.value_names();
        let items: Vec<String> = values
            .iter()
            .map(|&v| format!("a {}", names[v as usize]))
            .collect();
        format!("it is {}", join(&items, "or"))
    } else {
        format!(
            "it falls on {}",
            names_phrase(values, Field::DayOfWeek, "or")
        )
    }
}

/// `a`, `a and b`, `a, b and c` (or `or`).
fn join(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `12th`, `13th`, `21st`, ...
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 30, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "30th",
                "101st", "111th"
            ]
        );
    }

    #[test]
    fn joins() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(join(&s(&["a"]), "and"), "a");
        assert_eq!(join(&s(&["a", "b"]), "and"), "a and b");
        assert_eq!(join(&s(&["a", "b", "c"]), "or"), "a, b or c");
    }
}
