//! One conversation with what an agent needs beside it (CONV-5, CONV-10), and the outcome
//! of a mass transfer.

use charla_domain::campaigns::AgentPermissions;
use charla_domain::conversations::fields::FieldDef;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

use super::contacts::{ContactView, IdentityView, NoteView};
use super::inbox::{ConversationView, MessageView};
use crate::error::ErrorCode;

/// `GET /api/v1/conversations/{id}`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationDetailView {
    pub conversation: ConversationView,
    pub contact: ConversationContactDetailView,
    pub campaign: ConversationCampaignView,
    /// Null when the channel is gone.
    pub channel: Option<ConversationChannelView>,
    /// The contact's earlier conversations within the caller's reach (at most 20).
    pub previous_conversations: Vec<ConversationView>,
    /// The contact's messages in other conversations within the caller's reach.
    pub history_messages: Vec<MessageView>,
}

/// The conversation's contact with its identities, tags and notes.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationContactDetailView {
    pub contact: ContactView,
    pub identities: Vec<IdentityView>,
    pub tags: Vec<String>,
    pub notes: Vec<NoteView>,
}

/// The conversation's campaign: what its agents may do, and what closing asks for.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationCampaignView {
    pub id: Uuid,
    pub name: String,
    pub agent_permissions: AgentPermissions,
    /// The dispositions the campaign allows.
    pub disposition_ids: Vec<Uuid>,
    /// Those of them still in use, by name.
    pub dispositions: Vec<DispositionChoiceView>,
    /// The fields closing fills in.
    pub fields: Vec<ConversationFieldView>,
}

/// A disposition to close with.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DispositionChoiceView {
    pub id: Uuid,
    pub name: String,
}

/// A conversation field of the campaign.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationFieldView {
    pub id: Uuid,
    pub name: String,
    /// `text`, `number`, `date`, `list` or `boolean`.
    pub kind: String,
    pub required: bool,
    /// A list's choices.
    pub options: Vec<String>,
}

impl From<&FieldDef> for ConversationFieldView {
    fn from(f: &FieldDef) -> Self {
        ConversationFieldView {
            id: f.id,
            name: f.name.clone(),
            kind: f.kind.code().to_owned(),
            required: f.required,
            options: f.options.clone(),
        }
    }
}

/// The channel the conversation is on.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationChannelView {
    pub id: Uuid,
    pub name: String,
    /// `whatsapp`, `telegram`, `webchat` or `simulator`.
    pub kind: String,
}

/// `POST /api/v1/conversations/mass-transfer`: each conversation's own outcome.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MassTransferView {
    pub items: Vec<MassTransferItemView>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MassTransferItemView {
    /// The conversation.
    pub id: Uuid,
    pub ok: bool,
    /// The conversation's status after the transfer (when `ok`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Why it was not transferred (when not `ok`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
}

/// `POST /api/v1/conversations`: the conversation the first message went into (the
/// contact's open one, or a new one assigned to the caller) and that message, queued.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct StartedConversationView {
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    /// Whether the contact's open conversation was reused rather than a new one opened.
    pub reused: bool,
    pub message: MessageView,
}
