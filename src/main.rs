//! The `scaffc` command: argument parsing and the terminal only. Every decision
//! is made by the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "scaffc",
    version,
    about = "Compiler and linter for Netwrix Identity Manager (Usercube) XML configuration"
)]
struct Cli {
    /// When to colour reports: auto (only on a terminal, never with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    /// The agent's appsettings.agent.json, to check the OpenId clients tasks use against it.
    #[arg(long, value_name = "FILE", global = true)]
    agent_settings: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ScheduleFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum External {
    Crontab,
    Windows,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Expand every scaffolding and print one XML document holding all generated jobs.
    Expand {
        /// The configuration folder (default: the nearest `Conf` folder or `scaffc.toml` conf).
        conf: Option<PathBuf>,
        /// Write one document per scaffolding to DIR/<Scaffolding>/<Job>.xml instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// With --out: write nothing; exit 1 with a diff when DIR is not up to date.
        #[arg(long, requires = "out")]
        check: bool,
    },
    /// Validate the configuration: `check [CONF] [PATH...]`, or `check [CONF] - --stdin-filename PATH`.
    Check {
        /// The configuration folder (when the first argument is a folder), then the files to
        /// report on (default: all). `-` reads the file named by --stdin-filename from standard input.
        #[arg(value_name = "CONF|PATH")]
        args: Vec<PathBuf>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// With `-`: the file of the configuration that standard input replaces.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
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
        /// The listing's format.
        #[arg(long, value_enum, default_value_t = ScheduleFormat::Table)]
        format: ScheduleFormat,
        /// Write the entries of an external scheduler instead of the listing.
        #[arg(long, value_enum, requires = "api_url")]
        external: Option<External>,
        /// With --external: the Identity Manager server's URL.
        #[arg(long, value_name = "URL")]
        api_url: Option<String>,
        /// With --external: the environment variable that holds the API secret (never written).
        #[arg(long, value_name = "NAME", default_value = scaffc::schedule::DEFAULT_SECRET_ENV)]
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
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let printed = e.print();
            // clap: help and version are not errors, unless they could not be written.
            return if e.use_stderr() || printed.is_err() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            std::io::stderr(),
            "scaffc: internal error: {info}\nThis is a bug in scaffc. Please report it with the command you ran and, if you can, the configuration files involved."
        );
    }));
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(3),
    }
}

/// Why a command stopped early.
enum Fail {
    /// A failure of the command itself (exit 2), with its message.
    Usage(String),
}

use Fail::Usage;

impl From<scaffc::fs::TreeError> for Fail {
    fn from(e: scaffc::fs::TreeError) -> Fail {
        Usage(e.0)
    }
}

fn eprint(msg: std::fmt::Arguments<'_>) {
    // A closed or full standard error is not worth a crash.
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// Writes `text` to standard output: `verdict` when it was written or the reader went away
/// (a closed pipe: `scaffc ... | head` stops quietly), exit 2 on any other failure (a full
/// disk).
fn emit(text: &str, verdict: ExitCode) -> Result<ExitCode, Fail> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Ok(verdict),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(verdict),
        Err(e) => Err(Usage(format!("cannot write the output: {e}"))),
    }
}

fn run(cli: Cli) -> ExitCode {
    // Colour only when the stream the reports go to is a terminal (`check` writes them
    // on standard output, the other commands on standard error), never with NO_COLOR.
    let reports_on_stdout = matches!(cli.command, Command::Check { .. });
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && if reports_on_stdout {
                    std::io::stdout().is_terminal()
                } else {
                    std::io::stderr().is_terminal()
                }
        }
    };
    let uses_settings = matches!(
        cli.command,
        Command::Check { .. } | Command::Expand { .. } | Command::Schedule { .. }
    );
    let result = if cli.agent_settings.is_some() && !uses_settings {
        Err(Usage(
            "--agent-settings is only used by `check`, `expand` and `schedule`".into(),
        ))
    } else {
        let settings = cli.agent_settings.as_deref();
        match cli.command {
            Command::Expand { conf, out, check } => match out {
                None => expand(conf.as_deref(), settings, color),
                Some(dir) => expand_out(conf.as_deref(), &dir, check, settings, color),
            },
            Command::Steps { args } => job_command(&args, scaffc::job_listing::steps),
            Command::Graph { args, format } => job_command(&args, |job| match format {
                GraphFormat::Mermaid => scaffc::job_listing::mermaid(job),
                GraphFormat::Dot => scaffc::job_listing::dot(job),
            }),
            Command::Check {
                args,
                format,
                stdin_filename,
            } => check(&args, format, stdin_filename.as_deref(), settings, color),
            Command::Schedule {
                conf,
                from,
                format,
                external,
                api_url,
                secret_env,
            } => schedule(
                conf.as_deref(),
                from.as_deref(),
                format,
                external.zip(api_url),
                secret_env,
                settings,
                color,
            ),
            Command::Explain { code } => explain(&code),
            Command::Cron {
                expr,
                seconds,
                next,
                from,
            } => cron(&expr, seconds, next, from.as_deref(), color),
        }
    };
    match result {
        Ok(code) => code,
        Err(Usage(msg)) => {
            eprint(format_args!("scaffc: {msg}"));
            ExitCode::from(2)
        }
    }
}

fn options(agent_settings: Option<&Path>) -> Result<scaffc::Options, Fail> {
    let agent_settings = match agent_settings {
        None => None,
        Some(path) => {
            let bytes = scaffc::fs::read_regular(path, scaffc::fs::MAX_FILE_BYTES, true)
                .map_err(|e| Usage(format!("cannot read `{}`: {e}", path.display())))?;
            let settings = scaffc::agent_settings::AgentSettings::parse(&bytes).map_err(|e| {
                let f = scaffc::SourceFile::new(path.display().to_string(), &bytes);
                let lc = f.line_col(e.offset);
                Usage(format!(
                    "`{}` is not valid JSON at line {}, column {}: {}",
                    path.display(),
                    lc.line,
                    lc.column,
                    e.message
                ))
            })?;
            Some((path.display().to_string(), settings))
        }
    };
    Ok(scaffc::Options {
        agent_settings,
        ..scaffc::Options::default()
    })
}

/// The configuration tree: CONF found as `cli.md` says (walking up from `start` when it is
/// not given), read through the safe file-system layer; a CONF without any configuration
/// file is refused (exit 2).
fn read_conf(conf: Option<&Path>, start: Option<&Path>) -> Result<scaffc::fs::Tree, Fail> {
    let cwd = std::env::current_dir()
        .map_err(|e| Usage(format!("cannot read the current folder: {e}")))?;
    let start = match start {
        Some(s) => cwd.join(s),
        None => cwd,
    };
    let root = scaffc::fs::find_conf(conf, &start)?;
    let tree = scaffc::fs::read_tree(&root)?;
    if tree.files.is_empty() {
        return Err(Usage(format!(
            "no configuration files under `{}` (no `.xml` file outside `expand --out` folders)",
            root.display()
        )));
    }
    Ok(tree)
}

fn expand(
    conf: Option<&Path>,
    agent_settings: Option<&Path>,
    color: bool,
) -> Result<ExitCode, Fail> {
    let tree = read_conf(conf, None)?;
    let mut options = options(agent_settings)?;
    options.render = scaffc::Render::Document;
    let sources = scaffc::Sources::from_tree(tree.files);
    let out = scaffc::analyze(&sources, &options);
    if report(&sources, &out.diagnostics, color) {
        return Ok(ExitCode::from(1));
    }
    emit(&out.xml, ExitCode::SUCCESS)
}

/// Reports the diagnostics on standard error; `true` when there are errors.
fn report(sources: &scaffc::Sources, diagnostics: &[scaffc::Diagnostic], color: bool) -> bool {
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "{}",
        scaffc::render::human::render_all(sources, diagnostics, color)
    );
    let errors = diagnostics.iter().any(|d| d.is_error());
    if errors {
        let _ = writeln!(
            err,
            "{}",
            scaffc::render::human::summary(diagnostics, sources.files.len())
        );
    }
    errors
}

fn expand_out(
    conf: Option<&Path>,
    dir: &Path,
    check: bool,
    agent_settings: Option<&Path>,
    color: bool,
) -> Result<ExitCode, Fail> {
    let tree = read_conf(conf, None)?;
    let out_error = |e: scaffc::output_dir::OutError| Usage(e.to_string());
    scaffc::output_dir::refuse_overlap(dir, &tree.canonical).map_err(out_error)?;
    let mut options = options(agent_settings)?;
    options.render = scaffc::Render::Files;
    let sources = scaffc::Sources::from_tree(tree.files);
    let out = scaffc::analyze(&sources, &options);
    if report(&sources, &out.diagnostics, color) {
        return Ok(ExitCode::from(1));
    }
    if check {
        let stale = scaffc::output_dir::check(dir, &out.files).map_err(out_error)?;
        if stale.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        let text: String = stale.iter().map(|s| s.diff.as_str()).collect();
        let code = emit(&text, ExitCode::from(1))?;
        eprint(format_args!(
            "scaffc: `{}` is out of date: {} file(s) differ; run `scaffc expand --out {}` and commit the result",
            dir.display(),
            stale.len(),
            dir.display()
        ));
        return Ok(code);
    }
    let written = scaffc::output_dir::write(dir, &out.files).map_err(out_error)?;
    eprint(format_args!(
        "scaffc: {} written, {} unchanged, {} removed in `{}`",
        written.written.len(),
        written.unchanged.len(),
        written.removed.len(),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// `steps` and `graph`: `[CONF] JOB`.
fn job_command(
    args: &[String],
    render: impl Fn(&scaffc::job_listing::JobListing) -> String,
) -> Result<ExitCode, Fail> {
    let (conf, job) = match args {
        [job] => (None, job),
        [conf, job] => (Some(Path::new(conf.as_str())), job),
        _ => return Err(Usage("expected `[CONF] JOB`".into())),
    };
    let tree = match read_conf(conf, None) {
        Err(_) if conf.is_none() && Path::new(job).is_dir() => {
            return Err(Usage(format!(
                "`{job}` is a folder, not a job: the job's identifier is missing (`[CONF] JOB`)"
            )))
        }
        other => other?,
    };
    let sources = scaffc::Sources::from_tree(tree.files);
    match scaffc::job_listing::find_job(&sources, job) {
        Ok(listing) => emit(&render(&listing), ExitCode::SUCCESS),
        Err(all) => {
            let hint = match scaffc::diagnostic::suggest(job, all.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None if all.is_empty() => "the configuration has no job".to_string(),
                None => format!("the jobs are: {}", all.join(", ")),
            };
            Err(Usage(format!(
                "no job `{job}` in the configuration; {hint}"
            )))
        }
    }
}

/// The path of a file of the configuration (relative to CONF, with `/`), for a `PATH` or
/// `--stdin-filename` given on the command line; `None` when it is not under CONF.
fn relative_to_conf(canonical_root: &Path, p: &Path) -> Option<String> {
    // From the current folder when the path (or its folder) is there; else, for a relative
    // path, from CONF.
    let here = p.exists()
        || p.parent()
            .is_some_and(|d| d.as_os_str().is_empty() || d.is_dir());
    let resolved = if here || p.is_absolute() {
        scaffc::fs::resolve(p)?
    } else {
        scaffc::fs::resolve(&canonical_root.join(p))?
    };
    let rel = resolved.strip_prefix(canonical_root).ok()?;
    if rel.as_os_str().is_empty() {
        return None;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| scaffc::fs::display_name(c.as_os_str()))
        .collect();
    Some(parts.join("/"))
}

fn is_xml_name(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml"))
}

fn check(
    args: &[PathBuf],
    format: Format,
    stdin_filename: Option<&Path>,
    agent_settings: Option<&Path>,
    color: bool,
) -> Result<ExitCode, Fail> {
    // `check [CONF] [PATH...]`: the first argument is CONF when it is a folder, or when it
    // is neither `-` nor an `.xml` path (a mistyped CONF is then reported as missing).
    let (conf_arg, paths) = match args.split_first() {
        Some((first, rest))
            if first.as_os_str() != "-" && (first.is_dir() || !is_xml_name(first)) =>
        {
            (Some(first.as_path()), rest)
        }
        _ => (None, args),
    };
    let stdin_count = paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return Err(Usage("`-` (standard input) is given more than once".into()));
    }
    if stdin_filename.is_some() && stdin_count == 0 {
        return Err(Usage("--stdin-filename is only used with `-`".into()));
    }
    // Without CONF, look for it from the first file named.
    let start = if conf_arg.is_some() {
        None
    } else {
        paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    stdin_filename.unwrap_or(p)
                } else {
                    p.as_path()
                }
            })
            .find(|p| p.as_os_str() != "-")
            .map(|p| p.parent().unwrap_or(Path::new("")))
    };
    let mut tree = read_conf(conf_arg, start)?;
    let root = tree.root.clone();
    let mut selected: Vec<String> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let name = stdin_filename.ok_or_else(|| {
                Usage(
                    "`-` needs --stdin-filename PATH: which file of the configuration it replaces"
                        .into(),
                )
            })?;
            let rel = relative_to_conf(&tree.canonical, name)
                .filter(|_| is_xml_name(name) && !name.is_dir())
                .ok_or_else(|| {
                    Usage(format!(
                        "--stdin-filename `{}` is not an .xml file inside the configuration folder `{}`",
                        name.display(),
                        root.display()
                    ))
                })?;
            let buffer =
                scaffc::fs::read_capped(std::io::stdin().lock(), scaffc::fs::MAX_FILE_BYTES)
                    .map_err(|e| Usage(format!("cannot read standard input: {e}")))?;
            match tree.files.iter_mut().find(|f| f.path == rel) {
                Some(f) => f.entry = scaffc::fs::Entry::Bytes(buffer),
                None => tree.files.push(scaffc::fs::TreeFile {
                    path: rel.clone(),
                    entry: scaffc::fs::Entry::Bytes(buffer),
                    problems: Vec::new(),
                }),
            }
            selected.push(rel);
        } else {
            let rel = relative_to_conf(&tree.canonical, p)
                .filter(|rel| tree.files.iter().any(|f| &f.path == rel))
                .ok_or_else(|| {
                    Usage(format!(
                        "`{}` is not an .xml file of the configuration `{}`",
                        p.display(),
                        root.display()
                    ))
                })?;
            selected.push(rel);
        }
    }
    selected.sort();
    selected.dedup();
    let options = options(agent_settings)?;
    let sources = scaffc::Sources::from_tree(tree.files);
    let out = scaffc::analyze(&sources, &options);
    let mut diagnostics = out.diagnostics;
    let file_count = if selected.is_empty() {
        sources.files.len()
    } else {
        let ids: Vec<usize> = selected
            .iter()
            .filter_map(|p| sources.files.iter().position(|f| &f.path == p))
            .collect();
        scaffc::only_in_files(&mut diagnostics, &ids);
        ids.len()
    };
    let prefix = root.to_string_lossy().replace('\\', "/");
    let text = match format {
        Format::Human => {
            let mut s = scaffc::render::human::render_all(&sources, &diagnostics, color);
            s.push_str(&scaffc::render::human::summary(&diagnostics, file_count));
            s.push('\n');
            s
        }
        Format::Json => scaffc::render::json::render(&sources, &diagnostics, file_count),
        Format::Sarif => scaffc::render::sarif::render(&sources, &diagnostics, &prefix),
        Format::Github => scaffc::render::github::render(&sources, &diagnostics, &prefix),
    };
    let verdict = if diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    emit(&text, verdict)
}

fn explain(code: &str) -> Result<ExitCode, Fail> {
    match scaffc::rules::rule(code) {
        Some(r) => emit(
            &format!(
                "{} ({})\n\n{}\n\n{}\n",
                r.code,
                r.severity.as_str(),
                r.summary,
                r.explain
            ),
            ExitCode::SUCCESS,
        ),
        None => {
            let codes = scaffc::rules::RULES.iter().map(|r| r.code.code());
            let hint = match scaffc::diagnostic::suggest(code, codes.clone()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the codes are: {}", codes.collect::<Vec<_>>().join(", ")),
            };
            Err(Usage(format!("no rule has the code `{code}`; {hint}")))
        }
    }
}

/// `--from`, else now (UTC).
fn start(from: Option<&str>) -> Result<scaffc::cron::DateTime, Fail> {
    match from {
        Some(t) => scaffc::cron::DateTime::parse(t).ok_or_else(|| {
            Usage(format!(
                "--from `{t}` is not a date-time YYYY-MM-DDTHH:MM:SS"
            ))
        }),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            Ok(scaffc::cron::DateTime::from_unix_timestamp(secs))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn schedule(
    conf: Option<&Path>,
    from: Option<&str>,
    format: ScheduleFormat,
    external: Option<(External, String)>,
    secret_env: String,
    agent_settings: Option<&Path>,
    color: bool,
) -> Result<ExitCode, Fail> {
    let from = start(from)?;
    let tree = read_conf(conf, None)?;
    let options = options(agent_settings)?;
    let sources = scaffc::Sources::from_tree(tree.files);
    let jobs = scaffc::schedule::scheduled_jobs_with(&sources, &options, from);
    if report(&sources, &jobs.diagnostics, color) {
        return Ok(ExitCode::from(1));
    }
    let (text, refusals) = match external {
        None => (
            match format {
                ScheduleFormat::Table => scaffc::schedule::render_table(&jobs),
                ScheduleFormat::Json => scaffc::schedule::render_json(&sources, &jobs),
            },
            Vec::new(),
        ),
        Some((kind, api_url)) => {
            let kind = match kind {
                External::Crontab => scaffc::schedule::ExternalKind::Crontab,
                External::Windows => scaffc::schedule::ExternalKind::Windows,
            };
            let mut options = scaffc::schedule::ExternalOptions::new(api_url);
            options.secret_env = secret_env;
            let out = scaffc::schedule::external(&jobs, kind, &options).map_err(Usage)?;
            (out.text, out.diagnostics)
        }
    };
    let mut refusals = refusals;
    scaffc::diagnostic::sort_and_dedup(&mut refusals);
    let verdict = if refusals.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    let code = emit(&text, verdict)?;
    report(&sources, &refusals, color);
    Ok(code)
}

fn cron(
    expr: &str,
    seconds: bool,
    next: usize,
    from: Option<&str>,
    color: bool,
) -> Result<ExitCode, Fail> {
    let start = start(from)?;
    let report = scaffc::cron_report(expr, seconds);
    let _ = write!(
        std::io::stderr(),
        "{}",
        scaffc::render::human::render_all(&report.sources, &report.diagnostics, color)
    );
    if report.diagnostics.iter().any(|d| d.is_error()) {
        return Ok(ExitCode::from(1));
    }
    // Streamed: `--next 1000000000` prints as it goes and stops when the reader does.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut printed = 0;
    for t in report.occurrences(start).take(next) {
        if let Err(e) = writeln!(out, "{t}") {
            return emit_error(e);
        }
        printed += 1;
    }
    if let Err(e) = out.flush() {
        return emit_error(e);
    }
    if printed < next && report.diagnostics.is_empty() {
        eprint(format_args!(
            "scaffc: {} after {start} (occurrences are searched up to 9999-12-31T23:59:59)",
            match printed {
                0 => "no occurrence".to_string(),
                n => format!("only {n} occurrence(s)"),
            }
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// A failed write to standard output: quiet on a closed pipe, exit 2 otherwise.
fn emit_error(e: std::io::Error) -> Result<ExitCode, Fail> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Usage(format!("cannot write the output: {e}")))
    }
}
