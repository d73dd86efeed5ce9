//! `unknown-openid-client`: an OpenId client used by agent-side tasks is not declared.

use super::references::{scaffolding_child, task, Site, Target};
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::expand::DEFAULT_OPENID_CLIENT;
use crate::model::scaffolding::kind_is;
use crate::model::{ElRef, ScaffoldingKind};

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownOpenidClient,
    severity: Severity::Error,
    summary: "an OpenId client used by tasks is not a declared `OpenIdClient`",
    explain: "Agent-side tasks (export, prepare synchronization, fulfil) call the server with an \
OpenId client: a scaffolding's `<OpenIdIdentifier Identifier=...>`, or `Job` when the \
scaffolding has none, and the `OpenIdClient` attribute of a hand-written task. It must be the \
`Identifier` of a declared `<OpenIdClient>`, or the deployed jobs fail to authenticate. For a \
scaffolding without `OpenIdIdentifier` the report is at the scaffolding's start tag.

Example:
    <OpenIdClient Identifier=\"Job\" HashedSecret=\"...\" DisplayName_L1=\"Job\" Profile=\"Administrator\" />
    <CreateConnectorSynchroIncremental Connector=\"AD\">
      <OpenIdIdentifier Identifier=\"Jobs\" />
    </CreateConnectorSynchroIncremental>

Fix: name a declared client (`Job`), or declare the client (and list it in the agent's \
`appsettings.agent.json`, `OpenId.OpenIdClients`).",
};

pub(crate) const SITES: &[Site] = &[
    Site {
        on: |e, p| e == "OpenIdIdentifier" && scaffolding_child(p),
        attr: "Identifier",
    },
    Site {
        on: task,
        attr: "OpenIdClient",
    },
];

/// The OpenId client a scaffolding gives its agent-side tasks, and where it is written
/// (the `OpenIdIdentifier` value, or the scaffolding's start tag for the default).
pub fn scaffolding_client<'a>(s: ElRef<'a>) -> Option<(&'a str, Label)> {
    // Jobs without agent-side tasks use no OpenId client.
    if !kind_is(s.el.local(), ScaffoldingKind::has_agent_side_tasks) {
        return None;
    }
    match s.el.child("OpenIdIdentifier") {
        Some(c) => {
            let c = s.child(c);
            c.value("Identifier")
                .map(|v| (v, c.value_label("Identifier")))
        }
        None => Some((
            DEFAULT_OPENID_CLIENT,
            Label::new(s.file, s.el.start_tag()),
        )),
    }
}

/// What its references resolve against ([`super::references::check`] walks them).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    Target::declared(RULE.code, "OpenId client", SITES, &ctx.model.openid_clients)
}

/// The scaffoldings whose tasks use the default OpenId client when it is not declared
/// (the written references are checked by [`super::references::check`]).
pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    let mut declared: Vec<&str> = m.openid_clients.keys().copied().collect();
    declared.sort_unstable();
    for &s in &m.scaffoldings {
        if s.el.child("OpenIdIdentifier").is_some()
            || m.openid_clients.contains_key(DEFAULT_OPENID_CLIENT)
            || scaffolding_client(s).is_none()
        {
            continue;
        }
        let declare =
            format!("declare `<OpenIdClient Identifier=\"{DEFAULT_OPENID_CLIENT}\" ... />`");
        let help = match declared.as_slice() {
            [] => format!("no OpenId client is declared: {declare}"),
            [only] => format!(
                "add `<OpenIdIdentifier Identifier=\"{only}\"/>` to the scaffolding, or {declare}"
            ),
            many => format!(
                "add `<OpenIdIdentifier Identifier=\"...\"/>` naming one of {}, or {declare}",
                many.iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                Label::new(s.file, s.el.start_tag()),
                format!(
                    "this scaffolding's tasks use the default OpenId client `{DEFAULT_OPENID_CLIENT}`, which is not declared"
                ),
            )
            .with_help(help),
        );
    }
}
