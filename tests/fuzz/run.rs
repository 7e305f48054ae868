//! Running one case: in-process through `dgraph::cli::run`, on a thread of
//! its own with the main thread's 8 MiB stack (a panic is caught with its
//! message, a hang is noticed), exactly as `dgraph::cli::main` turns the
//! result into a status and a message; or, when the case has standard
//! input, through the binary.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::{Command, Stdio};
use std::sync::{mpsc, Mutex, Once};
use std::time::{Duration, Instant};

use crate::case::Case;

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Exit(i32),
    /// A panic that escaped `dgraph::cli::run` (or exit 101 of the binary).
    Panic(String),
    /// The binary was killed by a signal (a stack overflow aborts).
    Signal(i32),
    /// Still running after the hard limit.
    Hang,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

/// The last panic on a case thread: message and location.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
const CASE_THREAD: &str = "fuzz-case";

/// Silences panics on case threads (remembering them); other threads
/// panic as before.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() == Some(CASE_THREAD) {
                let payload = info.payload();
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "no message".into());
                let at = info
                    .location()
                    .map(|l| format!(" at {l}"))
                    .unwrap_or_default();
                *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(format!("{message}{at}"));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `case` with its files in `dir`, giving up after `hard`.
pub fn run(case: &Case, dir: &std::path::Path, hard: Duration) -> Outcome {
    for (name, contents) in &case.files {
        std::fs::write(dir.join(name), contents).expect("the case's files are written");
    }
    let argv = case.os_argv(dir);
    match &case.stdin {
        Some(stdin) => binary(argv, stdin.clone(), hard),
        None => in_process(argv, hard),
    }
}

fn in_process(argv: Vec<OsString>, hard: Duration) -> Outcome {
    install_hook();
    let (send, receive) = mpsc::channel();
    let start = Instant::now();
    std::thread::Builder::new()
        .name(CASE_THREAD.into())
        .stack_size(8 << 20)
        .spawn(move || {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let status =
                panic::catch_unwind(AssertUnwindSafe(|| like_main(argv, &mut out, &mut err)));
            let status = status.unwrap_or_else(|_| {
                let message = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take();
                Status::Panic(message.unwrap_or_else(|| "a panic".into()))
            });
            let _ = send.send((status, out, err));
        })
        .expect("a case thread starts");
    match receive.recv_timeout(hard) {
        Ok((status, stdout, stderr)) => Outcome {
            status,
            stdout,
            stderr,
            elapsed: start.elapsed(),
        },
        Err(_) => Outcome {
            status: Status::Hang,
            stdout: vec![],
            stderr: vec![],
            elapsed: start.elapsed(),
        },
    }
}

/// What `dgraph::cli::main` does with `run`'s result.
fn like_main(argv: Vec<OsString>, out: &mut Vec<u8>, err: &mut Vec<u8>) -> Status {
    let mut streams = dgraph::cli::Streams {
        out,
        err,
        out_terminal: false,
        err_terminal: false,
        no_color: true,
        out_width: None,
        err_width: None,
        quiet: false,
    };
    let result = dgraph::cli::run(argv, &mut streams).and_then(|()| Ok(streams.out.flush()?));
    match result {
        Ok(()) => Status::Exit(0),
        Err(error) => match dgraph::error::exit_status(&error) {
            None => Status::Exit(0),
            Some(status) => {
                let message = format!("{error:#}");
                let _ = writeln!(
                    streams.err,
                    "error: {}",
                    dgraph::escape::terminal_safe(&message)
                );
                Status::Exit(i32::from(status))
            }
        },
    }
}

fn binary(argv: Vec<OsString>, stdin: Vec<u8>, hard: Duration) -> Outcome {
    use std::os::unix::process::ExitStatusExt;
    let start = Instant::now();
    // A process's arguments cannot hold a NUL byte (in-process ones can).
    let args = argv[1..].iter().map(|a| {
        let bytes: Vec<u8> = a
            .as_encoded_bytes()
            .iter()
            .copied()
            .filter(|&b| b != 0)
            .collect();
        std::os::unix::ffi::OsStringExt::from_vec(bytes)
    });
    let args: Vec<OsString> = args.collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dgraph"))
        .args(&args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dgraph starts");
    let mut input = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || drop(input.write_all(&stdin)));
    let reader = |mut from: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = from.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = reader(Box::new(child.stdout.take().expect("piped")));
    let stderr = reader(Box::new(child.stderr.take().expect("piped")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("dgraph runs") {
            break status;
        }
        if start.elapsed() > hard {
            let _ = child.kill();
            let _ = child.wait();
            return Outcome {
                status: Status::Hang,
                stdout: vec![],
                stderr: vec![],
                elapsed: start.elapsed(),
            };
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    let elapsed = start.elapsed();
    let _ = writer.join();
    let (stdout, stderr) = (
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default(),
    );
    let status = match (status.code(), status.signal()) {
        (Some(101), _) => Status::Panic(String::from_utf8_lossy(&stderr).into_owned()),
        (Some(code), _) => Status::Exit(code),
        (None, Some(signal)) => Status::Signal(signal),
        (None, None) => Status::Signal(0),
    };
    Outcome {
        status,
        stdout,
        stderr,
        elapsed,
    }
}
