//! The outbox beyond texts, through the stand-ins over real HTTP: media uploaded once and
//! sent by id (WhatsApp) or as multipart (Telegram), interactive menus, reactions, read
//! marks, Telegram captions beyond its limit, and the pacing of sends (the number's rate,
//! the recipient's pair limit, a Telegram chat's pace).

use charla_db::repo::{jobs, messages};
use charla_testkit::TestApp;
use charla_testkit::fixtures::{self, config, wamid};
use charla_testkit::graph::{GraphStandIn, TOKEN};
use charla_testkit::telegram::TelegramStandIn;
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use super::call_window::died_in_the_call;
use super::desk::{Desk, desk, id, ok, set_status};
use super::whatsapp::{allow_stand_ins, fresh_text, sent_for, whatsapp_channel};

const PHOTO: &[u8] = b"\xff\xd8\xff\xe0catalogo-de-enero";

/// The fixture's request with the test contact's number.
fn to_contact(mut request: Value, phone: &str) -> Value {
    request["to"] = json!(phone);
    request
}

fn uuid_of(v: &Value) -> Uuid {
    Uuid::parse_str(v["id"].as_str().unwrap()).unwrap()
}

/// A WhatsApp desk whose agent holds María José's conversation, the window open.
async fn whatsapp_desk(app: &TestApp, graph: &GraphStandIn, first_wamid: &str) -> anyhow::Result<(Desk, Value)> {
    let desk = desk(app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    let channel = whatsapp_channel(&desk, graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    fresh_text(app, &channel, first_wamid, "Hola, ¿me ayudas?").await?;
    let conversation = ok(desk.agent(0).client.get("/api/v1/conversations").await).await?["items"][0].clone();
    Ok((desk, conversation))
}

async fn upload(desk: &Desk, name: &str, content_type: &str, bytes: &[u8]) -> anyhow::Result<Value> {
    let path = format!("/api/v1/files?name={name}");
    ok(desk.agent(0).client.send_bytes(Method::POST, &path, content_type, bytes.to_vec()).await).await
}

async fn status_of(app: &TestApp, desk: &Desk, message: Uuid) -> anyhow::Result<messages::MessageRow> {
    Ok(messages::get(&app.state.db, desk.org.id, message).await?.expect("the message"))
}

/// A bot's menu as the chatbot writes it: an interactive row with its send job.
async fn seed_menu(app: &TestApp, desk: &Desk, conversation: &Value, menu: Value) -> anyhow::Result<Uuid> {
    let menu_type: charla_domain::outbound::interactive::Menu = serde_json::from_value(menu.clone())?;
    let text = menu_type.fallback_text();
    let message = Uuid::now_v7();
    let now = app.clock.now();
    let mut tx = app.state.db.begin().await?;
    messages::insert(
        &mut tx,
        &messages::NewMessage {
            org: desk.org.id,
            id: message,
            conversation_id: uuid_of(conversation),
            contact_id: Uuid::parse_str(conversation["contact"]["id"].as_str().unwrap())?,
            channel_id: Uuid::parse_str(conversation["channel_id"].as_str().unwrap())?,
            direction: "outbound",
            kind: "interactive",
            text: Some(&text),
            search_key: None,
            payload: &json!({ "interactive": menu }),
            file_id: None,
            reply_to_id: None,
            author_id: None,
            network_id: None,
            status: Some("pending"),
            now,
        },
    )
    .await?;
    let job = jobs::NewJob {
        org: desk.org.id,
        id: Uuid::now_v7(),
        kind: "message.send",
        payload: &json!({ "message_id": message }),
        run_at: now,
        max_attempts: 10,
        dedup_key: None,
        now,
    };
    jobs::enqueue(&mut tx, &job).await?;
    tx.commit().await?;
    Ok(message)
}

/// The published interactive request less what a menu does not carry: header and footer,
/// and (for a list) its sections, which a menu has one of, untitled.
fn menu_shape(mut expected: Value) -> Value {
    let interactive = expected["interactive"].as_object_mut().unwrap();
    interactive.remove("header");
    interactive.remove("footer");
    if let Some(sections) = expected.pointer("/interactive/action/sections").and_then(Value::as_array) {
        let rows: Vec<Value> = sections.iter().flat_map(|s| s["rows"].as_array().unwrap().clone()).collect();
        expected["interactive"]["action"]["sections"] = json!([{ "rows": rows }]);
    }
    expected
}

both!(an_image_reply_is_uploaded_once_and_sent_by_its_media_id, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, conversation) = whatsapp_desk(&app, &graph, "wamid.fresh.media").await?;
    let file = upload(&desk, "catalogo.jpg", "image/jpeg", PHOTO).await?;
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    let reply =
        desk.agent(0).client.post(&path, json!({"text": "Catálogo de enero", "attachments": [id(&file)]})).await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert_eq!(reply.body["kind"], "image");
    let message = uuid_of(&reply.body);

    // The network fails the first send after the upload: the retry sends by the same id.
    graph.answer_next_send(500, json!({}));
    app.run_pending_jobs().await?;
    assert_eq!(status_of(&app, &desk, message).await?.status.as_deref(), Some("pending"));
    app.clock.advance(SignedDuration::from_secs(5));
    app.run_pending_jobs().await?;

    let uploads: Vec<_> = graph.requests().into_iter().filter(|r| r.is_upload()).collect();
    assert_eq!(uploads.len(), 1, "uploaded once");
    assert_eq!(uploads[0].path, format!("/v24.0/{}/media", config::NUMBER_A));
    assert_eq!(uploads[0].authorization.as_deref(), Some(format!("Bearer {TOKEN}").as_str()));
    let part = |name: &str| uploads[0].form.iter().find(|p| p.name == name).cloned().expect(name);
    assert_eq!(part("messaging_product").text(), "whatsapp");
    assert_eq!(part("type").text(), "image/jpeg");
    assert_eq!(part("file").bytes, PHOTO);
    assert_eq!(part("file").filename.as_deref(), Some("catalogo.jpg"));
    let sends: Vec<_> = graph.requests().into_iter().filter(|r| r.is_send()).collect();
    assert_eq!(sends.len(), 2);
    let expected = sent_for(
        to_contact(fixtures::json("whatsapp/outbound/send_image_by_id_request.json"), "+573001234567"),
        message,
    );
    assert_eq!(sends[0].body, expected);
    assert_eq!(sends[1].body, expected);
    let sent = status_of(&app, &desk, message).await?;
    assert_eq!(sent.status.as_deref(), Some("sent"));
    assert_eq!(sent.network_id.as_deref(), Some(wamid("out_text_reply").as_str()));

    // A crash inside the call window: the message is found `sending` and its job runs again.
    // No status names it within the grace, so it is re-sent once, flagged, by the media id
    // it kept: no second upload.
    died_in_the_call(&app, &desk, message).await?;
    let mut tx = app.state.db.begin().await?;
    let job = jobs::NewJob {
        org: desk.org.id,
        id: Uuid::now_v7(),
        kind: "message.send",
        payload: &json!({ "message_id": message }),
        run_at: app.clock.now(),
        max_attempts: 10,
        dedup_key: None,
        now: app.clock.now(),
    };
    jobs::enqueue(&mut tx, &job).await?;
    tx.commit().await?;
    app.run_pending_jobs().await?;
    assert_eq!(graph.requests().iter().filter(|r| r.is_send()).count(), 2, "waiting for a status first");
    app.clock.advance(SignedDuration::from_secs(i64::from(app.state.settings.resend_grace_seconds)));
    app.run_pending_jobs().await?;
    assert_eq!(graph.requests().iter().filter(|r| r.is_upload()).count(), 1, "still one upload");
    let resends: Vec<_> = graph.requests().into_iter().filter(|r| r.is_send()).collect();
    assert_eq!(resends.len(), 3);
    assert_eq!(resends[2].body, expected);
    let again = status_of(&app, &desk, message).await?;
    assert_eq!((again.status.as_deref(), again.resent), (Some("sent"), true));
    Ok(())
});

both!(a_document_link_in_the_payload_is_sent_by_link, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, conversation) = whatsapp_desk(&app, &graph, "wamid.fresh.link").await?;
    let message = Uuid::now_v7();
    let now = app.clock.now();
    let mut tx = app.state.db.begin().await?;
    messages::insert(
        &mut tx,
        &messages::NewMessage {
            org: desk.org.id,
            id: message,
            conversation_id: uuid_of(&conversation),
            contact_id: Uuid::parse_str(conversation["contact"]["id"].as_str().unwrap())?,
            channel_id: Uuid::parse_str(conversation["channel_id"].as_str().unwrap())?,
            direction: "outbound",
            kind: "document",
            text: Some("Tu factura"),
            search_key: None,
            payload: &json!({ "link": "https://files.example.com/facturas/4521.pdf", "filename": "factura_4521.pdf" }),
            file_id: None,
            reply_to_id: None,
            author_id: None,
            network_id: None,
            status: Some("pending"),
            now,
        },
    )
    .await?;
    let job = jobs::NewJob {
        org: desk.org.id,
        id: Uuid::now_v7(),
        kind: "message.send",
        payload: &json!({ "message_id": message }),
        run_at: now,
        max_attempts: 10,
        dedup_key: None,
        now,
    };
    jobs::enqueue(&mut tx, &job).await?;
    tx.commit().await?;
    app.run_pending_jobs().await?;
    let send = graph.requests().into_iter().find(|r| r.is_send()).expect("a send");
    let expected = to_contact(fixtures::json("whatsapp/outbound/send_document_by_link_request.json"), "+573001234567");
    assert_eq!(send.body, sent_for(expected, message));
    assert!(!graph.requests().iter().any(|r| r.is_upload()));
    assert_eq!(status_of(&app, &desk, message).await?.status.as_deref(), Some("sent"));
    Ok(())
});

both!(menus_go_as_whatsapp_buttons_and_lists_or_as_their_text, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, conversation) = whatsapp_desk(&app, &graph, "wamid.fresh.menu").await?;
    let buttons = seed_menu(
        &app,
        &desk,
        &conversation,
        json!({
            "style": "buttons", "body": "Tu cita es mañana a las 9:00. ¿Qué deseas hacer?",
            "options": [
                { "id": "confirm", "title": "Confirmar", "description": null },
                { "id": "reschedule", "title": "Reprogramar", "description": null },
                { "id": "cancel", "title": "Cancelar", "description": null },
            ]
        }),
    )
    .await?;
    let list = seed_menu(
        &app,
        &desk,
        &conversation,
        json!({
            "style": "list", "body": "¿Con qué área quieres hablar?", "button": "Ver opciones",
            "options": [
                { "id": "dept_billing", "title": "Facturación", "description": "Pagos, facturas y reembolsos" },
                { "id": "dept_tech", "title": "Soporte técnico", "description": "Fallas y configuración" },
                { "id": "dept_sales", "title": "Nuevos planes", "description": null },
            ]
        }),
    )
    .await?;
    // Four buttons do not fit WhatsApp: the numbered text goes instead.
    let too_many = seed_menu(
        &app,
        &desk,
        &conversation,
        json!({
            "style": "buttons", "body": "¿Qué día?",
            "options": [
                { "id": "mon", "title": "Lunes" }, { "id": "tue", "title": "Martes" },
                { "id": "wed", "title": "Miércoles" }, { "id": "thu", "title": "Jueves" },
            ]
        }),
    )
    .await?;
    app.run_pending_jobs().await?;
    let sends: Vec<Value> = graph.requests().into_iter().filter(|r| r.is_send()).map(|r| r.body).collect();
    assert_eq!(sends.len(), 3);
    let phone = "+573001234567";
    let expected_buttons =
        to_contact(menu_shape(fixtures::json("whatsapp/outbound/send_interactive_buttons_request.json")), phone);
    let expected_list =
        to_contact(menu_shape(fixtures::json("whatsapp/outbound/send_interactive_list_request.json")), phone);
    assert!(sends.contains(&sent_for(expected_buttons, buttons)), "{sends:#?}");
    assert!(sends.contains(&sent_for(expected_list, list)), "{sends:#?}");
    let text = sends.iter().find(|s| s["type"] == "text").expect("the fallback");
    assert_eq!(text["text"]["body"], "¿Qué día?\n\n1. Lunes\n2. Martes\n3. Miércoles\n4. Jueves");
    assert_eq!(text["biz_opaque_callback_data"], too_many.to_string());
    for message in [buttons, list, too_many] {
        assert_eq!(status_of(&app, &desk, message).await?.status.as_deref(), Some("sent"));
    }
    Ok(())
});

both!(reactions_and_read_marks_reach_whatsapp_as_published, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    // The contact's message has the fixture's wamid (`in_text`), so requests compare whole.
    let (desk, conversation) = whatsapp_desk(&app, &graph, &wamid("in_text")).await?;
    let agent = &desk.agent(0).client;
    let conversation_id = id(&conversation);
    let thread = ok(agent.get(&format!("/api/v1/conversations/{conversation_id}/messages")).await).await?;
    let inbound = thread["items"].as_array().unwrap().iter().find(|m| m["direction"] == "inbound").unwrap().clone();

    // Reading the conversation queues one read mark for the newest inbound message.
    ok(agent.post(&format!("/api/v1/conversations/{conversation_id}/read"), json!({})).await).await?;
    ok(agent.post(&format!("/api/v1/conversations/{conversation_id}/read"), json!({})).await).await?;
    assert!(graph.requests().iter().all(|r| !r.is_read_mark()), "a job, not a call from the handler");
    app.run_pending_jobs().await?;
    let marks: Vec<_> = graph.requests().into_iter().filter(|r| r.is_read_mark()).collect();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].body, fixtures::json("whatsapp/outbound/mark_read_request.json"));
    assert_eq!(marks[0].path, format!("/v24.0/{}/messages", config::NUMBER_A));

    let react = |message: &Value, body: Value| {
        let path = format!("/api/v1/conversations/{conversation_id}/messages/{}/reaction", id(message));
        async move { agent.post(&path, body).await }
    };
    let reaction = react(&inbound, json!({"emoji": "👍"})).await?;
    assert_eq!(reaction.status, StatusCode::ACCEPTED, "{}", reaction.body);
    assert_eq!(reaction.body["kind"], "reaction");
    app.run_pending_jobs().await?;
    let sends: Vec<_> = graph.requests().into_iter().filter(|r| r.is_send()).collect();
    assert_eq!(sends.len(), 1);
    let expected = fixtures::json("whatsapp/outbound/send_reaction_request.json");
    assert_eq!(sends[0].body, sent_for(expected, uuid_of(&reaction.body)));
    assert_eq!(status_of(&app, &desk, uuid_of(&reaction.body)).await?.status.as_deref(), Some("sent"));
    // An empty emoji takes it off.
    let removed = react(&inbound, json!({"emoji": ""})).await?;
    assert_eq!(removed.status, StatusCode::ACCEPTED);
    app.run_pending_jobs().await?;
    let last = graph.requests().into_iter().rfind(|r| r.is_send()).unwrap();
    assert_eq!(last.body["reaction"]["emoji"], "");

    // Bad input: clear 4xx, nothing queued.
    let before = graph.requests().len();
    let words = react(&inbound, json!({"emoji": "me gusta"})).await?;
    assert_eq!((words.status, words.body["errors"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("emoji")));
    let unknown = react(&inbound, json!({"emoji": "👍", "extra": 1})).await?;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    let nowhere = react(&json!({"id": Uuid::now_v7().to_string()}), json!({"emoji": "👍"})).await?;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    let not_an_id =
        agent.post(&format!("/api/v1/conversations/{conversation_id}/messages/x/reaction"), json!({})).await?;
    assert_eq!(not_an_id.status, StatusCode::NOT_FOUND);
    // A message not yet sent (no network id) cannot take one.
    let path = format!("/api/v1/conversations/{conversation_id}/messages");
    let pending = ok(agent.post(&path, json!({"text": "Un momento"})).await).await?;
    let unsent = react(&pending, json!({"emoji": "👍"})).await?;
    assert_eq!((unsent.status, unsent.code()), (StatusCode::CONFLICT, "reaction_target_unsent"));
    // Someone else's conversation: refused like a reply.
    let (_, stranger) = app.member(&desk.org, charla_domain::access::BuiltinProfile::Agent).await?;
    let path = format!("/api/v1/conversations/{conversation_id}/messages/{}/reaction", id(&inbound));
    let foreign = stranger.post(&path, json!({"emoji": "👍"})).await?;
    assert!(foreign.status.is_client_error(), "{}", foreign.status);
    // Past the window, as for any free-form message.
    app.clock.advance(SignedDuration::from_hours(25));
    let late = react(&inbound, json!({"emoji": "👍"})).await?;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "window_closed"));
    app.run_pending_jobs().await?;
    let sent_after: Vec<_> = graph.requests().into_iter().skip(before).filter(|r| r.is_send()).collect();
    assert!(sent_after.iter().all(|r| r.body["type"] != "reaction"), "no refused reaction went out");
    Ok(())
});

both!(telegram_sends_photos_menus_and_reactions, settings = allow_stand_ins, |app| async move {
    let stand_in = TelegramStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    let channel = crate::telegram::bot(&desk, &stand_in).await?;
    crate::telegram::accepted(&app, &channel, "update_start_command.json").await?;
    let conversation = ok(desk.agent(0).client.get("/api/v1/conversations").await).await?["items"][0].clone();
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    let file = upload(&desk, "producto.jpg", "image/jpeg", PHOTO).await?;
    let expected = fixtures::json("telegram/outbound/send_photo_request.json");
    let caption = expected["caption"].as_str().unwrap();
    let reply = desk.agent(0).client.post(&path, json!({"text": caption, "attachments": [id(&file)]})).await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    app.run_pending_jobs().await?;
    let photo = stand_in.calls().into_iter().find(|c| c.method == "sendPhoto").expect("sendPhoto");
    // A multipart upload carries the fixture's fields as form fields, the file as `photo`.
    assert_eq!(photo.body, json!({ "chat_id": "123456789", "caption": caption }));
    let sent_file = photo.file.expect("the file part");
    assert_eq!((sent_file.name.as_str(), sent_file.bytes.as_slice()), ("photo", PHOTO));
    assert_eq!(sent_file.filename.as_deref(), Some("producto.jpg"));
    let stored = status_of(&app, &desk, uuid_of(&reply.body)).await?;
    assert_eq!((stored.status.as_deref(), stored.network_id.as_deref()), (Some("sent"), Some("123456789:9")));

    // A menu: sendMessage with one inline button a row.
    let menu = seed_menu(
        &app,
        &desk,
        &conversation,
        json!({
            "style": "list", "body": "¿Con qué área quieres hablar?", "button": "Ver opciones",
            "options": [
                { "id": "dept_billing", "title": "Facturación", "description": "Pagos" },
                { "id": "dept_tech", "title": "Soporte técnico", "description": null },
            ]
        }),
    )
    .await?;
    app.run_pending_jobs().await?;
    let sent_menu = stand_in.calls().into_iter().rfind(|c| c.method == "sendMessage").expect("the menu");
    assert_eq!(
        sent_menu.body,
        json!({
            "chat_id": 123456789,
            "text": "¿Con qué área quieres hablar?",
            "reply_markup": { "inline_keyboard": [
                [{ "text": "Facturación", "callback_data": "dept_billing" }],
                [{ "text": "Soporte técnico", "callback_data": "dept_tech" }],
            ]},
        })
    );
    assert_eq!(status_of(&app, &desk, menu).await?.status.as_deref(), Some("sent"));

    // A reaction on the contact's /start: setMessageReaction on that message.
    let thread = ok(desk.agent(0).client.get(&path).await).await?;
    let start = thread["items"].as_array().unwrap().iter().find(|m| m["direction"] == "inbound").unwrap().clone();
    let reaction =
        ok(desk.agent(0).client.post(&format!("{path}/{}/reaction", id(&start)), json!({"emoji": "👍"})).await).await?;
    app.run_pending_jobs().await?;
    let set = stand_in.calls().into_iter().find(|c| c.method == "setMessageReaction").expect("the reaction");
    assert_eq!(
        set.body,
        json!({ "chat_id": 123456789, "message_id": 1, "reaction": [{ "type": "emoji", "emoji": "👍" }] })
    );
    assert_eq!(status_of(&app, &desk, uuid_of(&reaction)).await?.status.as_deref(), Some("sent"));

    // 429 with retry_after: the job waits exactly that long, its attempt not spent (once
    // the chat's pace has its burst back: three sends just went to it).
    app.clock.advance(SignedDuration::from_secs(3));
    stand_in.answer_next_send(429, fixtures::json("telegram/outbound/error_429_retry_after.json"));
    let limited = ok(desk.agent(0).client.post(&path, json!({"text": "Perdón"})).await).await?;
    app.run_pending_jobs().await?;
    let waiting = jobs::list(&app.state.db, desk.org.id, Some("pending"), None, 100).await?;
    let job = waiting.iter().find(|j| j.payload.0["message_id"] == limited["id"]).expect("its job waits");
    assert_eq!(job.run_at.0, app.clock.now().plus(SignedDuration::from_secs(35)));
    assert_eq!(job.attempts, 0);
    app.clock.advance(SignedDuration::from_secs(35));
    app.run_pending_jobs().await?;
    assert_eq!(status_of(&app, &desk, uuid_of(&limited)).await?.status.as_deref(), Some("sent"));
    let perdon = stand_in.calls().into_iter().filter(|c| c.body["text"] == "Perdón").count();
    assert_eq!(perdon, 2, "refused once, then sent once");
    Ok(())
});

fn slow_sends(settings: &mut charla_server::settings::Settings) {
    allow_stand_ins(settings);
    settings.send_rate_per_second = 2;
}

both!(sends_beyond_the_rate_wait_their_turn_and_pair_limits_defer, settings = slow_sends, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, conversation) = whatsapp_desk(&app, &graph, "wamid.fresh.rate").await?;
    let agent = &desk.agent(0).client;
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    let start = app.clock.now();
    let mut queued = Vec::new();
    for n in 1..=6 {
        queued.push(uuid_of(&ok(agent.post(&path, json!({"text": format!("Mensaje {n}")})).await).await?));
    }
    app.run_pending_jobs().await?;
    // Two a second: two go at once, the other four wait for slots half a second apart, in
    // the order they were sent, without spending an attempt.
    let texts = |graph: &GraphStandIn| -> Vec<String> {
        graph.requests().into_iter().filter(|r| r.is_send()).map(|r| r.body["text"]["body"].to_string()).collect()
    };
    assert_eq!(texts(&graph).len(), 2);
    let pending = jobs::list(&app.state.db, desk.org.id, Some("pending"), None, 100).await?;
    let slot_of = |message: Uuid| {
        pending.iter().find(|j| j.payload.0["message_id"] == json!(message)).map(|j| (j.run_at.0, j.attempts))
    };
    for (i, message) in queued.iter().enumerate().skip(2) {
        let after = SignedDuration::from_millis(500 * (i as i64 - 1));
        let all: Vec<_> = pending.iter().map(|j| (j.kind.clone(), j.payload.0.clone(), j.run_at.0)).collect();
        assert_eq!(slot_of(*message), Some((start.plus(after), 0)), "message {}: {all:?}", i + 1);
        assert_eq!(status_of(&app, &desk, *message).await?.status.as_deref(), Some("pending"));
    }
    for _ in 0..4 {
        app.clock.advance(SignedDuration::from_millis(500));
        app.run_pending_jobs().await?;
    }
    let expected: Vec<String> = (1..=6).map(|n| format!("\"Mensaje {n}\"")).collect();
    assert_eq!(texts(&graph), expected, "each once, in order");
    for message in &queued {
        assert_eq!(status_of(&app, &desk, *message).await?.status.as_deref(), Some("sent"));
    }

    // The pair limit (131056): this send waits, and so does the next one to the same
    // recipient; later each goes exactly once.
    app.clock.advance(SignedDuration::from_secs(10));
    graph.answer_next_send(400, fixtures::json("whatsapp/outbound/error_131056_pair_rate_limit.json"));
    let refused = uuid_of(&ok(agent.post(&path, json!({"text": "Despacio"})).await).await?);
    app.run_pending_jobs().await?;
    let held = uuid_of(&ok(agent.post(&path, json!({"text": "Detrás"})).await).await?);
    app.run_pending_jobs().await?;
    for message in [refused, held] {
        assert_eq!(status_of(&app, &desk, message).await?.status.as_deref(), Some("pending"));
    }
    assert_eq!(texts(&graph).iter().filter(|t| t.contains("Detrás")).count(), 0, "held behind the limit");
    for _ in 0..3 {
        app.clock.advance(SignedDuration::from_secs(10));
        app.run_pending_jobs().await?;
    }
    for message in [refused, held] {
        assert_eq!(status_of(&app, &desk, message).await?.status.as_deref(), Some("sent"));
    }
    let sent = texts(&graph);
    assert_eq!(sent.iter().filter(|t| t.contains("Despacio")).count(), 2, "refused once, then sent once");
    assert_eq!(sent.iter().filter(|t| t.contains("Detrás")).count(), 1);
    Ok(())
});

/// A Telegram desk whose agent holds Camila's chat: the stand-in, the desk, the path of
/// her conversation's messages.
async fn telegram_desk(app: &TestApp) -> anyhow::Result<(TelegramStandIn, Desk, Value, String)> {
    let stand_in = TelegramStandIn::start().await?;
    let desk = desk(app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    let channel = crate::telegram::bot(&desk, &stand_in).await?;
    crate::telegram::accepted(app, &channel, "update_start_command.json").await?;
    let conversation = ok(desk.agent(0).client.get("/api/v1/conversations").await).await?["items"][0].clone();
    let path = format!("/api/v1/conversations/{}/messages", id(&conversation));
    Ok((stand_in, desk, channel, path))
}

/// The stand-in's message sends, in order: (method, body).
fn telegram_sends(stand_in: &TelegramStandIn) -> Vec<(String, Value)> {
    stand_in.calls().into_iter().filter(|c| c.method.starts_with("send")).map(|c| (c.method, c.body)).collect()
}

both!(telegram_long_captions_go_after_the_media_once_each, settings = allow_stand_ins, |app| async move {
    let (stand_in, desk, _channel, path) = telegram_desk(&app).await?;
    let agent = &desk.agent(0).client;
    let caption: String = "Catálogo de enero: precios, tallas y envíos. ".chars().cycle().take(1500).collect();
    assert_eq!(caption.chars().count(), 1500);
    let photo = |file: &Value| json!({"text": caption, "attachments": [id(file)]});
    let file = upload(&desk, "catalogo.jpg", "image/jpeg", PHOTO).await?;

    // Beyond 1024: the photo without a caption, then the text as a message, in that order.
    let reply = agent.post(&path, photo(&file)).await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let message = uuid_of(&reply.body);
    app.run_pending_jobs().await?;
    let sends = telegram_sends(&stand_in);
    assert_eq!(
        sends,
        [
            ("sendPhoto".to_owned(), json!({ "chat_id": "123456789" })),
            ("sendMessage".to_owned(), json!({ "chat_id": 123456789, "text": caption })),
        ]
    );
    let photo_call = stand_in.calls().into_iter().find(|c| c.method == "sendPhoto").unwrap();
    assert_eq!(photo_call.file.map(|f| f.bytes), Some(PHOTO.to_vec()));
    let sent = status_of(&app, &desk, message).await?;
    assert_eq!((sent.status.as_deref(), sent.network_id.as_deref()), (Some("sent"), Some("123456789:9")));
    assert_eq!(sent.payload.0["telegram_parts"], json!({ "media": "123456789:9", "text": "123456789:10" }));
    assert!(!sent.resent);

    // The text part fails after the photo went: the retry sends only the text.
    app.clock.advance(SignedDuration::from_secs(5));
    let error = json!({ "ok": false, "error_code": 502, "description": "Bad Gateway" });
    stand_in.answer_next("sendMessage", 502, error.clone());
    let retried = uuid_of(&ok(agent.post(&path, photo(&file)).await).await?);
    app.run_pending_jobs().await?;
    let waiting = status_of(&app, &desk, retried).await?;
    assert_eq!((waiting.status.as_deref(), waiting.network_id.as_deref()), (Some("pending"), Some("123456789:11")));
    assert_eq!(waiting.payload.0["telegram_parts"], json!({ "media": "123456789:11" }));
    app.clock.advance(SignedDuration::from_secs(5));
    app.run_pending_jobs().await?;
    let methods: Vec<String> = telegram_sends(&stand_in).into_iter().skip(2).map(|(m, _)| m).collect();
    assert_eq!(methods, ["sendPhoto", "sendMessage", "sendMessage"], "the photo once, the text refused then sent");
    let sent = status_of(&app, &desk, retried).await?;
    assert_eq!((sent.status.as_deref(), sent.network_id.as_deref()), (Some("sent"), Some("123456789:11")));

    // A crash inside the text's call: found `sending`, the text goes again (flagged, as on
    // any Telegram send caught so), never the photo.
    app.clock.advance(SignedDuration::from_secs(5));
    stand_in.answer_next("sendMessage", 502, error);
    let crashed = uuid_of(&ok(agent.post(&path, photo(&file)).await).await?);
    app.run_pending_jobs().await?;
    died_in_the_call(&app, &desk, crashed).await?;
    app.clock.advance(SignedDuration::from_secs(5));
    app.run_pending_jobs().await?;
    let methods: Vec<String> = telegram_sends(&stand_in).into_iter().skip(5).map(|(m, _)| m).collect();
    assert_eq!(methods, ["sendPhoto", "sendMessage", "sendMessage"]);
    let sent = status_of(&app, &desk, crashed).await?;
    assert_eq!((sent.status.as_deref(), sent.resent), (Some("sent"), true));
    assert_eq!(sent.payload.0["telegram_parts"]["media"], "123456789:13");

    // Within 1024 the caption goes with the photo, as one send.
    app.clock.advance(SignedDuration::from_secs(5));
    let short: String = caption.chars().take(1024).collect();
    let one = uuid_of(&ok(agent.post(&path, json!({"text": short, "attachments": [id(&file)]})).await).await?);
    app.run_pending_jobs().await?;
    let last = telegram_sends(&stand_in).pop().unwrap();
    assert_eq!(last, ("sendPhoto".to_owned(), json!({ "chat_id": "123456789", "caption": short })));
    assert!(status_of(&app, &desk, one).await?.payload.0.get("telegram_parts").is_none());

    // A text beyond Telegram's 4096 UTF-16 units is refused at once, though within 4096 chars.
    let emoji = agent.post(&path, json!({"text": "😀".repeat(2100)})).await?;
    assert_eq!(emoji.status, StatusCode::BAD_REQUEST, "{}", emoji.body);
    assert_eq!(emoji.body["errors"][0], json!({"field": "text", "code": "too_long", "params": {"max": 4096}}));
    Ok(())
});

both!(telegram_paces_each_chat_on_its_own, settings = allow_stand_ins, |app| async move {
    let (stand_in, desk, channel, path) = telegram_desk(&app).await?;
    crate::telegram::accepted(&app, &channel, "update_document.json").await?;
    app.run_pending_jobs().await?;
    let agent = &desk.agent(0).client;
    let mine = ok(agent.get("/api/v1/conversations").await).await?;
    let joao = mine["items"].as_array().unwrap().iter().find(|c| c["contact"]["name"] == "João").unwrap().clone();
    let start = app.clock.now();
    let mut queued = Vec::new();
    for n in 1..=5 {
        queued.push(uuid_of(&ok(agent.post(&path, json!({"text": format!("Respuesta {n}")})).await).await?));
    }
    app.run_pending_jobs().await?;
    let texts_to = |chat: i64| -> Vec<String> {
        telegram_sends(&stand_in)
            .into_iter()
            .filter(|(m, b)| m == "sendMessage" && b["chat_id"] == chat)
            .map(|(_, b)| b["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    // A burst of three goes at once; the other two wait for slots a second apart.
    assert_eq!(texts_to(123456789), ["Respuesta 1", "Respuesta 2", "Respuesta 3"]);
    let pending = jobs::list(&app.state.db, desk.org.id, Some("pending"), None, 100).await?;
    let slot_of = |message: Uuid| {
        pending.iter().find(|j| j.payload.0["message_id"] == json!(message)).map(|j| (j.run_at.0, j.attempts))
    };
    assert_eq!(slot_of(queued[3]), Some((start.plus(SignedDuration::from_secs(1)), 0)));
    assert_eq!(slot_of(queued[4]), Some((start.plus(SignedDuration::from_secs(2)), 0)));

    // João's chat is not held by Camila's.
    let other = format!("/api/v1/conversations/{}/messages", id(&joao));
    let to_joao = uuid_of(&ok(agent.post(&other, json!({"text": "Hola João"})).await).await?);
    app.run_pending_jobs().await?;
    assert_eq!(texts_to(5012345678), ["Hola João"]);
    assert_eq!(status_of(&app, &desk, to_joao).await?.status.as_deref(), Some("sent"));

    // Each second one more goes to Camila, in order, each once.
    app.clock.advance(SignedDuration::from_millis(999));
    app.run_pending_jobs().await?;
    assert_eq!(texts_to(123456789).len(), 3, "not before its second");
    for expected in [4, 5] {
        app.clock.advance(SignedDuration::from_secs(1));
        app.run_pending_jobs().await?;
        assert_eq!(texts_to(123456789).len(), expected);
    }
    let expected: Vec<String> = (1..=5).map(|n| format!("Respuesta {n}")).collect();
    assert_eq!(texts_to(123456789), expected);
    for message in &queued {
        assert_eq!(status_of(&app, &desk, *message).await?.status.as_deref(), Some("sent"));
    }
    Ok(())
});
