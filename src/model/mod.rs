//! Typed view of a loaded configuration: the element kinds of `conf-model.md`, indexed by
//! identifier in hash maps, and the derived relations that expansion uses.
//!
//! Every element stays what the parser made of it ([`Element`]); the model only indexes
//! references to them ([`ElRef`]). Elements the model does not know are kept, opaque, in
//! [`Model::elements`].

pub mod packages;
pub mod scaffolding;
pub mod schema;

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Label};
use crate::load::Conf;
use crate::rules::RuleId;
use crate::source::FileId;
use crate::xml::Element;

pub use packages::{Package, SyncType};
pub use scaffolding::{is_scaffolding, ScaffoldingKind};

/// An element of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ElRef<'a> {
    pub file: FileId,
    pub el: Element<'a>,
}

impl<'a> ElRef<'a> {
    pub fn value(&self, name: &str) -> Option<&'a str> {
        self.el.value(name)
    }

    pub fn id(&self) -> Option<&'a str> {
        self.value("Identifier")
    }

    /// The range of an attribute's value, else of the element's name.
    pub fn value_label(&self, name: &str) -> Label {
        match self.el.attr(name) {
            Some(a) => Label::new(self.file, a.value_range),
            None => self.name_label(),
        }
    }

    pub fn name_label(&self) -> Label {
        Label::new(self.file, self.el.name_range())
    }

    pub fn child(&self, el: Element<'a>) -> ElRef<'a> {
        ElRef {
            file: self.file,
            el,
        }
    }

    /// The parent element, `None` for a root-level element (a child of the file's
    /// `ConfigurationFile`).
    pub fn parent(&self) -> Option<Element<'a>> {
        self.el.parent().filter(|p| p.parent().is_some())
    }
}

/// Declarations of one kind by identifier, in path then document order.
pub type Index<'a> = HashMap<&'a str, Decls<'a>>;

/// The elements that declare one identifier: nearly always one, held without an allocation.
pub type Decls<'a> = smallvec::SmallVec<[ElRef<'a>; 1]>;

/// The schema of an element (its attributes and children), given its parent.
pub fn spec_of(
    el: &Element<'_>,
    parent: Option<&Element<'_>>,
) -> Option<&'static schema::ElementSpec> {
    match parent {
        None => schema::root_element(el.local()),
        Some(p) => schema::child_element(p.local(), el.local()),
    }
}

/// The root-level kinds with an `Identifier` of their own (besides jobs' tasks, the
/// `*ResourceTypeMapping`s and the scaffoldings): what `invalid-identifier` and
/// `duplicate-identifier` look at.
pub const IDENTIFIED_KINDS: &[&str] = &[
    "Agent",
    "Connector",
    "Connection",
    "EntityType",
    "EntityTypeMapping",
    "EntityAssociation",
    "EntityAssociationMapping",
    "ResourceType",
    "OpenIdClient",
    "Profile",
    "Job",
];

/// Whether a task element runs on the agent (and carries `Agent` and `OpenIdClient`).
pub fn is_agent_side_task(local: &str) -> bool {
    schema::is_agent_side_task(local)
}

/// Whether a root-level element name is a task element (`ExportTask`, ...).
pub fn is_task(local: &str) -> bool {
    (local.ends_with("Task") && local.len() > 4) || local == "CleanDataBase"
}

#[derive(Debug, Default)]
pub struct Model<'a> {
    /// Every root-level element, in path then document order.
    pub elements: Vec<ElRef<'a>>,
    pub agents: Index<'a>,
    pub connectors: Index<'a>,
    pub connections: Index<'a>,
    pub entity_types: Index<'a>,
    pub entity_type_mappings: Index<'a>,
    pub resource_types: Index<'a>,
    pub openid_clients: Index<'a>,
    pub profiles: Index<'a>,
    pub jobs: Index<'a>,
    /// Top-level task elements (reusable by `Step` and `AddTask`).
    pub tasks: Index<'a>,
    /// Tasks written inside hand-written jobs, by identifier.
    pub job_tasks: Index<'a>,
    /// Job scaffoldings, in path then document order.
    pub scaffoldings: Vec<ElRef<'a>>,
    /// The scaffoldings beyond jobs (`crate::acr`), in path then document order.
    pub rule_scaffoldings: Vec<(crate::acr::AcrKind, ElRef<'a>)>,
    /// The root (`ConfigurationFile`) of every file that contributes, in path order.
    roots: Vec<(FileId, Element<'a>)>,
    /// Identifiers of connectors, in ordinal order (for suggestions).
    pub connector_ids: Vec<&'a str>,
    connections_by_connector: HashMap<&'a str, Vec<ElRef<'a>>>,
    mappings_by_connector: HashMap<&'a str, Vec<&'a str>>,
    connector_of_entity_type: HashMap<&'a str, &'a str>,
    resource_types_by_target: HashMap<&'a str, Vec<ElRef<'a>>>,
    /// The entity types that complete jobs' role-model notifications cover, the same for
    /// every job (`expand::sync`): found by the first job that asks, not once per job.
    pub(crate) role_model_notified: std::sync::OnceLock<Vec<&'a str>>,
    /// [`Model::connectors_of_agent`], found by the first scaffolding that asks.
    connectors_by_agent: std::sync::OnceLock<HashMap<&'a str, Vec<ElRef<'a>>>>,
    /// [`Model::resource_type_rules`], likewise.
    resource_type_rules: std::sync::OnceLock<ResourceTypeRules<'a>>,
}

/// The resource types that a `ResourceClassificationRule` and a `ProfileRuleContext` name
/// (by `ResourceType`).
#[derive(Debug, Default)]
pub struct ResourceTypeRules<'a> {
    pub classified: rustc_hash::FxHashSet<&'a str>,
    pub profiled: rustc_hash::FxHashSet<&'a str>,
}

/// The `missing-attribute` diagnostic for `name` on `el`, at the element's name.
pub fn missing_attribute(el: ElRef<'_>, name: &str) -> Diagnostic {
    Diagnostic::new(
        RuleId::MissingAttribute,
        el.name_label(),
        format!("`<{}>` has no `{name}` attribute", el.el.name()),
    )
    .with_help(format!("add the required attribute `{name}=\"...\"`"))
}

/// Which index of the [`Model`] a root-level element goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Agent,
    Connector,
    Connection,
    EntityType,
    EntityTypeMapping,
    ResourceType,
    OpenIdClient,
    Profile,
    Job,
    Task,
    Scaffolding,
    RuleScaffolding(crate::acr::AcrKind),
    Other,
}

/// A root-level element as the model reads it: what it is, its identifier, whether it has
/// its required attributes, the value that links it to another element (a connection's
/// or a mapping's `Connector`, a resource type's `TargetEntityType`), and, for a job, its
/// tasks by identifier. Read on any thread; added to the model in order.
struct Found<'a> {
    r: ElRef<'a>,
    slot: Slot,
    id: Option<&'a str>,
    complete: bool,
    link: Option<&'a str>,
    job_tasks: Vec<(&'a str, ElRef<'a>)>,
}

impl<'a> Found<'a> {
    fn of(r: ElRef<'a>) -> Found<'a> {
        let local = r.el.local();
        let slot = match local {
            "Agent" => Slot::Agent,
            "Connector" => Slot::Connector,
            "Connection" => Slot::Connection,
            "EntityType" => Slot::EntityType,
            "EntityTypeMapping" => Slot::EntityTypeMapping,
            "ResourceType" => Slot::ResourceType,
            "OpenIdClient" => Slot::OpenIdClient,
            "Profile" => Slot::Profile,
            "Job" => Slot::Job,
            l if scaffolding::is_scaffolding(l) => Slot::Scaffolding,
            l if is_task(l) => Slot::Task,
            l => match crate::acr::AcrKind::from_local_name(l) {
                Some(k) => Slot::RuleScaffolding(k),
                None => Slot::Other,
            },
        };
        let link = match slot {
            Slot::Connection | Slot::EntityTypeMapping => r.value("Connector"),
            Slot::ResourceType => r.value("TargetEntityType"),
            _ => None,
        };
        // `missing-attribute` is reported by its rule; here an incomplete element is only
        // kept out of the derived relations.
        let complete = link.is_some()
            && schema::root_element(local)
                .is_none_or(|spec| spec.required().all(|a| r.el.attr(a.name).is_some()));
        let job_tasks = if slot == Slot::Job {
            r.el.children()
                .filter(|el| is_task(el.local()))
                .filter_map(|el| Some((el.value("Identifier")?, r.child(el))))
                .collect()
        } else {
            Vec::new()
        };
        Found {
            r,
            slot,
            id: r.id(),
            complete,
            link,
            job_tasks,
        }
    }
}

impl<'a> Model<'a> {
    pub fn build(conf: &'a Conf<'a>) -> Model<'a> {
        Model::from_roots(conf.roots(), 1)
    }

    /// The model of the root element of every file, in file order (`None` for a file that
    /// contributes nothing): the trees may live anywhere (a workspace's per-file cache).
    /// What each root-level element is, is found on `threads` threads
    /// ([`crate::parallel::map_chunks`]); the indexes are filled in file order.
    pub fn from_roots(
        roots: impl IntoIterator<Item = Option<Element<'a>>>,
        threads: usize,
    ) -> Model<'a> {
        let roots: Vec<(FileId, Element<'a>)> = roots
            .into_iter()
            .enumerate()
            .filter_map(|(file, root)| Some((file, root?)))
            .collect();
        let found = crate::parallel::map_chunks(threads, &roots, |_, &(file, root)| {
            root.children()
                .map(|el| Found::of(ElRef { file, el }))
                .collect::<Vec<_>>()
        });
        let mut m = Model {
            roots,
            ..Model::default()
        };
        for f in found.into_iter().flatten() {
            m.add(f);
        }
        m.derive();
        m
    }

    /// The root (`ConfigurationFile`) of every file that contributes, with its file, in
    /// path order.
    pub fn roots(&self) -> &[(FileId, Element<'a>)] {
        &self.roots
    }

    /// The root-level elements, and the children of root-level jobs and scaffoldings, with
    /// their parent element (`None` for a root-level element), in path then document
    /// order: where the configuration's jobs, tasks and scaffolding children are (a `Job`
    /// is a root-level element: one nested deeper is not a job, and is `unknown-element`
    /// where its parent is checked). What the rules that judge the whole configuration
    /// walk, instead of every element (an entity type's properties are most of them).
    pub fn top(&self) -> impl Iterator<Item = (ElRef<'a>, Option<Element<'a>>)> + '_ {
        self.roots.iter().flat_map(|&(file, root)| {
            root.children().flat_map(move |el| {
                let local = el.local();
                let open = local == "Job" || is_scaffolding(local);
                let children = open.then(|| el.children()).into_iter().flatten();
                std::iter::once((ElRef { file, el }, None))
                    .chain(children.map(move |c| (ElRef { file, el: c }, Some(el))))
            })
        })
    }

    /// Adds a root-level element, as [`Found::of`] read it.
    fn add(&mut self, f: Found<'a>) {
        let r = f.r;
        self.elements.push(r);
        let index = match f.slot {
            Slot::Agent => &mut self.agents,
            Slot::Connector => &mut self.connectors,
            Slot::Connection => &mut self.connections,
            Slot::EntityType => &mut self.entity_types,
            Slot::EntityTypeMapping => &mut self.entity_type_mappings,
            Slot::ResourceType => &mut self.resource_types,
            Slot::OpenIdClient => &mut self.openid_clients,
            Slot::Profile => &mut self.profiles,
            Slot::Job => &mut self.jobs,
            Slot::Task => &mut self.tasks,
            Slot::Scaffolding => {
                self.scaffoldings.push(r);
                return;
            }
            Slot::RuleScaffolding(k) => {
                self.rule_scaffoldings.push((k, r));
                return;
            }
            Slot::Other => return,
        };
        if let Some(id) = f.id {
            index.entry(id).or_default().push(r);
        }
        for (id, task) in f.job_tasks {
            self.job_tasks.entry(id).or_default().push(task);
        }
        // An element missing a required attribute takes no part in the derived relations,
        // so that it produces no follow-up errors.
        let Some(link) = f.link.filter(|_| f.complete) else {
            return;
        };
        match f.slot {
            Slot::Connection => self
                .connections_by_connector
                .entry(link)
                .or_default()
                .push(r),
            Slot::EntityTypeMapping => {
                if let Some(id) = f.id {
                    self.mappings_by_connector.entry(link).or_default().push(id);
                    self.connector_of_entity_type.entry(id).or_insert(link);
                }
            }
            Slot::ResourceType => self
                .resource_types_by_target
                .entry(link)
                .or_default()
                .push(r),
            _ => {}
        }
    }

    fn derive(&mut self) {
        for list in self.connections_by_connector.values_mut() {
            list.sort_by(|a, b| a.id().cmp(&b.id()));
            list.dedup_by(|a, b| a.id() == b.id());
        }
        for list in self.mappings_by_connector.values_mut() {
            list.sort_unstable();
            list.dedup();
        }
        self.connector_ids = self.connectors.keys().copied().collect();
        self.connector_ids.sort_unstable();
    }

    /// The first declaration of an identifier in an index.
    pub fn first(index: &Index<'a>, id: &str) -> Option<ElRef<'a>> {
        index.get(id).and_then(|v| v.first().copied())
    }

    pub fn connector(&self, id: &str) -> Option<ElRef<'a>> {
        Self::first(&self.connectors, id)
    }

    /// The connectors (the first declaration of each identifier) whose `Agent` is `agent`,
    /// by identifier: every agent's found at once, by the first scaffolding that asks.
    pub fn connectors_of_agent(&self, agent: &str) -> &[ElRef<'a>] {
        let by = self.connectors_by_agent.get_or_init(|| {
            let mut by: HashMap<&'a str, Vec<ElRef<'a>>> = HashMap::default();
            for c in self.connector_ids.iter().filter_map(|c| self.connector(c)) {
                if let Some(agent) = c.value("Agent") {
                    by.entry(agent).or_default().push(c);
                }
            }
            by
        });
        by.get(agent).map_or(&[], |v| v.as_slice())
    }

    /// The resource types that classification rules and profile rule contexts name: every
    /// element looked at once, by the first scaffolding that asks.
    pub fn resource_type_rules(&self) -> &ResourceTypeRules<'a> {
        self.resource_type_rules.get_or_init(|| {
            let mut rules = ResourceTypeRules::default();
            for r in &self.elements {
                match r.el.local() {
                    "ResourceClassificationRule" => {
                        rules.classified.extend(r.value("ResourceType"))
                    }
                    "ProfileRuleContext" => rules.profiled.extend(r.value("ResourceType")),
                    _ => {}
                }
            }
            rules
        })
    }

    /// connections(C): the connector's connections, by identifier (ordinal).
    pub fn connections_of(&self, connector: &str) -> &[ElRef<'a>] {
        self.connections_by_connector
            .get(connector)
            .map_or(&[], |v| v.as_slice())
    }

    /// export connections(C): connections whose package exports. An unknown package is
    /// taken as exporting (the validator reports it).
    pub fn export_connections_of(&self, connector: &str) -> Vec<ElRef<'a>> {
        self.connections_of(connector)
            .iter()
            .copied()
            .filter(|c| package_of(*c).is_none_or(|p| p.exports))
            .collect()
    }

    /// entity types(C): identifiers of the connector's entity type mappings (ordinal).
    pub fn entity_types_of(&self, connector: &str) -> &[&'a str] {
        self.mappings_by_connector
            .get(connector)
            .map_or(&[], |v| v.as_slice())
    }

    /// The connector an entity type belongs to (through its mapping), if any.
    pub fn connector_of_entity_type(&self, entity_type: &str) -> Option<&'a str> {
        self.connector_of_entity_type.get(entity_type).copied()
    }

    /// resource types(C): resource types targeting an entity type of C, by identifier.
    pub fn resource_types_of(&self, connector: &str) -> Vec<ElRef<'a>> {
        let mut out: Vec<ElRef<'a>> = self
            .entity_types_of(connector)
            .iter()
            .flat_map(|et| self.resource_types_by_target.get(et).into_iter().flatten())
            .copied()
            .collect();
        out.sort_by(|a, b| a.id().cmp(&b.id()));
        out.dedup_by(|a, b| a.id() == b.id());
        out
    }

    /// source entity types(C): distinct `SourceEntityType` of resource types(C), ordinal.
    pub fn source_entity_types_of(&self, connector: &str) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = self
            .resource_types_of(connector)
            .iter()
            .filter_map(|rt| rt.value("SourceEntityType"))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A reference that resolves to nothing: the diagnostic `code` at the attribute's value,
/// with "did you mean" (same text ignoring case, edit distance, unique prefix) and the place
/// where the suggestion is declared, and the fix that writes the suggestion (safe when it
/// differs only by case). `what` names the kind ("connector", "agent", ...).
pub fn unresolved_reference(
    code: RuleId,
    what: &str,
    index: &Index<'_>,
    r: ElRef<'_>,
    attr: &str,
) -> Diagnostic {
    let value = r.value(attr).unwrap_or_default();
    let d = Diagnostic::new(
        code,
        r.value_label(attr),
        format!("{what} `{value}` is not declared"),
    );
    let mut ids: Vec<&str> = index.keys().copied().collect();
    ids.sort_unstable();
    match crate::diagnostic::suggest(value, ids.iter().copied()) {
        Some(found) => {
            let d = match index.get(found).and_then(|v| v.first()) {
                Some(decl) => d.with_related(
                    decl.value_label("Identifier")
                        .with_message(format!("`{found}` is declared here")),
                ),
                None => d,
            };
            let d = d.with_help(format!("did you mean `{found}`?"));
            match r.el.attr(attr) {
                Some(a) => d.with_fix(crate::fix::Fix::did_you_mean(
                    r.file,
                    a.value_range,
                    value,
                    found,
                    true,
                )),
                None => d,
            }
        }
        None if ids.is_empty() => {
            d.with_help(format!("no {what} is declared in this configuration"))
        }
        None if ids.len() <= 12 => {
            d.with_help(format!("the declared {what}s are: {}", ids.join(", ")))
        }
        None => d.with_help(format!("declare the {what} or correct the identifier")),
    }
}

/// The package row of a connection, when its `Package` is in the table.
pub fn package_of(connection: ElRef<'_>) -> Option<&'static Package> {
    connection.value("Package").and_then(packages::lookup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Sources};

    fn conf(body: &str) -> Sources {
        Sources::new([(
            "a.xml",
            format!("<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">{body}</ConfigurationFile>"),
        )])
    }

    #[test]
    fn derived_relations() {
        let s = conf(
            r#"<Connector Identifier="C" DisplayName_L1="C"/>
            <Connection Identifier="Zed" DisplayName_L1="z" Connector="C" Package="Usercube.AD@0000001"/>
            <Connection Identifier="Abc" DisplayName_L1="a" Connector="C" Package="Usercube.FulfillToFile@0000001"/>
            <Connection Identifier="Mid" DisplayName_L1="m" Connector="C" Package="Usercube.Nope@0000001"/>
            <EntityTypeMapping Identifier="C_B" Connector="C"/>
            <EntityTypeMapping Identifier="C_A" Connector="C"/>
            <ResourceType Identifier="RT2" DisplayName_L1="r" Policy="P" TargetEntityType="C_B" SourceEntityType="S2"/>
            <ResourceType Identifier="RT1" DisplayName_L1="r" Policy="P" TargetEntityType="C_A" SourceEntityType="S1"/>
            <ResourceType Identifier="RT3" DisplayName_L1="r" Policy="P" TargetEntityType="C_A" SourceEntityType="S1"/>
            <ResourceType Identifier="Other" DisplayName_L1="r" Policy="P" TargetEntityType="X" SourceEntityType="S0"/>"#,
        );
        let c = load(&s, 1);
        let m = Model::build(&c);
        fn ids<'a>(v: &[ElRef<'a>]) -> Vec<&'a str> {
            v.iter().map(|r| r.id().unwrap()).collect()
        }
        assert_eq!(ids(m.connections_of("C")), ["Abc", "Mid", "Zed"]);
        assert_eq!(ids(&m.export_connections_of("C")), ["Mid", "Zed"]);
        assert_eq!(m.entity_types_of("C"), ["C_A", "C_B"]);
        assert_eq!(ids(&m.resource_types_of("C")), ["RT1", "RT2", "RT3"]);
        assert_eq!(m.source_entity_types_of("C"), ["S1", "S2"]);
        assert_eq!(m.connector_of_entity_type("C_B"), Some("C"));
        assert!(m.connections_of("Nope").is_empty());
    }

    #[test]
    fn an_element_missing_a_required_attribute_is_declared_but_related_to_nothing() {
        let s = conf(r#"<Connection Identifier="X" DisplayName_L1="x" Connector="C" />"#);
        let c = load(&s, 1);
        let m = Model::build(&c);
        assert!(m.connections.contains_key("X"));
        assert!(
            m.connections_of("C").is_empty(),
            "no Package: not a connection of C"
        );
    }
}
