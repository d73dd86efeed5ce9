//! `not-expanded`: a scaffolding (or a template's child) whose generation rule the
//! product's documentation does not state: checked, not expanded.

use super::{Context, Rule};
use crate::acr::expand::AcrExpansion;
use crate::acr::{AcrKind, Why};
use crate::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: super::RuleId::NotExpanded,
    severity: Severity::Info,
    summary: "a scaffolding (or a template's child) whose generation rule the product's documentation does not state: checked, not expanded",
    explain: "scaffc expands a scaffolding only where the product's documentation shows what it \
generates. Some do not have that: those that list elements of the configuration by a selection \
rule the documentation does not state (`ResourceChangesViewAccessControlRules`, \
`RoleAdministrationAccessControlRules`, ...), those whose page shows no output, those whose \
documented output holds values their inputs do not give, and the entity-type scaffoldings whose \
output depends on the entity model by a rule the documentation does not state \
(`EntityTypeDisplayTable`, `CreateUpdateDeleteWorkflows`, ...); so is an \
`EntityTypeDisplayName` whose display-name property has no localized variants (the only case \
its page shows). Their attributes and references are checked; what they generate is left to the product, \
rather than guessed. A template (`CreateAdministratorProfile`, `ViewTemplate`) still expands \
every other child: the report names the ones left out, once per template.

Example:
    <ViewTemplate EntityType=\"HR_Person\" Profile=\"HelpDesk\" />

reports that `EntityTypeDisplayTable` is not expanded, while the rules of \
`ViewAccessControlRules` and the display name of `EntityTypeDisplayName` are.

Fix: nothing to fix. To silence it, `[rules] not-expanded = \"off\"` in `scaffc.toml`.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let rules = &ctx.expanded.rules;
    // The not-expanded children a template produces that were expanded (once) under
    // another scaffolding: its report names them too. By (file, start of the template).
    let mut elsewhere: std::collections::BTreeMap<(usize, usize), Vec<(AcrKind, Why)>> =
        Default::default();
    for e in rules {
        if let Some(why) = e.not_expanded {
            for (s, _) in &e.also_from {
                elsewhere
                    .entry((s.file, s.el.range().start))
                    .or_default()
                    .push((e.kind, why));
            }
        }
    }
    for block in crate::acr::expand::blocks(rules) {
        let s = block[0].source;
        let more = elsewhere
            .get(&(s.file, s.el.range().start))
            .map_or(&[][..], Vec::as_slice);
        report(block, more, out);
    }
}

fn report(block: &[AcrExpansion<'_>], more: &[(AcrKind, Why)], out: &mut Vec<Diagnostic>) {
    let Some(first) = block.first() else { return };
    let at = first.source.name_label();
    if let Some(why) = first.not_expanded {
        out.push(
            Diagnostic::new(
                RULE.code,
                at,
                format!("`{}` is checked but not expanded", first.kind),
            )
            .with_help(format!(
                "{}; the product generates its elements at deployment",
                why.text()
            )),
        );
        return;
    }
    let mut left: Vec<(AcrKind, Why)> = block[1..]
        .iter()
        .filter_map(|e| Some((e.kind, e.not_expanded?)))
        .chain(more.iter().copied())
        .collect();
    left.sort();
    left.dedup();
    if left.is_empty() {
        return;
    }
    let names = |w: Why| -> Vec<String> {
        let mut n: Vec<String> = left
            .iter()
            .filter(|(_, x)| *x == w)
            .map(|(k, _)| format!("`{k}`"))
            .collect();
        n.sort();
        n
    };
    let mut reasons = Vec::new();
    for w in [
        Why::Enumerates,
        Why::ModelDependent,
        Why::NoOutput,
        Why::Partial,
        Why::NotLocalized,
        Why::NoSuchProperty,
    ] {
        let n = names(w);
        if !n.is_empty() {
            reasons.push(format!("{}: {}", n.join(", "), w.text()));
        }
    }
    out.push(
        Diagnostic::new(
            RULE.code,
            at,
            format!(
                "`{}` produces {} scaffolding{} that scaffc does not expand; the rest is expanded",
                first.kind,
                left.len(),
                if left.len() == 1 { "" } else { "s" }
            ),
        )
        .with_help(reasons.join("; ")),
    );
}
