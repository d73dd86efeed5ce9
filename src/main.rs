//! The `scaffc` command: argument parsing and the terminal only. Every decision is made by
//! the library ([`scaffc::cli::run`]).

use std::io::{IsTerminal, Write};
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

use clap::Parser;
use scaffc::cli::{Cli, Io};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let printed = e.print();
            // clap: help and version are not errors, unless they could not be written.
            return if e.use_stderr() || printed.is_err() {
                ExitCode::from(scaffc::cli::CommandError::CODE)
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
    let (mut stdin, mut stdout, mut stderr) =
        (std::io::stdin(), std::io::stdout(), std::io::stderr());
    let mut io = Io {
        stdout_is_terminal: stdout.is_terminal(),
        stderr_is_terminal: stderr.is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let outcome =
        match std::panic::catch_unwind(AssertUnwindSafe(|| scaffc::cli::run(cli, &mut io))) {
            Ok(outcome) => outcome,
            Err(_) => return ExitCode::from(scaffc::cli::INTERNAL_ERROR_CODE),
        };
    if let Err(e) = &outcome {
        // A closed or full standard error is not worth a crash.
        let _ = writeln!(std::io::stderr(), "scaffc: {e}");
    }
    ExitCode::from(scaffc::cli::exit_code(&outcome))
}
