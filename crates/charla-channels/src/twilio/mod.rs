//! SMS and MMS through Twilio's Programmable Messaging (CH-5). Twilio posts form-encoded
//! webhooks: an incoming message to the number's webhook URL, and each status of a message
//! we sent to the `StatusCallback` URL we gave with it. Both are signed in
//! `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed by the account's auth token, over the
//! full URL Twilio called (query included) followed by every form field's name and value,
//! sorted by name. `outbound` builds sends and reads Twilio's answers.

pub mod outbound;
#[cfg(test)]
mod tests;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use charla_domain::messages::{DeliveryStatus, MessageKind};
use hmac::{Hmac, Mac};
use serde_json::{Map, Value, json};
use sha1::Sha1;

use crate::events::{InboundEvent, InboundMessage, Media, StatusUpdate};
use crate::signature::same_secret;

pub const SIGNATURE_HEADER: &str = "x-twilio-signature";

/// The most media one MMS carries.
pub const MEDIA_MAX: usize = 10;

/// A webhook's form fields, decoded, in the order they came.
pub type Form = Vec<(String, String)>;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("the body is not UTF-8 form data")]
    NotForm,
    #[error("the webhook lacks the field {0}")]
    Missing(&'static str),
    #[error("the webhook's field {0} is not valid")]
    Invalid(&'static str),
}

/// The fields of an `application/x-www-form-urlencoded` body (`+` is a space, `%XX` a byte).
pub fn read_form(body: &[u8]) -> Result<Form, ParseError> {
    if std::str::from_utf8(body).is_err() {
        return Err(ParseError::NotForm);
    }
    Ok(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
}

/// The first value of a field.
pub fn field<'a>(form: &'a Form, name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// The signature Twilio sends for a call to `url` with these fields.
pub fn signature(auth_token: &str, url: &str, form: &Form) -> String {
    let mut sorted: Vec<&(String, String)> = form.iter().collect();
    sorted.sort();
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()) else {
        return String::new();
    };
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether `header` is the signature of this call (compared in constant time).
pub fn verify(auth_token: &str, url: &str, form: &Form, header: Option<&str>) -> bool {
    match header {
        Some(sent) if !auth_token.is_empty() => same_secret(sent.trim(), &signature(auth_token, url, form)),
        _ => false,
    }
}

fn required<'a>(form: &'a Form, name: &'static str) -> Result<&'a str, ParseError> {
    field(form, name).filter(|v| !v.trim().is_empty()).ok_or(ParseError::Missing(name))
}

/// A Twilio SID: two letters and 32 hex digits (`SM…`, `MM…`, `ME…`, `AC…`).
pub fn is_sid(value: &str) -> bool {
    value.len() == 34
        && value.bytes().take(2).all(|b| b.is_ascii_uppercase())
        && value.bytes().skip(2).all(|b| b.is_ascii_hexdigit())
}

/// The account a webhook names (`AccountSid`), for the caller to match with its channel.
pub fn account_of(form: &Form) -> Result<&str, ParseError> {
    let account = required(form, "AccountSid")?;
    if is_sid(account) { Ok(account) } else { Err(ParseError::Invalid("AccountSid")) }
}

/// One attachment of an MMS: its media SID (the last segment of its URL), URL and type.
fn media_of(form: &Form, index: usize) -> Result<Value, ParseError> {
    let url = field(form, &format!("MediaUrl{index}")).ok_or(ParseError::Missing("MediaUrl"))?;
    let sid = url.trim_end_matches('/').rsplit('/').next().filter(|s| is_sid(s));
    let sid = sid.ok_or(ParseError::Invalid("MediaUrl"))?;
    let mime = field(form, &format!("MediaContentType{index}")).map(str::to_owned);
    Ok(json!({ "id": sid, "url": url, "mime_type": mime, "filename": null }))
}

/// The message kind of an attachment's content type.
fn kind_of(mime: Option<&str>) -> MessageKind {
    match mime.and_then(|m| m.split('/').next()) {
        Some("image") => MessageKind::Image,
        Some("video") => MessageKind::Video,
        Some("audio") => MessageKind::Audio,
        _ => MessageKind::Document,
    }
}

/// An incoming SMS or MMS: the text and, for an MMS, its attachments (the first as the
/// message's media, every one listed under `attachments`, fetched by a job).
pub fn parse_inbound(form: &Form) -> Result<InboundEvent, ParseError> {
    let network_id = required(form, "MessageSid")?;
    if !is_sid(network_id) {
        return Err(ParseError::Invalid("MessageSid"));
    }
    let from = required(form, "From")?;
    let count: usize = match field(form, "NumMedia") {
        None => 0,
        Some(n) => n.trim().parse().map_err(|_| ParseError::Invalid("NumMedia"))?,
    };
    if count > MEDIA_MAX {
        return Err(ParseError::Invalid("NumMedia"));
    }
    let attachments = (0..count).map(|i| media_of(form, i)).collect::<Result<Vec<_>, _>>()?;
    let text = field(form, "Body").filter(|b| !b.is_empty()).map(str::to_owned);
    let mut payload = Map::new();
    payload.insert("sms".to_owned(), sender_details(form));
    let (kind, media) = match attachments.first() {
        None => (MessageKind::Text, None),
        Some(first) => {
            let mime = first.get("mime_type").and_then(Value::as_str);
            let id = first.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
            payload.insert("media".to_owned(), first.clone());
            let media = Media { id, mime_type: mime.map(str::to_owned), filename: None, voice: false };
            (kind_of(mime), Some(media))
        }
    };
    if attachments.len() > 1 {
        // The rest, each fetched and stored beside the first (`more_media`).
        payload.insert("more_media".to_owned(), Value::Array(attachments.into_iter().skip(1).collect()));
    }
    Ok(InboundEvent::Message(InboundMessage {
        network_id: network_id.to_owned(),
        from: from.to_owned(),
        contact_name: None,
        timestamp: None,
        kind,
        text,
        media,
        reply_to: None,
        payload: Value::Object(payload),
    }))
}

/// Where the sender is, as the carrier tells Twilio (shown to agents, kept as sent).
fn sender_details(form: &Form) -> Value {
    let mut details = Map::new();
    for (name, key) in [("FromCity", "city"), ("FromState", "state"), ("FromCountry", "country"), ("FromZip", "zip")] {
        if let Some(value) = field(form, name).filter(|v| !v.is_empty()) {
            details.insert(key.to_owned(), json!(value));
        }
    }
    if let Some(segments) = field(form, "NumSegments") {
        details.insert("segments".to_owned(), json!(segments));
    }
    Value::Object(details)
}

/// What a Twilio message status means for our message; None for the ones that say
/// nothing new (`queued`, `accepted`, `scheduled`, `sending`: still on its way).
pub fn delivery_of(status: &str) -> Option<DeliveryStatus> {
    match status {
        "sent" => Some(DeliveryStatus::Sent),
        "delivered" => Some(DeliveryStatus::Delivered),
        "read" => Some(DeliveryStatus::Read),
        "undelivered" | "failed" | "canceled" => Some(DeliveryStatus::Failed),
        _ => None,
    }
}

/// A status callback of a message we sent; `outbox_id` is what our callback URL carried
/// (our message's id). None for a status that says nothing new.
pub fn parse_status(form: &Form, outbox_id: Option<&str>) -> Result<Option<InboundEvent>, ParseError> {
    let network_id = required(form, "MessageSid")?;
    if !is_sid(network_id) {
        return Err(ParseError::Invalid("MessageSid"));
    }
    let raw = field(form, "MessageStatus")
        .or_else(|| field(form, "SmsStatus"))
        .ok_or(ParseError::Missing("MessageStatus"))?;
    let Some(status) = delivery_of(raw) else {
        return Ok(None);
    };
    let error = field(form, "ErrorCode")
        .filter(|c| !c.is_empty() && status == DeliveryStatus::Failed)
        .map(|code| (code.to_owned(), outbound::error_title(code, field(form, "ErrorMessage"))));
    let info = json!({ "twilio_status": raw, "raw_dlr_done_date": field(form, "RawDlrDoneDate") });
    Ok(Some(InboundEvent::Status(StatusUpdate {
        network_id: network_id.to_owned(),
        status,
        timestamp: None,
        recipient: field(form, "To").map(str::to_owned),
        error,
        info,
        callback_data: outbox_id.map(str::to_owned),
    })))
}
