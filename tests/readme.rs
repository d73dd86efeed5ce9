//! The README's examples are the current binary's output: every ```text block whose first
//! line is `$ scaffc ...` is run, command by command, from the repository's root, and what
//! follows each command must be what it prints (standard error, then standard output). A
//! line `...` stands for any number of lines. The commands must not write (`--fix` is shown
//! with `--diff`).

use std::path::Path;
use std::process::Command;

/// (command line, expected lines) of every example of `text`.
fn examples(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_block = false;
    // The fence's indentation (a block in a list item), taken off every line of the block.
    let mut indent = 0;
    let mut block: Vec<&str> = Vec::new();
    for line in text.lines() {
        if !in_block && line.trim_start() == "```text" {
            in_block = true;
            indent = line.len() - line.trim_start().len();
            block.clear();
        } else if in_block && line.trim_start() == "```" {
            in_block = false;
            if block.first().is_some_and(|l| l.starts_with("$ scaffc ")) {
                for l in &block {
                    match l.strip_prefix("$ ") {
                        Some(cmd) => out.push((cmd.to_string(), Vec::new())),
                        None => out.last_mut().unwrap().1.push(l.to_string()),
                    }
                }
            }
        } else if in_block {
            block.push(line.get(indent..).unwrap_or(line.trim_start()));
        }
    }
    out
}

/// Whether `actual` matches `expected`, where a `...` line matches any lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e == "..." => (0..=actual.len()).any(|i| matches(rest, &actual[i..])),
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| a.trim_end() == e.trim_end() && matches(rest, more)),
    }
}

/// Splits a command line into words; `"..."` quotes a word with spaces.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(word);
    }
    out
}

#[test]
fn every_example_of_the_readme_is_what_the_binary_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let found = examples(&readme);
    assert!(found.len() >= 8, "only {} examples found", found.len());
    let mut failures = Vec::new();
    for (line, expected) in &found {
        let args = words(line);
        assert_eq!(args[0], "scaffc", "{line}");
        assert!(
            !args.iter().any(|a| a == "--fix") || args.iter().any(|a| a == "--diff"),
            "a README example must not write: {line}"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_scaffc"))
            .args(&args[1..])
            .current_dir(root)
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        let lines: Vec<&str> = printed.lines().collect();
        if !matches(expected, &lines) {
            failures.push(format!(
                "$ {line}\n--- README\n{}\n--- printed\n{printed}",
                expected.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_matcher_takes_ellipses_for_any_lines() {
    let e = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "...", "z"]), &["a", "b", "c", "z"]));
    assert!(matches(&e(&["a", "...", "z"]), &["a", "z"]));
    assert!(!matches(&e(&["a", "...", "z"]), &["a", "b"]));
    assert!(!matches(&e(&["a", "b"]), &["a", "b", "c"]));
    assert_eq!(
        words("scaffc cron \"*/15 * * * *\" --next 2"),
        ["scaffc", "cron", "*/15 * * * *", "--next", "2"]
    );
}
