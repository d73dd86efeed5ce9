//! `unknown-profile`: an `OpenIdClient`'s `Profile` names no declared profile.

use super::references::{Site, Target};
use super::{Context, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownProfile,
    severity: Severity::Error,
    summary: "an `OpenIdClient`'s `Profile` names no declared `Profile`",
    explain: "An `<OpenIdClient>` logs in with the rights of its `Profile`, which must be the \
`Identifier` of a declared `<Profile>`.

Example:
    <Profile Identifier=\"Administrator\" DisplayName_L1=\"Administrator\" />
    <OpenIdClient Identifier=\"Job\" HashedSecret=\"...\" DisplayName_L1=\"Job\" Profile=\"Admin\" />

Fix: write the identifier of a declared profile (`Administrator`), or declare it.",
};

pub(crate) const SITES: &[Site] = &[Site {
    on: |e, p| p.is_none() && e == "OpenIdClient",
    attr: "Profile",
}];

/// What its references resolve against ([`references::check`] walks them).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    Target::declared(RULE.code, "profile", SITES, &ctx.model.profiles)
}
