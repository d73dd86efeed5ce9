//! `invalid-identifier`: an identifier of a modelled kind with characters outside the rule.

use super::{Rule, Visit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{is_scaffolding, is_task};

pub const RULE: Rule = Rule {
    code: super::RuleId::InvalidIdentifier,
    severity: Severity::Error,
    summary: "an identifier with characters outside letters, digits, `_`, `.`, `-`",
    explain: "Identifiers of the modelled kinds (agents, connectors, connections, entity types, \
mappings, resource types, OpenId clients, profiles, jobs, tasks, and a scaffolding's \
`JobIdentifier`) start with an ASCII letter and go on with ASCII letters, digits, `_`, `.` and \
`-`. A `Connection` identifier is stricter, as the product documents it: a letter, then up to \
441 letters, digits, `.` or `-` (no `_`: export files are named `<connection>_<table>`). \
Elements scaffc does not model are not checked: real configurations use spaces there.

Example:
    <Connection Identifier=\"AD_Export\" DisplayName_L1=\"AD\" Connector=\"AD\" Package=\"Usercube.AD@0000001\" />

Fix: rename with the allowed characters (`ADExport`), and update the references.",
};

use crate::model::IDENTIFIED_KINDS as KINDS;

/// Letters, digits, `_`, `.`, `-`, starting with a letter.
pub fn valid(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// A letter, then up to 441 of letters, digits, `.`, `-`.
pub fn valid_connection(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && id.len() <= 442
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
}

pub fn visit(v: &Visit<'_, '_>, out: &mut Vec<Diagnostic>) {
    let (r, local, parent) = (v.r, v.local, v.parent_local);
    let attr = if parent.is_none() && is_scaffolding(local) {
        "JobIdentifier"
    } else if (parent.is_none()
        && (KINDS.contains(&local)
            || local == "Connection"
            || local.ends_with("ResourceTypeMapping")))
        || (is_task(local) && parent == Some("Job"))
        || (is_task(local) && parent.is_none())
    {
        "Identifier"
    } else {
        return;
    };
    let Some(id) = v.value(attr) else { return };
    if local == "Connection" && parent.is_none() {
        if !valid_connection(id) {
            let why = if id.contains('_') {
                "a connection identifier cannot contain `_` (export files are named `<connection>_<table>`)".to_string()
            } else if id.len() > 442 {
                "a connection identifier has at most 442 characters".to_string()
            } else {
                "a connection identifier is a letter followed by letters, digits, `.` or `-`"
                    .to_string()
            };
            out.push(
                Diagnostic::new(
                    RULE.code,
                    r.value_label(attr),
                    format!("`{id}` is not a valid connection identifier"),
                )
                .with_help(why),
            );
        }
    } else if !valid(id) {
        out.push(
            Diagnostic::new(RULE.code, r.value_label(attr), format!("`{id}` is not a valid identifier"))
                .with_help("an identifier starts with a letter and has only letters, digits, `_`, `.` and `-`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_syntax() {
        assert!(valid("AD_Entry.v2-x"));
        assert!(!valid("1AD") && !valid("") && !valid("A B") && !valid("é") && !valid("_A"));
        assert!(valid_connection("ADExport.v2-x"));
        assert!(!valid_connection("AD_Export") && !valid_connection(&"a".repeat(443)));
        assert!(valid_connection(&"a".repeat(442)));
    }
}
