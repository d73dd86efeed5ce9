//! A job's tasks in launch order, for `scaffc steps` and `scaffc graph`, whether the job is
//! generated (after overrides) or hand-written.

use std::collections::HashMap;

use crate::expand::task_table::{step_task, TaskTable};
use crate::expand::{expand_all, overrides::from_source, GenElement};
use crate::load::{load, Sources};
use crate::model::schema::parse_int;
use crate::model::{is_task, Model};

/// A task of a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedTask {
    /// The task's identifier; for a `Step`, the identifier of the task it runs.
    pub id: String,
    /// The task's element name (for a `Step`, the element of the task it runs, when it is
    /// declared; else `Step`).
    pub element: String,
    /// The launch order: the task's `Level` (read by the validator's reader).
    /// **(decision)** A task without `Level` takes its position among the job's tasks.
    /// `Err(value)` when its `Level` does not parse (`invalid-value`): the value is never
    /// used as an order, nor replaced by a made-up one; such a task is listed last, and
    /// `steps` prints `Order : invalid Level "<value>"` for it.
    pub order: Result<i64, String>,
    /// The identifiers of its `TaskDependsOnTask` parents.
    pub parents: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobListing {
    pub id: String,
    /// The scaffolding that generated it, when it is generated.
    pub generated_by: Option<String>,
    /// In launch order (by order, then document order).
    pub tasks: Vec<ListedTask>,
}

/// The job `id` of the configuration; else the identifiers of every job, sorted.
pub fn find_job(sources: &Sources, id: &str) -> Result<JobListing, Vec<String>> {
    let conf = load(sources, 0);
    let model = Model::build(&conf);
    let expanded = expand_all(&model, 0, crate::acr::expand::Detail::Identifiers);
    find_job_in(&model, &expanded, id)
}

/// [`find_job`] on an analysis already made (the commands list a job from the same
/// analysis that checked the configuration).
pub(crate) fn find_job_in<'a>(
    model: &Model<'a>,
    expanded: &crate::expand::Expanded<'a>,
    id: &str,
) -> Result<JobListing, Vec<String>> {
    let table = TaskTable::new(model, expanded);
    let mut all: Vec<String> = Vec::new();
    for e in &expanded.jobs {
        for job in e.jobs() {
            let job_id = job.value("Identifier").unwrap_or_default();
            if job_id == id {
                return Ok(listing(&table, job, Some(e.kind().to_string())));
            }
            all.push(job_id.to_string());
        }
    }
    for (job_id, list) in &model.jobs {
        if *job_id == id {
            if let Some(j) = list.first() {
                return Ok(listing(&table, &from_source(&j.el), None));
            }
        }
        all.push(job_id.to_string());
    }
    all.sort();
    all.dedup();
    Err(all)
}

fn listing(
    table: &TaskTable<'_, '_>,
    job: &GenElement,
    generated_by: Option<String>,
) -> JobListing {
    let mut tasks: Vec<ListedTask> = job
        .children
        .iter()
        .filter(|t| t.name == "Step" || is_task(&t.name))
        .enumerate()
        .map(|(position, t)| {
            let order = match t.value("Level") {
                None => Ok(position as i64),
                Some(l) => parse_int(l).map(i64::from).ok_or_else(|| l.to_string()),
            };
            let (id, element, parents) = if t.name == "Step" {
                // A step runs a task of the expanded configuration (by `Task`, else
                // `Identifier`).
                let id = step_task(|a| t.value(a)).map_or("", |(_, v)| v).to_string();
                match table.get(&id) {
                    Some(target) => (
                        id,
                        target.element().to_string(),
                        target.parents().into_iter().map(str::to_string).collect(),
                    ),
                    None => (id, "Step".to_string(), Vec::new()),
                }
            } else {
                (
                    t.value("Identifier").unwrap_or_default().to_string(),
                    t.name.to_string(),
                    t.children
                        .iter()
                        .filter(|c| c.name == "TaskDependsOnTask")
                        .filter_map(|c| c.value("ParentTask").map(str::to_string))
                        .collect(),
                )
            };
            ListedTask {
                id,
                element,
                order,
                parents,
            }
        })
        .collect();
    // Stable: by order, then document order; the tasks of an invalid `Level` last.
    tasks.sort_by_key(|t| match t.order {
        Ok(n) => (false, n),
        Err(_) => (true, 0),
    });
    JobListing {
        id: job.value("Identifier").unwrap_or_default().to_string(),
        generated_by,
        tasks,
    }
}

/// `Task : <Identifier>, Order : <n>`, one line per task: the product's job-steps format.
pub fn steps(job: &JobListing) -> String {
    job.tasks
        .iter()
        .map(|t| match &t.order {
            Ok(n) => format!("Task : {}, Order : {n}\n", t.id),
            Err(value) => format!(
                "Task : {}, Order : invalid Level \"{}\"\n",
                t.id,
                value.escape_debug()
            ),
        })
        .collect()
}

/// A level as `graph` names it: its number, or `invalid "<value>"`.
fn order_text(order: &Result<i64, String>) -> String {
    match order {
        Ok(n) => n.to_string(),
        Err(value) => format!("invalid \"{}\"", value.escape_debug()),
    }
}

/// The place of the first task of each identifier.
fn first_positions(job: &JobListing) -> HashMap<&str, usize> {
    let mut out = HashMap::new();
    for (i, t) in job.tasks.iter().enumerate() {
        out.entry(t.id.as_str()).or_insert(i);
    }
    out
}

/// The part of a task identifier after the job's prefix, shorter for a drawing.
fn short<'t>(job: &str, id: &'t str) -> &'t str {
    id.strip_prefix(job)
        .and_then(|s| s.strip_prefix('_'))
        .unwrap_or(id)
}

/// A Mermaid flowchart: one subgraph per level, one edge per dependency (parent to child).
pub fn mermaid(job: &JobListing) -> String {
    let esc = |s: &str| s.replace('"', "#quot;");
    let mut out = format!("flowchart TB\n    %% {}\n", esc(&job.id));
    let positions = first_positions(job);
    let index = |id: &str| positions.get(id).copied();
    let mut level: Option<&Result<i64, String>> = None;
    for (i, t) in job.tasks.iter().enumerate() {
        if level != Some(&t.order) {
            if level.is_some() {
                out.push_str("    end\n");
            }
            out.push_str(&format!(
                "    subgraph L{i}[\"Level {}\"]\n",
                esc(&order_text(&t.order))
            ));
            level = Some(&t.order);
        }
        out.push_str(&format!(
            "        t{i}[\"{}<br/>{}\"]\n",
            esc(short(&job.id, &t.id)),
            esc(&t.element)
        ));
    }
    if level.is_some() {
        out.push_str("    end\n");
    }
    for (i, t) in job.tasks.iter().enumerate() {
        for p in &t.parents {
            if let Some(j) = index(p) {
                out.push_str(&format!("    t{j} --> t{i}\n"));
            }
        }
    }
    out
}

/// A Graphviz digraph: one cluster per level, one edge per dependency.
pub fn dot(job: &JobListing) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box, fontname=\"Helvetica\"];\n",
        esc(&job.id)
    );
    let positions = first_positions(job);
    let index = |id: &str| positions.get(id).copied();
    let mut level: Option<&Result<i64, String>> = None;
    for (i, t) in job.tasks.iter().enumerate() {
        if level != Some(&t.order) {
            if level.is_some() {
                out.push_str("  }\n");
            }
            out.push_str(&format!(
                "  subgraph cluster_{i} {{\n    label=\"Level {}\";\n",
                esc(&order_text(&t.order))
            ));
            level = Some(&t.order);
        }
        out.push_str(&format!(
            "    t{i} [label=\"{}\\n{}\"];\n",
            esc(short(&job.id, &t.id)),
            esc(&t.element)
        ));
    }
    if level.is_some() {
        out.push_str("  }\n");
    }
    for (i, t) in job.tasks.iter().enumerate() {
        for p in &t.parents {
            if let Some(j) = index(p) {
                out.push_str(&format!("  t{j} -> t{i};\n"));
            }
        }
    }
    out.push_str("}\n");
    out
}
