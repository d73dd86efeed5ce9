//! The commands of the `scaffc` binary (`cli.md`), behind one I/O boundary.
//!
//! `main.rs` parses the command line into [`Cli`] and calls [`run`] with an [`Io`]: the three
//! standard streams and what the colour decision needs. Every decision is made here: finding
//! CONF (through [`crate::fs`], the only way to the file system), reading standard input for
//! `--stdin-filename`, reading `--agent-settings`, running the analysis, choosing the output
//! and the exit code. [`run`] returns [`Status`] (exit 0 or 1) or a [`CommandError`] (exit 2,
//! its message for `main` to print); a panic is `main`'s (exit 3).

mod args;
mod commands;
mod conf;

use std::io::{Read, Write};

pub use args::{
    Cli, Color, Command, External, Format, GraphFormat, RulesFormat, ScheduleFormat, Selection,
};

/// The command's contact with the terminal.
pub struct Io<'a> {
    /// Standard input (`check -`).
    pub stdin: &'a mut dyn Read,
    /// The command's output. A closed pipe ends the command quietly; any other failure to
    /// write is a [`CommandError`] ("cannot write the output").
    pub stdout: &'a mut dyn Write,
    /// Reports and messages; failures to write there are ignored.
    pub stderr: &'a mut dyn Write,
    /// Whether standard output is a terminal (`--color auto`).
    pub stdout_is_terminal: bool,
    /// Whether standard error is a terminal (`--color auto`).
    pub stderr_is_terminal: bool,
    /// Whether `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
}

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Exit 0: done, no error (warnings may have been reported).
    Success,
    /// Exit 1: the configuration has errors, `--check` found the output stale, or `cron` got
    /// an invalid expression.
    Errors,
}

impl Status {
    /// The process's exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Errors => 1,
        }
    }
}

/// The command itself is wrong (exit 2): a bad argument, CONF missing, `--out` refused, an
/// I/O failure. Displays as its message, without the `scaffc: ` prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError(pub String);

impl CommandError {
    /// The process's exit code.
    pub const CODE: u8 = 2;
}

impl From<String> for CommandError {
    fn from(message: String) -> CommandError {
        CommandError(message)
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CommandError {}

impl From<crate::fs::TreeError> for CommandError {
    fn from(e: crate::fs::TreeError) -> CommandError {
        CommandError(e.0)
    }
}

/// The exit code of an internal error (a panic).
pub const INTERNAL_ERROR_CODE: u8 = 3;

/// What a command returns.
pub type Outcome = Result<Status, CommandError>;

/// The exit code of an [`Outcome`].
pub fn exit_code(outcome: &Outcome) -> u8 {
    match outcome {
        Ok(status) => status.code(),
        Err(_) => CommandError::CODE,
    }
}

/// Runs the command `cli` asks for.
pub fn run(cli: Cli, io: &mut Io<'_>) -> Outcome {
    // Colour only when the stream the reports go to is a terminal (`check` writes them
    // on standard output, the other commands on standard error), never with NO_COLOR.
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            !io.no_color
                && if matches!(cli.command, Command::Check { .. }) {
                    io.stdout_is_terminal
                } else {
                    io.stderr_is_terminal
                }
        }
    };
    let uses_settings = matches!(
        cli.command,
        Command::Check { .. } | Command::Expand { .. } | Command::Schedule { .. }
    );
    if cli.agent_settings.is_some() && !uses_settings {
        return Err(CommandError(
            "--agent-settings is only used by `check`, `expand` and `schedule`".into(),
        ));
    }
    let ctx = commands::Ctx {
        color,
        agent_settings: cli.agent_settings.as_deref(),
        config: cli.config.as_deref(),
        no_config: cli.no_config,
    };
    commands::run(&ctx, cli.command, io)
}

/// Writes `text` to `io.stdout` and flushes: `status` when it was written or the reader went
/// away (a closed pipe: `scaffc ... | head` stops quietly), a [`CommandError`] on any other
/// failure (a full disk).
fn emit(io: &mut Io<'_>, text: &str, status: Status) -> Outcome {
    match io
        .stdout
        .write_all(text.as_bytes())
        .and_then(|()| io.stdout.flush())
    {
        Ok(()) => Ok(status),
        Err(e) => write_failed(e, status),
    }
}

/// A failed write to standard output: `status` on a closed pipe, a [`CommandError`]
/// otherwise.
fn write_failed(e: std::io::Error, status: Status) -> Outcome {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(status)
    } else {
        Err(CommandError(format!("cannot write the output: {e}")))
    }
}

/// Writes a message line to standard error (a closed or full standard error is not worth a
/// failure).
fn eprint(io: &mut Io<'_>, msg: std::fmt::Arguments<'_>) {
    let _ = writeln!(io.stderr, "{msg}");
}
