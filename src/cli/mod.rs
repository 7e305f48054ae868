//! The command line: arguments, files, standard streams and exit codes.
//!
//! [`run`] does the work and returns what to print, so it can be tested
//! without a process; [`main`] prints it and picks the exit status.

pub mod args;
pub mod config;
mod eval;
mod read;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use crate::error::{exit_status, InputError};
use args::{Cli, Command};

/// What a successful run prints.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    /// Everything for standard output, written at once.
    pub stdout: String,
    /// Warnings for standard error, one per line.
    pub warnings: Vec<String>,
}

/// Runs the command line `argv` (program name first).
pub fn run<I, T>(argv: I) -> Result<Outcome>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(err) if err.use_stderr() => return Err(usage_error(&err).into()),
        Err(err) => {
            return Ok(Outcome {
                stdout: err.to_string(),
                warnings: Vec::new(),
            })
        }
    };
    match cli.command {
        Command::Eval(args) => eval::run(&config::Config::try_from(args)?),
    }
}

/// Clap's message, without its own `error: ` prefix (ours is added once).
fn usage_error(err: &clap::Error) -> InputError {
    let text = err.to_string();
    if err.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return InputError::new(format!("no command given\n\n{}", text.trim_end()));
    }
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    InputError::new(text.trim_end())
}

/// Runs the process: prints the outcome or the error, returns the status.
pub fn main() -> ExitCode {
    match run(std::env::args_os()).and_then(print) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => match exit_status(&err) {
            None => ExitCode::SUCCESS,
            Some(status) => {
                let _ = writeln!(std::io::stderr(), "error: {err:#}");
                ExitCode::from(status)
            }
        },
    }
}

fn print(outcome: Outcome) -> Result<()> {
    let mut stderr = std::io::stderr().lock();
    for warning in &outcome.warnings {
        let _ = writeln!(stderr, "warning: {warning}");
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(outcome.stdout.as_bytes())?;
    stdout.flush()?;
    Ok(())
}
