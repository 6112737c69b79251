//! Charla's domain rules: plain functions over plain types, no IO.

pub mod access;
pub mod bots;
pub mod broadcasts;
pub mod campaigns;
pub mod channels;
pub mod contact_fields;
pub mod contact_import;
pub mod contacts;
pub mod conversations;
pub mod ids;
pub mod inbox_view;
pub mod media_type;
pub mod messages;
pub mod metrics;
pub mod outbound;
pub mod people;
pub mod quick_replies;
pub mod routing;
pub mod schedules;
pub mod search;
pub mod tenancy;
pub mod time;
pub mod validation;
pub mod webchat;
