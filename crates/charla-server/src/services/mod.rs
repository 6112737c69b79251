//! Services: one function per use case, each one transaction (change + audit + events + jobs).

pub mod audit;
pub mod events;
pub mod hierarchy;
pub mod jobs;
pub mod orgs;
pub mod passwords;
pub mod pause_reasons;
pub mod profiles;
pub mod status;
pub mod tokens;
pub mod users;
