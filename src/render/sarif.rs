//! `check --format sarif`: a SARIF 2.1.0 log (one run, tool `scaffc`, one rule per code).

use serde_json::{json, Value};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::load::Sources;
use crate::rules::RULES;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The `uriBaseId` of every artifact: the configuration folder.
pub const BASE: &str = "CONF";

fn location(sources: &Sources, label: &Label) -> Value {
    let f = sources.file(label.file);
    let a = f.line_col(label.range.start);
    let b = f.line_col(label.range.end);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": super::uri_path(&f.path), "uriBaseId": BASE },
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

/// The SARIF log, pretty-printed, ending with a newline. Artifact URIs are the files' paths
/// in the configuration, percent-encoded, relative to the base `CONF`, which
/// `originalUriBaseIds` gives as `conf_uri` (an absolute `file://` URI ending with `/`; left
/// out when empty).
pub fn render(sources: &Sources, diags: &[Diagnostic], conf_uri: &str) -> String {
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
                "locations": [location(sources, &d.primary)]
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = Value::Array(
                    d.related
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let mut l = location(sources, r);
                            l["id"] = json!(i);
                            l
                        })
                        .collect(),
                );
            }
            result
        })
        .collect();
    let mut log = json!({
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
    if !conf_uri.is_empty() {
        log["runs"][0]["originalUriBaseIds"] = json!({ BASE: { "uri": conf_uri } });
    }
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
