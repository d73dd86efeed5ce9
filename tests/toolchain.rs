//! The Rust version the project states is one the locked dependencies can be built with:
//! `Cargo.toml`'s `rust-version` is at least every locked crate's (read with `cargo
//! metadata`, as no other toolchain can be installed to try), and the README says the same.

use std::process::Command;

fn version(s: &str) -> Vec<u64> {
    s.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[test]
fn the_stated_rust_version_is_the_one_the_lock_file_needs() {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "scaffc")
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml states a rust-version");
    let (needed, by) = packages
        .iter()
        .filter(|p| p["name"] != "scaffc")
        .filter_map(|p| Some((p["rust_version"].as_str()?, p["name"].as_str()?)))
        .max_by_key(|(v, _)| version(v))
        .unwrap();
    assert!(
        version(ours) >= version(needed),
        "Cargo.toml says rust-version {ours}, but {by} needs {needed}"
    );
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {ours} or later")),
        "README.md does not say `Rust {ours} or later`"
    );
}
