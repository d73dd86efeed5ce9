//! `unknown-profile`: an `OpenIdClient`'s `Profile` names no declared profile.

use super::references::{Site, Target};
use super::{Context, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownProfile,
    severity: Severity::Error,
    summary: "the `Profile` of an `OpenIdClient` or of an access-control scaffolding names no declared `Profile`",
    explain: "An `<OpenIdClient>` logs in with the rights of its `Profile`, and an access-control \
scaffolding (`JobExecutionAccessControlRules`, `ViewTemplate`, ...) gives rights to its `Profile`: \
each must be the `Identifier` of a declared `<Profile>`, or of the profile a \
`<CreateAdministratorProfile>` creates (`Administrator`).

Example:
    <Profile Identifier=\"Administrator\" DisplayName_L1=\"Administrator\" />
    <OpenIdClient Identifier=\"Job\" HashedSecret=\"...\" DisplayName_L1=\"Job\" Profile=\"Admin\" />

Fix: write the identifier of a declared profile (`Administrator`), or declare it.",
};

pub(crate) const SITES: &[Site] = &[
    Site {
        on: |e, p| p.is_none() && e == "OpenIdClient",
        attr: "Profile",
    },
    Site {
        on: |e, p| {
            p.is_none()
                && crate::acr::AcrKind::from_local_name(e).is_some_and(|k| k.inputs().takes_profile())
        },
        attr: "Profile",
    },
];

/// What its references resolve against ([`references::check`] walks them): the declared
/// profiles and those that `CreateAdministratorProfile`s create (declared at its name).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    let created = crate::acr::expand::created_profiles(ctx.model);
    if created.is_empty() {
        return Target::declared(RULE.code, "profile", SITES, &ctx.model.profiles);
    }
    let mut index = ctx.model.profiles.clone();
    for c in created {
        index
            .entry(crate::acr::ADMINISTRATOR)
            .or_default()
            .push(c.source);
    }
    let index = std::borrow::Cow::Owned(index);
    Target {
        code: RULE.code,
        what: "profile",
        sites: SITES,
        resolves: {
            let profiles = &ctx.model.profiles;
            Box::new(move |v| v == crate::acr::ADMINISTRATOR || profiles.contains_key(v))
        },
        index,
    }
}
