//! What Charla sends to the Bot API and how it reads the answers.

use charla_domain::messages::MessageKind;
use charla_domain::outbound::interactive::Menu;
use serde_json::{Value, json};

use crate::events::{SendError, Throttle};

/// Telegram's limit on a button's `callback_data`, in bytes.
pub const CALLBACK_DATA_MAX: usize = 64;

/// Telegram's limit on a text message, and on a media caption, in UTF-16 code units after
/// entities parsing (Charla sends plain text, no entities: the text as it is).
pub const TEXT_MAX: usize = 4096;
pub const CAPTION_MAX: usize = 1024;

/// A text's length as Telegram counts it: UTF-16 code units (an emoji beyond the basic
/// plane counts two).
pub fn length(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Whether a media message's text goes with it as its caption; beyond the limit the media
/// goes without one and the text after it as a message of its own.
pub fn caption_fits(caption: &str) -> bool {
    length(caption) <= CAPTION_MAX
}

/// `setWebhook`: our URL, the secret Telegram will send back, the updates we handle.
pub fn set_webhook(url: &str, secret_token: &str) -> Value {
    json!({
        "url": url,
        "max_connections": 40,
        "allowed_updates": ["message", "edited_message", "callback_query", "my_chat_member"],
        "drop_pending_updates": false,
        "secret_token": secret_token,
    })
}

/// `sendMessage`; `reply_to` is the contact's message id within the chat.
pub fn send_message(chat_id: &str, text: &str, reply_to: Option<&str>) -> Value {
    let mut body = json!({ "chat_id": chat_value(chat_id), "text": text });
    if let (Some(id), Some(obj)) = (reply_to.and_then(|r| r.parse::<i64>().ok()), body.as_object_mut()) {
        obj.insert("reply_parameters".to_owned(), json!({ "message_id": id }));
    }
    body
}

fn set(body: &mut Value, key: &str, value: Value) {
    if let Some(obj) = body.as_object_mut() {
        obj.insert(key.to_owned(), value);
    }
}

fn chat_value(chat_id: &str) -> Value {
    chat_id.parse::<i64>().map(Value::from).unwrap_or_else(|_| json!(chat_id))
}

/// A menu as `sendMessage` with an inline keyboard, one button a row; None when an option's
/// id is too long to come back as callback data (the caller sends the text fallback).
pub fn send_menu(chat_id: &str, menu: &Menu, reply_to: Option<&str>) -> Option<Value> {
    if menu.options.is_empty() || menu.body.trim().is_empty() {
        return None;
    }
    let rows = menu
        .options
        .iter()
        .map(|o| {
            (!o.id.is_empty() && o.id.len() <= CALLBACK_DATA_MAX && !o.title.trim().is_empty())
                .then(|| json!([{ "text": o.title, "callback_data": o.id }]))
        })
        .collect::<Option<Vec<Value>>>()?;
    let mut body = send_message(chat_id, &menu.body, reply_to);
    set(&mut body, "reply_markup", json!({ "inline_keyboard": rows }));
    Some(body)
}

/// The Bot API method and field that send a file of this kind; None for kinds without one.
pub fn media_method(kind: MessageKind) -> Option<(&'static str, &'static str)> {
    match kind {
        MessageKind::Image => Some(("sendPhoto", "photo")),
        MessageKind::Video => Some(("sendVideo", "video")),
        MessageKind::Audio => Some(("sendVoice", "voice")),
        MessageKind::Document => Some(("sendDocument", "document")),
        MessageKind::Sticker => Some(("sendSticker", "sticker")),
        _ => None,
    }
}

/// The fields of a media send besides the file: the chat, the caption (not for stickers),
/// the quoted message. An upload sends them as multipart form fields.
pub fn media_fields(chat_id: &str, kind: MessageKind, caption: Option<&str>, reply_to: Option<&str>) -> Value {
    let mut body = json!({ "chat_id": chat_value(chat_id) });
    if let Some(caption) = caption.filter(|c| kind != MessageKind::Sticker && !c.trim().is_empty()) {
        set(&mut body, "caption", json!(caption));
    }
    if let Some(id) = reply_to.and_then(|r| r.parse::<i64>().ok()) {
        set(&mut body, "reply_parameters", json!({ "message_id": id }));
    }
    body
}

/// A media send by reference, as JSON: a file id Telegram already has, or a URL it fetches.
pub fn send_media(
    chat_id: &str,
    kind: MessageKind,
    reference: &str,
    caption: Option<&str>,
) -> Option<(&'static str, Value)> {
    let (method, field) = media_method(kind)?;
    let mut body = media_fields(chat_id, kind, caption, None);
    set(&mut body, field, json!(reference));
    Some((method, body))
}

/// `setMessageReaction`: our emoji on one of the chat's messages; empty takes it off.
pub fn set_message_reaction(chat_id: &str, message_id: i64, emoji: &str) -> Value {
    let reaction = if emoji.is_empty() { json!([]) } else { json!([{ "type": "emoji", "emoji": emoji }]) };
    json!({ "chat_id": chat_value(chat_id), "message_id": message_id, "reaction": reaction })
}

pub fn answer_callback_query(callback_query_id: &str) -> Value {
    json!({ "callback_query_id": callback_query_id })
}

/// The sent message's id within its chat.
pub fn sent_id(answer: &Value) -> Option<String> {
    answer.pointer("/result/message_id").and_then(Value::as_i64).map(|id| id.to_string())
}

/// Whether the error means the contact blocked the bot.
pub fn is_blocked(answer: &Value) -> bool {
    answer.get("error_code").and_then(Value::as_i64) == Some(403)
        && answer.get("description").and_then(Value::as_str).is_some_and(|d| d.contains("blocked"))
}

pub fn classify(http_status: u16, answer: &Value) -> SendError {
    let code = answer.get("error_code").and_then(Value::as_i64).unwrap_or(i64::from(http_status));
    let title = answer.get("description").and_then(Value::as_str).unwrap_or("error").to_owned();
    match code {
        429 => SendError::RateLimited {
            retry_after_secs: answer.pointer("/parameters/retry_after").and_then(Value::as_u64),
            scope: Throttle::Sender,
        },
        401 => SendError::Unlinked { code: code.to_string(), title },
        c if c >= 500 => SendError::Retryable(format!("{c}: {title}")),
        c => SendError::Permanent { code: c.to_string(), title },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/../charla-testkit/fixtures/telegram/outbound/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn requests_match_the_published_bodies() {
        let expected = fixture("set_webhook_request.json");
        assert_eq!(
            set_webhook(expected["url"].as_str().unwrap(), expected["secret_token"].as_str().unwrap()),
            expected
        );
        assert_eq!(
            fixture("answer_callback_query_request.json")["callback_query_id"],
            answer_callback_query("530307468195938497")["callback_query_id"]
        );
        let send = send_message("123456789", "hola", Some("2"));
        assert_eq!(send["chat_id"], 123456789);
        assert_eq!(send["reply_parameters"]["message_id"], 2);
    }

    #[test]
    fn media_and_menus_match_the_published_bodies() {
        let photo = fixture("send_photo_request.json");
        let (method, body) =
            send_media("123456789", MessageKind::Image, photo["photo"].as_str().unwrap(), photo["caption"].as_str())
                .unwrap();
        assert_eq!((method, body), ("sendPhoto", photo));
        let fields = media_fields("123456789", MessageKind::Document, Some("Factura"), Some("2"));
        assert_eq!(
            fields,
            json!({ "chat_id": 123456789, "caption": "Factura", "reply_parameters": { "message_id": 2 } })
        );
        assert_eq!(media_method(MessageKind::Audio), Some(("sendVoice", "voice")));
        assert_eq!(media_method(MessageKind::Text), None);

        let expected = fixture("send_message_request.json");
        let menu: Menu = serde_json::from_value(json!({
            "style": "buttons",
            "body": expected["text"],
            "options": [
                { "id": "dept_billing", "title": "Facturación" },
                { "id": "dept_tech", "title": "Soporte técnico" },
            ],
        }))
        .unwrap();
        let sent = send_menu("123456789", &menu, Some("2")).unwrap();
        // The fixture puts both buttons on one row; Charla puts one button a row.
        let mut one_a_row = expected.clone();
        one_a_row["reply_markup"]["inline_keyboard"] = json!([
            [{ "text": "Facturación", "callback_data": "dept_billing" }],
            [{ "text": "Soporte técnico", "callback_data": "dept_tech" }],
        ]);
        assert_eq!(sent, one_a_row);
        let mut too_long = menu;
        too_long.options[0].id = "x".repeat(65);
        assert!(send_menu("123456789", &too_long, None).is_none());
    }

    #[test]
    fn lengths_count_utf16_code_units() {
        assert_eq!(length("hola"), 4);
        assert_eq!(length("ñ"), 1);
        assert_eq!(length("👍"), 2, "beyond the basic plane: a surrogate pair");
        assert!(caption_fits(&"a".repeat(CAPTION_MAX)));
        assert!(!caption_fits(&"a".repeat(CAPTION_MAX + 1)));
        // 600 emoji are 600 chars but 1200 units: too long for a caption.
        assert!(!caption_fits(&"😀".repeat(600)));
    }

    #[test]
    fn reactions_are_set_and_taken_off() {
        assert_eq!(
            set_message_reaction("123456789", 2, "👍"),
            json!({ "chat_id": 123456789, "message_id": 2, "reaction": [{ "type": "emoji", "emoji": "👍" }] })
        );
        assert_eq!(set_message_reaction("123456789", 2, "")["reaction"], json!([]));
    }

    #[test]
    fn answers_and_errors() {
        assert_eq!(sent_id(&fixture("send_message_response.json")).as_deref(), Some("9"));
        assert_eq!(
            classify(429, &fixture("error_429_retry_after.json")),
            SendError::RateLimited { retry_after_secs: Some(35), scope: Throttle::Sender }
        );
        assert!(is_blocked(&fixture("error_403_bot_blocked.json")));
        assert!(matches!(classify(403, &fixture("error_403_bot_blocked.json")), SendError::Permanent { .. }));
        assert!(matches!(classify(400, &fixture("error_400_chat_not_found.json")), SendError::Permanent { .. }));
    }
}
