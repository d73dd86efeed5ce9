//! Writers: the XML of `output-format.md` and the human report.

pub mod human;
pub mod xml;
