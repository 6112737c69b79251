//! What a user of the inbox notices around the conversation itself: quick replies
//! (CONV-8), files and attachments (CONV-9), private notes and mentions (CONV-7),
//! contacts (CRM-1) and the inbox's keyset pages.

use std::collections::BTreeSet;

use charla_testkit::TestClient;
use charla_testkit::app::Reply;
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::desk::{Desk, connect, desk, id, ok, set_status, wait_for};

/// The first field error of a 400.
fn field_error(reply: &Reply) -> &Value {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    &reply.body["errors"][0]
}

fn items(reply: &Reply) -> Vec<Value> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["items"].as_array().unwrap_or_else(|| panic!("no items in {}", reply.body)).clone()
}

/// The agent goes online and the customer writes: the conversation is the agent's.
async fn assigned_conversation(desk: &Desk, agent: usize, phone: &str) -> anyhow::Result<String> {
    set_status(&desk.agent(agent).client, "online").await?;
    let inbound = desk.customer_writes(phone, "Hola").await?;
    let conversation = inbound["conversation_id"].as_str().unwrap().to_owned();
    let row = desk.conversation(&conversation).await?;
    assert_eq!(row["status"], "assigned", "{row}");
    assert_eq!(row["agent_id"], json!(desk.agent(agent).id), "{row}");
    Ok(conversation)
}

/// The raw bytes and headers of a GET, as a browser would receive them.
async fn download(app: &charla_testkit::TestApp, client: &TestClient, path: &str) -> anyhow::Result<reqwest::Response> {
    let response = reqwest::Client::new()
        .get(app.url(path))
        .header("cookie", client.cookie_header().unwrap_or_default())
        .send()
        .await?;
    Ok(response)
}

both!(quick_replies_are_checked_rendered_and_found, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let reply = admin.post("/api/v1/quick-reply-categories", json!({"name": "c".repeat(61)})).await?;
    assert_eq!(field_error(&reply), &json!({"field": "name", "code": "too_long", "params": {"max": 60}}));
    let category = ok(admin.post("/api/v1/quick-reply-categories", json!({"name": "c".repeat(60)})).await).await?;
    let category =
        ok(admin.patch(&format!("/api/v1/quick-reply-categories/{}", id(&category)), json!({"name": "Ventas"})).await)
            .await?;
    assert_eq!(category["name"], "Ventas");
    let reply = admin.post("/api/v1/quick-reply-categories", json!({"name": "Ventas"})).await?;
    let error = field_error(&reply);
    assert_eq!((error["field"].as_str(), error["code"].as_str()), (Some("name"), Some("taken")), "{}", reply.body);

    let new_reply = |title: String, text: String| json!({"category_id": id(&category), "title": title, "text": text});
    let reply = admin.post("/api/v1/quick-replies", new_reply("t".repeat(31), "Hola".to_owned())).await?;
    assert_eq!(field_error(&reply), &json!({"field": "title", "code": "too_long", "params": {"max": 30}}));
    let reply = admin.post("/api/v1/quick-replies", new_reply("Largo".to_owned(), "x".repeat(4097))).await?;
    assert_eq!(field_error(&reply), &json!({"field": "text", "code": "too_long", "params": {"max": 4096}}));
    let reply = admin.post("/api/v1/quick-replies", new_reply("Largo".to_owned(), "x".repeat(5000))).await?;
    assert_eq!(field_error(&reply)["code"], "too_long");
    ok(admin.post("/api/v1/quick-replies", new_reply("t".repeat(30), "x".repeat(4096))).await).await?;
    let greeting = ok(admin
        .post(
            "/api/v1/quick-replies",
            new_reply("Información".to_owned(), "Hola {{contact.name}}, soy {{ agent.name }}".to_owned()),
        )
        .await)
    .await?;
    assert_eq!(greeting["variables"], json!(["contact.name", "agent.name"]));

    // An agent lists and renders, but does not write them.
    let agent = &desk.agent(0).client;
    let listed = items(&agent.get("/api/v1/quick-replies").await?);
    assert!(listed.iter().any(|r| r["id"] == greeting["id"]), "{listed:?}");
    assert_eq!(items(&agent.get("/api/v1/quick-reply-categories").await?).len(), 1);
    let reply = agent.post("/api/v1/quick-replies", new_reply("Mía".to_owned(), "Hola".to_owned())).await?;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = agent.post("/api/v1/quick-reply-categories", json!({"name": "Mía"})).await?;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let conversation = assigned_conversation(&desk, 0, "+573001234567").await?;
    let rendered = ok(agent
        .post(&format!("/api/v1/quick-replies/{}/render", id(&greeting)), json!({"conversation_id": conversation}))
        .await)
    .await?;
    assert_eq!(rendered["text"], "Hola Cliente, soy Agent");

    // Search by title ignores accents and case.
    for q in ["informacion", "INFORMACIÓN", "Informa"] {
        let found = items(&agent.get(&format!("/api/v1/quick-replies?q={}", urlencoding(q))).await?);
        let titles: Vec<&str> = found.iter().map(|r| r["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["Información"], "q={q}");
    }
    assert_eq!(items(&agent.get("/api/v1/quick-replies?q=despedida").await?).len(), 0);
    Ok(())
});

/// Percent-encodes a query value.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// A few bytes that are not UTF-8, as a real picture's are.
fn picture() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    bytes.extend((0..=255u8).rev());
    bytes
}

both!(files_are_served_safely_and_attachments_follow_the_campaign, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let upload =
        admin.send_bytes(Method::POST, "/api/v1/files?name=foto.png&library=true", "image/png", picture()).await?;
    assert_eq!(upload.status, StatusCode::CREATED, "{}", upload.body);
    let file = upload.body;
    assert_eq!(file["name"], "foto.png");
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(file["size"], picture().len());
    assert_eq!(file["in_library"], true);
    let library = items(&admin.get("/api/v1/files").await?);
    assert!(library.iter().any(|f| f["id"] == file["id"]), "{library:?}");
    let response = download(&app, admin, &format!("/api/v1/files/{}/content", id(&file))).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");
    assert_eq!(response.bytes().await?.to_vec(), picture(), "the same bytes back");

    // A page uploaded as a file never runs as this site.
    let page = admin
        .send_bytes(Method::POST, "/api/v1/files?name=page.html", "text/html", b"<script>alert(1)</script>".to_vec())
        .await?;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    assert_eq!(page.body["in_library"], false);
    let response = download(&app, admin, &format!("/api/v1/files/{}/content", id(&page.body))).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/octet-stream");
    let disposition = response.headers()["content-disposition"].to_str()?.to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(
        !items(&admin.get("/api/v1/files").await?).iter().any(|f| f["id"] == page.body["id"]),
        "not in the library"
    );
    let empty = admin.send_bytes(Method::POST, "/api/v1/files?name=nada.png", "image/png", Vec::new()).await?;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);

    // The agent sends the picture to the customer.
    let phone = "+573001234567";
    let conversation = assigned_conversation(&desk, 0, phone).await?;
    let agent = &desk.agent(0).client;
    let messages = format!("/api/v1/conversations/{conversation}/messages");
    let sent = agent.post(&messages, json!({"text": "mira", "attachments": [id(&file)]})).await?;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    assert_eq!(sent.body["kind"], "image");
    assert_eq!(sent.body["text"], "mira");
    assert_eq!(sent.body["direction"], "outbound");
    assert_eq!(sent.body["attachment"]["id"], file["id"]);
    assert_eq!(sent.body["attachment"]["content_type"], "image/png");
    app.run_pending_jobs().await?;
    let thread = desk.customer_thread(phone).await?;
    let shown = thread.iter().find(|m| m["id"] == sent.body["id"]).unwrap_or_else(|| panic!("{thread:?}"));
    assert_eq!(shown["status"], "delivered", "{shown}");
    assert_eq!(shown["kind"], "image");
    assert_eq!(shown["attachment"]["id"], file["id"]);
    // The agent (any member) reads the bytes of the attachment.
    let response = download(&app, agent, shown["attachment"]["url"].as_str().unwrap()).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().await?.to_vec(), picture());

    // The campaign forbids attachments: refused, nothing sent.
    let before = items(&agent.get(&messages).await?).len();
    desk.set_campaign(json!({"agent_permissions": {"attachments": false}})).await?;
    let refused = agent.post(&messages, json!({"text": "otra", "attachments": [id(&file)]})).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.code(), "attachments_not_allowed");
    app.run_pending_jobs().await?;
    assert_eq!(desk.customer_thread(phone).await?.len(), thread.len(), "nothing new reached the customer");
    assert_eq!(items(&agent.get(&messages).await?).len(), before, "nothing new in the conversation");

    // The campaign forbids emojis (and allows attachments again: the permissions are replaced whole).
    desk.set_campaign(json!({"agent_permissions": {"emojis": false}})).await?;
    let refused = agent.post(&messages, json!({"text": "Listo 😃"})).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.code(), "emojis_not_allowed");
    assert_eq!(items(&agent.get(&messages).await?).len(), before);
    let plain = agent.post(&messages, json!({"text": "Listo"})).await?;
    assert_eq!(plain.status, StatusCode::ACCEPTED, "{}", plain.body);
    Ok(())
});

both!(private_notes_stay_inside_and_mentions_notify, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    let phone = "+573001234567";
    let conversation = assigned_conversation(&desk, 0, phone).await?;
    let colleague = desk.agent(1);
    let mut socket = connect(&app, &colleague.client).await?;
    let text = format!("Mira esto @[Agent](user:{}) por favor", colleague.id);
    let note = desk
        .agent(0)
        .client
        .post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": text, "private": true}))
        .await?;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    assert_eq!(note.body["direction"], "note");
    assert_eq!(note.body["text"], text);
    assert_eq!(note.body["author"]["id"], json!(desk.agent(0).id));
    app.run_pending_jobs().await?;
    let thread = desk.customer_thread(phone).await?;
    assert!(
        thread
            .iter()
            .all(|m| m["id"] != note.body["id"] && !m["text"].as_str().unwrap_or_default().contains("Mira esto")),
        "the customer never sees a note: {thread:?}"
    );
    assert_eq!(thread.len(), 1, "only the customer's own message: {thread:?}");

    let event = wait_for(&mut socket, |e| e["kind"] == "notification.created").await?;
    assert_eq!(event["payload"]["kind"], "mention", "{event}");
    assert_eq!(event["payload"]["payload"]["conversation_id"], json!(conversation));
    assert_eq!(event["payload"]["payload"]["message_id"], note.body["id"]);
    let notifications = items(&colleague.client.get("/api/v1/notifications").await?);
    assert_eq!(notifications.len(), 1, "{notifications:?}");
    let notification = &notifications[0];
    assert_eq!(notification["id"], event["payload"]["id"]);
    assert_eq!(notification["kind"], "mention");
    assert_eq!(notification["payload"]["conversation_id"], json!(conversation));
    assert_eq!(notification["read_at"], Value::Null);
    // The author is not notified of their own note.
    assert_eq!(items(&desk.agent(0).client.get("/api/v1/notifications").await?).len(), 0);
    let read = colleague.client.post(&format!("/api/v1/notifications/{}/read", id(notification)), json!({})).await?;
    assert_eq!(read.status, StatusCode::NO_CONTENT, "{}", read.body);
    let notifications = items(&colleague.client.get("/api/v1/notifications").await?);
    assert!(notifications[0]["read_at"].is_string(), "{notifications:?}");
    // Nobody else marks it read.
    let other =
        desk.agent(0).client.post(&format!("/api/v1/notifications/{}/read", id(notification)), json!({})).await?;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.body);
    Ok(())
});

both!(contacts_are_normalized_found_and_shown_to_who_serves_them, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let created = admin
        .post("/api/v1/contacts", json!({"name": "José Pérez", "phone": "+57 300 555 1234", "tags": ["VIP", "vip "]}))
        .await?;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let contact = created.body;
    assert_eq!(contact["name"], "José Pérez");
    assert_eq!(contact["phone"], "+573005551234");
    assert_eq!(contact["tags"], json!(["vip"]));
    for q in ["jose%20perez", "JOS%C3%89", "p%C3%A9rez", "PEREZ"] {
        let found = items(&admin.get(&format!("/api/v1/contacts?q={q}")).await?);
        let ids: Vec<&Value> = found.iter().map(|c| &c["id"]).collect();
        assert_eq!(ids, [&contact["id"]], "q={q}");
    }
    let found = items(&admin.get("/api/v1/contacts?tag=vip").await?);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["id"], contact["id"]);
    assert_eq!(items(&admin.get("/api/v1/contacts?tag=VIP").await?).len(), 1);
    assert_eq!(items(&admin.get("/api/v1/contacts?tag=oro").await?).len(), 0);
    assert_eq!(items(&admin.get("/api/v1/contacts?q=maria").await?).len(), 0);
    let reply = admin.post("/api/v1/contacts", json!({"name": "Corto", "phone": "12"})).await?;
    let error = field_error(&reply);
    assert_eq!(
        (error["field"].as_str(), error["code"].as_str()),
        (Some("phone"), Some("invalid_phone")),
        "{}",
        reply.body
    );
    let reply = admin.post("/api/v1/contacts", json!({"name": "Otro", "phone": "+57 (300) 555-1234"})).await?;
    let error = field_error(&reply);
    assert_eq!((error["field"].as_str(), error["code"].as_str()), (Some("phone"), Some("taken")), "{}", reply.body);
    assert_eq!(items(&admin.get("/api/v1/contacts").await?).len(), 1, "the refused contacts were not kept");

    // An agent reads only the contacts it serves.
    let agent = &desk.agent(0).client;
    let path = format!("/api/v1/contacts/{}", id(&contact));
    let reply = agent.get(&path).await?;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(items(&agent.get("/api/v1/contacts").await?).len(), 0);
    let reply = agent.post(&format!("{path}/notes"), json!({"text": "Conocido"})).await?;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let conversation = assigned_conversation(&desk, 0, "+573005551234").await?;
    let seen = agent.get(&path).await?;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(seen.body["name"], "José Pérez", "the contact's own name stays");
    let conversations: Vec<&Value> = seen.body["conversations"].as_array().unwrap().iter().map(|c| &c["id"]).collect();
    assert_eq!(conversations, [&json!(conversation)]);
    let listed = items(&agent.get("/api/v1/contacts").await?);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], contact["id"]);
    let note = agent.post(&format!("{path}/notes"), json!({"text": "Prefiere WhatsApp"})).await?;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    assert_eq!(note.body["author"]["id"], json!(desk.agent(0).id));
    let card = ok(admin.get(&path).await).await?;
    assert_eq!(card["notes"][0]["text"], "Prefiere WhatsApp");
    Ok(())
});

both!(tags_with_accents_are_found_by_the_tag_filter, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let contact = ok(admin
        .post("/api/v1/contacts", json!({"name": "Ana", "phone": "+573005551234", "tags": ["Crédito", "VIP"]}))
        .await)
    .await?;
    assert_eq!(contact["tags"], json!(["crédito", "vip"]));
    let conversation = desk.customer_writes("+573005551234", "Hola").await?["conversation_id"].clone();
    for tag in ["cr%C3%A9dito", "Cr%C3%A9dito"] {
        let found = items(&admin.get(&format!("/api/v1/contacts?tag={tag}")).await?);
        assert_eq!(found.len(), 1, "contacts?tag={tag}");
        assert_eq!(found[0]["id"], contact["id"]);
        let found = items(&admin.get(&format!("/api/v1/conversations?tag={tag}")).await?);
        assert_eq!(found.len(), 1, "conversations?tag={tag}");
        assert_eq!(found[0]["id"], conversation);
    }
    Ok(())
});

both!(the_inbox_pages_by_last_activity_without_gaps_or_repeats, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    // Nobody is online: all 7 wait. Some write at the same instant, so ties are paged too.
    let mut written = Vec::new();
    for i in 0..7 {
        let inbound = desk.customer_writes(&format!("+57300100200{i}"), "Hola").await?;
        let at = app.clock.now();
        written.push((at, uuid::Uuid::parse_str(inbound["conversation_id"].as_str().unwrap())?));
        if i % 2 == 1 {
            app.clock.advance(SignedDuration::from_secs(1));
        }
    }
    written.sort_by(|a, b| b.cmp(a));
    let expected: Vec<String> = written.iter().map(|(_, id)| id.to_string()).collect();

    let mut walked = Vec::new();
    let mut pages = 0;
    let mut path = "/api/v1/conversations?limit=3".to_owned();
    loop {
        let reply = admin.get(&path).await?;
        let page = items(&reply);
        assert!(page.len() <= 3);
        pages += 1;
        walked.extend(page.iter().map(|c| c["id"].as_str().unwrap().to_owned()));
        match reply.body["next"].as_str() {
            Some(next) => path = format!("/api/v1/conversations?limit=3&after={next}"),
            None => break,
        }
        assert!(pages < 10, "the pages never end");
    }
    assert_eq!(walked, expected, "every conversation once, newest activity first");
    assert_eq!(pages, 3);
    assert_eq!(walked.iter().collect::<BTreeSet<_>>().len(), 7);

    let queued = items(&admin.get(&format!("/api/v1/conversations?status=queued&queue_id={}", desk.queue)).await?);
    assert_eq!(queued.len(), 7);
    assert_eq!(items(&admin.get("/api/v1/conversations?status=assigned,closed").await?).len(), 0);
    let reply = admin.get("/api/v1/conversations?status=bogus").await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.code(), "invalid_query");
    let counts = ok(admin.get("/api/v1/inbox/counts").await).await?;
    let queue = counts["queues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["queue_id"] == json!(desk.queue))
        .unwrap_or_else(|| panic!("the desk's queue in {counts}"));
    assert_eq!(queue["waiting"], 7, "{counts}");
    Ok(())
});
