//! One function per command.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::conf::{file_of, is_xml_name, options, read_conf, replace_with_stdin};
use super::{emit, eprint, write_failed, Command, CommandError, Io, Outcome, Status};
use super::{External, GraphFormat, ScheduleFormat};
use crate::render::{self, ReportOptions, Summary};
use crate::{Diagnostic, Render, Sources};

/// What every command is told beside its own arguments.
pub(super) struct Ctx<'a> {
    /// Whether reports are coloured (already decided from `--color` and the terminal).
    pub color: bool,
    /// `--agent-settings` (only `check`, `expand` and `schedule` get here with it).
    pub agent_settings: Option<&'a Path>,
}

pub(super) fn run(ctx: &Ctx<'_>, command: Command, io: &mut Io<'_>) -> Outcome {
    match command {
        Command::Expand { conf, out, check } => match out {
            None => expand(ctx, conf.as_deref(), io),
            Some(dir) => expand_out(ctx, conf.as_deref(), &dir, check, io),
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
        } => check(ctx, &args, format.into(), stdin_filename.as_deref(), io),
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
            .map(|()| Status::Success)
            .map_err(CommandError),
    }
}

/// Reports `diagnostics` on standard error (human, the summary when there are errors);
/// `true` when there are errors.
fn report_errors(
    ctx: &Ctx<'_>,
    io: &mut Io<'_>,
    sources: &Sources,
    diagnostics: &[Diagnostic],
) -> bool {
    let text = render::report(
        render::Format::Human,
        sources,
        diagnostics,
        &ReportOptions {
            color: ctx.color,
            summary: Summary::OnErrors,
            ..ReportOptions::default()
        },
    );
    let _ = io.stderr.write_all(text.as_bytes());
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Runs the whole analysis of the configuration files, rendering `render`.
fn analyze(
    ctx: &Ctx<'_>,
    files: Vec<crate::fs::TreeFile>,
    render: Render,
) -> Result<(Sources, crate::Analysis), CommandError> {
    let mut options = options(ctx.agent_settings)?;
    options.render = render;
    let sources = Sources::from_tree(files);
    let analysis = crate::analyze(&sources, &options);
    Ok((sources, analysis))
}

fn expand(ctx: &Ctx<'_>, conf: Option<&Path>, io: &mut Io<'_>) -> Outcome {
    let (sources, out) = analyze(ctx, read_conf(conf, None)?.files, Render::Document)?;
    if report_errors(ctx, io, &sources, &out.diagnostics) {
        return Ok(Status::Errors);
    }
    emit(io, &out.xml, Status::Success)
}

fn expand_out(
    ctx: &Ctx<'_>,
    conf: Option<&Path>,
    dir: &Path,
    check: bool,
    io: &mut Io<'_>,
) -> Outcome {
    let tree = read_conf(conf, None)?;
    let out_error = |e: crate::output_dir::OutError| CommandError(e.to_string());
    crate::output_dir::refuse_overlap(dir, &tree.canonical).map_err(out_error)?;
    let (sources, out) = analyze(ctx, tree.files, Render::Files)?;
    if report_errors(ctx, io, &sources, &out.diagnostics) {
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
    let tree = match read_conf(conf, None) {
        Err(_) if conf.is_none() && Path::new(job).is_dir() => {
            return Err(CommandError(format!(
                "`{job}` is a folder, not a job: the job's identifier is missing (`[CONF] JOB`)"
            )))
        }
        other => other?,
    };
    // One analysis: its diagnostics, and the job listed from the same model and expansion.
    let options = options(ctx.agent_settings)?;
    let sources = Sources::from_tree(tree.files);
    let (diagnostics, found) = crate::with_pipeline(&sources, &options, |model, expanded, d| {
        (d, crate::job_listing::find_job_in(model, expanded, job))
    });
    if report_errors(ctx, io, &sources, &diagnostics) {
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

fn check(
    ctx: &Ctx<'_>,
    args: &[PathBuf],
    format: render::Format,
    stdin_filename: Option<&Path>,
    io: &mut Io<'_>,
) -> Outcome {
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
    let mut selected: Vec<String> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let name = stdin_filename.ok_or_else(|| {
                CommandError(
                    "`-` needs --stdin-filename PATH: which file of the configuration it replaces"
                        .into(),
                )
            })?;
            selected.push(replace_with_stdin(&mut tree, name, io.stdin)?);
        } else {
            selected.push(file_of(&tree, p)?);
        }
    }
    selected.sort();
    selected.dedup();
    let (sources, out) = analyze(ctx, tree.files, Render::Nothing)?;
    let mut diagnostics = out.diagnostics;
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
    let root = tree.root.to_string_lossy().replace('\\', "/");
    let text = render::report(
        format,
        &sources,
        &diagnostics,
        &ReportOptions {
            color: ctx.color,
            files: Some(files),
            root: &root,
            summary: Summary::Always,
        },
    );
    let status = if diagnostics.iter().any(Diagnostic::is_error) {
        Status::Errors
    } else {
        Status::Success
    };
    emit(io, &text, status)
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
    let tree = read_conf(conf, None)?;
    let options = options(ctx.agent_settings)?;
    let sources = Sources::from_tree(tree.files);
    let jobs = crate::schedule::scheduled_jobs_with(&sources, &options, from);
    if report_errors(ctx, io, &sources, &jobs.diagnostics) {
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
    crate::diagnostic::sort(&mut refusals);
    let status = if refusals.iter().any(Diagnostic::is_error) {
        Status::Errors
    } else {
        Status::Success
    };
    let status = emit(io, &text, status)?;
    report_errors(ctx, io, &sources, &refusals);
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
