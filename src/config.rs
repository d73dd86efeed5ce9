//! `scaffc.toml`, the configuration of scaffc itself (`cli.md`, "Configuration file"), and
//! the command line's selection flags: what is read, and what is reported at which severity.
//!
//! ```toml
//! conf = "Conf"                          # the configuration folder, relative to this file
//! exclude = ["Tools/**"]                 # globs relative to CONF: not read at all
//! agent-settings = "Agent/appsettings.agent.json"
//! format = "human"                       # default --format
//!
//! [rules]                                # severity per code: "error", "warning", "info" or "off"
//! unknown-attribute = "off"
//!
//! [[overrides]]                          # later entries win
//! paths = ["Legacy/**"]                  # globs relative to CONF
//! rules = { unknown-attribute = "off" }
//! ```
//!
//! Every key is optional; an unknown key, code, severity or format, or a bad glob, is a
//! [`ConfigError`] at its line and column. The file is parsed with spans
//! (`toml::de::DeTable`), so that each mistake is located.

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Sources;
use crate::rules::RuleId;

/// The severity a configuration gives a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
    /// Not reported.
    Off,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "error" => Level::Error,
            "warning" => Level::Warning,
            "info" => Level::Info,
            "off" => Level::Off,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Off => "off",
        }
    }

    fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// Paths matched by globs relative to CONF (`/` separators; `**` crosses folders).
#[derive(Debug, Clone, Default)]
pub struct Globs {
    patterns: Vec<String>,
    set: GlobSet,
}

impl Globs {
    pub fn is_match(&self, path: &str) -> bool {
        !self.patterns.is_empty() && self.set.is_match(path)
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

/// One `[[overrides]]` entry.
#[derive(Debug, Clone, Default)]
pub struct Override {
    pub paths: Globs,
    pub rules: Vec<(RuleId, Level)>,
}

/// What decides which diagnostics are reported, and how: `scaffc.toml`, then the command
/// line's `--select`, `--ignore` and `--warnings-as-errors`.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file read (`None`: no configuration file).
    pub file: Option<PathBuf>,
    /// The `conf` key, when given.
    pub conf: Option<String>,
    /// Files not read at all.
    pub exclude: Globs,
    /// The `agent-settings` key, resolved against the file's folder.
    pub agent_settings: Option<PathBuf>,
    /// The default `--format`.
    pub format: Option<String>,
    pub rules: Vec<(RuleId, Level)>,
    pub overrides: Vec<Override>,
    /// `--select`: only these codes are reported (empty: all).
    pub select: Vec<RuleId>,
    /// `--ignore`: these codes are not reported.
    pub ignore: Vec<RuleId>,
    /// `--warnings-as-errors`.
    pub warnings_as_errors: bool,
}

/// A mistake in a configuration file, at its line and column (1-based, Unicode scalars).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// The formats `format` may name.
pub const FORMATS: &[&str] = &["human", "concise", "json", "sarif", "github"];

const KEYS: &[&str] = &[
    "conf",
    "exclude",
    "agent-settings",
    "format",
    "rules",
    "overrides",
];

struct Reader<'t> {
    file: &'t str,
    text: &'t str,
}

impl Reader<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let at = span.start.min(self.text.len());
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        ConfigError {
            file: self.file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    fn string<'v>(&self, v: &'v Spanned<DeValue<'_>>, key: &str) -> Result<&'v str, ConfigError> {
        v.get_ref()
            .as_str()
            .ok_or_else(|| self.error(v.span(), format!("`{key}` must be a string")))
    }

    fn globs(&self, v: &Spanned<DeValue<'_>>, key: &str) -> Result<Globs, ConfigError> {
        let list = v
            .get_ref()
            .as_array()
            .ok_or_else(|| self.error(v.span(), format!("`{key}` must be a list of globs")))?;
        let mut builder = GlobSetBuilder::new();
        let mut patterns = Vec::new();
        for item in list.iter() {
            let written = self.string(item, key)?;
            if written.contains('\\') {
                return Err(self.error(
                    item.span(),
                    format!("`{written}`: write paths with `/` (a `\\` escapes the next character in a glob)"),
                ));
            }
            // As in .gitignore: `./` is the folder itself, and a folder's name stands for
            // everything in it. `*` stays within a folder; `**` crosses folders.
            let pattern = written.strip_prefix("./").unwrap_or(written);
            let pattern = pattern.trim_end_matches('/');
            for p in [pattern.to_string(), format!("{pattern}/**")] {
                let glob = GlobBuilder::new(&p)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| self.error(item.span(), format!("`{written}`: {e}")))?;
                builder.add(glob);
            }
            patterns.push(written.to_string());
        }
        let set = builder
            .build()
            .map_err(|e| self.error(v.span(), e.to_string()))?;
        Ok(Globs { patterns, set })
    }

    fn rules(&self, v: &Spanned<DeValue<'_>>) -> Result<Vec<(RuleId, Level)>, ConfigError> {
        let table = v.get_ref().as_table().ok_or_else(|| {
            self.error(v.span(), "`rules` must be a table: `code = \"severity\"`")
        })?;
        let mut out = Vec::new();
        for (key, value) in table.iter() {
            let code = RuleId::from_code(key.get_ref()).ok_or_else(|| {
                let hint =
                    crate::diagnostic::suggest(key.get_ref(), RuleId::ALL.iter().map(|r| r.code()))
                        .map_or(String::new(), |s| format!(": did you mean `{s}`?"));
                self.error(
                    key.span(),
                    format!("unknown rule `{}`{hint}", key.get_ref()),
                )
            })?;
            let name = self.string(value, key.get_ref())?;
            let level = Level::parse(name).ok_or_else(|| {
                self.error(
                    value.span(),
                    format!("unknown severity `{name}`: use \"error\", \"warning\", \"info\" or \"off\""),
                )
            })?;
            out.push((code, level));
        }
        Ok(out)
    }
}

impl Config {
    /// Parses the text of a configuration file read from `file` (relative paths in it are
    /// resolved against its folder).
    pub fn parse(file: &Path, text: &str) -> Result<Config, ConfigError> {
        let name = file.display().to_string();
        let r = Reader { file: &name, text };
        let doc = DeTable::parse(text)
            .map_err(|e| r.error(e.span().unwrap_or(0..0), e.message().trim_end().to_string()))?;
        let mut config = Config {
            file: Some(file.to_path_buf()),
            ..Config::default()
        };
        let folder = file.parent().unwrap_or(Path::new(""));
        for (key, value) in doc.get_ref().iter() {
            match key.get_ref().as_ref() {
                "conf" => {
                    let conf = r.string(value, "conf")?;
                    // Relative and inside: a `scaffc.toml` committed in a pull request must
                    // not point scaffc at the host's folders.
                    let inside = !conf.is_empty()
                        && Path::new(conf).components().all(|c| {
                            matches!(
                                c,
                                std::path::Component::Normal(_) | std::path::Component::CurDir
                            )
                        });
                    if !inside {
                        return Err(r.error(
                            value.span(),
                            format!("`conf = \"{conf}\"` must be a folder inside the one holding this file (no absolute path, no `..`)"),
                        ));
                    }
                    config.conf = Some(conf.to_string());
                }
                "exclude" => config.exclude = r.globs(value, "exclude")?,
                "agent-settings" => {
                    config.agent_settings = Some(folder.join(r.string(value, "agent-settings")?))
                }
                "format" => {
                    let f = r.string(value, "format")?;
                    if !FORMATS.contains(&f) {
                        return Err(r.error(
                            value.span(),
                            format!("unknown format `{f}`: one of {}", FORMATS.join(", ")),
                        ));
                    }
                    config.format = Some(f.to_string());
                }
                "rules" => config.rules = r.rules(value)?,
                "overrides" => {
                    let list = value.get_ref().as_array().ok_or_else(|| {
                        r.error(
                            value.span(),
                            "`overrides` must be a list of tables: `[[overrides]]`",
                        )
                    })?;
                    for entry in list.iter() {
                        let table = entry.get_ref().as_table().ok_or_else(|| {
                            r.error(entry.span(), "an `[[overrides]]` entry must be a table")
                        })?;
                        let mut o = Override::default();
                        for (k, v) in table.iter() {
                            match k.get_ref().as_ref() {
                                "paths" => o.paths = r.globs(v, "paths")?,
                                "rules" => o.rules = r.rules(v)?,
                                other => {
                                    return Err(r.error(
                                        k.span(),
                                        format!("unknown key `{other}` in `[[overrides]]`: `paths` or `rules`"),
                                    ))
                                }
                            }
                        }
                        if o.paths.is_empty() {
                            return Err(
                                r.error(entry.span(), "an `[[overrides]]` entry needs `paths`")
                            );
                        }
                        config.overrides.push(o);
                    }
                }
                other => {
                    let hint = crate::diagnostic::suggest(other, KEYS.iter().copied())
                        .map_or(String::new(), |s| format!(": did you mean `{s}`?"));
                    return Err(r.error(key.span(), format!("unknown key `{other}`{hint}")));
                }
            }
        }
        Ok(config)
    }

    /// Reads and parses a configuration file.
    pub fn read(file: &Path) -> Result<Config, ConfigError> {
        let bytes =
            crate::fs::read_regular(file, crate::fs::MAX_FILE_BYTES, true).map_err(|e| {
                ConfigError {
                    file: file.display().to_string(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read it: {e}"),
                }
            })?;
        let text = String::from_utf8(bytes).map_err(|_| ConfigError {
            file: file.display().to_string(),
            line: 1,
            column: 1,
            message: "not valid UTF-8".into(),
        })?;
        Config::parse(file, &text)
    }

    /// The nearest `scaffc.toml` walking up from `conf` (the configuration folder), read.
    pub fn find(conf: &Path) -> Result<Config, ConfigError> {
        let start = crate::fs::resolve(conf).unwrap_or_else(|| conf.to_path_buf());
        for dir in start.ancestors() {
            let file = dir.join(crate::fs::CONFIG_FILE);
            if std::fs::symlink_metadata(&file).is_ok_and(|m| m.is_file()) {
                return Config::read(&file);
            }
        }
        Ok(Config::default())
    }

    /// The level this configuration gives `code` in the file `path` (relative to CONF):
    /// `[rules]`, then each matching `[[overrides]]` entry in order (later ones win).
    pub fn level(&self, code: RuleId, path: &str) -> Option<Level> {
        let mut level = None;
        let mut apply = |rules: &[(RuleId, Level)]| {
            if let Some((_, l)) = rules.iter().rev().find(|(c, _)| *c == code) {
                level = Some(*l);
            }
        };
        apply(&self.rules);
        for o in &self.overrides {
            if o.paths.is_match(path) {
                apply(&o.rules);
            }
        }
        level
    }

    /// The severity `code` is reported at in `path` (`None`: not reported): the rule's
    /// own, then the configuration's, then the command line's selection.
    pub fn severity(&self, code: RuleId, default: Severity, path: &str) -> Option<Severity> {
        if !self.select.is_empty() && !self.select.contains(&code) {
            return None;
        }
        if self.ignore.contains(&code) {
            return None;
        }
        // A code asked for by name on the command line is reported even if the
        // configuration turns it off (at its own severity then).
        let severity = match self.level(code, path) {
            Some(Level::Off) if self.select.contains(&code) => default,
            Some(l) => l.severity()?,
            None => default,
        };
        Some(
            if self.warnings_as_errors && severity == Severity::Warning {
                Severity::Error
            } else {
                severity
            },
        )
    }

    /// Applies the configuration to the diagnostics of an analysis: drops those turned
    /// off, gives the others their configured severity. A syntax error is always an error.
    pub fn apply(&self, sources: &Sources, diagnostics: &mut Vec<Diagnostic>) {
        if self.rules.is_empty()
            && self.overrides.is_empty()
            && self.select.is_empty()
            && self.ignore.is_empty()
            && !self.warnings_as_errors
        {
            return;
        }
        diagnostics.retain_mut(|d| {
            if d.code == RuleId::XmlSyntax {
                return true;
            }
            let path = &sources.file(d.primary.file).path;
            match self.severity(d.code, d.severity, path) {
                Some(s) => {
                    d.severity = s;
                    true
                }
                None => false,
            }
        });
    }

    /// Whether the file `path` (relative to CONF) is excluded from reading.
    pub fn excludes(&self, path: &str) -> bool {
        self.exclude.is_match(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("dir/scaffc.toml"), text)
    }

    #[test]
    fn every_key_is_read() {
        let c = parse(
            "conf = \"Conf\"\nexclude = [\"Tools/**\"]\nagent-settings = \"Agent/a.json\"\nformat = \"concise\"\n\n[rules]\nunknown-attribute = \"off\"\nfrequent-complete-job = \"error\"\n\n[[overrides]]\npaths = [\"Legacy/**\"]\nrules = { unknown-attribute = \"warning\" }\n",
        )
        .unwrap();
        assert_eq!(c.conf.as_deref(), Some("Conf"));
        assert!(c.excludes("Tools/a/b.xml") && !c.excludes("AD/a.xml"));
        // `*` stays in a folder; `./` and a bare folder name as in .gitignore.
        let g = parse("exclude = [\"*Jobs.xml\", \"./Old\", \"New/\"]\n").unwrap();
        assert!(g.excludes("HR Jobs.xml") && !g.excludes("AD/AD Jobs.xml"));
        assert!(g.excludes("Old/a.xml") && g.excludes("Old/x/b.xml") && g.excludes("New/c.xml"));
        assert!(!g.excludes("Older/a.xml"));
        assert_eq!(c.agent_settings, Some(PathBuf::from("dir/Agent/a.json")));
        assert_eq!(c.format.as_deref(), Some("concise"));
        assert_eq!(
            c.level(RuleId::UnknownAttribute, "AD/a.xml"),
            Some(Level::Off)
        );
        assert_eq!(
            c.level(RuleId::UnknownAttribute, "Legacy/x/a.xml"),
            Some(Level::Warning)
        );
        assert_eq!(
            c.level(RuleId::FrequentCompleteJob, "a.xml"),
            Some(Level::Error)
        );
        assert_eq!(c.level(RuleId::UnknownConnector, "a.xml"), None);
    }

    #[test]
    fn mistakes_are_located() {
        let cases = [
            ("colour = 1\n", 1, 1, "unknown key `colour`"),
            (
                "[rules]\nunknown-atribute = \"off\"\n",
                2,
                1,
                "unknown rule `unknown-atribute`: did you mean `unknown-attribute`?",
            ),
            (
                "[rules]\nunknown-attribute = \"quiet\"\n",
                2,
                21,
                "unknown severity `quiet`",
            ),
            ("format = \"xml\"\n", 1, 10, "unknown format `xml`"),
            ("exclude = [\"a[\"]\n", 1, 12, "`a[`"),
            ("[[overrides]]\nrules = {}\n", 1, 1, "needs `paths`"),
            ("conf = \n", 1, 8, ""),
            ("conf = \"/etc\"\n", 1, 8, "must be a folder inside"),
            ("conf = \"../x\"\n", 1, 8, "no `..`"),
            ("exclude = [\"AD\\\\**\"]\n", 1, 12, "write paths with `/`"),
        ];
        for (text, line, column, message) in cases {
            let e = parse(text).unwrap_err();
            assert_eq!((e.line, e.column), (line, column), "{text}: {e}");
            assert!(e.message.contains(message), "{text}: {e}");
            assert_eq!(e.file, "dir/scaffc.toml");
        }
    }

    #[test]
    fn selection_and_warnings_as_errors() {
        let mut c = parse("[rules]\nno-effect = \"info\"\n").unwrap();
        let w = Severity::Warning;
        assert_eq!(
            c.severity(RuleId::NoEffect, w, "a.xml"),
            Some(Severity::Info)
        );
        c.warnings_as_errors = true;
        assert_eq!(
            c.severity(RuleId::UnknownAttribute, w, "a.xml"),
            Some(Severity::Error)
        );
        assert_eq!(
            c.severity(RuleId::NoEffect, w, "a.xml"),
            Some(Severity::Info)
        );
        c.select = vec![RuleId::NoEffect];
        assert_eq!(c.severity(RuleId::UnknownAttribute, w, "a.xml"), None);
        // Selected by name: reported even when the configuration turns it off.
        let mut off = parse("[rules]\nno-effect = \"off\"\n").unwrap();
        assert_eq!(off.severity(RuleId::NoEffect, w, "a.xml"), None);
        off.select = vec![RuleId::NoEffect];
        assert_eq!(off.severity(RuleId::NoEffect, w, "a.xml"), Some(w));
        c.ignore = vec![RuleId::NoEffect];
        assert_eq!(c.severity(RuleId::NoEffect, w, "a.xml"), None);
    }
}
