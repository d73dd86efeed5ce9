//! `override-without-target`: a `ConsolidationMode` element that overrides nothing.


use super::{Context, Rule};
use crate::diagnostic::{suggest, Diagnostic, Fix, Severity};
use crate::model::scaffolding::kind_is;
use crate::model::ScaffoldingKind;
use crate::model::is_task;

pub const RULE: Rule = Rule {
    code: super::RuleId::OverrideWithoutTarget,
    severity: Severity::Error,
    summary: "a `ConsolidationMode` override whose identifier matches no generated element",
    explain: "A hand-written `<Job>` or task with a `ConsolidationMode` attribute (`Merge`, \
`Update`, `Delete`) adjusts the generated element of the same kind and `Identifier`. When no \
scaffolding generates such an element (a typo in the identifier, a renamed job), the override \
silently does nothing on the server; scaffc reports it.

Example:
    <CreateConnectorSynchroIncremental Connector=\"AD\" JobIdentifier=\"AD_Delta\" />
    <FulfillTask Identifier=\"AD_Delta_Fulfil1\" ConsolidationMode=\"Merge\" ContinueOnError=\"false\" />

Fix: use the generated identifier (`scaffc expand` shows them: `AD_Delta_Fulfill1`), or remove \
the override.",
};

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let m = ctx.model;
    // Until every scaffolding kind is expanded, an override may target one we do not
    // generate yet: stay silent rather than report a false error.
    if m
        .scaffoldings
        .iter()
        .any(|s| !kind_is(s.el.local(), ScaffoldingKind::is_expanded))
    {
        return;
    }
    for (r, parent) in m.top() {
        let (local, parent) = (r.el.local(), parent.map(|p| p.local()));
        let overridable = (local == "Job" && parent.is_none())
            || (is_task(local) && matches!(parent, None | Some("Job")));
        if !overridable || r.el.attr("ConsolidationMode").is_none() {
            continue;
        }
        let Some(id) = r.id() else { continue };
        // Built on the first override met: most configurations have none.
        let generated = ctx.generated();
        if generated.contains(&(local, id)) {
            continue;
        }
        // The first kind by name, not the set's order, when several kinds have the identifier.
        let same_id_other_kind = generated
            .iter()
            .filter(|(_, g)| *g == id)
            .map(|(k, _)| *k)
            .min();
        let mut same_kind: Vec<&str> = generated
            .iter()
            .filter(|(k, _)| *k == local)
            .map(|(_, g)| *g)
            .collect();
        same_kind.sort_unstable();
        let d = Diagnostic::new(
            RULE.code,
            r.value_label("Identifier"),
            format!("no scaffolding generates a `{local}` `{id}` for this override to apply to"),
        );
        out.push(match (same_id_other_kind, suggest(id, same_kind.iter().copied())) {
            (Some(kind), _) => d.with_help(format!(
                "`{id}` is generated as a `{kind}`: an override has the generated element's kind"
            )),
            (None, Some(s)) => {
                let d = d.with_help(format!("did you mean `{s}`?"));
                match r.el.attr("Identifier") {
                    Some(a) => {
                        d.with_fix(Fix::did_you_mean(r.file, a.value_range.clone(), id, s, true))
                    }
                    None => d,
                }
            }
            (None, None) => d.with_help(
                "use the identifier of a generated job or task (`scaffc expand` lists them), or remove `ConsolidationMode`",
            ),
        });
    }
}
