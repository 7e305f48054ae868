//! Program generators shared by the benchmarks.

// Each benchmark binary includes this module and uses a part of it.
#![allow(dead_code)]

use dgraph::graph::{self, NodeId, Setting, Value};
use dgraph::modes::{PathCount, Request};

pub mod floor;

/// `sum 100*(x{i+1} - x{i}^2)^2 + (1 - x{i})^2` over `n` variables.
pub fn rosenbrock(n: usize) -> String {
    let terms: Vec<String> = (0..n - 1)
        .map(|i| format!("100*(x{} - x{i}^2)^2 + (1 - x{i})^2", i + 1))
        .collect();
    terms.join(" + ")
}

/// Rosenbrock over `x[1]` to `x[n]`, written with `sum`.
pub fn rosenbrock_sum(n: usize) -> String {
    format!("r = sum(i = 1..{n}-1, 100*(x[i+1] - x[i]^2)^2 + (1 - x[i])^2)")
}

/// The residual of a discretised boundary-value problem over `x[1]` to
/// `x[n]`: `r[i]` for the interior points, each joining three neighbours.
pub fn residual(n: usize) -> String {
    format!("for i = 2..{n}-1: r[i] = x[i-1] - 2*x[i] + x[i+1] + 1e-4*sin(x[i])")
}

/// `n` statements, each an operation on two earlier nodes chosen by a fixed
/// linear congruential sequence, over `inputs` variables.
pub fn random_dag(n: usize, inputs: usize) -> String {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound
    };
    let mut text = String::new();
    for i in 0..n {
        let pick = |r: usize| {
            if r < inputs || i == 0 {
                format!("v{}", r % inputs)
            } else {
                format!("n{}", r % i)
            }
        };
        let (a, b) = (pick(next(i + inputs)), pick(next(i + inputs)));
        let op = ["+", "-", "*", "*"][next(4)];
        let call = ["sin", "tanh", "sigmoid", ""][next(4)];
        text.push_str(&format!("n{i} = {call}({a} {op} {b})\n"));
    }
    text
}

/// `k` diamonds: each node feeds three operations that sum into the next.
pub fn diamond_chain(k: usize) -> String {
    let mut text = String::from("y0 = x\n");
    for i in 1..=k {
        let p = i - 1;
        text.push_str(&format!("y{i} = sin(y{p}) + cos(y{p}) + tanh(y{p})\n"));
    }
    text
}

/// `x*(1 + x*(1 + ...))`: `depth` levels of parentheses (Horner's rule).
pub fn deep_nesting(depth: usize) -> String {
    format!("{}x{}", "x*(1 + ".repeat(depth), ")".repeat(depth))
}

/// `a0*b0 + a1*b1 + ...`: a flat sum of `n` products, one statement.
pub fn wide_sum(n: usize) -> String {
    let terms: Vec<String> = (0..n).map(|i| format!("a{i}*b{i}")).collect();
    terms.join(" + ")
}

/// A built program evaluated at a fixed point.
pub struct Prepared {
    pub graph: graph::Graph,
    pub values: Vec<f64>,
    pub output: Value,
}

impl Prepared {
    /// The inputs' values, in the order of `graph.inputs()`.
    pub fn input_values(&self) -> Vec<f64> {
        let inputs = self.graph.inputs().iter();
        inputs.map(|&id| self.values[id.index()]).collect()
    }

    /// The output's derivatives by `wrt`, at the prepared point.
    pub fn request<'a>(&'a self, wrt: &'a [NodeId], max_paths: PathCount) -> Request<'a> {
        Request {
            graph: &self.graph,
            values: &self.values,
            outputs: std::slice::from_ref(&self.output),
            wrt,
            max_paths,
            order: Default::default(),
        }
    }
}

/// Builds `source` and evaluates it with every input near 0.5.
pub fn prepare(source: &str) -> Prepared {
    let program = graph::build(source).expect("the generated program parses");
    let settings: Vec<Setting> = program
        .graph
        .inputs()
        .iter()
        .enumerate()
        .map(|(i, &id)| Setting {
            name: program.graph.name(id).unwrap_or_default().to_string(),
            value: 0.5 + (i % 7) as f64 * 0.1,
        })
        .collect();
    let inputs = graph::bind(&program, &settings).expect("every input is set");
    let values = graph::evaluate(&program.graph, &inputs);
    Prepared {
        output: program.last.value,
        graph: program.graph,
        values,
    }
}
