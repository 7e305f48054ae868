//! Writes one of the benchmark families as a program and a settings file,
//! to time the whole command as a user runs it (README, "Performance"):
//!
//! ```text
//! cargo run --release --example generate -- random_dag 571500 dag.dg dag.set
//! dgraph eval -f dag.dg --set @dag.set --format csv > /dev/null
//! ```
//!
//! Families (the generators of `benches/common`): `random_dag STATEMENTS`
//! (over 1,000 inputs), `rosenbrock VARIABLES`, `wide_sum TERMS`,
//! `deep_nesting LEVELS`, `diamond_chain DIAMONDS`. The settings file sets
//! every input of the program to 0.5.

use std::fs;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

#[path = "../benches/common/mod.rs"]
mod common;

/// Inputs of the generated random DAG, as in the issue's workload.
const DAG_INPUTS: usize = 1_000;

fn main() -> ExitCode {
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Reads the arguments, writes the two files.
fn generate() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [family, size, program_path, settings_path] = args.as_slice() else {
        bail!("usage: generate FAMILY SIZE PROGRAM_FILE SETTINGS_FILE");
    };
    let size: usize = size.parse().with_context(|| format!("size `{size}`"))?;
    let program = match family.as_str() {
        "random_dag" => common::random_dag(size, DAG_INPUTS),
        "rosenbrock" => common::rosenbrock(size),
        "wide_sum" => common::wide_sum(size),
        "deep_nesting" => common::deep_nesting(size),
        "diamond_chain" => common::diamond_chain(size),
        other => bail!("unknown family `{other}`"),
    };
    let built = dgraph::graph::build(&program).map_err(|error| anyhow::anyhow!("{error}"))?;
    let graph = &built.graph;
    let settings: Vec<String> = graph
        .inputs()
        .iter()
        .map(|&id| format!("{}=0.5", graph.name(id).unwrap_or_default()))
        .collect();
    fs::write(program_path, program).with_context(|| format!("writing {program_path}"))?;
    fs::write(settings_path, settings.join(","))
        .with_context(|| format!("writing {settings_path}"))?;
    eprintln!(
        "{program_path}: {} nodes, {} inputs",
        graph.len(),
        graph.inputs().len()
    );
    Ok(())
}
