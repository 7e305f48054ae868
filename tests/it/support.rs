//! Running dgraph in-process: build, bind, evaluate and differentiate.

use dgraph::graph::{self, Setting, Value};
use dgraph::modes::{self, check, hessian, Derivatives, Mode, Request};
use dgraph::parse::Func;

/// Points inside a one-argument function's domain, away from its kinks and
/// jumps (none for a function of several arguments).
pub fn points_for(func: Func) -> &'static [f64] {
    match func {
        Func::Asin | Func::Acos | Func::Atanh => &[-0.7, -0.2, 0.3, 0.9],
        Func::Log | Func::Sqrt | Func::Log2 | Func::Log10 => &[0.05, 0.7, 3.0, 250.0],
        Func::Log1p => &[-0.6, 0.05, 0.7, 30.0],
        Func::Acosh => &[1.05, 1.7, 3.0, 250.0],
        Func::Tan => &[-1.2, -0.3, 0.4, 1.3],
        Func::Abs | Func::Relu | Func::Sign | Func::Cbrt => &[-2.5, -0.1, 0.2, 3.0],
        Func::Floor | Func::Ceil | Func::Round => &[-2.3, -0.4, 0.3, 1.7],
        Func::Sin
        | Func::Cos
        | Func::Atan
        | Func::Sinh
        | Func::Cosh
        | Func::Tanh
        | Func::Exp
        | Func::Sigmoid
        | Func::Expm1
        | Func::Exp2
        | Func::Erf
        | Func::Erfc
        | Func::Softplus
        | Func::Asinh => &[-2.5, -0.4, 0.3, 1.7],
        Func::Pow
        | Func::Min
        | Func::Max
        | Func::Atan2
        | Func::Hypot
        | Func::LogSumExp
        | Func::If => &[],
    }
}

/// A program evaluated at a point.
pub struct Evaluated {
    /// The output's value.
    pub value: f64,
    /// Every node's value.
    pub values: Vec<f64>,
    /// The graph's input names, in order of first use.
    pub inputs: Vec<String>,
    graph: graph::Graph,
    output: Value,
}

/// `source` does not build: its error says `message`, at `column`.
pub fn assert_refused(source: &str, message: &str, column: usize) {
    let err = graph::build(source).expect_err(source);
    assert!(
        err.message().contains(message),
        "{source}: {}",
        err.message()
    );
    assert_eq!(err.column(), column, "{source}: {}", err.message());
}

/// Builds `source` and evaluates it with `point` (every input set).
pub fn evaluate(source: &str, point: &[(&str, f64)]) -> Evaluated {
    let program = graph::build(source).unwrap_or_else(|err| panic!("{source}: {err}"));
    let settings: Vec<Setting> = point
        .iter()
        .map(|&(name, value)| Setting {
            name: name.to_string(),
            value,
        })
        .collect();
    let inputs = graph::bind(&program, &settings).unwrap_or_else(|err| panic!("{source}: {err}"));
    let values = graph::evaluate(&program.graph, &inputs);
    let output = program.last.value;
    let value = match output {
        Value::Node(id) => values[id.index()],
        Value::Const(c) => c,
    };
    let names = program
        .graph
        .inputs()
        .iter()
        .map(|&id| program.graph.name(id).unwrap_or_default().to_string());
    Evaluated {
        value,
        inputs: names.collect(),
        values,
        output,
        graph: program.graph,
    }
}

impl Evaluated {
    /// The output by every input, as the modes are asked.
    fn request(&self) -> Request<'_> {
        Request {
            graph: &self.graph,
            values: &self.values,
            outputs: std::slice::from_ref(&self.output),
            wrt: self.graph.inputs(),
            max_paths: 10_000_000,
            order: Default::default(),
        }
    }

    /// The output's derivatives by `mode`, with every input as a column.
    pub fn derivatives(&self, mode: Mode) -> Derivatives {
        let request = self.request();
        modes::run(mode, &request).expect("within the path limit")
    }

    /// The output's Hessian by every input (forward over reverse).
    pub fn hessian(&self) -> Vec<Vec<f64>> {
        match self.output {
            Value::Node(out) => {
                hessian::of(&self.graph, &self.values, out, self.graph.inputs()).matrix
            }
            Value::Const(_) => hessian::zero(self.graph.inputs()).matrix,
        }
    }

    /// Whether `dgraph check --order 2` (Ridders' differences and the
    /// Taylor witness) finds no derivative failing, Hessian included.
    pub fn checks_pass(&self) -> bool {
        let request = self.request();
        let point: Vec<f64> = self
            .graph
            .inputs()
            .iter()
            .map(|x| self.values[x.index()])
            .collect();
        let tolerance = check::Tolerance {
            rtol: 1e-6,
            atol: 1e-9,
        };
        check::check(&request, &point, tolerance, true)
            .failures()
            .next()
            .is_none()
    }

    /// The gradient by `mode`, in the order of `inputs`.
    pub fn gradient(&self, mode: Mode) -> Vec<f64> {
        self.derivatives(mode).jacobian.remove(0)
    }
}

/// Central finite difference of `source`'s output in `input` at `point`,
/// with Richardson extrapolation (error O(h⁴)).
pub fn finite_difference(source: &str, point: &[(&str, f64)], input: &str) -> f64 {
    let at = |shift: f64| {
        let moved: Vec<(&str, f64)> = point
            .iter()
            .map(|&(n, v)| (n, if n == input { v + shift } else { v }))
            .collect();
        evaluate(source, &moved).value
    };
    let x = point
        .iter()
        .find(|(n, _)| *n == input)
        .expect("the input is set")
        .1;
    let h = 1e-3 * x.abs().max(1.0);
    let central = |h: f64| (at(h) - at(-h)) / (2.0 * h);
    (4.0 * central(h / 2.0) - central(h)) / 3.0
}

/// Whether `a` and `b` agree to relative tolerance `rtol` (absolute below 1);
/// NaN agrees with NaN and an infinity with itself.
pub fn close(a: f64, b: f64, rtol: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan()) || (a - b).abs() <= rtol * a.abs().max(b.abs()).max(1.0)
}

/// Runs the dgraph command line in-process (stdout and stderr not
/// terminals, no colour); returns stdout, panicking on failure.
pub fn dgraph(args: &[&str]) -> String {
    dgraph_with(args, false, true).0
}

/// Runs the dgraph binary with `stdin` as its standard input (a program
/// larger than a command line holds); returns stdout, asserting success.
pub fn dgraph_reading(args: &[&str], stdin: String) -> String {
    let output = assert_cmd::Command::cargo_bin("dgraph")
        .expect("the binary is built")
        .args(args)
        .write_stdin(stdin)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).expect("UTF-8")
}

/// Runs the dgraph command line in-process with stdout and stderr being
/// terminals or not, and NO_COLOR set or not; returns (stdout, stderr),
/// panicking on failure.
pub fn dgraph_with(args: &[&str], terminals: bool, no_color: bool) -> (String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut streams = dgraph::cli::Streams {
        out: &mut out,
        err: &mut err,
        out_terminal: terminals,
        err_terminal: terminals,
        no_color,
        out_width: None,
        err_width: None,
        quiet: false,
    };
    let argv = std::iter::once("dgraph").chain(args.iter().copied());
    dgraph::cli::run(argv, &mut streams).unwrap_or_else(|e| panic!("{args:?}: {e:#}"));
    (
        String::from_utf8(out).expect("UTF-8"),
        String::from_utf8(err).expect("UTF-8"),
    )
}

/// A program and a `--set @FILE` point written to a temporary directory
/// (removed on drop): the sum of `sin(x_i)*x_i` over `inputs` inputs, every
/// input 0.5 — larger than a command line holds.
pub struct BigSum {
    dir: std::path::PathBuf,
    /// The program file.
    pub program: std::path::PathBuf,
    /// The settings file.
    pub point: std::path::PathBuf,
}

impl BigSum {
    /// Writes the files; `tag` keeps concurrent tests apart.
    pub fn new(inputs: usize, tag: &str) -> BigSum {
        let terms: Vec<String> = (0..inputs).map(|i| format!("sin(x{i})*x{i}")).collect();
        let set: Vec<String> = (0..inputs).map(|i| format!("x{i}=0.5")).collect();
        let dir = std::env::temp_dir().join(format!("dgraph-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (program, point) = (dir.join("program.dg"), dir.join("point.txt"));
        std::fs::write(&program, terms.join(" + ")).unwrap();
        std::fs::write(&point, set.join("\n")).unwrap();
        BigSum {
            dir,
            program,
            point,
        }
    }

    /// `-f PROGRAM --set @POINT`.
    pub fn args(&self) -> Vec<String> {
        vec![
            "-f".to_string(),
            self.program.display().to_string(),
            "--set".to_string(),
            format!("@{}", self.point.display()),
        ]
    }
}

impl Drop for BigSum {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs the dgraph binary with `stdin` (any bytes) as its standard input;
/// returns its exit code, stdout and stderr.
pub fn dgraph_fed(args: &[&str], stdin: &[u8]) -> (Option<i32>, String, String) {
    let output = assert_cmd::Command::cargo_bin("dgraph")
        .expect("the binary is built")
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("dgraph runs");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// What [`dgraph_endless`] saw.
pub struct Endless {
    /// The exit code.
    pub code: Option<i32>,
    /// The lines read from stdout before closing it.
    pub lines: Vec<String>,
    /// Everything on stderr.
    pub stderr: String,
}

/// Runs the dgraph binary on an endless standard input — `start`, then
/// `block` over and over for as long as dgraph reads — and reads up to
/// `lines` lines of its output (fewer if it ends), then closes stdout like
/// `| head` does. Panics if dgraph has not ended within a minute: a
/// program that waits for the end of its input, or keeps it all, never
/// would.
pub fn dgraph_endless(args: &[&str], start: &[u8], block: &[u8], lines: usize) -> Endless {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("dgraph"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dgraph starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let (start, block) = (
        start.to_vec(),
        block.repeat((1 << 16) / block.len().max(1) + 1),
    );
    // Writes until dgraph closes its standard input (by exiting).
    let writer = std::thread::spawn(move || {
        if stdin.write_all(&start).is_ok() {
            while stdin.write_all(&block).is_ok() {}
        }
    });
    let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let reader = std::thread::spawn(move || {
        stdout
            .lines()
            .take(lines)
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    let mut stderr = child.stderr.take().expect("piped stderr");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("dgraph runs") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("dgraph {args:?} still runs after a minute on an endless input");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    writer.join().expect("the writer ends");
    Endless {
        code: status.code(),
        lines: reader.join().expect("the reader ends"),
        stderr: errors.join().expect("stderr is read"),
    }
}
