//! `symlink-not-followed`: detected while reading the tree (`src/fs.rs`).

use super::Rule;
use crate::diagnostic::Severity;
use crate::fs::FileProblem;

pub const RULE: Rule = Rule {
    code: super::RuleId::SymlinkNotFollowed,
    severity: Severity::Warning,
    summary: "a symbolic link below the configuration folder is not followed",
    explain: "scaffc reads only the regular files below the configuration folder. A symbolic \
link there (a `.xml` link, or a link to a folder) is not followed: its target is never opened, \
and its content is never shown in any report. This keeps a pull request from making a CI run \
print files from outside the repository (`/proc/self/environ`, `/etc/passwd`, a `.env` file) \
as if they were configuration. The configuration folder itself may be a link: it is resolved \
once.

Example:
    Conf/Shared.xml -> ../../common/Shared.xml     <- not read

Fix: copy the file into the configuration folder (the product's server reads a plain folder \
too), or point scaffc at the real folder.",
};

/// The problem of a link at `path` that points at `target` (in words).
pub fn problem(path: &str, target: &str) -> FileProblem {
    FileProblem {
        code: RULE.code,
        message: format!(
            "`{path}` is a symbolic link (to {target}): it is not followed, and its content is not read"
        ),
        help: Some(
            "copy what it points at into the configuration folder instead of linking to it"
                .into(),
        ),
    }
}
