//! Tables on a real terminal: through a pseudo-terminal (`script` from
//! util-linux) at widths 0, 40, 80 and 200, with `COLUMNS`, and with 0
//! rows. A number is never split across lines; at a known width every line
//! fits it.

use std::process::Command;

/// A Jacobian of four outputs by three inputs whose numbers are long.
const PROGRAM: &str = "for j = 1..4: h[j] = tanh(sum(i = 1..3, W[j, i]*x[i]) + 0.3*j)";
const POINT: &str =
    "W=[[0.1,0.2,-0.3],[0.4,-0.5,0.6],[0.7,0.8,-0.9],[1.1,-1.2,1.3]],x=[0.5,-1.5,2.5]";

/// What dgraph prints on a terminal `columns` wide (0: one that does not
/// say), with `COLUMNS` set to `env` when given; carriage returns removed.
fn on_terminal(columns: u16, env: Option<&str>, extra: &[&str]) -> String {
    on_terminal_of(24, columns, env, extra)
}

/// [`on_terminal`] on a terminal that reports `rows` rows.
fn on_terminal_of(rows: u16, columns: u16, env: Option<&str>, extra: &[&str]) -> String {
    let mut args = vec![
        "eval", PROGRAM, "--set", POINT, "--of", "h", "--wrt", "x", "--color", "never",
    ];
    args.extend(extra);
    through_pty((rows, columns), env, &args)
}

/// What `dgraph args` prints on a terminal of `rows` and `columns`, with
/// `COLUMNS` set to `env` when given; carriage returns removed.
fn through_pty((rows, columns): (u16, u16), env: Option<&str>, args: &[&str]) -> String {
    let dgraph = env!("CARGO_BIN_EXE_dgraph");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    // Set after `stty`: bash updates its own COLUMNS after each command.
    let env = match env {
        Some(value) => format!("env COLUMNS={value}"),
        None => "env -u COLUMNS".to_string(),
    };
    let shell = format!(
        "stty rows {rows} cols {columns}; exec {env} '{dgraph}' {}",
        quoted.join(" ")
    );
    let output = Command::new("script")
        .args(["-qec", &shell, "/dev/null"])
        .output()
        .expect("`script` (util-linux) runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .expect("UTF-8")
        .replace('\r', "")
}

/// Every number dgraph computed, as the JSON output spells it.
fn numbers() -> Vec<String> {
    let json = crate::support::dgraph(&[
        "eval", PROGRAM, "--set", POINT, "--of", "h", "--wrt", "x", "--format", "json",
    ]);
    let document: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let mut numbers = Vec::new();
    collect(&document, &mut numbers);
    numbers
}

fn collect(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::Number(n) => into.push(dgraph::report::number::format(
            n.as_f64().expect("a double"),
        )),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, into)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, into)),
        _ => {}
    }
}

fn assert_numbers_whole(text: &str, width: &str) {
    for number in numbers().iter().filter(|n| n.len() > 3) {
        assert!(
            text.lines().any(|line| line.contains(number.as_str())),
            "at {width}, {number} is split:\n{text}"
        );
    }
}

fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn numbers_stay_whole_at_every_width() {
    for columns in [0, 40, 80, 200] {
        let text = on_terminal(columns, None, &[]);
        assert_numbers_whole(&text, &format!("{columns} columns"));
        if columns > 0 {
            assert!(widest(&text) <= usize::from(columns), "{columns}:\n{text}");
        }
    }
}

#[test]
fn a_terminal_of_unknown_width_gets_whole_tables() {
    let text = on_terminal(0, None, &[]);
    let piped =
        crate::support::dgraph(&["eval", PROGRAM, "--set", POINT, "--of", "h", "--wrt", "x"]);
    assert_eq!(text, piped);
}

#[test]
fn a_terminal_of_zero_rows_still_has_its_columns() {
    for columns in [40, 80] {
        let text = on_terminal_of(0, columns, None, &[]);
        assert_numbers_whole(&text, &format!("0 rows, {columns} columns"));
        let width = usize::from(columns);
        assert!(widest(&text) <= width, "0 rows, {columns}:\n{text}");
        assert!(widest(&text) > width - 20, "{columns} is used:\n{text}");
    }
    let unknown = on_terminal_of(0, 0, None, &[]);
    assert_eq!(unknown, on_terminal(0, None, &[]));
    let text = on_terminal_of(0, 0, Some("50"), &[]);
    assert!(widest(&text) <= 50, "0 rows, COLUMNS=50:\n{text}");
}

#[test]
fn columns_is_honoured() {
    for (columns, env) in [(0, "50"), (200, "50"), (40, "100")] {
        let text = on_terminal(columns, Some(env), &[]);
        assert_numbers_whole(&text, &format!("COLUMNS={env}"));
        let width: usize = env.parse().unwrap();
        assert!(widest(&text) <= width, "COLUMNS={env}:\n{text}");
        assert!(widest(&text) > width - 20, "COLUMNS={env} is used:\n{text}");
    }
}

/// Every line that shows part of `heading` shows all of it (`part` is a
/// piece of the heading no other text holds).
fn assert_heading_whole(text: &str, heading: &str, part: &str, at: &str) {
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(part)).collect();
    assert!(!lines.is_empty(), "at {at}, no {heading}:\n{text}");
    for line in lines {
        assert!(line.contains(heading), "at {at}, {heading} wraps:\n{text}");
    }
}

#[test]
fn matrix_headings_stay_whole_in_every_block() {
    let hessian = [
        "eval",
        "r = exp(x*y*z) - sin(x*y)*z",
        "--set",
        "x=0.3,y=-0.7,z=1.1",
        "--order",
        "2",
        "--color",
        "never",
    ];
    for columns in [40, 80] {
        let at = format!("{columns} columns");
        let text = on_terminal(columns, None, &[]);
        assert_heading_whole(&text, "∂ out/∂ in", "out/", &at);
        assert!(widest(&text) <= usize::from(columns), "{at}:\n{text}");
        let text = through_pty((24, columns), None, &hessian);
        assert_heading_whole(&text, "∂²r/∂row ∂col", "∂²r/", &at);
        assert!(widest(&text) <= usize::from(columns), "{at}:\n{text}");
    }
}

#[test]
fn rounded_numbers_fit_narrow_terminals_whole() {
    let text = on_terminal(40, None, &["--digits", "3"]);
    assert!(text.contains("0.0635"), "{text}");
    assert!(widest(&text) <= 40, "{text}");
}
