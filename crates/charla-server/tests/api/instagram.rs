//! Instagram accounts (CH-6) with the real-format fixtures, and what both Meta inboxes share:
//! entries routed by `entry.id` within the organization only, attachments fetched from the
//! CDN at once, malformed bodies (400) and oversized ones (413) with nothing stored.

use charla_testkit::fixtures::{self, config};
use charla_testkit::meta_inbox::{ATTACHMENT_BYTES, MetaInboxStandIn, TOKEN};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{Desk, desk, id, ok, set_status};
use super::messenger::{page, post_signed, thread, to_fixture_time, twice};
use super::telegram::allow_stand_ins;

const IG_SEND: &str = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1NzkzMTg3MjE4OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI2MDAxODYzMjYxNzkyODk2OTozMjI1MzA0NDIxNTU1NTU1NTU1NTU1NTU1NTU1NTU1NTU1NQZDZD";

async fn account(desk: &Desk, stand_in: &MetaInboxStandIn) -> anyhow::Result<Value> {
    ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "instagram",
                "name": "Instagram",
                "campaign_id": desk.campaign,
                "config": {
                    "instagram_account_id": config::INSTAGRAM_ACCOUNT_ID, "access_token": TOKEN,
                    "app_secret": config::APP_SECRET, "api_base_url": stand_in.api_base_url,
                },
            }),
        )
        .await)
    .await
}

/// A campaign of another organization, through its own admin.
async fn a_campaign(admin: &charla_testkit::TestClient) -> anyhow::Result<String> {
    let client = ok(admin.post("/api/v1/clients", json!({"name": "Other"})).await).await?;
    let project = ok(admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "P"})).await).await?;
    let campaign = ok(admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "C"})).await).await?;
    Ok(id(&campaign))
}

async fn conversations(desk: &Desk) -> anyhow::Result<Vec<Value>> {
    Ok(ok(desk.admin().get("/api/v1/conversations").await).await?["items"].as_array().cloned().unwrap_or_default())
}

both!(an_instagram_account_receives_every_fixture_once_and_answers, settings = allow_stand_ins, |app| async move {
    let stand_in = MetaInboxStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    to_fixture_time(&app);
    let channel = account(&desk, &stand_in).await?;
    assert!(!channel.to_string().contains(TOKEN), "no token in the resource");
    assert!(channel["verify_token"].as_str().is_some_and(|t| !t.is_empty()));
    let bad = fixtures::json("instagram/signatures.json")["bad_signature_example"].as_str().unwrap().to_owned();
    let text = fixtures::bytes("instagram/text_message.json");
    assert_eq!(post_signed(&app, &channel, text.clone(), Some(&bad)).await?, StatusCode::UNAUTHORIZED);
    assert_eq!(post_signed(&app, &channel, text, None).await?, StatusCode::UNAUTHORIZED);
    assert!(conversations(&desk).await?.is_empty());

    twice(&app, &channel, "instagram/text_message.json").await?;
    twice(&app, &channel, "instagram/image_attachment.json").await?;
    let list = conversations(&desk).await?;
    assert_eq!(list.len(), 1);
    let conversation = list[0].clone();
    let inbound: Vec<Value> =
        thread(&desk, &conversation).await?.into_iter().filter(|m| m["direction"] == "inbound").collect();
    let kinds: Vec<&str> = inbound.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["text", "image"]);
    assert_eq!(inbound[0]["text"], "Hola! vi su reel 😍 ¿precio?");

    // The agent answers: Instagram's response carries no messaging_type, as the fixture.
    set_status(&desk.agent(0).client, "online").await?;
    app.run_pending_jobs().await?;
    stand_in.answer_next_send(200, fixtures::json("instagram/outbound/send_response.json"));
    let expected = fixtures::json("instagram/outbound/send_text_request.json");
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    let reply = ok(desk.agent(0).client.post(&path, json!({ "text": expected["message"]["text"] })).await).await?;
    app.run_pending_jobs().await?;
    let sent = stand_in.sends().last().expect("a send").clone();
    assert_eq!(sent.path, format!("/v24.0/{}/messages", config::INSTAGRAM_ACCOUNT_ID));
    assert_eq!(sent.body, expected);
    let ours = |items: Vec<Value>| items.into_iter().find(|m| m["id"] == reply["id"]).expect("our reply");

    // Its echo changes nothing; seen marks it read; the reaction lands on it.
    let outbound = |items: &[Value]| items.iter().filter(|m| m["direction"] == "outbound").count();
    let before = outbound(&thread(&desk, &conversation).await?);
    for file in ["echo.json", "messaging_seen.json", "reaction.json"] {
        twice(&app, &channel, &format!("instagram/{file}")).await?;
    }
    let items = thread(&desk, &conversation).await?;
    assert_eq!(outbound(&items), before, "our own echo is no new message");
    let mine = ours(items);
    assert_eq!(mine["payload"]["reactions"][config::IGSID], "❤️");
    assert_eq!(mine["status"], "read");
    let row = charla_db::repo::messages::get(&app.state.db, desk.org.id, uuid::Uuid::parse_str(&id(&mine))?).await?;
    assert_eq!(row.and_then(|m| m.network_id).as_deref(), Some(IG_SEND));

    // Two days on, a person's reply goes tagged HUMAN_AGENT, as the fixture.
    app.clock.advance(SignedDuration::from_hours(48));
    let tagged = fixtures::json("instagram/outbound/send_human_agent_request.json");
    ok(desk.agent(0).client.post(&path, json!({ "text": tagged["message"]["text"] })).await).await?;
    app.run_pending_jobs().await?;
    assert_eq!(stand_in.sends().last().expect("a send").body, tagged);
    Ok(())
});

both!(
    entries_go_to_the_page_they_name_and_never_to_another_organization,
    settings = allow_stand_ins,
    |app| async move {
        let stand_in = MetaInboxStandIn::start().await?;
        let acme = desk(&app, 1, "round_robin").await?;
        to_fixture_time(&app);
        // Acme has the fixtures' page and a second page of the same app.
        let fixture_page = page(&acme, &stand_in, config::PAGE_ID).await?;
        let other_page = page(&acme, &stand_in, "220000000000001").await?;
        // Posted to the second page's URL, the entry still goes to the page it names.
        twice(&app, &other_page, "messenger/text_message.json").await?;
        let list = ok(acme.admin().get("/api/v1/conversations").await).await?;
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["channel_id"], fixture_page["id"]);

        // Another organization with its own page of the same app: Acme's page is not theirs.
        let globex = app.org("Globex").await?;
        let campaign = a_campaign(&globex.admin).await?;
        let theirs = ok(globex
            .admin
            .post(
                "/api/v1/channels",
                json!({
                    "kind": "messenger", "name": "Globex", "campaign_id": campaign,
                    "config": { "page_id": "330000000000001", "page_access_token": TOKEN,
                                "app_secret": config::APP_SECRET, "api_base_url": stand_in.api_base_url },
                }),
            )
            .await)
        .await?;
        for file in ["messenger/quick_reply.json", "messenger/postback_get_started.json"] {
            twice(&app, &theirs, file).await?;
        }
        let globex_list = ok(globex.admin.get("/api/v1/conversations").await).await?;
        assert!(globex_list["items"].as_array().unwrap().is_empty(), "{globex_list}");
        let acme_list = ok(acme.admin().get("/api/v1/conversations").await).await?;
        assert_eq!(acme_list["items"].as_array().unwrap().len(), 1, "nor in Acme through Globex's URL");
        // Globex cannot see or touch Acme's channel.
        let path = format!("/api/v1/channels/{}", id(&fixture_page));
        assert_eq!(globex.admin.get(&path).await?.status, StatusCode::NOT_FOUND);
        Ok(())
    }
);

both!(
    malformed_and_oversized_bodies_store_nothing_and_attachments_are_fetched,
    settings = allow_stand_ins,
    |app| async move {
        let stand_in = MetaInboxStandIn::start().await?;
        let desk = desk(&app, 1, "round_robin").await?;
        to_fixture_time(&app);
        let channel = page(&desk, &stand_in, config::PAGE_ID).await?;
        let sign = |body: &[u8]| charla_channels::signature::sign_sha256(config::APP_SECRET.as_bytes(), body);
        let truncated = fixtures::bytes("messenger/text_message.json")[..120].to_vec();
        let wrong_object = br#"{"object":"instagram","entry":[]}"#.to_vec();
        for body in [truncated, wrong_object, b"[]".to_vec(), b"".to_vec()] {
            let signature = sign(&body);
            assert_eq!(post_signed(&app, &channel, body, Some(&signature)).await?, StatusCode::BAD_REQUEST);
        }
        let huge = vec![b' '; 5 * 1024 * 1024];
        let signature = sign(&huge);
        assert_eq!(post_signed(&app, &channel, huge, Some(&signature)).await?, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(ok(desk.admin().get("/api/v1/conversations").await).await?["items"].as_array().unwrap().is_empty());

        // An attachment on the CDN is downloaded at once (without the page's token) and stored.
        let body = fixtures::json("messenger/image_attachment.json").to_string().replace(
            "https://scontent.xx.fbcdn.net/v/t1.15752-9/471234567_1234567890_n.jpg?_nc_cat=1&oh=00_AbCd&oe=67A0B0C0",
            &stand_in.attachment_url("471234567_n.jpg"),
        );
        let signature = sign(body.as_bytes());
        assert_eq!(post_signed(&app, &channel, body.into_bytes(), Some(&signature)).await?, StatusCode::OK);
        app.run_pending_jobs().await?;
        let fetched = stand_in.requests().into_iter().find(|r| r.method == "GET").expect("the CDN was asked");
        assert_eq!(fetched.authorization, None, "the page's token never goes to the CDN");
        let conversation = ok(desk.admin().get("/api/v1/conversations").await).await?["items"][0].clone();
        let image = thread(&desk, &conversation).await?.into_iter().find(|m| m["kind"] == "image").expect("the image");
        assert_eq!(image["payload"]["media_pending"], false, "{image}");
        let bytes = reqwest::Client::new()
            .get(app.url(image["attachment"]["url"].as_str().unwrap()))
            .header("cookie", desk.admin().cookie_header().unwrap_or_default())
            .send()
            .await?
            .bytes()
            .await?;
        assert_eq!(&bytes[..], ATTACHMENT_BYTES);
        // A missing config field or an unknown key: refused.
        let refused = desk
            .admin()
            .post(
                "/api/v1/channels",
                json!({ "kind": "messenger", "name": "X", "campaign_id": desk.campaign,
                    "config": { "page_id": "1", "app_secret": "s" } }),
            )
            .await?;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(refused.body["errors"][0]["field"], "config");
        let empty = json!({ "kind": "messenger", "name": "X", "campaign_id": desk.campaign,
                        "config": { "page_id": "1", "page_access_token": " ", "app_secret": "s" } });
        let refused = desk.admin().post("/api/v1/channels", empty).await?;
        assert_eq!(refused.body["errors"][0]["field"], "config.page_access_token", "{}", refused.body);
        Ok(())
    }
);
