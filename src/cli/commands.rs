//! One function per command.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::conf::{
    file_of, is_xml_name, options, read_conf, replace_with_stdin, report_root, shown,
};
use super::Selection;
use super::{emit, eprint, write_failed, Command, CommandError, Io, Outcome, Status};
use super::{External, GraphFormat, ScheduleFormat};
use crate::config::Config;
use crate::render::{self, ReportOptions, Summary};
use crate::{Diagnostic, Render, Sources};

/// What every command is told beside its own arguments.
pub(super) struct Ctx<'a> {
    /// Whether reports are coloured (already decided from `--color` and the terminal).
    pub color: bool,
    /// `--agent-settings` (only `check`, `expand` and `schedule` get here with it).
    pub agent_settings: Option<&'a Path>,
    /// `--config FILE`.
    pub config: Option<&'a Path>,
    /// `--no-config`.
    pub no_config: bool,
}

/// A configuration tree read for a command, with the `scaffc.toml` that applies to it.
struct Loaded {
    tree: crate::fs::Tree,
    config: Config,
    /// The configuration file as the summary names it (empty: none).
    config_shown: String,
    /// CONF as the reports show it, and as a `file://` URI.
    root: String,
    conf_uri: String,
}

/// Reads CONF (found as `cli.md` says; `--config`'s `conf` key names it when it is not
/// given) and the `scaffc.toml` that applies (`--config`, else the nearest walking up from
/// CONF, none with `--no-config`), with `selection`'s flags; drops the excluded files.
fn load(
    ctx: &Ctx<'_>,
    conf: Option<&Path>,
    start: Option<&Path>,
    selection: Option<&Selection>,
) -> Result<Loaded, CommandError> {
    let config_error = |mut e: crate::config::ConfigError| {
        e.file = shown(Path::new(&e.file));
        CommandError(e.to_string())
    };
    let explicit = ctx
        .config
        .map(Config::read)
        .transpose()
        .map_err(config_error)?;
    let conf_of_config = explicit.as_ref().and_then(|c| {
        let key = c.conf.as_ref()?;
        Some(c.file.as_ref()?.parent()?.join(key))
    });
    let mut tree = read_conf(conf.or(conf_of_config.as_deref()), start)?;
    let mut config = match explicit {
        Some(c) => c,
        None if ctx.no_config => Config::default(),
        None => Config::find(&tree.root).map_err(config_error)?,
    };
    if let Some(s) = selection {
        config.select = codes(&s.select, "--select")?;
        config.ignore = codes(&s.ignore, "--ignore")?;
        config.warnings_as_errors = s.warnings_as_errors;
    }
    if !config.exclude.is_empty() {
        tree.files.retain(|f| !config.excludes(&f.path));
        if tree.files.is_empty() {
            return Err(CommandError(format!(
                "no configuration files under `{}`: `exclude` of `{}` leaves none",
                tree.root.display(),
                config.file.as_deref().unwrap_or(Path::new("")).display()
            )));
        }
    }
    let (root, conf_uri) = report_root(&tree);
    let config_shown = config.file.as_deref().map(shown).unwrap_or_default();
    Ok(Loaded {
        tree,
        config,
        config_shown,
        root,
        conf_uri,
    })
}

/// The rule codes of `--select` / `--ignore`.
fn codes(list: &[String], flag: &str) -> Result<Vec<crate::rules::RuleId>, CommandError> {
    list.iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(|c| {
            crate::rules::RuleId::from_code(c).ok_or_else(|| {
                let all = crate::rules::RuleId::ALL.iter().map(|r| r.code());
                let hint = crate::diagnostic::suggest(c, all)
                    .map_or(String::new(), |s| format!(": did you mean `{s}`?"));
                CommandError(format!("{flag}: no rule has the code `{c}`{hint}"))
            })
        })
        .collect()
}

pub(super) fn run(ctx: &Ctx<'_>, command: Command, io: &mut Io<'_>) -> Outcome {
    match command {
        Command::Expand {
            conf,
            out,
            check,
            selection,
        } => match out {
            None => expand(ctx, conf.as_deref(), &selection, io),
            Some(dir) => expand_out(ctx, conf.as_deref(), &dir, check, &selection, io),
        },
        Command::Steps { args } => job_command(ctx, &args, io, crate::job_listing::steps),
        Command::Graph { args, format } => job_command(ctx, &args, io, |job| match format {
            GraphFormat::Mermaid => crate::job_listing::mermaid(job),
            GraphFormat::Dot => crate::job_listing::dot(job),
        }),
        Command::Check {
            args,
            format,
            stdin_filename,
            selection,
            fix,
            unsafe_fixes,
            diff,
        } => check(
            ctx,
            &CheckArgs {
                args: &args,
                format: format.map(Into::into),
                stdin_filename: stdin_filename.as_deref(),
                selection: &selection,
                fix: fix.then_some(if unsafe_fixes {
                    crate::Applicability::Unsafe
                } else {
                    crate::Applicability::Safe
                }),
                diff,
            },
            io,
        ),
        Command::Rules { format } => rules(ctx, format, io),
        Command::Schedule {
            conf,
            from,
            format,
            external,
            api_url,
            secret_env,
        } => {
            let external = external.zip(api_url).map(|(kind, api_url)| {
                let kind = match kind {
                    External::Crontab => crate::schedule::ExternalKind::Crontab,
                    External::Windows => crate::schedule::ExternalKind::Windows,
                };
                let mut options = crate::schedule::ExternalOptions::new(api_url);
                options.secret_env = secret_env;
                (kind, options)
            });
            schedule(ctx, conf.as_deref(), from.as_deref(), format, external, io)
        }
        Command::Explain { code } => explain(&code, io),
        Command::Cron {
            expr,
            seconds,
            next,
            from,
        } => cron(ctx, &expr, seconds, next, from.as_deref(), io),
        // The protocol owns standard input and output.
        Command::Lsp => crate::lsp::run_stdio()
            // `exit` without `shutdown`: exit 1, as the protocol says.
            .map(|shut_down| {
                if shut_down {
                    Status::Success
                } else {
                    Status::Errors
                }
            })
            .map_err(CommandError),
    }
}

/// Reports `diagnostics` on standard error (human, the summary when there are errors, or
/// always with `--statistics`); `true` when there are errors.
fn report_errors(
    ctx: &Ctx<'_>,
    io: &mut Io<'_>,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    l: &Loaded,
    selection: Option<&Selection>,
) -> bool {
    let text = render::report(
        render::Format::Human,
        sources,
        diagnostics,
        &ReportOptions {
            color: ctx.color,
            summary: if selection.is_some_and(|s| s.statistics) {
                Summary::Always
            } else {
                Summary::OnErrors
            },
            root: &l.root,
            config: &l.config_shown,
            quiet: selection.is_some_and(|s| s.quiet),
            statistics: selection.is_some_and(|s| s.statistics),
            ..ReportOptions::default()
        },
    );
    let _ = io.stderr.write_all(text.as_bytes());
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Runs the whole analysis of the configuration files, rendering `render`, with the
/// configuration's severities applied.
fn analyze(
    ctx: &Ctx<'_>,
    files: Vec<crate::fs::TreeFile>,
    config: &Config,
    render: Render,
) -> Result<(Sources, crate::Analysis), CommandError> {
    let mut options = options(ctx.agent_settings.or(config.agent_settings.as_deref()))?;
    options.render = render;
    let sources = Sources::from_tree(files);
    let mut analysis = crate::analyze(&sources, &options);
    config.apply(&sources, &mut analysis.diagnostics);
    Ok((sources, analysis))
}

fn expand(ctx: &Ctx<'_>, conf: Option<&Path>, selection: &Selection, io: &mut Io<'_>) -> Outcome {
    let mut l = load(ctx, conf, None, Some(selection))?;
    let (sources, out) = analyze(
        ctx,
        std::mem::take(&mut l.tree.files),
        &l.config,
        Render::Document,
    )?;
    if report_errors(ctx, io, &sources, &out.diagnostics, &l, Some(selection)) {
        return Ok(Status::Errors);
    }
    emit(io, &out.xml, Status::Success)
}

fn expand_out(
    ctx: &Ctx<'_>,
    conf: Option<&Path>,
    dir: &Path,
    check: bool,
    selection: &Selection,
    io: &mut Io<'_>,
) -> Outcome {
    let mut l = load(ctx, conf, None, Some(selection))?;
    let out_error = |e: crate::output_dir::OutError| CommandError(e.to_string());
    crate::output_dir::refuse_overlap(dir, &l.tree.canonical).map_err(out_error)?;
    let (sources, out) = analyze(
        ctx,
        std::mem::take(&mut l.tree.files),
        &l.config,
        Render::Files,
    )?;
    if report_errors(ctx, io, &sources, &out.diagnostics, &l, Some(selection)) {
        return Ok(Status::Errors);
    }
    if check {
        let stale = crate::output_dir::check(dir, &out.files).map_err(out_error)?;
        if stale.is_empty() {
            return Ok(Status::Success);
        }
        let text: String = stale.iter().map(|s| s.diff.as_str()).collect();
        let status = emit(io, &text, Status::Errors)?;
        eprint(io, format_args!(
            "scaffc: `{}` is out of date: {} file(s) differ; run `scaffc expand --out {}` and commit the result",
            dir.display(),
            stale.len(),
            dir.display()
        ));
        return Ok(status);
    }
    let written = crate::output_dir::write(dir, &out.files).map_err(out_error)?;
    eprint(
        io,
        format_args!(
            "scaffc: {} written, {} unchanged, {} removed in `{}`",
            written.written.len(),
            written.unchanged.len(),
            written.removed.len(),
            dir.display()
        ),
    );
    Ok(Status::Success)
}

/// `steps` and `graph`: `[CONF] JOB`. A configuration with errors is reported (exit 1), as
/// `expand` does, rather than listed: its jobs may be missing or wrong.
fn job_command(
    ctx: &Ctx<'_>,
    args: &[String],
    io: &mut Io<'_>,
    render: impl Fn(&crate::job_listing::JobListing) -> String,
) -> Outcome {
    let (conf, job) = match args {
        [job] => (None, job),
        [conf, job] => (Some(Path::new(conf.as_str())), job),
        _ => return Err(CommandError("expected `[CONF] JOB`".into())),
    };
    let mut l = match load(ctx, conf, None, None) {
        Err(_) if conf.is_none() && Path::new(job).is_dir() => {
            return Err(CommandError(format!(
                "`{job}` is a folder, not a job: the job's identifier is missing (`[CONF] JOB`)"
            )))
        }
        other => other?,
    };
    // One analysis: its diagnostics, and the job listed from the same model and expansion.
    let options = options(ctx.agent_settings.or(l.config.agent_settings.as_deref()))?;
    let sources = Sources::from_tree(std::mem::take(&mut l.tree.files));
    let (mut diagnostics, found) =
        crate::with_pipeline(&sources, &options, |model, expanded, d| {
            (d, crate::job_listing::find_job_in(model, expanded, job))
        });
    l.config.apply(&sources, &mut diagnostics);
    if report_errors(ctx, io, &sources, &diagnostics, &l, None) {
        return Ok(Status::Errors);
    }
    match found {
        Ok(listing) => emit(io, &render(&listing), Status::Success),
        Err(all) => {
            let hint = match crate::diagnostic::suggest(job, all.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None if all.is_empty() => "the configuration has no job".to_string(),
                None => format!("the jobs are: {}", all.join(", ")),
            };
            Err(CommandError(format!(
                "no job `{job}` in the configuration; {hint}"
            )))
        }
    }
}

/// The arguments of `check`.
struct CheckArgs<'a> {
    args: &'a [PathBuf],
    /// `--format`, when given.
    format: Option<render::Format>,
    stdin_filename: Option<&'a Path>,
    selection: &'a Selection,
    /// `--fix`: the fixes applied (safe, or with `--unsafe-fixes` all).
    fix: Option<crate::Applicability>,
    /// `--diff`.
    diff: bool,
}

fn check(ctx: &Ctx<'_>, a: &CheckArgs<'_>, io: &mut Io<'_>) -> Outcome {
    let (args, stdin_filename) = (a.args, a.stdin_filename);
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
        return Err(CommandError(
            "`-` (standard input) is given more than once".into(),
        ));
    }
    if stdin_filename.is_some() && stdin_count == 0 {
        return Err(CommandError(
            "--stdin-filename is only used with `-`".into(),
        ));
    }
    if a.fix.is_some() && stdin_count > 0 {
        return Err(CommandError(
            "--fix writes the files of the configuration: it does not take `-`".into(),
        ));
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
    let mut l = load(ctx, conf_arg, start, Some(a.selection))?;
    let format = match (a.format, l.config.format.as_deref()) {
        (Some(f), _) => f,
        (None, Some(name)) => render::Format::from_name(name).unwrap_or_default(),
        (None, None) => render::Format::Human,
    };
    if a.diff && matches!(format, render::Format::Json | render::Format::Sarif) {
        return Err(CommandError(
            "--diff prints a unified diff before the report: use it with --format human, concise or github"
                .into(),
        ));
    }
    let mut selected: Vec<String> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let name = stdin_filename.ok_or_else(|| {
                CommandError(
                    "`-` needs --stdin-filename PATH: which file of the configuration it replaces"
                        .into(),
                )
            })?;
            selected.push(replace_with_stdin(&mut l.tree, name, io.stdin)?);
        } else {
            selected.push(file_of(&l.tree, p)?);
        }
    }
    selected.sort();
    selected.dedup();
    let mut fixed = None;
    if let Some(applicability) = a.fix {
        let report = crate::fix::fix_tree(
            &l.tree.canonical,
            &l.tree.files,
            &selected,
            applicability,
            a.diff,
            &mut |files| {
                analyze(ctx, files, &l.config, Render::Nothing).map(|(s, out)| (s, out.diagnostics))
            },
        )?;
        for path in &report.skipped {
            eprint(
                io,
                format_args!(
                    "scaffc: `{path}` not fixed: its name is not valid UTF-8, or it is no longer a regular file"
                ),
            );
        }
        if a.diff {
            // Nothing was written: what remains is what is there.
            let _ = io.stdout.write_all(report.diff.as_bytes());
        } else if !report.files.is_empty() {
            // What remains is reported on the files as they are now.
            l = load(ctx, conf_arg, start, Some(a.selection))?;
        }
        fixed = Some(report);
    }
    let (sources, out) = analyze(
        ctx,
        std::mem::take(&mut l.tree.files),
        &l.config,
        Render::Nothing,
    )?;
    let mut diagnostics = out.diagnostics;
    if let Some(f) = &fixed {
        eprint(io, format_args!("{}", f.summary(a.diff)));
    }
    let files = if selected.is_empty() {
        sources.files.len()
    } else {
        let ids: Vec<usize> = selected
            .iter()
            .filter_map(|p| sources.files.iter().position(|f| &f.path == p))
            .collect();
        crate::only_in_files(&mut diagnostics, &ids);
        ids.len()
    };
    let text = render::report(
        format,
        &sources,
        &diagnostics,
        &ReportOptions {
            color: ctx.color,
            files: Some(files),
            root: &l.root,
            conf_uri: &l.conf_uri,
            config: &l.config_shown,
            summary: Summary::Always,
            quiet: a.selection.quiet,
            statistics: a.selection.statistics,
        },
    );
    let status = if diagnostics.iter().any(Diagnostic::is_error) {
        Status::Errors
    } else {
        Status::Success
    };
    emit(io, &text, status)
}

/// `scaffc rules`: every rule, with its severity after the configuration found from the
/// current folder (or `--config`).
fn rules(ctx: &Ctx<'_>, format: super::RulesFormat, io: &mut Io<'_>) -> Outcome {
    let config_error = |mut e: crate::config::ConfigError| {
        e.file = shown(Path::new(&e.file));
        CommandError(e.to_string())
    };
    let config = match (ctx.config, ctx.no_config) {
        (Some(p), _) => Config::read(p).map_err(config_error)?,
        (None, true) => Config::default(),
        (None, false) => {
            let cwd = std::env::current_dir()
                .map_err(|e| CommandError(format!("cannot read the current folder: {e}")))?;
            Config::find(&cwd).map_err(config_error)?
        }
    };
    let rows: Vec<(&str, &str, &str, bool)> = crate::rules::RULES
        .iter()
        .map(|r| {
            let level = config
                .rules
                .iter()
                .rev()
                .find(|(c, _)| *c == r.code)
                .map_or(r.severity.as_str(), |(_, l)| l.as_str());
            (
                r.code.code(),
                level,
                r.summary,
                crate::fix::CODES_WITH_FIX.contains(&r.code),
            )
        })
        .collect();
    let text = match format {
        super::RulesFormat::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|(code, severity, summary, fix)| {
                    serde_json::json!({
                        "code": code, "severity": severity, "summary": summary, "fix": fix,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
        super::RulesFormat::Table => {
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
            rows.iter()
                .map(|(code, severity, summary, fix)| {
                    format!(
                        "{code:width$}  {severity:7}  {}  {}\n",
                        if *fix { "fix" } else { "   " },
                        render::escape_control(summary)
                    )
                })
                .collect()
        }
    };
    emit(io, &text, Status::Success)
}

fn explain(code: &str, io: &mut Io<'_>) -> Outcome {
    match crate::rules::rule(code) {
        Some(r) => emit(
            io,
            &format!(
                "{} ({})\n\n{}\n\n{}\n",
                r.code,
                r.severity.as_str(),
                r.summary,
                r.explain
            ),
            Status::Success,
        ),
        None => {
            let codes = crate::rules::RULES.iter().map(|r| r.code.code());
            let hint = match crate::diagnostic::suggest(code, codes.clone()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the codes are: {}", codes.collect::<Vec<_>>().join(", ")),
            };
            Err(CommandError(format!(
                "no rule has the code `{code}`; {hint}"
            )))
        }
    }
}

/// `--from`, else now (UTC).
fn start(from: Option<&str>) -> Result<crate::cron::DateTime, CommandError> {
    match from {
        Some(t) => crate::cron::DateTime::parse(t).ok_or_else(|| {
            CommandError(format!(
                "--from `{t}` is not a date-time YYYY-MM-DDTHH:MM:SS"
            ))
        }),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            Ok(crate::cron::DateTime::from_unix_timestamp(secs))
        }
    }
}

fn schedule(
    ctx: &Ctx<'_>,
    conf: Option<&Path>,
    from: Option<&str>,
    format: ScheduleFormat,
    external: Option<(
        crate::schedule::ExternalKind,
        crate::schedule::ExternalOptions,
    )>,
    io: &mut Io<'_>,
) -> Outcome {
    let from = start(from)?;
    let mut l = load(ctx, conf, None, None)?;
    let options = options(ctx.agent_settings.or(l.config.agent_settings.as_deref()))?;
    let sources = Sources::from_tree(std::mem::take(&mut l.tree.files));
    let mut jobs = crate::schedule::scheduled_jobs_with(&sources, &options, from);
    l.config.apply(&sources, &mut jobs.diagnostics);
    if jobs.diagnostics.iter().any(Diagnostic::is_error) {
        report_errors(ctx, io, &sources, &jobs.diagnostics, &l, None);
        return Ok(Status::Errors);
    }
    let (text, mut refusals) = match external {
        None => (
            match format {
                ScheduleFormat::Table => crate::schedule::render_table(&jobs),
                ScheduleFormat::Json => crate::schedule::render_json(&sources, &jobs),
            },
            Vec::new(),
        ),
        Some((kind, options)) => {
            let out = crate::schedule::external(&jobs, kind, &options).map_err(CommandError)?;
            (out.text, out.diagnostics)
        }
    };
    // One report after the output: the configuration's warnings and the refusals, so that
    // its summary counts everything it shows.
    let mut reported = std::mem::take(&mut jobs.diagnostics);
    reported.append(&mut refusals);
    crate::diagnostic::sort(&mut reported);
    let status = if reported.iter().any(Diagnostic::is_error) {
        Status::Errors
    } else {
        Status::Success
    };
    let status = emit(io, &text, status)?;
    report_errors(ctx, io, &sources, &reported, &l, None);
    Ok(status)
}

fn cron(
    ctx: &Ctx<'_>,
    expr: &str,
    seconds: bool,
    next: usize,
    from: Option<&str>,
    io: &mut Io<'_>,
) -> Outcome {
    let start = start(from)?;
    let report = crate::cron_report(expr, seconds);
    let text = render::report(
        render::Format::Human,
        &report.sources,
        &report.diagnostics,
        &ReportOptions {
            color: ctx.color,
            summary: Summary::Never,
            ..ReportOptions::default()
        },
    );
    let _ = io.stderr.write_all(text.as_bytes());
    if report.diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Status::Errors);
    }
    // Streamed: `--next 1000000000` prints as it goes and stops when the reader does.
    let mut out = std::io::BufWriter::new(&mut *io.stdout);
    let mut printed = 0;
    for t in report.occurrences(start).take(next) {
        if let Err(e) = writeln!(out, "{t}") {
            return write_failed(e, Status::Success);
        }
        printed += 1;
    }
    if let Err(e) = out.flush() {
        return write_failed(e, Status::Success);
    }
    drop(out);
    if printed < next && report.diagnostics.is_empty() {
        eprint(
            io,
            format_args!(
                "scaffc: {} after {start} (occurrences are searched up to 9999-12-31T23:59:59)",
                match printed {
                    0 => "no occurrence".to_string(),
                    n => format!("only {n} occurrence(s)"),
                }
            ),
        );
    }
    Ok(Status::Success)
}
