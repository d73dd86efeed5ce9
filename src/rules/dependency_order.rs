//! `dependency-order`: a task depends on a task of the same or a later level.

use std::collections::{HashMap, HashSet};

use super::jobs::JobView;
use super::Rule;
use crate::diagnostic::{Diagnostic, Label, Severity};

pub const RULE: Rule = Rule {
    code: super::RuleId::DependencyOrder,
    severity: Severity::Error,
    summary: "a task depends on a task of the same or a later `Level`",
    explain: "Tasks of one `Level` start together, and a level starts when the previous one is \
done. `TaskDependsOnTask` makes a task run only if its parent succeeded, so the parent must be \
at an earlier level: a parent at the same or a later level has not finished when the child \
starts. In a generated job this can only come from a `LinkDependTask`, and is reported there.

Example:
    <Job Identifier=\"Daily\" DisplayName_L1=\"Daily\" Agent=\"Local\">
      <ExportTask Identifier=\"Export\" DisplayName_L1=\"Export\" Level=\"1\" ... />
      <PrepareSynchronizationTask Identifier=\"Prepare\" DisplayName_L1=\"Prepare\" Level=\"1\" ...>
        <TaskDependsOnTask ParentTask=\"Export\" />
      </PrepareSynchronizationTask>
    </Job>

Fix: give the parent a lower `Level` than the child, or remove the dependency.",
};

/// The places already reported, across jobs: a dependency that the steps of several jobs
/// see (a hand-written task's `TaskDependsOnTask`) is one place, reported once, for the
/// first job that sees it.
#[derive(Default)]
pub struct Reported(HashSet<Label>);

/// Checks one job ([`super::jobs::check`] hands every job to it, in order).
pub fn check_job(job: &JobView<'_>, reported: &mut Reported, out: &mut Vec<Diagnostic>) {
    let reported = &mut reported.0;
    {
        // The links of a cycle are reported once, as `dependency-cycle`.
        let cycle: &[usize] = job.first_cycle().map_or(&[], |(c, _)| c.as_slice());
        // First place in the cycle of each identifier, and first task of each identifier.
        let mut in_cycle_at: HashMap<&str, usize> = HashMap::new();
        for (k, &i) in cycle.iter().enumerate() {
            in_cycle_at.entry(job.tasks[i].id).or_insert(k);
        }
        let in_cycle =
            |child: &str, parent: &str| match (in_cycle_at.get(child), in_cycle_at.get(parent)) {
                (Some(c), Some(p)) => (c + 1) % cycle.len() == *p,
                _ => false,
            };
        let mut task_of: HashMap<&str, usize> = HashMap::new();
        for (i, t) in job.tasks.iter().enumerate() {
            task_of.entry(t.id).or_insert(i);
        }
        for t in &job.tasks {
            let Some(level) = t.level else { continue };
            for (parent, at) in &t.depends_on {
                let Some(p) = task_of.get(*parent).map(|&i| &job.tasks[i]) else {
                    continue;
                };
                let Some(parent_level) = p.level else {
                    continue;
                };
                if parent_level >= level
                    && !in_cycle(t.id, parent)
                    && reported.insert(at.clone())
                {
                    out.push(
                        Diagnostic::new(
                            RULE.code,
                            at.clone(),
                            format!(
                                "`{}` (level {level}) depends on `{parent}` (level {parent_level}) of job `{}`, which has not finished when it starts",
                                t.id, job.id
                            ),
                        )
                        .with_help("a task can only depend on a task of an earlier level"),
                    );
                }
            }
        }
    }
}
