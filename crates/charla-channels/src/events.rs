//! What a network tells us, in one vocabulary for every network.

use charla_domain::messages::{DeliveryStatus, MessageKind};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum InboundEvent {
    Message(InboundMessage),
    /// A reaction set (emoji) or removed (None) on one of our messages, not a new bubble.
    Reaction(Reaction),
    Status(StatusUpdate),
    /// A template's approval status changed (WhatsApp).
    TemplateStatus(TemplateStatus),
    /// The account's health: quality rating, messaging limit (WhatsApp).
    AccountUpdate(Value),
    /// The contact changed a message they sent earlier (Telegram).
    Edited(Edited),
    /// The contact blocked us: nothing more can reach them (Telegram `kicked`).
    Unreachable {
        from: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edited {
    pub network_id: String,
    pub from: String,
    pub contact_name: Option<String>,
    pub text: Option<String>,
    pub edited_at: Option<i64>,
    /// The whole message as it is now, stored as new when the original never arrived.
    pub message: InboundMessage,
}

/// Media the network holds; fetched later by a job.
#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    pub id: String,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    /// An audio recorded as a voice note.
    pub voice: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InboundMessage {
    /// The network's id for the message: intake dedupes by it.
    pub network_id: String,
    /// The sender's id on the network (WhatsApp: wa_id digits).
    pub from: String,
    pub contact_name: Option<String>,
    /// Unix seconds, when the network said it was sent.
    pub timestamp: Option<i64>,
    pub kind: MessageKind,
    /// Body, caption, or the title of a tapped button or row.
    pub text: Option<String>,
    pub media: Option<Media>,
    /// The network id of the message this one answers or quotes.
    pub reply_to: Option<String>,
    /// Type-specific content: location, contacts cards, button ids, referral, the raw item.
    pub payload: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reaction {
    pub network_id: String,
    pub from: String,
    pub target: String,
    pub emoji: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatusUpdate {
    pub network_id: String,
    pub status: DeliveryStatus,
    pub timestamp: Option<i64>,
    pub recipient: Option<String>,
    /// The network's error code and title for a failure.
    pub error: Option<(String, String)>,
    /// Conversation, origin and pricing, kept as the network sent them.
    pub info: Value,
    /// What we attached to the send and the network echoes back untouched (WhatsApp's
    /// `biz_opaque_callback_data`: our message's id), so a status can name our message
    /// even when we never learned its network id (the node died inside the call).
    pub callback_data: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateStatus {
    pub template_id: String,
    pub name: String,
    pub language: Option<String>,
    pub status: String,
    pub reason: Option<String>,
    pub details: Value,
}

/// Why a send did not go out, as the outbox needs to know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// Worth another try soon (network trouble, the network's own outage).
    Retryable(String),
    /// The network asks us to slow down; try later without failing the message.
    RateLimited { retry_after_secs: Option<u64>, scope: Throttle },
    /// The channel's credentials no longer work: sends pause until it is relinked.
    Unlinked { code: String, title: String },
    /// Never going to work as it is: the message fails with the network's code and title.
    Permanent { code: String, title: String },
}

/// Which sends a rate limit holds back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Throttle {
    /// Everything the number or bot sends (WhatsApp 130429, Telegram 429).
    Sender,
    /// Only sends to this recipient (WhatsApp's pair limit, 131056).
    Recipient,
}
