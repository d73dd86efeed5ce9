//! The scaffoldings beyond jobs: access-control-rule scaffoldings, the composite templates
//! that produce other scaffoldings, and the entity-type scaffoldings the templates name
//! (`../reference/scaffoldings-acr/`, `docs/scaffoldings.md`).
//!
//! One row per kind in [`kinds!`]: its element name, the inputs it takes, and either its
//! table (`src/acr/tables/<Name>.xml`: the product's documented output with the inputs
//! replaced by placeholders) or why scaffc does not expand it (`not-expanded`). The
//! expansion ([`expand`]) reads the table; nothing is written per kind in code except the
//! `Profile` that `CreateAdministratorProfile` names after its `DisplayNameProfile`
//! children.
//!
//! Placeholders in the tables: `{P}` the profile's identifier, `{ET}` the entity type's,
//! `{PL1}`/`{PL2}` the profile's L1/L2 display names (`ConnectorResourceTypeAccessControl`
//! only), `{L1}`/`{L2}` the display names `CreateAdministratorProfile` gives its profile.

pub mod display_name;
pub mod expand;

use crate::model::schema::{AttrSpec, AttrType, ElementSpec, ANY_ATTRIBUTE};

/// What a scaffolding of a kind takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inputs {
    /// `Profile`.
    P,
    /// `EntityType`.
    ET,
    /// `Profile` and `EntityType`.
    PET,
    /// `Profile`, `EntityType`, and `Property` (optional, read by the display-name child).
    PETProperty,
    /// `EntityType` and `Property` (optional).
    ETProperty,
    /// `CreateAdministratorProfile`: `EntityType` (optional) and `DisplayNameProfile`
    /// children; the profile it creates is `Administrator`.
    Admin,
}

impl Inputs {
    pub fn takes_profile(self) -> bool {
        matches!(self, Inputs::P | Inputs::PET | Inputs::PETProperty)
    }

    pub fn takes_entity_type(self) -> bool {
        !matches!(self, Inputs::P)
    }

    /// Whether its `Property` is an input (the display name's property).
    pub fn takes_property(self) -> bool {
        matches!(self, Inputs::PETProperty | Inputs::ETProperty)
    }
}

/// How scaffc treats a kind.
#[derive(Debug, Clone, Copy)]
pub enum How {
    /// Expanded from its table (`src/acr/tables/<Name>.xml`).
    Table(&'static str),
    /// Expanded by code, where the output is computed from the entity model by a rule the
    /// documentation states (`EntityTypeDisplayName`: [`display_name`]).
    Code,
    /// Checked (attributes, references) but not expanded: why, as `not-expanded` says it.
    NotExpanded(Why),
}

/// Why a kind is not expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// It lists elements of the configuration by a selection rule the documentation does not
    /// state (group C of the inventory).
    Enumerates,
    /// Its page shows no generated output.
    NoOutput,
    /// Its documented output holds values its inputs do not give.
    Partial,
    /// Its output depends on the entity model by a rule the documentation does not state
    /// completely.
    ModelDependent,
    /// `EntityTypeDisplayName`: the property it chose (or was given) has no localized
    /// variants, the only case its page shows.
    NotLocalized,
    /// `EntityTypeDisplayName`: its `Property` is not a property of the entity type, or
    /// the entity type has no property.
    NoSuchProperty,
}

impl Why {
    /// Why, as a noun phrase that fits one kind or several.
    pub fn text(self) -> &'static str {
        match self {
            Why::Enumerates => {
                "output listed from the configuration by a selection rule the product's documentation does not state"
            }
            Why::NoOutput => "no output in the product's documentation",
            Why::Partial => "documented output holding values that the inputs do not give",
            Why::ModelDependent => {
                "output derived from the entity model by a rule the product's documentation does not state"
            }
            Why::NotLocalized => {
                "a display-name property without localized variants (`Language`, `NeutralProperty`): the product's documentation shows only the localized case"
            }
            Why::NoSuchProperty => "a display-name property that the entity type does not have",
        }
    }
}

struct Row {
    kind: AcrKind,
    name: &'static str,
    inputs: Inputs,
    how: How,
}

macro_rules! how {
    (table, $name:ident) => {
        How::Table(include_str!(concat!("tables/", stringify!($name), ".xml")))
    };
    (code, $name:ident) => {
        How::Code
    };
    ($why:ident, $name:ident) => {
        How::NotExpanded(Why::$why)
    };
}

/// Declares every kind once: the enum and its table, in the order of the inventory
/// (`research-scaffoldings-all.md`: groups A, B, C, F, then the entity-type ones).
macro_rules! kinds {
    ($($name:ident: $inputs:ident, $how:ident;)*) => {
        /// A scaffolding kind beyond jobs; its variant is its element name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum AcrKind {
            $($name,)*
        }

        static TABLE: &[Row] = &[$(Row {
            kind: AcrKind::$name,
            name: stringify!($name),
            inputs: Inputs::$inputs,
            how: how!($how, $name),
        },)*];
    };
}

kinds! {
    // A: fixed rule tables, input `Profile`.
    ConnectorResourceTypeAccessControl: P, table;
    CreateResourceIncrementalAccessControlRules: P, table;
    GetJobLogAdministrationAccessControlRules: P, table;
    JobAdministrationAccessControlRules: P, table;
    MonitoringAdministrationAccessControlRules: P, table;
    PolicySimulationControlRules: P, table;
    ProfileAdministrationAccessControlRules: P, table;
    ProvisioningAccessControlRules: P, table;
    RedundantAssignmentAccessControlRule: P, table;
    ReportAccessControlRules: P, table;
    ResourcePickerControlRules: P, table;
    ResourceTypeMappingControlRules: P, table;
    RisksAdministrationAccessControlRules: P, table;
    RoleAndSimulationControlRules: P, table;
    RoleNamingAccessControlRules: P, table;
    RunJobAdministrationAccessControlRules: P, table;
    RunJobNotificationAccessControlRules: P, table;
    RunJobRepairAdministrationAccessControlRules: P, table;
    RunJobRepairNotificationAccessControlRules: P, table;
    SettingsAccessControlRules: P, table;
    SynchronizationAccessControlRules: P, table;
    TaskAdministrationAccessControlRules: P, table;
    UniverseAccessControlRules: P, table;
    WorkflowAspect: P, table;
    WorkflowConfigurationControlRules: P, table;
    WorkflowFulfillmentControlRules: P, table;
    JobTaskAdministrationAccessControlRules: P, NoOutput;
    TaskInstanceAdministrationAccessControlRules: P, NoOutput;
    OpenIdClientAdministrationAccessControlRules: P, NoOutput;
    ManageSettingAccessControlRule: P, NoOutput;
    // B: rules for one entity type, inputs `Profile` and `EntityType`.
    BulkPerformManualProvisioningAccessControlRules: PET, table;
    CreateUpdateDeleteAccessControlRules: PET, table;
    ResourceApiAdministration: PET, table;
    TargetResourceReportAccessControlRules: PET, table;
    UpdateResourcesAccessControlRules: PET, table;
    ViewAccessControlRules: PET, table;
    ViewHistoryResourceTemplate: PET, table;
    BulkResourceReconciliationAccessControlRules: PET, Partial;
    MassReconciliateResourcesAccessControlRules: PET, Partial;
    BulkReviewProvisioningAccessControlRules: PET, Partial;
    ManageAccounts: PET, Partial;
    BulkRoleReconciliationAccessControlRules: PET, NoOutput;
    GovernanceRolesAccessControlRules: PET, NoOutput;
    SearchBarPageAccessControl: PET, NoOutput;
    // C: rules that enumerate the configuration.
    AccessReviewAdministrationAccessControlRules: P, Enumerates;
    AssignedRolesAccessControlRules: P, Enumerates;
    AssignProfileAccessControlRules: P, Enumerates;
    BasketRulesControlRules: P, Enumerates;
    PendingAssignedResourceTypesAccessControlRules: P, Enumerates;
    PerformManualProvisioningAccessControlRules: PET, Enumerates;
    ReconciliateResourcesAccessControlRules: PET, Enumerates;
    ReconciliateRolesAccessControlRules: PET, Enumerates;
    ResourceChangesViewAccessControlRules: P, Enumerates;
    ReviewProvisioningAccessControlRules: PET, Enumerates;
    ReviewRolesAccessControlRules: PET, Enumerates;
    RoleAdministrationAccessControlRules: P, Enumerates;
    WorkflowAccessControlRules: P, Enumerates;
    WorkflowOverviewControlRules: PET, Enumerates;
    // F: composite templates.
    ConnectorsAccessControlRules: P, table;
    CreateAdministratorProfile: Admin, table;
    CreateUpdateDeleteTemplate: PETProperty, table;
    JobExecutionAccessControlRules: P, table;
    JobViewAccessControlRules: P, table;
    SimulationAccessControlRules: P, table;
    UpdateResourcesTemplate: PETProperty, table;
    ViewTargetResourceTemplate: PETProperty, table;
    ViewTemplate: PETProperty, table;
    ViewTemplateAdaptable: PETProperty, table;
    EntityReportDefault: PET, NoOutput;
    ViewSourceResourceTemplate: PETProperty, NoOutput;
    // D and E: entity-type scaffoldings.
    EntityTypeSearchBar: ET, table;
    WorkflowEntityTypeDisplayEntityType: ET, table;
    EntityTypeDisplayName: ETProperty, code;
    EntityTypeDisplayTable: ET, ModelDependent;
    EntityTypeDisplayTableAdaptable: ET, ModelDependent;
    EntityTypeDisplayTargetResourceTable: ET, ModelDependent;
    EntityTypeMenuItem: ET, ModelDependent;
    TargetResourceReport: ET, ModelDependent;
    TargetResourceReportMenus: ET, ModelDependent;
    CreateUpdateDeleteMenus: ET, ModelDependent;
    CreateUpdateDeleteWorkflows: ET, ModelDependent;
    UpdateResourcesMenus: ET, ModelDependent;
    UpdateResourcesWorkflows: ET, ModelDependent;
    WorkflowEntityType: ET, ModelDependent;
    WorkflowEntityTypeDisplayTable: ET, ModelDependent;
    WorkflowEntityTypeSearchBar: ET, ModelDependent;
}

/// The profile `CreateAdministratorProfile` creates (not an input: the page's output).
pub const ADMINISTRATOR: &str = "Administrator";

impl AcrKind {
    fn row(self) -> &'static Row {
        &TABLE[self as usize]
    }

    /// Every kind, in table order.
    pub fn all() -> impl Iterator<Item = AcrKind> {
        TABLE.iter().map(|r| r.kind)
    }

    /// The kind of a root-level element, by its local name.
    pub fn from_local_name(local: &str) -> Option<AcrKind> {
        static BY_NAME: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, AcrKind>> =
            std::sync::LazyLock::new(|| TABLE.iter().map(|r| (r.name, r.kind)).collect());
        BY_NAME.get(local).copied()
    }

    pub fn name(self) -> &'static str {
        self.row().name
    }

    pub fn inputs(self) -> Inputs {
        self.row().inputs
    }

    pub fn how(self) -> How {
        self.row().how
    }

    /// Whether scaffc expands this kind (a scaffolding of it may still not be expanded:
    /// [`expand::AcrExpansion::not_expanded`]).
    pub fn is_expanded(self) -> bool {
        !matches!(self.how(), How::NotExpanded(_))
    }

    /// Whether its page documents its attributes (those covered by
    /// `../reference/scaffoldings-acr/`): then an attribute it does not list is
    /// `unknown-attribute`. The others accept any attribute besides their inputs.
    pub fn attributes_documented(self) -> bool {
        self.is_expanded() || self.how_not() == Some(Why::Partial)
    }

    fn how_not(self) -> Option<Why> {
        match self.how() {
            How::NotExpanded(w) => Some(w),
            How::Table(_) | How::Code => None,
        }
    }

    /// Why it is not expanded, `None` when it is.
    pub fn why_not_expanded(self) -> Option<Why> {
        self.how_not()
    }

    /// Whether it is a template: its table names other scaffoldings.
    pub fn is_template(self) -> bool {
        expand::table(self).is_some_and(|t| t.iter().any(|n| n.child_kind().is_some()))
    }

    /// The kinds its table names, in table order.
    pub fn child_kinds(self) -> Vec<AcrKind> {
        expand::table(self)
            .map(|t| t.iter().filter_map(|n| n.child_kind()).collect())
            .unwrap_or_default()
    }
}

impl std::fmt::Display for AcrKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

// ---------------------------------------------------------------------------------------
// Schema: what `missing-attribute`, `unknown-attribute` and `unknown-element` read
// ---------------------------------------------------------------------------------------

const fn attr(name: &'static str, required: bool) -> AttrSpec {
    AttrSpec {
        name,
        ty: AttrType::Text,
        required,
    }
}

const PROFILE: AttrSpec = attr("Profile", true);
const ENTITY_TYPE: AttrSpec = attr("EntityType", true);
const PROPERTY: AttrSpec = attr("Property", false);

static ATTRS_P: [AttrSpec; 1] = [PROFILE];
static ATTRS_ET: [AttrSpec; 1] = [ENTITY_TYPE];
static ATTRS_PET: [AttrSpec; 2] = [PROFILE, ENTITY_TYPE];
static ATTRS_PET_PROPERTY: [AttrSpec; 3] = [PROFILE, ENTITY_TYPE, PROPERTY];
static ATTRS_ET_PROPERTY: [AttrSpec; 2] = [ENTITY_TYPE, PROPERTY];
static ATTRS_ADMIN: [AttrSpec; 1] = [attr("EntityType", false)];

/// `CreateAdministratorProfile/DisplayNameProfile`: `Identifier` is the language code; the
/// page's table names the text `DisplayName`, its example `Value`: both are read.
pub static DISPLAY_NAME_PROFILE: ElementSpec = ElementSpec {
    name: "DisplayNameProfile",
    attrs: &[
        attr("Identifier", true),
        attr("Value", false),
        attr("DisplayName", false),
    ],
    children: Some(&[]),
    attr_prefixes: &[],
};

/// The spec of a kind's element.
pub fn spec(kind: AcrKind) -> &'static ElementSpec {
    static SPECS: std::sync::LazyLock<Vec<ElementSpec>> = std::sync::LazyLock::new(|| {
        TABLE
            .iter()
            .map(|r| {
                let attrs: &'static [AttrSpec] = match r.inputs {
                    Inputs::P => &ATTRS_P,
                    Inputs::ET => &ATTRS_ET,
                    Inputs::PET => &ATTRS_PET,
                    Inputs::PETProperty => &ATTRS_PET_PROPERTY,
                    Inputs::ETProperty => &ATTRS_ET_PROPERTY,
                    Inputs::Admin => &ATTRS_ADMIN,
                };
                let documented = r.kind.attributes_documented();
                ElementSpec {
                    name: r.name,
                    attrs,
                    children: match r.kind {
                        AcrKind::CreateAdministratorProfile => Some(&["DisplayNameProfile"]),
                        _ if documented => Some(&[]),
                        _ => None,
                    },
                    attr_prefixes: if documented { &[] } else { ANY_ATTRIBUTE },
                }
            })
            .collect()
    });
    &SPECS[kind as usize]
}

/// The spec of a child of a kind's element.
pub fn child_spec(kind: AcrKind, child: &str) -> Option<&'static ElementSpec> {
    (kind == AcrKind::CreateAdministratorProfile && child == "DisplayNameProfile")
        .then_some(&DISPLAY_NAME_PROFILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_enum_order_and_names_round_trip() {
        for (i, r) in TABLE.iter().enumerate() {
            assert_eq!(r.kind as usize, i);
            assert_eq!(AcrKind::from_local_name(r.name), Some(r.kind));
            assert!(crate::model::ScaffoldingKind::from_local_name(r.name).is_none());
        }
        assert_eq!(AcrKind::from_local_name("AccessControlRule"), None);
    }

    #[test]
    fn templates_form_no_cycle() {
        // Each kind's children come from its own static table: a walk from every kind that
        // never meets a kind already on its path proves that no expansion can loop.
        fn walk(k: AcrKind, path: &mut Vec<AcrKind>) {
            assert!(!path.contains(&k), "cycle: {path:?} -> {k}");
            path.push(k);
            for c in k.child_kinds() {
                walk(c, path);
            }
            path.pop();
        }
        for k in AcrKind::all() {
            walk(k, &mut Vec::new());
        }
    }
}
