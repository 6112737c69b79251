//! WhatsApp Cloud API (CH-1): webhook verification and parsing; `outbound` builds sends.
//!
//! Parsing is lenient on purpose: the payload is walked as JSON and each message, status
//! or update is read on its own, so one item of an unexpected shape never loses the rest
//! of the batch. Unknown message types become `Unsupported` messages with the raw item.

pub mod interactive;
pub mod outbound;
pub mod template_create;

use charla_domain::messages::{DeliveryStatus, MessageKind};
use serde_json::{Value, json};

use crate::events::{InboundEvent, InboundMessage, MarketingPreference, Media, Reaction, StatusUpdate, TemplateStatus};
use crate::signature::verify_sha256;

pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// The webhook is signed with the Meta app's secret over the exact bytes.
pub fn verify(app_secret: &str, raw_body: &[u8], signature: Option<&str>) -> bool {
    signature.is_some_and(|header| verify_sha256(app_secret.as_bytes(), raw_body, header))
}

/// The answer to Meta's subscription GET: the challenge, only for `subscribe` with our token.
pub fn challenge<'a>(
    mode: Option<&str>,
    token: Option<&str>,
    challenge: Option<&'a str>,
    verify_token: &str,
) -> Option<&'a str> {
    match (mode, token, challenge) {
        // Constant-time: the verify token is a secret.
        (Some("subscribe"), Some(token), Some(challenge)) if crate::signature::same_secret(token, verify_token) => {
            Some(challenge)
        }
        _ => None,
    }
}

/// One routed item of a webhook: which business account and number it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct Routed {
    /// The WhatsApp Business Account (`entry.id`).
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub display_phone_number: Option<String>,
    pub event: InboundEvent,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("the body is not JSON")]
    NotJson,
    #[error("the body is not a WhatsApp Business Account webhook")]
    NotWhatsApp,
}

fn text_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

fn number_of(v: &Value, key: &str) -> Option<i64> {
    match v.get(key) {
        Some(Value::String(s)) => s.parse().ok(),
        Some(Value::Number(n)) => n.as_i64(),
        _ => None,
    }
}

fn items<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// Parses a webhook body into routed events.
pub fn parse(raw_body: &[u8]) -> Result<Vec<Routed>, ParseError> {
    let body: Value = serde_json::from_slice(raw_body).map_err(|_| ParseError::NotJson)?;
    if body.get("object").and_then(Value::as_str) != Some("whatsapp_business_account") {
        return Err(ParseError::NotWhatsApp);
    }
    let mut out = Vec::new();
    for entry in items(&body, "entry") {
        let waba_id = text_of(entry, "id");
        for change in items(entry, "changes") {
            let value = change.get("value").cloned().unwrap_or(Value::Null);
            let field = change.get("field").and_then(Value::as_str).unwrap_or_default();
            let metadata = value.get("metadata").cloned().unwrap_or(Value::Null);
            let phone_number_id = text_of(&metadata, "phone_number_id");
            let display =
                text_of(&metadata, "display_phone_number").or_else(|| text_of(&value, "display_phone_number"));
            let route = |event| Routed {
                waba_id: waba_id.clone(),
                phone_number_id: phone_number_id.clone(),
                display_phone_number: display.clone(),
                event,
            };
            out.extend(change_events(field, &value).into_iter().map(route));
        }
    }
    Ok(out)
}

/// The events of one change of an entry, by its field.
fn change_events(field: &str, value: &Value) -> Vec<InboundEvent> {
    match field {
        "messages" => {
            let names: Vec<(String, String)> = items(value, "contacts")
                .filter_map(|c| Some((text_of(c, "wa_id")?, c.pointer("/profile/name")?.as_str()?.to_owned())))
                .collect();
            let messages = items(value, "messages").filter_map(|m| message_event(m, &names));
            let statuses = items(value, "statuses").filter_map(status_event).map(InboundEvent::Status);
            messages.chain(statuses).collect()
        }
        "message_template_status_update" => {
            template_event(value).map(InboundEvent::TemplateStatus).into_iter().collect()
        }
        "phone_number_quality_update" | "account_update" => {
            vec![InboundEvent::AccountUpdate(json!({ "field": field, "value": value }))]
        }
        "user_preferences" => items(value, "user_preferences").filter_map(preference_event).collect(),
        // Other fields (calls, flows, history…) are not ours to handle yet.
        _ => Vec::new(),
    }
}

/// The contact edited a message (`type: "edit"`, 2026): the new content under
/// `edit.message`, naming the message it replaces by `edit.original_message_id`.
fn edit_event(m: &Value, item: &Value, names: &[(String, String)]) -> Option<InboundEvent> {
    let original = text_of(item, "original_message_id")?;
    let mut inner = item.get("message")?.as_object()?.clone();
    if inner.get("type").and_then(Value::as_str) == Some("edit") {
        return None;
    }
    inner.insert("id".to_owned(), json!(original));
    inner.insert("from".to_owned(), m.get("from")?.clone());
    inner.insert("timestamp".to_owned(), m.get("timestamp").cloned().unwrap_or(Value::Null));
    let Some(InboundEvent::Message(message)) = message_event(&Value::Object(inner), names) else {
        return None;
    };
    Some(InboundEvent::Edited(crate::events::Edited {
        network_id: original,
        from: message.from.clone(),
        contact_name: message.contact_name.clone(),
        text: message.text.clone(),
        edited_at: number_of(m, "timestamp"),
        message,
    }))
}

/// A contact's marketing preference: `stop` or `resume` of `marketing_messages` (the only
/// category Meta reports); anything else is left.
fn preference_event(item: &Value) -> Option<InboundEvent> {
    if item.get("category").and_then(Value::as_str) != Some("marketing_messages") {
        return None;
    }
    let opted_out = match item.get("value").and_then(Value::as_str)? {
        "stop" => true,
        "resume" => false,
        _ => return None,
    };
    Some(InboundEvent::MarketingPreference(MarketingPreference {
        from: text_of(item, "wa_id")?,
        user_id: text_of(item, "user_id"),
        opted_out,
        timestamp: number_of(item, "timestamp"),
    }))
}

fn media_of(item: &Value, voice_default: bool) -> Option<Media> {
    Some(Media {
        id: text_of(item, "id")?,
        mime_type: text_of(item, "mime_type"),
        filename: text_of(item, "filename"),
        voice: item.get("voice").and_then(Value::as_bool).unwrap_or(voice_default),
    })
}

fn message_event(m: &Value, names: &[(String, String)]) -> Option<InboundEvent> {
    let network_id = text_of(m, "id")?;
    let from = text_of(m, "from")?;
    let kind_code = m.get("type").and_then(Value::as_str).unwrap_or("unsupported");
    let contact_name = names.iter().find(|(wa, _)| *wa == from).map(|(_, n)| n.clone());
    let timestamp = number_of(m, "timestamp");
    let reply_to = m.pointer("/context/id").and_then(Value::as_str).map(str::to_owned);
    let item = m.get(kind_code).cloned().unwrap_or(Value::Null);
    let mut payload = serde_json::Map::new();
    payload.insert("network_type".to_owned(), json!(kind_code));
    if kind_code == "edit" {
        return edit_event(m, &item, names);
    }
    if kind_code == "reaction" {
        let target = text_of(&item, "message_id")?;
        let emoji = text_of(&item, "emoji").filter(|e| !e.is_empty());
        return Some(InboundEvent::Reaction(Reaction { network_id, from, target, emoji }));
    }
    let (kind, text, media) = content_of(kind_code, &item, m, &mut payload);
    if m.pointer("/context/forwarded").and_then(Value::as_bool) == Some(true) {
        payload.insert("forwarded".to_owned(), Value::Bool(true));
    }
    if let Some(referral) = m.get("referral") {
        payload.insert("referral".to_owned(), referral.clone());
    }
    if let Some(media) = &media {
        payload.insert(
            "media".to_owned(),
            json!({
                "id": media.id, "mime_type": media.mime_type, "filename": media.filename, "voice": media.voice,
            }),
        );
    }
    Some(InboundEvent::Message(InboundMessage {
        network_id,
        from,
        contact_name,
        timestamp,
        kind,
        text,
        media,
        reply_to,
        payload: Value::Object(payload),
    }))
}

/// What a message's type carries: its kind, text and media, with what more it says
/// written into the payload.
fn content_of(
    kind_code: &str,
    item: &Value,
    m: &Value,
    payload: &mut serde_json::Map<String, Value>,
) -> (MessageKind, Option<String>, Option<Media>) {
    match kind_code {
        "text" => (MessageKind::Text, text_of(item, "body"), None),
        "image" => (MessageKind::Image, text_of(item, "caption"), media_of(item, false)),
        "video" => (MessageKind::Video, text_of(item, "caption"), media_of(item, false)),
        "audio" => (MessageKind::Audio, None, media_of(item, false)),
        "document" => (MessageKind::Document, text_of(item, "caption"), media_of(item, false)),
        "sticker" => {
            payload.insert("animated".to_owned(), item.get("animated").cloned().unwrap_or(Value::Bool(false)));
            (MessageKind::Sticker, None, media_of(item, false))
        }
        "location" => {
            payload.insert(
                "location".to_owned(),
                json!({
                    "latitude": item.get("latitude"),
                    "longitude": item.get("longitude"),
                    "name": item.get("name"),
                    "address": item.get("address"),
                    "url": item.get("url"),
                }),
            );
            (MessageKind::Location, text_of(item, "name"), None)
        }
        "contacts" => {
            payload.insert("contacts".to_owned(), m.get("contacts").cloned().unwrap_or(Value::Array(Vec::new())));
            (MessageKind::Contacts, None, None)
        }
        "interactive" => interactive_reply(item, payload),
        "button" => {
            payload.insert("button".to_owned(), json!({ "text": item.get("text"), "payload": item.get("payload") }));
            (MessageKind::Interactive, text_of(item, "text"), None)
        }
        _ => {
            payload.insert("unsupported".to_owned(), json!({ "item": m, "errors": m.get("errors") }));
            (MessageKind::Unsupported, None, None)
        }
    }
}

/// A tap on a reply button, a list row or a flow's answer.
fn interactive_reply(
    item: &Value,
    payload: &mut serde_json::Map<String, Value>,
) -> (MessageKind, Option<String>, Option<Media>) {
    let reply = item.get("button_reply").or_else(|| item.get("list_reply")).or_else(|| item.get("nfm_reply"));
    let title = reply.and_then(|r| text_of(r, "title"));
    payload.insert(
        "interactive".to_owned(),
        json!({
            "type": item.get("type"),
            "id": reply.and_then(|r| r.get("id")),
            "title": title,
            "description": reply.and_then(|r| r.get("description")),
        }),
    );
    (MessageKind::Interactive, title, None)
}

fn status_event(s: &Value) -> Option<StatusUpdate> {
    let status = match s.get("status").and_then(Value::as_str)? {
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" | "played" => DeliveryStatus::Read,
        "failed" => DeliveryStatus::Failed,
        _ => return None,
    };
    let error = items(s, "errors").next().map(|e| {
        let code = text_of(e, "code").unwrap_or_default();
        let title = text_of(e, "title").or_else(|| text_of(e, "message")).unwrap_or_default();
        (code, title)
    });
    Some(StatusUpdate {
        network_id: text_of(s, "id")?,
        status,
        timestamp: number_of(s, "timestamp"),
        recipient: text_of(s, "recipient_id"),
        error,
        info: json!({ "conversation": s.get("conversation"), "pricing": s.get("pricing") }),
        callback_data: text_of(s, "biz_opaque_callback_data"),
    })
}

fn template_event(v: &Value) -> Option<TemplateStatus> {
    Some(TemplateStatus {
        template_id: text_of(v, "message_template_id")?,
        name: text_of(v, "message_template_name").unwrap_or_default(),
        language: text_of(v, "message_template_language"),
        status: text_of(v, "event")?,
        reason: text_of(v, "reason").filter(|r| r != "NONE"),
        details: json!({ "category": v.get("message_template_category"), "rejection_info": v.get("rejection_info") }),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests;
