//! What the API answers: typed views built from rows, each with its JSON Schema, which the
//! OpenAPI document publishes and the web app's types are generated from. Services build
//! them; `api/` renders them. Secrets never appear in a view.

pub mod absences;
pub mod audit;
pub mod broadcast_messages;
pub mod broadcast_report;
pub mod broadcasts;
pub mod campaigns;
pub mod channels;
pub mod contact_fields;
pub mod contact_imports;
pub mod contacts;
pub mod conversations;
pub mod desk;
pub mod files;
pub mod hierarchy;
pub mod inbox;
pub mod jobs;
pub mod out_of_hours;
pub mod pause_reasons;
pub mod profiles;
pub mod queues;
pub mod quick_replies;
pub mod reports;
pub mod setup;
pub mod simulator;
pub mod surveys;
pub mod tokens;
pub mod users;

use schemars::JsonSchema;
use serde::Serialize;

/// A keyset page: the items, and the cursor of the next page (`?after=`) or null.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(rename = "PageOf{T}")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, next: Option<impl ToString>) -> Self {
        Page { items, next: next.map(|cursor| cursor.to_string()) }
    }
}

/// A view as the JSON the audit log keeps of a change.
pub fn audited(view: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}
