//! Conversations and messages as the inbox answers them, and as the realtime events carry
//! them. A number is masked unless the caller may see it (CONV-5); events carry the full
//! view and are masked at delivery.

use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::messages::MessageRow;
use charla_domain::contacts::mask_phone;
use charla_domain::messages::Automated;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// A contact's number as the caller may see it: whole, or masked.
pub fn phone(phone: Option<&str>, show: bool) -> Option<String> {
    phone.map(|p| if show { p.to_owned() } else { mask_phone(p) })
}

pub fn file_url(id: Uuid) -> String {
    format!("/api/v1/files/{id}/content")
}

/// The contact a conversation is with, as the list shows it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationContactView {
    pub id: Uuid,
    pub name: Option<String>,
    /// Masked (`+57•••••••••33`) unless the caller may see numbers in this campaign.
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// The conversation's latest message, for the list.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LastMessageView {
    pub preview: Option<String>,
    /// The latest message's direction, or null before any message.
    pub direction: Option<String>,
    /// The person who wrote the latest reply to the contact (null when none did, e.g. the bot),
    /// so each viewer can tell their own replies ("You") from a colleague's.
    pub author: Option<AuthorView>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConversationView {
    pub id: Uuid,
    /// `bot`, `queued`, `assigned` or `closed`.
    pub status: String,
    /// Why it closed (`resolved`, `inactivity`, `out_of_hours`, `abandoned`, `lost`,
    /// `transferred`, `bot`), once closed.
    pub closed_reason: Option<String>,
    pub contact: ConversationContactView,
    pub campaign_id: Uuid,
    pub channel_id: Uuid,
    /// The channel's network: `whatsapp`, `telegram`, `webchat` or `simulator`.
    pub channel_kind: String,
    pub queue_id: Option<Uuid>,
    pub agent_id: Option<Uuid>,
    /// Waiting for this agent only (an exclusive agent, a transfer).
    pub reserved_for: Option<Uuid>,
    pub disposition_id: Option<Uuid>,
    pub closing_note: Option<String>,
    /// The campaign's conversation fields, by field id, as filled in at closing.
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub fields: Value,
    /// Contact messages the agent has not read yet.
    pub unread_count: i64,
    pub last_activity_at: Ts,
    pub last_message: LastMessageView,
    pub last_contact_message_at: Option<Ts>,
    pub opened_at: Ts,
    pub queued_at: Option<Ts>,
    pub assigned_at: Option<Ts>,
    pub first_response_at: Option<Ts>,
    pub closed_at: Option<Ts>,
    pub closed_by: Option<Uuid>,
    pub bot_paused: bool,
    /// Queued outside hours: nobody gets it before then.
    pub held_until: Option<Ts>,
    pub transferred_from_id: Option<Uuid>,
    pub transferred_to_id: Option<Uuid>,
}

impl ConversationView {
    /// The conversation, with the contact's number whole only when `show_number`.
    pub fn new(c: &ConversationRow, show_number: bool) -> Self {
        ConversationView {
            id: c.id,
            status: c.status.clone(),
            closed_reason: c.closed_reason.clone(),
            contact: ConversationContactView {
                id: c.contact_id,
                name: c.contact_name.clone(),
                phone: phone(c.contact_phone.as_deref(), show_number),
                email: c.contact_email.clone(),
            },
            campaign_id: c.campaign_id,
            channel_id: c.channel_id,
            channel_kind: c.channel_kind.clone(),
            queue_id: c.queue_id,
            agent_id: c.agent_id,
            reserved_for: c.reserved_for,
            disposition_id: c.disposition_id,
            closing_note: c.closing_note.clone(),
            fields: c.fields.0.clone(),
            unread_count: c.unread_count,
            last_activity_at: c.last_activity_at.0,
            last_message: LastMessageView {
                preview: c.last_message_preview.clone(),
                direction: c.last_message_direction.clone(),
                author: c.last_message_author_id.map(|id| AuthorView { id, name: c.last_message_author_name.clone() }),
            },
            last_contact_message_at: c.last_contact_message_at.map(|t| t.0),
            opened_at: c.opened_at.0,
            queued_at: c.queued_at.map(|t| t.0),
            assigned_at: c.assigned_at.map(|t| t.0),
            first_response_at: c.first_response_at.map(|t| t.0),
            closed_at: c.closed_at.map(|t| t.0),
            closed_by: c.closed_by,
            bot_paused: c.bot_paused,
            held_until: c.held_until.map(|t| t.0),
            transferred_from_id: c.transferred_from_id,
            transferred_to_id: c.transferred_to_id,
        }
    }
}

/// A file attached to a message.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AttachmentView {
    pub id: Uuid,
    pub name: Option<String>,
    pub content_type: Option<String>,
    /// In bytes.
    pub size: Option<i64>,
    /// Where its bytes are read (`GET /api/v1/files/{id}/content`).
    pub url: String,
}

/// Who wrote something: a user, by id and name.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AuthorView {
    pub id: Uuid,
    pub name: Option<String>,
}

/// Why the network refused a message.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MessageErrorView {
    /// The network's error code.
    pub code: String,
    pub title: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MessageView {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub channel_id: Uuid,
    /// `inbound` (from the contact), `outbound` (to the contact), `note` (private, for
    /// colleagues) or `system` (the conversation's timeline).
    pub direction: String,
    /// `text`, `image`, `audio`, `video`, `document`, `sticker`, `location`, `contacts`,
    /// `interactive`, `template`, `reaction` or `unsupported`.
    pub kind: String,
    pub text: Option<String>,
    /// What the message carries beyond its text, free-form by kind (for a `system` message:
    /// the timeline entry, with its `event`).
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub payload: Value,
    pub attachment: Option<AttachmentView>,
    /// The message this one answers.
    pub reply_to_id: Option<Uuid>,
    /// The user who wrote it (outbound and notes).
    pub author: Option<AuthorView>,
    /// An outbound message nobody wrote: which automatic sender did (`bot`, `out_of_hours`,
    /// `absence`, `survey` or `post_attention`); null for people's messages.
    pub automated: Option<String>,
    /// An outbound message's delivery: `pending`, `sending`, `sent`, `delivered`, `read` or
    /// `failed`.
    pub status: Option<String>,
    pub error: Option<MessageErrorView>,
    /// Sent again after a failure.
    pub resent: bool,
    pub sent_at: Option<Ts>,
    pub delivered_at: Option<Ts>,
    pub read_at: Option<Ts>,
    pub created_at: Ts,
}

impl From<&MessageRow> for MessageView {
    fn from(m: &MessageRow) -> Self {
        MessageView {
            id: m.id,
            conversation_id: m.conversation_id,
            contact_id: m.contact_id,
            channel_id: m.channel_id,
            direction: m.direction.clone(),
            kind: m.kind.clone(),
            text: m.text.clone(),
            payload: m.payload.0.clone(),
            attachment: m.file_id.map(|id| AttachmentView {
                id,
                name: m.file_name.clone(),
                content_type: m.file_content_type.clone(),
                size: m.file_size,
                url: file_url(id),
            }),
            reply_to_id: m.reply_to_id,
            author: m.author_id.map(|id| AuthorView { id, name: m.author_name.clone() }),
            automated: Automated::of(&m.direction, m.author_id, m.payload.0.get("automated").and_then(Value::as_str))
                .map(|a| a.code().to_owned()),
            status: m.status.clone(),
            error: m
                .error_code
                .as_ref()
                .map(|code| MessageErrorView { code: code.clone(), title: m.error_title.clone() }),
            resent: m.resent,
            sent_at: m.sent_at.map(|t| t.0),
            delivered_at: m.delivered_at.map(|t| t.0),
            read_at: m.read_at.map(|t| t.0),
            created_at: m.created_at.0,
        }
    }
}
