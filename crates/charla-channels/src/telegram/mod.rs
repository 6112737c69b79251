//! Telegram Bot API (CH-2): the webhook's secret-token header and update parsing;
//! `outbound` builds what Charla sends.
//!
//! Message ids are per chat, so a message's network id is `<chat id>:<message id>`;
//! a button press is `cb:<callback id>`. Update kinds that are not ours are ignored.

pub mod outbound;

use charla_domain::messages::MessageKind;
use serde_json::{Map, Value, json};

use crate::events::{Edited, InboundEvent, InboundMessage, Media};

pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";

/// The header must equal the secret given to `setWebhook`; compared in constant time.
pub fn verify(secret_token: &str, header: Option<&str>) -> bool {
    let Some(sent) = header else {
        return false;
    };
    crate::signature::same_secret(sent, secret_token)
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("the body is not a Telegram update")]
    NotAnUpdate,
}

fn text_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// "First Last", or the username.
fn name_of(user: &Value) -> Option<String> {
    let full =
        [text_of(user, "first_name"), text_of(user, "last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    if full.trim().is_empty() { text_of(user, "username") } else { Some(full) }
}

pub fn parse(raw_body: &[u8]) -> Result<Vec<InboundEvent>, ParseError> {
    let update: Value = serde_json::from_slice(raw_body).map_err(|_| ParseError::NotAnUpdate)?;
    if update.get("update_id").is_none() {
        return Err(ParseError::NotAnUpdate);
    }
    let mut events = Vec::new();
    if let Some(m) = update.get("message") {
        events.extend(message(m).map(InboundEvent::Message));
    } else if let Some(m) = update.get("edited_message") {
        if let Some(mut current) = message(m) {
            if let Some(obj) = current.payload.as_object_mut() {
                obj.insert("edited_at".to_owned(), json!(m.get("edit_date")));
            }
            events.push(InboundEvent::Edited(Edited {
                network_id: current.network_id.clone(),
                from: current.from.clone(),
                contact_name: current.contact_name.clone(),
                text: current.text.clone(),
                edited_at: m.get("edit_date").and_then(Value::as_i64),
                message: current,
            }));
        }
    } else if let Some(cb) = update.get("callback_query") {
        events.extend(callback(cb).map(InboundEvent::Message));
    } else if let Some(member) = update.get("my_chat_member")
        && member.pointer("/new_chat_member/status").and_then(Value::as_str) == Some("kicked")
        && let Some(from) = member.pointer("/from/id").and_then(|v| text_of(&json!({ "v": v }), "v"))
    {
        events.push(InboundEvent::Unreachable { from });
    }
    Ok(events)
}

fn media(item: &Value, voice: bool) -> Option<Media> {
    Some(Media {
        id: text_of(item, "file_id")?,
        mime_type: text_of(item, "mime_type"),
        filename: text_of(item, "file_name"),
        voice,
    })
}

/// What a message carries, by the field Telegram fills for its type: the kind, the text,
/// the media and the type's name, with what more it says written into the payload.
fn content_of(
    m: &Value,
    payload: &mut Map<String, Value>,
) -> (MessageKind, Option<String>, Option<Media>, &'static str) {
    if let Some(photos) = m.get("photo").and_then(Value::as_array) {
        // The largest size of the photo.
        let largest = photos.iter().max_by_key(|p| {
            p.get("width").and_then(Value::as_i64).unwrap_or(0) * p.get("height").and_then(Value::as_i64).unwrap_or(0)
        });
        let media = largest.and_then(|p| media(p, false)).map(|mut m| {
            m.mime_type = Some("image/jpeg".to_owned());
            m
        });
        (MessageKind::Image, text_of(m, "caption"), media, "photo")
    } else if let Some(doc) = m.get("document") {
        (MessageKind::Document, text_of(m, "caption"), media(doc, false), "document")
    } else if let Some(voice) = m.get("voice") {
        (MessageKind::Audio, None, media(voice, true), "voice")
    } else if let Some(audio) = m.get("audio") {
        (MessageKind::Audio, text_of(m, "caption"), media(audio, false), "audio")
    } else if let Some(video) = m.get("video") {
        (MessageKind::Video, text_of(m, "caption"), media(video, false), "video")
    } else if let Some(sticker) = m.get("sticker") {
        (MessageKind::Sticker, None, media(sticker, false), "sticker")
    } else if let Some(location) = m.get("location") {
        payload.insert(
            "location".to_owned(),
            json!({ "latitude": location.get("latitude"), "longitude": location.get("longitude") }),
        );
        (MessageKind::Location, None, None, "location")
    } else if let Some(contact) = m.get("contact") {
        payload.insert(
            "contacts".to_owned(),
            json!([{
                "name": { "formatted_name": name_of(contact) },
                "phones": [{ "phone": contact.get("phone_number") }],
                "user_id": contact.get("user_id"),
            }]),
        );
        (MessageKind::Contacts, None, None, "contact")
    } else if let Some(text) = text_of(m, "text") {
        (MessageKind::Text, Some(text), None, "text")
    } else {
        payload.insert("unsupported".to_owned(), json!({ "item": m }));
        (MessageKind::Unsupported, None, None, "unsupported")
    }
}

fn message(m: &Value) -> Option<InboundMessage> {
    let chat = m.pointer("/chat/id").and_then(|v| text_of(&json!({ "v": v }), "v"))?;
    let id = text_of(m, "message_id")?;
    let user = m.get("from").cloned().unwrap_or(Value::Null);
    let from = text_of(&user, "id").unwrap_or_else(|| chat.clone());
    let mut payload = Map::new();
    let (kind, text, media, network_type) = content_of(m, &mut payload);
    payload.insert("network_type".to_owned(), json!(network_type));
    if let Some(group) = m.get("media_group_id") {
        payload.insert("media_group_id".to_owned(), group.clone());
    }
    if let Some(media) = &media {
        payload.insert(
            "media".to_owned(),
            json!({
                "id": media.id, "mime_type": media.mime_type, "filename": media.filename, "voice": media.voice,
            }),
        );
    }
    if let Some(username) = text_of(&user, "username") {
        payload.insert("username".to_owned(), json!(username));
    }
    let reply_to = m
        .pointer("/reply_to_message/message_id")
        .and_then(|v| text_of(&json!({ "v": v }), "v"))
        .map(|r| format!("{chat}:{r}"));
    Some(InboundMessage {
        network_id: format!("{chat}:{id}"),
        from,
        contact_name: name_of(&user),
        timestamp: m.get("date").and_then(Value::as_i64),
        kind,
        text,
        media,
        reply_to,
        payload: Value::Object(payload),
    })
}

/// A button press: kept as the contact's interactive reply, with the button's label.
fn callback(cb: &Value) -> Option<InboundMessage> {
    let id = text_of(cb, "id")?;
    let data = text_of(cb, "data").unwrap_or_default();
    let user = cb.get("from").cloned().unwrap_or(Value::Null);
    let from = text_of(&user, "id")?;
    let chat =
        cb.pointer("/message/chat/id").and_then(|v| text_of(&json!({ "v": v }), "v")).unwrap_or_else(|| from.clone());
    let title = cb
        .pointer("/message/reply_markup/inline_keyboard")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .find(|b| b.get("callback_data").and_then(Value::as_str) == Some(data.as_str()))
        .and_then(|b| text_of(b, "text"));
    let reply_to =
        cb.pointer("/message/message_id").and_then(|v| text_of(&json!({ "v": v }), "v")).map(|m| format!("{chat}:{m}"));
    Some(InboundMessage {
        network_id: format!("cb:{id}"),
        from,
        contact_name: name_of(&user),
        timestamp: None,
        kind: MessageKind::Interactive,
        text: title.clone().or(Some(data.clone())),
        media: None,
        reply_to,
        payload: json!({
            "network_type": "callback_query",
            "interactive": { "type": "button_reply", "id": data, "title": title },
            "callback_query_id": id,
        }),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/../charla-testkit/fixtures/telegram/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    fn one(name: &str) -> InboundMessage {
        match parse(&fixture(name)).unwrap().remove(0) {
            InboundEvent::Message(m) => m,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn the_secret_header_must_match_exactly() {
        assert!(verify("charla_tg-Secret_0123456789", Some("charla_tg-Secret_0123456789")));
        assert!(!verify("charla_tg-Secret_0123456789", Some("charla_tg-Secret_WRONG")));
        assert!(!verify("charla_tg-Secret_0123456789", None));
        assert!(!verify("", Some("")));
    }

    #[test]
    fn messages_of_every_kind() {
        let start = one("update_start_command.json");
        assert_eq!((start.network_id.as_str(), start.from.as_str()), ("123456789:1", "123456789"));
        assert_eq!(start.contact_name.as_deref(), Some("Camila Rojas"));
        assert_eq!(start.text.as_deref(), Some("/start"));
        let photo = one("update_photo_caption.json");
        assert_eq!(photo.kind, MessageKind::Image);
        assert!(photo.media.unwrap().id.ends_with("A3kAAzYE"), "the largest size");
        assert_eq!(photo.payload["media_group_id"], "13882416394567891");
        let document = one("update_document.json");
        assert_eq!(document.media.as_ref().unwrap().filename.as_deref(), Some("contrato_assinado.pdf"));
        assert_eq!(document.contact_name.as_deref(), Some("João"));
        assert!(one("update_voice.json").media.unwrap().voice);
        assert_eq!(one("update_location.json").payload["location"]["latitude"], 4.710989);
        assert_eq!(one("update_contact.json").payload["contacts"][0]["phones"][0]["phone"], "573001234567");
    }

    #[test]
    fn button_presses_edits_and_others() {
        let pressed = one("update_callback_query.json");
        assert_eq!(pressed.text.as_deref(), Some("Facturación"));
        assert_eq!(pressed.payload["interactive"]["id"], "dept_billing");
        assert_eq!(pressed.payload["callback_query_id"], "530307468195938497");
        assert_eq!(pressed.reply_to.as_deref(), Some("123456789:9"));
        match parse(&fixture("update_edited_message.json")).unwrap().remove(0) {
            InboundEvent::Edited(e) => {
                assert_eq!(e.network_id, "123456789:2");
                assert_eq!(e.text.as_deref(), Some("Hola 👋🏽 mi pedido #9 no llega"));
            }
            other => panic!("{other:?}"),
        }
        assert!(parse(&fixture("update_unhandled_poll_answer.json")).unwrap().is_empty());
        let kicked = json!({ "update_id": 1, "my_chat_member": { "from": { "id": 42 }, "new_chat_member": { "status": "kicked" } } });
        assert_eq!(
            parse(kicked.to_string().as_bytes()).unwrap(),
            vec![InboundEvent::Unreachable { from: "42".to_owned() }]
        );
        assert_eq!(parse(b"{nope"), Err(ParseError::NotAnUpdate));
    }
}
