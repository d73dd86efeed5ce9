//! `not-configuration`: detected while loading (`src/load.rs`).

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::NotConfiguration,
    severity: Severity::Warning,
    summary: "an `.xml` file whose root is not `ConfigurationFile` in the configuration namespace",
    explain: "Every `*.xml` file under the configuration folder is read. A file whose root \
element is not `ConfigurationFile` in the namespace `urn:schemas-usercube-com:configuration` is \
not configuration: it is skipped, and this warning says so, because the product's deployment \
may treat it differently.

Example:
    <?xml version=\"1.0\"?>
    <packages>                   <- a NuGet file left in Conf/
      <package id=\"x\" />
    </packages>

Fix: move the file out of the configuration folder, or give it the configuration root: \
`<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">`.",
};
