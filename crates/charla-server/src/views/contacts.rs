//! Contacts (CRM-1) as the API answers them; a number is masked unless the caller may see
//! it (CONV-5).

use std::collections::BTreeMap;

use charla_db::repo::contacts::{ContactRow, NoteRow};
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::inbox::{AuthorView, ConversationView, phone};

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContactView {
    pub id: Uuid,
    pub name: Option<String>,
    /// Masked unless the caller may see this contact's number.
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Free-form attributes set by people or integrations.
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub attributes: Value,
    /// The agent this contact's conversations go to (CONV-2).
    pub exclusive_agent_id: Option<Uuid>,
    /// The network reported the contact cannot be reached (it blocked the bot, say); the
    /// contact's next message clears it.
    pub unreachable: bool,
    pub last_interaction_at: Option<Ts>,
    pub created_at: Ts,
}

impl ContactView {
    /// The contact, with the number whole only when `show_number`.
    pub fn new(c: &ContactRow, show_number: bool) -> Self {
        ContactView {
            id: c.id,
            name: c.name.clone(),
            phone: phone(c.phone.as_deref(), show_number),
            email: c.email.clone(),
            attributes: c.attributes.0.clone(),
            exclusive_agent_id: c.exclusive_agent_id,
            unreachable: c.unreachable,
            last_interaction_at: c.last_interaction_at.map(|t| t.0),
            created_at: c.created_at.0,
        }
    }
}

/// How a network knows the contact.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IdentityView {
    /// `phone`, `email`, `telegram`, `visitor` (web chat), `messenger` or `instagram`.
    pub kind: String,
    /// A phone is masked unless the caller may see the contact's number.
    pub value: String,
}

impl IdentityView {
    pub fn list(identities: &[(String, String)], show_number: bool) -> Vec<IdentityView> {
        identities
            .iter()
            .map(|(kind, value)| IdentityView {
                kind: kind.clone(),
                value: if kind == "phone" {
                    phone(Some(value), show_number).unwrap_or_default()
                } else {
                    value.clone()
                },
            })
            .collect()
    }
}

/// A note colleagues keep on a contact.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NoteView {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub author: Option<AuthorView>,
    pub text: String,
    /// Pinned notes come first.
    pub pinned: bool,
    pub created_at: Ts,
}

impl From<&NoteRow> for NoteView {
    fn from(n: &NoteRow) -> Self {
        NoteView {
            id: n.id,
            contact_id: n.contact_id,
            author: n.author_id.map(|id| AuthorView { id, name: n.author_name.clone() }),
            text: n.text.clone(),
            pinned: n.pinned,
            created_at: n.created_at.0,
        }
    }
}

/// One contact with its identities, tags, notes and the conversations the caller may see.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ContactDetailView {
    #[serde(flatten)]
    pub contact: ContactView,
    pub identities: Vec<IdentityView>,
    pub tags: Vec<String>,
    /// Custom field values by key (CRM-2): numbers as numbers, dates as `YYYY-MM-DD`.
    pub fields: BTreeMap<String, Value>,
    pub notes: Vec<NoteView>,
    /// The latest 50 of the contact's conversations, those the caller may see.
    pub conversations: Vec<ConversationView>,
}
