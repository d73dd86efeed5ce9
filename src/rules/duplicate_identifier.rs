//! `duplicate-identifier`: two elements of one kind with the same identifier, ignoring case.

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
    /// Where to report it (file, start, end): made a [`Label`] only for a duplicate, since
    /// there is one entry per identifier of the configuration. Texts are under 2 GiB.
    at: (u32, u32, u32),
    is_override: bool,
    generated_task: bool,
    generated: bool,
}

/// (file, start, end) of a label.
fn spot(l: &Label) -> (u32, u32, u32) {
    (l.file as u32, l.range.start as u32, l.range.end as u32)
}

impl Entry<'_> {
    fn label(&self) -> Label {
        let (file, start, end) = self.at;
        Label::new(file as usize, start as usize..end as usize)
    }
}

/// A generated identifier kept for comparison: its element name, its range in the buffer,
/// where to report it.
type GeneratedSpan = (&'static str, std::ops::Range<usize>, (u32, u32, u32));

/// The kind under which a hand-written element's identifier is compared, if it is one of
/// the kinds this rule judges (`parent`: the parent's local name, `None` at the root).
fn hand_kind<'l>(local: &'l str, parent: Option<&str>) -> Option<&'l str> {
    if parent.is_none() && (KINDS.contains(&local) || local.ends_with("ResourceTypeMapping")) {
        Some(if local.ends_with("ResourceTypeMapping") {
            "ResourceTypeMapping"
        } else {
            local
        })
    } else if is_task(local) && matches!(parent, None | Some("Job")) {
        Some("task")
    } else if parent.is_none() && crate::acr::expand::is_generated_kind(local) {
        // `AccessControlRule`, `DisplayEntityType`, ... (`Profile` is one of `KINDS`).
        Some(local)
    } else {
        None
    }
}

pub fn check(ctx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let overrides = ctx.overrides();
    let profile_created = ctx
        .model
        .rule_scaffoldings
        .iter()
        .any(|(k, _)| *k == crate::acr::AcrKind::CreateAdministratorProfile);
    // A scaffolding whose profile or entity type is not declared is reported for that, once,
    // not again for each rule it generates.
    let judged: Vec<_> = ctx
        .expanded
        .rules
        .iter()
        .filter(|e| e.inputs_resolve(ctx.model, profile_created))
        .collect();
    // Tens of thousands of generated rules may be judged, and only an identifier whose
    // (kind, identifier ignoring case) hash another one shares can be a duplicate: their
    // hashes first (with those of the hand-written elements, which are few), then only the
    // identifiers of shared hashes are kept, in one buffer.
    use std::hash::BuildHasher;
    let hasher = std::hash::BuildHasherDefault::<rustc_hash::FxHasher>::default();
    let key_hash = |kind: &str, id: &str| hasher.hash_one((kind, Folded::new(id)));
    // (hash, whether generated): a key shared by hand-written elements alone is for the
    // walk below; only a generated identifier in a shared key is kept.
    let mut hashes: Vec<(u64, bool)> = Vec::new();
    if !judged.is_empty() {
        // A generated identifier can only be a duplicate of one of its own kind: the
        // hand-written elements of those kinds (root-level), which are few.
        for r in &ctx.model.elements {
            let local = r.el.local();
            if crate::acr::expand::is_generated_kind(local) {
                if let (Some(kind), Some(id)) = (hand_kind(local, None), r.id()) {
                    hashes.push((key_hash(kind, id), false));
                }
            }
        }
    }
    for e in &judged {
        e.for_each_generated(|k, id| hashes.push((key_hash(k, id), true)));
    }
    hashes.sort_unstable_by_key(|h| h.0);
    let shared: rustc_hash::FxHashSet<u64> = hashes
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|c| c.len() > 1 && c.iter().any(|h| h.1))
        .map(|c| c[0].0)
        .collect();
    drop(hashes);
    let mut arena = String::new();
    let mut generated_spans: Vec<GeneratedSpan> = Vec::new();
    if !shared.is_empty() {
        for e in &judged {
            let at = spot(&e.source.name_label());
            e.for_each_generated(|k, id| {
                if shared.contains(&key_hash(k, id)) {
                    let start = arena.len();
                    arena.push_str(id);
                    generated_spans.push((
                        crate::acr::expand::static_name(k),
                        start..arena.len(),
                        at,
                    ));
                }
            });
        }
    }
    let mut entries: Vec<Entry> = Vec::new();
    for (r, parent) in ctx.model.top() {
        let (local, parent) = (r.el.local(), parent.map(|p| p.local()));
        let Some(kind) = hand_kind(local, parent) else {
            continue;
        };
        let Some(id) = r.el.attr("Identifier") else {
            continue;
        };
        let at = id.value_range;
        entries.push(Entry {
            kind,
            id: id.value,
            at: (r.file as u32, at.start as u32, at.end as u32),
            // An element of a generated one's name and identifier overrides it
            // (`scaffoldings.md` section 4), with or without `ConsolidationMode`.
            is_override: r.el.attr("ConsolidationMode").is_some()
                || (parent.is_none() && overrides.contains(&(local, id.value))),
            generated_task: false,
            generated: false,
        });
    }
    for e in &ctx.expanded.jobs {
        let s = e.scaffolding;
        let at = spot(&match s.el.attr("JobIdentifier") {
            Some(_) => s.value_label("JobIdentifier"),
            None => Label::new(s.file, s.el.start_tag()),
        });
        for job in e.jobs() {
            entries.push(Entry {
                kind: "Job",
                id: job.value("Identifier").unwrap_or_default(),
                at,
                is_override: false,
                generated_task: false,
                generated: true,
            });
        }
        for t in e.tasks() {
            entries.push(Entry {
                kind: "task",
                id: t.value("Identifier").unwrap_or_default(),
                at,
                is_override: false,
                generated_task: true,
                generated: true,
            });
        }
    }
    // What the other scaffoldings generate (rules, profiles), at the name of the
    // hand-written scaffolding they come from: their identifiers, made one at a time, in
    // one buffer (they keep none when no XML is asked for).
    for (kind, range, at) in generated_spans {
        entries.push(Entry {
            kind,
            id: &arena[range],
            at,
            is_override: false,
            generated_task: false,
            generated: true,
        });
    }
    // Path order, then document order; a stable sort keeps a job before its own tasks.
    entries.sort_by_key(|e| (e.at.0, e.at.1));
    // The entries by the hash of (kind, identifier ignoring case), then in order: a key's
    // entries are together, its first one first. A hash is 16 bytes per identifier where a
    // map of keys would hold them all.
    let mut by_hash: Vec<(u64, u32)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (hasher.hash_one((e.kind, Folded::new(e.id))), i as u32))
        .collect();
    by_hash.sort_unstable();
    // (later entry, first entry of its key), in entry order.
    let mut repeats: Vec<(u32, u32)> = Vec::new();
    for same_hash in by_hash.chunk_by(|a, b| a.0 == b.0) {
        if same_hash.len() < 2 {
            continue;
        }
        // Distinct keys may share a hash: each key's first entry, compared for real.
        let mut firsts: Vec<(&str, Folded<'_>, u32)> = Vec::new();
        for &(_, i) in same_hash {
            let e = &entries[i as usize];
            // An override collides with nothing: it is not the first of its key either, so
            // that two elements it overrides are still compared.
            if e.is_override {
                continue;
            }
            let key = Folded::new(e.id);
            match firsts.iter().find(|(k, f, _)| *k == e.kind && *f == key) {
                Some(&(_, _, first)) => repeats.push((i, first)),
                None => firsts.push((e.kind, key, i)),
            }
        }
    }
    repeats.sort_unstable();
    for (e, f) in repeats {
        let (e, f) = (&entries[e as usize], &entries[f as usize]);
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
            e.label(),
            format!("{what} identifier `{}` is already used: {same}", e.id),
        )
        .with_related(f.label().with_message(if f.generated {
            format!("first generated by this scaffolding as `{}`", f.id)
        } else {
            format!("`{}` is first defined here", f.id)
        }));
        let job = matches!(e.kind, "Job" | "task");
        d = d.with_help(if (e.generated || f.generated) && job {
            "rename the job (`JobIdentifier`), or make the hand-written element an override with `ConsolidationMode`"
        } else if e.generated && f.generated && e.at == f.at {
            "the same scaffolding generates both: its profile or entity type, put into one identifier, meets another only by case; rename it"
        } else if e.generated && f.generated {
            "two scaffoldings generate it: keep one of them"
        } else if (e.generated || f.generated) && e.id != f.id {
            "an override names the generated element exactly, case included: write its identifier as generated, or rename it"
        } else if e.generated || f.generated {
            "make the hand-written element an override of the generated one with `ConsolidationMode`, or rename it"
        } else {
            "rename one of them: identifiers are compared ignoring case"
        });
        out.push(d);
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
