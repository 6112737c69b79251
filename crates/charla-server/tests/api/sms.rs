//! SMS through Twilio (CH-5) with the real-format fixtures, each posted verbatim and twice:
//! `X-Twilio-Signature` over the public URL (bad, missing, or for another URL: refused,
//! nothing stored), the empty TwiML answer, an MMS's two media fetched with the account's
//! credentials, an agent's reply compared with the fixture's form, status callbacks that
//! never move back, Twilio's errors shown to the agent, malformed and oversized bodies,
//! and another organization's number.

use charla_testkit::TestApp;
use charla_testkit::fixtures;
use charla_testkit::twilio::{ACCOUNT_SID, AUTH_TOKEN, CONTACT, MEDIA_BYTES, NUMBER, TwilioStandIn, sign};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{Desk, desk, id, ok, set_status};
use super::messenger::thread;
use super::telegram::allow_stand_ins;

const SENT_SID: &str = "SM7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29";
const UNDELIVERED_SID: &str = "SM1b2c3d4e5f60718293a4b5c6d7e8f901";

fn config(stand_in: &TwilioStandIn, number: &str) -> Value {
    json!({ "provider": "twilio", "account_sid": ACCOUNT_SID, "auth_token": AUTH_TOKEN,
            "phone_number": number, "api_base_url": stand_in.api_base_url })
}

pub async fn number(
    admin: &charla_testkit::TestClient,
    campaign: &str,
    stand_in: &TwilioStandIn,
    number: &str,
) -> anyhow::Result<Value> {
    let body = json!({ "kind": "sms", "name": "SMS", "campaign_id": campaign, "config": config(stand_in, number) });
    ok(admin.post("/api/v1/channels", body).await).await
}

/// What Twilio answers a post to `path` (with its query) signed as `signature`.
struct Answer {
    status: StatusCode,
    content_type: String,
    body: String,
}

async fn post(app: &TestApp, path: &str, body: Vec<u8>, signature: Option<&str>) -> anyhow::Result<Answer> {
    let mut request = reqwest::Client::new()
        .post(app.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some(signature) = signature {
        request = request.header("x-twilio-signature", signature);
    }
    let response = request.send().await?;
    let status = response.status();
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = response.text().await?;
    app.drain_intake().await?;
    Ok(Answer { status, content_type, body })
}

/// Posts `body` to `path` signed as Twilio signs a call to this server's public URL.
async fn signed(app: &TestApp, path: &str, body: Vec<u8>) -> anyhow::Result<Answer> {
    let signature = sign(&format!("{}{path}", app.state.settings.public_base()), &body);
    post(app, path, body, Some(&signature)).await
}

/// Posts a fixture verbatim, twice, each accepted.
async fn twice(app: &TestApp, path: &str, file: &str) -> anyhow::Result<Answer> {
    let mut last = None;
    for _ in 0..2 {
        let answer = signed(app, path, fixtures::bytes(&format!("twilio/{file}"))).await?;
        anyhow::ensure!(answer.status == StatusCode::OK, "{file}: {} {}", answer.status, answer.body);
        last = Some(answer);
    }
    last.ok_or_else(|| anyhow::anyhow!("no answer"))
}

fn hook(channel: &Value) -> String {
    format!("/webhooks/sms/{}", id(channel))
}

fn status_hook(channel: &Value, message: &Value) -> String {
    format!("/webhooks/sms/{}/status?outbox_id={}", id(channel), id(message))
}

async fn conversations(admin: &charla_testkit::TestClient) -> anyhow::Result<Vec<Value>> {
    Ok(ok(admin.get("/api/v1/conversations").await).await?["items"].as_array().cloned().unwrap_or_default())
}

async fn message_of(desk: &Desk, conversation: &Value, message: &Value) -> anyhow::Result<Value> {
    let items = thread(desk, conversation).await?;
    items.into_iter().find(|m| m["id"] == message["id"]).ok_or_else(|| anyhow::anyhow!("no message {}", message["id"]))
}

/// An agent's reply in the conversation, sent by the jobs (a second later, at the pace).
async fn reply(app: &TestApp, desk: &Desk, conversation: &Value, text: &str) -> anyhow::Result<Value> {
    app.clock.advance(SignedDuration::from_secs(2));
    let path = format!("/api/v1/conversations/{}/messages", id(conversation));
    let reply = ok(desk.agent(0).client.post(&path, json!({ "text": text })).await).await?;
    app.run_pending_jobs().await?;
    Ok(reply)
}

both!(a_number_receives_every_fixture_once_and_answers, settings = allow_stand_ins, |app| async move {
    let stand_in = TwilioStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = number(desk.admin(), &desk.campaign, &stand_in, NUMBER).await?;
    assert!(!channel.to_string().contains(AUTH_TOKEN), "the auth token is sealed, never shown");
    assert_eq!(channel["config"]["phone_number"], NUMBER);
    assert_eq!(channel["webhook_url"], format!("http://charla.test{}", hook(&channel)));

    // Bad, missing, or another URL's signature (the fixture's own, or https): nothing stored.
    let file = fixtures::bytes("twilio/inbound_sms.form");
    let signatures = fixtures::json("twilio/signatures.json");
    let bad = signatures["bad_signature_example"].as_str().unwrap();
    let fixture_url = signatures["files"]["inbound_sms.form"]["X-Twilio-Signature"].as_str().unwrap();
    let https = sign(&format!("https://charla.test{}", hook(&channel)), &file);
    for signature in [Some(bad), None, Some(fixture_url), Some(https.as_str())] {
        let answer = post(&app, &hook(&channel), file.clone(), signature).await?;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{signature:?}");
    }
    assert!(conversations(desk.admin()).await?.is_empty());

    // The contact writes: stored once, answered with empty TwiML.
    let answer = twice(&app, &hook(&channel), "inbound_sms.form").await?;
    assert_eq!(answer.content_type, "text/xml");
    assert!(answer.body.ends_with("<Response/>"), "{}", answer.body);
    let list = conversations(desk.admin()).await?;
    assert_eq!(list.len(), 1);
    let conversation = list[0].clone();

    // An MMS: one message with its text and both media, fetched with the account's
    // credentials and then from the CDN without them.
    twice(&app, &hook(&channel), "inbound_mms_two_media.form").await?;
    app.run_pending_jobs().await?;
    let inbound: Vec<Value> =
        thread(&desk, &conversation).await?.into_iter().filter(|m| m["direction"] == "inbound").collect();
    let texts: Vec<&str> = inbound.iter().map(|m| m["text"].as_str().unwrap_or_default()).collect();
    assert_eq!(texts, ["Hola, quiero hablar con un asesor", "Fotos del daño"]);
    let contact = format!("/api/v1/contacts/{}", inbound[0]["contact_id"].as_str().unwrap());
    let contact = ok(desk.admin().get(&contact).await).await?;
    assert!(contact.to_string().contains(CONTACT), "the sender's number is the contact's: {contact}");
    let mms = &inbound[1];
    assert_eq!(mms["kind"], "image");
    assert_eq!(mms["payload"]["media_pending"], false, "{mms}");
    assert_eq!(mms["attachment"]["content_type"], "image/jpeg");
    let second = &mms["payload"]["more_media"][0];
    assert_eq!((second["content_type"].as_str(), second["file_id"].is_string()), (Some("video/mp4"), true), "{mms}");
    let downloads: Vec<_> = stand_in.requests().into_iter().filter(|r| r.method == "GET").collect();
    let media: Vec<_> = downloads.iter().filter(|r| r.path.contains("/Media/")).collect();
    let cdn: Vec<_> = downloads.iter().filter(|r| r.path.starts_with("/cdn/")).collect();
    assert_eq!((media.len(), cdn.len()), (2, 2), "{downloads:?}");
    assert!(media.iter().all(|r| r.authorization.as_deref().is_some_and(|a| a.starts_with("Basic "))));
    assert!(cdn.iter().all(|r| r.authorization.is_none()), "the credentials never go to the CDN");
    let file_url = mms["attachment"]["url"].as_str().unwrap();
    let bytes = reqwest::Client::new()
        .get(app.url(file_url))
        .header("cookie", desk.admin().cookie_header().unwrap_or_default())
        .send()
        .await?
        .bytes()
        .await?;
    assert_eq!(&bytes[..], [MEDIA_BYTES, b"ME1a2b3c4d5e6f708192a3b4c5d6e7f809"].concat().as_slice());

    // The agent answers: the fixture's form, with our status callback; Twilio's sid kept.
    set_status(&desk.agent(0).client, "online").await?;
    app.run_pending_jobs().await?;
    stand_in.answer_next_send(201, fixtures::json("twilio/outbound/send_response_201.json"));
    let text = "Hola, soy Laura de soporte. ¿En qué te ayudo? 😊";
    let sent = reply(&app, &desk, &conversation, text).await?;
    let request = stand_in.sends().last().expect("a send").clone();
    assert_eq!(request.path, format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"));
    assert!(request.authorization.as_deref().is_some_and(|a| a.starts_with("Basic ")));
    let expected = charla_channels::twilio::read_form(&fixtures::bytes("twilio/outbound/send_request.form"))?;
    let names = |form: &[(String, String)]| {
        let mut names: Vec<String> = form.iter().map(|(k, _)| k.clone()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&request.form), names(&expected));
    for field in ["To", "From", "Body"] {
        assert_eq!(request.field(field), charla_channels::twilio::field(&expected, field), "{field}");
    }
    let callback = format!("http://charla.test{}", status_hook(&channel, &sent));
    assert_eq!(request.field("StatusCallback"), Some(callback.as_str()), "the callback names our message");
    let shown = message_of(&desk, &conversation, &sent).await?;
    assert_eq!(shown["status"], "sent", "{shown}");
    let row = charla_db::repo::messages::get(&app.state.db, desk.org.id, uuid::Uuid::parse_str(&id(&sent))?).await?;
    assert_eq!(row.and_then(|m| m.network_id).as_deref(), Some(SENT_SID));

    // Its statuses: delivered, and a late `sent` never moves it back.
    for file in ["status_sent.form", "status_delivered.form", "status_sent.form"] {
        twice(&app, &status_hook(&channel, &sent), file).await?;
    }
    assert_eq!(message_of(&desk, &conversation, &sent).await?["status"], "delivered");

    // Undelivered with 30003: failed, the reason shown to the agent.
    let mut answer = fixtures::json("twilio/outbound/send_response_201.json");
    answer["sid"] = json!(UNDELIVERED_SID);
    stand_in.answer_next_send(201, answer);
    let lost = reply(&app, &desk, &conversation, "¿Recibiste las fotos?").await?;
    twice(&app, &status_hook(&channel, &lost), "status_undelivered_30003.form").await?;
    let shown = message_of(&desk, &conversation, &lost).await?;
    assert_eq!(shown["status"], "failed");
    assert_eq!(shown["error"], json!({ "code": "30003", "title": "unreachable destination handset" }));

    // Twilio refuses the number: a permanent failure, "invalid number".
    stand_in.answer_next_send(400, fixtures::json("twilio/outbound/error_21211_invalid_to.json"));
    let refused = reply(&app, &desk, &conversation, "Hola").await?;
    let shown = message_of(&desk, &conversation, &refused).await?;
    assert_eq!((shown["status"].as_str(), shown["error"]["code"].as_str()), (Some("failed"), Some("21211")), "{shown}");
    assert_eq!(shown["error"]["title"], "invalid number");

    // A long code sends a segment a second: after a text of three segments, the next send
    // waits three seconds for its turn.
    let long = reply(&app, &desk, &conversation, &"Detalle del pedido. ".repeat(20)).await?;
    assert_eq!(message_of(&desk, &conversation, &long).await?["status"], "sent");
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    let next = ok(desk.agent(0).client.post(&path, json!({ "text": "¿Algo más?" })).await).await?;
    app.clock.advance(SignedDuration::from_millis(2500));
    app.run_pending_jobs().await?;
    assert_eq!(message_of(&desk, &conversation, &next).await?["status"], "pending", "its turn is 3 s after");
    app.clock.advance(SignedDuration::from_millis(600));
    app.run_pending_jobs().await?;
    assert_eq!(message_of(&desk, &conversation, &next).await?["status"], "sent");
    Ok(())
});

both!(malformed_oversized_and_other_numbers_store_nothing, settings = allow_stand_ins, |app| async move {
    let stand_in = TwilioStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = number(desk.admin(), &desk.campaign, &stand_in, NUMBER).await?;
    let sid = "SM5f1c0a7e2b9d4c3e8f6a1b2c3d4e5f60";
    let account = format!("AccountSid={ACCOUNT_SID}");
    for body in [
        format!("{account}&From=%2B14155550123&To=%2B14155550100&Body=hola").into_bytes(),
        format!("{account}&MessageSid=..%2Fx&From=%2B14155550123&To=%2B14155550100").into_bytes(),
        format!("{account}&MessageSid={sid}&From=%2B14155550123&To=%2B14155550100&NumMedia=many").into_bytes(),
        format!("{{\"MessageSid\":\"{sid}\"}}").into_bytes(),
        b"\xff\xfe\xfd".to_vec(),
        Vec::new(),
    ] {
        let answer = signed(&app, &hook(&channel), body.clone()).await?;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", String::from_utf8_lossy(&body));
    }
    let huge = vec![b'a'; 5 * 1024 * 1024];
    assert_eq!(signed(&app, &hook(&channel), huge).await?.status, StatusCode::PAYLOAD_TOO_LARGE);
    // A message to another number of the account: acknowledged, never stored here.
    let elsewhere = String::from_utf8(fixtures::bytes("twilio/inbound_sms.form"))?
        .replace("To=%2B14155550100", "To=%2B14155550999");
    assert_eq!(signed(&app, &hook(&channel), elsewhere.into_bytes()).await?.status, StatusCode::OK);
    assert!(conversations(desk.admin()).await?.is_empty());

    // Another organization's number on the same account: Acme's messages never land there,
    // and its status URL never touches Acme's sends.
    let globex = app.org("Globex").await?;
    let client = ok(globex.admin.post("/api/v1/clients", json!({"name": "Other"})).await).await?;
    let project =
        ok(globex.admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "P"})).await).await?;
    let campaign =
        ok(globex.admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "C"})).await).await?;
    let theirs = number(&globex.admin, &id(&campaign), &stand_in, "+14155550777").await?;
    twice(&app, &hook(&theirs), "inbound_sms.form").await?;
    assert!(conversations(&globex.admin).await?.is_empty(), "a message to Acme's number is not Globex's");
    twice(&app, &hook(&channel), "inbound_sms.form").await?;
    let conversation = conversations(desk.admin()).await?[0].clone();
    set_status(&desk.agent(0).client, "online").await?;
    app.run_pending_jobs().await?;
    stand_in.answer_next_send(201, fixtures::json("twilio/outbound/send_response_201.json"));
    let sent = reply(&app, &desk, &conversation, "Hola").await?;
    let foreign = format!("/webhooks/sms/{}/status?outbox_id={}", id(&theirs), id(&sent));
    let delivered = String::from_utf8(fixtures::bytes("twilio/status_delivered.form"))?
        .replace("From=%2B14155550100", "From=%2B14155550777");
    assert_eq!(signed(&app, &foreign, delivered.into_bytes()).await?.status, StatusCode::OK);
    assert_eq!(
        message_of(&desk, &conversation, &sent).await?["status"],
        "sent",
        "Globex's URL never moves Acme's send"
    );
    assert_eq!(globex.admin.get(&format!("/api/v1/channels/{}", id(&channel))).await?.status, StatusCode::NOT_FOUND);

    // A config of another provider, a bad SID or number, or no token: refused field by field.
    for (change, field) in [
        (json!({ "provider": "plivo" }), "config.provider"),
        (json!({ "account_sid": "AC123" }), "config.account_sid"),
        (json!({ "phone_number": "555-0100" }), "config.phone_number"),
        (json!({ "auth_token": " " }), "config.auth_token"),
    ] {
        let mut config = config(&stand_in, NUMBER);
        for (k, v) in change.as_object().unwrap() {
            config[k] = v.clone();
        }
        let body = json!({ "kind": "sms", "name": "X", "campaign_id": desk.campaign, "config": config });
        let refused = desk.admin().post("/api/v1/channels", body).await?;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(refused.body["errors"][0]["field"], field, "{}", refused.body);
    }
    Ok(())
});
