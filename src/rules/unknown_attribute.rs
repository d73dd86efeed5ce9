//! `unknown-attribute`: an attribute that a modelled element kind does not have.

use super::{Rule, Visit};
use std::collections::HashMap;

use super::missing_attribute::{absent_attrs, meant_attr};
use crate::diagnostic::{Diagnostic, Fix, Label, Severity};
use crate::xml::Attr;

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownAttribute,
    severity: Severity::Warning,
    summary: "an attribute that the element kind does not have",
    explain: "Each modelled element kind (agents, connectors, connections, entity types, \
mappings, resource types, OpenId clients, profiles, jobs, tasks, scaffoldings and their \
children) has a documented set of attributes. Another attribute is most often a typo, which \
the product would silently ignore: the setting you meant is not applied. Elements that scaffc \
does not model are not checked.

Example:
    <Connector Identifier=\"AD\" DisplayName_L1=\"AD\" Agnet=\"Local\" />

Fix: correct the attribute's name (`Agent`), or remove it.",
};

pub fn visit(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let r = v.r;
    let Some(spec) = v.spec else {
        return;
    };
    // Listed in the table (looked up once by the walk), or matched by a prefix.
    let unknown: Vec<&Attr<'_>> = v
        .attrs
        .iter()
        .zip(v.attr_specs)
        .filter(|(a, listed)| {
            !(listed.is_some()
                || a.name == "xmlns"
                || a.name.starts_with("xmlns:")
                || a.name.contains(':')
                || spec.attr_prefixes.iter().any(|p| a.name.starts_with(p)))
        })
        .map(|(a, _)| a)
        .collect();
    if unknown.is_empty() {
        return;
    }
    let absent = absent_attrs(&r.el, spec);
    let meant: Vec<Option<&'static str>> = unknown
        .iter()
        .map(|a| meant_attr(&absent, a.name))
        .collect();
    // Two attributes that would both be renamed to the same name get no fix: applying
    // both would write that attribute twice.
    let mut renamed_to: HashMap<&str, usize> = HashMap::new();
    for m in meant.iter().flatten() {
        *renamed_to.entry(m).or_default() += 1;
    }
    for (a, meant) in unknown.into_iter().zip(meant) {
        let d = Diagnostic::new(
            RULE.code,
            Label::new(r.file, a.name_range.clone()),
            format!("`<{}>` has no attribute `{}`", r.el.local(), a.name),
        );
        // A misspelled required attribute is reported once, as `missing-attribute`.
        if let Some(m) = meant {
            let required = spec.attr(m).is_some_and(|s| s.required);
            if required && r.el.attr("ConsolidationMode").is_none() {
                continue;
            }
        }
        out.push(match meant {
            Some(s) if renamed_to.get(s) == Some(&1) => d
                .with_help(format!("did you mean `{s}`?"))
                .with_fix(Fix::did_you_mean(
                    r.file,
                    a.name_range.clone(),
                    a.name,
                    s,
                    false,
                )),
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help("remove it: the product ignores attributes it does not know"),
        });
    }
}
