//! The fuzzing process: the corpus first, then random command lines for a
//! bounded time; each finding shrunk by proptest to a minimal command line,
//! printed as a corpus line.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

use crate::case::Case;
use crate::oracle::{findings, Finding};
use crate::run::{self, Outcome, Status};

/// What the environment asks for (see the README's Development section).
pub struct Settings {
    pub seconds: f64,
    pub seed: u64,
    pub limit: Duration,
    pub hard: Duration,
    pub allow: Vec<String>,
    pub keep_going: bool,
    pub verbose: bool,
    pub current: Option<PathBuf>,
}

impl Settings {
    pub fn from_env() -> Settings {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let number = |name: &str, default: f64| {
            var(name).map_or(default, |v| {
                v.parse()
                    .unwrap_or_else(|_| panic!("{name}={v} is not a number"))
            })
        };
        let allow: Vec<String> = var("DGRAPH_FUZZ_ALLOW")
            .map(|v| v.split(',').map(|k| k.trim().to_string()).collect())
            .unwrap_or_default();
        if let Some(kind) = allow
            .iter()
            .find(|k| !crate::oracle::KINDS.contains(&k.as_str()))
        {
            panic!(
                "DGRAPH_FUZZ_ALLOW: `{kind}` is none of {:?}",
                crate::oracle::KINDS
            );
        }
        let clock = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Settings {
            seconds: number("DGRAPH_FUZZ_SECONDS", 60.0),
            seed: var("DGRAPH_FUZZ_SEED").map_or(clock.as_nanos() as u64 % 1_000_000_007, |v| {
                v.parse().expect("DGRAPH_FUZZ_SEED is a number")
            }),
            limit: Duration::from_secs_f64(number("DGRAPH_FUZZ_LIMIT_MS", 10_000.0) / 1000.0),
            hard: Duration::from_secs(30),
            allow,
            keep_going: var("DGRAPH_FUZZ_KEEP_GOING").is_some_and(|v| v != "0"),
            verbose: var("DGRAPH_FUZZ_VERBOSE").is_some_and(|v| v != "0"),
            current: var("DGRAPH_FUZZ_CURRENT").map(PathBuf::from),
        }
    }
}

#[derive(Default)]
struct Stats {
    executions: u64,
    binary: u64,
    exits: BTreeMap<String, u64>,
    tolerated: BTreeMap<&'static str, (u64, String)>,
    /// The slowest cases: (time, command line).
    slowest: Vec<(Duration, String)>,
    findings: Vec<String>,
}

/// Runs cases and keeps count.
pub struct Worker {
    settings: Settings,
    dir: PathBuf,
    stats: RefCell<Stats>,
    start: Instant,
}

impl Worker {
    pub fn new(settings: Settings) -> Worker {
        let dir = std::env::temp_dir().join(format!("dgraph-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        Worker {
            settings,
            dir,
            stats: RefCell::default(),
            start: Instant::now(),
        }
    }

    /// Runs the corpus, then fuzzes; true when nothing was found.
    pub fn main(&self) -> bool {
        let corpus = self.corpus();
        let start = Instant::now();
        if self.settings.seconds > 0.0 {
            println!(
                "fuzz: seed {} (DGRAPH_FUZZ_SEED={0} repeats this run), {} s",
                self.settings.seed, self.settings.seconds
            );
            self.fuzz(start + Duration::from_secs_f64(self.settings.seconds));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        self.summary(start.elapsed());
        corpus && self.stats.borrow().findings.is_empty()
    }

    fn corpus(&self) -> bool {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz/corpus.jsonl");
        let text = std::fs::read_to_string(path).expect("tests/fuzz/corpus.jsonl");
        let (mut clean, mut cases, start) = (true, 0, Instant::now());
        for (n, line) in text.lines().enumerate() {
            let case = match Case::from_json_line(line) {
                None => continue,
                Some(case) => case.unwrap_or_else(|e| panic!("corpus line {}: {e}", n + 1)),
            };
            let (_, found) = self.execute(&case);
            cases += 1;
            for finding in found.iter().filter(|f| !self.tolerated(f, &case)) {
                clean = false;
                println!(
                    "FINDING in corpus line {} [{}] {}\n  {}",
                    n + 1,
                    finding.kind,
                    finding.detail,
                    case.to_json_line()
                );
            }
        }
        println!(
            "fuzz: corpus of {cases} cases run in {:.1?}",
            start.elapsed()
        );
        clean
    }

    fn tolerated(&self, finding: &Finding, case: &Case) -> bool {
        let kind = finding.kind.to_string();
        case.allow.contains(&kind) || self.settings.allow.contains(&kind)
    }

    /// Runs `case`; a slow case is run again, and only slow if it is again
    /// (the machine may be busy). A hang in-process ends the process.
    fn execute(&self, case: &Case) -> (Outcome, Vec<Finding>) {
        if let Some(path) = &self.settings.current {
            let _ = std::fs::write(path, case.to_json_line());
        }
        let outcome = run::run(case, &self.dir, self.settings.hard);
        if outcome.status == Status::Hang && case.stdin.is_none() {
            println!(
                "FINDING [hang] still running after {:?}; cannot shrink a hang in-process\n  {}",
                self.settings.hard,
                case.to_json_line()
            );
            self.summary(self.start.elapsed());
            std::process::exit(1);
        }
        let mut found = findings(case, &outcome, self.settings.limit);
        if found.iter().any(|f| f.kind == "slow") {
            let again = run::run(case, &self.dir, self.settings.hard);
            if again.elapsed <= self.settings.limit {
                found.retain(|f| f.kind != "slow");
            }
        }
        (outcome, found)
    }

    fn fuzz(&self, deadline: Instant) {
        let strategy = crate::argv::command();
        let (mut batch, mut report) = (0u64, Instant::now());
        while Instant::now() < deadline && self.stats.borrow().findings.len() < 50 {
            let config = Config {
                cases: 32,
                failure_persistence: None,
                max_shrink_time: 60_000,
                max_shrink_iters: 4096,
                ..Config::default()
            };
            let rng =
                TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes(self.settings.seed, batch));
            let mut runner = TestRunner::new_with_rng(config, rng);
            let target: RefCell<Option<(&'static str, String)>> = RefCell::new(None);
            let result = runner.run(&strategy, |spec| {
                let case = spec.case();
                let shrinking = target.borrow().is_some();
                if !shrinking && Instant::now() >= deadline {
                    return Ok(());
                }
                let (outcome, found) = self.execute(&case);
                if !shrinking {
                    self.count(&case, &outcome, &found);
                    if self.settings.verbose {
                        let stderr = String::from_utf8_lossy(&outcome.stderr);
                        let first = stderr.lines().next().unwrap_or("");
                        println!(
                            "{:?} {:.1?} {}\n    {}",
                            outcome.status,
                            outcome.elapsed,
                            shorten(first),
                            shorten(&case.to_json_line())
                        );
                    }
                }
                let found: Vec<&Finding> =
                    found.iter().filter(|f| !self.tolerated(f, &case)).collect();
                let mut target = target.borrow_mut();
                match (&*target, found.first()) {
                    (None, Some(f)) => {
                        *target = Some((f.kind, case.to_json_line()));
                        Err(TestCaseError::fail(format!("[{}] {}", f.kind, f.detail)))
                    }
                    (Some((kind, _)), _) => match found.iter().find(|f| f.kind == *kind) {
                        Some(f) => Err(TestCaseError::fail(format!("[{}] {}", f.kind, f.detail))),
                        None => Ok(()),
                    },
                    (None, None) => Ok(()),
                }
            });
            if let Err(TestError::Fail(reason, spec)) = result {
                let first = target
                    .borrow()
                    .as_ref()
                    .map(|(_, line)| shorten(line))
                    .unwrap_or_default();
                self.found(reason.message(), &first, &spec.case());
                if !self.settings.keep_going {
                    return;
                }
            }
            batch += 1;
            if report.elapsed() > Duration::from_secs(10) {
                report = Instant::now();
                let stats = self.stats.borrow();
                println!(
                    "fuzz: {} executions, {} findings",
                    stats.executions,
                    stats.findings.len()
                );
            }
        }
    }

    fn count(&self, case: &Case, outcome: &Outcome, found: &[Finding]) {
        let mut stats = self.stats.borrow_mut();
        stats.executions += 1;
        stats.binary += u64::from(case.stdin.is_some());
        let status = match &outcome.status {
            Status::Exit(code) => format!("exit {code}"),
            other => format!("{other:?}").chars().take(5).collect(),
        };
        *stats.exits.entry(status).or_default() += 1;
        if stats.slowest.len() < 3 || outcome.elapsed > stats.slowest[2].0 {
            stats
                .slowest
                .push((outcome.elapsed, shorten(&case.to_json_line())));
            stats.slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
            stats.slowest.truncate(3);
        }
        for f in found.iter().filter(|f| self.tolerated(f, case)) {
            let entry = stats.tolerated.entry(f.kind).or_insert_with(|| {
                (
                    0,
                    format!("{}\n    {}", f.detail, shorten(&case.to_json_line())),
                )
            });
            entry.0 += 1;
        }
    }

    fn found(&self, reason: &str, first: &str, minimal: &Case) {
        let mut stats = self.stats.borrow_mut();
        let key: String = reason.chars().take(100).collect();
        if stats.findings.contains(&key) {
            return;
        }
        stats.findings.push(key);
        println!(
            "FINDING {} {reason}\n  first seen: {first}\n  minimal (a corpus line, once it passes):\n{}",
            stats.findings.len(),
            minimal.to_json_line()
        );
    }

    fn summary(&self, elapsed: Duration) {
        let stats = self.stats.borrow();
        let seconds = elapsed.as_secs_f64().max(1e-9);
        let exits: Vec<String> = stats
            .exits
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect();
        println!(
            "fuzz: {} executions in {seconds:.1} s ({:.0}/s; {} through the binary); {}; {} findings",
            stats.executions,
            stats.executions as f64 / seconds,
            stats.binary,
            exits.join(", "),
            stats.findings.len()
        );
        for (elapsed, line) in &stats.slowest {
            println!("fuzz: slow: {elapsed:.2?} {line}");
        }
        for (kind, (count, example)) in &stats.tolerated {
            println!("fuzz: tolerated [{kind}] {count} times, e.g. {example}");
        }
    }
}

/// 32 bytes of seed for batch `batch` of run `seed` (splitmix64).
fn seed_bytes(seed: u64, batch: u64) -> Vec<u8> {
    let mut state = seed ^ batch.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (0..4)
        .flat_map(|_| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)).to_le_bytes()
        })
        .collect()
}

/// At most 400 characters of a corpus line, for the log.
fn shorten(line: &str) -> String {
    match line.char_indices().nth(400) {
        Some((at, _)) => format!("{}... ({} bytes)", &line[..at], line.len()),
        None => line.to_string(),
    }
}
