//! `ambiguous-agent`: an agent scaffolding without `Agent` while several agents exist.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::model::scaffolding::kind_is;
use crate::model::ScaffoldingKind;

pub const RULE: Rule = Rule {
    code: super::RuleId::AmbiguousAgent,
    severity: Severity::Error,
    summary: "an agent scaffolding without `Agent` while several agents are declared",
    explain: "`CreateAgentSynchroComplete`, `CreateAgentSynchroIncremental` and \
`CreateInitializationJob` build one job for the connectors of one agent. Without an `Agent` \
attribute they take the only declared agent; with several agents declared, the choice is \
ambiguous.

Example:
    <Agent Identifier=\"Local\" DisplayName_L1=\"Local\" />
    <Agent Identifier=\"Paris\" DisplayName_L1=\"Paris\" />
    <CreateAgentSynchroComplete JobIdentifier=\"Job_Daily\" />

Fix: say which agent: `<CreateAgentSynchroComplete Agent=\"Local\" ... />`.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    if m.agents.len() < 2 {
        return;
    }
    let mut agents: Vec<&str> = m.agents.keys().copied().collect();
    agents.sort_unstable();
    for &s in &m.scaffoldings {
        if kind_is(s.el.local(), ScaffoldingKind::is_agent) && s.el.attr("Agent").is_none() {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    Label::new(s.file, s.el.start_tag()),
                    format!(
                        "`{}` has no `Agent` and {} agents are declared",
                        s.el.local(),
                        agents.len()
                    ),
                )
                .with_help(format!(
                    "add `Agent=\"...\"`, one of: {}",
                    agents.join(", ")
                )),
            );
        }
    }
}
