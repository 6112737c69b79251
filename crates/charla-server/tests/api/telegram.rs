//! Telegram bots (CH-2) with the real-format fixtures: the secret-token header, every
//! update kind, edits, button presses answered, blocked bots, setWebhook and replies.

use charla_db::repo::{channels, contacts, messages};
use charla_testkit::TestApp;
use charla_testkit::fixtures;
use charla_testkit::telegram::{BOT_TOKEN, FILE_BYTES, TelegramStandIn};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::desk::{Desk, desk, id, ok, set_status};

const SECRET: &str = "charla_tg-Secret_0123456789";

pub fn allow_stand_ins(settings: &mut charla_server::settings::Settings) {
    settings.allow_private_hosts = vec!["127.0.0.1".to_owned()];
}

pub async fn bot(desk: &Desk, stand_in: &TelegramStandIn) -> anyhow::Result<Value> {
    ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "telegram",
                "name": "Bot de soporte",
                "campaign_id": desk.campaign,
                "config": { "bot_token": BOT_TOKEN, "secret_token": SECRET, "api_base_url": stand_in.api_base_url },
            }),
        )
        .await)
    .await
}

async fn post(app: &TestApp, channel: &Value, file: &str, secret: Option<&str>) -> anyhow::Result<StatusCode> {
    let url = app.url(&format!("/webhooks/telegram/{}", id(channel)));
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(fixtures::bytes(&format!("telegram/{file}")));
    if let Some(secret) = secret {
        request = request.header("x-telegram-bot-api-secret-token", secret);
    }
    let status = request.send().await?.status();
    app.drain_intake().await?;
    Ok(status)
}

pub async fn accepted(app: &TestApp, channel: &Value, file: &str) -> anyhow::Result<()> {
    let status = post(app, channel, file, Some(SECRET)).await?;
    anyhow::ensure!(status == StatusCode::OK, "{file}: {status}");
    Ok(())
}

both!(a_bot_receives_every_update_kind_once_and_answers, settings = allow_stand_ins, |app| async move {
    let stand_in = TelegramStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = bot(&desk, &stand_in).await?;
    let text = serde_json::to_string(&channel)?;
    assert!(!text.contains(BOT_TOKEN) && !text.contains(SECRET), "no secret in the resource");
    // Creating the channel sets its webhook with the secret token, as a job.
    app.run_pending_jobs().await?;
    let jobs = desk.admin().get("/api/v1/jobs").await?.body;
    let set =
        stand_in.calls().into_iter().find(|c| c.method == "setWebhook").unwrap_or_else(|| panic!("setWebhook: {jobs}"));
    assert_eq!(set.body["secret_token"], SECRET);
    assert_eq!(set.body["url"], format!("http://charla.test/webhooks/telegram/{}", id(&channel)));
    assert_eq!(
        set.body["allowed_updates"],
        fixtures::json("telegram/outbound/set_webhook_request.json")["allowed_updates"]
    );

    // Wrong or missing secret: 403, nothing stored.
    assert_eq!(
        post(&app, &channel, "update_start_command.json", Some("charla_tg-Secret_WRONG")).await?,
        StatusCode::FORBIDDEN
    );
    assert_eq!(post(&app, &channel, "update_start_command.json", None).await?, StatusCode::FORBIDDEN);
    assert!(ok(desk.admin().get("/api/v1/conversations").await).await?["items"].as_array().unwrap().is_empty());

    for file in [
        "update_start_command.json",
        "update_photo_caption.json",
        "update_voice.json",
        "update_location.json",
        "update_contact.json",
        "update_callback_query.json",
        "update_unhandled_poll_answer.json",
        "update_document.json",
    ] {
        accepted(&app, &channel, file).await?;
        accepted(&app, &channel, file).await?;
    }
    let list = ok(desk.admin().get("/api/v1/conversations").await).await?;
    let conversations = list["items"].as_array().unwrap();
    assert_eq!(conversations.len(), 2, "Camila and João");
    let camila = conversations.iter().find(|c| c["contact"]["name"] == "Camila Rojas").unwrap();
    let thread = ok(desk.admin().get(&format!("/api/v1/conversations/{}/messages", id(camila))).await).await?;
    let items: Vec<&Value> =
        thread["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "inbound").collect();
    let kinds: Vec<&str> = items.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["text", "image", "audio", "location", "contacts", "interactive"], "each once, the poll ignored");
    assert_eq!(items[0]["text"], "/start");
    assert_eq!(items[1]["text"], "Así llegó la caja 📦");
    assert_eq!(items[5]["text"], "Facturación");
    assert_eq!(items[5]["payload"]["interactive"]["id"], "dept_billing");

    // The button press is answered; media is fetched through getFile.
    app.run_pending_jobs().await?;
    let answered = stand_in.calls().into_iter().find(|c| c.method == "answerCallbackQuery").expect("answered");
    assert_eq!(answered.body["callback_query_id"], "530307468195938497");
    let joao = conversations.iter().find(|c| c["contact"]["name"] == "João").unwrap();
    let docs = ok(desk.admin().get(&format!("/api/v1/conversations/{}/messages", id(joao))).await).await?;
    let document = docs["items"].as_array().unwrap().iter().find(|m| m["kind"] == "document").unwrap().clone();
    let jobs = desk.admin().get("/api/v1/jobs").await?.body;
    assert_eq!(document["attachment"]["name"], "contrato_assinado.pdf", "{jobs}");
    let bytes = reqwest::Client::new()
        .get(app.url(document["attachment"]["url"].as_str().unwrap()))
        .header("cookie", desk.admin().cookie_header().unwrap_or_default())
        .send()
        .await?
        .bytes()
        .await?;
    assert_eq!(&bytes[..], FILE_BYTES);

    // An edit of a message never received is stored once, marked edited.
    accepted(&app, &channel, "update_edited_message.json").await?;
    accepted(&app, &channel, "update_edited_message.json").await?;
    let thread = ok(desk.admin().get(&format!("/api/v1/conversations/{}/messages", id(camila))).await).await?;
    let edited: Vec<&Value> =
        thread["items"].as_array().unwrap().iter().filter(|m| m["payload"]["edited"] == true).collect();
    assert_eq!(edited.len(), 1);
    assert_eq!(edited[0]["text"], "Hola 👋🏽 mi pedido #9 no llega");

    // The agent replies: sendMessage to the chat; the message id is kept.
    set_status(&desk.agent(0).client, "online").await?;
    let mine = ok(desk.agent(0).client.get("/api/v1/conversations").await).await?;
    let conversation =
        mine["items"].as_array().unwrap().iter().find(|c| c["contact"]["name"] == "Camila Rojas").unwrap().clone();
    let reply = desk
        .agent(0)
        .client
        .post(&format!("/api/v1/conversations/{}/messages", id(&conversation)), json!({"text": "¡Hola Camila!"}))
        .await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    app.run_pending_jobs().await?;
    let sent = stand_in.calls().into_iter().find(|c| c.method == "sendMessage").expect("sent");
    assert_eq!(sent.body, json!({"chat_id": 123456789, "text": "¡Hola Camila!"}));
    let stored =
        messages::get(&app.state.db, desk.org.id, Uuid::parse_str(reply.body["id"].as_str().unwrap())?).await?.unwrap();
    assert_eq!(stored.status.as_deref(), Some("sent"));
    assert_eq!(stored.network_id.as_deref(), Some("123456789:9"));

    // The bot was blocked: the send fails for good and the contact is unreachable.
    stand_in.answer_next_send(403, fixtures::json("telegram/outbound/error_403_bot_blocked.json"));
    let blocked = desk
        .agent(0)
        .client
        .post(&format!("/api/v1/conversations/{}/messages", id(&conversation)), json!({"text": "¿Sigues ahí?"}))
        .await?;
    app.run_pending_jobs().await?;
    let failed = messages::get(&app.state.db, desk.org.id, Uuid::parse_str(blocked.body["id"].as_str().unwrap())?)
        .await?
        .unwrap();
    assert_eq!((failed.status.as_deref(), failed.error_code.as_deref()), (Some("failed"), Some("403")));
    let contact =
        contacts::get(&app.state.db, desk.org.id, Uuid::parse_str(conversation["contact"]["id"].as_str().unwrap())?)
            .await?
            .unwrap();
    assert!(contact.unreachable);
    // 429 with retry_after: retried later, not failed.
    stand_in.answer_next_send(429, fixtures::json("telegram/outbound/error_429_retry_after.json"));
    let limited = desk
        .agent(0)
        .client
        .post(&format!("/api/v1/conversations/{}/messages", id(&conversation)), json!({"text": "Perdón"}))
        .await?;
    app.run_pending_jobs().await?;
    let waiting = messages::get(&app.state.db, desk.org.id, Uuid::parse_str(limited.body["id"].as_str().unwrap())?)
        .await?
        .unwrap();
    assert_eq!(waiting.status.as_deref(), Some("pending"));
    let row = channels::get(&app.state.db, desk.org.id, Uuid::parse_str(&id(&channel))?).await?.unwrap();
    assert_eq!(row.status, "active");
    Ok(())
});
