//! The job scaffolding kinds (`scaffoldings.md`): one enum and one table of what each kind
//! is, read by the model (which elements are scaffoldings), the schema, the expansion
//! (which module expands a kind) and the rules (which kinds a rule looks at).

/// A job scaffolding element kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScaffoldingKind {
    ConnectorSynchroIncremental,
    ConnectorSynchroComplete,
    AgentSynchroComplete,
    AgentSynchroIncremental,
    InitializationJob,
    CleanDatabaseJob,
    AccessCertificationJob,
    ConnectorsJobs,
}

/// What a scaffolding's jobs are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The connector its `Connector` attribute names.
    Connector,
    /// The connectors of one agent (its `Agent`, else the only declared agent).
    Agent,
    /// Every connector of the configuration, naming none (`CreateConnectorsJobs`).
    EveryConnector,
    /// The server: no connector, no agent.
    Server,
}

/// One row of [`TABLE`].
#[derive(Debug)]
struct Props {
    kind: ScaffoldingKind,
    name: &'static str,
    target: Target,
    /// Whether scaffc expands it yet (the others would be carried, opaque).
    expanded: bool,
    /// Whether its job is incremental (`IsIncremental`, or the documented incremental job).
    incremental: bool,
    /// Whether its jobs have agent-side tasks, which call the server with an OpenId client.
    agent_side_tasks: bool,
}

use ScaffoldingKind as K;

/// The kinds, in the order of `scaffoldings.md` (and of [`ScaffoldingKind::ALL`]).
#[rustfmt::skip]
static TABLE: [Props; 8] = [
    //    kind                               name                                  target                  expanded incremental agent_side_tasks
    row(K::ConnectorSynchroIncremental, "CreateConnectorSynchroIncremental", Target::Connector,      true,    true,       true),
    row(K::ConnectorSynchroComplete,    "CreateConnectorSynchroComplete",    Target::Connector,      true,    false,      true),
    row(K::AgentSynchroComplete,        "CreateAgentSynchroComplete",        Target::Agent,          true,    false,      true),
    row(K::AgentSynchroIncremental,     "CreateAgentSynchroIncremental",     Target::Agent,          true,    true,       true),
    row(K::InitializationJob,           "CreateInitializationJob",           Target::Agent,          true,    false,      true),
    row(K::CleanDatabaseJob,            "CleanDatabaseJob",                  Target::Server,         true,    false,      false),
    row(K::AccessCertificationJob,      "CreateAccessCertificationJob",      Target::Server,         true,    false,      false),
    row(K::ConnectorsJobs,              "CreateConnectorsJobs",              Target::EveryConnector, true,    false,      false),
];

const fn row(
    kind: ScaffoldingKind,
    name: &'static str,
    target: Target,
    expanded: bool,
    incremental: bool,
    agent_side_tasks: bool,
) -> Props {
    Props {
        kind,
        name,
        target,
        expanded,
        incremental,
        agent_side_tasks,
    }
}

impl ScaffoldingKind {
    /// Every kind, in the order of `scaffoldings.md`.
    #[cfg(test)]
    pub const ALL: [ScaffoldingKind; 8] = [
        K::ConnectorSynchroIncremental,
        K::ConnectorSynchroComplete,
        K::AgentSynchroComplete,
        K::AgentSynchroIncremental,
        K::InitializationJob,
        K::CleanDatabaseJob,
        K::AccessCertificationJob,
        K::ConnectorsJobs,
    ];

    fn props(self) -> &'static Props {
        &TABLE[self as usize]
    }

    /// The kind of a root-level element, by its local name; `None` for anything that is not
    /// a job scaffolding.
    pub fn from_local_name(local: &str) -> Option<ScaffoldingKind> {
        TABLE.iter().find(|p| p.name == local).map(|p| p.kind)
    }

    /// The element's local name (`CreateConnectorSynchroIncremental`, ...).
    pub const fn name(self) -> &'static str {
        TABLE[self as usize].name
    }

    /// What its jobs are about.
    pub fn target(self) -> Target {
        self.props().target
    }

    /// Whether scaffc expands this kind yet (the others are carried, opaque).
    pub fn is_expanded(self) -> bool {
        self.props().expanded
    }

    /// Whether it takes a `Connector` and builds that connector's job
    /// (`CreateConnectorSynchro*`).
    pub fn names_connector(self) -> bool {
        self.target() == Target::Connector
    }

    /// Whether its jobs are connector jobs: those of the connector it names, or of every
    /// connector (`CreateConnectorsJobs`).
    pub fn is_connector(self) -> bool {
        matches!(self.target(), Target::Connector | Target::EveryConnector)
    }

    /// Whether it works on the connectors of one agent (`Agent`, else the only agent).
    pub fn is_agent(self) -> bool {
        self.target() == Target::Agent
    }

    /// Whether the job it generates is incremental.
    pub fn is_incremental(self) -> bool {
        self.props().incremental
    }

    /// Whether its jobs have agent-side tasks, which use an OpenId client (`Job` by default).
    pub fn has_agent_side_tasks(self) -> bool {
        self.props().agent_side_tasks
    }
}

/// Whether a local name is that of a job scaffolding.
pub fn is_scaffolding(local: &str) -> bool {
    ScaffoldingKind::from_local_name(local).is_some()
}

/// Whether `local` names a job scaffolding of which `property` holds.
pub fn kind_is(local: &str, property: fn(ScaffoldingKind) -> bool) -> bool {
    ScaffoldingKind::from_local_name(local).is_some_and(property)
}

impl std::fmt::Display for ScaffoldingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_enum_order_and_names_round_trip() {
        for (i, k) in ScaffoldingKind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i);
            assert_eq!(TABLE[i].kind, k);
            assert_eq!(ScaffoldingKind::from_local_name(k.name()), Some(k));
        }
        assert_eq!(ScaffoldingKind::from_local_name("Job"), None);
        assert_eq!(
            ScaffoldingKind::from_local_name("createconnectorsjobs"),
            None
        );
    }

    #[test]
    fn properties() {
        let with = |p: fn(ScaffoldingKind) -> bool| -> Vec<&str> {
            ScaffoldingKind::ALL
                .into_iter()
                .filter(|k| p(*k))
                .map(ScaffoldingKind::name)
                .collect()
        };
        assert_eq!(
            with(ScaffoldingKind::names_connector),
            [
                "CreateConnectorSynchroIncremental",
                "CreateConnectorSynchroComplete"
            ]
        );
        assert_eq!(
            with(ScaffoldingKind::is_connector),
            [
                "CreateConnectorSynchroIncremental",
                "CreateConnectorSynchroComplete",
                "CreateConnectorsJobs"
            ]
        );
        assert_eq!(
            with(ScaffoldingKind::is_agent),
            [
                "CreateAgentSynchroComplete",
                "CreateAgentSynchroIncremental",
                "CreateInitializationJob"
            ]
        );
        assert_eq!(
            with(ScaffoldingKind::is_incremental),
            [
                "CreateConnectorSynchroIncremental",
                "CreateAgentSynchroIncremental"
            ]
        );
        assert_eq!(
            with(|k| !k.has_agent_side_tasks()),
            [
                "CleanDatabaseJob",
                "CreateAccessCertificationJob",
                "CreateConnectorsJobs"
            ]
        );
        assert_eq!(with(ScaffoldingKind::is_expanded).len(), 8);
    }
}
