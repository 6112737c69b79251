//! Messenger pages (CH-6) with the real-format fixtures, each posted verbatim and twice:
//! the subscription check, signatures, every event kind, an agent's reply compared with
//! the fixtures' `outbound/` bodies, its echo never duplicated, watermarks, reactions,
//! another tool's echo, and Meta's policy (`HUMAN_AGENT` for a person within 7 days,
//! never for the bot, a clear refusal past 7 days).

use charla_db::repo::messages;
use charla_testkit::TestApp;
use charla_testkit::fixtures::{self, config};
use charla_testkit::meta_inbox::{MetaInboxStandIn, TOKEN};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::desk::{Desk, desk, id, ok, set_status};
use super::telegram::allow_stand_ins;

/// The fixtures' clock: Messenger's text arrives at 1767283200.900, our reply goes at .950.
pub const FIXTURE_NOW_MICROS: i64 = 1_767_283_200_950_000;
pub const OUR_SEND: &str = "m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P";

/// Sets the test clock to the fixtures' moment.
pub fn to_fixture_time(app: &TestApp) {
    let now = app.clock.now().as_micros();
    app.clock.advance(SignedDuration::from_micros(FIXTURE_NOW_MICROS - now));
}

pub async fn page(desk: &Desk, stand_in: &MetaInboxStandIn, page_id: &str) -> anyhow::Result<Value> {
    ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "messenger",
                "name": "Página de Facebook",
                "campaign_id": desk.campaign,
                "config": {
                    "page_id": page_id, "page_access_token": TOKEN, "app_secret": config::APP_SECRET,
                    "api_base_url": stand_in.api_base_url,
                },
            }),
        )
        .await)
    .await
}

/// Posts bytes to a channel's webhook with a signature, then applies what was stored.
pub async fn post_signed(
    app: &TestApp,
    channel: &Value,
    body: Vec<u8>,
    signature: Option<&str>,
) -> anyhow::Result<StatusCode> {
    let kind = channel["kind"].as_str().unwrap_or_default();
    let url = app.url(&format!("/webhooks/{kind}/{}", id(channel)));
    let mut request = reqwest::Client::new().post(url).header("content-type", "application/json").body(body);
    if let Some(signature) = signature {
        request = request.header("x-hub-signature-256", signature);
    }
    let status = request.send().await?.status();
    app.drain_intake().await?;
    Ok(status)
}

/// Posts a fixture file (`"messenger/text_message.json"`) verbatim, twice, each accepted.
pub async fn twice(app: &TestApp, channel: &Value, file: &str) -> anyhow::Result<()> {
    for _ in 0..2 {
        let status = post_signed(app, channel, fixtures::bytes(file), Some(&fixtures::meta_signature(file))).await?;
        anyhow::ensure!(status == StatusCode::OK, "{file}: {status}");
    }
    Ok(())
}

pub async fn thread(desk: &Desk, conversation: &Value) -> anyhow::Result<Vec<Value>> {
    let page = ok(desk.admin().get(&format!("/api/v1/conversations/{}/messages", id(conversation))).await).await?;
    Ok(page["items"].as_array().cloned().unwrap_or_default())
}

async fn conversations(desk: &Desk) -> anyhow::Result<Vec<Value>> {
    Ok(ok(desk.admin().get("/api/v1/conversations").await).await?["items"].as_array().cloned().unwrap_or_default())
}

async fn stored(app: &TestApp, desk: &Desk, reply: &Value) -> anyhow::Result<messages::MessageRow> {
    Ok(messages::get(&app.state.db, desk.org.id, Uuid::parse_str(&id(reply))?).await?.expect("stored"))
}

both!(a_page_receives_every_fixture_once_and_answers_under_the_policy, settings = allow_stand_ins, |app| async move {
    let stand_in = MetaInboxStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    to_fixture_time(&app);
    let channel = page(&desk, &stand_in, config::PAGE_ID).await?;
    let shown = channel.to_string();
    assert!(!shown.contains(TOKEN) && !shown.contains(config::APP_SECRET), "no secret in the resource");
    assert!(channel["webhook_url"].as_str().unwrap().ends_with(&format!("/webhooks/messenger/{}", id(&channel))));
    let verify_token = channel["verify_token"].as_str().expect("a verify token generated for the admin").to_owned();

    // Meta's subscription check: the raw challenge only for our token.
    let hook = app.url(&format!("/webhooks/messenger/{}", id(&channel)));
    let check = |token: &str| format!("{hook}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444");
    let answer = reqwest::get(check(&verify_token)).await?;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.text().await?, "1158201444");
    assert_eq!(reqwest::get(check("wrong")).await?.status(), StatusCode::FORBIDDEN);
    assert_eq!(reqwest::get(format!("{hook}?hub.challenge=1")).await?.status(), StatusCode::BAD_REQUEST);

    // Forged, missing or other-secret signatures: refused, nothing stored.
    let file = "messenger/text_message.json";
    let bad = fixtures::json("messenger/signatures.json")["bad_signature_example"].as_str().unwrap().to_owned();
    let other = charla_channels::signature::sign_sha256(b"another-secret", &fixtures::bytes(file));
    let mut flipped = fixtures::bytes(file);
    flipped[40] ^= 1;
    for (body, signature) in [
        (fixtures::bytes(file), Some(bad.as_str())),
        (fixtures::bytes(file), None),
        (fixtures::bytes(file), Some(other.as_str())),
        (flipped, Some(fixtures::meta_signature(file).as_str())),
    ] {
        assert_eq!(post_signed(&app, &channel, body, signature).await?, StatusCode::UNAUTHORIZED);
    }
    assert!(conversations(&desk).await?.is_empty());

    // The contact writes: one conversation, one message, the window open.
    twice(&app, &channel, file).await?;
    let list = conversations(&desk).await?;
    assert_eq!(list.len(), 1);
    let conversation = list[0].clone();
    let items = thread(&desk, &conversation).await?;
    let inbound: Vec<&Value> = items.iter().filter(|m| m["direction"] == "inbound").collect();
    assert_eq!(inbound.len(), 1);
    assert_eq!(inbound[0]["text"], "Hola 👋 ¿abren el domingo?");

    // The agent answers inside the window: a RESPONSE, as the fixture; Meta's id is kept.
    set_status(&desk.agent(0).client, "online").await?;
    app.run_pending_jobs().await?;
    stand_in.answer_next_send(200, fixtures::json("messenger/outbound/send_response.json"));
    let expected = fixtures::json("messenger/outbound/send_text_response_request.json");
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    let reply = ok(desk.agent(0).client.post(&path, json!({ "text": expected["message"]["text"] })).await).await?;
    app.run_pending_jobs().await?;
    let sends = stand_in.sends();
    let sent = sends.last().expect("a send");
    assert_eq!(sent.path, format!("/v24.0/{}/messages", config::PAGE_ID));
    assert_eq!(sent.authorization.as_deref(), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(sent.body, expected);
    assert_eq!(stored(&app, &desk, &reply).await?.network_id.as_deref(), Some(OUR_SEND));

    // Its echo is ours: nothing new. Then every other fixture, each twice.
    let outbound_count = |items: &[Value]| items.iter().filter(|m| m["direction"] == "outbound").count();
    let before = outbound_count(&thread(&desk, &conversation).await?);
    twice(&app, &channel, "messenger/echo_of_own_send.json").await?;
    assert_eq!(outbound_count(&thread(&desk, &conversation).await?), before);
    for file in ["image_attachment.json", "quick_reply.json", "delivery.json"] {
        twice(&app, &channel, &format!("messenger/{file}")).await?;
    }
    assert_eq!(stored(&app, &desk, &reply).await?.status.as_deref(), Some("delivered"));
    twice(&app, &channel, "messenger/read.json").await?;
    assert_eq!(stored(&app, &desk, &reply).await?.status.as_deref(), Some("read"), "read by the watermark");
    twice(&app, &channel, "messenger/reaction.json").await?;
    let ours = |items: Vec<Value>| items.into_iter().find(|m| m["id"] == reply["id"]).expect("our reply");
    let reacted = ours(thread(&desk, &conversation).await?);
    assert_eq!(reacted["payload"]["reactions"][config::PSID], "❤️");
    twice(&app, &channel, "messenger/reaction_unreact.json").await?;
    let unreacted = ours(thread(&desk, &conversation).await?);
    assert!(unreacted["payload"]["reactions"].get(config::PSID).is_none(), "{unreacted}");
    twice(&app, &channel, "messenger/echo_from_other_app.json").await?;

    let items = thread(&desk, &conversation).await?;
    let inbound: Vec<&Value> = items.iter().filter(|m| m["direction"] == "inbound").collect();
    let kinds: Vec<&str> = inbound.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["text", "image", "text"], "each once, no bubble for statuses or reactions");
    assert_eq!(inbound[1]["payload"]["media_pending"], true, "the CDN is unreachable here: kept, pending");
    assert_eq!(inbound[2]["text"], "Facturación");
    assert_eq!(inbound[2]["payload"]["quick_reply"]["payload"], "DEPT_BILLING");
    let external: Vec<&Value> = items.iter().filter(|m| m["payload"]["source"] == "external").collect();
    assert_eq!(external.len(), 1, "another tool's echo, once");
    assert_eq!(
        (external[0]["direction"].as_str(), external[0]["text"].as_str()),
        (Some("outbound"), Some("Respondido desde Meta Business Suite"))
    );

    // Get Started: a new contact and conversation, the bot's greeting, the window open.
    twice(&app, &channel, "messenger/postback_get_started.json").await?;
    let list = conversations(&desk).await?;
    assert_eq!(list.len(), 2);
    let started = list.iter().find(|c| c["id"] != conversation["id"]).expect("a second conversation").clone();
    let first = thread(&desk, &started).await?;
    let tapped = first.iter().find(|m| m["direction"] == "inbound").expect("the postback");
    assert_eq!(
        (tapped["text"].as_str(), tapped["payload"]["interactive"]["id"].as_str()),
        (Some("Empezar"), Some("GET_STARTED"))
    );

    // A day later a person's reply goes tagged HUMAN_AGENT, exactly as the fixture.
    app.clock.advance(SignedDuration::from_hours(30));
    let tagged = fixtures::json("messenger/outbound/send_human_agent_request.json");
    ok(desk.agent(0).client.post(&path, json!({ "text": tagged["message"]["text"] })).await).await?;
    app.run_pending_jobs().await?;
    assert_eq!(stand_in.sends().last().expect("a send").body, tagged);
    // Past 7 days: refused with a clear error, nothing queued.
    app.clock.advance(SignedDuration::from_hours(24 * 6));
    let refused = desk.agent(0).client.post(&path, json!({ "text": "¿Sigues ahí?" })).await?;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.body["code"], "human_agent_window_closed");
    Ok(())
});

both!(the_bot_never_sends_with_the_human_agent_tag, settings = allow_stand_ins, |app| async move {
    let stand_in = MetaInboxStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    to_fixture_time(&app);
    let channel = page(&desk, &stand_in, config::PAGE_ID).await?;
    let bot = json!({ "enabled": true, "pre_attention": { "enabled": false }, "post_attention": { "enabled": false } });
    ok(desk.admin().put(&format!("/api/v1/channels/{}/chatbot", id(&channel)), bot).await).await?;
    twice(&app, &channel, "messenger/postback_get_started.json").await?;
    let conversation = conversations(&desk).await?[0].clone();
    let greeting = |items: Vec<Value>| items.into_iter().filter(|m| m["direction"] == "outbound").collect::<Vec<_>>();
    assert_eq!(greeting(thread(&desk, &conversation).await?).len(), 1, "Get Started starts the bot");
    // The greeting waits past 24 hours: it fails, and nothing goes with the tag.
    app.clock.advance(SignedDuration::from_hours(25));
    app.run_pending_jobs().await?;
    assert!(stand_in.sends().is_empty(), "{:?}", stand_in.sends());
    let failed = greeting(thread(&desk, &conversation).await?);
    assert_eq!(
        (failed[0]["status"].as_str(), failed[0]["error"]["code"].as_str()),
        (Some("failed"), Some("window_closed")),
        "{}",
        failed[0]
    );
    Ok(())
});
