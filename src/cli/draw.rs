//! `dgraph draw`: the graph at one point as a picture (DOT or SVG).

use anyhow::Result;

use super::args::ColorArg;
use super::config::Config;
use super::eval::{settings, Point};
use super::{read, Streams};
use crate::error::InputError;
use crate::graph;
use crate::modes;
use crate::report::{self, DrawFormat};

/// Runs `dgraph draw`.
pub fn run(
    config: &Config,
    format: DrawFormat,
    color: ColorArg,
    streams: &mut Streams<'_>,
) -> Result<()> {
    let source = read::program(config.source.as_ref())?;
    let program = graph::build(&source).map_err(InputError::from)?;
    let inputs = graph::bind(&program, &settings(&config.settings)?)?;
    let point = Point::new(&program, &inputs, config)?;
    let request = point.request(config);
    let mode = point.mode(config, color, streams);
    let derivatives = modes::run(mode, &request).map_err(InputError::from)?;
    let report = point.report(&derivatives);
    for warning in report::warnings(&report) {
        streams.warn(color, &warning);
    }
    streams
        .out
        .write_all(report::draw(&report, format)?.as_bytes())?;
    Ok(())
}
