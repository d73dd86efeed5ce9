//! `scaffc schedule`: every scheduled job of a configuration, hand-written or generated, when
//! it runs, and the entries of an external scheduler (cron, Windows Task Scheduler) that
//! run it through the product's `Usercube-Invoke-Job` (`shared/spec/cli.md`, research
//! section 8).
//!
//! Everything here is pure: the caller gives the start instant (`from`) and the name of the
//! environment variable holding the API secret; nothing reads the clock, the file system or
//! the environment.
//!
//! ```
//! use scaffc::cron::DateTime;
//! use scaffc::schedule::{self, ExternalKind, ExternalOptions};
//!
//! let conf = r#"<ConfigurationFile xmlns="urn:schemas-usercube-com:configuration">
//!   <Agent Identifier="Local" DisplayName_L1="Local" />
//!   <Profile Identifier="Administrator" DisplayName_L1="Administrator" />
//!   <OpenIdClient Identifier="Job" HashedSecret="x" DisplayName_L1="Job" Profile="Administrator" />
//!   <Connector Identifier="HR" DisplayName_L1="HR" Agent="Local" />
//!   <Connection Identifier="HRExport" DisplayName_L1="HR" Connector="HR" Package="Usercube.CSV@0000001" />
//!   <CreateConnectorSynchroIncremental Connector="HR">
//!     <CronTabExpression CronTab="*/15 * * * *" />
//!   </CreateConnectorSynchroIncremental>
//! </ConfigurationFile>"#;
//! let sources = scaffc::Sources::new([("HR.xml", conf)]);
//! let from = DateTime::parse("2025-01-06T08:05:00").unwrap();
//! let jobs = schedule::scheduled_jobs(&sources, from);
//! assert!(!jobs.has_errors());
//! let job = &jobs.jobs[0];
//! assert_eq!(job.identifier, "HR_Synchronize_Incremental");
//! assert_eq!(job.reading, "every 15 minutes");
//! assert_eq!(job.next_runs[0].to_string(), "2025-01-06T08:15:00");
//!
//! let options = ExternalOptions::new("http://usercube.contoso.com");
//! let cron = schedule::external(&jobs, ExternalKind::Crontab, &options).unwrap();
//! assert!(cron.text.contains(r#"*/15 * * * * ./Usercube-Invoke-Job.exe -j "HR_Synchronize_Incremental" --api-secret "$USERCUBE_API_SECRET""#));
//! assert!(cron.diagnostics.is_empty());
//! ```
//!
//! # Decisions
//!
//! - **Which jobs.** Every generated `<Job>` (after the overrides of `ConsolidationMode`
//!   are applied) and every hand-written root-level `<Job>` that does not override a
//!   generated one, when it has a `CronTabExpression`. A job whose expression NCrontab
//!   rejects, or whose `CronTimeZone` is not `UTC`/`0`/`ServerTime`/`1`, is left out: the
//!   validator reports it (`invalid-cron`, `invalid-cron-time-zone`), and the diagnostics
//!   of the whole analysis come with the jobs ([`ScheduledJobs::diagnostics`]).
//! - **Order.** By job identifier (byte order), then by the place of the schedule.
//! - **Time zone.** `CronTimeZone` absent is `UTC`, as in the product. The next runs are
//!   computed in naive time: `from` is read as a time of each job's zone.
//! - **The schedule's place** ([`ScheduledJob::label`]): the `CronTabExpression` attribute
//!   of a hand-written job, or of the hand-written `<Job>` that overrides a generated one
//!   with it; else the `CronTab` of the scaffolding's `CronTabExpression` child.
//! - **OpenId client** passed as `--api-client-id`: the `OpenIdClient` of the job's first
//!   agent-side task that has one (the tasks of the job in document order, a `Step` standing
//!   for the root-level task it names); else of its first task of any kind that has one;
//!   else `Job`, the product's default client (server jobs such as `CleanDatabase` have no
//!   task with a client). When tasks name different clients, the first one is used: any
//!   client allowed to start jobs can launch it; the tasks keep their own clients.
//! - **External schedulers**: see [`ExternalKind`]; a job whose expression an external
//!   scheduler cannot express exactly is refused with the error `schedule-not-portable`
//!   ([`NOT_PORTABLE`]) at its schedule, a comment in the output, and the other jobs'
//!   entries are still written.

mod crontab;
pub mod english;
mod windows;

use serde::Serialize;

use crate::cron::{self, DateTime, Fields, Schedule};
use crate::diagnostic::{self, Diagnostic, Label};
use crate::expand::{self, cron_time_zone, GenElement};
use crate::load::Sources;
use crate::model::{is_agent_side_task, ElRef, Model};
use crate::Options;

pub use english::reading;

/// How many next runs each job lists.
pub const NEXT_RUNS: usize = 3;
/// The environment variable holding the API secret, unless `--secret-env` names another.
pub const DEFAULT_SECRET_ENV: &str = "USERCUBE_API_SECRET";
/// The OpenId client of a job whose tasks name none: the product's default client.
pub const DEFAULT_OPENID_CLIENT: &str = "Job";

/// `schedule-not-portable` (`src/rules/schedule_not_portable.rs`).
pub use crate::rules::schedule_not_portable::RULE as NOT_PORTABLE;

/// `CronTimeZone`: how the product reads a job's cron expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimeZone {
    /// `UTC` (or `0`), the default.
    Utc,
    /// `ServerTime` (or `1`): the local time of the machine that runs the scheduler.
    ServerTime,
}

impl TimeZone {
    /// `UTC` or `ServerTime`, as generated jobs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeZone::Utc => "UTC",
            TimeZone::ServerTime => "ServerTime",
        }
    }
}

/// One job with a schedule.
#[derive(Debug, Clone)]
pub struct ScheduledJob {
    pub identifier: String,
    /// The expression as written.
    pub expression: String,
    pub schedule: Schedule,
    pub time_zone: TimeZone,
    /// The plain-English reading ([`reading`]).
    pub reading: String,
    /// The first [`NEXT_RUNS`] occurrences strictly after `from` (fewer if there are none).
    pub next_runs: Vec<DateTime>,
    /// The client passed as `--api-client-id` (see the module's decisions).
    pub openid_client: String,
    /// No task of the job names a client: [`DEFAULT_OPENID_CLIENT`].
    pub openid_client_is_default: bool,
    /// The scaffolding element that generated the job; `None` for a hand-written job.
    pub scaffolding: Option<String>,
    /// The attribute value holding the expression in the user's file.
    pub label: Label,
}

/// Every scheduled job of a configuration.
#[derive(Debug, Clone)]
pub struct ScheduledJobs {
    /// The instant the next runs follow.
    pub from: DateTime,
    /// By identifier, then by the place of the schedule.
    pub jobs: Vec<ScheduledJob>,
    /// The diagnostics of the whole analysis (as `scaffc check`), sorted.
    pub diagnostics: Vec<Diagnostic>,
}

impl ScheduledJobs {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// [`scheduled_jobs_with`] with the default options.
pub fn scheduled_jobs(sources: &Sources, from: DateTime) -> ScheduledJobs {
    scheduled_jobs_with(sources, &Options::default(), from)
}

/// Loads, models, expands and checks the configuration (as [`crate::analyze`]), and lists
/// every job with a valid schedule, with its next runs strictly after `from`.
pub fn scheduled_jobs_with(sources: &Sources, options: &Options, from: DateTime) -> ScheduledJobs {
    crate::with_pipeline(sources, options, |model, expanded, diagnostics| {
        list(model, expanded, diagnostics, from)
    })
}

fn list(
    model: &Model<'_>,
    expanded: &expand::Expanded<'_>,
    diagnostics: Vec<Diagnostic>,
    from: DateTime,
) -> ScheduledJobs {
    let mut jobs = Vec::new();
    // The hand-written jobs with a `CronTabExpression`, by identifier (the first one): the
    // overrides of generated jobs are looked up here, not in every element per job.
    let mut written: rustc_hash::FxHashMap<&str, crate::model::ElRef<'_>> = Default::default();
    for r in &model.elements {
        if r.el.local() == "Job" && r.value("CronTabExpression").is_some() {
            if let Some(id) = r.id() {
                written.entry(id).or_insert(*r);
            }
        }
    }
    for e in &expanded.jobs {
        for job in e.jobs() {
            let Some(id) = job.value("Identifier") else {
                continue;
            };
            let Some(expr) = job.value("CronTabExpression") else {
                continue;
            };
            // Where the expression was written: the overriding hand-written job, else the
            // scaffolding's (last) `CronTabExpression` child, as the expansion reads it.
            let overriding = written.get(id).map(|r| (*r, "CronTabExpression"));
            let child = e
                .scaffolding
                .el
                .children()
                .filter(|c| c.local() == "CronTabExpression" && c.attr("CronTab").is_some())
                .last()
                .map(|c| (e.scaffolding.child(c), "CronTab"));
            let (site, label) = match overriding.or(child) {
                Some((r, attr)) => (Some(r), r.value_label(attr)),
                None => (None, e.scaffolding.name_label()),
            };
            let Some(zone) = zone_of(job.value("CronTimeZone"), site) else {
                continue;
            };
            let (client, is_default) = openid_client(job_tasks_generated(model, job));
            jobs.extend(scheduled(
                id,
                expr,
                zone,
                (client, is_default),
                Some(e.kind().to_string()),
                label,
                from,
            ));
        }
    }
    let generated = expanded.generated_of(
        model
            .elements
            .iter()
            .filter(|r| r.el.local() == "Job")
            .filter_map(|r| Some(("Job", r.id()?))),
    );
    for r in &model.elements {
        if r.el.local() != "Job" {
            continue;
        }
        let (Some(id), Some(expr)) = (r.id(), r.value("CronTabExpression")) else {
            continue;
        };
        if generated.contains(&("Job", id)) {
            // An override: its effect is in the generated job.
            continue;
        }
        let Some(zone) = zone_of(r.value("CronTimeZone"), None) else {
            continue;
        };
        let client = openid_client(job_tasks_source(model, *r));
        jobs.extend(scheduled(
            id,
            expr,
            zone,
            client,
            None,
            r.value_label("CronTabExpression"),
            from,
        ));
    }
    jobs.sort_by(|a, b| {
        a.identifier
            .as_bytes()
            .cmp(b.identifier.as_bytes())
            .then_with(|| a.label.file.cmp(&b.label.file))
            .then_with(|| a.label.range.start.cmp(&b.label.range.start))
    });
    ScheduledJobs {
        from,
        jobs,
        diagnostics,
    }
}

/// The job's time zone; `None` when it is not valid (the validator reports it). A zone
/// absent from the job is taken from the element the schedule was written on, if invalid
/// there (the expansion then wrote none), else `UTC`.
fn zone_of(value: Option<&str>, site: Option<ElRef<'_>>) -> Option<TimeZone> {
    let value = value.or_else(|| site.and_then(|s| s.value("CronTimeZone")));
    match value.map(cron_time_zone) {
        None => Some(TimeZone::Utc),
        Some(Some("ServerTime")) => Some(TimeZone::ServerTime),
        Some(Some(_)) => Some(TimeZone::Utc),
        Some(None) => None,
    }
}

fn scheduled(
    id: &str,
    expr: &str,
    time_zone: TimeZone,
    (openid_client, openid_client_is_default): (String, bool),
    scaffolding: Option<String>,
    label: Label,
    from: DateTime,
) -> Option<ScheduledJob> {
    let schedule = cron::parse(expr, Fields::FiveOrSix).ok()?;
    Some(ScheduledJob {
        identifier: id.to_string(),
        expression: expr.to_string(),
        reading: reading(&schedule),
        next_runs: schedule.occurrences(from).take(NEXT_RUNS).collect(),
        schedule,
        time_zone,
        openid_client,
        openid_client_is_default,
        scaffolding,
        label,
    })
}

/// A task of a job, as (element name, its `OpenIdClient`).
type TaskClient = (String, Option<String>);

/// The root-level task a `Step` names (by `Task`, else `Identifier`).
fn step_task(model: &Model<'_>, task: Option<&str>) -> Option<TaskClient> {
    let r = Model::first(&model.tasks, task?)?;
    Some((
        r.el.local().to_string(),
        r.value("OpenIdClient").map(str::to_string),
    ))
}

fn job_tasks_generated(model: &Model<'_>, job: &GenElement) -> Vec<TaskClient> {
    job.children
        .iter()
        .filter_map(|t| {
            if t.name == "Step" {
                step_task(model, t.value("Task").or(t.value("Identifier")))
            } else {
                Some((
                    t.name.to_string(),
                    t.value("OpenIdClient").map(str::to_string),
                ))
            }
        })
        .collect()
}

fn job_tasks_source(model: &Model<'_>, job: ElRef<'_>) -> Vec<TaskClient> {
    job.el
        .children()
        .filter_map(|t| {
            if t.local() == "Step" {
                let c = job.child(t);
                step_task(model, c.value("Task").or(c.value("Identifier")))
            } else {
                Some((
                    t.local().to_string(),
                    t.attr("OpenIdClient").map(|a| a.value.to_string()),
                ))
            }
        })
        .collect()
}

/// The client of the first agent-side task that names one, else of the first task that
/// names one, else the default; and whether it is the default.
fn openid_client(tasks: Vec<TaskClient>) -> (String, bool) {
    let agent_side = tasks
        .iter()
        .find(|(name, c)| is_agent_side_task(name) && c.is_some());
    let any = tasks.iter().find(|(_, c)| c.is_some());
    match agent_side.or(any).and_then(|(_, c)| c.clone()) {
        Some(c) => (c, false),
        None => (DEFAULT_OPENID_CLIENT.to_string(), true),
    }
}

// ---------------------------------------------------------------------------------------
// Table and JSON
// ---------------------------------------------------------------------------------------

/// The runs of a job as one cell: `never` when there is none.
fn runs_cell(job: &ScheduledJob) -> String {
    if job.next_runs.is_empty() {
        "never".to_string()
    } else {
        job.next_runs
            .iter()
            .map(DateTime::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The table of `scaffc schedule`: one row per job, columns `JOB`, `EXPRESSION`, `ZONE`,
/// `NEXT RUNS` (three, comma-separated; `never` for none) and `READING`, each column as wide
/// as its widest cell, separated by two spaces, no trailing space. `no scheduled job` when
/// there is none.
pub fn render_table(jobs: &ScheduledJobs) -> String {
    if jobs.jobs.is_empty() {
        return "no scheduled job\n".to_string();
    }
    let header = ["JOB", "EXPRESSION", "ZONE", "NEXT RUNS", "READING"].map(str::to_string);
    let mut rows = vec![header];
    for j in &jobs.jobs {
        rows.push([
            j.identifier.clone(),
            j.expression.clone(),
            j.time_zone.as_str().to_string(),
            runs_cell(j),
            j.reading.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            if c + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', widths[c] - cell.chars().count()));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct JsonDocument<'d> {
    version: u32,
    from: String,
    jobs: Vec<JsonJob<'d>>,
}

#[derive(Serialize)]
struct JsonJob<'d> {
    identifier: &'d str,
    expression: &'d str,
    time_zone: &'d str,
    reading: &'d str,
    next_runs: Vec<String>,
    openid_client: &'d str,
    openid_client_is_default: bool,
    /// The scaffolding that generated the job; `null` for a hand-written one.
    scaffolding: Option<&'d str>,
    location: crate::render::json::Location<'d>,
}

/// `scaffc schedule --format json`: one pretty-printed document, ending with a newline:
/// `{"version": 1, "from": "...", "jobs": [...]}`, each job with `identifier`,
/// `expression`, `time_zone`, `reading`, `next_runs`, `openid_client`,
/// `openid_client_is_default`, `scaffolding` (`null` when hand-written) and the `location`
/// of its expression (as in `check --format json`).
pub fn render_json(sources: &Sources, jobs: &ScheduledJobs) -> String {
    let doc = JsonDocument {
        version: 1,
        from: jobs.from.to_string(),
        jobs: jobs
            .jobs
            .iter()
            .map(|j| JsonJob {
                identifier: &j.identifier,
                expression: &j.expression,
                time_zone: j.time_zone.as_str(),
                reading: &j.reading,
                next_runs: j.next_runs.iter().map(DateTime::to_string).collect(),
                openid_client: &j.openid_client,
                openid_client_is_default: j.openid_client_is_default,
                scaffolding: j.scaffolding.as_deref(),
                location: crate::render::json::Location::of(sources, &j.label),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| String::from("{}"));
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------
// External schedulers
// ---------------------------------------------------------------------------------------

/// The external scheduler of `--external`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExternalKind {
    /// A crontab: one line per job (`crontab.rs` documents the choices).
    Crontab,
    /// A PowerShell script registering one scheduled task per job (`windows.rs`).
    Windows,
}

/// What the external entries need beyond the jobs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalOptions {
    /// `--api-url`: the Identity Manager server.
    pub api_url: String,
    /// `--secret-env`: the NAME of the environment variable holding the API secret.
    pub secret_env: String,
    /// Crontab only: the path of Usercube-Invoke-Job on the cron machine; `None` for
    /// `./Usercube-Invoke-Job.exe` (cron starts commands in the crontab owner's home). The
    /// Windows script takes the runtime folder as its `-Runtime` parameter instead.
    pub executable: Option<String>,
}

impl ExternalOptions {
    /// `api_url` with the default secret variable ([`DEFAULT_SECRET_ENV`]) and executable.
    pub fn new(api_url: impl Into<String>) -> ExternalOptions {
        ExternalOptions {
            api_url: api_url.into(),
            secret_env: DEFAULT_SECRET_ENV.to_string(),
            executable: None,
        }
    }
}

/// The external scheduler's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct External {
    /// The crontab or the PowerShell script, ending with a newline.
    pub text: String,
    /// One `schedule-not-portable` error per refused job, at its schedule, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// The entries of `kind` for every job of `jobs`. `Err` (a message for exit code 2) when
/// the options cannot be written safely: an empty URL or one with control characters (or,
/// for Windows, `%`, which Task Scheduler would expand), a secret variable name that is not
/// `[A-Za-z_][A-Za-z0-9_]*`, an executable path with control characters.
pub fn external(
    jobs: &ScheduledJobs,
    kind: ExternalKind,
    options: &ExternalOptions,
) -> Result<External, String> {
    check_options(kind, options)?;
    let mut out = match kind {
        ExternalKind::Crontab => crontab::render(jobs, options),
        ExternalKind::Windows => windows::render(jobs, options),
    };
    diagnostic::sort(&mut out.diagnostics);
    Ok(out)
}

fn check_options(kind: ExternalKind, options: &ExternalOptions) -> Result<(), String> {
    let url = &options.api_url;
    if url.is_empty() {
        return Err("--api-url must not be empty".to_string());
    }
    if url.chars().any(char::is_control) {
        return Err("--api-url must not contain control characters".to_string());
    }
    if kind == ExternalKind::Windows && url.contains('%') {
        return Err(
            "--api-url must not contain `%` for Windows: Task Scheduler expands %NAME% in arguments"
                .to_string(),
        );
    }
    let name = &options.secret_env;
    let valid_name = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_name {
        return Err(format!(
            "--secret-env `{name}` is not an environment variable name (letters, digits and `_`, not starting with a digit)"
        ));
    }
    if let Some(exe) = &options.executable {
        if exe.is_empty() || exe.chars().any(char::is_control) {
            return Err(
                "the executable path must not be empty nor contain control characters".to_string(),
            );
        }
    }
    Ok(())
}

/// A `schedule-not-portable` error at the job's schedule.
fn refusal(job: &ScheduledJob, scheduler: &str, why: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        NOT_PORTABLE.code,
        job.label.clone(),
        format!(
            "job `{}`: `{}` cannot be handed to {scheduler}: {why}",
            job.identifier, job.expression
        ),
    )
    .with_help(help.to_string())
}

/// The reason shared by both schedulers for a six-field expression.
const SECONDS_WHY: &str = "it has a seconds field";
const SECONDS_HELP: &str = "neither cron nor Task Scheduler schedules seconds; if the seconds \
field is `0`, remove it from the configuration (`0 30 2 * * *` is `30 2 * * *`), else keep \
this job on the product's scheduler";

/// `# ` before every line of `text`.
fn comment(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "#\n".to_string()
            } else {
                format!("# {l}\n")
            }
        })
        .collect()
}

/// One comment line describing a job: `{id}: {expression} ({zone}), {reading}`, with any
/// control character of the values replaced by a space so that it stays one line.
fn job_comment(job: &ScheduledJob) -> String {
    let line = format!(
        "{}: {} ({}), {}",
        job.identifier,
        job.expression,
        job.time_zone.as_str(),
        job.reading
    );
    let line: String = line
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("# {line}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked() {
        let ok = ExternalOptions::new("http://usercube.contoso.com");
        assert!(check_options(ExternalKind::Crontab, &ok).is_ok());
        assert!(check_options(ExternalKind::Windows, &ok).is_ok());
        let bad_url = ExternalOptions::new("http://a\nb");
        assert!(check_options(ExternalKind::Crontab, &bad_url).is_err());
        let percent = ExternalOptions::new("http://a/%41");
        assert!(check_options(ExternalKind::Crontab, &percent).is_ok());
        assert!(check_options(ExternalKind::Windows, &percent).is_err());
        for name in ["", "1A", "A-B", "A B", "$A"] {
            let o = ExternalOptions {
                secret_env: name.to_string(),
                ..ok.clone()
            };
            assert!(check_options(ExternalKind::Crontab, &o).is_err(), "{name}");
        }
        let o = ExternalOptions {
            secret_env: "_My_Secret2".to_string(),
            ..ok.clone()
        };
        assert!(check_options(ExternalKind::Crontab, &o).is_ok());
    }
}
