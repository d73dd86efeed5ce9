//! `unknown-agent`: an `Agent` attribute names no declared agent.

use super::references::{scaffolding, task, Site, Target};
use super::{Context, Rule};
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownAgent,
    severity: Severity::Error,
    summary: "an `Agent` attribute names no declared `Agent`",
    explain: "The `Agent` attribute of a `Connector`, a `Job`, a task or an agent scaffolding \
must be the `Identifier` of a declared `<Agent>` (usually `Local`). The agent is the process \
that runs agent-side tasks near the managed systems.

Example:
    <Agent Identifier=\"Local\" DisplayName_L1=\"Local agent\" />
    <Connector Identifier=\"AD\" DisplayName_L1=\"AD\" Agent=\"local\" />

Fix: write the agent's identifier exactly (`Local`), or declare the agent.",
};

pub(crate) const SITES: &[Site] = &[
    Site {
        on: |e, p| p.is_none() && (e == "Connector" || e == "Job"),
        attr: "Agent",
    },
    Site {
        on: task,
        attr: "Agent",
    },
    Site {
        on: scaffolding,
        attr: "Agent",
    },
];

/// What its references resolve against ([`references::check`] walks them).
pub fn target<'r, 'a>(ctx: &'r Context<'_, 'a>) -> Target<'r, 'a> {
    Target::declared(RULE.code, "agent", SITES, &ctx.model.agents)
}
