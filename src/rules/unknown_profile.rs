//! `unknown-profile`: an `OpenIdClient`'s `Profile` names no declared profile.

use super::references::{check_sites, Site};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

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

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    let resolves = |v: &str| m.profiles.contains_key(v);
    check_sites(
        ctx,
        RULE.code,
        "profile",
        &m.profiles,
        &resolves,
        SITES,
        out,
    );
}
