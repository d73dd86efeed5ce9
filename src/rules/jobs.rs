//! A uniform view of jobs, hand-written and generated, for the rules on levels,
//! dependencies and agents. Every place in it is a place in the user's files: for a
//! generated job, the scaffolding (or the `LinkDependTask` that added a dependency).

use super::Context;
use crate::diagnostic::Label;
use crate::expand::task_table::{step_task, TaskRef, TaskTable};
use crate::model::schema::parse_int;
use crate::model::{is_task, ElRef};

/// A task's `Level`, read with the validator's reader: `None` when absent or invalid (an
/// invalid one is `invalid-value` and is never used).
fn level(value: Option<&str>) -> Option<i64> {
    value.and_then(parse_int).map(i64::from)
}

/// An agent or a parent task, with where it is written.
type Placed<'e> = (&'e str, Label);

/// What a rule sees of the task a `Step` runs: its element, agent and dependencies.
fn step_target<'e>(
    target: Option<TaskRef<'e, '_>>,
) -> (&'e str, Option<Placed<'e>>, Vec<Placed<'e>>) {
    let Some(target) = target else {
        return ("Step", None, Vec::new());
    };
    match target {
        TaskRef::Source(t) => (
            t.el.local(),
            t.value("Agent").map(|a| (a, t.value_label("Agent"))),
            t.el.children_named("TaskDependsOnTask")
                .filter_map(|d| {
                    let d = t.child(d);
                    d.value("ParentTask")
                        .map(|p| (p, d.value_label("ParentTask")))
                })
                .collect(),
        ),
        TaskRef::Generated(e, t) => {
            let at = Label::new(e.scaffolding.file, e.scaffolding.el.start_tag());
            (
                &t.name,
                t.value("Agent").map(|a| (a, at.clone())),
                target
                    .parents()
                    .into_iter()
                    .map(|p| (p, at.clone()))
                    .collect(),
            )
        }
    }
}

/// A task of a job, its texts borrowed from the configuration or the expansion.
#[derive(Debug, Clone)]
pub struct TaskView<'e> {
    pub id: &'e str,
    pub element: &'e str,
    pub level: Option<i64>,
    pub agent: Option<(&'e str, Label)>,
    /// Where to report a problem of the task.
    pub at: Label,
    /// (parent identifier, where the dependency is written).
    pub depends_on: Vec<(&'e str, Label)>,
}

#[derive(Debug, Clone)]
pub struct JobView<'e> {
    pub id: &'e str,
    pub agent: Option<&'e str>,
    pub at: Label,
    pub generated: bool,
    pub tasks: Vec<TaskView<'e>>,
    /// [`JobView::first_cycle`], found by the first rule that asks.
    cycle: std::sync::OnceLock<Option<(Vec<usize>, Label)>>,
}

impl JobView<'_> {
    /// The job's first dependency cycle ([`super::dependency_cycle::first_cycle`]): looked
    /// for once, read by `dependency-cycle` and `dependency-order`.
    pub fn first_cycle(&self) -> Option<&(Vec<usize>, Label)> {
        self.cycle
            .get_or_init(|| super::dependency_cycle::first_cycle(self))
            .as_ref()
    }
}

/// The rules that judge one job at a time, over every job: hand-written ones in path then
/// document order, then generated ones. Each job's view is built once, handed to each
/// rule, and dropped: the views of every job are never held together.
pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<crate::diagnostic::Diagnostic>) {
    let mut cycle = super::dependency_cycle::Reported::default();
    let mut order = super::dependency_order::Reported::default();
    let mut agents = super::mixed_agents::Reported::default();
    for_each_job(ctx, |job| {
        super::dependency_cycle::check_job(job, &mut cycle, out);
        super::dependency_order::check_job(job, &mut order, out);
        super::mixed_agents::check_job(job, &mut agents, out);
    });
}

/// Every job of the configuration, one view at a time: hand-written ones, then generated
/// ones.
pub fn for_each_job<'c>(ctx: &Context<'c, '_>, mut f: impl FnMut(&JobView<'c>)) {
    let m = ctx.model;
    let table = ctx.task_table();
    let mut hand: Vec<ElRef<'c>> = Vec::new();
    for list in m.jobs.values() {
        for j in list {
            // A job that overrides a generated one is seen through the generated job.
            let id = j.id().unwrap_or_default();
            if ctx.overrides().contains(&("Job", id)) {
                continue;
            }
            hand.push(*j);
        }
    }
    // In the order of where each view is reported (`hand_written`'s `at`).
    hand.sort_by_key(|j| {
        let at = j.value_label("Identifier");
        (at.file, at.range.start)
    });
    for j in hand {
        f(&hand_written(table, j));
    }
    for e in &ctx.expanded.jobs {
        for job in e.jobs() {
            f(&generated(table, e, job));
        }
    }
}

fn generated<'e>(
    table: &TaskTable<'e, '_>,
    e: &'e crate::expand::Expansion<'_>,
    job: &'e crate::expand::GenElement,
) -> JobView<'e> {
    {
        let s = e.scaffolding;
        let at = Label::new(s.file, s.el.start_tag());
        // The first `LinkDependTask` of each (child, parent) link.
        let mut added: std::collections::HashMap<(&str, &str), _> =
            std::collections::HashMap::new();
        for (child, parent, l) in &e.added_links {
            added.entry((child.as_str(), parent.as_str())).or_insert(l);
        }
        let tasks = job
            .children
            .iter()
            .map(|t| {
                if t.name == "Step" {
                    // A generated step (an `AddTask`, or `CreateConnectorsJobs`) runs a
                    // task of the expanded configuration.
                    let id = step_task(|a| t.value(a)).map_or("", |(_, v)| v);
                    let (element, agent, depends_on) = step_target(table.get(id));
                    return TaskView {
                        id,
                        element,
                        level: level(t.value("Level")),
                        agent,
                        at: at.clone(),
                        depends_on,
                    };
                }
                let id = t.value("Identifier").unwrap_or_default();
                let depends_on = t
                    .children
                    .iter()
                    .filter(|c| c.name == "TaskDependsOnTask")
                    .filter_map(|c| c.value("ParentTask"))
                    .map(|p| {
                        let at = match added.get(&(id, p)) {
                            Some(l) => Label::new(l.file, l.el.start_tag()),
                            None => at.clone(),
                        };
                        (p, at)
                    })
                    .collect();
                TaskView {
                    level: level(t.value("Level")),
                    agent: t.value("Agent").map(|a| (a, at.clone())),
                    element: &t.name,
                    at: at.clone(),
                    depends_on,
                    id,
                }
            })
            .collect();
        JobView {
            id: job.value("Identifier").unwrap_or_default(),
            agent: job.value("Agent"),
            at,
            generated: true,
            tasks,
            cycle: Default::default(),
        }
    }
}

fn hand_written<'e>(table: &TaskTable<'e, '_>, j: ElRef<'e>) -> JobView<'e> {
    let mut tasks = Vec::new();
    for c in j.el.children() {
        let c = j.child(c);
        let level = level(c.value("Level"));
        if c.el.local() == "Step" {
            // A step runs a task of the expanded configuration (by `Task`, else
            // `Identifier`): its kind, agent and dependencies are the task's.
            let Some((attr, id)) = step_task(|a| c.value(a)) else {
                continue;
            };
            let (element, agent, depends_on) = step_target(table.get(id));
            tasks.push(TaskView {
                id,
                element,
                level,
                agent,
                at: c.value_label(attr),
                depends_on,
            });
        } else if is_task(c.el.local()) {
            tasks.push(TaskView {
                id: c.id().unwrap_or_default(),
                element: c.el.local(),
                level,
                agent: c.value("Agent").map(|a| (a, c.value_label("Agent"))),
                at: c.value_label("Identifier"),
                depends_on: c
                    .el
                    .children_named("TaskDependsOnTask")
                    .filter_map(|d| {
                        let d = c.child(d);
                        d.value("ParentTask")
                            .map(|p| (p, d.value_label("ParentTask")))
                    })
                    .collect(),
            });
        }
    }
    JobView {
        id: j.id().unwrap_or_default(),
        agent: j.value("Agent"),
        // The identifier's value, else the element's name.
        at: j.value_label("Identifier"),
        generated: false,
        tasks,
        cycle: Default::default(),
    }
}
