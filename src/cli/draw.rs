//! `dgraph draw`: the graph at one point as a picture (DOT or SVG), or a
//! page that steps through every mode on it (HTML).

use anyhow::Result;

use super::args::ColorArg;
use super::config::{Config, Draw};
use super::eval::at_point;
use super::guard;
use super::Streams;
use crate::error::InputError;
use crate::modes;
use crate::report::{self, drawing::Extent};

/// Runs `dgraph draw`.
pub fn run(config: &Config, draw: Draw, color: ColorArg, streams: &mut Streams<'_>) -> Result<()> {
    at_point(config, |point| {
        let request = point.request(config);
        let mode = point.mode(config, color, streams);
        let derivatives = modes::run(mode, &request).map_err(InputError::from)?;
        let mut report = point.report(&derivatives);
        report.round_to(config.digits);
        for warning in report::warnings(&report) {
            streams.warn(color, &warning);
        }
        let extent = Extent {
            outputs_only: !config.of.is_empty(),
            max_nodes: draw.max_nodes,
        };
        let sweeps = report::html::Sweeps {
            request: &request,
            outputs: &point.outputs,
        };
        let drawing = guard::quietly("drawing the graph", || {
            report::draw(&report, draw.format, extent, sweeps)
        })??;
        Ok(streams.out.write_all(drawing.as_bytes())?)
    })
}
