//! The command line: arguments, files, standard streams and exit codes.
//!
//! [`run`] does the work, writing to the [`Streams`] it is given, so it can
//! be tested without a process; [`main`] wires it to the real streams and
//! picks the exit status. A single evaluation renders its whole report and
//! writes it once; `--points` and `--lines` stream, a chunk at a time.

pub mod args;
mod check;
pub mod config;
mod diff;
mod draw;
mod eval;
mod fields;
pub mod generate;
mod guard;
mod header;
mod help;
mod hyphen;
mod input;
mod lines;
mod no_point;
mod points;
mod read;
mod sparse;
mod width;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;

use crate::error::{exit_status, InputError};
use crate::escape::terminal_safe;
use crate::report::language::LANGUAGE;
use crate::report::Layout;
use args::{Cli, ColorArg, Command};

/// Standard output and error, and what they are connected to.
pub struct Streams<'a> {
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Whether standard output is a terminal.
    pub out_terminal: bool,
    /// Whether standard error is a terminal.
    pub err_terminal: bool,
    /// Whether NO_COLOR is set (to anything but the empty string).
    pub no_color: bool,
    /// The width tables on standard output fit, when it is a terminal
    /// that tells (`COLUMNS` first); `None`: not wrapped.
    pub out_width: Option<usize>,
    /// Likewise for standard error.
    pub err_width: Option<usize>,
    /// `--quiet`: no notes or warnings (set from the command line by [`run`]).
    pub quiet: bool,
}

impl Streams<'_> {
    /// Writes `warning: message` to standard error, its control characters
    /// escaped.
    pub fn warn(&mut self, color: ColorArg, message: &str) {
        if self.quiet {
            return;
        }
        let prefix = paint("warning:", "33", self.err_colored(color));
        let _ = writeln!(self.err, "{prefix} {}", terminal_safe(message));
    }

    /// Tells the user something on standard error that is not a problem
    /// (what `--mode auto` chose), its control characters escaped.
    pub fn note(&mut self, color: ColorArg, message: &str) {
        if self.quiet {
            return;
        }
        let prefix = paint("note:", "36", self.err_colored(color));
        let _ = writeln!(self.err, "{prefix} {}", terminal_safe(message));
    }

    /// How tables on standard output are laid out.
    fn out_layout(&self, color: ColorArg) -> Layout {
        Layout {
            width: self.out_width,
            color: self.out_colored(color),
        }
    }

    fn out_colored(&self, color: ColorArg) -> bool {
        colored(color, self.out_terminal, self.no_color)
    }

    fn err_colored(&self, color: ColorArg) -> bool {
        colored(color, self.err_terminal, self.no_color)
    }
}

/// `--color`: `auto` colours a terminal unless NO_COLOR is set.
fn colored(color: ColorArg, terminal: bool, no_color: bool) -> bool {
    match color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => terminal && !no_color,
    }
}

/// `text` in bold with the ANSI colour `code`, when `on`.
fn paint(text: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[1;{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Runs the command line `argv` (program name first).
pub fn run<I, T>(argv: I, streams: &mut Streams<'_>) -> Result<()>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    if help::asks_for_the_language(&argv) {
        return Ok(streams.out.write_all(LANGUAGE.as_bytes())?);
    }
    let parsed = Cli::try_parse_from(&argv);
    if parsed.as_ref().is_err_and(clap::Error::use_stderr) {
        if let Some(err) = no_point::given_to_diff(&argv) {
            return Err(err.into());
        }
    }
    if parsed
        .as_ref()
        .map_or_else(clap::Error::use_stderr, |_| true)
    {
        if let Some(err) = hyphen::misplaced_flag(&argv) {
            return Err(usage_error(&err).into());
        }
    }
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) if err.use_stderr() => return Err(usage_error(&err).into()),
        Err(err) => {
            streams.out.write_all(err.to_string().as_bytes())?;
            return Ok(());
        }
    };
    streams.quiet |= cli.quiet;
    match cli.command {
        Command::Eval(args) => run_task(&config::Config::try_from(args)?, cli.color, streams),
        Command::Draw(args) => run_task(&config::Config::try_from(args)?, cli.color, streams),
        Command::Diff(args) => diff::run(&diff::DiffConfig::try_from(args)?, streams),
        Command::Check(args) => run_task(&config::Config::try_from(args)?, cli.color, streams),
        Command::Completions { shell } => Ok(streams
            .out
            .write_all(generate::completions(shell).as_bytes())?),
        Command::Man => Ok(streams.out.write_all(generate::man_page().as_bytes())?),
        Command::Language => Ok(streams.out.write_all(LANGUAGE.as_bytes())?),
    }
}

fn run_task(config: &config::Config, color: ColorArg, streams: &mut Streams<'_>) -> Result<()> {
    match &config.task {
        config::Task::Single if config.matrix != config::MatrixChoice::Dense => {
            sparse::run(config, color, streams)
        }
        config::Task::Single => eval::run(config, color, streams),
        config::Task::Points(points) => points::run(config, points, color, streams),
        config::Task::Lines => lines::run(config, color, streams),
        config::Task::Draw(draw) => draw::run(config, *draw, color, streams),
        config::Task::Check(options) => check::run(config, *options, color, streams),
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

/// Runs the process: prints the outcome or the error (its control
/// characters escaped, whatever it quotes), returns the status.
pub fn main() -> ExitCode {
    guard::install_hook();
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let columns = std::env::var("COLUMNS").ok();
    let (out_terminal, err_terminal) = (out.is_terminal(), err.is_terminal());
    let mut streams = Streams {
        out_width: out_terminal
            .then(|| width::terminal_width(columns.as_deref(), width::reported_columns(&out)))
            .flatten(),
        err_width: err_terminal
            .then(|| width::terminal_width(columns.as_deref(), width::reported_columns(&err)))
            .flatten(),
        out_terminal,
        err_terminal,
        out: &mut out,
        err: &mut err,
        no_color,
        quiet: false,
    };
    let result = run(std::env::args_os(), &mut streams).and_then(|()| Ok(streams.out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => match exit_status(&error) {
            None => ExitCode::SUCCESS,
            Some(status) => {
                let color = requested_color(std::env::args_os());
                let prefix = paint("error:", "31", streams.err_colored(color));
                let message = format!("{error:#}");
                let _ = writeln!(streams.err, "{prefix} {}", terminal_safe(&message));
                ExitCode::from(status)
            }
        },
    }
}

/// The `--color` choice, read leniently from raw arguments (an error may
/// have come before they could be parsed).
fn requested_color(argv: impl Iterator<Item = OsString>) -> ColorArg {
    let argv: Vec<String> = argv.map(|a| a.to_string_lossy().into_owned()).collect();
    let chosen =
        argv.iter()
            .enumerate()
            .rev()
            .find_map(|(i, arg)| match arg.strip_prefix("--color") {
                Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
                Some("") => argv.get(i + 1).cloned(),
                _ => None,
            });
    match chosen.as_deref() {
        Some("always") => ColorArg::Always,
        Some("never") => ColorArg::Never,
        _ => ColorArg::Auto,
    }
}
