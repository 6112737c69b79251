//! The Send API of pages and Instagram accounts (`POST /{account-id}/messages`): texts,
//! media by URL, quick replies; each request says how it may go (Meta's messaging policy):
//! a response inside the 24-hour window, or a person's reply tagged `HUMAN_AGENT` within 7
//! days. The answer names the message (`message_id`); errors are classified for the outbox.

use charla_domain::messages::MessageKind;
use charla_domain::outbound::window::Allowance;
use serde_json::{Map, Value, json};

use super::Platform;
use crate::events::{SendError, Throttle};

/// Messenger's limits on quick replies: at most 13, titles of 20 characters.
pub const QUICK_REPLIES_MAX: usize = 13;
pub const QUICK_REPLY_TITLE_MAX: usize = 20;

/// The envelope of a send: the recipient, and the policy it goes under. Messenger names a
/// response `RESPONSE`; Instagram's responses carry no `messaging_type`.
fn envelope(platform: Platform, recipient: &str, allowance: Allowance, message: Value) -> Option<Value> {
    let mut request = Map::new();
    request.insert("recipient".to_owned(), json!({ "id": recipient }));
    match (allowance, platform) {
        (Allowance::Standard, Platform::Messenger) => {
            request.insert("messaging_type".to_owned(), json!("RESPONSE"));
        }
        (Allowance::Standard, Platform::Instagram) => {}
        (Allowance::HumanAgent, _) => {
            request.insert("messaging_type".to_owned(), json!("MESSAGE_TAG"));
            request.insert("tag".to_owned(), json!("HUMAN_AGENT"));
        }
        (Allowance::Closed, _) => return None,
    }
    request.insert("message".to_owned(), message);
    Some(Value::Object(request))
}

/// A text; None when the policy lets nothing go.
pub fn text(platform: Platform, recipient: &str, allowance: Allowance, body: &str) -> Option<Value> {
    envelope(platform, recipient, allowance, json!({ "text": body }))
}

/// A text with quick-reply choices `(title, payload)`; None beyond Messenger's limits (the
/// caller sends the text with the choices written out) or when nothing may go.
pub fn quick_replies(
    platform: Platform,
    recipient: &str,
    allowance: Allowance,
    body: &str,
    choices: &[(String, String)],
) -> Option<Value> {
    let fits = (1..=QUICK_REPLIES_MAX).contains(&choices.len())
        && choices.iter().all(|(title, payload)| {
            (1..=QUICK_REPLY_TITLE_MAX).contains(&title.chars().count()) && !payload.is_empty()
        });
    if !fits {
        return None;
    }
    let quick: Vec<Value> = choices
        .iter()
        .map(|(title, payload)| json!({ "content_type": "text", "title": title, "payload": payload }))
        .collect();
    envelope(platform, recipient, allowance, json!({ "text": body, "quick_replies": quick }))
}

/// The attachment type of a message kind; None for kinds that carry no file.
pub fn attachment_type(kind: MessageKind) -> Option<&'static str> {
    match kind {
        MessageKind::Image | MessageKind::Sticker => Some("image"),
        MessageKind::Video => Some("video"),
        MessageKind::Audio => Some("audio"),
        MessageKind::Document => Some("file"),
        _ => None,
    }
}

/// A media by its public URL, reusable (Meta keeps it for later sends).
pub fn media_by_url(
    platform: Platform,
    recipient: &str,
    allowance: Allowance,
    kind: MessageKind,
    url: &str,
) -> Option<Value> {
    let attachment = json!({ "type": attachment_type(kind)?, "payload": { "url": url, "is_reusable": true } });
    envelope(platform, recipient, allowance, json!({ "attachment": attachment }))
}

/// The `message` part of an upload (the file goes as the form's `filedata`), and its
/// envelope's fields as form fields.
pub fn media_upload_fields(
    platform: Platform,
    recipient: &str,
    allowance: Allowance,
    kind: MessageKind,
) -> Option<Vec<(String, String)>> {
    let attachment = json!({ "type": attachment_type(kind)?, "payload": { "is_reusable": true } });
    let request = envelope(platform, recipient, allowance, json!({ "attachment": attachment }))?;
    let fields = request
        .as_object()?
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())))
        .collect();
    Some(fields)
}

/// The id of the message a send created.
pub fn sent_id(answer: &Value) -> Option<String> {
    answer.get("message_id").and_then(Value::as_str).map(str::to_owned)
}

/// What a refused send means for the outbox, by Meta's error code.
pub fn classify(http_status: u16, answer: &Value) -> SendError {
    let code = answer.pointer("/error/code").and_then(Value::as_i64);
    let subcode = answer.pointer("/error/error_subcode").and_then(Value::as_i64);
    let title = answer.pointer("/error/message").and_then(Value::as_str).unwrap_or("error").to_owned();
    match code {
        // Call-rate limits of the app or the page: later, without failing the message.
        Some(4 | 17 | 32 | 613) => SendError::RateLimited { retry_after_secs: None, scope: Throttle::Sender },
        // The page token expired or was revoked: the channel needs a new one.
        Some(190) => SendError::Unlinked { code: "190".to_owned(), title },
        Some(code) if http_status >= 500 => SendError::Retryable(format!("{code}: {title}")),
        // 10/2018278: outside the allowed window; 551: the person is unavailable.
        Some(code) => SendError::Permanent {
            code: subcode.map_or_else(|| code.to_string(), |sub| format!("{code}/{sub}")),
            title,
        },
        None if http_status >= 500 || http_status == 429 => SendError::Retryable(format!("HTTP {http_status}")),
        None => SendError::Permanent { code: http_status.to_string(), title },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> Value {
        let path = format!("{}/../charla-testkit/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn sends_match_the_published_request_bodies() {
        let psid = "7380941165296342";
        let response = fixture("messenger/outbound/send_text_response_request.json");
        let body = response["message"]["text"].as_str().unwrap();
        assert_eq!(text(Platform::Messenger, psid, Allowance::Standard, body), Some(response));
        let tagged = fixture("messenger/outbound/send_human_agent_request.json");
        let body = tagged["message"]["text"].as_str().unwrap();
        assert_eq!(text(Platform::Messenger, psid, Allowance::HumanAgent, body), Some(tagged));
        let image = fixture("messenger/outbound/send_image_request.json");
        let url = "https://files.example.com/horarios.png";
        assert_eq!(media_by_url(Platform::Messenger, psid, Allowance::Standard, MessageKind::Image, url), Some(image));
        let igsid = "1191526032493826";
        let ig = fixture("instagram/outbound/send_text_request.json");
        let body = ig["message"]["text"].as_str().unwrap();
        assert_eq!(text(Platform::Instagram, igsid, Allowance::Standard, body), Some(ig));
        let ig_tagged = fixture("instagram/outbound/send_human_agent_request.json");
        let body = ig_tagged["message"]["text"].as_str().unwrap();
        assert_eq!(text(Platform::Instagram, igsid, Allowance::HumanAgent, body), Some(ig_tagged));
    }

    #[test]
    fn nothing_goes_when_the_window_is_closed() {
        assert_eq!(text(Platform::Messenger, "1", Allowance::Closed, "hola"), None);
        assert_eq!(media_by_url(Platform::Instagram, "1", Allowance::Closed, MessageKind::Image, "https://x"), None);
        assert_eq!(
            media_by_url(Platform::Messenger, "1", Allowance::Standard, MessageKind::Location, "https://x"),
            None
        );
    }

    #[test]
    fn quick_replies_within_the_limits_only() {
        let two =
            vec![("Facturación".to_owned(), "DEPT_BILLING".to_owned()), ("Ventas".to_owned(), "DEPT_SALES".to_owned())];
        let request = quick_replies(Platform::Messenger, "1", Allowance::Standard, "¿Con quién?", &two).unwrap();
        assert_eq!(
            request["message"]["quick_replies"][0],
            json!({ "content_type": "text", "title": "Facturación", "payload": "DEPT_BILLING" })
        );
        assert_eq!(request["messaging_type"], "RESPONSE");
        let long = vec![("a title far beyond twenty".to_owned(), "X".to_owned())];
        assert_eq!(quick_replies(Platform::Messenger, "1", Allowance::Standard, "?", &long), None);
        let many: Vec<_> = (0..14).map(|n| (format!("{n}"), format!("P{n}"))).collect();
        assert_eq!(quick_replies(Platform::Messenger, "1", Allowance::Standard, "?", &many), None);
    }

    #[test]
    fn answers_and_errors_are_read() {
        assert_eq!(sent_id(&fixture("messenger/outbound/send_response.json")).unwrap().get(..8), Some("m_AG5Hz2"));
        assert!(sent_id(&fixture("instagram/outbound/send_response.json")).is_some());
        let window =
            json!({ "error": { "code": 10, "error_subcode": 2018278, "message": "outside the allowed window" } });
        assert_eq!(
            classify(400, &window),
            SendError::Permanent { code: "10/2018278".to_owned(), title: "outside the allowed window".to_owned() }
        );
        assert!(matches!(classify(400, &json!({ "error": { "code": 613 } })), SendError::RateLimited { .. }));
        assert!(matches!(classify(401, &json!({ "error": { "code": 190 } })), SendError::Unlinked { .. }));
        assert!(matches!(classify(503, &Value::Null), SendError::Retryable(_)));
    }
}
