//! `unknown-element`: a child element that a scaffolding, job or task does not accept.

use super::{Context, Rule};
use crate::diagnostic::{suggest, Diagnostic, Severity};
use crate::model::{is_task, spec_of, JOB_SCAFFOLDINGS};

pub const RULE: Rule = Rule {
    code: super::RuleId::UnknownElement,
    severity: Severity::Error,
    summary: "a child element that a scaffolding, job or task does not accept",
    explain: "A scaffolding accepts its documented children (`OpenIdIdentifier`, \
`CronTabExpression`, `NoSynchronization`, `AddTask`, ...), a job accepts tasks, `Step`s and \
task overrides, and a task accepts `TaskDependsOnTask`, `TaskEntityType` and \
`TaskResourceType`. Any other child is an error: the product refuses it at deployment, or \
ignores what you meant to configure.

Example:
    <CreateConnectorSynchroIncremental Connector=\"AD\">
      <OpenIdIdentifer Identifier=\"Job\" />
    </CreateConnectorSynchroIncremental>

Fix: correct the element's name (`OpenIdIdentifier`), or move it where it belongs.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for (r, parent) in &ctx.model.all {
        let local = r.el.local;
        let checked = (parent.is_none() && (JOB_SCAFFOLDINGS.contains(&local) || local == "Job"))
            || (is_task(local) && matches!(parent.map(|p| p.local), None | Some("Job")));
        if !checked {
            continue;
        }
        let Some(spec) = spec_of(r.el, *parent) else {
            continue;
        };
        let Some(children) = spec.children else {
            continue;
        };
        for c in &r.el.children {
            if spec.accepts_child(c.local) {
                continue;
            }
            let c = r.child(c);
            let d = Diagnostic::new(
                RULE.code,
                c.name_label(),
                format!("`<{}>` does not accept a `<{}>` child", local, c.el.local),
            );
            let known = children.iter().copied().filter(|n| !n.starts_with('*'));
            out.push(match suggest(c.el.local, known) {
                Some(s) => d.with_help(format!("did you mean `<{s}>`?")),
                None if children.is_empty() => d.with_help(format!("`<{local}>` has no children")),
                None => d.with_help(format!(
                    "`<{local}>` accepts: {}",
                    children
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
        }
    }
}
