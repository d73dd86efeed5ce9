//! Expansion of the scaffoldings beyond jobs: each kind's table, its inputs substituted,
//! its rules put in the documented order; a template's children expanded in turn.
//!
//! - **Order** (`../reference/scaffoldings-acr/README.md`, "Format of the documented
//!   outputs"): sibling `AccessControlRule`s in byte order of their identifiers once the
//!   inputs are in; a rule's `Entry` children with `CanExecute` first, those with
//!   `FullAccessProperties` after the others of their group, then by byte order of
//!   `Permission` (the one documented case where `Permission` order alone does not hold,
//!   `ViewAccessControlRules`, fits this key, and every other case too). Attributes keep the
//!   tables' order: `Identifier` (or nothing) first, then byte order of names, except the
//!   `Entry` elements of `ConnectorResourceTypeAccessControl` (`Permission`, `CanExecute`),
//!   as documented. The other elements keep the table's order (a template's children are in
//!   byte order of their names, except in `ViewTargetResourceTemplate`, as documented).
//! - **Templates**: an element of a table whose name is a kind is a child scaffolding. It
//!   takes the template's inputs (the documented outputs copy them and nothing else) and is
//!   expanded in turn. No expansion can loop: a kind's children come from its own static
//!   table, and a test walks every table and finds no cycle.
//! - **Once**: a child of the same kind and inputs as a scaffolding already expanded (written
//!   by hand anywhere, or produced by another template) is not expanded again; the
//!   documented outputs give such children one database id (`JobViewAccessControlRules
//!   Id="6"` under two templates). Its producers are kept ([`AcrExpansion::also_from`]).
//!   Two identical hand-written scaffoldings both expand: their rules are then
//!   `duplicate-identifier`.

use std::borrow::Cow;

use super::{AcrKind, How, ADMINISTRATOR};
use crate::expand::GenElement;
use crate::model::{ElRef, Model};

/// One element of a table.
#[derive(Debug)]
pub struct Node {
    pub name: &'static str,
    pub attrs: Vec<(&'static str, &'static str)>,
    pub children: Vec<Node>,
}

impl Node {
    /// The kind of a child scaffolding, `None` for a generated element.
    pub fn child_kind(&self) -> Option<AcrKind> {
        AcrKind::from_local_name(self.name)
    }

    fn value(&self, name: &str) -> Option<&'static str> {
        self.attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }
}

/// The table of a kind that is expanded, read once per process.
pub fn table(kind: AcrKind) -> Option<&'static [Node]> {
    static TABLES: std::sync::LazyLock<Vec<Option<Vec<Node>>>> = std::sync::LazyLock::new(|| {
        AcrKind::all()
            .map(|k| match k.how() {
                How::Table(text) => Some(read_table(k, text)),
                How::Code | How::NotExpanded(_) => None,
            })
            .collect()
    });
    TABLES[kind as usize].as_deref()
}

/// Reads a table: an XML fragment, one root per element. The tables are part of the
/// program; a test reads every one ([`tests::every_table_reads`]).
fn read_table(kind: AcrKind, text: &'static str) -> Vec<Node> {
    // The fragment wrapped in a root, kept for the life of the process as the nodes borrow it.
    let doc: &'static str = Box::leak(format!("<T>{text}</T>").into_boxed_str());
    let parsed: &'static crate::xml::Parsed = Box::leak(Box::new(crate::xml::parse(doc, 0)));
    debug_assert!(parsed.errors.is_empty(), "{kind}: {:?}", parsed.errors);
    fn node(el: crate::xml::Element<'static>) -> Node {
        Node {
            name: el.local(),
            attrs: el.attrs().map(|a| (a.name, a.value)).collect(),
            children: el.children().map(node).collect(),
        }
    }
    parsed
        .root(doc)
        .map(|r| r.children().map(node).collect())
        .unwrap_or_default()
}

/// The `'static` form of the name of an element the scaffoldings beyond jobs generate (a
/// table's, or `EntityPropertyExpression`); another name is leaked once per process, which
/// no generated element has.
pub fn static_name(name: &str) -> &'static str {
    static NAMES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        let mut k: Vec<&'static str> = AcrKind::all()
            .filter_map(table)
            .flatten()
            .map(|n| n.name)
            .chain([super::display_name::ELEMENT])
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    });
    match NAMES.binary_search(&name) {
        Ok(i) => NAMES[i],
        Err(_) => Box::leak(name.to_string().into_boxed_str()),
    }
}

/// Whether a root-level element name is that of an identified element the tables generate
/// (`AccessControlRule`, `Profile`, `DisplayEntityType`, `EntityPropertyExpression`): a
/// hand-written one of a generated
/// one's identifier overrides it.
pub fn is_generated_kind(local: &str) -> bool {
    static KINDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        let mut k: Vec<&'static str> = AcrKind::all()
            .filter_map(table)
            .flatten()
            .filter(|n| n.child_kind().is_none() && n.value("Identifier").is_some())
            .map(|n| n.name)
            .chain([super::display_name::ELEMENT])
            .collect();
        k.sort_unstable();
        k.dedup();
        k
    });
    KINDS.contains(&local)
}

/// The values the placeholders of a table stand for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Values<'a> {
    /// `{P}`
    pub profile: &'a str,
    /// `{ET}`
    pub entity_type: &'a str,
    /// `{PL1}`, `{PL2}`: the profile's display names.
    pub profile_l1: &'a str,
    pub profile_l2: &'a str,
    /// `{L1}`, `{L2}`: the display names `CreateAdministratorProfile` gives its profile.
    pub l1: &'a str,
    pub l2: &'a str,
}

impl<'a> Values<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        Some(match key {
            "P" => self.profile,
            "ET" => self.entity_type,
            "PL1" => self.profile_l1,
            "PL2" => self.profile_l2,
            "L1" => self.l1,
            "L2" => self.l2,
            _ => return None,
        })
    }

    /// A table value with its placeholders replaced, written at the end of `out`.
    fn fill_into(&self, v: &str, out: &mut String) {
        let mut rest = v;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after
                .find('}')
                .and_then(|close| Some((close, self.get(&after[..close])?)))
            {
                Some((close, value)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
    }

    /// A table value with its placeholders replaced: borrowed when it has none, or when it
    /// is exactly one.
    fn fill(&self, v: &'static str) -> Cow<'a, str> {
        if !v.contains('{') {
            return Cow::Borrowed(v);
        }
        if let Some(whole) = v
            .strip_prefix('{')
            .and_then(|r| r.strip_suffix('}'))
            .and_then(|k| self.get(k))
        {
            return Cow::Borrowed(whole);
        }
        let mut out = String::with_capacity(v.len() + 32);
        self.fill_into(v, &mut out);
        Cow::Owned(out)
    }
}

/// A table's nodes with the values in, in the documented order ([module](self)).
pub fn generate<'a>(kind: AcrKind, values: &Values<'a>) -> Vec<GenElement<'a>> {
    let Some(nodes) = table(kind) else {
        return Vec::new();
    };
    let mut out: Vec<GenElement<'a>> = nodes
        .iter()
        // A child that takes an entity type is left out when there is none
        // (`CreateAdministratorProfile` without `EntityType`).
        .filter(|n| {
            !(values.entity_type.is_empty()
                && n.child_kind()
                    .is_some_and(|k| k.inputs().takes_entity_type()))
        })
        .map(|n| element(n, values))
        .collect();
    sort_rules(&mut out);
    out
}

fn element<'a>(n: &Node, values: &Values<'a>) -> GenElement<'a> {
    let mut e = GenElement::new(n.name);
    e.attrs.reserve_exact(n.attrs.len());
    for (name, v) in &n.attrs {
        let value = values.fill(v);
        // `{L1}`/`{L2}` with no such display name: the attribute is left out.
        if value.is_empty() && v.starts_with('{') {
            continue;
        }
        e.attrs.push((Cow::Borrowed(*name), value));
    }
    e.children = n.children.iter().map(|c| element(c, values)).collect();
    if e.name == "AccessControlRule" {
        e.children.sort_by(|a, b| entry_key(a).cmp(&entry_key(b)));
    }
    e
}

/// The order of a rule's entries: `CanExecute` ones first, `FullAccessProperties` ones last
/// in their group, then `Permission` in byte order.
fn entry_key<'e>(e: &'e GenElement<'_>) -> (bool, bool, &'e [u8]) {
    (
        e.value("CanExecute").is_none(),
        e.value("FullAccessProperties").is_some(),
        e.value("Permission").unwrap_or("").as_bytes(),
    )
}

/// Sorts the `AccessControlRule`s among `elements` by identifier, in the places they hold.
fn sort_rules(elements: &mut [GenElement<'_>]) {
    let places: Vec<usize> = (0..elements.len())
        .filter(|&i| elements[i].name == "AccessControlRule")
        .collect();
    let mut rules: Vec<GenElement<'_>> = places
        .iter()
        .map(|&i| std::mem::replace(&mut elements[i], GenElement::new("")))
        .collect();
    fn id<'e>(e: &'e GenElement<'_>) -> &'e [u8] {
        e.value("Identifier").unwrap_or("").as_bytes()
    }
    rules.sort_by(|a, b| id(a).cmp(id(b)));
    for (i, r) in places.into_iter().zip(rules) {
        elements[i] = r;
    }
}

/// The templates between a hand-written scaffolding and one it produces, outermost first:
/// no table nests deeper than a few levels, so they are held inline.
pub type Via = smallvec::SmallVec<[AcrKind; 6]>;

/// What one scaffolding generates, and where it comes from.
#[derive(Debug, Clone)]
pub struct AcrExpansion<'a> {
    pub kind: AcrKind,
    /// The hand-written element it comes from: itself, or the template that produced it.
    pub source: ElRef<'a>,
    /// The templates between `source` and this scaffolding, outermost first (`source`'s
    /// kind first): empty when it is written by hand.
    pub via: Via,
    pub profile: Option<&'a str>,
    pub entity_type: Option<&'a str>,
    /// Its one-level output, as the product's export of scaffoldings shows it: the
    /// elements it generates and the child scaffoldings it produces (without the export's
    /// database `Id`). Empty when it is not expanded.
    pub elements: Vec<GenElement<'a>>,
    /// Why it is not expanded (its kind's reason, or one of this scaffolding's own);
    /// `None` when it is.
    pub not_expanded: Option<super::Why>,
    /// The other places that produce the same scaffolding (same kind and inputs), expanded
    /// once here: (hand-written source, templates between).
    pub also_from: Vec<(ElRef<'a>, Via)>,
    /// (element name, identifier) of what it generated before overrides changed it (an
    /// override that deletes a rule leaves it here).
    pub overridden: Vec<(String, String)>,
    /// Whether [`AcrExpansion::elements`] holds what its table generates ([`Detail::Full`]),
    /// or nothing of it ([`Detail::Identifiers`]: the identifiers are made when asked for,
    /// [`AcrExpansion::for_each_generated`]).
    pub detail: Detail,
}

impl<'a> AcrExpansion<'a> {
    /// The elements it generates itself (not its child scaffoldings), when they were made
    /// ([`Detail::Full`]).
    pub fn generated(&self) -> impl Iterator<Item = &GenElement<'a>> {
        self.elements
            .iter()
            .filter(|e| AcrKind::from_local_name(&e.name).is_none())
    }

    /// Whether its elements are still to be made from its table.
    fn lazy(&self) -> bool {
        self.detail == Detail::Identifiers
            && self.not_expanded.is_none()
            && matches!(self.kind.how(), How::Table(_))
    }

    /// (element name, identifier) of each element it generates, after overrides, in order:
    /// read from its elements, or, when they were not made ([`Detail::Identifiers`]), made
    /// one at a time from its table.
    pub fn for_each_generated(&self, f: impl FnMut(&str, &str)) {
        self.for_each_generated_named(None, f);
    }

    /// [`AcrExpansion::for_each_generated`], of the elements of these names only (`None`:
    /// every one): the others' identifiers are not made.
    pub fn for_each_generated_named(&self, names: Option<&[&str]>, mut f: impl FnMut(&str, &str)) {
        let wanted = |name: &str| names.is_none_or(|n| n.contains(&name));
        if !self.lazy() {
            for g in self.generated().filter(|g| wanted(&g.name)) {
                if let Some(id) = g.value("Identifier") {
                    f(&g.name, id);
                }
            }
            return;
        }
        // Identifiers hold the profile and the entity type only (a test checks the tables).
        let values = Values {
            profile: self.profile.unwrap_or(""),
            entity_type: self.entity_type.unwrap_or(""),
            ..Values::default()
        };
        // Made into one buffer, then handed out in the order of the made elements: the rules
        // among them in byte order of their identifiers, in the places rules hold
        // (`sort_rules`), which the inputs may change.
        let mut buf = String::new();
        let mut made: Vec<(&'static str, std::ops::Range<usize>)> = Vec::new();
        for n in table(self.kind).unwrap_or_default() {
            if n.child_kind().is_some() {
                continue;
            }
            if let Some(v) = n.value("Identifier") {
                let start = buf.len();
                values.fill_into(v, &mut buf);
                made.push((n.name, start..buf.len()));
            }
        }
        let places: Vec<usize> = (0..made.len())
            .filter(|&i| made[i].0 == "AccessControlRule")
            .collect();
        let mut rules: Vec<std::ops::Range<usize>> =
            places.iter().map(|&i| made[i].1.clone()).collect();
        rules.sort_by(|a, b| buf.as_bytes()[a.clone()].cmp(&buf.as_bytes()[b.clone()]));
        for (i, r) in places.into_iter().zip(rules) {
            made[i].1 = r;
        }
        for (name, range) in made {
            if wanted(name) {
                f(name, &buf[range]);
            }
        }
    }

    /// Makes its elements from its table, if they were not made: before an override
    /// changes them.
    pub fn make_elements(&mut self, model: &Model<'a>) {
        if self.lazy() {
            let created = created_profiles(model);
            let values = values_of(
                model,
                &created,
                self.kind,
                self.source,
                self.profile,
                self.entity_type,
            );
            self.elements = generate(self.kind, &values);
            self.detail = Detail::Full;
        }
    }

    /// Whether its inputs name what the configuration declares (its profile, or the one a
    /// `CreateAdministratorProfile` creates; its entity type): otherwise `unknown-profile`
    /// or `unknown-entity-type` says so, and what it generates is not judged further.
    pub fn inputs_resolve(&self, model: &Model<'_>, profile_created: bool) -> bool {
        let profile = self.profile.is_none_or(|p| {
            model.profiles.contains_key(p) || (profile_created && p == ADMINISTRATOR)
        });
        profile
            && self
                .entity_type
                .is_none_or(|e| model.entity_types.contains_key(e))
    }

    /// Whether it is written by hand (not produced by a template).
    pub fn is_hand_written(&self) -> bool {
        self.via.is_empty()
    }

    /// The key of its `expand --out` file: its profile and entity type joined by `_`.
    pub fn key(&self) -> String {
        match (self.profile, self.entity_type) {
            (Some(p), Some(e)) => format!("{p}_{e}"),
            (Some(p), None) => p.to_string(),
            (None, Some(e)) => e.to_string(),
            (None, None) => self.kind.name().to_string(),
        }
    }

    /// The chain of templates that produced it, then itself: `CreateAdministratorProfile >
    /// JobExecutionAccessControlRules > JobViewAccessControlRules`.
    pub fn provenance(&self) -> String {
        chain(&self.via, self.kind)
    }

    /// [`AcrExpansion::provenance`] of each of [`AcrExpansion::also_from`].
    pub fn also_provenances(&self) -> Vec<String> {
        self.also_from
            .iter()
            .map(|(_, via)| chain(via, self.kind))
            .collect()
    }
}

/// The expansions of each hand-written scaffolding: it, then what it produces.
pub fn blocks<'e, 'a>(
    rules: &'e [AcrExpansion<'a>],
) -> impl Iterator<Item = &'e [AcrExpansion<'a>]> {
    rules.chunk_by(|_, next| !next.is_hand_written())
}

/// `A > B > kind`.
pub fn chain(via: &[AcrKind], kind: AcrKind) -> String {
    via.iter()
        .chain([&kind])
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(" > ")
}

/// The profile a `CreateAdministratorProfile` creates: `Administrator`, its L1 and L2 from
/// its `DisplayNameProfile` children (`en-*` L1, `fr-*` L2: the product's first and second
/// languages; the text in `Value`, else `DisplayName`). L1 defaults to the identifier.
pub struct CreatedProfile<'a> {
    pub source: ElRef<'a>,
    pub l1: &'a str,
    pub l2: &'a str,
}

pub fn created_profile<'a>(s: ElRef<'a>) -> CreatedProfile<'a> {
    let mut l1 = "";
    let mut l2 = "";
    for c in s.el.children_named("DisplayNameProfile") {
        let (Some(lang), Some(text)) = (
            c.value("Identifier"),
            c.value("Value").or(c.value("DisplayName")),
        ) else {
            continue;
        };
        let lang = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
        match lang.as_str() {
            "en" if l1.is_empty() => l1 = text,
            "fr" if l2.is_empty() => l2 = text,
            _ => {}
        }
    }
    CreatedProfile {
        source: s,
        l1: if l1.is_empty() { ADMINISTRATOR } else { l1 },
        l2,
    }
}

/// The profiles that the hand-written `CreateAdministratorProfile`s create, in order.
pub fn created_profiles<'a>(model: &Model<'a>) -> Vec<CreatedProfile<'a>> {
    model
        .rule_scaffoldings
        .iter()
        .filter(|(k, _)| *k == AcrKind::CreateAdministratorProfile)
        .map(|(_, s)| created_profile(*s))
        .collect()
}

/// What makes two scaffoldings the same: kind, profile, entity type, and the `Property` of
/// those that take one (a display name on another property is another scaffolding).
type Key<'a> = (AcrKind, Option<&'a str>, Option<&'a str>, Option<&'a str>);

/// How much of the generated elements to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every attribute and child: what `expand` writes and the language server shows.
    Full,
    /// Only what the checks read: each generated element's name and `Identifier`, made when
    /// asked for ([`AcrExpansion::for_each_generated`]) and not kept. `check` asks for no
    /// XML: on a configuration with a `ViewTemplate` per entity type, it keeps no element.
    Identifiers,
}

/// Expands every scaffolding beyond jobs: each hand-written one in path and document
/// order, each followed by what it produces, depth first. What to expand is planned first,
/// in order (the templates' children come from their static tables, and which of them are
/// expanded once depends on the order), each as an expansion with nothing generated yet;
/// each is then generated in its place, on `threads` threads.
pub fn expand_all<'a>(model: &Model<'a>, threads: usize, detail: Detail) -> Vec<AcrExpansion<'a>> {
    if model.rule_scaffoldings.is_empty() {
        return Vec::new();
    }
    let inputs = |kind: AcrKind, s: ElRef<'a>| -> Option<(Option<&'a str>, Option<&'a str>)> {
        let i = kind.inputs();
        let profile = if kind == AcrKind::CreateAdministratorProfile {
            Some(ADMINISTRATOR)
        } else if i.takes_profile() {
            // Absent: `missing-attribute`, and nothing is generated.
            Some(s.value("Profile")?)
        } else {
            None
        };
        let entity_type = match (kind, i.takes_entity_type()) {
            (AcrKind::CreateAdministratorProfile, _) => s.value("EntityType"),
            (_, true) => Some(s.value("EntityType")?),
            (_, false) => None,
        };
        Some((profile, entity_type))
    };
    let hand: Vec<(AcrKind, ElRef<'a>, Option<&'a str>, Option<&'a str>)> = model
        .rule_scaffoldings
        .iter()
        .filter_map(|&(k, s)| {
            let (p, e) = inputs(k, s)?;
            Some((k, s, p, e))
        })
        .collect();
    let property = |kind: AcrKind, s: ElRef<'a>| {
        kind.inputs()
            .takes_property()
            .then(|| s.value("Property"))
            .flatten()
    };
    let mut plan = Plan {
        hand: hand
            .iter()
            .map(|&(k, s, p, e)| (k, p, e, property(k, s)))
            .collect(),
        index: Default::default(),
        also: Default::default(),
        repeat_seen: Default::default(),
        out: Vec::new(),
    };
    for (kind, s, p, e) in hand {
        let key = (kind, p, e, property(kind, s));
        // A second identical hand-written scaffolding expands in full, children included,
        // so that what it generates twice is `duplicate-identifier`, as for a leaf.
        let repeat = plan.index.contains_key(&key);
        plan.index.entry(key).or_insert(plan.out.len());
        plan.repeat_seen.clear();
        plan.push(kind, s, Via::new(), p, e, repeat);
    }
    let created = created_profiles(model);
    let mut out = plan.out;
    let share = out
        .len()
        .div_ceil(crate::parallel::thread_count(threads))
        .max(1);
    std::thread::scope(|scope| {
        let mut chunks = out.chunks_mut(share);
        let first = chunks.next();
        for chunk in chunks {
            let created = &created;
            scope.spawn(move || {
                for e in chunk {
                    generate_one(model, created, e, detail);
                }
            });
        }
        for e in first.into_iter().flatten() {
            generate_one(model, &created, e, detail);
        }
    });
    for (key, producers) in plan.also {
        if let Some(&i) = plan.index.get(&key) {
            out[i].also_from.extend(producers);
        }
    }
    out
}

/// The kinds a kind's table names, in table order, read once per process.
fn children_of(kind: AcrKind) -> &'static [AcrKind] {
    static CHILDREN: std::sync::LazyLock<Vec<Vec<AcrKind>>> =
        std::sync::LazyLock::new(|| AcrKind::all().map(AcrKind::child_kinds).collect());
    &CHILDREN[kind as usize]
}

struct Plan<'a> {
    /// The keys of the hand-written scaffoldings: a template's child of the same key is
    /// theirs to expand.
    hand: rustc_hash::FxHashSet<Key<'a>>,
    /// The first expansion of each key.
    index: rustc_hash::FxHashMap<Key<'a>, usize>,
    /// Producers of a key expanded elsewhere, in the order met.
    also: std::collections::BTreeMap<Key<'a>, Vec<(ElRef<'a>, Via)>>,
    /// The keys a repeated hand-written scaffolding has expanded so far: it expands what it
    /// produces once too, as the first one does.
    repeat_seen: rustc_hash::FxHashSet<Key<'a>>,
    out: Vec<AcrExpansion<'a>>,
}

impl<'a> Plan<'a> {
    /// Plans one scaffolding and, depth first, what it produces.
    fn push(
        &mut self,
        kind: AcrKind,
        source: ElRef<'a>,
        via: Via,
        profile: Option<&'a str>,
        entity_type: Option<&'a str>,
        repeat: bool,
    ) {
        let mut child_via = via.clone();
        child_via.push(kind);
        self.out.push(AcrExpansion {
            kind,
            source,
            via,
            profile,
            entity_type,
            elements: Vec::new(),
            not_expanded: None,
            also_from: Vec::new(),
            overridden: Vec::new(),
            detail: Detail::Full,
        });
        for &child in children_of(kind) {
            let i = child.inputs();
            // A child that takes an entity type is left out when there is none
            // (`CreateAdministratorProfile` without `EntityType`), as `generate` does.
            if i.takes_entity_type() && entity_type.is_none() {
                continue;
            }
            let key = (
                child,
                i.takes_profile().then_some(profile).flatten(),
                i.takes_entity_type().then_some(entity_type).flatten(),
                i.takes_property()
                    .then(|| source.value("Property"))
                    .flatten(),
            );
            if repeat {
                if !self.repeat_seen.insert(key) {
                    continue;
                }
            } else {
                if self.hand.contains(&key) || self.index.contains_key(&key) {
                    self.also
                        .entry(key)
                        .or_default()
                        .push((source, child_via.clone()));
                    continue;
                }
                self.index.insert(key, self.out.len());
            }
            self.push(child, source, child_via.clone(), key.1, key.2, repeat);
        }
    }
}

/// The profile's display names: a declared profile's, else the one a
/// `CreateAdministratorProfile` creates, else its identifier.
fn profile_names<'a>(
    model: &Model<'a>,
    created: &[CreatedProfile<'a>],
    profile: &'a str,
) -> (&'a str, &'a str) {
    let declared = model.profiles.get(profile).and_then(|d| d.first());
    let created = created.first().filter(|_| profile == ADMINISTRATOR);
    match (declared, created) {
        // A hand-written profile over the created one: a `ConsolidationMode` override takes
        // what it writes and keeps the rest; without one it replaces it.
        (Some(p), Some(c)) if p.el.attr("ConsolidationMode").is_some() => {
            let l1 = p.value("DisplayName_L1").unwrap_or(c.l1);
            let l2 = p
                .value("DisplayName_L2")
                .unwrap_or(if c.l2.is_empty() { l1 } else { c.l2 });
            (l1, l2)
        }
        (Some(p), _) => {
            let l1 = p.value("DisplayName_L1").unwrap_or(profile);
            (l1, p.value("DisplayName_L2").unwrap_or(l1))
        }
        (None, Some(c)) => (c.l1, if c.l2.is_empty() { c.l1 } else { c.l2 }),
        (None, None) => (profile, profile),
    }
}

/// What the placeholders of a scaffolding's table stand for.
fn values_of<'a>(
    model: &Model<'a>,
    created: &[CreatedProfile<'a>],
    kind: AcrKind,
    source: ElRef<'a>,
    profile: Option<&'a str>,
    entity_type: Option<&'a str>,
) -> Values<'a> {
    let (profile_l1, profile_l2) = profile.map_or(("", ""), |pr| profile_names(model, created, pr));
    let (l1, l2) = if kind == AcrKind::CreateAdministratorProfile {
        let c = created_profile(source);
        (c.l1, c.l2)
    } else {
        ("", "")
    };
    Values {
        profile: profile.unwrap_or(""),
        entity_type: entity_type.unwrap_or(""),
        profile_l1,
        profile_l2,
        l1,
        l2,
    }
}

/// Generates one planned scaffolding, in its place.
fn generate_one<'a>(
    model: &Model<'a>,
    created: &[CreatedProfile<'a>],
    e: &mut AcrExpansion<'a>,
    detail: Detail,
) {
    let (kind, source) = (e.kind, e.source);
    let (elements, not_expanded) = match kind.how() {
        How::Code => {
            // The `Property` of the hand-written element, when its kind takes one (a
            // template passes its own to its display-name child).
            let property = source.value("Property");
            match super::display_name::expand(model, e.entity_type.unwrap_or(""), property) {
                Ok(els) => (els, None),
                Err(why) => (Vec::new(), Some(why)),
            }
        }
        // Identifiers only: made when asked for (`for_each_generated`), not kept.
        How::Table(_) if detail == Detail::Identifiers => (Vec::new(), None),
        How::Table(_) => {
            let values = values_of(model, created, kind, source, e.profile, e.entity_type);
            (generate(kind, &values), None)
        }
        How::NotExpanded(why) => (Vec::new(), Some(why)),
    };
    e.elements = elements;
    e.not_expanded = not_expanded;
    e.detail = detail;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_reads() {
        for k in AcrKind::all() {
            match k.how() {
                How::Table(text) => {
                    assert!(!text.contains('&'), "{k}: no entity in the tables");
                    let nodes = table(k).expect("a table");
                    assert_eq!(
                        nodes.len(),
                        text.lines()
                            .filter(|l| !l.starts_with(' ') && !l.starts_with("</"))
                            .count(),
                        "{k}"
                    );
                }
                How::Code | How::NotExpanded(_) => assert!(table(k).is_none()),
            }
        }
    }

    #[test]
    fn tables_follow_the_documented_attribute_order() {
        // `Identifier` first, then byte order of names; the one documented exception.
        fn check(kind: AcrKind, n: &Node) {
            let names: Vec<&str> = n.attrs.iter().map(|(a, _)| *a).collect();
            let rest = match names.first() {
                Some(&"Identifier") => &names[1..],
                _ => &names[..],
            };
            let sorted = rest.windows(2).all(|w| w[0].as_bytes() < w[1].as_bytes());
            let exception =
                kind == AcrKind::ConnectorResourceTypeAccessControl && n.name == "Entry";
            assert!(sorted != exception, "{kind}: {names:?}");
            for c in &n.children {
                check(kind, c);
            }
        }
        for k in AcrKind::all() {
            for n in table(k).unwrap_or_default() {
                check(k, n);
            }
        }
    }

    #[test]
    fn identifiers_hold_only_the_profile_and_the_entity_type() {
        // `for_each_generated` makes identifiers from those two alone.
        for k in AcrKind::all() {
            for n in table(k).unwrap_or_default() {
                if let Some(id) = n.value("Identifier") {
                    let rest = id.replace("{P}", "").replace("{ET}", "");
                    assert!(!rest.contains('{'), "{k}: {id}");
                }
            }
        }
    }

    /// The identifiers made on demand come in the order of the made elements, whatever the
    /// inputs do to the rules' order.
    #[test]
    fn identifiers_on_demand_follow_the_elements_order() {
        let model = Model::default();
        for k in AcrKind::all().filter(|k| table(*k).is_some()) {
            for (p, et) in [
                ("HelpDesk", "policy"),
                ("Administrator", "Directory_User"),
                ("a", "AD_Entry"),
                ("zz", "Zeta"),
            ] {
                let mut e = AcrExpansion {
                    kind: k,
                    source: crate::model::ElRef {
                        file: 0,
                        el: leaked_element(),
                    },
                    via: Via::new(),
                    profile: if k == AcrKind::CreateAdministratorProfile {
                        Some(ADMINISTRATOR)
                    } else {
                        k.inputs().takes_profile().then_some(p)
                    },
                    entity_type: k.inputs().takes_entity_type().then_some(et),
                    elements: Vec::new(),
                    not_expanded: None,
                    also_from: Vec::new(),
                    overridden: Vec::new(),
                    detail: Detail::Identifiers,
                };
                let mut lazy = Vec::new();
                e.for_each_generated(|n, id| lazy.push((n.to_string(), id.to_string())));
                e.make_elements(&model);
                let mut full = Vec::new();
                e.for_each_generated(|n, id| full.push((n.to_string(), id.to_string())));
                assert_eq!(lazy, full, "{k} {p} {et}");
            }
        }
    }

    /// An element to stand for a hand-written scaffolding.
    fn leaked_element() -> crate::xml::Element<'static> {
        let text: &'static str =
            "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\"><X /></ConfigurationFile>";
        let parsed: &'static crate::xml::Parsed = Box::leak(Box::new(crate::xml::parse(text, 0)));
        parsed.root(text).unwrap().children().next().unwrap()
    }

    #[test]
    fn fill_replaces_every_placeholder_and_keeps_other_braces() {
        let v = Values {
            profile: "HelpDesk",
            entity_type: "HR_Person",
            ..Values::default()
        };
        assert_eq!(v.fill("{P}{P}_Resource"), "HelpDeskHelpDesk_Resource");
        assert_eq!(
            v.fill("/Custom/Resources/{ET}/View"),
            "/Custom/Resources/HR_Person/View"
        );
        assert!(matches!(v.fill("{ET}"), Cow::Borrowed("HR_Person")));
        assert_eq!(v.fill("a{b}c{"), "a{b}c{");
        assert_eq!(v.fill("plain"), "plain");
    }
}
