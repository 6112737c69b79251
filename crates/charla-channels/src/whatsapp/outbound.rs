//! What Charla sends to the Cloud API (`POST /{phone-number-id}/messages`) and how it
//! reads the answer: the message's wamid, or an error classified for the outbox.

use serde_json::{Value, json};

use charla_domain::messages::MessageKind;

use crate::events::{SendError, Throttle};

/// A text message; `reply_to` quotes the contact's message by its wamid.
pub fn text(to: &str, body: &str, reply_to: Option<&str>) -> Value {
    let mut request = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": { "preview_url": body.contains("https://") || body.contains("http://"), "body": body },
    });
    if let (Some(id), Some(obj)) = (reply_to, request.as_object_mut()) {
        obj.insert("context".to_owned(), json!({ "message_id": id }));
    }
    request
}

/// The longest `biz_opaque_callback_data` the Cloud API takes.
pub const CALLBACK_DATA_MAX: usize = 512;

/// A message send carrying `biz_opaque_callback_data`: a string Meta does not process and
/// returns in the `statuses` of that message's sent, delivered and read webhooks. Charla
/// puts its own message id there, so a status names the message even when the send's
/// answer (the wamid) was lost. Data longer than the limit is left out.
pub fn with_callback_data(mut request: Value, data: &str) -> Value {
    if let Some(obj) = request.as_object_mut().filter(|_| data.chars().count() <= CALLBACK_DATA_MAX) {
        obj.insert("biz_opaque_callback_data".to_owned(), json!(data));
    }
    request
}

/// The wamid of a successful send.
pub fn sent_id(answer: &Value) -> Option<String> {
    answer.pointer("/messages/0/id").and_then(Value::as_str).map(str::to_owned)
}

/// Where a media message's file is: uploaded to `POST /{phone-number-id}/media`, or a link
/// Meta fetches itself.
#[derive(Clone, Copy, Debug)]
pub enum MediaSource<'a> {
    Uploaded(&'a str),
    Link(&'a str),
}

/// The Cloud API's name for a media kind; None for kinds that carry no file.
pub fn media_type(kind: MessageKind) -> Option<&'static str> {
    match kind {
        MessageKind::Image => Some("image"),
        MessageKind::Video => Some("video"),
        MessageKind::Audio => Some("audio"),
        MessageKind::Document => Some("document"),
        MessageKind::Sticker => Some("sticker"),
        _ => None,
    }
}

/// A media message. Audio and stickers take no caption; only documents carry a filename.
pub fn media(
    to: &str,
    kind: MessageKind,
    source: MediaSource<'_>,
    caption: Option<&str>,
    filename: Option<&str>,
) -> Option<Value> {
    let kind_name = media_type(kind)?;
    let mut object = serde_json::Map::new();
    match source {
        MediaSource::Uploaded(id) => object.insert("id".to_owned(), json!(id)),
        MediaSource::Link(link) => object.insert("link".to_owned(), json!(link)),
    };
    let captioned = matches!(kind, MessageKind::Image | MessageKind::Video | MessageKind::Document);
    if let Some(caption) = caption.filter(|c| captioned && !c.trim().is_empty()) {
        object.insert("caption".to_owned(), json!(caption));
    }
    if let Some(name) = filename.filter(|_| kind == MessageKind::Document) {
        object.insert("filename".to_owned(), json!(name));
    }
    Some(json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": kind_name,
        kind_name: object,
    }))
}

/// The id of a file uploaded to `POST /{phone-number-id}/media`.
pub fn uploaded_id(answer: &Value) -> Option<String> {
    answer.get("id").and_then(Value::as_str).map(str::to_owned)
}

/// A reaction on one of the conversation's messages; an empty emoji takes ours off.
pub fn reaction(to: &str, message_id: &str, emoji: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "reaction",
        "reaction": { "message_id": message_id, "emoji": emoji },
    })
}

/// Marks the contact's message (and the ones before it) read, showing the typing indicator
/// while the agent answers.
pub fn mark_read(message_id: &str) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "status": "read",
        "message_id": message_id,
        "typing_indicator": { "type": "text" },
    })
}

/// Maps the Graph API's error answer to what the outbox does with it.
pub fn classify(http_status: u16, answer: &Value) -> SendError {
    let code = answer.pointer("/error/code").and_then(Value::as_i64);
    let title = answer
        .pointer("/error/error_data/details")
        .or_else(|| answer.pointer("/error/message"))
        .and_then(Value::as_str)
        .unwrap_or("error")
        .to_owned();
    match code {
        // Throughput and pair limits: later, without failing the message.
        Some(130429 | 80007) => SendError::RateLimited { retry_after_secs: None, scope: Throttle::Sender },
        Some(131056) => SendError::RateLimited { retry_after_secs: None, scope: Throttle::Recipient },
        // The access token expired or was revoked: the channel needs relinking.
        Some(190) => SendError::Unlinked { code: "190".to_owned(), title },
        Some(code) if http_status >= 500 => SendError::Retryable(format!("{code}: {title}")),
        Some(code) => SendError::Permanent { code: code.to_string(), title },
        None if http_status >= 500 || http_status == 429 => SendError::Retryable(format!("HTTP {http_status}")),
        None => SendError::Permanent { code: http_status.to_string(), title },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/../charla-testkit/fixtures/whatsapp/outbound/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn texts_match_the_published_request_bodies() {
        let expected = fixture("send_text_request.json");
        let body = expected["text"]["body"].as_str().unwrap();
        assert_eq!(text("+573001234567", body, None), expected);
        let quoted = fixture("send_text_reply_context_request.json");
        let body = quoted["text"]["body"].as_str().unwrap();
        let id = quoted["context"]["message_id"].as_str().unwrap();
        assert_eq!(text("+573001234567", body, Some(id)), quoted);
    }

    #[test]
    fn callback_data_rides_along_at_the_top_of_the_request() {
        let expected = fixture("send_template_positional_request.json");
        let data = expected["biz_opaque_callback_data"].as_str().unwrap();
        let mut bare = expected.clone();
        bare.as_object_mut().unwrap().remove("biz_opaque_callback_data");
        assert_eq!(with_callback_data(bare.clone(), data), expected);
        let too_long = "x".repeat(CALLBACK_DATA_MAX + 1);
        assert_eq!(with_callback_data(bare.clone(), &too_long), bare);
    }

    #[test]
    fn answers_and_errors_are_read() {
        assert_eq!(
            sent_id(&fixture("send_response.json")).unwrap(),
            "wamid.HBgMNTczMDAxMjM0NTY3FQIAERgUM0EwMDAwMDAwMDAwMDAwMDAxMDQA"
        );
        assert_eq!(
            classify(400, &fixture("error_130429_rate_limit.json")),
            SendError::RateLimited { retry_after_secs: None, scope: Throttle::Sender }
        );
        assert_eq!(
            classify(400, &fixture("error_131056_pair_rate_limit.json")),
            SendError::RateLimited { retry_after_secs: None, scope: Throttle::Recipient }
        );
        assert!(matches!(classify(401, &fixture("error_190_token_expired.json")), SendError::Unlinked { .. }));
        for (file, code) in [
            ("error_131047_reengagement.json", "131047"),
            ("error_132000_param_count.json", "132000"),
            ("error_132001_template_missing.json", "132001"),
        ] {
            match classify(400, &fixture(file)) {
                SendError::Permanent { code: c, .. } => assert_eq!(c, code),
                other => panic!("{file}: {other:?}"),
            }
        }
        assert!(matches!(classify(503, &json!({})), SendError::Retryable(_)));
    }
}

/// A template send with body parameters (named ones carry `parameter_name`).
pub fn template(to: &str, name: &str, language: &str, params: &[(Option<String>, String)]) -> Value {
    let parameters: Vec<Value> = params
        .iter()
        .map(|(param, text)| match param {
            Some(param) => json!({ "type": "text", "parameter_name": param, "text": text }),
            None => json!({ "type": "text", "text": text }),
        })
        .collect();
    let components =
        if parameters.is_empty() { json!([]) } else { json!([{ "type": "body", "parameters": parameters }]) };
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "template",
        "template": { "name": name, "language": { "code": language }, "components": components },
    })
}

/// One page of `GET /{waba-id}/message_templates`: the templates and the next page's URL.
pub fn templates_page(answer: &Value) -> (Vec<Value>, Option<String>) {
    let items = answer.get("data").and_then(Value::as_array).cloned().unwrap_or_default();
    let next = answer.pointer("/paging/next").and_then(Value::as_str).map(str::to_owned);
    (items, next)
}

/// The body text of a template's components.
pub fn template_body(components: &Value) -> Option<String> {
    components
        .as_array()?
        .iter()
        .find(|c| c.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case("body")))
        .and_then(|c| c.get("text"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod template_tests {
    use super::*;

    #[test]
    fn a_named_template_matches_the_published_body() {
        let path = format!(
            "{}/../charla-testkit/fixtures/whatsapp/outbound/send_template_named_request.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let expected: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let params = vec![
            (Some("first_name".to_owned()), "Juan".to_owned()),
            (Some("order_number".to_owned()), "SKBUP2-4CPIG9".to_owned()),
        ];
        assert_eq!(template("+5215512345678", "order_confirmation", "es_MX", &params), expected);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod media_tests {
    use super::*;

    fn fixture(name: &str) -> Value {
        let path = format!("{}/../charla-testkit/fixtures/whatsapp/outbound/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn media_by_id_and_by_link_match_the_published_bodies() {
        let by_id = fixture("send_image_by_id_request.json");
        let built = media(
            "+5215512345678",
            MessageKind::Image,
            MediaSource::Uploaded("1037543291543636"),
            Some("Catálogo de enero"),
            Some("catalogo.jpg"),
        );
        assert_eq!(built.unwrap(), by_id);
        let by_link = fixture("send_document_by_link_request.json");
        let built = media(
            "+5215512345678",
            MessageKind::Document,
            MediaSource::Link("https://files.example.com/facturas/4521.pdf"),
            Some("Tu factura"),
            Some("factura_4521.pdf"),
        );
        assert_eq!(built.unwrap(), by_link);
        assert_eq!(uploaded_id(&fixture("media_upload_response.json")).as_deref(), Some("1037543291543636"));
    }

    #[test]
    fn audio_and_stickers_go_without_caption_and_texts_are_not_media() {
        let voice = media("+1", MessageKind::Audio, MediaSource::Uploaded("9"), Some("hola"), None).unwrap();
        assert_eq!(voice["audio"], json!({ "id": "9" }));
        let sticker = media("+1", MessageKind::Sticker, MediaSource::Uploaded("9"), Some("hola"), None).unwrap();
        assert_eq!(sticker["sticker"], json!({ "id": "9" }));
        assert!(media("+1", MessageKind::Text, MediaSource::Uploaded("9"), None, None).is_none());
    }

    #[test]
    fn reactions_and_read_marks_match_the_published_bodies() {
        let expected = fixture("send_reaction_request.json");
        let target = expected["reaction"]["message_id"].as_str().unwrap();
        assert_eq!(reaction("+573001234567", target, "👍"), expected);
        let read = fixture("mark_read_request.json");
        assert_eq!(mark_read(read["message_id"].as_str().unwrap()), read);
    }
}
