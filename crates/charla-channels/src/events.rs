//! What a network tells us, in one vocabulary for every network.

use charla_domain::messages::{DeliveryStatus, MessageKind};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Everything we sent the contact up to an instant reached this status (Messenger's
    /// delivery and read watermarks).
    Watermark(Watermark),
    /// A message the account itself sent, as the network echoes it back: ours (already
    /// stored, nothing to do) or another tool's (stored as an external outbound message).
    Echo(InboundMessage),
    /// The contact stopped or resumed marketing messages (WhatsApp's `user_preferences`).
    MarketingPreference(MarketingPreference),
}

impl InboundEvent {
    /// What makes this event itself: a redelivery of it carries the same key. The network's
    /// id where it has one, else a digest of the whole event.
    pub fn dedup_key(&self) -> String {
        match self {
            InboundEvent::Message(m) => format!("message:{}", m.network_id),
            InboundEvent::Reaction(r) => format!("reaction:{}", r.network_id),
            InboundEvent::Status(s) => format!("status:{}:{}", s.network_id, s.status.code()),
            InboundEvent::Edited(e) => format!("edited:{}:{}", e.network_id, e.edited_at.unwrap_or_default()),
            InboundEvent::Watermark(w) => format!("watermark:{}:{}:{}", w.contact, w.status.code(), w.watermark_ms),
            InboundEvent::Echo(m) => format!("echo:{}", m.network_id),
            InboundEvent::MarketingPreference(p) => {
                format!("preference:{}:{}:{}", p.from, p.opted_out, p.timestamp.unwrap_or_default())
            }
            InboundEvent::TemplateStatus(_) | InboundEvent::AccountUpdate(_) | InboundEvent::Unreachable { .. } => {
                let bytes = serde_json::to_vec(self).unwrap_or_default();
                format!("digest:{:x}", Sha256::digest(&bytes))
            }
        }
    }

    /// Which of `lanes` ordered lanes applies this event: everything from one sender goes
    /// through one lane, so a contact's messages are applied in the order they came.
    pub fn lane(&self, lanes: u8) -> u8 {
        let key = match self {
            InboundEvent::Message(m) => m.from.as_str(),
            InboundEvent::Reaction(r) => r.from.as_str(),
            InboundEvent::Edited(e) => e.from.as_str(),
            InboundEvent::Unreachable { from } => from.as_str(),
            InboundEvent::Watermark(w) => w.contact.as_str(),
            // The contact it went to: it takes its place among their messages.
            InboundEvent::Echo(m) => m.from.as_str(),
            InboundEvent::MarketingPreference(p) => p.from.as_str(),
            InboundEvent::Status(s) => s.network_id.as_str(),
            InboundEvent::TemplateStatus(_) | InboundEvent::AccountUpdate(_) => "",
        };
        let digest = Sha256::digest(key.as_bytes());
        digest.first().copied().unwrap_or_default() % lanes.max(1)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edited {
    pub network_id: String,
    pub from: String,
    pub contact_name: Option<String>,
    pub text: Option<String>,
    pub edited_at: Option<i64>,
    /// The whole message as it is now, stored as new when the original never arrived.
    pub message: InboundMessage,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketingPreference {
    /// The contact's id on the network (WhatsApp: wa_id digits).
    pub from: String,
    /// Their business-scoped user id, when the network gave it.
    pub user_id: Option<String>,
    /// True for "stop", false for "resume".
    pub opted_out: bool,
    /// Unix seconds.
    pub timestamp: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Watermark {
    /// The contact's id on the network.
    pub contact: String,
    pub status: DeliveryStatus,
    /// Unix milliseconds: every message sent to the contact at or before it has the status.
    pub watermark_ms: i64,
}

/// Media the network holds; fetched later by a job.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Media {
    pub id: String,
    pub mime_type: Option<String>,
    pub filename: Option<String>,
    /// An audio recorded as a voice note.
    pub voice: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    pub network_id: String,
    pub from: String,
    pub target: String,
    pub emoji: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn text(network_id: &str, from: &str) -> InboundEvent {
        InboundEvent::Message(InboundMessage {
            network_id: network_id.to_owned(),
            from: from.to_owned(),
            contact_name: Some("María José".to_owned()),
            timestamp: Some(1_772_460_000),
            kind: MessageKind::Text,
            text: Some("Hola".to_owned()),
            media: None,
            reply_to: None,
            payload: json!({ "text": { "body": "Hola" } }),
        })
    }

    fn status(network_id: &str, status: DeliveryStatus) -> InboundEvent {
        InboundEvent::Status(StatusUpdate {
            network_id: network_id.to_owned(),
            status,
            timestamp: Some(1_772_460_000),
            recipient: Some("573001234567".to_owned()),
            error: None,
            info: Value::Null,
            callback_data: None,
        })
    }

    #[test]
    fn an_event_survives_storage_as_json() {
        for event in [
            text("wamid.1", "573001234567"),
            status("wamid.2", DeliveryStatus::Read),
            InboundEvent::AccountUpdate(json!({ "event": "FLAGGED" })),
            InboundEvent::Unreachable { from: "12345".to_owned() },
        ] {
            let stored = serde_json::to_value(&event).unwrap();
            assert_eq!(serde_json::from_value::<InboundEvent>(stored).unwrap(), event);
        }
    }

    #[test]
    fn a_redelivery_has_the_same_key_and_different_events_do_not() {
        assert_eq!(text("wamid.1", "57300").dedup_key(), text("wamid.1", "57300").dedup_key());
        assert_ne!(text("wamid.1", "57300").dedup_key(), text("wamid.2", "57300").dedup_key());
        // Each status of a message is its own event.
        assert_ne!(
            status("wamid.1", DeliveryStatus::Delivered).dedup_key(),
            status("wamid.1", DeliveryStatus::Read).dedup_key()
        );
        let flagged = InboundEvent::AccountUpdate(json!({ "event": "FLAGGED" }));
        let unflagged = InboundEvent::AccountUpdate(json!({ "event": "UNFLAGGED" }));
        assert_eq!(flagged.dedup_key(), flagged.clone().dedup_key());
        assert_ne!(flagged.dedup_key(), unflagged.dedup_key());
    }

    #[test]
    fn one_sender_always_takes_one_lane_and_senders_spread() {
        assert_eq!(text("wamid.1", "57300").lane(8), text("wamid.9", "57300").lane(8));
        let lanes: std::collections::HashSet<u8> =
            (0..200).map(|n| text("wamid.1", &format!("57300{n}")).lane(8)).collect();
        assert_eq!(lanes.len(), 8);
        assert!(lanes.iter().all(|lane| *lane < 8));
        assert_eq!(text("wamid.1", "57300").lane(0), 0);
    }
}

/// Whether a media id from a webhook is an id and nothing more (WhatsApp's are digits,
/// Telegram's `file_id`s base64url): it goes into a request path to the network's own API,
/// so a `/`, `?`, `#`, `:`, `%` or `..` must never ride along.
pub fn is_media_id(id: &str) -> bool {
    (1..=512).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod media_id_tests {
    use super::is_media_id;

    #[test]
    fn only_plain_ids_pass() {
        for id in ["1003383421387256", "AgACAgEAAxkBAAIBZ2ZfQ_x-9", "a"] {
            assert!(is_media_id(id), "{id}");
        }
        let long = "1".repeat(513);
        for id in [
            "",
            "../../steal",
            "http://127.0.0.1/x",
            "file:///etc/passwd",
            "1?x=2",
            "1#a",
            "1%2F",
            "a b",
            long.as_str(),
        ] {
            assert!(!is_media_id(id), "{id}");
        }
    }
}
