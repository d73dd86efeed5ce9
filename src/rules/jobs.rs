//! A uniform view of jobs, hand-written and generated, for the rules on levels,
//! dependencies and agents. Every place in it is a place in the user's files: for a
//! generated job, the scaffolding (or the `LinkDependTask` that added a dependency).

use super::Context;
use crate::diagnostic::Label;
use crate::model::{is_task, Model};

#[derive(Debug, Clone)]
pub struct TaskView {
    pub id: String,
    pub element: String,
    pub level: Option<i64>,
    pub agent: Option<(String, Label)>,
    /// Where to report a problem of the task.
    pub at: Label,
    /// (parent identifier, where the dependency is written).
    pub depends_on: Vec<(String, Label)>,
}

#[derive(Debug, Clone)]
pub struct JobView {
    pub id: String,
    pub agent: Option<String>,
    pub at: Label,
    pub generated: bool,
    pub tasks: Vec<TaskView>,
}

/// Every job of the configuration: hand-written ones, then generated ones.
pub fn jobs(ctx: &Context<'_, '_>) -> Vec<JobView> {
    let m = ctx.model;
    let mut out = Vec::new();
    for list in m.jobs.values() {
        for j in list {
            // A job that overrides a generated one is seen through the generated job.
            let id = j.id().unwrap_or_default();
            if ctx
                .expanded
                .generated
                .contains(&("Job".to_string(), id.to_string()))
            {
                continue;
            }
            out.push(hand_written(m, *j));
        }
    }
    out.sort_by_key(|j| (j.at.file, j.at.range.start));
    for e in &ctx.expanded.jobs {
        for job in e.jobs() {
            out.push(generated(e, job));
        }
    }
    out
}

fn generated(e: &crate::expand::Expansion<'_>, job: &crate::expand::GenElement) -> JobView {
    {
        let s = e.scaffolding;
        let at = Label::new(s.file, s.el.start_tag.clone());
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
                let id = t.value("Identifier").unwrap_or_default().to_string();
                let depends_on = t
                    .children
                    .iter()
                    .filter(|c| c.name == "TaskDependsOnTask")
                    .filter_map(|c| c.value("ParentTask"))
                    .map(|p| {
                        let at = match added.get(&(id.as_str(), p)) {
                            Some(l) => Label::new(l.file, l.el.start_tag.clone()),
                            None => at.clone(),
                        };
                        (p.to_string(), at)
                    })
                    .collect();
                TaskView {
                    level: t.value("Level").and_then(|l| l.parse().ok()),
                    agent: t.value("Agent").map(|a| (a.to_string(), at.clone())),
                    element: t.name.clone(),
                    at: at.clone(),
                    depends_on,
                    id,
                }
            })
            .collect();
        JobView {
            id: job.value("Identifier").unwrap_or_default().to_string(),
            agent: job.value("Agent").map(str::to_string),
            at,
            generated: true,
            tasks,
        }
    }
}

fn hand_written(m: &Model<'_>, j: crate::model::ElRef<'_>) -> JobView {
    let mut tasks = Vec::new();
    for c in &j.el.children {
        let c = j.child(c);
        let level = c.value("Level").and_then(|l| l.trim().parse().ok());
        if c.el.local == "Step" {
            // A step runs a top-level task: its kind and agent are the task's.
            let Some(id) = c.id() else { continue };
            let target = Model::first(&m.tasks, id);
            tasks.push(TaskView {
                id: id.to_string(),
                element: target.map_or("Step", |t| t.el.local).to_string(),
                level,
                agent: target.and_then(|t| {
                    t.value("Agent")
                        .map(|a| (a.to_string(), t.value_label("Agent")))
                }),
                at: c.value_label("Identifier"),
                depends_on: target.map_or_else(Vec::new, |t| {
                    t.el.children_named("TaskDependsOnTask")
                        .filter_map(|d| {
                            let d = t.child(d);
                            d.value("ParentTask")
                                .map(|p| (p.to_string(), d.value_label("ParentTask")))
                        })
                        .collect()
                }),
            });
        } else if is_task(c.el.local) {
            tasks.push(TaskView {
                id: c.id().unwrap_or_default().to_string(),
                element: c.el.local.to_string(),
                level,
                agent: c
                    .value("Agent")
                    .map(|a| (a.to_string(), c.value_label("Agent"))),
                at: match c.el.attr("Identifier") {
                    Some(_) => c.value_label("Identifier"),
                    None => c.name_label(),
                },
                depends_on: c
                    .el
                    .children_named("TaskDependsOnTask")
                    .filter_map(|d| {
                        let d = c.child(d);
                        d.value("ParentTask")
                            .map(|p| (p.to_string(), d.value_label("ParentTask")))
                    })
                    .collect(),
            });
        }
    }
    JobView {
        id: j.id().unwrap_or_default().to_string(),
        agent: j.value("Agent").map(str::to_string),
        at: match j.el.attr("Identifier") {
            Some(_) => j.value_label("Identifier"),
            None => j.name_label(),
        },
        generated: false,
        tasks,
    }
}
