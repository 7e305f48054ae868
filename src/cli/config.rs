//! The validated configuration: what `dgraph eval` was asked to do, in the
//! program's own types.

use std::path::PathBuf;

use super::args::{
    CheckArgs, CheckFormatArg, DrawArgs, DrawFormatArg, EliminationOrderArg, EvalArgs, FormatArg,
    ModeArg, PointsFormatArg, ProgramArgs, SourceArgs,
};
use crate::error::InputError;
use crate::escape::quoted;
use crate::graph::{self, Graph, NodeId, Value};
use crate::modes::auto::{self, Choice};
use crate::modes::check::Tolerance;
use crate::modes::ordering::Strategy;
use crate::modes::{Mode, PathCount};
use crate::report::{Digits, DrawFormat, Format};

/// `--mode`: one mode, or the cheaper of forward and reverse mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeChoice {
    /// The mode named.
    Given(Mode),
    /// Auto: decided per graph by counting edges.
    Auto,
}

impl ModeChoice {
    /// The mode to run for these outputs and inputs, and auto's reasons
    /// when auto chose it.
    pub fn resolve(
        self,
        graph: &Graph,
        outputs: &[Value],
        wrt: &[NodeId],
    ) -> (Mode, Option<Choice>) {
        match self {
            ModeChoice::Given(mode) => (mode, None),
            ModeChoice::Auto => {
                let choice = auto::choose(graph, outputs, wrt);
                (choice.mode, Some(choice))
            }
        }
    }
}

/// Where a text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The EXPR argument.
    Inline(String),
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

/// One `--set` argument: pairs written inline, or `@FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsArg {
    /// `a=2,b=1`
    Inline(String),
    /// `@FILE`
    File(PathBuf),
    /// `@-`: standard input.
    Stdin,
}

/// What to evaluate the program at.
#[derive(Debug, Clone, PartialEq)]
pub enum Task {
    /// One point, from `--set`.
    Single,
    /// Every row of a points file.
    Points(Points),
    /// One program per line of standard input.
    Lines,
    /// A drawing of the graph at one point.
    Draw(Draw),
    /// Every derivative against finite differences.
    Check(Check),
}

/// `dgraph draw`'s options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    /// DOT or SVG.
    pub format: DrawFormat,
    /// The most nodes drawn.
    pub max_nodes: usize,
}

/// `dgraph check`'s options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Check {
    /// The tolerance.
    pub tolerance: Tolerance,
    /// Whether to write JSON rather than a table.
    pub json: bool,
    /// Whether the Hessian is found by compressed sweeps (`--sparse`).
    pub sparse: bool,
}

/// `--points` and its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Points {
    /// The file (`Stdin` for `-`).
    pub source: Source,
    /// The field separator.
    pub delimiter: u8,
    /// Whether columns that are not inputs are allowed.
    pub ignore_extra: bool,
}

/// Everything `eval`, `draw` and `check` need, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The program text's origin (`None` with `--lines`).
    pub source: Option<Source>,
    /// One point, a points file, or lines of programs.
    pub task: Task,
    /// The `--set` arguments, in order.
    pub settings: Vec<SettingsArg>,
    /// The mode, or auto.
    pub mode: ModeChoice,
    /// `--wrt` names (empty: every input).
    pub wrt: Vec<String>,
    /// `--of` names (empty: the last statement).
    pub of: Vec<String>,
    /// Whether to compare every mode.
    pub stats: bool,
    /// The output format.
    pub format: Format,
    /// The most paths paths mode enumerates.
    pub max_paths: PathCount,
    /// How eliminate mode orders its eliminations.
    pub elimination: Strategy,
    /// Whether a bad point or line is skipped (with a warning) instead of fatal.
    pub skip_bad: bool,
    /// Whether to narrate the sweep.
    pub explain: bool,
    /// Whether to add the Hessian (`--order 2`).
    pub hessian: bool,
    /// How many digits the numbers a person reads keep (`--digits`).
    pub digits: Digits,
    /// Whether CSV and TSV start with a header line (not with `--no-header`).
    pub header: bool,
    /// Dense derivatives, a sparse matrix, or its pattern alone.
    pub matrix: MatrixChoice,
}

/// How `eval` gives the Jacobian (or the Hessian).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixChoice {
    /// Every node's derivatives, by the mode chosen (the default).
    Dense,
    /// The non-zeros, by compressed sweeps (`--sparse`).
    Sparse,
    /// Where the non-zeros are, without evaluating (`--pattern`).
    Pattern,
}

impl TryFrom<EvalArgs> for Config {
    type Error = InputError;

    fn try_from(args: EvalArgs) -> Result<Config, InputError> {
        let program = args.program;
        let source = program_source(&program.source, args.lines)?;
        let task = task(
            &args.points,
            args.points_format,
            args.ignore_extra,
            args.lines,
        )?;
        if source == Some(Source::Stdin)
            && matches!(&task, Task::Points(p) if p.source == Source::Stdin)
        {
            return Err(InputError::new(
                "the program and --points cannot both come from standard input",
            ));
        }
        order_for_points(args.mode.elimination_order, &task)?;
        if args.skip_bad && task == Task::Single {
            return Err(InputError::new("--skip-bad goes with --points or --lines"));
        }
        let format = format(args.format, &task)?;
        if program.digits.is_some() && format != Format::Table {
            return Err(digits_in_data(format_name(format)));
        }
        if args.explain && !matches!(format, Format::Table | Format::Json) {
            return Err(InputError::new(
                "--explain writes a table or JSON, not csv, tsv or mtx",
            ));
        }
        if args.no_header && format == Format::Table {
            return Err(InputError::new(
                "--no-header goes with --format csv or tsv (json has no header line); a table keeps its header",
            ));
        }
        let hessian = hessian_order(args.order, &program)?;
        let matrix = match (args.sparse, args.pattern) {
            (true, _) => MatrixChoice::Sparse,
            (_, true) => MatrixChoice::Pattern,
            _ => MatrixChoice::Dense,
        };
        sparse_options(matrix, format, args.mode.mode)?;
        if hessian
            && matrix == MatrixChoice::Dense
            && !matches!(format, Format::Table | Format::Json)
        {
            return Err(InputError::new(
                "--order 2 writes the Hessian in a table or JSON, not csv or tsv",
            ));
        }
        let mut config = Config::common(program, args.mode.mode, source, task)?;
        config.elimination = strategy(args.mode.elimination_order);
        config.hessian = hessian;
        config.format = format;
        config.stats = args.stats;
        config.skip_bad = args.skip_bad;
        config.explain = args.explain;
        config.header = !args.no_header;
        config.matrix = matrix;
        Ok(config)
    }
}

impl TryFrom<DrawArgs> for Config {
    type Error = InputError;

    fn try_from(args: DrawArgs) -> Result<Config, InputError> {
        let source = program_source(&args.program.source, false)?;
        let format = match args.format {
            DrawFormatArg::Dot => DrawFormat::Dot,
            DrawFormatArg::Svg => DrawFormat::Svg,
            DrawFormatArg::Html => DrawFormat::Html,
        };
        let draw = Draw {
            format,
            max_nodes: args.max_nodes,
        };
        let mut config = Config::common(args.program, args.mode.mode, source, Task::Draw(draw))?;
        config.elimination = strategy(args.mode.elimination_order);
        Ok(config)
    }
}

impl TryFrom<CheckArgs> for Config {
    type Error = InputError;

    fn try_from(args: CheckArgs) -> Result<Config, InputError> {
        let source = program_source(&args.program.source, false)?;
        for (flag, value) in [("--rtol", args.rtol), ("--atol", args.atol)] {
            if !(value >= 0.0 && value.is_finite()) {
                return Err(InputError::new(format!(
                    "{flag} must be a finite number ≥ 0, not {value}"
                )));
            }
        }
        let hessian = hessian_order(args.order, &args.program)?;
        let check = Check {
            tolerance: Tolerance {
                rtol: args.rtol,
                atol: args.atol,
            },
            json: args.format == CheckFormatArg::Json,
            sparse: args.sparse,
        };
        if check.sparse && !hessian {
            return Err(InputError::new(
                "check --sparse checks the Hessian found by compressed sweeps: add --order 2",
            ));
        }
        if check.json && args.program.digits.is_some() {
            return Err(digits_in_data("json"));
        }
        // Check runs every mode; `mode` keeps its default.
        let mut config =
            Config::common(args.program, ModeArg::Reverse, source, Task::Check(check))?;
        config.hessian = hessian;
        Ok(config)
    }
}

/// The strategy `--elimination-order` names (`search` when it names none).
fn strategy(order: Option<EliminationOrderArg>) -> Strategy {
    match order {
        Some(EliminationOrderArg::Markowitz) => Strategy::Markowitz,
        Some(EliminationOrderArg::Search) | None => Strategy::Search,
        Some(EliminationOrderArg::Optimal) => Strategy::Optimal,
    }
}

/// `--elimination-order search` or `optimal` with `--points`: refused, as
/// a batch eliminates in Markowitz order at every point.
fn order_for_points(order: Option<EliminationOrderArg>, task: &Task) -> Result<(), InputError> {
    let searched = matches!(
        order,
        Some(EliminationOrderArg::Search | EliminationOrderArg::Optimal)
    );
    if searched && matches!(task, Task::Points(_)) {
        return Err(InputError::new(
            "--points eliminates in Markowitz order at every point (a search per point would \
             cost more than the elimination, and the order changes the Jacobian only by \
             rounding): leave out --elimination-order, or say markowitz",
        ));
    }
    Ok(())
}

/// `--format mtx` writes a sparse matrix only; a sparse one chooses its
/// own sweeps.
fn sparse_options(matrix: MatrixChoice, format: Format, mode: ModeArg) -> Result<(), InputError> {
    if format == Format::Mtx && matrix == MatrixChoice::Dense {
        return Err(InputError::new(
            "--format mtx writes a sparse matrix: add --sparse (its values) or --pattern (where they are)",
        ));
    }
    if matrix != MatrixChoice::Dense && !matches!(mode, ModeArg::Reverse) {
        return Err(InputError::new(
            "--sparse and --pattern choose forward or reverse sweeps by their colour counts: leave out --mode",
        ));
    }
    Ok(())
}

/// Whether `--order` asks for the Hessian, which needs a single output.
fn hessian_order(order: u8, program: &ProgramArgs) -> Result<bool, InputError> {
    let hessian = order == 2;
    let named = names("--of", program.targets.of.clone())?.len();
    if hessian && named > 1 {
        return Err(InputError::new(format!(
            "--order 2 gives the Hessian of one output; --of names {named}"
        )));
    }
    Ok(hessian)
}

impl Config {
    /// The settings every task shares; the task-specific ones off.
    fn common(
        program: ProgramArgs,
        mode: ModeArg,
        source: Option<Source>,
        task: Task,
    ) -> Result<Config, InputError> {
        let config = Config {
            source,
            task,
            settings: program.set.into_iter().map(settings_arg).collect(),
            mode: match mode {
                ModeArg::Reverse => ModeChoice::Given(Mode::Reverse),
                ModeArg::Forward => ModeChoice::Given(Mode::Forward),
                ModeArg::Paths => ModeChoice::Given(Mode::Paths),
                ModeArg::Eliminate => ModeChoice::Given(Mode::Eliminate),
                ModeArg::Auto => ModeChoice::Auto,
            },
            wrt: names("--wrt", program.targets.wrt)?,
            of: names("--of", program.targets.of)?,
            stats: false,
            format: Format::Table,
            max_paths: PathCount::from(program.max_paths),
            elimination: Strategy::default(),
            skip_bad: false,
            explain: false,
            hessian: false,
            digits: program.digits.map_or(Digits::ALL, Digits::significant),
            header: true,
            matrix: MatrixChoice::Dense,
        };
        one_reader_of_stdin(&config)?;
        Ok(config)
    }
}

/// `--digits` with a format that programs read: refused, as rounding there
/// would lose what the reader cannot get back.
fn digits_in_data(format: &str) -> InputError {
    InputError::new(format!(
        "--digits rounds what a table, a drawing or --explain shows; --format {format} \
         keeps every digit for the program that reads it (round there, or leave out --digits)"
    ))
}

/// What `--format` calls `format`.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Table => "table",
        Format::Json => "json",
        Format::Csv => "csv",
        Format::Tsv => "tsv",
        Format::Mtx => "mtx",
    }
}

/// Where the program comes from (`None` with `--lines`).
pub fn program_source(source: &SourceArgs, lines: bool) -> Result<Option<Source>, InputError> {
    match (source.expr.clone(), source.file.clone()) {
        (None, None) if lines => Ok(None),
        (Some(expr), None) if expr == "-" => Ok(Some(Source::Stdin)),
        (Some(expr), None) => Ok(Some(Source::Inline(expr))),
        (None, Some(path)) => Ok(Some(file_source(path))),
        (None, None) => Err(InputError::new(
            "no program: give EXPR, `-` to read standard input, or -f FILE",
        )),
        (Some(_), Some(_)) => Err(InputError::new(
            "give the program either as EXPR or with -f FILE, not both",
        )),
    }
}

fn file_source(path: PathBuf) -> Source {
    if path.as_os_str() == "-" {
        Source::Stdin
    } else {
        Source::File(path)
    }
}

fn task(
    points: &Option<PathBuf>,
    format: Option<PointsFormatArg>,
    ignore_extra: bool,
    lines: bool,
) -> Result<Task, InputError> {
    let Some(path) = points else {
        return Ok(if lines { Task::Lines } else { Task::Single });
    };
    let tsv = match format {
        Some(format) => format == PointsFormatArg::Tsv,
        None => path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("tsv")),
    };
    Ok(Task::Points(Points {
        source: file_source(path.clone()),
        delimiter: if tsv { b'\t' } else { b',' },
        ignore_extra,
    }))
}

fn format(format: Option<FormatArg>, task: &Task) -> Result<Format, InputError> {
    let many = *task != Task::Single;
    match (format, many) {
        (None | Some(FormatArg::Table), false) => Ok(Format::Table),
        (None, true) => Ok(match task {
            Task::Points(points) if points.delimiter == b'\t' => Format::Tsv,
            _ => Format::Csv,
        }),
        (Some(FormatArg::Table), true) => Err(InputError::new(
            "--points and --lines write csv, tsv or json (one object per line), not a table",
        )),
        (Some(FormatArg::Json), _) => Ok(Format::Json),
        (Some(FormatArg::Csv), _) => Ok(Format::Csv),
        (Some(FormatArg::Tsv), _) => Ok(Format::Tsv),
        (Some(FormatArg::Mtx), false) => Ok(Format::Mtx),
        (Some(FormatArg::Mtx), true) => Err(InputError::new(
            "--points and --lines write csv, tsv or json (one object per line), not mtx: a MatrixMarket file holds one matrix, at one point",
        )),
    }
}

fn settings_arg(text: String) -> SettingsArg {
    match text.trim().strip_prefix('@') {
        Some("-") => SettingsArg::Stdin,
        Some(path) => SettingsArg::File(PathBuf::from(path)),
        None => SettingsArg::Inline(text),
    }
}

/// Standard input is read once: by one of the program, `--points -`,
/// `--lines` and `--set @-`.
fn one_reader_of_stdin(config: &Config) -> Result<(), InputError> {
    let settings = config
        .settings
        .iter()
        .filter(|arg| **arg == SettingsArg::Stdin)
        .count();
    let others = [
        (config.source == Some(Source::Stdin), "the program"),
        (
            matches!(&config.task, Task::Points(p) if p.source == Source::Stdin),
            "--points -",
        ),
        (config.task == Task::Lines, "--lines"),
    ];
    let other = others
        .iter()
        .find(|(reads, _)| *reads)
        .map(|(_, what)| *what);
    match (settings, other) {
        (0, _) => Ok(()),
        (1, None) => Ok(()),
        (1, Some(other)) => Err(InputError::new(format!(
            "--set @- and {other} cannot both come from standard input"
        ))),
        _ => Err(InputError::new(
            "--set @- is given twice: standard input is read once",
        )),
    }
}

/// A comma-separated list of names, trimmed; none may be empty or repeated.
pub fn names(flag: &str, raw: Vec<String>) -> Result<Vec<String>, InputError> {
    let mut names: Vec<String> = Vec::with_capacity(raw.len());
    let listed = raw
        .iter()
        .flat_map(|list| graph::split_outside_brackets(list, &[',']));
    for name in listed.map(str::trim) {
        if name.is_empty() {
            return Err(InputError::new(format!(
                "{flag}: an empty name in the list"
            )));
        }
        // `W[1, 2]` is the variable `W[1,2]`; what is no name can name
        // nothing (and is never echoed into a header).
        let name =
            graph::variable(name).map_err(|why| InputError::new(format!("{flag}: {why}")))?;
        let name = name.as_str();
        if names.iter().any(|n| n == name) {
            return Err(InputError::new(format!(
                "{flag}: `{}` is named twice",
                quoted(name)
            )));
        }
        names.push(name.to_string());
    }
    Ok(names)
}
