//! The command line, as clap reads it (`cli.md`). Kept in the library so that `main.rs` only
//! parses and prints; [`super::run`] takes the parsed [`Cli`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "scaffc",
    version,
    // `--version` is a common flag (`cli.md`): every command takes it.
    propagate_version = true,
    about = "Compiler and linter for Netwrix Identity Manager (Usercube) XML configuration"
)]
pub struct Cli {
    /// When to colour reports: auto (only on a terminal, never with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// The agent's appsettings.agent.json, to check the OpenId clients tasks use against it.
    #[arg(long, value_name = "FILE", global = true)]
    pub agent_settings: Option<PathBuf>,
    /// The scaffc.toml to use (default: the nearest one walking up from CONF).
    #[arg(long, value_name = "FILE", global = true, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any scaffc.toml.
    #[arg(long, global = true)]
    pub no_config: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Which diagnostics `check` and `expand` report, and how.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Selection {
    /// Report only these codes.
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub select: Vec<String>,
    /// Do not report these codes.
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub ignore: Vec<String>,
    /// Report warnings as errors (and exit 1 on them).
    #[arg(long)]
    pub warnings_as_errors: bool,
    /// Print only the errors and the summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print how many diagnostics each code has instead of the reports.
    #[arg(long)]
    pub statistics: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScheduleFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum External {
    Crontab,
    Windows,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// `check --format` ([`crate::render::Format`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    /// One line per diagnostic: `PATH:LINE:COLUMN: SEVERITY[CODE] MESSAGE`.
    Concise,
    Json,
    Sarif,
    Github,
}

impl From<Format> for crate::render::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Human => Self::Human,
            Format::Concise => Self::Concise,
            Format::Json => Self::Json,
            Format::Sarif => Self::Sarif,
            Format::Github => Self::Github,
        }
    }
}

// The doc comments are the `--help` text: `<Scaffolding>` is not HTML there.
#[allow(rustdoc::invalid_html_tags)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Expand every scaffolding and print one XML document holding everything generated (jobs, access-control rules, ...).
    Expand {
        /// The configuration folder (default: the nearest `Conf` folder or `scaffc.toml` conf).
        conf: Option<PathBuf>,
        /// Write one document per scaffolding to DIR/<Scaffolding>/<Key>.xml instead (Key: the job identifier, else Profile_EntityType).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// With --out: write nothing; exit 1 with a diff when DIR is not up to date.
        #[arg(long, requires = "out")]
        check: bool,
        #[command(flatten)]
        selection: Selection,
    },
    /// Validate the configuration: `check [CONF] [PATH...]`, or `check [CONF] - --stdin-filename PATH`.
    Check {
        /// The configuration folder (when the first argument is a folder), then the files to
        /// report on (default: all). `-` reads the file named by --stdin-filename from standard input.
        #[arg(value_name = "CONF|PATH")]
        args: Vec<PathBuf>,
        /// Report format (default: scaffc.toml's `format`, else human).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// With `-`: the file of the configuration that standard input replaces.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
        #[command(flatten)]
        selection: Selection,
        /// Apply the safe fixes of the diagnostics, then report what remains.
        #[arg(long)]
        fix: bool,
        /// With --fix: also apply the unsafe ones (guesses).
        #[arg(long, requires = "fix")]
        unsafe_fixes: bool,
        /// With --fix: print the edits as a unified diff and write nothing.
        #[arg(long, requires = "fix")]
        diff: bool,
    },
    /// Print a job's tasks in launch order, as the product's job-steps tool does.
    Steps {
        /// `[CONF] JOB`: the configuration folder (optional) and the job's identifier.
        #[arg(num_args = 1..=2, value_name = "[CONF] JOB", required = true)]
        args: Vec<String>,
    },
    /// Draw a job: its tasks grouped by level, with their dependencies.
    Graph {
        /// `[CONF] JOB`: the configuration folder (optional) and the job's identifier.
        #[arg(num_args = 1..=2, value_name = "[CONF] JOB", required = true)]
        args: Vec<String>,
        /// Mermaid (renders in GitHub Markdown) or DOT (Graphviz).
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Every scheduled job: expression, time zone, plain-English reading, next runs; or the
    /// entries of an external scheduler running Usercube-Invoke-Job for each.
    Schedule {
        /// The configuration folder (default: the nearest `Conf` folder or `scaffc.toml` conf).
        conf: Option<PathBuf>,
        /// The next runs strictly after this instant (YYYY-MM-DDTHH:MM:SS; default: now, UTC).
        #[arg(long, value_name = "T")]
        from: Option<String>,
        /// The listing's format (not with --external, which writes the scheduler's entries).
        #[arg(long, value_enum, default_value_t = ScheduleFormat::Table, conflicts_with = "external")]
        format: ScheduleFormat,
        /// Write the entries of an external scheduler instead of the listing.
        #[arg(long, value_enum, requires = "api_url")]
        external: Option<External>,
        /// With --external: the Identity Manager server's URL.
        #[arg(long, value_name = "URL", requires = "external")]
        api_url: Option<String>,
        /// With --external: the environment variable that holds the API secret (never written).
        #[arg(
            long,
            value_name = "NAME",
            default_value = crate::schedule::DEFAULT_SECRET_ENV,
            requires = "external"
        )]
        secret_env: String,
    },
    /// Print a rule's description, an example that triggers it and how to fix it.
    Explain {
        /// The rule's code, e.g. unknown-connector.
        code: String,
    },
    /// Validate a cron expression and print its next occurrences.
    Cron {
        /// The expression, e.g. "*/15 * * * *".
        expr: String,
        /// Read a leading seconds field (six fields).
        #[arg(long)]
        seconds: bool,
        /// How many occurrences to print.
        #[arg(long, default_value_t = 5, value_name = "N")]
        next: usize,
        /// Print the occurrences strictly after this instant (YYYY-MM-DDTHH:MM:SS; default: now, UTC).
        #[arg(long, value_name = "T")]
        from: Option<String>,
    },
    /// Every rule: code, severity after configuration, description, whether it has a fix.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// A language server on standard input/output (Language Server Protocol 3.17), for editors.
    Lsp,
}
