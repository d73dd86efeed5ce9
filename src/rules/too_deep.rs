//! `too-deep`: detected while parsing (`src/xml.rs`, [`crate::xml::MAX_DEPTH`]) and reported
//! by the loader (`src/load.rs`).
//!
//! Once per file, at the name of the first element below level 256 (the root
//! `<ConfigurationFile>` is level 1). The elements below the limit are still read for
//! well-formedness but not kept, so no walk over the tree goes deeper than 256 levels.
//! **(decision)** Like a file with an `xml-syntax` error, the file contributes nothing to the
//! configuration: its truncated tree would be a configuration the user did not write.

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::TooDeep,
    severity: Severity::Error,
    summary: "elements are nested deeper than 256 levels",
    explain: "A configuration is a few levels deep: `<ConfigurationFile>`, a `<Job>`, its \
tasks, their children. A file whose elements are nested deeper than 256 levels (the root is \
level 1) was almost certainly produced by mistake (a runaway generator, a bad merge), and \
reading such a tree is how tools run out of stack. scaffc reports it once per file, at the \
first element that passes the limit; the rest of the file is still checked for well-formed \
XML, but the file contributes nothing else to the configuration, as for `xml-syntax`.

Example:
    <ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">
      <a><a><a> ... 300 levels ... </a></a></a>   <- the element at level 257
    </ConfigurationFile>

Fix: remove the extra nesting; regenerate the file if a tool wrote it.",
};
