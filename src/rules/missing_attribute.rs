//! `missing-attribute`: a required attribute of a modelled element is absent. The table of
//! required attributes is `crate::model::schema`. The only producer: the expansion skips
//! what lacks an attribute it needs (a scaffolding's `Connector`, an `AddTask`'s `Task`, ...)
//! without a word.

use std::collections::HashSet;

use super::{Rule, Visit};
use crate::diagnostic::{suggest, Diagnostic, Fix, Label, Severity};
use crate::model::schema::ElementSpec;
use crate::model::missing_attribute;

pub const RULE: Rule = Rule {
    code: super::RuleId::MissingAttribute,
    severity: Severity::Error,
    summary: "a required attribute of a modelled element is absent",
    explain: "Modelled elements have required attributes: an `Identifier` and a `DisplayName_L1` \
for most, a `Connection`'s `Connector` and `Package`, a `ResourceType`'s `Policy`, \
`TargetEntityType` and `SourceEntityType`, an `OpenIdClient`'s `HashedSecret` and `Profile`, a \
connector scaffolding's `Connector`, an `OpenIdIdentifier`'s `Identifier`, ... The report is at \
the element's name. An element with a `ConsolidationMode` overrides another one and only \
carries what it changes: it is not checked. An element missing a required attribute produces \
no further reference errors.

Example:
    <Connection Identifier=\"ADExport\" DisplayName_L1=\"AD export\" Connector=\"AD\" />

Fix: add the attribute (`Package=\"Usercube.AD@0000001\"`).",
};

/// The attribute written where a missing required one was meant (`Crontab` for `CronTab`,
/// `Pakage` for `Package`): one mistake, reported once, as the missing attribute.
pub fn misspelling<'a>(
    el: &crate::xml::Element<'a>,
    spec: &ElementSpec,
    required: &str,
) -> Option<crate::xml::Attr<'a>> {
    let absent = absent_attrs(el, spec);
    el.attrs()
        .find(|a| !spec.accepts_attr(a.name) && meant_attr(&absent, a.name) == Some(required))
}

/// The attributes of the kind that the element does not carry, in table order: the
/// candidates for a misspelt name (renaming to one it carries would duplicate an attribute).
pub fn absent_attrs(el: &crate::xml::Element<'_>, spec: &ElementSpec) -> Vec<&'static str> {
    let present: HashSet<&str> = el.attrs().map(|a| a.name).collect();
    spec.attrs
        .iter()
        .map(|s| s.name)
        .filter(|n| !present.contains(n))
        .collect()
}

/// The attribute that `name` (an attribute the kind does not have) was meant to be, by
/// [`suggest`]'s policy, among `absent` ([`absent_attrs`]).
pub fn meant_attr(absent: &[&'static str], name: &str) -> Option<&'static str> {
    suggest(name, absent.iter().copied())
}

pub fn visit(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let r = v.r;
    let Some(spec) = v.spec else {
        return;
    };
    // An override carries only what it changes; on a kind that takes no
    // `ConsolidationMode` (a scaffolding), the attribute is `unknown-attribute` and
    // overrides nothing.
    if v.attr("ConsolidationMode").is_some() && spec.attr("ConsolidationMode").is_some() {
        return;
    }
    for a in spec.required() {
        if v.attr(a.name).is_some() {
            continue;
        }
        let mut d = missing_attribute(r, a.name);
        if let Some(typo) = misspelling(&r.el, spec, a.name) {
            d = d
                .with_related(
                    Label::new(r.file, typo.name_range.clone())
                        .with_message(format!("`{}` is written here", typo.name)),
                )
                .with_help(format!("did you mean `{}` for `{}`?", a.name, typo.name))
                .with_fix(Fix::did_you_mean(
                    r.file,
                    typo.name_range.clone(),
                    typo.name,
                    a.name,
                    false,
                ));
        }
        out.push(d);
    }
}
