//! Services: one function per use case, each one transaction (change + audit + events + jobs).

pub mod absences;
pub mod audit;
pub mod campaign_rules;
pub mod campaign_settings;
pub mod channel_events;
pub mod channels;
pub mod chatbots;
pub mod contacts;
pub mod conversations;
pub mod dispositions;
pub mod events;
pub mod files;
pub mod hierarchy;
pub mod inbox_access;
pub mod jobs;
pub mod orgs;
pub mod out_of_hours;
pub mod passwords;
pub mod pause_reasons;
pub mod profiles;
pub mod queues;
pub mod simulator;
pub mod status;
pub mod surveys;
pub mod tokens;
pub mod users;
