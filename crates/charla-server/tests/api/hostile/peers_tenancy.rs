//! Tenancy and disclosure rows of the hostile plan (docs/security/hostile-tests.md):
//! ownership fields in bodies (row 3), request bodies as closed structs (row 12), who may
//! list users and profiles (row 14), and secrets that no answer ever carries (row 16).

use charla_domain::access::BuiltinProfile;
use charla_server::api::routes;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::desk::{desk, id, ok};

/// Every object schema that names its properties refuses others (`deny_unknown_fields`).
fn assert_closed(schema: &Value, at: &str) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") {
                assert_eq!(map.get("additionalProperties"), Some(&Value::Bool(false)), "{at} accepts unknown fields");
            }
            for (key, value) in map {
                assert_closed(value, &format!("{at}/{key}"));
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| assert_closed(v, &format!("{at}/{i}"))),
        _ => {}
    }
}

// Row 12 (CVE-2026-45687): request bodies are explicit structs that refuse unknown fields,
// never merged into records.
#[test]
fn every_request_body_refuses_unknown_fields() {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut checked = 0;
    for route in routes() {
        if let Some(schema_of) = route.body {
            let schema = serde_json::to_value(schema_of(&mut generator)).unwrap();
            assert_closed(&schema, &format!("{} {}", route.spec.method, route.spec.path));
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} bodies checked");
    // Each body's own definition, and every type it nests.
    for (name, schema) in generator.definitions() {
        assert_closed(schema, name);
    }
}

// Row 3 (CVE-2026-72719): ownership fields in a body are refused on every write, and a
// resource stays in its caller's organization.
both!(ownership_fields_in_bodies_are_refused, |app| async move {
    let a = app.org("Alpha").await?;
    let b = app.org("Beta").await?;
    let admin = &a.admin;
    let client = ok(admin.post("/api/v1/clients", json!({"name": "Mine"})).await).await?;
    let client_id = id(&client);
    let smuggled = json!({"organization_id": b.id, "id": uuid::Uuid::now_v7(), "created_by": b.admin_id});
    for route in routes() {
        let spec = route.spec;
        if route.body.is_none() || spec.path == "/api/v1/setup" || spec.path == "/api/v1/session" {
            continue;
        }
        let path = spec.path.replace("{id}", &client_id).replace("{message_id}", &client_id);
        let method = Method::from_bytes(spec.method.to_uppercase().as_bytes()).unwrap();
        let reply = admin.send(method, &path, Some(smuggled.clone())).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{} {}: {}", spec.method, spec.path, reply.body);
        assert_eq!(reply.code(), "unknown_field", "{} {}: {}", spec.method, spec.path, reply.body);
    }
    // With a real change beside them, the smuggled fields still refuse the whole write.
    let mut rename = smuggled.clone();
    rename["name"] = json!("Moved");
    let reply = admin.patch(&format!("/api/v1/clients/{client_id}"), rename.clone()).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let reply = admin.post("/api/v1/clients", rename).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let mine = ok(admin.get(&format!("/api/v1/clients/{client_id}")).await).await?;
    assert_eq!(mine["name"], "Mine");
    assert_eq!(b.admin.get(&format!("/api/v1/clients/{client_id}")).await?.status, StatusCode::NOT_FOUND);
    let theirs = ok(b.admin.get("/api/v1/clients").await).await?;
    assert!(theirs["items"].as_array().unwrap().is_empty(), "{theirs}");
    Ok(())
});

// Row 14 (CVE-2022-35247): users, profiles and their members are listed only with the
// permission, and only within the organization.
both!(people_lists_need_the_permission_and_stay_in_the_org, |app| async move {
    let a = app.org("Alpha").await?;
    let b = app.org("Beta").await?;
    let (_, agent) = app.member(&a, BuiltinProfile::Agent).await?;
    let (_, supervisor) = app.member(&a, BuiltinProfile::Supervisor).await?;
    let profiles = ok(a.admin.get("/api/v1/profiles").await).await?;
    let admin_profile = profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "administrator").unwrap();
    let members = format!("/api/v1/profiles/{}/members", id(admin_profile));
    for client in [&agent, &supervisor] {
        for path in ["/api/v1/users", "/api/v1/profiles", members.as_str(), "/api/v1/tokens", "/api/v1/audit-log"] {
            let reply = client.get(path).await?;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}: {}", reply.body);
        }
    }
    assert_eq!(b.admin.get(&members).await?.status, StatusCode::NOT_FOUND);
    let b_users = ok(b.admin.get("/api/v1/users").await).await?;
    let emails: Vec<&str> = b_users["items"].as_array().unwrap().iter().filter_map(|u| u["email"].as_str()).collect();
    assert_eq!(emails, vec![b.admin_email.as_str()]);
    // The agents an agent can pick for a transfer are its own organization's.
    let agents = ok(agent.get("/api/v1/agents").await).await?;
    for listed in agents["items"].as_array().unwrap() {
        assert_ne!(listed["id"], json!(b.admin_id), "{agents}");
    }
    Ok(())
});

/// GETs every list route, then every `…/{id}` route for the ids the lists gave.
async fn crawl(client: &charla_testkit::TestClient) -> anyhow::Result<String> {
    let mut seen = String::new();
    let gets: Vec<&'static str> = routes().iter().filter(|r| r.spec.method == "get").map(|r| r.spec.path).collect();
    for list in gets.iter().filter(|p| !p.contains('{') && !p.ends_with("/realtime")) {
        let reply = client.get(list).await?;
        seen.push_str(&reply.body.to_string());
        let items = reply.body["items"].as_array().cloned().unwrap_or_default();
        for item in items {
            let Some(item_id) = item["id"].as_str() else { continue };
            for detail in gets.iter().filter(|p| p.starts_with(&format!("{list}/{{id}}"))) {
                let reply = client.get(&detail.replace("{id}", item_id)).await?;
                seen.push_str(&reply.body.to_string());
            }
        }
    }
    Ok(seen)
}

// Row 16 (CVE-2026-49278): no answer or realtime event carries a visitor token, an API
// token after its creation, a password hash, a session, or a channel's secrets.
both!(no_answer_carries_a_secret, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let secrets = [
        ("whatsapp access token", "EAAG-secret-access-token-0001"),
        ("whatsapp app secret", "app-secret-0123456789abcdef"),
        ("telegram bot token", "123456:AAH-secret-bot-token-abcdef"),
        ("telegram secret token", "tg-secret-token-0123456789"),
    ];
    ok(admin
        .post(
            "/api/v1/channels",
            json!({"kind": "whatsapp", "name": "WA", "campaign_id": desk.campaign, "config": {
                "phone_number_id": "1098765432", "waba_id": "2098765432", "display_phone_number": "+57 300 000 0000",
                "access_token": secrets[0].1, "app_secret": secrets[1].1, "api_base_url": "http://127.0.0.1:9/v24.0",
            }}),
        )
        .await)
    .await?;
    ok(admin
        .post(
            "/api/v1/channels",
            json!({"kind": "telegram", "name": "TG", "campaign_id": desk.campaign, "config": {
                "bot_token": secrets[2].1, "secret_token": secrets[3].1, "api_base_url": "http://127.0.0.1:9",
            }}),
        )
        .await)
    .await?;
    let webchat = ok(admin
        .post(
            "/api/v1/channels",
            json!({"kind": "webchat", "name": "Web", "campaign_id": desk.campaign,
                   "config": {"allowed_origins": ["https://shop.example"]}}),
        )
        .await)
    .await?;
    let visitor = reqwest::Client::new()
        .post(app.url(&format!("/widget/v1/channels/{}/sessions", id(&webchat))))
        .header("origin", "https://shop.example")
        .json(&json!({"name": "Ana"}))
        .send()
        .await?
        .json::<Value>()
        .await?;
    let visitor_token = visitor["token"].as_str().expect("a visitor token").to_owned();
    reqwest::Client::new()
        .post(app.url(&format!("/widget/v1/channels/{}/messages", id(&webchat))))
        .header("origin", "https://shop.example")
        .header("x-charla-visitor", &visitor_token)
        .json(&json!({"id": uuid::Uuid::now_v7(), "text": "Hola"}))
        .send()
        .await?;
    desk.customer_writes("+573004445566", "Hola").await?;
    let profiles = ok(admin.get("/api/v1/profiles").await).await?;
    let profile = profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "supervisor").unwrap();
    let token = ok(admin.post("/api/v1/tokens", json!({"name": "crawler", "profile_id": profile["id"]})).await).await?;
    let api_token = token["token"].as_str().expect("shown once").to_owned();
    app.drain_intake().await?;

    let mut seen = crawl(admin).await?;
    seen.push_str(&crawl(&admin.with_bearer(&api_token)).await?);
    seen.push_str(&crawl(&desk.agent(0).client).await?);
    let session = admin.cookie_header().unwrap_or_default();
    let session_value =
        session.split(';').find_map(|c| c.trim().strip_prefix("charla_session=")).expect("a session cookie").to_owned();
    let mut forbidden: Vec<(&str, &str)> = secrets.to_vec();
    forbidden.extend([
        ("visitor token", visitor_token.as_str()),
        ("api token", api_token.as_str()),
        ("session", session_value.as_str()),
        ("password hash", "$argon2"),
    ]);
    assert!(seen.len() > 10_000, "the crawl saw too little: {} bytes", seen.len());
    for (what, secret) in &forbidden {
        assert!(!seen.contains(secret), "an answer carries the {what}");
    }
    // The realtime replay of everything that happened carries none either.
    let events = realtime_replay(&app, admin).await?;
    assert!(!events.is_empty());
    for (what, secret) in &forbidden {
        assert!(!events.contains(secret), "an event carries the {what}");
    }
    Ok(())
});

/// Everything the organization's realtime socket replays from the first event.
async fn realtime_replay(app: &charla_testkit::TestApp, client: &charla_testkit::TestClient) -> anyhow::Result<String> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let url = format!("{}/api/v1/realtime?last_event_id=0", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", client.cookie_header().unwrap_or_default().parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    let mut seen = String::new();
    while let Ok(Some(frame)) = tokio::time::timeout(std::time::Duration::from_millis(500), socket.next()).await {
        seen.push_str(&frame?.to_string());
    }
    Ok(seen)
}
