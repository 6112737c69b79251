//! The signature algorithm against Twilio's published vector and the fixtures' signatures,
//! and parsing of crates/charla-testkit/fixtures/twilio.
use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../charla-testkit/fixtures/twilio/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

fn signatures() -> Value {
    serde_json::from_slice(&fixture("signatures.json")).unwrap()
}

#[test]
fn the_official_vector_validates() {
    let all = signatures();
    let v = &all["official_vector"];
    let form: Form =
        v["params"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect();
    let token = v["auth_token"].as_str().unwrap();
    let url = v["url"].as_str().unwrap();
    assert_eq!(signature(token, url, &form), v["X-Twilio-Signature"].as_str().unwrap());
    assert!(verify(token, url, &form, v["X-Twilio-Signature"].as_str()));
}

#[test]
fn every_fixture_signature_validates_for_its_url_only() {
    let all = signatures();
    let token = all["auth_token"].as_str().unwrap();
    for (name, entry) in all["files"].as_object().unwrap() {
        let form = read_form(&fixture(name)).unwrap();
        let (url, sig) = (entry["url"].as_str().unwrap(), entry["X-Twilio-Signature"].as_str());
        assert!(verify(token, url, &form, sig), "{name}");
        assert!(!verify(token, &url.replace("https://", "http://"), &form, sig), "{name}: another scheme");
        assert!(!verify("another-token", url, &form, sig), "{name}: another token");
        assert!(!verify(token, url, &form, all["bad_signature_example"].as_str()), "{name}: bad");
        assert!(!verify(token, url, &form, None), "{name}: missing");
        assert!(!verify("", url, &form, Some(&signature("", url, &form))), "{name}: no token kept");
    }
}

#[test]
fn an_sms_is_one_text_from_its_number() {
    let form = read_form(&fixture("inbound_sms.form")).unwrap();
    assert_eq!(account_of(&form), Ok("AC3f2a1b4c5d6e7f8091a2b3c4d5e6f708"));
    let InboundEvent::Message(m) = parse_inbound(&form).unwrap() else { panic!("not a message") };
    assert_eq!(m.network_id, "SM5f1c0a7e2b9d4c3e8f6a1b2c3d4e5f60");
    assert_eq!(m.from, "+14155550123");
    assert_eq!(m.kind, MessageKind::Text);
    assert_eq!(m.text.as_deref(), Some("Hola, quiero hablar con un asesor"));
    assert!(m.media.is_none());
    assert_eq!(m.payload["sms"]["city"], "SAN FRANCISCO");
}

#[test]
fn an_mms_carries_its_text_and_every_attachment() {
    let form = read_form(&fixture("inbound_mms_two_media.form")).unwrap();
    let InboundEvent::Message(m) = parse_inbound(&form).unwrap() else { panic!("not a message") };
    assert_eq!(m.text.as_deref(), Some("Fotos del daño"));
    assert_eq!(m.kind, MessageKind::Image);
    let media = m.media.unwrap();
    assert_eq!(media.id, "ME1a2b3c4d5e6f708192a3b4c5d6e7f809");
    assert_eq!(media.mime_type.as_deref(), Some("image/jpeg"));
    assert!(m.payload["media"]["url"].as_str().unwrap().ends_with("/Media/ME1a2b3c4d5e6f708192a3b4c5d6e7f809"));
    let more = m.payload["more_media"].as_array().unwrap();
    assert_eq!(more.len(), 1);
    assert_eq!(more[0]["id"], "ME9f8e7d6c5b4a39281706f5e4d3c2b1a0");
    assert_eq!(more[0]["mime_type"], "video/mp4");
}

#[test]
fn statuses_map_to_delivery_and_carry_the_error() {
    let status = |name: &str| {
        let form = read_form(&fixture(name)).unwrap();
        match parse_status(&form, Some("01JGXK7Q5W3M")).unwrap() {
            Some(InboundEvent::Status(s)) => s,
            other => panic!("{name}: {other:?}"),
        }
    };
    let sent = status("status_sent.form");
    assert_eq!((sent.network_id.as_str(), sent.status), ("SM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29", DeliveryStatus::Sent));
    assert_eq!(sent.callback_data.as_deref(), Some("01JGXK7Q5W3M"));
    let delivered = status("status_delivered.form");
    assert_eq!(delivered.status, DeliveryStatus::Delivered);
    assert_eq!(delivered.info["raw_dlr_done_date"], "2601011605");
    let failed = status("status_undelivered_30003.form");
    assert_eq!(failed.status, DeliveryStatus::Failed);
    assert_eq!(failed.error, Some(("30003".to_owned(), "unreachable destination handset".to_owned())));
    let queued: Form = vec![
        ("MessageSid".into(), "SM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29".into()),
        ("MessageStatus".into(), "queued".into()),
    ];
    assert_eq!(parse_status(&queued, None), Ok(None));
}

#[test]
fn malformed_webhooks_are_refused() {
    assert_eq!(read_form(b"\xff\xfe"), Err(ParseError::NotForm));
    let no_sid = read_form(b"From=%2B14155550123&Body=hola").unwrap();
    assert_eq!(parse_inbound(&no_sid), Err(ParseError::Missing("MessageSid")));
    let bad_sid = read_form(b"MessageSid=..%2F..%2Fx&From=%2B1").unwrap();
    assert_eq!(parse_inbound(&bad_sid), Err(ParseError::Invalid("MessageSid")));
    let sid = "SM5f1c0a7e2b9d4c3e8f6a1b2c3d4e5f60";
    let media_outside =
        read_form(format!("MessageSid={sid}&From=1&NumMedia=1&MediaUrl0=http%3A%2F%2F169.254.169.254%2F").as_bytes())
            .unwrap();
    assert_eq!(parse_inbound(&media_outside), Err(ParseError::Invalid("MediaUrl")));
    let too_many = read_form(format!("MessageSid={sid}&From=1&NumMedia=99").as_bytes()).unwrap();
    assert_eq!(parse_inbound(&too_many), Err(ParseError::Invalid("NumMedia")));
    let json = read_form(br#"{"MessageSid":"SM1"}"#).unwrap();
    assert!(parse_inbound(&json).is_err());
    assert!(account_of(&read_form(b"AccountSid=AC1").unwrap()).is_err());
}

#[test]
fn a_send_is_the_fixture_form_and_its_answer_is_read() {
    let callback = "https://charla.example.test/webhooks/twilio/status/ch_sms_01?outbox_id=01JGXK7Q5W3M";
    let body = "Hola, soy Laura de soporte. ¿En qué te ayudo? 😊";
    let form = outbound::send_form("+14155550123", "+14155550100", Some(body), None, callback);
    let ours: Form = form.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let mut expected = read_form(&fixture("outbound/send_request.form")).unwrap();
    let mut ours_sorted = ours.clone();
    ours_sorted.sort();
    expected.sort();
    assert_eq!(ours_sorted, expected);
    let answer: Value = serde_json::from_slice(&fixture("outbound/send_response_201.json")).unwrap();
    assert_eq!(outbound::sent_sid(&answer).as_deref(), Some("SM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29"));
    let error: Value = serde_json::from_slice(&fixture("outbound/error_21211_invalid_to.json")).unwrap();
    assert_eq!(
        outbound::classify(400, &error),
        crate::SendError::Permanent { code: "21211".to_owned(), title: "invalid number".to_owned() }
    );
    assert!(matches!(outbound::classify(429, &Value::Null), crate::SendError::RateLimited { .. }));
    assert!(matches!(outbound::classify(503, &Value::Null), crate::SendError::Retryable(_)));
    assert!(matches!(outbound::classify(401, &json!({"code": 20003})), crate::SendError::Unlinked { .. }));
}

#[test]
fn segments_count_as_carriers_split_texts() {
    use outbound::segments;
    assert_eq!(segments(""), 1);
    assert_eq!(segments(&"a".repeat(160)), 1);
    assert_eq!(segments(&"a".repeat(161)), 2);
    assert_eq!(segments(&"a".repeat(306)), 2);
    assert_eq!(segments(&"a".repeat(307)), 3);
    // The extension table takes two septets: 80 euros fill one segment, 81 need two.
    assert_eq!(segments(&"€".repeat(80)), 1);
    assert_eq!(segments(&"€".repeat(81)), 2);
    // ñ is in GSM-7's alphabet; ó is not, and one makes the whole text UCS-2.
    assert_eq!(segments(&"ñ".repeat(160)), 1);
    assert_eq!(segments(&"ó".repeat(70)), 1);
    assert_eq!(segments(&"ó".repeat(71)), 2);
    assert_eq!(segments(&"😊".repeat(35)), 1, "an emoji is two UTF-16 units");
    assert_eq!(segments(&"😊".repeat(36)), 2);
    assert_eq!(segments("Hola, soy Laura de soporte. ¿En qué te ayudo? 😊"), 1);
}
