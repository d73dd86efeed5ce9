//! `scaffc schedule` (issue 6): every scheduled job with its plain-English reading and next
//! runs, as a table and as JSON, and the entries of an external scheduler (crontab lines, a
//! PowerShell script for Windows Task Scheduler), with the refusals of the expressions they
//! cannot express exactly. The fixture `fixtures/schedules/Conf` (see its README) holds one
//! job per kind of expression; every output is a snapshot read from a fixed instant.

mod common;

use common::{base, conf, fixture};
use scaffc::cron::{self, DateTime, Fields};
use scaffc::schedule::{
    self, render_json, render_table, ExternalKind, ExternalOptions, ScheduledJobs, TimeZone,
};
use scaffc::Sources;

/// The instant every snapshot is read from: a Monday.
const FROM: &str = "2025-01-06T08:05:00";
const API_URL: &str = "http://usercube.contoso.com";

fn from() -> DateTime {
    DateTime::parse(FROM).unwrap()
}

fn fixture_jobs() -> (Sources, ScheduledJobs) {
    let sources = fixture("schedules/Conf");
    let jobs = schedule::scheduled_jobs(&sources, from());
    (sources, jobs)
}

/// Each expression's reading, written by hand from the expression's meaning in NCrontab.
#[rustfmt::skip]
const READINGS: &[(&str, &str)] = &[
    // Every n minutes or hours.
    ("* * * * *", "every minute"),
    ("*/15 * * * *", "every 15 minutes"),
    ("*/5 * * * *", "every 5 minutes"),
    ("0,30 * * * *", "every 30 minutes"),
    ("*/0 * * * *", "every minute"), // a step of 0 is 1
    ("0 * * * *", "at minute 0 past every hour"),
    ("15,45 * * * *", "at minutes 15 and 45 past every hour"),
    ("0,1 * * * *", "at minutes 0 and 1 past every hour"),
    ("0-4 * * * *", "every minute from 0 through 4 past every hour"),
    ("0-5,30 * * * *", "at minutes 0 through 5 and 30 past every hour"),
    // 7 does not divide 60: minute 56, then minute 0 four minutes later.
    ("*/7 * * * *", "every 7th minute from 0 through 56 past every hour"),
    ("5/15 * * * *", "every 15th minute from 5 through 50 past every hour"),
    ("0 */2 * * *", "at minute 0 past every 2nd hour"),
    ("0 */5 * * *", "at minute 0 past every 5th hour from 0 through 20"),
    ("0 22-2 * * *", "at minute 0 past every hour from 2 through 22"), // swapped, not wrapped
    ("20 4,5,6,7,8 * * *", "at minute 20 past every hour from 4 through 8"),
    ("0 0-5,12 * * *", "at minute 0 past hours 0 through 5 and 12"),
    ("* 9 * * *", "every minute from 09:00 through 09:59"),
    ("*/10 9-17 * * *", "every 10 minutes from 09:00 through 17:50"),
    ("0,30 9-17 * * *", "every 30 minutes from 09:00 through 17:30"),
    ("15,45 9-17 * * *", "at minutes 15 and 45 past every hour from 9 through 17"),
    ("*/15 */2 * * *", "every 15 minutes past every 2nd hour"),
    // Times of the day.
    ("30 2 * * *", "at 02:30 every day"),
    ("0 0 * * *", "at 00:00 every day"),
    ("0 9,17 * * *", "at 09:00 and 17:00 every day"),
    ("0,30 9 * * *", "at 09:00 and 09:30 every day"),
    ("0 1,13 * * *", "at 01:00 and 13:00 every day"),
    ("0 0,6,12,18 * * *", "at 00:00, 06:00, 12:00 and 18:00 every day"),
    ("0 3 1-31 * *", "at 03:00 every day"),
    ("0 3 * * 0-6", "at 03:00 every day"),
    // Days of the week.
    ("30 2 * * 1-5", "at 02:30 on Monday to Friday"),
    ("0 9 * * Mon-Fri", "at 09:00 on Monday to Friday"),
    ("0 8 * * Fri-Mon", "at 08:00 on Monday to Friday"), // swapped
    ("0 9 * * 1,3,5", "at 09:00 on Monday, Wednesday and Friday"),
    ("0 0 * * Sat,Sun", "at 00:00 on Sunday and Saturday"),
    ("0 12 * * 0", "at 12:00 on Sunday"),
    ("0 8 * * T", "at 08:00 on Tuesday"), // the first day name starting with T
    ("*/15 * * * 1-5", "every 15 minutes on Monday to Friday"),
    ("*/15 9-17 * * 1-5", "every 15 minutes from 09:00 through 17:45 on Monday to Friday"),
    ("0 9-17 * * Mon-Fri", "at minute 0 past every hour from 9 through 17 on Monday to Friday"),
    // Days of the month, and both day fields (NCrontab: both must match).
    ("0 9 1 * *", "at 09:00 on day 1 of the month"),
    ("0 0 1,15 * *", "at 00:00 on days 1 and 15 of the month"),
    ("0 0 1-7 * *", "at 00:00 on days 1 to 7 of the month"),
    ("0 0 */2 * *", "at 00:00 on every 2nd day of the month from 1 to 31"),
    ("0 9 1 * Mon", "at 09:00 on day 1 of the month if it is a Monday"),
    ("0 3 1-7 * Sun", "at 03:00 on days 1 to 7 of the month if it is a Sunday"),
    ("0 9 1-7 * 1-5", "at 09:00 on days 1 to 7 of the month if it falls on Monday to Friday"),
    ("0 0 1 * 1,3", "at 00:00 on day 1 of the month if it is a Monday or a Wednesday"),
    // Months.
    ("0 0 1 1 *", "at 00:00 on day 1 of the month in January"),
    ("0 12 * Jan,Jul *", "at 12:00 every day in January and July"),
    ("0 0 1 */3 *", "at 00:00 on day 1 of the month in January, April, July and October"),
    ("0 0 * Jan-Mar *", "at 00:00 every day in January to March"),
    ("0 0 31 Feb *", "at 00:00 on day 31 of the month in February"), // never fires
    // Six fields.
    ("* * * * * *", "every second"),
    ("*/30 * * * * *", "every 30 seconds"),
    ("30 * * * * *", "at second 30 of every minute"),
    ("5,10 * * * * *", "at seconds 5 and 10 of every minute"),
    ("0 30 2 * * *", "at 02:30 every day"),
    ("15 30 2 * * *", "at 02:30:15 every day"),
    ("0 */15 * * * *", "every 15 minutes"),
    ("*/10 0 2 * * *", "every 10 seconds during minute 0 past hour 2"),
    ("30 */15 * * * *", "at second 30 of every 15th minute past every hour"),
];

#[test]
fn plain_english_readings() {
    assert!(READINGS.len() >= 30);
    let mut failures = Vec::new();
    for (expr, expected) in READINGS {
        let s = cron::parse(expr, Fields::FiveOrSix).unwrap();
        let got = schedule::reading(&s);
        if got != *expected {
            failures.push(format!("{expr:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Identifier, expression, zone, client, default client, scaffolding.
type Row<'a> = (&'a str, &'a str, TimeZone, &'a str, bool, Option<&'a str>);

#[test]
fn every_scheduled_job_hand_written_and_generated() {
    let (_, jobs) = fixture_jobs();
    assert!(!jobs.has_errors(), "{:#?}", jobs.diagnostics);
    let codes: Vec<&str> = jobs.diagnostics.iter().map(|d| d.code.code()).collect();
    assert_eq!(codes, ["cron-suspicious", "cron-seconds-field"]);
    let summary: Vec<Row<'_>> = jobs
        .jobs
        .iter()
        .map(|j| {
            (
                j.identifier.as_str(),
                j.expression.as_str(),
                j.time_zone,
                j.openid_client.as_str(),
                j.openid_client_is_default,
                j.scaffolding.as_deref(),
            )
        })
        .collect();
    use TimeZone::*;
    assert_eq!(
        summary,
        [
            (
                "AD_Synchronization_Delta",
                "0 */2 * * *",
                Utc,
                "Job",
                false,
                Some("CreateConnectorSynchroIncremental")
            ),
            (
                "AccessCertification",
                "0 0 4 * * *",
                Utc,
                "Job",
                true,
                Some("CreateAccessCertificationJob")
            ),
            (
                "AzureAD_Synchronize_Incremental",
                "*/15 * * * *",
                Utc,
                "Job",
                false,
                Some("CreateConnectorSynchroIncremental")
            ),
            (
                "CleanDatabase",
                "0 3 1-7 * Sun",
                Utc,
                "Job",
                true,
                Some("CleanDatabaseJob")
            ),
            (
                "Directory_Synchronize_Incremental",
                "0 6 * * Mon-Fri",
                ServerTime,
                "Job",
                false,
                Some("CreateConnectorSynchroIncremental")
            ),
            (
                "HR_Export_Weekly",
                "45 23 * * Sun",
                ServerTime,
                "Reports",
                false,
                None
            ),
            (
                "HR_Synchronize_Complete",
                "30 2 * * *",
                Utc,
                "Job",
                false,
                Some("CreateConnectorSynchroComplete")
            ),
        ]
    );
}

#[test]
fn each_schedule_is_located_at_its_expression_in_the_users_file() {
    let (sources, jobs) = fixture_jobs();
    let places: Vec<String> = jobs
        .jobs
        .iter()
        .map(|j| {
            let f = sources.file(j.label.file);
            let lc = f.line_col(j.label.range.start);
            format!(
                "{} {}:{}:{} `{}`",
                j.identifier,
                f.path,
                lc.line,
                lc.column,
                f.slice(j.label.range.clone())
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            "AD_Synchronization_Delta AD/AD Jobs.xml:6:33 `0 */2 * * *`",
            "AccessCertification Server/Server Jobs.xml:10:33 `0 0 4 * * *`",
            "AzureAD_Synchronize_Incremental AzureAD/AzureAD Jobs.xml:5:33 `*/15 * * * *`",
            "CleanDatabase Server/Server Jobs.xml:6:33 `0 3 1-7 * Sun`",
            "Directory_Synchronize_Incremental Directory/Directory Jobs.xml:7:33 `0 6 * * Mon-Fri`",
            "HR_Export_Weekly HR/HR Jobs.xml:10:105 `45 23 * * Sun`",
            "HR_Synchronize_Complete HR/HR Jobs.xml:6:33 `30 2 * * *`",
        ]
    );
}

#[test]
fn table() {
    let (_, jobs) = fixture_jobs();
    insta::assert_snapshot!(render_table(&jobs));
}

#[test]
fn json() {
    let (sources, jobs) = fixture_jobs();
    let text = render_json(&sources, &jobs);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["jobs"].as_array().unwrap().len(), 7);
    insta::assert_snapshot!(text);
}

#[test]
fn crontab() {
    let (_, jobs) = fixture_jobs();
    let out =
        schedule::external(&jobs, ExternalKind::Crontab, &ExternalOptions::new(API_URL)).unwrap();
    insta::assert_snapshot!(out.text);
}

#[test]
fn windows_script() {
    let (_, jobs) = fixture_jobs();
    let out =
        schedule::external(&jobs, ExternalKind::Windows, &ExternalOptions::new(API_URL)).unwrap();
    insta::assert_snapshot!(out.text);
}

/// The refusals of one external scheduler: code, place, underlined text and message.
fn refusals(kind: ExternalKind) -> (Vec<String>, String) {
    let (sources, jobs) = fixture_jobs();
    let out = schedule::external(&jobs, kind, &ExternalOptions::new(API_URL)).unwrap();
    let lines = out
        .diagnostics
        .iter()
        .map(|d| {
            assert!(d.is_error());
            let f = sources.file(d.primary.file);
            let lc = f.line_col(d.primary.range.start);
            format!(
                "{} {}:{}:{} `{}`: {}",
                d.code,
                f.path,
                lc.line,
                lc.column,
                f.slice(d.primary.range.clone()),
                d.message
            )
        })
        .collect();
    (lines, out.text)
}

#[test]
fn crontab_refuses_both_day_fields_and_seconds_and_writes_the_others() {
    let (refused, text) = refusals(ExternalKind::Crontab);
    assert_eq!(
        refused,
        [
            "schedule-not-portable Server/Server Jobs.xml:6:33 `0 3 1-7 * Sun`: job `CleanDatabase`: `0 3 1-7 * Sun` cannot be handed to cron: it restricts both the day of month and the day of week: NCrontab runs the job on the days that match both, cron on the days that match either",
            "schedule-not-portable Server/Server Jobs.xml:10:33 `0 0 4 * * *`: job `AccessCertification`: `0 0 4 * * *` cannot be handed to cron: it has a seconds field",
        ]
    );
    let entries: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Usercube-Invoke-Job.exe -j"))
        .collect();
    assert_eq!(entries.len(), 5, "{text}");
    assert!(!text.contains("-j \"CleanDatabase\""));
    assert!(!text.contains("-j \"AccessCertification\""));
    // The seed's line, as the issue shows it, with the secret as a reference.
    assert!(text.contains(
        "\n*/15 * * * * ./Usercube-Invoke-Job.exe -j \"AzureAD_Synchronize_Incremental\" --api-secret \"$USERCUBE_API_SECRET\" --api-client-id \"Job\" --api-url \"http://usercube.contoso.com\"\n"
    ));
}

#[test]
fn windows_refuses_days_of_the_month_and_seconds_and_registers_the_others() {
    let (refused, text) = refusals(ExternalKind::Windows);
    assert_eq!(
        refused,
        [
            "schedule-not-portable Server/Server Jobs.xml:6:33 `0 3 1-7 * Sun`: job `CleanDatabase`: `0 3 1-7 * Sun` cannot be handed to Windows Task Scheduler: it runs only on some days of the month, and New-ScheduledTaskTrigger makes no monthly trigger",
            "schedule-not-portable Server/Server Jobs.xml:10:33 `0 0 4 * * *`: job `AccessCertification`: `0 0 4 * * *` cannot be handed to Windows Task Scheduler: it has a seconds field",
        ]
    );
    let registered = text
        .lines()
        .filter(|l| l.starts_with("Register-Job "))
        .count();
    assert_eq!(registered, 5, "{text}");
}

#[test]
fn refusals_are_reported_like_any_diagnostic() {
    let (sources, jobs) = fixture_jobs();
    let out =
        schedule::external(&jobs, ExternalKind::Crontab, &ExternalOptions::new(API_URL)).unwrap();
    let report = scaffc::render::report(
        scaffc::render::Format::Human,
        &sources,
        &out.diagnostics,
        &scaffc::render::ReportOptions {
            summary: scaffc::render::Summary::Never,
            ..Default::default()
        },
    );
    insta::assert_snapshot!(report);
}

#[test]
fn the_secret_variable_is_named_never_valued() {
    let (_, jobs) = fixture_jobs();
    let options = ExternalOptions {
        secret_env: "IM_JOB_SECRET".to_string(),
        ..ExternalOptions::new(API_URL)
    };
    let cron = schedule::external(&jobs, ExternalKind::Crontab, &options).unwrap();
    assert!(cron.text.contains("--api-secret \"$IM_JOB_SECRET\""));
    assert!(!cron.text.contains("USERCUBE_API_SECRET"));
    let ps = schedule::external(&jobs, ExternalKind::Windows, &options).unwrap();
    assert!(ps.text.contains("--api-secret \"%IM_JOB_SECRET%\""));
    assert!(!ps.text.contains("USERCUBE_API_SECRET"));
    let bad = ExternalOptions {
        secret_env: "IM-SECRET".to_string(),
        ..ExternalOptions::new(API_URL)
    };
    assert!(schedule::external(&jobs, ExternalKind::Crontab, &bad).is_err());
    assert!(schedule::external(&jobs, ExternalKind::Windows, &ExternalOptions::new("")).is_err());
}

#[test]
fn an_override_moves_the_schedule_and_is_not_listed_twice() {
    let sources = conf(&[
        ("a.xml", &base("Usercube.AzureAD@0000001")),
        (
            "b.xml",
            r#"  <CreateConnectorSynchroIncremental Connector="EntraID">
    <OpenIdIdentifier Identifier="Job" />
    <CronTabExpression CronTab="*/15 * * * *" />
  </CreateConnectorSynchroIncremental>
  <Job Identifier="EntraID_Synchronize_Incremental" ConsolidationMode="Merge" CronTabExpression="0 * * * *" CronTimeZone="ServerTime" />
  <Job Identifier="Manual" DisplayName_L1="Manual" Agent="Local">
    <ExportTask Identifier="Manual_Export" DisplayName_L1="Export" Agent="Local" Connector="EntraID" Connection="EntraIDExportFulfillment" OpenIdClient="Job" Level="0" />
  </Job>"#,
        ),
    ]);
    let jobs = schedule::scheduled_jobs(&sources, from());
    assert!(!jobs.has_errors(), "{:#?}", jobs.diagnostics);
    assert_eq!(jobs.jobs.len(), 1, "{:#?}", jobs.jobs);
    let j = &jobs.jobs[0];
    assert_eq!(j.identifier, "EntraID_Synchronize_Incremental");
    assert_eq!(j.expression, "0 * * * *");
    assert_eq!(j.time_zone, TimeZone::ServerTime);
    assert_eq!(j.reading, "at minute 0 past every hour");
    let f = sources.file(j.label.file);
    assert_eq!(f.path, "b.xml");
    assert_eq!(f.slice(j.label.range.clone()), "0 * * * *");
    let runs: Vec<String> = j.next_runs.iter().map(|t| t.to_string()).collect();
    assert_eq!(
        runs,
        [
            "2025-01-06T09:00:00",
            "2025-01-06T10:00:00",
            "2025-01-06T11:00:00"
        ]
    );
}

#[test]
fn invalid_schedules_are_left_to_the_validator() {
    let sources = conf(&[
        ("a.xml", &base("Usercube.AzureAD@0000001")),
        (
            "b.xml",
            r#"  <CreateConnectorSynchroIncremental Connector="EntraID">
    <CronTabExpression CronTab="*/15 * * * 7" />
  </CreateConnectorSynchroIncremental>
  <CreateConnectorSynchroIncremental Connector="Directory">
    <NoSynchronization />
    <CronTabExpression CronTab="0 2 * * *" CronTimeZone="Paris" />
  </CreateConnectorSynchroIncremental>
  <Job Identifier="Manual" DisplayName_L1="Manual" Agent="Local" CronTabExpression="0 2 * * *" CronTimeZone="2">
    <ExportTask Identifier="Manual_Export" DisplayName_L1="Export" Agent="Local" Connector="EntraID" Connection="EntraIDExportFulfillment" OpenIdClient="Job" Level="0" />
  </Job>"#,
        ),
    ]);
    let jobs = schedule::scheduled_jobs(&sources, from());
    assert!(jobs.jobs.is_empty(), "{:#?}", jobs.jobs);
    let codes: Vec<&str> = jobs.diagnostics.iter().map(|d| d.code.code()).collect();
    assert_eq!(
        codes,
        [
            "invalid-cron",
            "invalid-cron-time-zone",
            "invalid-cron-time-zone"
        ]
    );
    assert_eq!(render_table(&jobs), "no scheduled job\n");
}

#[test]
fn next_runs_are_strictly_after_from_and_never_is_said() {
    let sources = conf(&[
        ("a.xml", &base("Usercube.AzureAD@0000001")),
        (
            "b.xml",
            r#"  <Job Identifier="Never" DisplayName_L1="Never" CronTabExpression="0 0 31 Feb *" />
  <Job Identifier="Now" DisplayName_L1="Now" CronTabExpression="5 8 * * *" />"#,
        ),
    ]);
    let jobs = schedule::scheduled_jobs(&sources, from());
    assert!(!jobs.has_errors(), "{:#?}", jobs.diagnostics);
    assert!(jobs.jobs[0].next_runs.is_empty());
    // 08:05 itself is not after 08:05.
    assert_eq!(jobs.jobs[1].next_runs[0].to_string(), "2025-01-07T08:05:00");
    assert_eq!(
        jobs.jobs[1].openid_client, "Job",
        "a job without tasks gets the default client"
    );
    assert!(jobs.jobs[1].openid_client_is_default);
    insta::assert_snapshot!(render_table(&jobs), @r"
    JOB    EXPRESSION    ZONE  NEXT RUNS                                                      READING
    Never  0 0 31 Feb *  UTC   never                                                          at 00:00 on day 31 of the month in February
    Now    5 8 * * *     UTC   2025-01-07T08:05:00, 2025-01-08T08:05:00, 2025-01-09T08:05:00  at 08:05 every day
    ");
}
