//! `xml-syntax`: detected while reading files (`src/xml.rs`, `src/load.rs`, `src/source.rs`).

use super::Rule;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: super::RuleId::XmlSyntax,
    severity: Severity::Error,
    summary: "a file is not well-formed XML, or not in UTF-8 or UTF-16",
    explain: "A configuration file must be well-formed XML: every tag closed in order, attribute \
values in quotes, each attribute once per element, only the predefined entities (`&amp;`, \
`&lt;`, `&gt;`, `&quot;`, `&apos;`) or character references, one root element, comments without \
`--`, at most one XML declaration (`<?xml ...?>`) and only at the very start of the file. XML 1.0 \
forbids the control characters other than tab, line feed and carriage return, and U+FFFE and \
U+FFFF, whether written as such or as a character reference (`&#x1;`): they are reported at the \
character or at the reference. Files are read as \
UTF-8 (with or without byte-order mark) or UTF-16 (with byte-order mark); another declared \
encoding is refused. The report points at the `<` of the bad markup (for a mismatched end tag, \
at that end tag). Several problems in one file are reported when the parser can recover. A \
file with a syntax error contributes nothing else to the configuration, and the other files \
are still read.

Example:
    <Job Identifier=\"Daily\" DisplayName_L1=\"Daily\">
      <ExportTask Identifier=\"Export\" DisplayName_L1=\"Export\">
    </Job>                       <- `</Job>` does not close `<ExportTask>`

Fix: close the element (`<ExportTask ... />` or `</ExportTask>`), quote the value, remove the \
duplicate attribute, write `&amp;` for a literal `&`, or save the file as UTF-8.",
};
