//! Meta's Messenger Platform (CH-6): Facebook pages (`object: "page"`) and Instagram
//! professional accounts (`object: "instagram"`) share one webhook shape and one Send API;
//! `Platform` says which of the two a channel speaks. `outbound` builds sends.
//!
//! Each `entry` is one page or account (`entry.id`), each `messaging` item one event:
//! a message (or its echo, when the account itself sent it), a postback, a delivery or
//! read, a reaction. Like WhatsApp's, parsing walks the JSON item by item so one item of
//! an unexpected shape never loses the rest of the batch; kinds we do not handle are left.

pub mod outbound;

use charla_domain::messages::{DeliveryStatus, MessageKind};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::events::{InboundEvent, InboundMessage, Media, Reaction, StatusUpdate, Watermark};

pub use crate::whatsapp::{SIGNATURE_HEADER, challenge, verify};

/// Which of Meta's two inboxes a channel is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Messenger,
    Instagram,
}

impl Platform {
    /// The webhook's `object`.
    pub const fn object(self) -> &'static str {
        match self {
            Platform::Messenger => "page",
            Platform::Instagram => "instagram",
        }
    }
}

/// One event of a webhook with the page or account it concerns (`entry.id`).
#[derive(Clone, Debug, PartialEq)]
pub struct Routed {
    pub account_id: Option<String>,
    pub event: InboundEvent,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("the body is not JSON")]
    NotJson,
    #[error("the body is not a webhook of this platform")]
    OtherObject,
}

fn text_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn items<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// Parses a webhook body of `platform` into routed events.
pub fn parse(raw_body: &[u8], platform: Platform) -> Result<Vec<Routed>, ParseError> {
    let body: Value = serde_json::from_slice(raw_body).map_err(|_| ParseError::NotJson)?;
    if body.get("object").and_then(Value::as_str) != Some(platform.object()) {
        return Err(ParseError::OtherObject);
    }
    let mut out = Vec::new();
    for entry in items(&body, "entry") {
        let account_id = text_of(entry, "id");
        for item in items(entry, "messaging") {
            out.extend(events_of(item).into_iter().map(|event| Routed { account_id: account_id.clone(), event }));
        }
    }
    Ok(out)
}

/// The events of one `messaging` item.
fn events_of(item: &Value) -> Vec<InboundEvent> {
    let (Some(sender), Some(recipient)) = (item.pointer("/sender/id"), item.pointer("/recipient/id")) else {
        return Vec::new();
    };
    let id = |v: &Value| v.as_str().map(str::to_owned).or_else(|| v.as_u64().map(|n| n.to_string()));
    let (Some(sender), Some(recipient)) = (id(sender), id(recipient)) else {
        return Vec::new();
    };
    let timestamp_ms = item.get("timestamp").and_then(Value::as_i64);
    if let Some(message) = item.get("message") {
        let echo = message.get("is_echo").and_then(Value::as_bool) == Some(true);
        // An echo goes from the account to the contact: the contact is its recipient.
        let contact = if echo { recipient } else { sender };
        let wrap = if echo { InboundEvent::Echo } else { InboundEvent::Message };
        return messages_of(message, &contact, timestamp_ms).into_iter().map(wrap).collect();
    }
    if let Some(postback) = item.get("postback") {
        return postback_of(postback, &sender, timestamp_ms).map(InboundEvent::Message).into_iter().collect();
    }
    if let Some(delivery) = item.get("delivery") {
        return delivery_of(delivery, &sender, timestamp_ms);
    }
    if let Some(read) = item.get("read") {
        return read_of(read, &sender, timestamp_ms);
    }
    if let Some(reaction) = item.get("reaction") {
        return reaction_of(reaction, &sender, timestamp_ms).map(InboundEvent::Reaction).into_iter().collect();
    }
    // Referrals, opt-ins, handovers and the rest are not ours to handle yet.
    Vec::new()
}

fn seconds(timestamp_ms: Option<i64>) -> Option<i64> {
    timestamp_ms.map(|ms| ms.div_euclid(1000))
}

/// A message: its text, or one message per attachment (the text with the first), each
/// keyed by the `mid` (`mid#2`, `mid#3`… for the further attachments).
fn messages_of(message: &Value, contact: &str, timestamp_ms: Option<i64>) -> Vec<InboundMessage> {
    let Some(mid) = text_of(message, "mid") else {
        return Vec::new();
    };
    let text = text_of(message, "text");
    let reply_to = message.pointer("/reply_to/mid").and_then(Value::as_str).map(str::to_owned);
    let base = |network_id: String, kind, text: Option<String>, media, payload: Map<String, Value>| InboundMessage {
        network_id,
        from: contact.to_owned(),
        contact_name: None,
        timestamp: seconds(timestamp_ms),
        kind,
        text,
        media,
        reply_to: reply_to.clone(),
        payload: Value::Object(payload),
    };
    let mut common = Map::new();
    if let Some(app_id) = message.get("app_id") {
        common.insert("app_id".to_owned(), app_id.clone());
    }
    let attachments: Vec<&Value> = items(message, "attachments").collect();
    if attachments.is_empty() {
        let mut payload = common;
        payload.insert("network_type".to_owned(), json!("text"));
        if let Some(quick) = text_of(message.get("quick_reply").unwrap_or(&Value::Null), "payload") {
            // Bots read a tapped choice where WhatsApp's button replies put it.
            payload.insert("interactive".to_owned(), json!({ "type": "quick_reply", "id": quick, "title": text }));
            payload.insert("quick_reply".to_owned(), json!({ "payload": quick }));
        }
        return vec![base(mid, MessageKind::Text, text, None, payload)];
    }
    attachments
        .into_iter()
        .enumerate()
        .map(|(i, attachment)| {
            let (kind, media, mut payload) = attachment_of(attachment);
            payload.extend(common.clone());
            let network_id = if i == 0 { mid.clone() } else { format!("{mid}#{}", i + 1) };
            base(network_id, kind, if i == 0 { text.clone() } else { None }, media, payload)
        })
        .collect()
}

/// One attachment: its kind, the media to download from its URL, what the payload keeps.
fn attachment_of(attachment: &Value) -> (MessageKind, Option<Media>, Map<String, Value>) {
    let network_type = attachment.get("type").and_then(Value::as_str).unwrap_or("unsupported");
    let inner = attachment.get("payload").cloned().unwrap_or(Value::Null);
    let mut payload = Map::new();
    payload.insert("network_type".to_owned(), json!(network_type));
    let kind = match network_type {
        "image" if inner.get("sticker_id").is_some() => MessageKind::Sticker,
        "image" | "animated_image" => MessageKind::Image,
        "video" => MessageKind::Video,
        "audio" => MessageKind::Audio,
        "file" => MessageKind::Document,
        _ => {
            payload.insert("unsupported".to_owned(), json!({ "item": attachment }));
            return (MessageKind::Unsupported, None, payload);
        }
    };
    let Some(url) = text_of(&inner, "url") else {
        payload.insert("unsupported".to_owned(), json!({ "item": attachment }));
        return (MessageKind::Unsupported, None, payload);
    };
    // The URL is the media (it expires: fetched at once); its digest names it.
    let id = format!("{:x}", Sha256::digest(url.as_bytes())).chars().take(40).collect::<String>();
    let media = Media { id: id.clone(), mime_type: None, filename: None, voice: false };
    payload.insert("media".to_owned(), json!({ "id": id, "url": url, "mime_type": null, "filename": null }));
    (kind, Some(media), payload)
}

/// A tapped button or Get Started: a message with the button's title, its payload for bots.
fn postback_of(postback: &Value, contact: &str, timestamp_ms: Option<i64>) -> Option<InboundMessage> {
    let button = text_of(postback, "payload")?;
    let title = text_of(postback, "title");
    // Older postbacks carry no mid: the contact and the instant make one.
    let network_id =
        text_of(postback, "mid").unwrap_or_else(|| format!("postback:{contact}:{}", timestamp_ms.unwrap_or_default()));
    Some(InboundMessage {
        network_id,
        from: contact.to_owned(),
        contact_name: None,
        timestamp: seconds(timestamp_ms),
        kind: MessageKind::Interactive,
        text: title.clone(),
        media: None,
        reply_to: None,
        payload: json!({
            "network_type": "postback",
            "postback": { "payload": button, "title": title },
            "interactive": { "type": "postback", "id": button, "title": title },
        }),
    })
}

fn status(network_id: String, status: DeliveryStatus, contact: &str, timestamp_ms: Option<i64>) -> InboundEvent {
    InboundEvent::Status(StatusUpdate {
        network_id,
        status,
        timestamp: seconds(timestamp_ms),
        recipient: Some(contact.to_owned()),
        error: None,
        info: Value::Null,
        callback_data: None,
    })
}

/// Delivered: the messages it names, and everything sent before its watermark.
fn delivery_of(delivery: &Value, contact: &str, timestamp_ms: Option<i64>) -> Vec<InboundEvent> {
    let named = items(delivery, "mids")
        .filter_map(Value::as_str)
        .map(|mid| status(mid.to_owned(), DeliveryStatus::Delivered, contact, timestamp_ms));
    let watermark = delivery.get("watermark").and_then(Value::as_i64).map(|watermark_ms| {
        InboundEvent::Watermark(Watermark {
            contact: contact.to_owned(),
            status: DeliveryStatus::Delivered,
            watermark_ms,
        })
    });
    named.chain(watermark).collect()
}

/// Read: Messenger's watermark (everything before it), Instagram's `mid` (that message).
fn read_of(read: &Value, contact: &str, timestamp_ms: Option<i64>) -> Vec<InboundEvent> {
    let named = text_of(read, "mid").map(|mid| status(mid, DeliveryStatus::Read, contact, timestamp_ms));
    let watermark = read.get("watermark").and_then(Value::as_i64).map(|watermark_ms| {
        InboundEvent::Watermark(Watermark { contact: contact.to_owned(), status: DeliveryStatus::Read, watermark_ms })
    });
    named.into_iter().chain(watermark).collect()
}

/// A reaction set (`react`, with its emoji) or removed (`unreact`, which carries none).
fn reaction_of(reaction: &Value, contact: &str, timestamp_ms: Option<i64>) -> Option<Reaction> {
    let target = text_of(reaction, "mid")?;
    let emoji = match reaction.get("action").and_then(Value::as_str) {
        Some("unreact") => None,
        _ => Some(text_of(reaction, "emoji").or_else(|| text_of(reaction, "reaction"))?),
    };
    Some(Reaction {
        network_id: format!("{target}:{contact}:{}", timestamp_ms.unwrap_or_default()),
        from: contact.to_owned(),
        target,
        emoji,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests;
