//! Writers: the XML of `output-format.md` and the report formats (human via miette, json,
//! sarif, github).

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod xml;
