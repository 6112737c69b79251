//! Parsing the real-format fixtures of crates/charla-testkit/fixtures/{messenger,instagram}.
use super::*;

const PAGE: &str = "110240735389862";
const IG: &str = "17841405793187218";
const OUR_SEND: &str = "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../charla-testkit/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(path).unwrap()
}

fn events(name: &str, platform: Platform) -> Vec<InboundEvent> {
    let routed = parse(&fixture(name), platform).unwrap();
    let account = if platform == Platform::Messenger { PAGE } else { IG };
    assert!(routed.iter().all(|r| r.account_id.as_deref() == Some(account)), "{name}");
    routed.into_iter().map(|r| r.event).collect()
}

fn only(name: &str, platform: Platform) -> InboundEvent {
    let mut all = events(name, platform);
    assert_eq!(all.len(), 1, "{name}");
    all.remove(0)
}

fn message(name: &str, platform: Platform) -> InboundMessage {
    match only(name, platform) {
        InboundEvent::Message(m) => m,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn every_fixture_signature_verifies() {
    for network in ["messenger", "instagram"] {
        let signatures: Value = serde_json::from_slice(&fixture(&format!("{network}/signatures.json"))).unwrap();
        let secret = signatures["app_secret"].as_str().unwrap();
        for (file, signature) in signatures["signatures"].as_object().unwrap() {
            let mut body = fixture(&format!("{network}/{file}"));
            assert!(verify(secret, &body, signature.as_str()), "{file}");
            assert!(!verify(secret, &body, signatures["bad_signature_example"].as_str()));
            body[10] ^= 1;
            assert!(!verify(secret, &body, signature.as_str()), "{file} flipped");
        }
    }
}

#[test]
fn texts_quick_replies_and_postbacks() {
    let text = message("messenger/text_message.json", Platform::Messenger);
    assert_eq!(text.from, "7380941165296342");
    assert_eq!(text.text.as_deref(), Some("Hola 👋 ¿abren el domingo?"));
    assert_eq!(text.timestamp, Some(1_767_283_200));
    assert!(text.network_id.starts_with("m_ZCO5XKo7"));
    let quick = message("messenger/quick_reply.json", Platform::Messenger);
    assert_eq!(quick.text.as_deref(), Some("Facturación"));
    assert_eq!(quick.payload["quick_reply"]["payload"], "DEPT_BILLING");
    assert_eq!(quick.payload["interactive"]["id"], "DEPT_BILLING");
    let started = message("messenger/postback_get_started.json", Platform::Messenger);
    assert_eq!(started.from, "6215520741891023");
    assert_eq!(started.kind, MessageKind::Interactive);
    assert_eq!(started.text.as_deref(), Some("Empezar"));
    assert_eq!(started.payload["interactive"]["id"], "GET_STARTED");
    let ig = message("instagram/text_message.json", Platform::Instagram);
    assert_eq!(ig.from, "1191526032493826");
    assert_eq!(ig.text.as_deref(), Some("Hola! vi su reel 😍 ¿precio?"));
}

#[test]
fn attachments_are_media_named_by_their_url() {
    for (name, platform) in [
        ("messenger/image_attachment.json", Platform::Messenger),
        ("instagram/image_attachment.json", Platform::Instagram),
    ] {
        let image = message(name, platform);
        assert_eq!(image.kind, MessageKind::Image);
        let media = image.media.unwrap();
        assert!(crate::is_media_id(&media.id), "{name}");
        assert!(image.payload["media"]["url"].as_str().unwrap().starts_with("https://"));
        assert_eq!(image.payload["media"]["id"], media.id);
    }
}

#[test]
fn deliveries_and_reads_name_messages_or_watermarks() {
    let delivered = events("messenger/delivery.json", Platform::Messenger);
    assert!(
        matches!(&delivered[0], InboundEvent::Status(s) if s.network_id == OUR_SEND && s.status == DeliveryStatus::Delivered)
    );
    assert!(
        matches!(&delivered[1], InboundEvent::Watermark(w) if w.watermark_ms == 1_767_283_204_990 && w.status == DeliveryStatus::Delivered)
    );
    let read = only("messenger/read.json", Platform::Messenger);
    assert_eq!(
        read,
        InboundEvent::Watermark(Watermark {
            contact: "7380941165296342".to_owned(),
            status: DeliveryStatus::Read,
            watermark_ms: 1_767_283_205_990
        })
    );
    let seen = only("instagram/messaging_seen.json", Platform::Instagram);
    assert!(
        matches!(seen, InboundEvent::Status(s) if s.status == DeliveryStatus::Read && s.network_id.starts_with("aWdf"))
    );
}

#[test]
fn reactions_are_set_and_removed() {
    let InboundEvent::Reaction(set) = only("messenger/reaction.json", Platform::Messenger) else { panic!() };
    assert_eq!((set.target.as_str(), set.emoji.as_deref()), (OUR_SEND, Some("❤️")));
    let InboundEvent::Reaction(removed) = only("messenger/reaction_unreact.json", Platform::Messenger) else {
        panic!()
    };
    assert_eq!((removed.target.as_str(), removed.emoji), (OUR_SEND, None));
    assert_ne!(set.network_id, removed.network_id);
    let InboundEvent::Reaction(ig) = only("instagram/reaction.json", Platform::Instagram) else { panic!() };
    assert_eq!(ig.emoji.as_deref(), Some("❤️"));
}

#[test]
fn echoes_name_the_contact_they_went_to() {
    for (name, platform) in [
        ("messenger/echo_of_own_send.json", Platform::Messenger),
        ("messenger/echo_from_other_app.json", Platform::Messenger),
        ("instagram/echo.json", Platform::Instagram),
    ] {
        let InboundEvent::Echo(echo) = only(name, platform) else { panic!("{name}") };
        assert_ne!(echo.from, PAGE, "{name}");
        assert_ne!(echo.from, IG, "{name}");
        assert!(echo.text.is_some(), "{name}");
    }
    let InboundEvent::Echo(other) = only("messenger/echo_from_other_app.json", Platform::Messenger) else { panic!() };
    assert_eq!(other.payload["app_id"], 263_902_037_430_900_u64);
}

#[test]
fn other_platforms_and_broken_bodies_are_refused() {
    assert_eq!(parse(&fixture("messenger/text_message.json"), Platform::Instagram), Err(ParseError::OtherObject));
    assert_eq!(parse(&fixture("instagram/text_message.json"), Platform::Messenger), Err(ParseError::OtherObject));
    assert_eq!(parse(b"{\"object\":\"page\",\"entry\":[", Platform::Messenger), Err(ParseError::NotJson));
    let odd = br#"{"object":"page","entry":[{"id":"1","messaging":[{"sender":{},"optin":{}},{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":5,"message":{"mid":"m_1","text":"ok"}}]}]}"#;
    assert_eq!(parse(odd, Platform::Messenger).unwrap().len(), 1, "one odd item loses nothing else");
}

#[test]
fn several_attachments_are_several_messages() {
    let body = br#"{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":5000,"message":{"mid":"m_9","attachments":[{"type":"image","payload":{"url":"https://a/1.jpg"}},{"type":"file","payload":{"url":"https://a/2.pdf"}}]}}]}]}"#;
    let ids: Vec<_> = parse(body, Platform::Messenger)
        .unwrap()
        .into_iter()
        .map(|r| match r.event {
            InboundEvent::Message(m) => (m.network_id, m.kind),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(ids, [("m_9".to_owned(), MessageKind::Image), ("m_9#2".to_owned(), MessageKind::Document)]);
}
