//! `check --format sarif`: a SARIF 2.1.0 log (one run, tool `scaffc`, one rule per code).

use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::load::Sources;
use crate::rules::RULES;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn location(sources: &Sources, label: &Label, prefix: &str) -> Value {
    let f = sources.file(label.file);
    let a = f.line_col(label.range.start);
    let b = f.line_col(label.range.end);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": super::github::join(prefix, &f.path) },
            "region": {
                "startLine": a.line,
                "startColumn": a.column,
                "endLine": b.line,
                "endColumn": b.column
            }
        }
    });
    if let Some(m) = &label.message {
        loc["message"] = json!({ "text": m });
    }
    loc
}

/// The SARIF log, pretty-printed, ending with a newline. File URIs are the paths relative
/// to the current directory (`prefix` + path in the configuration).
pub fn render(sources: &Sources, diags: &[Diagnostic], prefix: &str) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.code,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explain },
                "defaultConfiguration": { "level": level(r.severity) },
                "help": { "text": format!("scaffc explain {}", r.code) }
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": RULES.iter().position(|r| r.code == d.code),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [location(sources, &d.primary, prefix)]
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = Value::Array(
                    d.related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let mut l = location(sources, r, prefix);
                            l["id"] = json!(i);
                            l
                        })
                        .collect(),
                );
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "scaffc",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
