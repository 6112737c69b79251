//! Broadcasts from a spreadsheet (OUT-2): which column is which, what makes a row bad, and
//! the broadcast's lifecycle. Plain rules; the server reads the file and the catalogue.

pub mod columns;
pub mod lifecycle;
pub mod opt_out;
pub mod report;
pub mod rows;
pub mod sending;
pub mod tracking;

/// Most rows a broadcast keeps recipients in memory-free batches of.
pub const IMPORT_BATCH: usize = 1000;

/// Most characters of a broadcast's name.
pub const NAME_MAX: usize = 120;

/// The largest batch of a gradual send, and its longest interval (one day).
pub const BATCH_SIZE_MAX: i64 = 100_000;
pub const BATCH_INTERVAL_MAX_SECONDS: i64 = 86_400;
