//! The library: parse a program once, take it at a point, ask for values
//! and derivatives. This is the part of dgraph covered by its stability
//! promise; see the crate's front page.

mod error;
mod point;
mod program;
mod results;

pub use error::{Error, Location};
pub use point::{Mode, Point};
pub use program::Program;
pub use results::{Gradient, Gradients, Hessian, Jacobian};
