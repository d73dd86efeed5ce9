//! The `scaffc` command: argument parsing, file system and terminal only. Every decision
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
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Expand every scaffolding and print one XML document holding all generated jobs.
    Expand {
        /// The configuration folder (default: ./Conf if it exists, else .).
        conf: Option<PathBuf>,
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

fn run(cli: Cli) -> ExitCode {
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    };
    match cli.command {
        Command::Expand { conf } => {
            let sources = match read_conf(conf.as_deref()) {
                Ok(s) => s,
                Err(msg) => {
                    eprintln!("scaffc: {msg}");
                    return ExitCode::from(2);
                }
            };
            let out = scaffc::expand(&sources);
            let mut err = std::io::stderr().lock();
            for d in &out.diagnostics {
                let _ = write!(err, "{}", scaffc::render::human::render(&sources, d, color));
            }
            if out.has_errors() {
                let _ = writeln!(
                    err,
                    "{}",
                    scaffc::render::human::summary(&out.diagnostics, sources.files.len())
                );
                return ExitCode::from(1);
            }
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(out.xml.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
    }
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
fn read_conf(arg: Option<&Path>) -> Result<scaffc::Sources, String> {
    let root = conf_dir(arg);
    if !root.is_dir() {
        return Err(format!("`{}` is not a folder", root.display()));
    }
    let mut files = Vec::new();
    collect(&root, &root, &mut files)?;
    Ok(scaffc::Sources::from_read_results(files))
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
