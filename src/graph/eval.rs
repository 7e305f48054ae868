//! The value pass: every node's value, in one loop up the ids.

use super::{Graph, Op};

/// Every node's value, by id, given the inputs' values in the order of
/// [`Graph::inputs`]. IEEE arithmetic throughout: a NaN or an infinity is a
/// value like any other and flows on.
pub fn evaluate(graph: &Graph, inputs: &[f64]) -> Vec<f64> {
    debug_assert_eq!(inputs.len(), graph.inputs().len());
    let mut values = vec![0.0; graph.len()];
    for (&id, &value) in graph.inputs().iter().zip(inputs) {
        values[id.index()] = value;
    }
    for id in 0..graph.len() {
        let instruction = graph.instruction(id);
        if instruction.op != Op::Input {
            let operands = graph.operand_values(instruction, &values);
            values[id] = instruction.op.eval(operands);
        }
    }
    values
}
