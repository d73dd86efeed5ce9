//! Lexing and parsing, keeping the byte range of every part for diagnostics.
//!
//! Mirrors NCrontab's `CrontabSchedule.TryParse` (split on spaces, count the fields),
//! `CrontabFieldImpl.InternalParse` / `ParseValue` (lists, steps, ranges, names) and
//! `CrontabField.Accumulate` (range checks, swapping, steps below 1).

use std::ops::Range;

use super::schedule::{Masks, Schedule};
use super::{CronError, CronWarning, Field, Fields, WarningKind};

pub(super) fn parse_expression(expr: &str, fields: Fields) -> Result<Schedule, CronError> {
    let tokens = split(expr, 0..expr.len(), b' ', false);
    let kinds: &[Field] = match (tokens.len(), fields) {
        (5, Fields::Five | Fields::FiveOrSix) => &Field::ALL[1..],
        (6, Fields::Six | Fields::FiveOrSix) => &Field::ALL,
        (n, _) => return Err(count_error(expr, n, fields)),
    };
    let has_seconds = tokens.len() == 6;

    // Five fields: the second is always 0 (NCrontab's `SecondZero`).
    let mut bits = [1u64; 6];
    let mut spans: [Option<Range<usize>>; 6] = Default::default();
    let mut warnings = Vec::new();
    if has_seconds && fields == Fields::FiveOrSix {
        warnings.push(CronWarning {
            kind: WarningKind::SecondsField,
            range: tokens[0].clone(),
            message: format!(
                "six fields: the first one, `{}`, is a second field",
                show(&expr[tokens[0].clone()])
            ),
            help: Some(
                "the product's documentation only shows five fields (minute hour \
                 day-of-month month day-of-week)"
                    .to_string(),
            ),
        });
    }
    for (&field, span) in kinds.iter().zip(&tokens) {
        bits[field.index()] = parse_field(expr, span.clone(), field, &mut warnings)?;
        spans[field.index()] = Some(span.clone());
    }
    let masks = Masks { bits };
    let text = |f: Field| spans[f.index()].clone().map_or("", |r| &expr[r]);
    let span = |from: Field, to: Field| match (&spans[from.index()], &spans[to.index()]) {
        (Some(a), Some(b)) => a.start..b.end,
        _ => 0..expr.len(),
    };

    if !masks.is_full(Field::DayOfMonth) && !masks.is_full(Field::DayOfWeek) {
        warnings.push(CronWarning {
            kind: WarningKind::BothDayFieldsRestricted,
            range: span(Field::DayOfMonth, Field::DayOfWeek),
            message: format!(
                "day of month `{}` and day of week `{}` are both restricted: NCrontab runs \
                 only on days matching both, where Unix cron runs on days matching either",
                show(text(Field::DayOfMonth)),
                show(text(Field::DayOfWeek)),
            ),
            help: Some(
                "to run on days matching either, use two schedules, one with `*` as day of \
                 month and one with `*` as day of week"
                    .to_string(),
            ),
        });
    }
    if masks.never_fires() {
        warnings.push(CronWarning {
            kind: WarningKind::NeverFires,
            range: span(Field::DayOfMonth, Field::Month),
            message: format!(
                "this expression never fires: no month in `{}` has a day in `{}`",
                show(text(Field::Month)),
                show(text(Field::DayOfMonth)),
            ),
            help: Some(
                "February has at most 29 days; April, June, September and November have 30"
                    .to_string(),
            ),
        });
    }
    warnings.sort_by_key(|w| w.range.start);
    Ok(Schedule::new(masks, has_seconds, spans, warnings))
}

/// Splits `span` of `expr` at every byte `sep` (ASCII), returning absolute ranges. With
/// `keep_empty`, empty pieces are kept (a list item), else dropped (NCrontab's
/// `StringSplitOptions.RemoveEmptyEntries` for the fields).
fn split(expr: &str, span: Range<usize>, sep: u8, keep_empty: bool) -> Vec<Range<usize>> {
    let bytes = &expr.as_bytes()[span.clone()];
    let mut pieces = Vec::new();
    let mut start = span.start;
    for (i, &b) in bytes.iter().enumerate() {
        if b == sep {
            let end = span.start + i;
            if keep_empty || end > start {
                pieces.push(start..end);
            }
            start = end + 1;
        }
    }
    if keep_empty || span.end > start {
        pieces.push(start..span.end);
    }
    pieces
}

fn count_error(expr: &str, n: usize, fields: Fields) -> CronError {
    let expected = match fields {
        Fields::Five => "5 fields (minute hour day-of-month month day-of-week)",
        Fields::Six => "6 fields (second minute hour day-of-month month day-of-week)",
        Fields::FiveOrSix => {
            "5 fields (minute hour day-of-month month day-of-week), or 6 with a leading \
             second field"
        }
    };
    let message = if n == 0 {
        format!("the cron expression is empty: expected {expected}")
    } else {
        let s = if n == 1 { "" } else { "s" };
        format!("expected {expected}, found {n} field{s}")
    };
    let help = if expr.trim_start_matches(' ').starts_with('@') {
        "macros such as `@daily` are not supported: write the fields, e.g. `0 0 * * *`"
    } else if expr.contains(['\t', '\n', '\r']) {
        "fields are separated by spaces only: a tab or a line break does not separate them"
    } else if n == 6 && fields == Fields::Five {
        "six fields start with a second field, read only when seconds are enabled"
    } else if n == 5 && fields == Fields::Six {
        "with seconds enabled, the expression starts with a second field (e.g. `0`)"
    } else if n == 7 {
        "NCrontab has no year field"
    } else if n > 6 {
        "fields are separated by spaces: write a list without spaces (`1,2,3`)"
    } else {
        "fields are separated by spaces; `*` stands for every value of a field"
    };
    CronError {
        field: None,
        range: 0..expr.len(),
        message,
        help: Some(help.to_string()),
    }
}

/// Parses one field (a comma-separated list) into the set of its values, one bit each.
fn parse_field(
    expr: &str,
    span: Range<usize>,
    field: Field,
    warnings: &mut Vec<CronWarning>,
) -> Result<u64, CronError> {
    let items = split(expr, span, b',', true);
    let mut bits = 0u64;
    for (i, item) in items.iter().enumerate() {
        if item.is_empty() {
            // Underline the commas around the empty item.
            let start = if i > 0 { item.start - 1 } else { item.start };
            let end = if i + 1 < items.len() {
                item.end + 1
            } else {
                item.end
            };
            return Err(CronError {
                field: Some(field),
                range: start..end,
                message: format!("empty list item in the {}", describe(field)),
                help: Some("remove the extra comma".to_string()),
            });
        }
        bits |= parse_item(expr, item.clone(), field, warnings)?;
    }
    Ok(bits)
}

/// Parses one list item: `*`, `*/n`, `a`, `a-b`, `a-b/n` or `a/n`.
fn parse_item(
    expr: &str,
    item: Range<usize>,
    field: Field,
    warnings: &mut Vec<CronWarning>,
) -> Result<u64, CronError> {
    let text = &expr[item.clone()];
    let (min, max) = field.range();
    // NCrontab cuts at the first `/` when it is not the first character...
    let (base, step) = match text.find('/') {
        Some(0) => {
            return Err(item_error(
                field,
                item,
                format!("`{}` lacks a value before `/`", show(text)),
                Some("`*/n` means every n-th value".to_string()),
            ))
        }
        Some(k) => (
            item.start..item.start + k,
            Some(item.start + k + 1..item.end),
        ),
        None => (item.clone(), None),
    };
    // ...then the part before it at the first `-`, again when it is not the first.
    let base_text = &expr[base.clone()];
    let (lo, hi) = if base_text == "*" {
        (min, max)
    } else {
        match base_text.find('-') {
            Some(k) if k > 0 => {
                let (ar, br) = (base.start..base.start + k, base.start + k + 1..base.end);
                let a = parse_value(expr, ar.clone(), field, &item)?;
                let b = parse_value(expr, br.clone(), field, &item)?;
                if a > b {
                    warnings.push(reversed_range(expr, field, &ar, &br, a, b, step.is_some()));
                    (b, a)
                } else {
                    (a, b)
                }
            }
            _ => {
                let a = parse_value(expr, base.clone(), field, &item)?;
                // `a/n` runs from `a` to the field's maximum.
                (a, if step.is_some() { max } else { a })
            }
        }
    };
    let step = match step {
        None => 1,
        Some(sr) => {
            let n = parse_step(expr, sr.clone(), field, &item)?;
            if n < 1 {
                warnings.push(CronWarning {
                    kind: WarningKind::NonPositiveStep,
                    range: sr.clone(),
                    message: format!(
                        "NCrontab reads a step of {n} as a step of 1: `{}` means every value \
                         from {lo} to {hi}",
                        show(text)
                    ),
                    help: Some("write the step you mean, or remove the `/` part".to_string()),
                });
            }
            u32::try_from(n).unwrap_or(1).max(1)
        }
    };
    let mut bits = 0u64;
    let mut v = lo;
    while v <= hi {
        bits |= 1u64 << v;
        v = match v.checked_add(step) {
            Some(next) => next,
            None => break,
        };
    }
    Ok(bits)
}

fn reversed_range(
    expr: &str,
    field: Field,
    ar: &Range<usize>,
    br: &Range<usize>,
    a: u32,
    b: u32,
    has_step: bool,
) -> CronWarning {
    let (min, max) = field.range();
    let (a_text, b_text) = (show(&expr[ar.clone()]), show(&expr[br.clone()]));
    // Name the wrap-around bounds as the user wrote the range: with names or numbers.
    let names = field.value_names();
    let numeric = |r: &Range<usize>| expr[r.clone()].starts_with(|c: char| c.is_ascii_digit());
    let both_numeric = numeric(ar) && numeric(br);
    let by_name = !names.is_empty() && !both_numeric;
    let value = |v: u32| match names.get((v - min) as usize) {
        Some(name) if by_name => name[..3].to_string(),
        _ => v.to_string(),
    };
    let upper = if a == max {
        a_text.clone()
    } else {
        format!("{a_text}-{}", value(max))
    };
    let lower = if b == min {
        b_text.clone()
    } else {
        format!("{}-{b_text}", value(min))
    };
    let help = if has_step {
        "NCrontab swaps the bounds; to wrap around, list two ranges".to_string()
    } else {
        format!("to wrap around, write `{upper},{lower}`")
    };
    CronWarning {
        kind: WarningKind::ReversedRange,
        range: ar.start..br.end,
        message: format!(
            "`{a_text}-{b_text}` is read as `{b_text}-{a_text}`: NCrontab swaps the bounds of \
             a reversed range, it does not wrap around"
        ),
        help: Some(help),
    }
}

/// `the minute field (0-59)`.
fn describe(field: Field) -> String {
    let (min, max) = field.range();
    format!("{} field ({min}-{max})", field.name())
}

fn item_error(
    field: Field,
    range: Range<usize>,
    message: String,
    help: Option<String>,
) -> CronError {
    CronError {
        field: Some(field),
        range,
        message: format!("{message} in the {}", describe(field)),
        help,
    }
}

/// The text for a message: control characters escaped (`\t`), the rest as is.
fn show(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Why `int.Parse` would not give a number.
enum NumberError {
    /// Not of the form `int.Parse` accepts (`FormatException`).
    Format,
    /// Of that form but outside a 32-bit integer (`OverflowException`).
    Overflow,
}

/// `int.Parse(text, CultureInfo.InvariantCulture)` with `NumberStyles.Integer`: leading
/// white space, an optional sign, ASCII digits, trailing white space, then trailing NULs
/// (which .NET's number parser tolerates).
fn dotnet_int(text: &str) -> Result<i64, NumberError> {
    let is_white = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && is_white(bytes[i]) {
        i += 1;
    }
    let negative = match bytes.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits_start = i;
    // Saturates just past the i32 range: only whether it fits matters past that.
    let mut magnitude: i64 = 0;
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        magnitude = (magnitude * 10 + i64::from(bytes[i] - b'0')).min(1 << 32);
        i += 1;
    }
    if i == digits_start {
        return Err(NumberError::Format);
    }
    while i < bytes.len() && is_white(bytes[i]) {
        i += 1;
    }
    if bytes[i..].iter().any(|&b| b != 0) {
        return Err(NumberError::Format);
    }
    let value = if negative { -magnitude } else { magnitude };
    if value < i64::from(i32::MIN) || value > i64::from(i32::MAX) {
        return Err(NumberError::Overflow);
    }
    Ok(value)
}

/// NCrontab's `ParseValue`: a number when the text starts with an ASCII digit, else a
/// case-insensitive prefix of a name, the first in calendar order winning; then
/// `Accumulate`'s range check.
fn parse_value(
    expr: &str,
    range: Range<usize>,
    field: Field,
    item: &Range<usize>,
) -> Result<u32, CronError> {
    let text = &expr[range.clone()];
    let (min, max) = field.range();
    let names = field.value_names();
    if text.is_empty() {
        let item_text = show(&expr[item.clone()]);
        return Err(item_error(
            field,
            item.clone(),
            format!("`{item_text}` lacks a value"),
            Some("a range is written `a-b`, both bounds present".to_string()),
        ));
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        return match dotnet_int(text) {
            Ok(v) if v >= i64::from(min) && v <= i64::from(max) => Ok(v as u32),
            Ok(v) => Err(out_of_range(field, range, &v.to_string(), None)),
            Err(NumberError::Overflow) => Err(out_of_range(
                field,
                range,
                &show(text),
                Some("it does not even fit a 32-bit integer".to_string()),
            )),
            Err(NumberError::Format) => Err(not_a_value(field, range, text)),
        };
    }
    let found = names.iter().position(|name| {
        name.len() >= text.len()
            && name.as_bytes()[..text.len()].eq_ignore_ascii_case(text.as_bytes())
    });
    match found {
        // At most 12 names: the cast cannot truncate.
        Some(i) => Ok(min + i as u32),
        None => Err(not_a_value(field, range, text)),
    }
}

fn out_of_range(field: Field, range: Range<usize>, value: &str, help: Option<String>) -> CronError {
    let help = help.or_else(|| {
        let hint = match (field, value) {
            (Field::DayOfWeek, "7") => "Sunday is 0: NCrontab does not accept 7",
            (Field::DayOfMonth, "0") => "days of the month start at 1",
            (Field::Month, "0") => "months start at 1 (January)",
            (Field::Hour, "24") => "midnight is hour 0",
            _ => return None,
        };
        Some(hint.to_string())
    });
    CronError {
        field: Some(field),
        range,
        message: format!("{value} is out of range for the {}", describe(field)),
        help,
    }
}

/// A value that is neither a number nor a name of the field.
fn not_a_value(field: Field, range: Range<usize>, text: &str) -> CronError {
    let (min, max) = field.range();
    let shown = show(text);
    let message = match field {
        Field::Month => format!(
            "`{shown}` is not a number or a month name; the month field takes {min}-{max} or \
             a prefix of January to December"
        ),
        Field::DayOfWeek => format!(
            "`{shown}` is not a number or a day name; the day of week field takes {min}-{max} \
             (Sunday = 0) or a prefix of Sunday to Saturday"
        ),
        _ => format!(
            "`{shown}` is not a number; the {} field takes {min}-{max}",
            field.name()
        ),
    };
    CronError {
        field: Some(field),
        range,
        message,
        help: unsupported_syntax_help(field, text),
    }
}

/// Explains syntax of other cron dialects that NCrontab does not have.
fn unsupported_syntax_help(field: Field, text: &str) -> Option<String> {
    let t = text.trim_end_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r', '\0']);
    let digits_then = |suffix: &str| {
        t.strip_suffix(suffix)
            .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit()))
    };
    let days = matches!(field, Field::DayOfMonth | Field::DayOfWeek);
    let help = if text.contains(['\t', '\n', '\r']) {
        "fields are separated by spaces only: a tab or a line break belongs to the field"
    } else if text.contains('?') {
        "`?` is not NCrontab syntax: write `*`"
    } else if text.contains('#') {
        "`#` (n-th weekday of the month) is not supported by NCrontab"
    } else if days && (t == "LW" || digits_then("L") || t.starts_with("L-")) {
        "`L` (last day) is not supported by NCrontab"
    } else if field == Field::DayOfMonth && digits_then("W") {
        "`W` (nearest weekday) is not supported by NCrontab"
    } else if t == "H" || t.starts_with("H(") || t.starts_with("H/") {
        "`H` (hashed value) is not supported by NCrontab"
    } else if t.starts_with('-') {
        "values cannot be negative"
    } else {
        return None;
    };
    Some(help.to_string())
}

/// The number after `/`, as `int.Parse` reads it (sign and surrounding white space
/// allowed).
fn parse_step(
    expr: &str,
    range: Range<usize>,
    field: Field,
    item: &Range<usize>,
) -> Result<i64, CronError> {
    let text = &expr[range.clone()];
    if text.is_empty() {
        let item_text = show(&expr[item.clone()]);
        return Err(item_error(
            field,
            item.clone(),
            format!("`{item_text}` lacks a step after `/`"),
            None,
        ));
    }
    match dotnet_int(text) {
        Ok(n) => Ok(n),
        Err(NumberError::Overflow) => Err(item_error(
            field,
            range,
            format!("the step {} does not fit a 32-bit integer", show(text)),
            None,
        )),
        Err(NumberError::Format) => Err(item_error(
            field,
            range,
            format!("`{}` is not a step (a whole number)", show(text)),
            unsupported_syntax_help(field, text),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(text: &str) -> Option<i64> {
        dotnet_int(text).ok()
    }

    #[test]
    fn dotnet_int_parse() {
        assert_eq!(int("5"), Some(5));
        assert_eq!(int("007"), Some(7));
        assert_eq!(int("+5"), Some(5));
        assert_eq!(int("-5"), Some(-5));
        assert_eq!(int("-0"), Some(0));
        assert_eq!(int(" \t5\t\r\n"), Some(5));
        assert_eq!(int("5\0\0"), Some(5));
        assert_eq!(int("5 \0"), Some(5));
        assert_eq!(int("2147483647"), Some(2_147_483_647));
        assert_eq!(int("-2147483648"), Some(-2_147_483_648));
        assert_eq!(int("0000000000000000000000000001"), Some(1));
        for bad in [
            "", "+", "-", "- 5", "5 5", "5x", "0x10", "1e3", "5\0 ", "٥", "５", "\u{0}5",
        ] {
            assert!(
                matches!(dotnet_int(bad), Err(NumberError::Format)),
                "{bad:?}"
            );
        }
        for big in ["2147483648", "-2147483649", "99999999999999999999999999999"] {
            assert!(
                matches!(dotnet_int(big), Err(NumberError::Overflow)),
                "{big:?}"
            );
        }
    }

    #[test]
    fn split_keeps_byte_ranges() {
        let e = "  a  bc d ";
        let parts: Vec<&str> = split(e, 0..e.len(), b' ', false)
            .into_iter()
            .map(|r| &e[r])
            .collect();
        assert_eq!(parts, ["a", "bc", "d"]);
        let l = "x,1,,2,";
        let items: Vec<&str> = split(l, 2..l.len(), b',', true)
            .into_iter()
            .map(|r| &l[r])
            .collect();
        assert_eq!(items, ["1", "", "2", ""]);
    }

    fn bits_of(field_text: &str, field: Field) -> Vec<u32> {
        let mut w = Vec::new();
        let bits = parse_field(field_text, 0..field_text.len(), field, &mut w).unwrap();
        (0..64).filter(|v| bits >> v & 1 == 1).collect()
    }

    #[test]
    fn items_accumulate_like_ncrontab() {
        assert_eq!(bits_of("*/20", Field::Minute), [0, 20, 40]);
        assert_eq!(bits_of("10-40/15", Field::Minute), [10, 25, 40]);
        assert_eq!(bits_of("50/5", Field::Minute), [50, 55]);
        assert_eq!(bits_of("59/5", Field::Minute), [59]);
        assert_eq!(bits_of("22-2/5", Field::Hour), [2, 7, 12, 17, 22]);
        assert_eq!(bits_of("5-5/3", Field::Hour), [5]);
        assert_eq!(bits_of("*/0", Field::DayOfWeek), [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(bits_of("3/-2", Field::DayOfWeek), [3, 4, 5, 6]);
        assert_eq!(bits_of("*/2", Field::Month), [1, 3, 5, 7, 9, 11]);
        assert_eq!(bits_of("*/2", Field::DayOfMonth)[..3], [1, 3, 5]);
        assert_eq!(bits_of("*/1000", Field::Minute), [0]);
        assert_eq!(bits_of("Fri-Mon", Field::DayOfWeek), [1, 2, 3, 4, 5]);
        assert_eq!(bits_of("Mar,Jan,Aug", Field::Month), [1, 3, 8]);
    }
}
