//! The out-of-hours contacts page (BOT-3).

use charla_db::repo::out_of_hours::EntryRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::inbox::{MessageView, phone};

/// `GET /api/v1/out-of-hours-contacts`: who wrote outside hours in the last 7 days.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutOfHoursListView {
    pub items: Vec<OutOfHoursContactView>,
}

/// A contact who wrote outside opening hours.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutOfHoursContactView {
    pub id: Uuid,
    pub wrote_at: Ts,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    /// The contact's name; null when it has none.
    pub name: Option<String>,
    /// The name, or the caller's language's word for a contact without one.
    pub display_name: String,
    /// Masked unless the caller may see numbers in this campaign.
    pub phone: Option<String>,
    /// Whether the contact asked to be called back: `yes`, `no`, `no_answer`, or `n/a`
    /// when the campaign does not offer it.
    pub callback: String,
    /// Someone reached the contact back from this page.
    pub message_sent: bool,
    pub message_sent_at: Option<Ts>,
}

impl OutOfHoursContactView {
    /// The entry, with the number whole only when `show_number`; `no_name` stands for a
    /// contact without a name.
    pub fn new(e: &EntryRow, show_number: bool, no_name: &str) -> Self {
        let name = e.contact_name.clone().filter(|n| !n.trim().is_empty());
        OutOfHoursContactView {
            id: e.id,
            wrote_at: e.wrote_at.0,
            campaign_id: e.campaign_id,
            channel_id: e.channel_id,
            conversation_id: e.conversation_id,
            contact_id: e.contact_id,
            display_name: name.clone().unwrap_or_else(|| no_name.to_owned()),
            name,
            phone: phone(e.contact_phone.as_deref(), show_number),
            callback: callback(e).to_owned(),
            message_sent: e.message_sent_at.is_some(),
            message_sent_at: e.message_sent_at.map(|t| t.0),
        }
    }
}

fn callback(e: &EntryRow) -> &'static str {
    match (e.callback_offered, e.callback) {
        (false, _) => "n/a",
        (true, Some(true)) => "yes",
        (true, Some(false)) => "no",
        (true, None) => "no_answer",
    }
}

/// `POST /api/v1/out-of-hours-contacts/{id}/send`: the message queued, and the conversation
/// it went into.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct OutOfHoursSentView {
    pub conversation_id: Uuid,
    pub message: MessageView,
}
