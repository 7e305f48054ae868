//! A fuzzer for the whole command line, on stable Rust, in-process.
//!
//! Random command lines — programs of both editions of the language, valid,
//! mangled byte by byte, huge and deep; points with NaN- and
//! infinity-producing values, bad values and mangled `--set` strings;
//! flags of every subcommand; `--points` files; `--lines` and programs on
//! standard input (through the binary) — run through `dgraph::cli::run`,
//! and every run must keep the promises in [`oracle`]. A finding is shrunk
//! by proptest to a minimal command line and printed as a line for
//! `tests/fuzz/corpus.jsonl`, whose cases run first, every time.
//!
//! - `corpus` (in `cargo test`): the corpus alone;
//! - `fuzz` (ignored): the corpus, then fuzzing for `DGRAPH_FUZZ_SECONDS`
//!   (default 60): `DGRAPH_FUZZ_SECONDS=3600 cargo test --release --test fuzz -- --ignored`;
//! - `worker` (ignored): the process the other two start, with standard
//!   input closed (so a command line that reads it reads nothing) and the
//!   case being run kept in a file, so that a crash that takes the process
//!   down (a stack overflow aborts) is still reported with its command line.
//!
//! Environment: `DGRAPH_FUZZ_SEED` repeats a run; `DGRAPH_FUZZ_LIMIT_MS`
//! (default 10000, as in CI) is the time a case may take; `DGRAPH_FUZZ_ALLOW` lists
//! finding kinds to count but tolerate (e.g. `control`); with
//! `DGRAPH_FUZZ_KEEP_GOING=1` the run goes on after a finding.

mod argv;
mod case;
mod huge;
mod oracle;
mod program;
mod render;
mod run;
mod settings;
mod worker;

use std::process::{Command, Stdio};

/// Starts the worker for `seconds` (as the environment asks, or the
/// default) and fails on any finding.
fn supervise(seconds: Option<&str>) {
    let current =
        std::env::temp_dir().join(format!("dgraph-fuzz-current-{}.jsonl", std::process::id()));
    let mut command = Command::new(std::env::current_exe().expect("the test binary"));
    command
        .args([
            "worker",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
            "--quiet",
        ])
        .env("DGRAPH_FUZZ_WORKER", "1")
        .env("DGRAPH_FUZZ_CURRENT", &current)
        .stdin(Stdio::null());
    if let Some(seconds) = seconds {
        command.env("DGRAPH_FUZZ_SECONDS", seconds);
    }
    let status = command.status().expect("the worker starts");
    let last = std::fs::read_to_string(&current).unwrap_or_default();
    let _ = std::fs::remove_file(&current);
    if status.success() {
        return;
    }
    match status.code() {
        Some(_) => panic!("the fuzzer found something: see FINDING above"),
        None => panic!("FINDING [crash] the worker died ({status}) running:\n{last}"),
    }
}

#[test]
fn corpus() {
    supervise(Some("0"));
}

#[test]
#[ignore = "fuzzes for DGRAPH_FUZZ_SECONDS (default 60): cargo test --release --test fuzz -- --ignored"]
fn fuzz() {
    supervise(None);
}

#[test]
#[ignore = "started by `corpus` and `fuzz`"]
fn worker() {
    if std::env::var_os("DGRAPH_FUZZ_WORKER").is_none() {
        return;
    }
    let worker = worker::Worker::new(worker::Settings::from_env());
    if !worker.main() {
        std::process::exit(1);
    }
}
