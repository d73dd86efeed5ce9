//! The walker of the cron rules: every `CronTabExpression` attribute of a `Job`, every
//! `CronTab` of a scaffolding's `CronTabExpression` child, and their `CronTimeZone`. It
//! reports `invalid-cron`, `invalid-cron-time-zone`, `cron-seconds-field`, `cron-suspicious`
//! and `cron-never-fires`, whose modules hold their rule texts.

use super::{
    cron_never_fires, cron_seconds_field, cron_suspicious, invalid_cron, invalid_cron_time_zone,
    Context,
};
use crate::cron::{self, Field, Fields, WarningKind};
use crate::diagnostic::{suggest, Diagnostic, Edit, Fix, Label};
use crate::expand::cron_time_zone;
use crate::load::Sources;
use crate::model::{is_scaffolding, ElRef};
use crate::xml::Element;

/// A schedule of the configuration.
pub struct ScheduleSite<'a> {
    /// The `Job`, or the scaffolding's `CronTabExpression` child.
    pub el: ElRef<'a>,
    /// The attribute holding the expression.
    pub attr: &'static str,
    /// For a `CronTabExpression` child, its scaffolding.
    pub scaffolding: Option<Element<'a>>,
}

/// Every schedule of the configuration, in path then document order.
pub fn schedules<'a>(ctx: &Context<'_, 'a>) -> Vec<ScheduleSite<'a>> {
    let mut out = Vec::new();
    for (r, parent) in ctx.model.top() {
        match (r.el.local(), parent.map(|p| p.local())) {
            ("Job", None) => out.push(ScheduleSite {
                el: r,
                attr: "CronTabExpression",
                scaffolding: None,
            }),
            ("CronTabExpression", Some(p)) if is_scaffolding(p) => out.push(ScheduleSite {
                el: r,
                attr: "CronTab",
                scaffolding: parent,
            }),
            _ => {}
        }
    }
    out
}

/// The range of `inner` (a range inside an attribute's value) in the file, when the value is
/// written literally; else the whole value.
pub fn inner_label(
    sources: &Sources,
    r: ElRef<'_>,
    attr: &str,
    inner: std::ops::Range<usize>,
) -> Label {
    let whole = r.value_label(attr);
    let literal =
        sources.file(r.file).slice(whole.range.clone()) == r.value(attr).unwrap_or_default();
    if literal && inner.end <= whole.range.len() {
        Label::new(
            r.file,
            whole.range.start + inner.start..whole.range.start + inner.end,
        )
    } else {
        whole
    }
}

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for ScheduleSite { el: r, attr, .. } in schedules(ctx) {
        if let Some(zone) = r.value("CronTimeZone") {
            if cron_time_zone(zone).is_none() {
                let meant = suggest(zone, ["UTC", "ServerTime"]);
                let help = match meant {
                    Some(s) => format!("did you mean `{s}`? The time zone is `UTC` (0, the default) or `ServerTime` (1)"),
                    None => "the time zone is `UTC` (0, the default) or `ServerTime` (1)".to_string(),
                };
                let mut d = Diagnostic::new(
                    invalid_cron_time_zone::RULE.code,
                    r.value_label("CronTimeZone"),
                    format!("`{zone}` is not a cron time zone"),
                )
                .with_help(help);
                if let (Some(s), Some(a)) = (meant, r.el.attr("CronTimeZone")) {
                    d = d.with_fix(Fix::did_you_mean(
                        r.file,
                        a.value_range.clone(),
                        zone,
                        s,
                        true,
                    ));
                }
                out.push(d);
            }
        }
        let Some(expr) = r.value(attr) else { continue };
        match cron::parse(expr, Fields::FiveOrSix) {
            Err(e) => {
                let mut d = Diagnostic::new(
                    invalid_cron::RULE.code,
                    inner_label(ctx.sources, r, attr, e.range.clone()),
                    format!("invalid cron expression `{expr}`: {}", e.message),
                );
                if let Some(h) = e.help.clone() {
                    d = d.with_help(h);
                }
                if let Some(fix) = cron_fix(ctx.sources, expr, &e, &d.primary) {
                    d = d.with_fix(fix);
                }
                out.push(d);
            }
            Ok(schedule) => {
                for w in schedule.warnings() {
                    let code = match w.kind {
                        WarningKind::SecondsField => cron_seconds_field::RULE.code,
                        WarningKind::NeverFires => cron_never_fires::RULE.code,
                        WarningKind::ReversedRange
                        | WarningKind::NonPositiveStep
                        | WarningKind::BothDayFieldsRestricted => cron_suspicious::RULE.code,
                    };
                    let mut d = Diagnostic::new(
                        code,
                        inner_label(ctx.sources, r, attr, w.range.clone()),
                        w.message,
                    );
                    if let Some(h) = w.help {
                        d = d.with_help(h);
                    }
                    out.push(d);
                }
            }
        }
    }
}

/// The rule of `validation.md` a cron warning belongs to (the cron parser, a leaf, knows no
/// rules).
pub fn warning_rule(kind: crate::cron::WarningKind) -> super::RuleId {
    use crate::cron::WarningKind;
    match kind {
        WarningKind::ReversedRange
        | WarningKind::NonPositiveStep
        | WarningKind::BothDayFieldsRestricted => super::RuleId::CronSuspicious,
        WarningKind::NeverFires => super::RuleId::CronNeverFires,
        WarningKind::SecondsField => super::RuleId::CronSecondsField,
    }
}

/// The one certain correction of a cron error, when there is one: a day of week `7` written
/// as a list item of its own becomes `0` (Sunday; NCrontab rejects 7), and a day field `?`
/// (Quartz's "no specific value") becomes `*`, which means the same to NCrontab since it
/// combines the day fields with AND. `label` is where the error is reported: the fix is
/// given only when it is exactly the bad value in the file (the value written literally).
/// A `7` that ends a range (`5-7`) is left alone: `5-0` would be a reversed range.
fn cron_fix(sources: &Sources, expr: &str, e: &cron::CronError, label: &Label) -> Option<Fix> {
    let bad = expr.get(e.range.clone())?;
    let replacement = match (e.field?, bad) {
        (Field::DayOfWeek, "7") => "0",
        (Field::DayOfMonth | Field::DayOfWeek, "?") => "*",
        _ => return None,
    };
    let bytes = expr.as_bytes();
    let item_start = e.range.start == 0 || matches!(bytes[e.range.start - 1], b' ' | b',');
    let item_end = e.range.end == bytes.len() || matches!(bytes[e.range.end], b' ' | b',');
    let in_file = sources.file(label.file).text.get(label.range.clone()) == Some(bad);
    (item_start && item_end && in_file).then(|| {
        Fix::safe(
            format!("replace `{bad}` with `{replacement}`"),
            vec![Edit::replace(label.file, label.range.clone(), replacement)],
        )
    })
}
