//! `path-collision`: detected while reading the tree (`src/fs.rs`).

use super::Rule;
use crate::diagnostic::Severity;
use crate::fs::FileProblem;

pub const RULE: Rule = Rule {
    code: super::RuleId::PathCollision,
    severity: Severity::Error,
    summary: "two files have the same path once normalised",
    explain: "The product's server runs on Windows: there `AD\\AD Jobs.xml` and `AD/AD Jobs.xml` \
are one path, and so are `AD/AD Jobs.xml` and `ad/ad jobs.xml`. Two files of the configuration \
whose paths are equal once `\\` is read as `/`, letters are compared ignoring case, and invalid \
UTF-8 in names is replaced would overwrite each other when deployed. scaffc reads the first \
of them (in byte order of the names) and reports the others here, by name (a name that is not \
UTF-8 is shown with `\\xNN` escapes).

Example:
    Conf/AD/AD Jobs.xml
    Conf/AD/ad jobs.xml          <- same path on the server

Fix: rename or remove one of the files.",
};

/// The problem reported at `kept`, the file that is read, for the `others` not read.
pub fn problem(kept: &str, others: &[&str]) -> FileProblem {
    let others: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
    FileProblem {
        code: RULE.code,
        message: format!(
            "`{kept}` and {} are the same path once normalised (`\\` read as `/`, letters compared ignoring case, invalid UTF-8 replaced); only `{kept}` is read",
            others.join(", ")
        ),
        help: Some("rename or remove one of the files: the product's server would keep only one".into()),
    }
}
