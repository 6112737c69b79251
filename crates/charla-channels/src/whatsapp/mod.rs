//! WhatsApp Cloud API (CH-1): webhook verification and parsing; `outbound` builds sends.
//!
//! Parsing is lenient on purpose: the payload is walked as JSON and each message, status
//! or update is read on its own, so one item of an unexpected shape never loses the rest
//! of the batch. Unknown message types become `Unsupported` messages with the raw item.

pub mod interactive;
pub mod outbound;

use charla_domain::messages::{DeliveryStatus, MessageKind};
use serde_json::{Value, json};

use crate::events::{InboundEvent, InboundMessage, Media, Reaction, StatusUpdate, TemplateStatus};
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
            match field {
                "messages" => {
                    let names: Vec<(String, String)> = items(&value, "contacts")
                        .filter_map(|c| Some((text_of(c, "wa_id")?, c.pointer("/profile/name")?.as_str()?.to_owned())))
                        .collect();
                    for message in items(&value, "messages") {
                        if let Some(event) = message_event(message, &names) {
                            out.push(route(event));
                        }
                    }
                    for status in items(&value, "statuses") {
                        if let Some(event) = status_event(status) {
                            out.push(route(InboundEvent::Status(event)));
                        }
                    }
                }
                "message_template_status_update" => {
                    if let Some(event) = template_event(&value) {
                        out.push(route(InboundEvent::TemplateStatus(event)));
                    }
                }
                "phone_number_quality_update" | "account_update" => {
                    out.push(route(InboundEvent::AccountUpdate(json!({ "field": field, "value": value }))));
                }
                // Other fields (calls, flows, history…) are not ours to handle yet.
                _ => {}
            }
        }
    }
    Ok(out)
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
    let (kind, text, media) = match kind_code {
        "text" => (MessageKind::Text, text_of(&item, "body"), None),
        "image" => (MessageKind::Image, text_of(&item, "caption"), media_of(&item, false)),
        "video" => (MessageKind::Video, text_of(&item, "caption"), media_of(&item, false)),
        "audio" => (MessageKind::Audio, None, media_of(&item, false)),
        "document" => (MessageKind::Document, text_of(&item, "caption"), media_of(&item, false)),
        "sticker" => {
            payload.insert("animated".to_owned(), item.get("animated").cloned().unwrap_or(Value::Bool(false)));
            (MessageKind::Sticker, None, media_of(&item, false))
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
            (MessageKind::Location, text_of(&item, "name"), None)
        }
        "contacts" => {
            payload.insert("contacts".to_owned(), m.get("contacts").cloned().unwrap_or(Value::Array(Vec::new())));
            (MessageKind::Contacts, None, None)
        }
        "interactive" => {
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
        "button" => {
            payload.insert("button".to_owned(), json!({ "text": item.get("text"), "payload": item.get("payload") }));
            (MessageKind::Interactive, text_of(&item, "text"), None)
        }
        "reaction" => {
            let target = text_of(&item, "message_id")?;
            let emoji = text_of(&item, "emoji").filter(|e| !e.is_empty());
            return Some(InboundEvent::Reaction(Reaction { network_id, from, target, emoji }));
        }
        _ => {
            payload.insert("unsupported".to_owned(), json!({ "item": m, "errors": m.get("errors") }));
            (MessageKind::Unsupported, None, None)
        }
    };
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
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../charla-testkit/fixtures/whatsapp/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(path).unwrap()
    }

    fn only(name: &str) -> InboundEvent {
        let mut events = parse(&fixture(name)).unwrap();
        assert_eq!(events.len(), 1, "{name}");
        events.remove(0).event
    }

    fn message(name: &str) -> InboundMessage {
        match only(name) {
            InboundEvent::Message(m) => m,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn every_fixture_signature_verifies_and_a_flipped_byte_does_not() {
        let signatures: Value = serde_json::from_slice(&fixture("signatures.json")).unwrap();
        let secret = signatures["app_secret"].as_str().unwrap();
        for (file, signature) in signatures["signatures"].as_object().unwrap() {
            let mut body = fixture(file);
            assert!(verify(secret, &body, signature.as_str()), "{file}");
            assert!(!verify("another-secret", &body, signature.as_str()), "{file}");
            assert!(!verify(secret, &body, signatures["bad_signature_example"].as_str()));
            assert!(!verify(secret, &body, None));
            body[10] ^= 1;
            assert!(!verify(secret, &body, signature.as_str()), "{file} flipped");
        }
    }

    #[test]
    fn the_challenge_is_echoed_only_for_subscribe_with_our_token() {
        let token = "charla-verify-7f3a";
        assert_eq!(challenge(Some("subscribe"), Some(token), Some("1158201444"), token), Some("1158201444"));
        assert_eq!(
            challenge(Some("subscribe"), Some(token), Some("CHALLENGE_ACCEPTED"), token),
            Some("CHALLENGE_ACCEPTED")
        );
        assert_eq!(challenge(Some("subscribe"), Some("wrong-token"), Some("1"), token), None);
        assert_eq!(challenge(Some("unsubscribe"), Some(token), Some("1"), token), None);
        assert_eq!(challenge(None, None, Some("1"), token), None);
    }

    #[test]
    fn a_text_keeps_its_body_sender_name_and_time() {
        let m = message("text_message.json");
        assert_eq!(m.from, "573001234567");
        assert_eq!(m.contact_name.as_deref(), Some("María José Peña"));
        assert_eq!(m.timestamp, Some(1_767_283_210));
        assert_eq!(m.text.as_deref(), Some("Hola, ¿tienen envíos a Medellín? Necesito cambiar mi pedido #4521."));
        let routed = &parse(&fixture("text_message.json")).unwrap()[0];
        assert_eq!(routed.phone_number_id.as_deref(), Some("106540352242922"));
        assert_eq!(routed.waba_id.as_deref(), Some("102290129340398"));
    }

    #[test]
    fn media_messages_carry_their_media_and_caption() {
        let image = message("image_message.json");
        assert_eq!(image.kind, MessageKind::Image);
        assert_eq!(image.text.as_deref(), Some("Así llegó la caja 📦"));
        assert_eq!(image.media.as_ref().unwrap().id, "1003383421387256");
        let voice = message("audio_voice_message.json");
        assert_eq!(voice.kind, MessageKind::Audio);
        assert!(voice.media.as_ref().unwrap().voice);
        assert_eq!(voice.media.as_ref().unwrap().mime_type.as_deref(), Some("audio/ogg; codecs=opus"));
        let document = message("document_message.json");
        assert_eq!(document.media.as_ref().unwrap().filename.as_deref(), Some("factura_4521.pdf"));
        assert_eq!(document.payload["forwarded"], true);
        assert_eq!(message("video_message.json").kind, MessageKind::Video);
        assert_eq!(message("sticker_message.json").payload["animated"], true);
    }

    #[test]
    fn structured_messages_keep_their_content() {
        let location = message("location_message.json");
        assert_eq!(location.payload["location"]["latitude"], 19.4326077);
        assert_eq!(location.text.as_deref(), Some("Zócalo"));
        assert_eq!(message("contacts_message.json").payload["contacts"].as_array().unwrap().len(), 2);
        let button = message("interactive_button_reply.json");
        assert_eq!(button.payload["interactive"]["id"], "reschedule");
        assert_eq!(button.text.as_deref(), Some("Reprogramar"));
        assert!(button.reply_to.is_some());
        let list = message("interactive_list_reply.json");
        assert_eq!(list.payload["interactive"]["id"], "dept_billing");
        let quick = message("template_quick_reply_button.json");
        assert_eq!(quick.payload["button"]["payload"], "STOP_PROMOS");
        assert_eq!(quick.text.as_deref(), Some("No recibir promociones"));
        assert!(message("text_reply_with_context.json").reply_to.is_some());
    }

    #[test]
    fn reactions_and_their_removal_are_not_messages() {
        match only("reaction_message.json") {
            InboundEvent::Reaction(r) => assert_eq!(r.emoji.as_deref(), Some("❤️")),
            other => panic!("{other:?}"),
        }
        match only("reaction_removed_no_emoji.json") {
            InboundEvent::Reaction(r) => assert_eq!(r.emoji, None),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_types_are_kept_as_unsupported_with_the_raw_item() {
        let m = message("unsupported_message.json");
        assert_eq!(m.kind, MessageKind::Unsupported);
        assert_eq!(m.payload["unsupported"]["errors"][0]["code"], 131051);
    }

    #[test]
    fn statuses_carry_errors_and_pricing() {
        match only("status_failed_131047.json") {
            InboundEvent::Status(s) => {
                assert_eq!(s.status, DeliveryStatus::Failed);
                assert_eq!(s.error.unwrap().0, "131047");
            }
            other => panic!("{other:?}"),
        }
        match only("status_sent_marketing.json") {
            InboundEvent::Status(s) => {
                assert_eq!(s.info["pricing"]["category"], "marketing");
                assert_eq!(s.callback_data, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_status_gives_back_the_callback_data_of_its_send() {
        let mut body: Value = serde_json::from_slice(&fixture("status_sent_marketing.json")).unwrap();
        let ours = "0198a6f2-7c1e-7d3a-9b2f-4c5d6e7f8a9b";
        body["entry"][0]["changes"][0]["value"]["statuses"][0]["biz_opaque_callback_data"] = json!(ours);
        match &parse(body.to_string().as_bytes()).unwrap()[0].event {
            InboundEvent::Status(s) => {
                assert_eq!(s.callback_data.as_deref(), Some(ours));
                assert_eq!(s.status, DeliveryStatus::Sent);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn template_and_account_updates_are_routed_by_the_account() {
        match only("template_status_rejected.json") {
            InboundEvent::TemplateStatus(t) => {
                assert_eq!((t.name.as_str(), t.status.as_str()), ("abandoned_cart", "REJECTED"));
                assert_eq!(t.reason.as_deref(), Some("INVALID_FORMAT"));
            }
            other => panic!("{other:?}"),
        }
        let quality = &parse(&fixture("phone_number_quality_update.json")).unwrap()[0];
        assert_eq!(quality.phone_number_id, None);
        assert_eq!(quality.display_phone_number.as_deref(), Some("15550783881"));
    }

    #[test]
    fn a_redelivery_batch_holds_both_messages_and_bad_bodies_are_errors() {
        assert_eq!(parse(&fixture("duplicate_redelivery.json")).unwrap().len(), 2);
        assert_eq!(parse(&fixture("malformed_truncated.json.txt")), Err(ParseError::NotJson));
        assert_eq!(parse(br#"{"object":"page"}"#), Err(ParseError::NotWhatsApp));
    }

    #[test]
    fn an_item_of_an_odd_shape_does_not_lose_the_batch() {
        let body = json!({
            "object": "whatsapp_business_account",
            "entry": [{ "id": "1", "changes": [{ "field": "messages", "value": {
                "metadata": { "phone_number_id": "2" },
                "messages": [
                    { "id": 42, "from": ["odd"], "type": "text" },
                    { "id": "wamid.ok", "from": "573001234567", "type": "text", "text": { "body": "hola" } }
                ],
                "statuses": [{ "id": "wamid.s", "status": "weird" }]
            }}]}]
        });
        let events = parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(events.len(), 1);
        assert!(matches!(&events[0].event, InboundEvent::Message(m) if m.text.as_deref() == Some("hola")));
    }
}
