//! `unknown-attribute`: an attribute that a modelled element kind does not have.

use super::{Context, Rule};
use crate::diagnostic::{suggest, Diagnostic, Label, Severity};
use crate::model::spec_of;

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

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (r, parent) in &ctx.model.all {
        let Some(spec) = spec_of(r.el, *parent) else {
            continue;
        };
        for a in &r.el.attrs {
            if a.name == "xmlns"
                || a.name.starts_with("xmlns:")
                || a.name.contains(':')
                || spec.accepts_attr(a.name)
            {
                continue;
            }
            let d = Diagnostic::new(
                RULE.code,
                Label::new(r.file, a.name_range.clone()),
                format!("`<{}>` has no attribute `{}`", r.el.local, a.name),
            );
            let known = spec.attrs.iter().map(|s| s.name);
            let meant = suggest(a.name, known.clone());
            // A misspelled required attribute is reported once, as `missing-attribute`.
            if let Some(m) = meant {
                let required = spec.attr(m).is_some_and(|s| s.required);
                if required && r.el.attr(m).is_none() && r.el.attr("ConsolidationMode").is_none() {
                    continue;
                }
            }
            out.push(match meant {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("remove it: the product ignores attributes it does not know"),
            });
        }
    }
}
