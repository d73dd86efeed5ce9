//! `duplicate-identifier`: two elements of one kind with the same identifier, ignoring case.

use rustc_hash::FxHashMap as HashMap;

use super::{Context, Rule};
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::model::is_task;

pub const RULE: Rule = Rule {
    code: super::RuleId::DuplicateIdentifier,
    severity: Severity::Error,
    summary: "two elements of one kind with the same identifier (ignoring case)",
    explain: "The product stores identifiers without regard to case: two agents, connectors, \
connections, entity types, mappings, resource types, OpenId clients, profiles, jobs or tasks \
whose identifiers differ only by case are the same element, and the deployment fails or one \
silently replaces the other. Generated jobs and tasks count too: a hand-written job named like \
a scaffolding's job collides with it, unless it is a `ConsolidationMode` override of it. The \
report is at the later one (path order, then document order), with the first as a secondary \
place.

Example:
    <Connector Identifier=\"AD\" DisplayName_L1=\"AD\" Agent=\"Local\" />
    <Connector Identifier=\"ad\" DisplayName_L1=\"AD again\" Agent=\"Local\" />

Fix: rename one of them, or merge them into one element.",
};

use crate::model::IDENTIFIED_KINDS as KINDS;

/// An identifier compared and hashed as its lower-case form (`str::to_lowercase`, whose
/// final sigma depends on the letters around it): an ASCII identifier, nearly every one, is
/// compared without making that form; any other has it made once.
#[derive(Debug, Clone)]
enum Folded<'e> {
    Ascii(&'e str),
    Lowered(String),
}

impl<'e> Folded<'e> {
    fn new(id: &'e str) -> Folded<'e> {
        if id.is_ascii() {
            Folded::Ascii(id)
        } else {
            Folded::Lowered(id.to_lowercase())
        }
    }

    /// The bytes of the lower-case form.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let (ascii, lowered) = match self {
            Folded::Ascii(s) => (Some(s.bytes().map(|b| b.to_ascii_lowercase())), None),
            Folded::Lowered(s) => (None, Some(s.bytes())),
        };
        ascii.into_iter().flatten().chain(lowered.into_iter().flatten())
    }
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Folded::Ascii(a), Folded::Ascii(b)) => a.eq_ignore_ascii_case(b),
            (Folded::Lowered(a), Folded::Lowered(b)) => a == b,
            _ => self.bytes().eq(other.bytes()),
        }
    }
}

impl Eq for Folded<'_> {}

impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // The bytes of the lower-case form in fixed 32-byte pieces: equal forms give the
        // same pieces, so equal identifiers hash alike.
        const PIECE: usize = 32;
        match self {
            Folded::Ascii(s) => {
                let mut buf = [0u8; PIECE];
                for chunk in s.as_bytes().chunks(PIECE) {
                    for (d, b) in buf.iter_mut().zip(chunk) {
                        *d = b.to_ascii_lowercase();
                    }
                    state.write(&buf[..chunk.len()]);
                }
            }
            Folded::Lowered(s) => {
                for chunk in s.as_bytes().chunks(PIECE) {
                    state.write(chunk);
                }
            }
        }
    }
}

struct Entry<'e> {
    kind: &'e str,
    id: &'e str,
    at: Label,
    is_override: bool,
    generated_task: bool,
    generated: bool,
}

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let generated = ctx.generated();
    let mut entries: Vec<Entry> = Vec::new();
    for (r, parent) in ctx.model.top() {
        let (local, parent) = (r.el.local(), parent.map(|p| p.local()));
        let kind = if parent.is_none()
            && (KINDS.contains(&local) || local.ends_with("ResourceTypeMapping"))
        {
            if local.ends_with("ResourceTypeMapping") {
                "ResourceTypeMapping"
            } else {
                local
            }
        } else if is_task(local) && matches!(parent, None | Some("Job")) {
            "task"
        } else {
            continue;
        };
        let Some(id) = r.id() else { continue };
        entries.push(Entry {
            kind,
            id,
            at: r.value_label("Identifier"),
            // An element of a generated one's name and identifier overrides it
            // (`scaffoldings.md` section 4), with or without `ConsolidationMode`.
            is_override: r.el.attr("ConsolidationMode").is_some()
                || (parent.is_none() && generated.contains(&(local, id))),
            generated_task: false,
            generated: false,
        });
    }
    for e in &ctx.expanded.jobs {
        let s = e.scaffolding;
        let at = match s.el.attr("JobIdentifier") {
            Some(_) => s.value_label("JobIdentifier"),
            None => Label::new(s.file, s.el.start_tag()),
        };
        for job in e.jobs() {
            entries.push(Entry {
                kind: "Job",
                id: job.value("Identifier").unwrap_or_default(),
                at: at.clone(),
                is_override: false,
                generated_task: false,
                generated: true,
            });
        }
        for t in e.tasks() {
            entries.push(Entry {
                kind: "task",
                id: t.value("Identifier").unwrap_or_default(),
                at: at.clone(),
                is_override: false,
                generated_task: true,
                generated: true,
            });
        }
    }
    // Path order, then document order; a stable sort keeps a job before its own tasks.
    entries.sort_by_key(|e| (e.at.file, e.at.range.start));
    let mut first: HashMap<(&str, Folded<'_>), &Entry> = HashMap::default();
    for e in &entries {
        let key = (e.kind, Folded::new(e.id));
        match first.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(e);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let f = *o.get();
                if f.is_override || e.is_override || (f.generated_task && e.generated_task) {
                    continue;
                }
                let what = if e.kind == "task" {
                    "task".to_string()
                } else {
                    format!("`{}`", e.kind)
                };
                let same = if f.id == e.id {
                    "the same identifier".to_string()
                } else {
                    format!("`{}`, which differs only by case", f.id)
                };
                let mut d = Diagnostic::new(
                    RULE.code,
                    e.at.clone(),
                    format!("{what} identifier `{}` is already used: {same}", e.id),
                )
                .with_related(f.at.clone().with_message(if f.generated {
                    format!("first generated by this scaffolding as `{}`", f.id)
                } else {
                    format!("`{}` is first defined here", f.id)
                }));
                d = d.with_help(if e.generated || f.generated {
                    "rename the job (`JobIdentifier`), or make the hand-written element an override with `ConsolidationMode`"
                } else {
                    "rename one of them: identifiers are compared ignoring case"
                });
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Folded;
    use std::hash::{BuildHasher, BuildHasherDefault};

    fn hash(s: &str) -> u64 {
        BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(Folded::new(s))
    }

    #[test]
    fn folded_identifiers_compare_and_hash_as_their_lower_case_forms() {
        for (a, b, same) in [
            ("AD_Export", "ad_export", true),
            ("AD_Export", "AD_Exporter", false),
            ("Référentiel", "RÉFÉRENTIEL", true),
            // The Kelvin sign lower-cases to an ASCII `k`.
            ("\u{212A}ey", "KEY", true),
            ("Straße", "STRASSE", false),
            // A final sigma lower-cases by its place in the word, as `to_lowercase` does.
            ("ΑΣ", "ας", true),
            ("ΒΣ", "βσ", false),
        ] {
            assert_eq!(a.to_lowercase() == b.to_lowercase(), same, "{a} {b}");
            assert_eq!(Folded::new(a) == Folded::new(b), same, "{a} {b}");
            if same {
                assert_eq!(hash(a), hash(b), "{a} {b}");
            }
        }
    }
}
