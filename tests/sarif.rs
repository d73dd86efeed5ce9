//! `check --format sarif` is valid SARIF 2.1.0: every rule's `bad` fixture's report, and a
//! tree whose file names hold spaces, `%`, `:` and non-ASCII characters, validated against
//! the official schema (`fixtures/sarif`) with formats checked (`uri-reference`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sarif/sarif-schema-2.1.0.json"),
        )
        .unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn sarif(conf: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_scaffc"))
        .args(["check", "--format", "sarif"])
        .arg(conf)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: {}",
            conf.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn errors(v: &jsonschema::Validator, log: &Value) -> Vec<String> {
    v.iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_rules_report_is_valid_sarif() {
    let v = validator();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&rules)
        .unwrap()
        .map(|e| e.unwrap().path().join("bad"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for bad in dirs {
        let log = sarif(&bad);
        let found = errors(&v, &log);
        if !found.is_empty() {
            failures.push(format!("{}: {}", bad.display(), found.join("; ")));
        }
        checked += log["runs"][0]["results"].as_array().map_or(0, Vec::len);
    }
    assert!(checked > 40, "only {checked} results");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn file_names_with_spaces_percent_colons_and_accents_are_encoded_uris() {
    let dir = std::env::temp_dir().join(format!("scaffc-sarif-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let conf = dir.join("My Conf");
    std::fs::create_dir_all(conf.join("sub dir")).unwrap();
    let bad = |agent: &str| {
        format!("<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">\n  <Connector Identifier=\"C{agent}\" DisplayName_L1=\"é\" Agent=\"{agent}\" />\n</ConfigurationFile>\n")
    };
    let names = ["AD Jobs.xml", "50%.xml", "c:d.xml", "sub dir/é ü.xml"];
    for (i, name) in names.iter().enumerate() {
        std::fs::write(conf.join(name), bad(&format!("Nope{i}"))).unwrap();
    }
    let log = sarif(&conf);
    assert_eq!(errors(&validator(), &log), Vec::<String>::new());
    let mut uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let a = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(a["uriBaseId"], "CONF");
            a["uri"].as_str().unwrap()
        })
        .collect();
    uris.sort();
    assert_eq!(
        uris,
        [
            "50%25.xml",
            "AD%20Jobs.xml",
            "c%3Ad.xml",
            "sub%20dir/%C3%A9%20%C3%BC.xml"
        ]
    );
    let base = log["runs"][0]["originalUriBaseIds"]["CONF"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with("/My%20Conf/"),
        "{base}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
