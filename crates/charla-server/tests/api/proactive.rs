//! Proactive conversations (OUT-3): reaching a contact first by template (any time) or by
//! text (inside their 24-hour window), in their open conversation or a new one assigned to
//! the caller; from the web app or an API token.

use charla_domain::access::BuiltinProfile;
use charla_testkit::fixtures::config;
use charla_testkit::graph::GraphStandIn;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{desk, id, ok};
use super::whatsapp::{allow_stand_ins, fresh_text, whatsapp_channel};

fn promo(name: &str) -> Value {
    json!({"name": "promo_enero", "language": "es", "parameters": [name, "25%", "31 de enero"]})
}

fn sends(graph: &GraphStandIn) -> Vec<Value> {
    graph.requests().into_iter().filter(|r| r.is_send()).map(|r| r.body).collect()
}

both!(a_template_opens_a_conversation_assigned_to_the_caller, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = &desk.agent(0);
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    app.run_pending_jobs().await?;

    let started = agent
        .client
        .post(
            "/api/v1/conversations",
            json!({"channel_id": channel["id"], "phone": "+57 300 765-4321", "template": promo("Ana")}),
        )
        .await?;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    assert_eq!(started.body["reused"], false);
    assert_eq!(started.body["message"]["kind"], "template");
    assert_eq!(started.body["message"]["text"], "Hola Ana, tienes 25% de descuento hasta el 31 de enero.");
    let conversation = desk.conversation(started.body["conversation_id"].as_str().unwrap()).await?;
    assert_eq!(conversation["agent_id"], json!(agent.id), "{conversation}");
    assert_eq!(conversation["status"], "assigned");
    // The number is masked for agents; the administrator reads it whole.
    let contact = started.body["contact_id"].as_str().unwrap();
    let contact = ok(desk.admin().get(&format!("/api/v1/contacts/{contact}")).await).await?;
    assert_eq!(contact["phone"], "+573007654321");

    // Sent once, as the published template send (the body's three parameters).
    app.run_pending_jobs().await?;
    let sent = sends(&graph);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["to"], "+573007654321");
    assert_eq!(sent[0]["template"]["name"], "promo_enero");
    assert_eq!(sent[0]["template"]["language"], json!({"code": "es"}));
    let texts: Vec<&Value> =
        sent[0]["template"]["components"][0]["parameters"].as_array().unwrap().iter().map(|p| &p["text"]).collect();
    assert_eq!(texts, [&json!("Ana"), &json!("25%"), &json!("31 de enero")]);

    // Again for the same phone: the open conversation is reused, not a second one.
    let again = ok(agent
        .client
        .post(
            "/api/v1/conversations",
            json!({"channel_id": channel["id"], "phone": "+573007654321", "template": promo("Ana")}),
        )
        .await)
    .await?;
    assert_eq!((&again["reused"], &again["conversation_id"]), (&json!(true), &started.body["conversation_id"]));
    Ok(())
});

both!(a_text_goes_only_inside_the_window_and_a_refusal_writes_nothing, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = &desk.agent(0).client;
    crate::desk::set_status(agent, "online").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    app.run_pending_jobs().await?;

    // Nobody wrote from this number: a text is refused, no contact nor conversation is left.
    let closed = agent
        .post("/api/v1/conversations", json!({"channel_id": channel["id"], "phone": "+573009990000", "text": "Hola"}))
        .await?;
    assert_eq!((closed.status, closed.code()), (StatusCode::CONFLICT, "window_closed"));
    let contacts = ok(desk.admin().get("/api/v1/contacts?q=3009990000").await).await?;
    assert_eq!(contacts["items"].as_array().unwrap().len(), 0, "{contacts}");
    assert_eq!(ok(agent.get("/api/v1/conversations").await).await?["items"].as_array().unwrap().len(), 0);

    // The contact writes: their open conversation takes the text.
    fresh_text(&app, &channel, "wamid.proactive.1", "Hola, ¿siguen abiertos?").await?;
    let open = ok(agent.get("/api/v1/conversations").await).await?["items"][0].clone();
    let contact = open["contact"]["id"].as_str().or(open["contact_id"].as_str()).unwrap().to_owned();
    let reply = ok(agent
        .post(
            "/api/v1/conversations",
            json!({"channel_id": channel["id"], "contact_id": contact, "text": "Sí, hasta las 18"}),
        )
        .await)
    .await?;
    assert_eq!((&reply["reused"], &reply["conversation_id"]), (&json!(true), &open["id"]));
    assert_eq!(reply["message"]["text"], "Sí, hasta las 18");

    // A day later the window has closed again: the text is refused, a template still goes.
    app.clock.advance(jiff::SignedDuration::from_hours(25));
    let late = agent
        .post(
            "/api/v1/conversations",
            json!({"channel_id": channel["id"], "contact_id": contact, "text": "¿Sigues ahí?"}),
        )
        .await?;
    assert_eq!(late.code(), "window_closed");
    let body = json!({"channel_id": channel["id"], "contact_id": contact, "template": promo("María José")});
    assert_eq!(agent.post("/api/v1/conversations", body).await?.status, StatusCode::CREATED);

    // Bad input is a clear 400.
    for (body, field) in [
        (json!({"channel_id": channel["id"], "text": "Hola"}), "contact_id"),
        (json!({"channel_id": channel["id"], "phone": "12", "text": "Hola"}), "phone"),
        (json!({"channel_id": channel["id"], "phone": "+573001234567"}), "template"),
        (
            json!({"channel_id": channel["id"], "phone": "+573001234567", "template": {"name": "no_existe"}}),
            "template.name",
        ),
    ] {
        let reply = agent.post("/api/v1/conversations", body).await?;
        assert_eq!((reply.status, reply.body["errors"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)));
    }
    Ok(())
});

both!(api_tokens_start_conversations_and_others_never_reach_them, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    app.run_pending_jobs().await?;
    let profiles = ok(desk.admin().get("/api/v1/profiles").await).await?;
    let administrator =
        profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "administrator").unwrap()["id"].clone();
    let token =
        ok(desk.admin().post("/api/v1/tokens", json!({"name": "crm", "profile_id": administrator})).await).await?;
    let bearer = desk.admin().with_bearer(token["token"].as_str().unwrap());
    let body = json!({"channel_id": channel["id"], "phone": "+5491155551234", "template": promo("Lucía")});
    let started = bearer.post("/api/v1/conversations", body.clone()).await?;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let conversation = desk.conversation(started.body["conversation_id"].as_str().unwrap()).await?;
    assert_eq!(conversation["agent_id"], json!(desk.org.admin_id), "the token's creator");

    // Another organization, and an agent outside the channel's campaign, get a 404.
    let other = app.org("Other").await?;
    let stolen = other.admin.post("/api/v1/conversations", body.clone()).await?;
    assert_eq!((stolen.status, stolen.code()), (StatusCode::NOT_FOUND, "not_found"));
    let (_, outsider) = app.member(&desk.org, BuiltinProfile::Agent).await?;
    assert_eq!(outsider.post("/api/v1/conversations", body).await?.status, StatusCode::NOT_FOUND);
    let by_id = json!({"channel_id": id(&channel), "contact_id": started.body["contact_id"], "template": promo("x")});
    // An agent of the campaign who never served this contact cannot reach it by its id.
    let stranger = desk.agent(0).client.post("/api/v1/conversations", by_id.clone()).await?;
    assert_eq!((stranger.status, stranger.code()), (StatusCode::NOT_FOUND, "not_found"));
    assert_eq!(other.admin.post("/api/v1/conversations", by_id).await?.code(), "not_found");
    // Nothing was sent for them: only the token's template went out.
    app.run_pending_jobs().await?;
    assert_eq!(sends(&graph).len(), 1);
    Ok(())
});
