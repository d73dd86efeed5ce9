//! `mixed-agents`: the tasks of one job run on different agents.

use std::collections::HashSet;

use super::jobs::JobView;
use super::Rule;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::model::is_agent_side_task;

pub const RULE: Rule = Rule {
    code: super::RuleId::MixedAgents,
    severity: Severity::Error,
    summary:
        "tasks of one job run on different agents, or an agent-side task in a job without `Agent`",
    explain: "All the tasks of a job run on the job's agent, or all on the server. A task whose \
`Agent` differs from the job's, or an agent-side task (export, prepare synchronization, fulfil, \
create database views) in a job that has no `Agent`, cannot run as written.

Example:
    <Job Identifier=\"Daily\" DisplayName_L1=\"Daily\">
      <ExportTask Identifier=\"AD_Export\" DisplayName_L1=\"Export\" Agent=\"Local\" ... />
    </Job>

Fix: give the job the tasks' agent (`<Job ... Agent=\"Local\">`), or split the job per agent.",
};

/// The places already reported, across jobs: a task that the steps of several jobs run is
/// one place, reported once, for the first job (in [`super::jobs::for_each_job`] order)
/// that sees it.
#[derive(Default)]
pub struct Reported(HashSet<Label>);

/// Checks one job ([`super::jobs::check`] hands every job to it, in order).
pub fn check_job(job: &JobView<'_>, reported: &mut Reported, out: &mut Vec<Diagnostic>) {
    let mut push = |d: Diagnostic| {
        if reported.0.insert(d.primary.clone()) {
            out.push(d);
        }
    };
    {
        for t in &job.tasks {
            match (&job.agent, &t.agent) {
                (Some(ja), Some((ta, at))) if ja != ta => push(
                    Diagnostic::new(
                        RULE.code,
                        at.clone(),
                        format!("task `{}` runs on agent `{ta}` but its job `{}` runs on `{ja}`", t.id, job.id),
                    )
                    .with_help(format!("use `Agent=\"{ja}\"`, or move the task to a job of agent `{ta}`")),
                ),
                // A generated job without `Agent` comes from a connector without one: that is
                // `connector-without-agent`'s business, or documented output
                // (`CreateConnectorsJobs`, whose steps run agent-side tasks).
                (None, agent)
                    if !job.generated && (agent.is_some() || is_agent_side_task(t.element)) =>
                {
                    push(
                    Diagnostic::new(
                        RULE.code,
                        agent.as_ref().map_or(t.at.clone(), |(_, at)| at.clone()),
                        format!("task `{}` runs on an agent but its job `{}` has no `Agent`", t.id, job.id),
                    )
                    .with_help(match agent {
                        Some((a, _)) => format!("add `Agent=\"{a}\"` to the job: a job with agent-side tasks runs on that agent"),
                        None => "add `Agent=\"...\"` to the job and the task: a job with agent-side tasks runs on that agent".to_string(),
                    }),
                    )
                }
                _ => {}
            }
        }
    }
}
