//! Newton's method on a function the user types, with dgraph as a library:
//! the gradient and the Hessian at each step, the step solving
//! `H · step = −gradient`.
//!
//! ```text
//! cargo run --release --example newton -- "(1 - x)^2 + 100*(y - x^2)^2" x=-1.2 y=1
//! ```
//!
//! Every input of the function needs a starting value. It stops when the
//! gradient's largest entry is below 1e-10, or after 50 steps.

use std::process::ExitCode;

use dgraph::Program;

/// The most steps taken.
const MAX_STEPS: usize = 50;

/// The gradient is zero when its largest entry is below this.
const TOLERANCE: f64 = 1e-10;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((function, starts)) = args.split_first() else {
        eprintln!("usage: newton FUNCTION NAME=VALUE...");
        return ExitCode::from(2);
    };
    match minimise(function, starts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Runs Newton's method from `starts` (`x=1.5`), printing each step.
fn minimise(function: &str, starts: &[String]) -> Result<(), String> {
    let program = Program::parse(function).map_err(|err| err.to_string())?;
    let mut point = starting_point(&program, starts)?;
    for step in 0..=MAX_STEPS {
        let at: Vec<(&str, f64)> = point.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        let here = program.at(&at).map_err(|err| err.to_string())?;
        let gradient = here.gradient().map_err(|err| err.to_string())?;
        if !gradient.values().iter().all(|g| g.is_finite()) {
            return Err(format!(
                "the gradient is not finite at step {step}: {:?}",
                gradient.values()
            ));
        }
        let size = gradient
            .values()
            .iter()
            .fold(0.0_f64, |m, g| m.max(g.abs()));
        println!(
            "step {step:2}: f = {:<24e} |gradient| = {size:e}",
            here.value()
        );
        if size < TOLERANCE {
            let shown: Vec<String> = point.iter().map(|(n, v)| format!("{n} = {v}")).collect();
            println!("minimum at {}", shown.join(", "));
            return Ok(());
        }
        let hessian = here.hessian().map_err(|err| err.to_string())?;
        let order = gradient.names();
        let step = solve(hessian.matrix(), gradient.values())
            .ok_or("the Hessian is singular here: Newton's method cannot step")?;
        for (name, delta) in order.iter().zip(step) {
            let value = point.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v);
            *value.expect("every input has a value") -= delta;
        }
    }
    Err(format!("no minimum within {MAX_STEPS} steps"))
}

/// The starting values, one per input of `program`.
fn starting_point(program: &Program<'_>, starts: &[String]) -> Result<Vec<(String, f64)>, String> {
    let mut point = Vec::new();
    for start in starts {
        let (name, value) = start
            .split_once('=')
            .ok_or_else(|| format!("`{start}` is not NAME=VALUE"))?;
        let value: f64 = value
            .parse()
            .map_err(|_| format!("`{value}` is not a number"))?;
        point.push((name.to_string(), value));
    }
    for input in program.inputs() {
        if !point.iter().any(|(name, _)| name == input) {
            return Err(format!(
                "`{input}` needs a starting value: add {input}=VALUE"
            ));
        }
    }
    Ok(point)
}

/// `x` with `matrix · x = rhs`, by Gaussian elimination with partial
/// pivoting; `None` when the matrix is singular.
fn solve(matrix: &[Vec<f64>], rhs: &[f64]) -> Option<Vec<f64>> {
    let n = rhs.len();
    let mut rows: Vec<Vec<f64>> = matrix
        .iter()
        .zip(rhs)
        .map(|(row, &b)| row.iter().copied().chain([b]).collect())
        .collect();
    for column in 0..n {
        let pivot =
            (column..n).max_by(|&a, &b| rows[a][column].abs().total_cmp(&rows[b][column].abs()))?;
        if rows[pivot][column] == 0.0 {
            return None;
        }
        rows.swap(column, pivot);
        let (above, below) = rows.split_at_mut(column + 1);
        let pivot_row = &above[column];
        for row in below {
            let factor = row[column] / pivot_row[column];
            for (entry, &p) in row[column..].iter_mut().zip(&pivot_row[column..]) {
                *entry -= factor * p;
            }
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let known: f64 = (i + 1..n).map(|k| rows[i][k] * x[k]).sum();
        x[i] = (rows[i][n] - known) / rows[i][i];
    }
    Some(x)
}
