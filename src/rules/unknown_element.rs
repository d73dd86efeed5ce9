//! `unknown-element`: a child element that a scaffolding, job or task does not accept.

use super::{Rule, Visit};
use crate::diagnostic::{suggest, Diagnostic, Edit, Fix, Severity};
use crate::model::{is_scaffolding, is_task, ElRef};

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

pub fn visit(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let (r, local, parent) = (v.r, v.local, v.parent_local);
    let checked = (parent.is_none()
        && (is_scaffolding(local)
            || local == "Job"
            || crate::acr::AcrKind::from_local_name(local).is_some()))
        || (is_task(local) && matches!(parent, None | Some("Job")));
    if !checked {
        return;
    }
    let Some(spec) = v.spec else {
        return;
    };
    let Some(children) = spec.children else {
        return;
    };
    for c in r.el.children() {
        if spec.accepts_child(c.local()) {
            continue;
        }
        let c = r.child(c);
        let d = Diagnostic::new(
            RULE.code,
            c.name_label(),
            format!("`<{}>` does not accept a `<{}>` child", local, c.el.local()),
        );
        let known = children.iter().copied().filter(|n| !n.starts_with('*'));
        out.push(match suggest(c.el.local(), known) {
            Some(s) => {
                let d = d.with_help(format!("did you mean `<{s}>`?"));
                match rename_fix(c, s) {
                    Some(fix) => d.with_fix(fix),
                    None => d,
                }
            }
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

/// Renames an element (its local name, in the start tag and in the end tag, keeping a
/// prefix): safe when the new name differs only by case.
fn rename_fix(c: ElRef<'_>, to: &str) -> Option<Fix> {
    let el = c.el;
    let text = el.text();
    let local_in = |name: std::ops::Range<usize>| name.end - el.local().len()..name.end;
    let mut ranges = vec![local_in(el.name_range())];
    if el.start_tag() != el.range() {
        // The end tag: `</`, the name as written, optional white space, `>`.
        let whole = text.get(el.range())?;
        let at = el.range().start + whole.rfind("</")? + 2;
        let name = at..at + el.name().len();
        if text.get(name.clone()) != Some(el.name()) {
            return None;
        }
        ranges.push(local_in(name));
    }
    if ranges.iter().any(|r| text.get(r.clone()) != Some(el.local())) {
        return None;
    }
    let mut fix = Fix::did_you_mean(c.file, ranges[0].clone(), el.local(), to, false);
    fix.edits = ranges
        .into_iter()
        .map(|r| Edit::replace(c.file, r, to))
        .collect();
    Some(fix)
}
