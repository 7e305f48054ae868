//! The page itself: one HTML document holding the picture, the steps as
//! JSON, the style and the script. A Content-Security-Policy forbids it
//! every request (`default-src 'none'`), and nothing in it names one.

use super::Data;
use crate::report::{json, svg, Report};

/// The page's script: shows the steps (see its header).
const SCRIPT: &str = include_str!("step.js");
/// The page's style.
const STYLE: &str = include_str!("page.css");

/// The page's title: `dgraph: e by a, b`.
fn title(report: &Report<'_>) -> String {
    let list = |names: Vec<&str>| match names.len() {
        0..=6 => names.join(", "),
        n => format!("{}, … ({n})", names[..5].join(", ")),
    };
    let outputs = list(report.outputs.iter().map(|o| o.title.as_str()).collect());
    match report.inputs.is_empty() {
        true => format!("dgraph: {outputs}"),
        false => {
            let inputs = list(report.inputs.iter().map(|x| x.title.as_str()).collect());
            format!("dgraph: {outputs} by {inputs}")
        }
    }
}

/// `data` as JSON that may stand inside a `<script>` element: `<`, `>`
/// and `&`, which only strings hold, written as `\u` escapes.
fn script_json(data: &Data) -> String {
    let mut text = Vec::new();
    json::to_writer(&mut text, data).expect("the page's data serializes");
    String::from_utf8(text)
        .expect("JSON is UTF-8")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The whole page of `report`: its `picture` and its steps, `data`.
pub fn page(report: &Report<'_>, picture: &str, data: &Data) -> String {
    let title = svg::escape(&title(report));
    let data = script_json(data);
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{STYLE}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<nav>
<label>Mode <select id="mode"></select></label>
<label>Go to <select id="jump"></select></label>
<button id="first" title="the first step (Home)">« first</button>
<button id="back" title="one step back (←)">← back</button>
<button id="next" title="one step on (→)">next →</button>
<button id="last" title="the last step (End)">last »</button>
<span id="counter">step <b id="step">0</b> of <b id="steps">0</b> · <b id="touched">0</b> edges touched</span>
</nav>
<pre id="say"></pre>
<p id="sum">Click a node for its chain-rule sum.</p>
<noscript><p>This page steps through the sweeps with JavaScript; without it, it shows the graph alone.</p></noscript>
</header>
<main id="graph">
{picture}</main>
<script type="application/json" id="data">{data}</script>
<script>
{SCRIPT}</script>
</body>
</html>
"#
    )
}
