//! Reports (REP-4) and live monitoring (REP-1): figures read from the rollups that
//! `rollup` keeps in step with conversations.

pub mod agents;
pub mod conversations;
pub mod monitoring;
pub mod rollup;
pub mod scope;
