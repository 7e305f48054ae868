//! Warnings about non-finite numbers, for standard error.
//!
//! A NaN or an infinity is not an error — it is reported like any other
//! number — but the user is told where it first arose: the first node (in
//! id order) whose value is not finite, and, when a derivative is not
//! finite, the first node whose local derivative is not. A node that the
//! outputs reach only through a branch not taken (of an `if`) is not
//! looked at: its numbers do not reach any result.

use super::number::format;
use super::Report;
use crate::escape::quoted;
use crate::graph::NodeId;

/// The nodes worth a warning: all of them, except those that the outputs
/// depend on only through a branch not taken.
fn heeded(report: &Report<'_>) -> Vec<bool> {
    let graph = report.graph;
    if !graph.has_branches() {
        return vec![true; graph.len()];
    }
    let outputs = || report.outputs.iter().filter_map(|output| output.node);
    let wired = graph.ancestors(outputs());
    let live = graph.live_ancestors(outputs(), report.values);
    wired
        .iter()
        .zip(&live)
        .map(|(&wired, &live)| live || !wired)
        .collect()
}

/// The warnings for `report`, one line each, without the `warning: ` prefix.
pub fn warnings(report: &Report<'_>) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(warning) = value_warning(report) {
        found.push(warning);
    }
    if let Some(warning) = derivative_warning(report) {
        found.push(warning);
    }
    found
}

fn value_warning(report: &Report<'_>) -> Option<String> {
    let heeded = heeded(report);
    let mut values = report.values.iter().zip(&heeded);
    if let Some(id) = values.position(|(v, &heeded)| heeded && !v.is_finite()) {
        let node = NodeId(id as u32);
        return Some(format!(
            "the value of `{}` is {}: the first non-finite value in the graph",
            quoted(report.labels.label(report.graph, node)),
            format(report.values[id])
        ));
    }
    let output = report.outputs.iter().find(|o| !o.value.is_finite())?;
    Some(format!(
        "the output `{}` is the constant {}",
        quoted(&output.label),
        format(output.value)
    ))
}

fn derivative_warning(report: &Report<'_>) -> Option<String> {
    let jacobian = &report.derivatives.jacobian;
    let bad = jacobian.iter().flatten().find(|d| !d.is_finite())?;
    let graph = report.graph;
    let heeded = heeded(report);
    for (id, node) in graph.nodes().enumerate().filter(|&(id, _)| heeded[id]) {
        let (partials, live) = graph.partials(id, report.values);
        let mut edges = node.edges().filter(|&(slot, _)| live[slot]);
        if let Some((slot, operand)) = edges.find(|&(slot, _)| !partials[slot].is_finite()) {
            return Some(format!(
                "a derivative is {}: it first arises at `{}`, whose derivative with respect to `{}` is {}",
                format(*bad),
                quoted(report.labels.label(graph, NodeId(id as u32))),
                quoted(report.labels.label(graph, operand)),
                format(partials[slot])
            ));
        }
    }
    Some(format!(
        "a derivative is {}: the product of finite local derivatives overflowed",
        format(*bad)
    ))
}
