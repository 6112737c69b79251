//! One organization never sees or touches another's data.

use charla_domain::access::BuiltinProfile;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap_or_else(|| panic!("no id in {v}")).to_owned()
}

fn created(reply: charla_testkit::app::Reply) -> Value {
    assert!(reply.status.is_success(), "{} {}", reply.status, reply.body);
    reply.body
}

fn items(reply: &charla_testkit::app::Reply) -> Vec<Value> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["items"].as_array().unwrap_or_else(|| panic!("no items in {}", reply.body)).clone()
}

/// A body that the route would accept from its owner, so that a 404 can only mean "not yours".
fn body_for(method: &str, path: &str, a_contact: &str, a_conversation: &str, b_admin: &str) -> Option<Value> {
    let rest = path.trim_start_matches("/api/v1/");
    let (resource, tail) = rest.split_once("/{id}").unwrap();
    match (method, resource, tail) {
        ("get" | "delete", _, _) => None,
        ("patch", "contact-fields", _) => Some(json!({"label": "stolen"})),
        ("patch", "contact-notes", _) => Some(json!({"contact_id": a_contact, "pinned": true})),
        ("patch", "quick-replies", _) => Some(json!({"title": "stolen", "text": "stolen"})),
        ("patch", _, _) => Some(json!({"name": "stolen"})),
        ("put", "campaigns", "/fields") => Some(json!({"fields": []})),
        ("post", "contacts", "/notes") => Some(json!({"text": "stolen"})),
        ("post", "conversations", "/messages") => Some(json!({"text": "stolen"})),
        ("post", "conversations", "/assign" | "/transfer") => Some(json!({"agent_id": b_admin})),
        ("post", "conversations", "/bot") => Some(json!({"paused": true})),
        ("post", "quick-replies", "/render") => Some(json!({"conversation_id": a_conversation})),
        ("post", "simulator", "/messages") => Some(json!({"text": "stolen", "contact_phone": "+573001112299"})),
        ("put", "users", "/absence") => Some(json!({"enabled": true, "message": "stolen"})),
        ("post", "out-of-hours-contacts", "/send") => Some(json!({"text": "stolen"})),
        _ => Some(json!({})),
    }
}

both!(organization_b_gets_404_on_every_id_of_a, |app| async move {
    let a = app.org("Alpha").await?;
    let b = app.org("Beta").await?;
    let admin = &a.admin;
    // Everything A has that has an id.
    let client = created(admin.post("/api/v1/clients", json!({"name": "A client"})).await?);
    let project =
        created(admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "A project"})).await?);
    let campaign =
        created(admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "A campaign"})).await?);
    let queue = campaign["default_queue_id"].as_str().expect("a default queue").to_owned();
    let profile = created(admin.post("/api/v1/profiles", json!({"name": "A profile", "permissions": []})).await?);
    let reason = created(admin.post("/api/v1/pause-reasons", json!({"name": "A reason"})).await?);
    let token = created(admin.post("/api/v1/tokens", json!({"name": "A token", "profile_id": id(&profile)})).await?);
    let (agent, agent_client) = app.member(&a, BuiltinProfile::Agent).await?;
    let disposition =
        created(admin.post("/api/v1/dispositions", json!({"project_id": id(&project), "name": "A solved"})).await?);
    let channel = created(
        admin
            .post("/api/v1/channels", json!({"kind": "simulator", "name": "A simulator", "campaign_id": id(&campaign)}))
            .await?,
    );
    let contact =
        created(admin.post("/api/v1/contacts", json!({"name": "A contact", "phone": "+573001234567"})).await?);
    let note =
        created(admin.post(&format!("/api/v1/contacts/{}/notes", id(&contact)), json!({"text": "A note"})).await?);
    let inbound = created(
        admin
            .post(
                &format!("/api/v1/simulator/{}/messages", id(&channel)),
                json!({"text": "Hola", "contact_phone": "+573009998877", "contact_name": "A customer"}),
            )
            .await?,
    );
    let conversation = inbound["conversation_id"].as_str().expect("a conversation").to_owned();
    let category = created(admin.post("/api/v1/quick-reply-categories", json!({"name": "A category"})).await?);
    let quick = created(
        admin
            .post(
                "/api/v1/quick-replies",
                json!({"category_id": id(&category), "title": "A reply", "text": "Hola {{contact.name}}"}),
            )
            .await?,
    );
    let picture = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3];
    let file = created(admin.send_bytes(Method::POST, "/api/v1/files?name=a.png", "image/png", picture).await?);
    let contact_field =
        created(admin.post("/api/v1/contact-fields", json!({"key": "city", "label": "City", "type": "text"})).await?);
    let mention = created(
        admin
            .post(
                &format!("/api/v1/conversations/{conversation}/messages"),
                json!({"text": format!("hi @[Agent](user:{agent})"), "private": true}),
            )
            .await?,
    );
    assert_eq!(mention["direction"], "note");
    let notifications = items(&agent_client.get("/api/v1/notifications").await?);
    assert_eq!(notifications.len(), 1, "the mentioned user has the notification");
    let notification = id(&notifications[0]);
    // A contact who writes while the campaign is closed.
    let closed = json!({"time_zone": "America/Bogota", "always_open": false, "days": {}, "holidays": []});
    created(
        admin
            .patch(
                &format!("/api/v1/campaigns/{}", id(&campaign)),
                json!({"schedule": closed, "out_of_hours": {"action": "queue"}}),
            )
            .await?,
    );
    created(
        admin
            .post(
                &format!("/api/v1/simulator/{}/messages", id(&channel)),
                json!({"text": "¿Abren hoy?", "contact_phone": "+573007776655"}),
            )
            .await?,
    );
    let out_of_hours = items(&admin.get("/api/v1/out-of-hours-contacts").await?);
    assert_eq!(out_of_hours.len(), 1, "the closed-hours contact is listed");
    // A broadcast whose one row names no number of A's: a draft all the same.
    let sheet = b"sender,recipient,template\n15550000000,+573001234567,promo\n".to_vec();
    let broadcast = created(
        admin.post_multipart("/api/v1/broadcasts", &[("name", "A broadcast")], vec![("file", "a.csv", sheet)]).await?,
    );
    let ids = [
        ("clients", id(&client)),
        ("projects", id(&project)),
        ("campaigns", id(&campaign)),
        ("profiles", id(&profile)),
        ("pause-reasons", id(&reason)),
        ("tokens", id(&token)),
        ("users", agent.to_string()),
        ("dispositions", id(&disposition)),
        ("queues", queue.clone()),
        ("channels", id(&channel)),
        ("simulator", id(&channel)),
        ("contacts", id(&contact)),
        ("contact-fields", id(&contact_field)),
        ("contact-notes", id(&note)),
        ("conversations", conversation.clone()),
        ("quick-reply-categories", id(&category)),
        ("quick-replies", id(&quick)),
        ("files", id(&file)),
        ("notifications", notification.clone()),
        ("out-of-hours-contacts", id(&out_of_hours[0])),
        ("broadcasts", id(&broadcast)),
    ];
    let queue_before = admin.get(&format!("/api/v1/queues/{queue}")).await?.body;
    let b_admin = b.admin_id.to_string();
    let mut checked = 0;
    let mut with_id = 0;
    for route in charla_server::api::routes() {
        let spec = route.spec;
        if !spec.path.contains("{id}") {
            continue;
        }
        with_id += 1;
        let resource = spec.path.trim_start_matches("/api/v1/").split('/').next().unwrap();
        let (_, target) =
            ids.iter().find(|(r, _)| *r == resource).unwrap_or_else(|| panic!("an id for every resource: {resource}"));
        let path = spec.path.replace("{id}", target);
        let method = Method::from_bytes(spec.method.to_uppercase().as_bytes()).unwrap();
        let body = body_for(spec.method, spec.path, &id(&contact), &conversation, &b_admin);
        let reply = b.admin.send(method, &path, body).await?;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "B on {} {}: {}", spec.method, path, reply.body);
        assert_eq!(reply.code(), "not_found", "B on {} {}: {}", spec.method, path, reply.body);
        checked += 1;
    }
    assert_eq!(checked, with_id);
    assert!(checked >= 60, "only {checked} routes with an id");
    // Lists never show A's rows to B.
    for list in [
        "/api/v1/clients",
        "/api/v1/projects",
        "/api/v1/campaigns",
        "/api/v1/tokens",
        "/api/v1/pause-reasons",
        "/api/v1/contact-fields",
        "/api/v1/audit-log",
        "/api/v1/conversations",
        "/api/v1/conversations?status=queued",
        "/api/v1/conversations?q=hola",
        "/api/v1/history",
        "/api/v1/history?status=queued",
        "/api/v1/contacts",
        "/api/v1/contacts?q=contact",
        "/api/v1/queues",
        "/api/v1/channels",
        "/api/v1/dispositions",
        &format!("/api/v1/dispositions?project_id={}", id(&project)),
        "/api/v1/quick-replies",
        "/api/v1/quick-reply-categories",
        "/api/v1/files",
        "/api/v1/assignment-log",
        &format!("/api/v1/assignment-log?conversation_id={conversation}"),
        "/api/v1/notifications",
        "/api/v1/out-of-hours-contacts",
        "/api/v1/surveys",
        "/api/v1/broadcasts",
    ] {
        let reply = b.admin.get(list).await?;
        assert_eq!(items(&reply).len(), 0, "{list}: {}", reply.body);
    }
    // B's contact export (CRM-5) holds its header and none of A's contacts.
    let export = b.admin.get("/api/v1/contacts/export").await?;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.body.as_str().map(|csv| csv.lines().count()), Some(1), "{}", export.body);
    // Reports sum only B's rollups, whatever A's ids B names.
    for query in ["", "&group_by=agent", &format!("&group_by=campaign&campaign_id={}", id(&campaign))] {
        let report =
            b.admin.get(&format!("/api/v1/reports/conversations?from=2026-01-01&to=2026-12-31{query}")).await?;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        assert_eq!((report.body["totals"]["offered"].as_u64(), report.body["rows"].clone()), (Some(0), json!([])));
    }
    // The broadcast report counts only B's templates, whatever broadcast or number of A's B names.
    for query in ["", &format!("&broadcast_id={}", id(&broadcast)), &format!("&channel_id={}", id(&channel))] {
        let report = b.admin.get(&format!("/api/v1/reports/broadcasts?from=2026-01-01&to=2026-12-31{query}")).await?;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        assert_eq!((report.body["totals"]["sent"].as_u64(), report.body["sources"].clone()), (Some(0), json!([])));
    }
    // A's channel named in a query is as unknown to B as in a path.
    let templates = b.admin.get(&format!("/api/v1/templates?channel_id={}", id(&channel))).await?;
    assert_eq!(templates.status, StatusCode::NOT_FOUND, "{}", templates.body);
    let users = b.admin.get("/api/v1/users").await?;
    assert_eq!(items(&users).len(), 1);
    let people = items(&b.admin.get("/api/v1/agents").await?);
    let people: Vec<&str> = people.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(people, [b_admin.as_str()], "only B's own people");
    let counts = b.admin.get("/api/v1/inbox/counts").await?;
    assert_eq!(counts.status, StatusCode::OK, "{}", counts.body);
    assert_eq!(counts.body["queues"], json!([]), "no queue of A: {}", counts.body);
    assert_eq!(counts.body["assigned"], 0);
    // B cannot hang its rows under A's parents.
    let reply = b.admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "x"})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["errors"][0]["field"], "client_id");
    let reply = b.admin.post("/api/v1/queues", json!({"campaign_id": id(&campaign), "name": "x"})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.body["errors"][0]["field"], "campaign_id");
    let reply = b
        .admin
        .post("/api/v1/channels", json!({"kind": "simulator", "name": "x", "campaign_id": id(&campaign)}))
        .await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.body["errors"][0]["field"], "campaign_id");
    let reply = b.admin.post("/api/v1/dispositions", json!({"project_id": id(&project), "name": "x"})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.body["errors"][0]["field"], "project_id");
    // B cannot write as A's customer, nor put its own upload into A's conversation.
    let reply = b
        .admin
        .post(
            &format!("/api/v1/simulator/{}/messages", id(&channel)),
            json!({"text": "Hola", "contact_phone": "+573009998877"}),
        )
        .await?;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let own = created(b.admin.send_bytes(Method::POST, "/api/v1/files?name=b.png", "image/png", vec![1, 2, 3]).await?);
    let reply = b
        .admin
        .post(
            &format!("/api/v1/conversations/{conversation}/messages"),
            json!({"text": "mira", "attachments": [id(&own)]}),
        )
        .await?;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    let reply = b
        .admin
        .post("/api/v1/conversations/mass-transfer", json!({"conversation_ids": [conversation], "agent_id": b_admin}))
        .await?;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["items"][0]["ok"], false);
    assert_eq!(reply.body["items"][0]["code"], "not_found");
    // An organization_id in a body is refused, never used.
    let reply = b.admin.post("/api/v1/clients", json!({"name": "x", "organization_id": a.id})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "unknown_field");
    // A's data is untouched.
    let still = admin.get(&format!("/api/v1/clients/{}", id(&client))).await?;
    assert_eq!(still.body["name"], "A client");
    assert_eq!(admin.get(&format!("/api/v1/campaigns/{}", id(&campaign))).await?.body["name"], "A campaign");
    assert_eq!(admin.get(&format!("/api/v1/dispositions/{}", id(&disposition))).await?.body["name"], "A solved");
    assert_eq!(admin.get(&format!("/api/v1/channels/{}", id(&channel))).await?.body["name"], "A simulator");
    assert_eq!(admin.get(&format!("/api/v1/channels/{}", id(&channel))).await?.body["archived"], false);
    let queue_now = admin.get(&format!("/api/v1/queues/{queue}")).await?.body;
    assert_eq!(queue_now["name"], queue_before["name"]);
    assert_eq!(queue_now["archived"], false);
    assert_eq!(queue_now["member_ids"], json!([]));
    assert_eq!(admin.get(&format!("/api/v1/quick-replies/{}", id(&quick))).await?.body["title"], "A reply");
    let categories = items(&admin.get("/api/v1/quick-reply-categories").await?);
    assert_eq!(categories.len(), 1);
    assert_eq!(categories[0]["name"], "A category");
    let contact_now = admin.get(&format!("/api/v1/contacts/{}", id(&contact))).await?.body;
    assert_eq!(contact_now["name"], "A contact");
    assert_eq!(contact_now["phone"], "+573001234567");
    let notes = contact_now["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["text"], "A note");
    assert_eq!(notes[0]["pinned"], false);
    let file_now = admin.get(&format!("/api/v1/files/{}", id(&file))).await?;
    assert_eq!(file_now.status, StatusCode::OK, "{}", file_now.body);
    assert_eq!(file_now.body["name"], "a.png");
    let detail = admin.get(&format!("/api/v1/conversations/{conversation}")).await?.body;
    let conversation_now = &detail["conversation"];
    assert_eq!(conversation_now["status"], "queued", "{detail}");
    assert_eq!(conversation_now["agent_id"], Value::Null);
    assert_eq!(conversation_now["queue_id"], json!(queue));
    assert_eq!(conversation_now["bot_paused"], false);
    let thread = items(&admin.get(&format!("/api/v1/conversations/{conversation}/messages")).await?);
    let texts: Vec<&str> = thread.iter().map(|m| m["text"].as_str().unwrap_or_default()).collect();
    assert_eq!(thread.len(), 2, "the customer's message and A's note only: {texts:?}");
    assert!(texts.iter().all(|t| !t.contains("stolen") && !t.contains("mira")), "{texts:?}");
    let notifications = items(&agent_client.get("/api/v1/notifications").await?);
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0]["read_at"], Value::Null, "B did not mark A's notification read");
    // Exactly A's own administrative changes are audited, nothing B tried.
    let log = items(&admin.get("/api/v1/audit-log").await?);
    let mut actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    actions.sort_unstable();
    let mut expected = vec![
        "client.created",
        "project.created",
        "campaign.created",
        "profile.created",
        "pause_reason.created",
        "token.created",
        "disposition.created",
        "channel.created",
        "contact_field.created",
        // The closed hours A set for its out-of-hours contact.
        "campaign.updated",
        "campaign.settings_updated",
        "broadcast.created",
    ];
    expected.sort_unstable();
    assert_eq!(actions, expected);
    let b_log = items(&b.admin.get("/api/v1/audit-log").await?);
    let b_actions: Vec<&str> = b_log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(b_actions.is_empty(), "B changed nothing that is audited: {b_actions:?}");
    Ok(())
});

both!(templates_stay_in_their_organization, settings = crate::whatsapp::allow_stand_ins, |app| async move {
    use charla_testkit::fixtures::config;
    let graph = charla_testkit::graph::GraphStandIn::start().await?;
    let a = crate::desk::desk(&app, 0, "round_robin").await?;
    let channel =
        crate::whatsapp::whatsapp_channel(&a, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    app.run_pending_jobs().await?;
    let b = app.org("Other").await?;
    let body = json!({"channel_id": channel["id"], "name": "robada", "language": "es", "category": "UTILITY",
                      "components": [{"type": "BODY", "text": "Hola"}]});
    let stolen = b.admin.post("/api/v1/templates", body.clone()).await?;
    assert_eq!((stolen.status, stolen.code()), (StatusCode::NOT_FOUND, "not_found"));
    let listed = b.admin.get(&format!("/api/v1/templates?channel_id={}", id(&channel))).await?;
    assert_eq!(listed.status, StatusCode::NOT_FOUND);
    // Nothing was written or submitted for B; A's own request still works.
    app.run_pending_jobs().await?;
    assert!(!graph.requests().iter().any(|r| r.method == "POST"));
    let own = a.admin().post("/api/v1/templates", body).await?;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    let a_list = items(&a.admin().get(&format!("/api/v1/templates?channel_id={}", id(&channel))).await?);
    assert!(a_list.iter().all(|t| t["name"] != "robada" || t["id"] == own.body["id"]));
    Ok(())
});
