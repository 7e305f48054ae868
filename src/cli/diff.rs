//! `dgraph diff`: the derivative as a formula.

use anyhow::Result;

use super::args::{DiffArgs, DiffFormatArg};
use super::config::{names, program_source, Source};
use super::eval::{outputs, wrt};
use super::{read, Streams};
use crate::error::InputError;
use crate::graph;
use crate::report::differentiated::{self, Form, Options};

/// `dgraph diff`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffConfig {
    source: Source,
    wrt: Vec<String>,
    of: Vec<String>,
    order: usize,
    expand: bool,
    pretty: bool,
    format: DiffFormatArg,
}

impl TryFrom<DiffArgs> for DiffConfig {
    type Error = InputError;

    fn try_from(args: DiffArgs) -> Result<DiffConfig, InputError> {
        let source = program_source(&args.source, false)?.expect("not --lines");
        Ok(DiffConfig {
            source,
            wrt: names("--wrt", args.targets.wrt)?,
            of: names("--of", args.targets.of)?,
            order: usize::from(args.order),
            expand: args.expand,
            pretty: args.pretty,
            format: args.format,
        })
    }
}

/// Runs `dgraph diff`.
pub fn run(config: &DiffConfig, streams: &mut Streams<'_>) -> Result<()> {
    let text = read::program(Some(&config.source))?;
    let program = graph::build(&text).map_err(|err| read::in_program(Some(&config.source), err))?;
    let outputs = outputs(&program, &config.of)?;
    let wrt = wrt(&program, &config.wrt)?;
    let options = Options {
        order: config.order,
        expand: config.expand,
        pretty: config.pretty,
        form: match config.format {
            DiffFormatArg::Text => Form::Text,
            DiffFormatArg::Latex => Form::Latex,
            DiffFormatArg::Json => Form::Json,
        },
    };
    let document = differentiated::write(program.graph, (&outputs, &wrt), options)?;
    streams.out.write_all(document.as_bytes())?;
    Ok(())
}
