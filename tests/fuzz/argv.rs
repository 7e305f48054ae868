//! Whole command lines for the fuzzer: a subcommand, a program given
//! inline, after `--`, in a file or on standard input, a point, flags of
//! every subcommand with valid and invalid values (`eval --sparse` and
//! `--pattern`, with `--order 2` and `--format mtx` or without),
//! `--points` and `--lines` input, and mangled argument lists.

use proptest::collection::vec;
use proptest::prelude::*;

use crate::case::Case;
use crate::program::{program_spec, small_program_spec, ProgramSpec, Rendered};
use crate::settings::{points_spec, set_spec, PointsSpec, SetSpec};

/// Arguments the fuzzer throws in anywhere.
const JUNK: [&str; 16] = [
    "--bogus",
    "-x",
    "--",
    "--mode",
    "-",
    "--set",
    "--format=",
    "-fx",
    "--help",
    "-h",
    "--version",
    "--wrt=",
    "--of",
    "--order",
    "--color=always",
    "--max-paths",
];
const NAMES_JUNK: [&str; 10] = [
    "nope",
    "pi",
    "",
    " ",
    "x[",
    "x[0]",
    "sin",
    "1",
    "\u{1b}[31mred",
    "W[1,2,3]",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Mode,
    /// `--elimination-order`.
    Elimination,
    Stats,
    Order,
    Explain,
    Format,
    Wrt,
    Of,
    MaxPaths,
    Color,
    Expand,
    Rtol,
    Atol,
    SkipBad,
    IgnoreExtra,
    PointsFormat,
    /// `--sparse` or `--pattern`, alone or with `--order 2`, `--format
    /// mtx` or both (which alone would seldom be drawn together).
    Matrix,
    Junk,
}
use Kind::*;

const ALL: [Kind; 18] = [
    Mode,
    Elimination,
    Stats,
    Order,
    Explain,
    Format,
    Wrt,
    Of,
    MaxPaths,
    Color,
    Expand,
    Rtol,
    Atol,
    SkipBad,
    IgnoreExtra,
    PointsFormat,
    Matrix,
    Junk,
];
const EVAL: [Kind; 15] = [
    Mode,
    Mode,
    Stats,
    Order,
    Explain,
    Format,
    Format,
    Wrt,
    Of,
    MaxPaths,
    Color,
    Order,
    Matrix,
    Matrix,
    Elimination,
];
const DRAW: [Kind; 8] = [Mode, Mode, Format, Format, Wrt, Of, MaxPaths, Elimination];
const DIFF: [Kind; 6] = [Order, Order, Expand, Format, Wrt, Of];
const CHECK: [Kind; 7] = [Order, Rtol, Atol, Format, Wrt, Of, MaxPaths];

/// Each flag's values: the valid ones first, `valid` of them for `sub`.
fn values(kind: Kind, sub: usize) -> (&'static [&'static str], usize) {
    match (kind, sub) {
        (Mode, _) => (
            &[
                "reverse",
                "forward",
                "paths",
                "eliminate",
                "auto",
                "Reverse",
                "",
            ],
            5,
        ),
        (Elimination, _) => (&["search", "markowitz", "optimal", "Optimal", ""], 3),
        (Format, 0) => (
            &["table", "json", "csv", "tsv", "mtx", "svg", "latex", ""],
            5,
        ),
        (Format, 1) => (&["dot", "svg", "html", "json", "png", "mtx"], 3),
        (Format, 2) => (&["text", "json", "latex", "table", "mtx"], 3),
        (Format, _) => (&["table", "json", "csv", "text", "mtx"], 2),
        // Order 8 of a product of 7 inputs takes 21 s (a known finding):
        // the corpus holds a small order-8 case meanwhile.
        (Order, 2) => (&["1", "2", "3", "4", "0", "9", "256", "-1", "x"], 4),
        (Order, _) => (&["1", "2", "3", "0", "-1", "x"], 2),
        (MaxPaths, _) => (
            &[
                "1000000",
                "0",
                "1",
                "10",
                "18446744073709551615",
                "18446744073709551616",
                "-1",
                "1e3",
            ],
            6,
        ),
        (Color, _) => (&["never", "auto", "always", "sometimes"], 3),
        (Rtol | Atol, _) => (
            &[
                "1e-6", "0", "1", "1e-300", "1e308", "-1", "nan", "inf", "abc", "",
            ],
            5,
        ),
        (PointsFormat, _) => (&["csv", "tsv", "json"], 2),
        _ => (&[], 0),
    }
}

/// One flag: its kind, a value choice, `--flag=value` or not, names.
#[derive(Debug, Clone)]
pub struct Flag {
    kind: u8,
    value: u8,
    equals: bool,
    names: Vec<u8>,
}

/// A whole command line.
#[derive(Debug, Clone)]
pub struct CommandSpec {
    sub: u8,
    source: u8,
    program: ProgramSpec,
    set: SetSpec,
    flags: Vec<Flag>,
    strict: bool,
    input: u8,
    points: PointsSpec,
    lines: Vec<ProgramSpec>,
    mangles: Vec<(u8, u8, u8)>,
}

fn flag() -> impl Strategy<Value = Flag> {
    (
        any::<u8>(),
        any::<u8>(),
        proptest::bool::weighted(0.2),
        vec(any::<u8>(), 1..3),
    )
        .prop_map(|(kind, value, equals, names)| Flag {
            kind,
            value,
            equals,
            names,
        })
}

pub fn command() -> impl Strategy<Value = CommandSpec> {
    let mangles =
        prop_oneof![8 => Just(vec![]), 1 => vec((0u8..4, any::<u8>(), any::<u8>()), 1..3)];
    (
        (0u8..40, 0u8..24, program_spec(), set_spec()),
        (
            vec(flag(), 0..5),
            proptest::bool::weighted(0.9),
            0u8..20,
            points_spec(),
        ),
        (vec(small_program_spec(), 1..4), mangles),
    )
        .prop_map(
            |((sub, source, program, set), (flags, strict, input, points), (lines, mangles))| {
                CommandSpec {
                    sub,
                    source,
                    program,
                    set,
                    flags,
                    strict,
                    input,
                    points,
                    lines,
                    mangles,
                }
            },
        )
}

impl CommandSpec {
    /// The case: the program rendered and placed, the point, the flags.
    pub fn case(&self) -> Case {
        let sub = match self.sub {
            0..=17 => 0,
            18..=23 => 1,
            24..=30 => 2,
            31..=37 => 3,
            other => return self.other_command(other),
        };
        // `check --order 2` differences every pair of inputs: 1,000 inputs
        // take 16 s and 2.3 GB (a known finding), 100 a moment.
        let program = self.program.render(if sub == 3 { 100 } else { usize::MAX });
        let mut case = Case::default();
        let mut argv: Vec<Vec<u8>> = vec![["eval", "draw", "diff", "check"][sub].into()];
        let binary = matches!(self.source, 10 | 11) || (sub == 0 && self.input < 2);
        let mut last = None;
        match self.source {
            _ if sub == 0 && self.input == 0 => {} // --lines: no program
            // One argument holds at most 128 KiB (Linux's MAX_ARG_STRLEN).
            0..=6 | 12.. if binary && program.text.len() > 100_000 => {
                self.file(&mut case, &mut argv, &program)
            }
            0..=5 | 12.. => argv.push(program.text.clone()),
            6 => last = Some(program.text.clone()),
            7 | 8 => self.file(&mut case, &mut argv, &program),
            9 => {} // no program: dgraph reads standard input (empty here)
            10 => {
                argv.push(b"-".to_vec());
                case.stdin = Some(program.text.clone());
            }
            11 => {
                argv.extend([b"-f".to_vec(), b"-".to_vec()]);
                case.stdin = Some(program.text.clone());
            }
        }
        if sub != 2 {
            let set = self.set.args(&program);
            argv.extend(set.args.into_iter().map(String::into_bytes));
            case.files.extend(set.files);
        }
        if sub == 0 {
            self.batch_input(&mut case, &mut argv, &program);
        }
        let mut kinds = Vec::new();
        for flag in &self.flags {
            self.push_flag(&mut argv, flag, sub, &program, &mut kinds);
        }
        if let Some(text) = last {
            argv.extend([b"--".to_vec(), text]);
        }
        self.mangle(&mut argv);
        case.argv = argv;
        case
    }

    fn file(&self, case: &mut Case, argv: &mut Vec<Vec<u8>>, program: &Rendered) {
        case.files.push(("program.dg".into(), program.text.clone()));
        argv.extend([b"-f".to_vec(), b"$DIR/program.dg".to_vec()]);
    }

    /// `--lines` (standard input), `--points -` (standard input) or
    /// `--points FILE`, for some `eval` command lines.
    fn batch_input(&self, case: &mut Case, argv: &mut Vec<Vec<u8>>, program: &Rendered) {
        let points = self.points.contents(program);
        match self.input {
            0 => {
                let mut text = Vec::new();
                for line in std::iter::once(&self.program).chain(&self.lines) {
                    let rendered = line.render(1_000).text;
                    text.extend(rendered.iter().map(|&b| if b == b'\n' { b';' } else { b }));
                    text.push(b'\n');
                }
                case.stdin = Some(text);
                argv.push(b"--lines".to_vec());
            }
            1 => {
                case.stdin = Some(points);
                argv.extend([b"--points".to_vec(), b"-".to_vec()]);
            }
            2 | 3 => {
                let name = if self.points.tsv {
                    "points.tsv"
                } else {
                    "points.csv"
                };
                case.files.push((name.into(), points));
                argv.extend([b"--points".to_vec(), format!("$DIR/{name}").into_bytes()]);
            }
            _ => return,
        }
        if self.input.is_multiple_of(2) {
            argv.push(b"--skip-bad".to_vec());
        }
    }

    fn push_flag(
        &self,
        argv: &mut Vec<Vec<u8>>,
        flag: &Flag,
        sub: usize,
        program: &Rendered,
        kinds: &mut Vec<Kind>,
    ) {
        let k = usize::from(flag.kind);
        let kind = match (self.strict, sub) {
            (false, _) => ALL[k % ALL.len()],
            (true, 0) => EVAL[k % EVAL.len()],
            (true, 1) => DRAW[k % DRAW.len()],
            (true, 2) => DIFF[k % DIFF.len()],
            (true, _) => CHECK[k % CHECK.len()],
        };
        if self.strict && kinds.contains(&kind) {
            return; // given twice: a usage error, now and then only
        }
        kinds.push(kind);
        let v = usize::from(flag.value);
        if kind == Matrix {
            return push_matrix(argv, v, self.strict, kinds);
        }
        let (choices, valid) = values(kind, sub);
        let value = match (choices.is_empty(), v >= 248 || !self.strict) {
            (true, _) => None,
            (false, true) => Some(choices[v % choices.len()].to_string()),
            (false, false) => Some(choices[v % valid].to_string()),
        };
        let name = match kind {
            Mode => "--mode",
            Elimination => "--elimination-order",
            Stats => "--stats",
            Order => "--order",
            Explain => "--explain",
            Format => "--format",
            MaxPaths => "--max-paths",
            Color => "--color",
            Expand => "--expand",
            Rtol => "--rtol",
            Atol => "--atol",
            SkipBad => "--skip-bad",
            IgnoreExtra => "--ignore-extra",
            PointsFormat => "--points-format",
            Matrix => unreachable!("pushed above"),
            Wrt => "--wrt",
            Of => "--of",
            Junk => JUNK[v % JUNK.len()],
        };
        let value = match kind {
            Wrt | Of => Some(names(&flag.names, program, kind == Wrt)),
            _ => value,
        };
        match (value, flag.equals) {
            (None, _) => argv.push(name.into()),
            (Some(value), true) => argv.push(format!("{name}={value}").into_bytes()),
            (Some(value), false) => argv.extend([name.into(), value.into_bytes()]),
        }
    }

    fn mangle(&self, argv: &mut Vec<Vec<u8>>) {
        for &(kind, a, b) in &self.mangles {
            let n = argv.len();
            let (a, b) = (usize::from(a) % n, usize::from(b) % n);
            match kind {
                0 if n > 1 => drop(argv.remove(a)),
                1 => argv.insert(b, argv[a].clone()),
                2 => argv.swap(a, b),
                _ => argv.insert(a, JUNK[b % JUNK.len()].into()),
            }
        }
    }

    /// `language`, `completions`, `man`, help, no command, a bad one.
    fn other_command(&self, which: u8) -> Case {
        let shells = ["bash", "zsh", "fish", "powershell", "elvish", "tcsh"];
        let shell = shells[usize::from(self.input) % shells.len()];
        match which {
            18 => Case::of(&[["language", "man", "help", "--help"][usize::from(self.source) % 4]]),
            _ => match self.source % 4 {
                0 => Case::of(&["completions", shell]),
                1 => Case::of(&[]),
                2 => Case::of(&[
                    "help",
                    ["eval", "draw", "diff", "check", "language"][usize::from(self.input) % 5],
                ]),
                _ => Case::of(&["evaluate", "x"]),
            },
        }
    }
}

/// Pushes a [`Matrix`] flag, `choice` picking `--sparse` or `--pattern`
/// (bit 0), `--order 2` (bit 1) and `--format mtx` (bit 2). On a strict
/// command line it leaves out an `--order` or `--format` already given
/// (twice is a usage error) and marks those it gives, and keeps the flags
/// it refuses (`--mode`, `--stats`, `--explain`) from being drawn after it,
/// so that more of its command lines get as far as the matrix.
fn push_matrix(argv: &mut Vec<Vec<u8>>, choice: usize, strict: bool, kinds: &mut Vec<Kind>) {
    argv.push(["--sparse", "--pattern"][choice & 1].into());
    if strict {
        kinds.extend([Mode, Stats, Explain]);
    }
    for (bit, kind, args) in [
        (2, Order, ["--order", "2"]),
        (4, Format, ["--format", "mtx"]),
    ] {
        if choice & bit == 0 || (strict && kinds.contains(&kind)) {
            continue;
        }
        kinds.push(kind);
        argv.extend(args.map(Vec::from));
    }
}

/// A `--wrt`/`--of` value: names the program has (inputs for `--wrt`,
/// assigned names for `--of`, families, elements) and some it has not.
fn names(choices: &[u8], program: &Rendered, wrt: bool) -> String {
    let mut pool: Vec<String> = if wrt {
        program.scalars.clone()
    } else {
        program.assigned.clone()
    };
    for &(family, dims) in &program.families {
        pool.push(family.to_string());
        pool.push(if dims == 1 {
            format!("{family}[1]")
        } else {
            format!("{family}[1, 2]")
        });
    }
    pool.extend(program.scalars.iter().take(1).cloned());
    let mut picked: Vec<String> = choices
        .iter()
        .map(|&k| match usize::from(k) {
            k if k % 16 == 15 || pool.is_empty() => {
                NAMES_JUNK[k / 16 % NAMES_JUNK.len()].to_string()
            }
            k => pool[k % pool.len()].clone(),
        })
        .collect();
    picked.dedup();
    picked.join(",")
}
