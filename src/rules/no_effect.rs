//! `no-effect`: an element or attribute accepted for compatibility that changes nothing.

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::expand::parse_bool;
use crate::fix::{remove_attribute, remove_element};
use crate::model::is_scaffolding;
use crate::source::FileId;
use crate::xml::{Attr, Element};

pub const RULE: Rule = Rule {
    code: super::RuleId::NoEffect,
    severity: Severity::Warning,
    summary: "an element or attribute accepted for compatibility that changes nothing",
    explain: "Some scaffolding elements and attributes are accepted so that existing \
configurations load, but change nothing in the generated jobs: `FulfillInternalWorkflowsPath` \
and `FormatPropertiesInResource` children, `DoNotCreateJob` (6.1: scaffc always writes the job),
the `OldAlgorithm=\"true\"` attribute of a scaffolding (`false` asks for what scaffc does), and \
`CopyOccurence` on `AddTask`. The product's documentation gives no output for them.

Example:
    <CreateConnectorSynchroIncremental Connector=\"AD\" OldAlgorithm=\"true\">
      <FormatPropertiesInResource />
    </CreateConnectorSynchroIncremental>

Fix: remove them, or keep them knowingly: the generated jobs are the same either way.",
};

const NO_EFFECT_CHILDREN: &[&str] = &[
    "FulfillInternalWorkflowsPath",
    "FormatPropertiesInResource",
    "DoNotCreateJob",
];

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    for &s in &ctx.model.scaffoldings {
        if !is_scaffolding(s.el.local()) {
            continue;
        }
        // `OldAlgorithm="false"` asks for what scaffc does; only `true` is without effect
        // (a value that does not parse is `invalid-value` only).
        if let Some(a) =
            s.el.attr("OldAlgorithm")
                .filter(|a| parse_bool(a.value) == Some(true))
        {
            out.push(
                Diagnostic::new(
                    RULE.code,
                    crate::diagnostic::Label::new(s.file, a.name_range.clone()),
                    "`OldAlgorithm` changes nothing: scaffc generates the current identifiers",
                )
                .with_help("remove the attribute")
                .with_removal(ctx, s.file, Removal::Attribute(a)),
            );
        }
        for c in s.el.children() {
            let c = s.child(c);
            if NO_EFFECT_CHILDREN.contains(&c.el.local()) {
                out.push(
                    Diagnostic::new(
                        RULE.code,
                        c.name_label(),
                        format!("`<{}>` changes nothing in the generated job", c.el.local()),
                    )
                    .with_help("remove the element")
                    .with_removal(ctx, c.file, Removal::Element(c.el)),
                );
            }
            if c.el.local() == "AddTask" {
                if let Some(a) = c.el.attr("CopyOccurence") {
                    out.push(
                        Diagnostic::new(
                            RULE.code,
                            crate::diagnostic::Label::new(c.file, a.name_range.clone()),
                            "`CopyOccurence` changes nothing: the task is inserted once",
                        )
                        .with_help("remove the attribute")
                        .with_removal(ctx, c.file, Removal::Attribute(a)),
                    );
                }
            }
        }
    }
}

enum Removal<'a> {
    Attribute(Attr<'a>),
    Element(Element<'a>),
}

trait WithRemoval {
    fn with_removal(self, ctx: &Context<'_, '_>, file: FileId, what: Removal<'_>) -> Self;
}

impl WithRemoval for Diagnostic {
    /// The safe fix that removes what changes nothing.
    fn with_removal(self, ctx: &Context<'_, '_>, file: FileId, what: Removal<'_>) -> Self {
        let text = &ctx.sources.file(file).text;
        let (edit, message) = match what {
            Removal::Attribute(a) => (
                remove_attribute(text, file, &a),
                format!("remove the attribute `{}`", a.name),
            ),
            Removal::Element(e) => (
                remove_element(text, file, &e),
                format!("remove the element `<{}>`", e.local()),
            ),
        };
        match edit {
            Some(edit) => self.with_fix(Fix::safe(message, vec![edit])),
            None => self,
        }
    }
}
