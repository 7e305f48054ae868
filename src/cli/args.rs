//! The command line as clap sees it. Nothing here leaves `cli`: the rest of
//! the program sees the validated [`super::config::Config`].

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  dgraph eval \"e = (a+b)*(b+1)\" --set a=2,b=1        Olah's example: e = 6, ∂e/∂a = 2, ∂e/∂b = 5
  dgraph eval \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 --stats
  dgraph eval \"x^2*sin(x)\" --set x=1 --mode forward --format json
  dgraph eval -f model.dg --set @point.txt --of loss --wrt w1,w2
  dgraph eval \"(a+b)*(b+1)\" --points points.csv      one output row per input row
  dgraph eval --lines --set x=0.5 < expressions.txt  one result per expression
  dgraph eval \"x^2\" --points big.csv --no-header     rows only, to concatenate shards
  dgraph language                                    the whole language on one screen";

/// The examples, then the whole language: what `--help` (not `-h`) shows.
fn examples_and_language() -> String {
    format!("{EXAMPLES}\n\n{}", crate::report::language::LANGUAGE)
}

const DRAW_EXAMPLES: &str = "\
Examples:
  dgraph draw \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 | dot -Tsvg > olah.svg
  dgraph draw \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 --mode paths --wrt b --format svg > paths.svg
  dgraph draw \"c = a+b; d = b+1; e = c*d\" --set a=2,b=1 --format html > olah.html";

const DIFF_EXAMPLES: &str = "\
Examples:
  dgraph diff \"x^2*sin(x)\"                      2*x*sin(x) + x^2*cos(x)
  dgraph diff \"c = a+b; d = b+1; e = c*d\" --wrt a,b
  dgraph diff \"exp(-x^2/2)\" --order 2 --format latex
  dgraph eval \"$(dgraph diff 'x^2*sin(x)')\" --set x=1";

const CHECK_EXAMPLES: &str = "\
Examples:
  dgraph check \"x^2*sin(x)\" --set x=1
  dgraph check \"r = (1-x)^2 + 100*(y-x^2)^2\" --set x=1.5,y=0.5 --order 2
  dgraph check -f model.dg --set @point.txt --rtol 1e-4 --format json";

/// Differentiate expressions on their computational graph: forward mode,
/// reverse mode (backpropagation), or the sum over every path.
#[derive(Debug, Parser)]
#[command(
    name = "dgraph",
    version,
    arg_required_else_help = true,
    after_help = EXAMPLES,
    after_long_help = examples_and_language()
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,

    /// When to colour the output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, display_order = 100)]
    pub color: ColorArg,

    /// Print no notes or warnings on standard error (errors still print).
    #[arg(short, long, global = true, display_order = 101)]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a program and differentiate it at a point (or at many).
    #[command(after_help = EXAMPLES, after_long_help = examples_and_language())]
    Eval(EvalArgs),

    /// Draw the computational graph with values and derivatives (DOT, SVG or HTML).
    #[command(after_help = DRAW_EXAMPLES)]
    Draw(DrawArgs),

    /// Print the derivative as a formula, in dgraph's own language.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),

    /// Check every derivative against finite differences (exit 1 if one fails).
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),

    /// Print the whole language on one screen: operators, functions, if, definitions, indices.
    #[command(after_long_help = crate::report::language::LANGUAGE)]
    Language,

    /// Print a shell completion script (see the README for where to put it).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },

    /// Print the man page (roff): `dgraph man | man -l -`.
    Man,
}

/// Where the program comes from.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The program, e.g. "c = a + b; d = b + 1; e = c * d"; `-` reads it from standard input.
    /// The language: `dgraph language`.
    #[arg(value_name = "EXPR", allow_hyphen_values = true)]
    pub expr: Option<String>,

    /// Read the program from FILE (`-` for standard input).
    #[arg(
        short = 'f',
        long = "file",
        value_name = "FILE",
        conflicts_with = "expr"
    )]
    pub file: Option<PathBuf>,
}

/// Which derivatives: of which outputs, by which inputs.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Input variables to differentiate by (default: every input); `x` alone names every `x[...]`.
    #[arg(long, value_name = "VAR,...")]
    pub wrt: Vec<String>,

    /// Names of the outputs (default: the last statement); `h` alone names every `h[...]`.
    #[arg(long, value_name = "NAME,...")]
    pub of: Vec<String>,
}

/// What `eval`, `draw` and `check` take: the program, the point, the
/// outputs and inputs.
#[derive(Debug, Args)]
pub struct ProgramArgs {
    /// The program.
    #[command(flatten)]
    pub source: SourceArgs,

    /// Input values: `name=value` pairs separated by commas; repeatable;
    /// a value is a number or a constant expression (`t=pi/4`); `@FILE`
    /// reads pairs separated by commas or newlines (`@-`: standard input).
    #[arg(long = "set", value_name = "NAME=VALUE,...")]
    pub set: Vec<String>,

    /// The outputs and inputs.
    #[command(flatten)]
    pub targets: TargetArgs,

    /// Refuse paths mode when there are more paths than this.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_paths: u64,

    /// Round the numbers a table, a drawing or --explain shows to N significant digits (1 to 17).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=17))]
    pub digits: Option<u8>,
}

/// `--mode`, for `eval` and `draw`.
#[derive(Debug, Args)]
pub struct ModeArgs {
    /// How to compute derivatives.
    #[arg(long, value_enum, default_value_t = ModeArg::Reverse)]
    pub mode: ModeArg,

    /// The order in which eliminate mode (and --stats' eliminate row) removes vertices [default: search].
    #[arg(long, value_enum, value_name = "ORDER")]
    pub elimination_order: Option<EliminationOrderArg>,
}

/// `--elimination-order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EliminationOrderArg {
    /// Greedy: the vertex with the fewest in-edges × out-edges now.
    Markowitz,
    /// Markowitz with look-ahead, under a fixed budget of work (Markowitz past 4096 vertices).
    Search,
    /// The cheapest order, proved by an exact search (refused past 512 vertices or its budget).
    Optimal,
}

/// `dgraph eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The program and the point.
    #[command(flatten)]
    pub program: ProgramArgs,

    /// The mode.
    #[command(flatten)]
    pub mode: ModeArgs,

    /// Run every mode on the same graph and compare sweeps, edges touched and time.
    #[arg(long)]
    pub stats: bool,

    /// Derivatives up to this order: 2 adds the Hessian of the output (one output only).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = order_parser(2), conflicts_with_all = ["points", "lines"])]
    pub order: u8,

    /// Narrate the sweep step by step: one line per edge touched, with the numbers.
    #[arg(long, conflicts_with_all = ["points", "lines"])]
    pub explain: bool,

    /// Output format [default: table; with --points the format of the points file; with --lines csv].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Evaluate at every point of a CSV or TSV file (`-` for standard input)
    /// whose header names the inputs; writes one row per point.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["stats", "lines"])]
    pub points: Option<PathBuf>,

    /// How the points file is separated [default: by its extension, csv unless .tsv].
    #[arg(long, value_enum, value_name = "FORMAT", requires = "points")]
    pub points_format: Option<PointsFormatArg>,

    /// Read one program per line of standard input and write one result per line.
    #[arg(long, conflicts_with_all = ["stats", "expr", "file"])]
    pub lines: bool,

    /// With --points or --lines: report a bad row or line on standard error and go on.
    #[arg(long)]
    pub skip_bad: bool,

    /// With --points: allow columns that are not inputs of the program (they are ignored).
    #[arg(long, requires = "points")]
    pub ignore_extra: bool,

    /// Write no header line in csv or tsv (shards of --points then concatenate; json has none).
    #[arg(long)]
    pub no_header: bool,

    /// Compute the Jacobian (with --order 2 the Hessian) by compressed sweeps, one per colour of
    /// inputs or outputs that no row needs two of, and write its non-zeros as coordinates.
    #[arg(long, conflicts_with_all = ["points", "lines", "pattern"])]
    pub sparse: bool,

    /// Print the sparsity pattern of the Jacobian (with --order 2 the Hessian) and its colouring,
    /// read off the graph without evaluating anything (no --set needed).
    #[arg(long, conflicts_with_all = ["points", "lines", "stats", "explain"])]
    pub pattern: bool,
}

/// The orders `--order` may name, as written.
const ORDERS: [&str; 8] = ["1", "2", "3", "4", "5", "6", "7", "8"];

/// `--order`'s parser: the orders 1 to `highest`, listed, so that help and
/// shell completion name them.
fn order_parser(highest: usize) -> impl TypedValueParser<Value = u8> {
    PossibleValuesParser::new(ORDERS[..highest].iter().copied()).map(|order| {
        ORDERS
            .iter()
            .position(|o| *o == order)
            .map_or(1, |k| k as u8 + 1)
    })
}

/// `dgraph draw`.
#[derive(Debug, Args)]
pub struct DrawArgs {
    /// The program and the point.
    #[command(flatten)]
    pub program: ProgramArgs,

    /// The mode.
    #[command(flatten)]
    pub mode: ModeArgs,

    /// What to write.
    #[arg(long, value_enum, default_value_t = DrawFormatArg::Dot)]
    pub format: DrawFormatArg,

    /// Refuse to draw more nodes than this (what `--of` depends on is drawn).
    #[arg(long, value_name = "N", default_value_t = crate::report::drawing::DEFAULT_MAX_DRAWN_NODES)]
    pub max_nodes: usize,
}

/// `dgraph check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The program and the point.
    #[command(flatten)]
    pub program: ProgramArgs,

    /// Also check the Hessian of the output (`--order 2`; one output only).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = order_parser(2))]
    pub order: u8,

    /// Relative tolerance: a check passes when |dgraph − numeric| ≤ atol + rtol·|numeric|.
    #[arg(long, value_name = "R", default_value = "1e-6")]
    pub rtol: f64,

    /// Absolute tolerance (see --rtol).
    #[arg(long, value_name = "A", default_value = "1e-9")]
    pub atol: f64,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormatArg::Table)]
    pub format: CheckFormatArg,

    /// With --order 2: find the Hessian by compressed sweeps (as eval --sparse does) and check
    /// every entry of it, the zeros outside its pattern too.
    #[arg(long)]
    pub sparse: bool,
}

/// `dgraph diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The program.
    #[command(flatten)]
    pub source: SourceArgs,

    /// The output (one) and the inputs.
    #[command(flatten)]
    pub targets: TargetArgs,

    /// Differentiate this many times (2: the Hessian's entries).
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = order_parser(8))]
    pub order: u8,

    /// Write each derivative as one formula, without shared statements.
    #[arg(long)]
    pub expand: bool,

    /// Write the formulas as a person would (`u/t`, `1/x^2`, `x/2`): they
    /// still read back, but no longer bit for bit as `eval`'s numbers.
    #[arg(long)]
    pub pretty: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Text)]
    pub format: DiffFormatArg,
}

/// `diff --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatArg {
    /// dgraph's own language: `dgraph eval` reads it back.
    Text,
    /// One JSON object.
    Json,
    /// Plain LaTeX.
    Latex,
}

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormatArg {
    /// A table of the checks.
    Table,
    /// One JSON object.
    Json,
}

/// `draw --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DrawFormatArg {
    /// Graphviz DOT (render with `dot -Tsvg`).
    Dot,
    /// A finished SVG picture, laid out by dgraph itself.
    Svg,
    /// One self-contained page that steps through every mode on the picture.
    Html,
}

/// `--mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Backpropagation: one sweep per output.
    Reverse,
    /// One sweep per input.
    Forward,
    /// Sum of edge-derivative products over every path.
    Paths,
    /// Vertex elimination on the linearized graph, in the order --elimination-order plans.
    Eliminate,
    /// Forward or reverse, whichever touches fewer edges on this graph.
    Auto,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--points-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PointsFormatArg {
    /// Comma-separated.
    Csv,
    /// Tab-separated.
    Tsv,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table of the nodes.
    Table,
    /// One JSON object (with --points or --lines: one per line).
    Json,
    /// Comma-separated values.
    Csv,
    /// Tab-separated values.
    Tsv,
    /// A MatrixMarket coordinate file (with --sparse or --pattern).
    Mtx,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
