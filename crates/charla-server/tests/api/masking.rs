//! CONV-5 "show the contact's number": an agent of a campaign that hides numbers never
//! receives the contact's digits, by any route or event; supervisors always see them.

use charla_domain::access::BuiltinProfile;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::desk::{connect, desk, drain, id, ok, set_status, wait_for};

const PHONE: &str = "+573001234567";
const DIGITS: &str = "3001234567";
const MASKED: &str = "+57••••••••67";

both!(agents_never_see_a_hidden_number_until_the_campaign_shows_it, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let campaign = ok(admin.get(&format!("/api/v1/campaigns/{}", desk.campaign)).await).await?;
    assert_eq!(campaign["agent_permissions"]["show_contact_number"], false, "hidden by default: {campaign}");
    let agent = &desk.agent(0).client;
    set_status(agent, "online").await?;
    let mut socket = connect(&app, agent).await?;
    let quick = ok(admin
        .post("/api/v1/quick-replies", json!({"title": "Número", "text": "Tu número {{contact.phone}}"}))
        .await)
    .await?;
    let inbound = desk.customer_writes(PHONE, "Hola, necesito ayuda").await?;
    let conversation = inbound["conversation_id"].as_str().unwrap().to_owned();
    let contact = inbound["contact_id"].as_str().unwrap().to_owned();
    assert_eq!(desk.conversation(&conversation).await?["agent_id"], json!(desk.agent(0).id), "assigned to the agent");

    // Everything the agent can do, with every answer kept.
    let mut seen: Vec<(String, Value)> = Vec::new();
    for path in [
        "/api/v1/conversations".to_owned(),
        format!("/api/v1/conversations/{conversation}"),
        format!("/api/v1/conversations/{conversation}/messages"),
        "/api/v1/contacts".to_owned(),
        format!("/api/v1/contacts/{contact}"),
        "/api/v1/history".to_owned(),
        "/api/v1/history?status=assigned".to_owned(),
        format!("/api/v1/simulator/{}/messages", desk.channel),
        "/api/v1/inbox/counts".to_owned(),
        "/api/v1/notifications".to_owned(),
    ] {
        let reply = agent.get(&path).await?;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        seen.push((path, reply.body));
    }
    // Searching by the digits neither finds nor reveals it.
    for path in
        ["/api/v1/conversations?q=3001234", "/api/v1/conversations?q=%2B573001234567", "/api/v1/contacts?q=3001234"]
    {
        let reply = agent.get(path).await?;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        assert_eq!(reply.body["items"], json!([]), "{path} finds the contact by its hidden number: {}", reply.body);
        seen.push((path.to_owned(), reply.body));
    }
    let rendered = agent
        .post(&format!("/api/v1/quick-replies/{}/render", id(&quick)), json!({"conversation_id": conversation}))
        .await?;
    assert_eq!(rendered.status, StatusCode::OK, "{}", rendered.body);
    assert_eq!(rendered.body["text"], format!("Tu número {MASKED}"));
    seen.push(("render".to_owned(), rendered.body));
    let sent =
        agent.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "Con gusto"})).await?;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    seen.push(("reply".to_owned(), sent.body));
    app.run_pending_jobs().await?;
    let events = drain(&mut socket).await?;
    assert!(events.iter().any(|e| e["kind"] == "message.created"), "the agent was told of the messages: {events:?}");
    for event in &events {
        seen.push((format!("event {}", event["kind"]), event.clone()));
    }
    for (what, body) in &seen {
        assert!(!body.to_string().contains(DIGITS), "{what} reveals the number: {body}");
    }
    // The masked form is what the conversation view shows.
    let detail = &seen[1].1;
    assert_eq!(detail["conversation"]["contact"]["phone"], MASKED, "{detail}");
    assert_eq!(detail["contact"]["contact"]["phone"], MASKED);
    assert!(detail.to_string().contains(MASKED));
    assert_eq!(seen[0].1["items"][0]["contact"]["phone"], MASKED);
    let created = events
        .iter()
        .find(|e| e["kind"] == "message.created" && e["payload"]["message"]["direction"] == "inbound")
        .unwrap_or_else(|| panic!("the customer's message reached the agent: {events:?}"));
    assert_eq!(created["payload"]["conversation"]["contact"]["phone"], MASKED);

    // A supervisor sees the number in the same conversation.
    let (_, supervisor) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    let detail = ok(supervisor.get(&format!("/api/v1/conversations/{conversation}")).await).await?;
    assert_eq!(detail["conversation"]["contact"]["phone"], PHONE);
    assert_eq!(detail["contact"]["contact"]["phone"], PHONE);
    let found = ok(supervisor.get("/api/v1/conversations?q=3001234").await).await?;
    assert_eq!(found["items"][0]["id"], json!(conversation), "supervisors find it by its digits: {found}");
    assert_eq!(found["items"][0]["contact"]["phone"], PHONE);

    // The campaign now shows numbers: the agent sees it at once, in answers and events.
    desk.set_campaign(json!({"agent_permissions": {"show_contact_number": true}})).await?;
    let campaign = ok(admin.get(&format!("/api/v1/campaigns/{}", desk.campaign)).await).await?;
    assert_eq!(campaign["agent_permissions"]["show_contact_number"], true);
    assert_eq!(campaign["agent_permissions"]["attachments"], true, "other permissions keep their defaults");
    assert_eq!(campaign["agent_permissions"]["history_hours"], 72);
    let detail = ok(agent.get(&format!("/api/v1/conversations/{conversation}")).await).await?;
    assert_eq!(detail["conversation"]["contact"]["phone"], PHONE);
    assert_eq!(detail["contact"]["contact"]["phone"], PHONE);
    let rendered = ok(agent
        .post(&format!("/api/v1/quick-replies/{}/render", id(&quick)), json!({"conversation_id": conversation}))
        .await)
    .await?;
    assert_eq!(rendered["text"], format!("Tu número {PHONE}"));
    desk.customer_writes(PHONE, "Sigo aquí").await?;
    let event =
        wait_for(&mut socket, |e| e["kind"] == "message.created" && e["payload"]["message"]["text"] == "Sigo aquí")
            .await?;
    assert_eq!(event["payload"]["conversation"]["contact"]["phone"], PHONE, "{event}");
    let found = ok(agent.get("/api/v1/conversations?q=3001234").await).await?;
    assert_eq!(found["items"][0]["id"], json!(conversation), "now found by its digits: {found}");
    assert_eq!(found["items"][0]["contact"]["phone"], PHONE);
    let card = ok(agent.get(&format!("/api/v1/contacts/{contact}")).await).await?;
    assert_eq!(card["phone"], PHONE, "{card}");

    // Hidden again: masked again, in answers and in the socket's next events.
    desk.set_campaign(json!({"agent_permissions": {"show_contact_number": false}})).await?;
    let detail = ok(agent.get(&format!("/api/v1/conversations/{conversation}")).await).await?;
    assert_eq!(detail["conversation"]["contact"]["phone"], MASKED);
    let found = ok(agent.get("/api/v1/conversations?q=3001234").await).await?;
    assert_eq!(found["items"], json!([]), "{found}");
    desk.customer_writes(PHONE, "Una más").await?;
    let event =
        wait_for(&mut socket, |e| e["kind"] == "message.created" && e["payload"]["message"]["text"] == "Una más")
            .await?;
    assert_eq!(event["payload"]["conversation"]["contact"]["phone"], MASKED, "{event}");
    assert!(!event.to_string().contains(DIGITS));
    Ok(())
});
