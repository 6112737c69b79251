//! Background work: the runner and one module per job kind.

pub mod kinds;
pub mod runner;
