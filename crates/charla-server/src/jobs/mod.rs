//! Background work: the runner, the outbox's pacing, and one module per job kind.

pub mod kinds;
pub mod model;
pub mod pacing;
pub mod runner;
