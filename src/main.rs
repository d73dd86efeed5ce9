//! The `scaffc` command: argument parsing, file system and terminal only. Every decision
//! is made by the library.

use std::io::{IsTerminal, Read, Write};
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
        /// The configuration folder (default: ./Conf if it exists, else .).
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
        /// The configuration folder (default: ./Conf if it exists, else .).
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
            let _ = e.print();
            // clap: help and version are not errors.
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "scaffc: internal error: {info}\nThis is a bug in scaffc. Please report it with the command you ran and, if you can, the configuration files involved."
        );
    }));
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(3),
    }
}

/// A failure of the command itself (exit 2).
struct UsageError(String);

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
    let result = match cli.command {
        Command::Expand { conf, out, check } => match out {
            None => expand(conf.as_deref(), cli.agent_settings.as_deref(), color),
            Some(dir) => expand_out(
                conf.as_deref(),
                &dir,
                check,
                cli.agent_settings.as_deref(),
                color,
            ),
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
        } => check(
            &args,
            format,
            stdin_filename.as_deref(),
            cli.agent_settings.as_deref(),
            color,
        ),
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
            cli.agent_settings.as_deref(),
            color,
        ),
        Command::Explain { code } => explain(&code),
        Command::Cron {
            expr,
            seconds,
            next,
            from,
        } => cron(&expr, seconds, next, from.as_deref(), color),
    };
    match result {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            eprintln!("scaffc: {msg}");
            ExitCode::from(2)
        }
    }
}

fn options(agent_settings: Option<&Path>) -> Result<scaffc::Options, UsageError> {
    let agent_settings = match agent_settings {
        None => None,
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| UsageError(format!("cannot read `{}`: {e}", path.display())))?;
            let settings = scaffc::agent_settings::AgentSettings::parse(&bytes).map_err(|e| {
                let f = scaffc::SourceFile::new(path.display().to_string(), &bytes);
                let lc = f.line_col(e.offset);
                UsageError(format!(
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
        threads: 0,
        agent_settings,
    })
}

fn expand(
    conf: Option<&Path>,
    agent_settings: Option<&Path>,
    color: bool,
) -> Result<ExitCode, UsageError> {
    let (_, files) = read_conf(conf)?;
    let sources = scaffc::Sources::from_read_results(files);
    let out = scaffc::analyze(&sources, &options(agent_settings)?);
    if report(&sources, &out.diagnostics, color) {
        return Ok(ExitCode::from(1));
    }
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.xml.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| UsageError(format!("cannot write the output: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// Reports the diagnostics on standard error; `true` when there are errors.
fn report(sources: &scaffc::Sources, diagnostics: &[scaffc::Diagnostic], color: bool) -> bool {
    let mut err = std::io::stderr().lock();
    for d in diagnostics {
        let _ = write!(err, "{}", scaffc::render::human::render(sources, d, color));
    }
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
) -> Result<ExitCode, UsageError> {
    let (root, files) = read_conf(conf)?;
    // Never write into the configuration folder.
    let inside = |a: &Path, b: &Path| match (absolute(a), absolute(b)) {
        (Some(a), Some(b)) => a.starts_with(b),
        _ => false,
    };
    if inside(dir, &root) {
        return Err(UsageError(format!(
            "`{}` is inside the configuration folder `{}`: scaffc never writes there",
            dir.display(),
            root.display()
        )));
    }
    let sources = scaffc::Sources::from_read_results(files);
    let out = scaffc::analyze(&sources, &options(agent_settings)?);
    if report(&sources, &out.diagnostics, color) {
        return Ok(ExitCode::from(1));
    }
    if check {
        let stale =
            scaffc::output_dir::check(dir, &out.files).map_err(|e| UsageError(e.to_string()))?;
        if stale.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        let mut text = String::new();
        for s in &stale {
            text.push_str(&s.diff);
        }
        print!("{text}");
        eprintln!(
            "scaffc: `{}` is out of date: {} file(s) differ; run `scaffc expand --out {}` and commit the result",
            dir.display(),
            stale.len(),
            dir.display()
        );
        return Ok(ExitCode::from(1));
    }
    let written =
        scaffc::output_dir::write(dir, &out.files).map_err(|e| UsageError(e.to_string()))?;
    eprintln!(
        "scaffc: {} written, {} unchanged, {} removed in `{}`",
        written.written.len(),
        written.unchanged.len(),
        written.removed.len(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A path made absolute, through the nearest existing ancestor (the folder may not exist).
fn absolute(p: &Path) -> Option<PathBuf> {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(p)
    };
    let mut existing = p.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
    let mut out = existing.canonicalize().ok()?;
    for r in rest.iter().rev() {
        out.push(r);
    }
    Some(out)
}

/// `steps` and `graph`: `[CONF] JOB`.
fn job_command(
    args: &[String],
    render: impl Fn(&scaffc::job_listing::JobListing) -> String,
) -> Result<ExitCode, UsageError> {
    let (conf, job) = match args {
        [job] => (None, job),
        [conf, job] => (Some(Path::new(conf.as_str())), job),
        _ => return Err(UsageError("expected `[CONF] JOB`".into())),
    };
    let (_, files) = read_conf(conf)?;
    let sources = scaffc::Sources::from_read_results(files);
    match scaffc::job_listing::find_job(&sources, job) {
        Ok(listing) => {
            print!("{}", render(&listing));
            Ok(ExitCode::SUCCESS)
        }
        Err(all) => {
            let hint = match scaffc::diagnostic::suggest(job, all.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None if all.is_empty() => "the configuration has no job".to_string(),
                None => format!("the jobs are: {}", all.join(", ")),
            };
            Err(UsageError(format!(
                "no job `{job}` in the configuration; {hint}"
            )))
        }
    }
}

fn check(
    args: &[PathBuf],
    format: Format,
    stdin_filename: Option<&Path>,
    agent_settings: Option<&Path>,
    color: bool,
) -> Result<ExitCode, UsageError> {
    let (conf_arg, paths) = match args.split_first() {
        Some((first, rest)) if first.as_os_str() != "-" && first.is_dir() => {
            (Some(first.as_path()), rest)
        }
        _ => (None, args),
    };
    let (root, mut files) = read_conf(conf_arg)?;
    let mut selected: Vec<String> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let name = stdin_filename.ok_or_else(|| {
                UsageError(
                    "`-` needs --stdin-filename PATH: which file of the configuration it replaces"
                        .into(),
                )
            })?;
            let rel = relative_to_conf(&root, name);
            let mut buffer = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buffer)
                .map_err(|e| UsageError(format!("cannot read standard input: {e}")))?;
            files.retain(|(path, _)| path != &rel);
            files.push((rel.clone(), Ok(buffer)));
            selected.push(rel);
        } else {
            let rel = relative_to_conf(&root, p);
            if !files.iter().any(|(path, _)| path == &rel) {
                return Err(UsageError(format!(
                    "`{}` is not an .xml file of the configuration `{}`",
                    p.display(),
                    root.display()
                )));
            }
            selected.push(rel);
        }
    }
    if stdin_filename.is_some() && !paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(UsageError("--stdin-filename is only used with `-`".into()));
    }
    let sources = scaffc::Sources::from_read_results(files);
    let out = scaffc::analyze(&sources, &options(agent_settings)?);
    let mut diagnostics = out.diagnostics;
    let file_count = if selected.is_empty() {
        sources.files.len()
    } else {
        let ids: Vec<usize> = selected.iter().filter_map(|p| sources.find(p)).collect();
        scaffc::only_in_files(&mut diagnostics, &ids);
        ids.len()
    };
    let prefix = root.to_string_lossy().replace('\\', "/");
    let text = match format {
        Format::Human => {
            let mut s = String::new();
            for d in &diagnostics {
                s.push_str(&scaffc::render::human::render(&sources, d, color));
            }
            s.push_str(&scaffc::render::human::summary(&diagnostics, file_count));
            s.push('\n');
            s
        }
        Format::Json => scaffc::render::json::render(&sources, &diagnostics, file_count),
        Format::Sarif => scaffc::render::sarif::render(&sources, &diagnostics, &prefix),
        Format::Github => scaffc::render::github::render(&sources, &diagnostics, &prefix),
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .map_err(|e| UsageError(format!("cannot write the output: {e}")))?;
    Ok(if diagnostics.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A path given on the command line as a path of the configuration (relative to `CONF`,
/// with `/`): a path under `CONF` is made relative to it; any other is taken as relative
/// to `CONF` already.
fn relative_to_conf(root: &Path, p: &Path) -> String {
    let canonical_root = root.canonicalize().ok();
    let candidate = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let under = canonical_root.and_then(|r| {
        let c = candidate.canonicalize().ok().or_else(|| {
            // A new, unsaved file: canonicalize its folder.
            let parent = candidate.parent()?.canonicalize().ok()?;
            Some(parent.join(candidate.file_name()?))
        })?;
        c.strip_prefix(&r).ok().map(Path::to_path_buf)
    });
    let rel = under.unwrap_or_else(|| p.to_path_buf());
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn explain(code: &str) -> Result<ExitCode, UsageError> {
    match scaffc::rules::rule(code) {
        Some(r) => {
            println!(
                "{} ({})\n\n{}\n\n{}",
                r.code,
                r.severity.as_str(),
                r.summary,
                r.explain
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let codes = scaffc::rules::RULES.iter().map(|r| r.code);
            let hint = match scaffc::diagnostic::suggest(code, codes.clone()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the codes are: {}", codes.collect::<Vec<_>>().join(", ")),
            };
            Err(UsageError(format!("no rule has the code `{code}`; {hint}")))
        }
    }
}

/// `--from`, else now (UTC).
fn start(from: Option<&str>) -> Result<scaffc::cron::DateTime, UsageError> {
    match from {
        Some(t) => scaffc::cron::DateTime::parse(t).ok_or_else(|| {
            UsageError(format!(
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
) -> Result<ExitCode, UsageError> {
    let from = start(from)?;
    let (_, files) = read_conf(conf)?;
    let sources = scaffc::Sources::from_read_results(files);
    let jobs = scaffc::schedule::scheduled_jobs_with(&sources, &options(agent_settings)?, from);
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
            let out = scaffc::schedule::external(&jobs, kind, &options).map_err(UsageError)?;
            (out.text, out.diagnostics)
        }
    };
    print!("{text}");
    let mut refusals = refusals;
    scaffc::diagnostic::sort_and_dedup(&mut refusals);
    Ok(if report(&sources, &refusals, color) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn cron(
    expr: &str,
    seconds: bool,
    next: usize,
    from: Option<&str>,
    color: bool,
) -> Result<ExitCode, UsageError> {
    let start = start(from)?;
    let report = scaffc::cron_report(expr, seconds, start, next);
    let mut err = std::io::stderr().lock();
    for d in &report.diagnostics {
        let _ = write!(
            err,
            "{}",
            scaffc::render::human::render(&report.sources, d, color)
        );
    }
    if report.diagnostics.iter().any(|d| d.is_error()) {
        return Ok(ExitCode::from(1));
    }
    let mut out = String::new();
    for t in &report.occurrences {
        out.push_str(&t.to_string());
        out.push('\n');
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// The configuration folder: the argument, else `./Conf` when it exists, else `.`.
fn conf_dir(arg: Option<&Path>) -> PathBuf {
    match arg {
        Some(p) => p.to_path_buf(),
        None if Path::new("Conf").is_dir() => PathBuf::from("Conf"),
        None => PathBuf::from("."),
    }
}

/// Reads every `*.xml` file under the configuration folder. A file that cannot be read
/// becomes an empty file with a decode error (one diagnostic), not a failure of the run.
#[allow(clippy::type_complexity)]
fn read_conf(
    arg: Option<&Path>,
) -> Result<(PathBuf, Vec<(String, std::io::Result<Vec<u8>>)>), UsageError> {
    let root = conf_dir(arg);
    if !root.is_dir() {
        return Err(UsageError(format!("`{}` is not a folder", root.display())));
    }
    let mut files = Vec::new();
    collect(&root, &root, &mut files).map_err(UsageError)?;
    Ok((root, files))
}

fn collect(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, std::io::Result<Vec<u8>>)>,
) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        let path = entry.path();
        let file_type = entry
            .file_type()
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        if file_type.is_dir() {
            collect(root, &path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
        {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, std::fs::read(&path)));
        }
    }
    Ok(())
}
