//! Parsing the real-format fixtures of crates/charla-testkit/fixtures/whatsapp.
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

#[test]
fn marketing_preferences_stop_and_resume() {
    for (file, opted_out, timestamp) in
        [("user_preferences_stop.json", true, 1_767_283_500), ("user_preferences_resume.json", false, 1_767_283_800)]
    {
        let path = format!("{}/../charla-testkit/fixtures/whatsapp/{file}", env!("CARGO_MANIFEST_DIR"));
        let routed = parse(&std::fs::read(path).unwrap()).unwrap();
        assert_eq!(routed.len(), 1, "{file}");
        assert_eq!(routed[0].phone_number_id.as_deref(), Some("106540352242922"));
        assert_eq!(
            routed[0].event,
            InboundEvent::MarketingPreference(MarketingPreference {
                from: "573001234567".to_owned(),
                user_id: Some("CO.13491208655302741918".to_owned()),
                opted_out,
                timestamp: Some(timestamp),
            }),
            "{file}"
        );
    }
    let other = br#"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"user_preferences",
        "value":{"user_preferences":[{"wa_id":"1","category":"offers","value":"stop"},{"wa_id":"1","category":"marketing_messages","value":"maybe"}]}}]}]}"#;
    assert!(parse(other).unwrap().is_empty(), "other categories and values are left");
}

#[test]
fn an_edit_names_the_message_it_replaces_and_carries_the_new_text() {
    let InboundEvent::Edited(e) = only("edit_text.json") else { panic!("not an edit") };
    assert_eq!(e.network_id, "wamid.HBgMNTczMDAxMjM0NTY3FQIAEhgUM0EwMDAwMDAwMDAwMDAwMDAwMDEA");
    assert_eq!(e.from, "573001234567");
    assert_eq!(e.text.as_deref(), Some("Hola, ¿tienen envíos a Medellín? Necesito cambiar mi pedido #4522."));
    assert_eq!(e.edited_at, Some(1_767_283_270));
    assert_eq!(e.message.network_id, e.network_id);
    assert_eq!(e.message.contact_name.as_deref(), Some("María José Peña"));
}
