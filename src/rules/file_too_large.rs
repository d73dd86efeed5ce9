//! `file-too-large`: detected while reading the tree (`src/fs.rs`).

use super::Rule;
use crate::diagnostic::Severity;
use crate::fs::{FileProblem, MAX_FILE_BYTES};

pub const RULE: Rule = Rule {
    code: super::RuleId::FileTooLarge,
    severity: Severity::Error,
    summary: "a configuration file is larger than 64 MiB",
    explain: "scaffc reads configuration files up to 64 MiB; a larger one is not read. Real \
configuration files are far smaller (the largest documented ones are a few megabytes), so a \
larger file is almost always a mistake: a data export saved with an `.xml` extension, or a \
link to a device. The cap keeps one file from taking all the memory of a CI runner.

Example:
    Conf/Export/AllUsers.xml      (2.3 GB)      <- not read

Fix: move data files out of the configuration folder, or split the file.",
};

/// The problem of a file of `size` bytes at `path`.
pub fn problem(path: &str, size: u64) -> FileProblem {
    FileProblem {
        code: RULE.code,
        message: format!(
            "`{path}` is {size} bytes, over the {} MiB limit of a configuration file: it is not read",
            MAX_FILE_BYTES / (1024 * 1024),
        ),
        help: Some("move data files out of the configuration folder, or split the file".into()),
    }
}
