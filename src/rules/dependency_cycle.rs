//! `dependency-cycle`: `TaskDependsOnTask` links of a job form a cycle.

use std::collections::{HashMap, HashSet};

use super::jobs::JobView;
use super::Rule;
use crate::diagnostic::{Diagnostic, Label, Severity};

pub const RULE: Rule = Rule {
    code: super::RuleId::DependencyCycle,
    severity: Severity::Error,
    summary: "`TaskDependsOnTask` links in a job form a cycle",
    explain:
        "A task with `TaskDependsOnTask` runs only if its parent succeeded. When the links of \
one job form a cycle (A depends on B, B depends on A), none of those tasks can ever run. The \
first cycle is reported, starting at the task that comes first in the job.

Example:
    <ComputeRoleModelTask Identifier=\"RoleModel\" ...>
      <TaskDependsOnTask ParentTask=\"Correlations\" />
    </ComputeRoleModelTask>
    <ComputeCorrelationKeysTask Identifier=\"Correlations\" ...>
      <TaskDependsOnTask ParentTask=\"RoleModel\" />
    </ComputeCorrelationKeysTask>

Fix: remove one of the links so that every dependency points to a task that runs earlier.",
};

/// The first cycle of a job, as task indexes starting at the earliest task, with the place
/// of the link that leaves that first task.
pub fn first_cycle(job: &JobView) -> Option<(Vec<usize>, Label)> {
    let index: HashMap<&str, usize> = job
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let edges: Vec<Vec<(usize, &Label)>> = job
        .tasks
        .iter()
        .map(|t| {
            t.depends_on
                .iter()
                .filter_map(|(p, at)| index.get(*p).map(|&i| (i, at)))
                .collect()
        })
        .collect();
    // Iterative depth-first search from each task in order; 0 = new, 1 = on stack, 2 = done.
    let mut state = vec![0u8; job.tasks.len()];
    for start in 0..job.tasks.len() {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(child, _)) = edges[node].get(*next) {
                *next += 1;
                match state[child] {
                    0 => {
                        state[child] = 1;
                        stack.push((child, 0));
                    }
                    1 => {
                        let pos = stack.iter().position(|(n, _)| *n == child).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[pos..].iter().map(|(n, _)| *n).collect();
                        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                        cycle.rotate_left(first);
                        let from = cycle[0];
                        let to = cycle.get(1).copied().unwrap_or(from);
                        let at = edges[from]
                            .iter()
                            .find(|(c, _)| *c == to)
                            .map(|(_, at)| (*at).clone())
                            .unwrap_or_else(|| job.tasks[from].at.clone());
                        return Some((cycle, at));
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    None
}

/// The places already reported, across jobs: a cycle of hand-written tasks that the steps
/// of several jobs run is one mistake, reported once, at its link, for the first job that
/// sees it.
#[derive(Default)]
pub struct Reported(HashSet<Label>);

/// Checks one job ([`super::jobs::check`] hands every job to it, in order).
pub fn check_job(job: &JobView<'_>, reported: &mut Reported, out: &mut Vec<Diagnostic>) {
    {
        if let Some((cycle, at)) = job
            .first_cycle()
            .filter(|(_, at)| reported.0.insert(at.clone()))
        {
            let mut names: Vec<&str> = cycle.iter().map(|&i| job.tasks[i].id).collect();
            names.push(names[0]);
            out.push(
                Diagnostic::new(
                    RULE.code,
                    at.clone(),
                    format!(
                        "the tasks of job `{}` depend on each other in a cycle: {}",
                        job.id,
                        names.join(" -> ")
                    ),
                )
                .with_help("remove one `TaskDependsOnTask` of the cycle"),
            );
        }
    }
}
