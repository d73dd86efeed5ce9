//! `invalid-value`: a boolean, integer or enumeration value that does not parse. The types
//! and the one reader of typed values ([`AttrType::parse`]) are in `crate::model::schema`;
//! every other reader (expansion, job rules, `steps`, `schedule`) reads through it and skips
//! a value that does not parse, so this rule is the only producer for a typed attribute.
//! The expansion adds what only it sees: an `AddTask` with neither or both of
//! `Before`/`After` true (`src/expand/task_refs.rs`).

use super::{Rule, Visit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::schema::AttrType;

pub const RULE: Rule = Rule {
    code: super::RuleId::InvalidValue,
    severity: Severity::Error,
    summary: "a boolean, integer or enumeration value that does not parse",
    explain: "Booleans are `true` or `false` (any case) or `1` or `0`; integers are decimal with \
an optional minus sign, within 32 bits; enumerations take their name (exact case) or their \
number, written plainly (`1`, not `01`); nothing may surround a value (`\" Merge\"` is not \
`Merge`): \
`SynchronizationMode` `Initial`/0, `Complete`/1, `Incremental`/2; a connector's \
`CompleteJob`/`IncrementalJob` `Used`/0, `NotUsed`/1, `OnlySynchronization`/2, \
`OnlyProvisioning`/3; ... A value that breaks a rule of its own (`CronTimeZone`, a cron \
expression) is reported by that rule instead.

Example:
    <ExportTask Identifier=\"AD_Export\" DisplayName_L1=\"Export\" ContinueOnError=\"yes\" ... />

Fix: write a value of the attribute's type (`ContinueOnError=\"true\"`).",
};

/// Attributes with a rule of their own.
const OWN_RULE: &[&str] = &["CronTimeZone"];

pub fn visit(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let r = v.r;
    for (a, attr) in v.attrs.iter().zip(v.attr_specs) {
        let Some(attr) = attr else {
            continue;
        };
        if OWN_RULE.contains(&a.name) {
            continue;
        }
        if matches!(attr.ty, AttrType::Text | AttrType::Identifier) {
            continue;
        }
        if let Err(why) = attr.ty.parse(a.value) {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    r.value_label(a.name),
                    format!("`{}` of `<{}>`: {why}", a.name, r.el.local()),
                )
                .with_help(match attr.ty {
                    AttrType::Bool => "write `true` or `false`".to_string(),
                    AttrType::Int => "write a whole number".to_string(),
                    AttrType::Enum(values) => format!(
                        "one of: {}",
                        values
                            .iter()
                            .map(|(n, v)| format!("`{n}` ({v})"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    _ => "correct the value".to_string(),
                }),
            );
        }
    }
}
