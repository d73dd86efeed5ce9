//! `openid-client-not-in-agent-settings`: with `--agent-settings`, an OpenId client used by
//! agent-side tasks is missing from the agent's `appsettings.agent.json`.

use super::unknown_openid_client::scaffolding_client;
use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::model::is_agent_side_task;

pub const RULE: Rule = Rule {
    code: super::RuleId::OpenidClientNotInAgentSettings,
    severity: Severity::Warning,
    summary: "an OpenId client used by agent-side tasks is missing from the agent's settings",
    explain: "The agent authenticates its tasks with the secrets listed in its \
`appsettings.agent.json`, section `OpenId.OpenIdClients` (client identifier -> secret). With \
`--agent-settings FILE`, scaffc checks that every OpenId client that agent-side tasks use (a \
scaffolding's `OpenIdIdentifier`, `Job` by default, and hand-written tasks' `OpenIdClient`) is \
listed there. The file is read as .NET reads it: comments, trailing commas and a byte-order mark \
are accepted, and keys are compared ignoring case.

Example:
    appsettings.agent.json:  { \"OpenId\": { \"OpenIdClients\": { \"Admin\": \"secret\" } } }
    <CreateConnectorSynchroIncremental Connector=\"AD\">
      <OpenIdIdentifier Identifier=\"Job\" />
    </CreateConnectorSynchroIncremental>

Fix: add the client and its secret to `OpenId.OpenIdClients` in the agent's settings \
(`\"Job\": \"<secret>\"`), or use a client that is listed there.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some((path, settings)) = ctx.agent_settings else {
        return;
    };
    let m = ctx.model;
    let mut used: Vec<(&str, Label)> = Vec::new();
    for &s in &m.scaffoldings {
        used.extend(scaffolding_client(s));
    }
    for (r, parent) in m.top() {
        if is_agent_side_task(r.el.local()) && matches!(parent.map(|p| p.local()), None | Some("Job")) {
            if let Some(c) = r.value("OpenIdClient") {
                used.push((c, r.value_label("OpenIdClient")));
            }
        }
    }
    for (client, label) in used {
        // An undeclared client is `unknown-openid-client`: one problem, one diagnostic.
        if !m.openid_clients.contains_key(client) || settings.has_openid_client(client) {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.code,
                label,
                format!("OpenId client `{client}` is not in `OpenId.OpenIdClients` of `{path}`"),
            )
            .with_help(format!(
                "add `\"{client}\": \"<secret>\"` to the `OpenId.OpenIdClients` section of the agent's settings"
            )),
        );
    }
}
