//! WhatsApp Cloud API intake (CH-1) with the real-format fixtures: verification, signed
//! webhooks, every message type, statuses that never regress, routing between numbers,
//! idempotent redelivery, media fetched through the Graph API stand-in.

use charla_db::repo::{channels, messages, templates};
use charla_testkit::fixtures::{self, config, wamid, whatsapp_signature};
use charla_testkit::graph::{GraphStandIn, MEDIA_BYTES, TOKEN};
use charla_testkit::{TestApp, TestClient};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::desk::{Desk, desk, id, ok};

pub fn allow_stand_ins(settings: &mut charla_server::settings::Settings) {
    settings.allow_private_hosts = vec!["127.0.0.1".to_owned()];
}

pub async fn whatsapp_channel(
    desk: &Desk,
    graph: &GraphStandIn,
    number: &str,
    waba: &str,
    display: &str,
) -> anyhow::Result<Value> {
    ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "whatsapp",
                "name": format!("WhatsApp {display}"),
                "campaign_id": desk.campaign,
                "config": {
                    "phone_number_id": number,
                    "waba_id": waba,
                    "display_phone_number": display,
                    "access_token": TOKEN,
                    "app_secret": config::APP_SECRET,
                    "verify_token": config::VERIFY_TOKEN,
                    "api_base_url": graph.api_base_url,
                },
            }),
        )
        .await)
    .await
}

/// A published send request as Charla sends it for `message`: compared whole, but its
/// `biz_opaque_callback_data` by shape (fixtures README): present, and our message's id.
pub fn sent_for(mut expected: Value, message: Uuid) -> Value {
    expected["biz_opaque_callback_data"] = json!(message.to_string());
    expected
}

/// Posts a fixture's exact bytes with its signature (or the given header) to a webhook URL.
/// Posts a fixture as Meta does and applies what it stored (the drain does not run in tests).
async fn post(app: &TestApp, channel: &Value, file: &str, signature: Option<&str>) -> anyhow::Result<StatusCode> {
    let status = deliver(app, channel, file, signature).await?;
    app.drain_intake().await?;
    Ok(status)
}

/// Posts a fixture as Meta does (signed with its own signature unless `signature` says
/// otherwise; `Some("")` sends none), without applying it.
pub async fn deliver(
    app: &TestApp,
    channel: &Value,
    file: &str,
    signature: Option<&str>,
) -> anyhow::Result<StatusCode> {
    let url = channel["webhook_url"].as_str().unwrap().replace("http://charla.test", &app.base);
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(fixtures::bytes(&format!("whatsapp/{file}")));
    let default = whatsapp_signature(file);
    if let Some(sig) = signature.or(Some(default.as_str())).filter(|s| !s.is_empty()) {
        request = request.header("x-hub-signature-256", sig);
    }
    Ok(request.send().await?.status())
}

pub async fn accepted(app: &TestApp, channel: &Value, file: &str) -> anyhow::Result<()> {
    let status = post(app, channel, file, None).await?;
    anyhow::ensure!(status == StatusCode::OK, "{file}: {status}");
    Ok(())
}

pub async fn thread(admin: &TestClient) -> anyhow::Result<Vec<Value>> {
    let list = ok(admin.get("/api/v1/conversations").await).await?;
    let mut all = Vec::new();
    for conversation in list["items"].as_array().unwrap() {
        let page =
            ok(admin.get(&format!("/api/v1/conversations/{}/messages?limit=200", id(conversation))).await).await?;
        all.extend(page["items"].as_array().unwrap().iter().filter(|m| m["direction"] != "system").cloned());
    }
    Ok(all)
}

/// Seeds an outbound message we "sent" with the given wamid (the README's seeded outbound).
async fn seed_outbound(
    app: &TestApp,
    org: Uuid,
    channel: Uuid,
    conversation: &Value,
    wamid: &str,
) -> anyhow::Result<Uuid> {
    let id = Uuid::now_v7();
    let mut tx = app.state.db.begin().await?;
    messages::insert(
        &mut tx,
        &messages::NewMessage {
            org,
            id,
            conversation_id: Uuid::parse_str(conversation["id"].as_str().unwrap())?,
            contact_id: Uuid::parse_str(conversation["contact"]["id"].as_str().unwrap())?,
            channel_id: channel,
            direction: "outbound",
            kind: "text",
            text: Some("seeded"),
            search_key: None,
            payload: &json!({}),
            file_id: None,
            reply_to_id: None,
            author_id: None,
            network_id: Some(wamid),
            status: Some("sent"),
            now: app.clock.now(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[tokio::test]
async fn the_subscription_check_answers_exactly_as_meta_expects() {
    let app = TestApp::spawn(charla_testkit::Backend::Sqlite).await.unwrap();
    let graph = GraphStandIn::start().await.unwrap();
    let desk = desk(&app, 1, "round_robin").await.unwrap();
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await.unwrap();
    assert_eq!(channel["verify_token"], config::VERIFY_TOKEN, "shown to administrators");
    let text = serde_json::to_string(&channel).unwrap();
    assert!(!text.contains(TOKEN) && !text.contains(config::APP_SECRET), "no secret in the resource");
    let url = channel["webhook_url"].as_str().unwrap().replace("http://charla.test", &app.base);
    let get = |query: &str| {
        let url = format!("{url}?{query}");
        async move {
            let response = reqwest::get(url).await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let token = config::VERIFY_TOKEN;
    assert_eq!(
        get(&format!("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={token}")).await,
        (StatusCode::OK, "1158201444".to_owned())
    );
    assert_eq!(
        get(&format!("hub.mode=subscribe&hub.challenge=CHALLENGE_ACCEPTED&hub.verify_token={token}")).await,
        (StatusCode::OK, "CHALLENGE_ACCEPTED".to_owned())
    );
    let (status, body) = get("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong-token").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!body.contains("1158201444"));
    assert_eq!(
        get(&format!("hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token={token}")).await.0,
        StatusCode::FORBIDDEN
    );
    assert!(get("hub.challenge=1158201444").await.0.is_client_error());
    // An agent never sees the verify token.
    let agent = &desk.agent(0).client;
    let seen = ok(agent.get(&format!("/api/v1/channels/{}", id(&channel))).await).await.unwrap();
    assert!(seen.get("verify_token").is_none());
}

both!(signed_messages_of_every_type_are_stored_once, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    // Bad, missing or foreign signatures, and a flipped byte: refused, nothing stored.
    assert_eq!(
        post(
            &app,
            &channel,
            "text_message.json",
            Some("sha256=0000000000000000000000000000000000000000000000000000000000000000")
        )
        .await?,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(post(&app, &channel, "text_message.json", Some("")).await?, StatusCode::UNAUTHORIZED);
    assert_eq!(
        post(&app, &channel, "text_message.json", Some(&whatsapp_signature("image_message.json"))).await?,
        StatusCode::UNAUTHORIZED
    );
    assert!(thread(desk.admin()).await?.is_empty());
    // Truncated JSON with a valid signature: 400, nothing stored.
    assert_eq!(post(&app, &channel, "malformed_truncated.json.txt", None).await?, StatusCode::BAD_REQUEST);

    accepted(&app, &channel, "text_message.json").await?;
    accepted(&app, &channel, "text_message.json").await?;
    let messages_now = thread(desk.admin()).await?;
    assert_eq!(messages_now.len(), 1, "posting twice stores once");
    assert_eq!(messages_now[0]["text"], "Hola, ¿tienen envíos a Medellín? Necesito cambiar mi pedido #4521.");
    assert_eq!(messages_now[0]["payload"]["network_timestamp"], 1_767_283_210);
    let conversations = ok(desk.admin().get("/api/v1/conversations").await).await?;
    let conversation = conversations["items"][0].clone();
    assert_eq!(conversation["contact"]["name"], "María José Peña");
    assert_eq!(conversation["contact"]["phone"], "+573001234567");
    assert_eq!(conversation["channel_kind"], "whatsapp");
    assert_eq!(conversation["status"], "queued");

    for file in [
        "image_message.json",
        "audio_voice_message.json",
        "video_message.json",
        "document_message.json",
        "sticker_message.json",
        "location_message.json",
        "contacts_message.json",
        "interactive_button_reply.json",
        "interactive_list_reply.json",
        "template_quick_reply_button.json",
        "unsupported_message.json",
        "text_reply_with_context.json",
        "duplicate_redelivery.json",
    ] {
        accepted(&app, &channel, file).await?;
        accepted(&app, &channel, file).await?;
    }
    let all = thread(desk.admin()).await?;
    let kinds: Vec<&str> = all.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    for kind in ["image", "audio", "video", "document", "sticker", "location", "contacts", "interactive", "unsupported"]
    {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    assert_eq!(all.len(), 14, "each once, plus the redelivery's new one: {kinds:?}");
    let find = |name: &str| {
        all.iter().find(|m| m["payload"]["network_type"].is_string() && m["id"].is_string() && text_of(m) == name)
    };
    fn text_of(m: &Value) -> &str {
        m["text"].as_str().unwrap_or_default()
    }
    let image = find("Así llegó la caja 📦").expect("the image");
    assert_eq!(image["payload"]["media_pending"], true);
    assert!(image["attachment"].is_null());
    let location = all.iter().find(|m| m["kind"] == "location").unwrap();
    assert_eq!(location["payload"]["location"]["longitude"], -99.133208);
    let contacts = all.iter().find(|m| m["kind"] == "contacts").unwrap();
    assert_eq!(contacts["payload"]["contacts"].as_array().unwrap().len(), 2);
    let unsupported = all.iter().find(|m| m["kind"] == "unsupported").unwrap();
    assert_eq!(unsupported["payload"]["unsupported"]["errors"][0]["code"], 131051);
    let quick = find("No recibir promociones").expect("template quick reply");
    assert_eq!(quick["payload"]["button"]["payload"], "STOP_PROMOS");
    // The contacts-card people are not created as contacts.
    let people = ok(desk.admin().get("/api/v1/contacts?q=Gómez").await).await?;
    assert!(people["items"].as_array().unwrap().is_empty());

    // Media is fetched by a job through GET /{media-id} and the URL, with the bearer token.
    app.run_pending_jobs().await?;
    let all = thread(desk.admin()).await?;
    let image = all.iter().find(|m| m["kind"] == "image").unwrap();
    assert_eq!(image["payload"]["media_pending"], false);
    let url = image["attachment"]["url"].as_str().unwrap();
    let bytes = reqwest::Client::new()
        .get(app.url(url))
        .header("cookie", desk.admin().cookie_header().unwrap_or_default())
        .send()
        .await?
        .bytes()
        .await?;
    assert_eq!(&bytes[..], MEDIA_BYTES);
    assert_eq!(image["attachment"]["content_type"], "image/jpeg");
    let requests = graph.requests();
    assert!(requests.iter().any(
        |r| r.path.ends_with("/1003383421387256") && r.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"))
    ));
    let voice = all.iter().find(|m| m["kind"] == "audio").unwrap();
    assert_eq!(voice["payload"]["media"]["voice"], true);
    assert_eq!(voice["attachment"]["content_type"], "audio/ogg");
    Ok(())
});

both!(statuses_reactions_templates_and_health_are_applied, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let channel_id = Uuid::parse_str(&id(&channel))?;
    accepted(&app, &channel, "text_message.json").await?;
    let conversation = ok(desk.admin().get("/api/v1/conversations").await).await?["items"][0].clone();
    let promo = seed_outbound(&app, desk.org.id, channel_id, &conversation, &wamid("out_template_promo")).await?;
    let reply = seed_outbound(&app, desk.org.id, channel_id, &conversation, &wamid("out_text_reply")).await?;
    let outside =
        seed_outbound(&app, desk.org.id, channel_id, &conversation, &wamid("out_text_outside_window")).await?;
    // Read arrives before sent: read stays read, and the pricing of the sent status is kept.
    accepted(&app, &channel, "status_read_v24.json").await?;
    accepted(&app, &channel, "status_sent_marketing.json").await?;
    let row = messages::get(&app.state.db, desk.org.id, promo).await?.unwrap();
    assert_eq!(row.status.as_deref(), Some("read"));
    assert!(row.read_at.is_some());
    let info: Value = sqlx_info(&app, desk.org.id, promo).await?;
    assert_eq!(info["pricing"]["category"], "marketing");
    // A failure carries the network's code and title.
    accepted(&app, &channel, "status_failed_131047.json").await?;
    let failed = messages::get(&app.state.db, desk.org.id, outside).await?.unwrap();
    assert_eq!((failed.status.as_deref(), failed.error_code.as_deref()), (Some("failed"), Some("131047")));
    // A reaction lands on our message, and its removal takes it off; no new bubble.
    let before = thread(desk.admin()).await?.len();
    accepted(&app, &channel, "reaction_message.json").await?;
    let reacted = messages::get(&app.state.db, desk.org.id, reply).await?.unwrap();
    assert_eq!(reacted.payload.0["reactions"]["573001234567"], "❤️");
    accepted(&app, &channel, "reaction_removed_no_emoji.json").await?;
    let removed = messages::get(&app.state.db, desk.org.id, reply).await?.unwrap();
    assert_eq!(removed.payload.0["reactions"], json!({}));
    assert_eq!(thread(desk.admin()).await?.len(), before);
    // A button reply links to the seeded interactive message when we have it.
    // Templates of the WABA keep their approval status.
    accepted(&app, &channel, "template_status_approved.json").await?;
    accepted(&app, &channel, "template_status_rejected.json").await?;
    let list = templates::list(&app.state.db, desk.org.id, Some(config::WABA_A)).await?;
    let status: Vec<(&str, &str)> = list.iter().map(|t| (t.name.as_str(), t.status.as_str())).collect();
    assert!(status.contains(&("order_confirmation", "APPROVED")), "{status:?}");
    assert!(status.contains(&("abandoned_cart", "REJECTED")), "{status:?}");
    // Quality updates become the channel's health.
    accepted(&app, &channel, "phone_number_quality_update.json").await?;
    let row = channels::get(&app.state.db, desk.org.id, channel_id).await?.unwrap();
    assert_eq!(row.health.unwrap().0["max_daily_conversations_per_business"], "TIER_UNLIMITED");
    Ok(())
});

async fn sqlx_info(app: &TestApp, org: Uuid, message: Uuid) -> anyhow::Result<Value> {
    let rows = charla_db::repo::messages::network_info(&app.state.db, org, message).await?;
    Ok(rows.unwrap_or(Value::Null))
}

both!(
    entries_go_to_the_number_they_name_and_never_to_another_organization,
    settings = allow_stand_ins,
    |app| async move {
        let graph = GraphStandIn::start().await?;
        let desk = desk(&app, 1, "round_robin").await?;
        let a = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
        let b = whatsapp_channel(&desk, &graph, config::NUMBER_B, config::WABA_B, config::DISPLAY_B).await?;
        // Another organization has a channel for number A too (same app): it never gets A's messages.
        let other = crate::desk::desk(&app, 0, "round_robin").await?;
        let foreign = whatsapp_channel(&other, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
        // A's payload posted to B's URL goes to A (same organization, same app secret).
        accepted(&app, &b, "text_message.json").await?;
        let list = ok(desk.admin().get("/api/v1/conversations").await).await?;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        assert_eq!(list["items"][0]["channel_id"], a["id"]);
        assert!(ok(other.admin().get("/api/v1/conversations").await).await?["items"].as_array().unwrap().is_empty());
        // Posted to the other organization's URL, it stays there.
        accepted(&app, &foreign, "text_message.json").await?;
        assert_eq!(ok(other.admin().get("/api/v1/conversations").await).await?["items"].as_array().unwrap().len(), 1);
        assert_eq!(ok(desk.admin().get("/api/v1/conversations").await).await?["items"].as_array().unwrap().len(), 1);
        // An unknown channel id is 404; an archived channel stops receiving.
        let gone = reqwest::Client::new()
            .post(app.url(&format!("/webhooks/whatsapp/{}", Uuid::now_v7())))
            .body("{}")
            .send()
            .await?;
        assert_eq!(gone.status(), StatusCode::NOT_FOUND);
        Ok(())
    }
);

/// A text from `wa_id` written at the test clock's now, signed like Meta signs it.
pub async fn fresh_text(app: &TestApp, channel: &Value, wamid: &str, body: &str) -> anyhow::Result<()> {
    let payload = json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": config::WABA_A, "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": config::DISPLAY_A, "phone_number_id": config::NUMBER_A },
            "contacts": [{ "profile": { "name": "María José Peña" }, "wa_id": "573001234567" }],
            "messages": [{
                "from": "573001234567", "id": wamid, "type": "text", "text": { "body": body },
                "timestamp": (app.clock.now().as_micros() / 1_000_000).to_string(),
            }]
        }}]}]
    })
    .to_string();
    post_signed(app, channel, payload).await
}

/// Posts a payload to the channel's webhook, signed like Meta signs it; expects a 200.
pub async fn post_signed(app: &TestApp, channel: &Value, payload: String) -> anyhow::Result<()> {
    let url = channel["webhook_url"].as_str().unwrap().replace("http://charla.test", &app.base);
    let signature = charla_channels::signature::sign_sha256(config::APP_SECRET.as_bytes(), payload.as_bytes());
    let status = reqwest::Client::new()
        .post(url)
        .header("x-hub-signature-256", signature)
        .header("content-type", "application/json")
        .body(payload)
        .send()
        .await?
        .status();
    anyhow::ensure!(status == StatusCode::OK, "{status}");
    app.drain_intake().await?;
    Ok(())
}

both!(replies_go_out_through_the_graph_api_inside_the_window, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = &desk.agent(0).client;
    crate::desk::set_status(agent, "online").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let channel_id = Uuid::parse_str(&id(&channel))?;
    fresh_text(&app, &channel, "wamid.fresh.1", "Hola, ¿me ayudas?").await?;
    let conversation = ok(agent.get("/api/v1/conversations").await).await?["items"][0].clone();
    let conversation_id = id(&conversation);
    let send = |text: &str| {
        let body = json!({ "text": text });
        let path = format!("/api/v1/conversations/{conversation_id}/messages");
        async move { agent.post(&path, body).await }
    };
    let reply = send("¡Hola María José! Sí, enviamos a Medellín. ¿Me confirmas la dirección? 🙂").await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let message_id = Uuid::parse_str(reply.body["id"].as_str().unwrap())?;
    app.run_pending_jobs().await?;
    let sends: Vec<_> = graph.requests().into_iter().filter(|r| r.method == "POST").collect();
    assert_eq!(sends.len(), 1);
    assert_eq!(sends[0].path, format!("/v24.0/{}/messages", config::NUMBER_A));
    assert_eq!(sends[0].authorization.as_deref(), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(sends[0].body, sent_for(fixtures::json("whatsapp/outbound/send_text_request.json"), message_id));
    let sent = messages::get(&app.state.db, desk.org.id, message_id).await?.unwrap();
    assert_eq!(sent.status.as_deref(), Some("sent"));
    assert_eq!(sent.network_id.as_deref(), Some(wamid("out_text_reply").as_str()));
    // The network's statuses now apply to it: the contact's reaction lands on it.
    accepted(&app, &channel, "reaction_message.json").await?;
    let reacted = messages::get(&app.state.db, desk.org.id, message_id).await?.unwrap();
    assert_eq!(reacted.payload.0["reactions"]["573001234567"], "❤️");

    // Rate limited: back to pending, retried later, then sent.
    graph.answer_next_send(400, fixtures::json("whatsapp/outbound/error_130429_rate_limit.json"));
    let limited = send("¿Sigues ahí?").await?;
    let limited_id = Uuid::parse_str(limited.body["id"].as_str().unwrap())?;
    app.run_pending_jobs().await?;
    assert_eq!(
        messages::get(&app.state.db, desk.org.id, limited_id).await?.unwrap().status.as_deref(),
        Some("pending")
    );
    app.clock.advance(jiff::SignedDuration::from_secs(5));
    app.run_pending_jobs().await?;
    let after = messages::get(&app.state.db, desk.org.id, limited_id).await?.unwrap();
    assert_eq!((after.status.as_deref(), after.resent), (Some("sent"), false));

    // A permanent error fails the message with the network's code, no retry.
    graph.answer_next_send(400, fixtures::json("whatsapp/outbound/error_131047_reengagement.json"));
    let refused = send("Otra cosa").await?;
    let refused_id = Uuid::parse_str(refused.body["id"].as_str().unwrap())?;
    app.run_pending_jobs().await?;
    let failed = messages::get(&app.state.db, desk.org.id, refused_id).await?.unwrap();
    assert_eq!((failed.status.as_deref(), failed.error_code.as_deref()), (Some("failed"), Some("131047")));

    // An expired token marks the channel unlinked and pauses its sends.
    graph.answer_next_send(401, fixtures::json("whatsapp/outbound/error_190_token_expired.json"));
    let paused = send("¿Hola?").await?;
    let paused_id = Uuid::parse_str(paused.body["id"].as_str().unwrap())?;
    app.run_pending_jobs().await?;
    assert_eq!(channels::get(&app.state.db, desk.org.id, channel_id).await?.unwrap().status, "unlinked");
    assert_eq!(messages::get(&app.state.db, desk.org.id, paused_id).await?.unwrap().status.as_deref(), Some("pending"));
    let posts_before = graph.requests().iter().filter(|r| r.method == "POST").count();
    app.clock.advance(jiff::SignedDuration::from_mins(10));
    app.run_pending_jobs().await?;
    assert_eq!(graph.requests().iter().filter(|r| r.method == "POST").count(), posts_before, "no sends while unlinked");

    // Past 24 hours since the contact wrote, free-form replies are refused with a clear code.
    app.clock.advance(jiff::SignedDuration::from_hours(25));
    let closed = send("¿Hola?").await?;
    assert_eq!((closed.status, closed.code()), (StatusCode::CONFLICT, "window_closed"));
    Ok(())
});

both!(templates_are_synced_and_reach_a_contact_outside_the_window, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = &desk.agent(0).client;
    crate::desk::set_status(agent, "online").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    // Creating the channel reads the account's templates, every page.
    app.run_pending_jobs().await?;
    let list = ok(agent.get(&format!("/api/v1/templates?channel_id={}", id(&channel))).await).await?;
    let names: Vec<(&str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [("abandoned_cart", "REJECTED"), ("order_confirmation", "APPROVED"), ("promo_enero", "APPROVED")]
    );
    let order = list["items"].as_array().unwrap().iter().find(|t| t["name"] == "order_confirmation").unwrap();
    assert_eq!(order["named_parameters"], json!(["first_name", "order_number"]));
    let approved =
        ok(agent.get(&format!("/api/v1/templates?channel_id={}&status=approved", id(&channel))).await).await?;
    assert_eq!(approved["items"].as_array().unwrap().len(), 2);

    // The fixture's contact wrote long ago: the window is closed, a template still goes.
    accepted(&app, &channel, "text_message.json").await?;
    let conversation = ok(agent.get("/api/v1/conversations").await).await?["items"][0].clone();
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    let closed = agent.post(&path, json!({"text": "Hola"})).await?;
    assert_eq!(closed.code(), "window_closed");
    let wrong = agent
        .post(&path, json!({"template": {"name": "promo_enero", "language": "es", "parameters": ["María José"]}}))
        .await?;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.body["errors"][0]["code"], "parameter_count");
    let rejected = agent.post(&path, json!({"template": {"name": "abandoned_cart", "parameters": ["a", "b"]}})).await?;
    assert_eq!(rejected.body["errors"][0], json!({"field": "template.name", "code": "not_approved", "params": {}}));
    let sent = agent
        .post(
            &path,
            json!({"template": {"name": "order_confirmation", "language": "es_MX",
                                "parameters": {"first_name": "Juan", "order_number": "SKBUP2-4CPIG9"}}}),
        )
        .await?;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    assert_eq!(sent.body["kind"], "template");
    assert_eq!(sent.body["text"], "Hola Juan, tu pedido SKBUP2-4CPIG9 está confirmado.");
    app.run_pending_jobs().await?;
    let post = graph.requests().into_iter().rfind(|r| r.method == "POST").expect("a send");
    let expected = fixtures::json("whatsapp/outbound/send_template_named_request.json");
    assert_eq!(post.body["template"], expected["template"]);
    assert_eq!(post.body["to"], "+573001234567");
    assert_eq!(post.body["biz_opaque_callback_data"], sent.body["id"], "our id, echoed in its statuses");
    let stored =
        messages::get(&app.state.db, desk.org.id, Uuid::parse_str(sent.body["id"].as_str().unwrap())?).await?.unwrap();
    assert_eq!(stored.status.as_deref(), Some("sent"));
    Ok(())
});

/// A status of one of our messages, signed like Meta signs it.
async fn fresh_status(app: &TestApp, channel: &Value, wamid: &str, status: &str) -> anyhow::Result<()> {
    let payload = json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": config::WABA_A, "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": config::DISPLAY_A, "phone_number_id": config::NUMBER_A },
            "statuses": [{
                "id": wamid, "status": status, "recipient_id": "573001234567",
                "timestamp": (app.clock.now().as_micros() / 1_000_000).to_string(),
            }]
        }}]}]
    })
    .to_string();
    post_signed(app, channel, payload).await
}

both!(statuses_arriving_together_never_move_a_message_backwards, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = &desk.agent(0).client;
    crate::desk::set_status(agent, "online").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    fresh_text(&app, &channel, "wamid.together.1", "Hola").await?;
    let conversation = id(&ok(agent.get("/api/v1/conversations").await).await?["items"][0]);
    let mut ids = Vec::new();
    for n in 0..12 {
        let reply = ok(agent
            .post(
                &format!("/api/v1/conversations/{conversation}/messages"),
                json!({ "text": format!("Respuesta {n}") }),
            )
            .await)
        .await?;
        ids.push(Uuid::parse_str(reply["id"].as_str().unwrap())?);
    }
    app.run_pending_jobs().await?;
    let mut wamids = Vec::new();
    for id in &ids {
        let sent = messages::get(&app.state.db, desk.org.id, *id).await?.unwrap();
        wamids.push(sent.network_id.expect("sent with its wamid"));
    }
    // Delivered and read of every message at once: whichever commits last, read stays.
    let posts = wamids
        .iter()
        .flat_map(|w| [fresh_status(&app, &channel, w, "delivered"), fresh_status(&app, &channel, w, "read")]);
    for outcome in futures_util::future::join_all(posts).await {
        outcome?;
    }
    for id in &ids {
        let message = messages::get(&app.state.db, desk.org.id, *id).await?.unwrap();
        assert_eq!(message.status.as_deref(), Some("read"), "{id}");
        assert!(message.delivered_at.is_some() && message.read_at.is_some());
    }
    Ok(())
});
