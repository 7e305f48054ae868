//! Warnings about non-finite numbers, for standard error.
//!
//! A NaN or an infinity is not an error — it is reported like any other
//! number — but the user is told where it first arose: the first node (in
//! id order) whose value is not finite, and, when a derivative is not
//! finite, the first node whose local derivative is not.

use super::number::format;
use super::Report;
use crate::graph::NodeId;

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
    if let Some(id) = report.values.iter().position(|v| !v.is_finite()) {
        let node = NodeId(id as u32);
        return Some(format!(
            "the value of `{}` is {}: the first non-finite value in the graph",
            report.labels.label(report.graph, node),
            format(report.values[id])
        ));
    }
    let output = report.outputs.iter().find(|o| !o.value.is_finite())?;
    Some(format!(
        "the output `{}` is the constant {}",
        output.label,
        format(output.value)
    ))
}

fn derivative_warning(report: &Report<'_>) -> Option<String> {
    let jacobian = &report.derivatives.jacobian;
    let bad = jacobian.iter().flatten().find(|d| !d.is_finite())?;
    let graph = report.graph;
    for (id, node) in graph.nodes().enumerate() {
        let partials = graph.partials(id, report.values);
        if let Some((slot, operand)) = node.edges().find(|&(slot, _)| !partials[slot].is_finite()) {
            return Some(format!(
                "a derivative is {}: it first arises at `{}`, whose derivative with respect to `{}` is {}",
                format(*bad),
                report.labels.label(graph, NodeId(id as u32)),
                report.labels.label(graph, operand),
                format(partials[slot])
            ));
        }
    }
    Some(format!(
        "a derivative is {}: the product of finite local derivatives overflowed",
        format(*bad)
    ))
}
