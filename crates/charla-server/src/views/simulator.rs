//! The simulator channel's customer side (CH-10).

use charla_db::repo::contacts::ContactRow;
use charla_db::repo::messages::MessageRow;
use schemars::JsonSchema;
use serde::Serialize;

use super::inbox::{MessageView, phone};

/// A message of the simulator's thread, with the customer it is with.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SimulatorMessageView {
    #[serde(flatten)]
    pub message: MessageView,
    /// Masked unless the caller may see numbers in the channel's campaign.
    pub contact_phone: Option<String>,
    pub contact_name: Option<String>,
}

impl SimulatorMessageView {
    pub fn new(m: &MessageRow, contact: Option<&ContactRow>, show_number: bool) -> Self {
        SimulatorMessageView {
            message: MessageView::from(m),
            contact_phone: phone(contact.and_then(|c| c.phone.as_deref()), show_number),
            contact_name: contact.and_then(|c| c.name.clone()),
        }
    }
}
