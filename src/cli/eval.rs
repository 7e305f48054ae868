//! `dgraph eval`: read, build, bind, evaluate, differentiate, report.

use anyhow::Result;

use super::args::ColorArg;
use super::config::{Config, SettingsArg};
use super::{read, sparse, Streams};
use crate::error::InputError;
use crate::escape::quoted;
use crate::graph::{self, Graph, NodeId, Output, Program, Setting, Value};
use crate::modes::hessian::{self, Hessian};
use crate::modes::{self, budget, paths, stats, Derivatives, Mode, Request};
use crate::report::explain::Narration;
use crate::report::{self, Format, Layout, Report};

/// Runs `dgraph eval` at one point. With `--stats`, a refused paths mode is
/// a row of the comparison rather than a failure: the report falls back to
/// reverse mode and a warning says so.
pub fn run(config: &Config, color: ColorArg, streams: &mut Streams<'_>) -> Result<()> {
    at_point(config, |point| {
        if config.hessian && !budget::dense_hessian_fits(point.wrt.len()) {
            let note = format!(
                "a dense Hessian of {} inputs would hold {} entries (more than {}): it is written sparse, as --sparse does",
                point.wrt.len(),
                (point.wrt.len() as u64).pow(2),
                budget::MAX_HESSIAN_ENTRIES
            );
            streams.note(color, &note);
            return sparse::at(config, point, color, streams);
        }
        let request = point.request(config);
        let mode = point.mode(config, color, streams);
        let mut narration = config
            .explain
            .then(|| Narration::new(point.graph, &point.outputs, config.digits));
        let derivatives = match narration.as_mut() {
            Some(narration) => modes::run_traced(mode, &request, narration),
            None => modes::run(mode, &request),
        };
        let derivatives = match derivatives {
            Ok(derivatives) => derivatives,
            Err(refused) if config.stats => {
                let reverse = modes::run(Mode::Reverse, &request).map_err(InputError::from)?;
                let message = format!("{refused}; the report shows reverse mode instead");
                streams.warn(color, &message);
                reverse
            }
            Err(refused) => return Err(InputError::from(refused).into()),
        };
        let comparison = config
            .stats
            .then(|| stats::compare(&request))
            .transpose()
            .map_err(InputError::from)?;
        let hessian = config.hessian.then(|| point.hessian()).transpose()?;
        let mut report = point.report(&derivatives);
        report.round_to(config.digits);
        report.stats = comparison.as_deref();
        report.hessian = hessian.as_ref();
        report.header = config.header;
        report.explain = narration
            .as_ref()
            .map(|n| n.lines().map_err(|long| InputError::new(long.to_string())))
            .transpose()?;
        write(&report, config.format, color, streams)
    })
}

/// Reads the program, builds it, binds `--set` and evaluates it — the
/// opening of every command at one point — then does `work` there.
pub(super) fn at_point<R>(
    config: &Config,
    work: impl FnOnce(&Point<'_>) -> Result<R>,
) -> Result<R> {
    let source = read::program(config.source.as_ref())?;
    let origin = config.source.as_ref();
    let program = graph::build(&source).map_err(|err| read::in_program(origin, err))?;
    let inputs = graph::bind(&program, &settings(&config.settings)?)
        .map_err(|err| read::in_program(origin, err))?;
    work(&Point::new(&program, inputs, config)?)
}

/// Warns about non-finite numbers and writes `report`; with CSV or TSV the
/// `--stats` table goes to standard error.
fn write(
    report: &Report<'_>,
    format: Format,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    if format == Format::Table {
        report::fits_table(report)?;
    }
    for warning in report::warnings(report) {
        streams.warn(color, &warning);
    }
    if matches!(format, Format::Csv | Format::Tsv) {
        let plain = Layout {
            width: streams.err_width,
            color: false,
        };
        if let Some(stats) = report::stats_table(report, plain) {
            streams.err.write_all(stats.as_bytes())?;
        }
    }
    let layout = streams.out_layout(color);
    report::write(report, format, layout, streams.out)?;
    Ok(())
}

/// A built program evaluated at one point, with its outputs and the inputs
/// to differentiate by: what every mode needs.
pub(super) struct Point<'p> {
    /// The graph.
    pub graph: &'p Graph,
    /// Every input's value, in the order of [`Graph::inputs`].
    pub inputs: Vec<f64>,
    /// The outputs (`--of`, else the last statement).
    pub outputs: Vec<Output>,
    /// Their values: nodes or constants.
    pub output_values: Vec<Value>,
    /// The inputs to differentiate by (`--wrt`, else every input).
    pub wrt: Vec<NodeId>,
    /// Every node's value.
    pub values: Vec<f64>,
}

impl<'p> Point<'p> {
    /// Evaluates `program` at `inputs`, resolving `--of` and `--wrt`.
    pub fn new(
        program: &'p Program<'_>,
        inputs: Vec<f64>,
        config: &Config,
    ) -> Result<Point<'p>, InputError> {
        let outputs = outputs(program, &config.of)?;
        Ok(Point {
            graph: &program.graph,
            output_values: outputs.iter().map(|o| o.value).collect(),
            outputs,
            wrt: wrt(program, &config.wrt)?,
            values: graph::evaluate(&program.graph, &inputs),
            inputs,
        })
    }

    /// The report of `derivatives` at this point, with its path count.
    pub fn report<'r>(&'r self, derivatives: &'r Derivatives) -> Report<'r> {
        let mut report = Report::new(
            self.graph,
            &self.values,
            &self.outputs,
            &self.wrt,
            derivatives,
        );
        report.paths = paths::total(&paths::count(self.graph, &self.output_values), &self.wrt);
        report
    }

    /// The Hessian of the (only) output by the `--wrt` inputs; refused at
    /// once over a budget ([`budget::admit_hessian`]).
    pub fn hessian(&self) -> Result<Hessian, InputError> {
        if self.output_values.len() > 1 {
            return Err(InputError::new(format!(
                "--order 2 gives the Hessian of one output; --of names {} (a family): name one of them",
                self.output_values.len()
            )));
        }
        budget::admit_hessian(self.graph, self.wrt.len())?;
        Ok(match self.output_values[0] {
            Value::Node(out) => hessian::of(self.graph, &self.values, out, &self.wrt),
            Value::Const(_) => hessian::zero(&self.wrt),
        })
    }

    /// The mode to run (see [`mode`]).
    pub fn mode(&self, config: &Config, color: ColorArg, streams: &mut Streams<'_>) -> Mode {
        mode(
            config,
            (self.graph, &self.output_values, &self.wrt),
            color,
            streams,
        )
    }

    /// What the modes are asked.
    pub fn request(&self, config: &Config) -> Request<'_> {
        Request {
            graph: self.graph,
            values: &self.values,
            outputs: &self.output_values,
            wrt: &self.wrt,
            max_paths: config.max_paths,
            order: config.elimination,
        }
    }
}

/// The mode to run for these outputs and inputs; auto says on standard
/// error what it chose and why.
pub(super) fn mode(
    config: &Config,
    (graph, outputs, wrt): (&Graph, &[Value], &[NodeId]),
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Mode {
    let (mode, choice) = config.mode.resolve(graph, outputs, wrt);
    if let Some(choice) = choice {
        streams.note(color, &report::auto_note(&choice));
    }
    mode
}

/// Every `--set` pair, inline or from files, in order.
pub(super) fn settings(args: &[SettingsArg]) -> Result<Vec<Setting>> {
    let mut all = Vec::new();
    for arg in args {
        let parsed = match arg {
            SettingsArg::Inline(text) => graph::parse_settings(text, "--set")?,
            SettingsArg::Stdin => {
                let text = read::stdin()?;
                match text.trim_start().starts_with('{') {
                    true => graph::parse_json_settings(&text, "standard input")?,
                    false => graph::parse_settings_file(&text, "standard input")?,
                }
            }
            SettingsArg::File(path) => {
                let name = quoted(&path.display().to_string()).into_owned();
                let text = read::file(path)?;
                match path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                {
                    true => graph::parse_json_settings(&text, &name)?,
                    false => graph::parse_settings_file(&text, &name)?,
                }
            }
        };
        all.extend(parsed);
    }
    Ok(all)
}

/// The `--of` outputs, or the last statement (see
/// [`Program::outputs_named`]).
pub(super) fn outputs(program: &Program<'_>, of: &[String]) -> Result<Vec<Output>, InputError> {
    program.outputs_named(of, "--of")
}

/// The `--wrt` inputs, or every input (see [`Program::inputs_named`]).
pub(super) fn wrt(program: &Program<'_>, names: &[String]) -> Result<Vec<NodeId>, InputError> {
    program.inputs_named(names, "--wrt")
}
