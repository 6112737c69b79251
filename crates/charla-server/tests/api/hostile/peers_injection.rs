//! Injection rows of the hostile plan (docs/security/hostile-tests.md): SQL through
//! filters and typed field values (rows 1, 2), non-string JSON where a string goes on
//! unauthenticated endpoints (row 9), objects in place of tokens (row 10), and a parent's
//! organization checked before anything under it is listed (row 13).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::desk::{desk, id, ok};

/// Payloads that would widen or stall a query if they reached SQL as text.
const SQL_PAYLOADS: [&str; 9] = [
    "' OR '1'='1",
    "%' OR 1=1 --",
    "\") OR 1=1 --",
    "'; DROP TABLE conversations; --",
    "' UNION SELECT id, organization_id FROM users --",
    "'||pg_sleep(6)||'",
    "1) OR (1=1",
    "%",
    "_",
];

fn count(reply: &charla_testkit::app::Reply) -> usize {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["items"].as_array().map(Vec::len).unwrap_or_default()
}

/// `text` as a query value (form-encoded).
fn encode(text: &str) -> String {
    let url = reqwest::Url::parse_with_params("http://x/", &[("v", text)]).unwrap();
    url.query().unwrap().trim_start_matches("v=").to_owned()
}

// Row 1 (CVE-2025-21628): every free-text filter and search value is a bound parameter;
// typed filters refuse what is not of their type; nothing widens the result.
both!(filters_and_search_bind_their_values, |app| async move {
    let a = desk(&app, 1, "round_robin").await?;
    let b = desk(&app, 0, "round_robin").await?;
    a.customer_writes("+573004445566", "Quiero mi pedido").await?;
    b.customer_writes("+573007778899", "Secreto de B").await?;
    let admin = a.admin();
    assert_eq!(count(&admin.get("/api/v1/conversations").await?), 1);
    let started = Instant::now();
    for payload in SQL_PAYLOADS {
        let q = encode(payload);
        for path in [
            format!("/api/v1/conversations?q={q}"),
            format!("/api/v1/conversations?tag={q}"),
            format!("/api/v1/contacts?q={q}"),
            format!("/api/v1/contacts?tag={q}"),
            format!("/api/v1/history?q={q}"),
        ] {
            let reply = admin.get(&path).await?;
            assert_eq!(count(&reply), 0, "{path} matched rows: {}", reply.body);
        }
        // Typed filters: a payload is not a status, an id, a boolean or a number.
        for path in [
            format!("/api/v1/conversations?status={q}"),
            format!("/api/v1/conversations?queue_id={q}"),
            format!("/api/v1/conversations?campaign_id={q}"),
            format!("/api/v1/conversations?unread={q}"),
            format!("/api/v1/conversations?after={q}"),
            format!("/api/v1/contacts?active_days={q}"),
        ] {
            let reply = admin.get(&path).await?;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}: {}", reply.body);
            assert!(!reply.code().is_empty(), "{path}: {}", reply.body);
        }
    }
    // A pg_sleep that reached SQL would have stalled 6 s per call, twice per search path.
    assert!(started.elapsed() < Duration::from_secs(6), "a payload stalled the database");
    // Both organizations' data is still there, untouched.
    assert_eq!(count(&admin.get("/api/v1/conversations").await?), 1);
    assert_eq!(count(&b.admin().get("/api/v1/conversations").await?), 1);
    Ok(())
});

// Row 2 (CVE-2026-44706): typed custom values (number, date) are checked by type before
// anything is written; a value that is SQL is refused with a field error and stores nothing.
both!(typed_field_values_refuse_sql, |app| async move {
    let a = desk(&app, 1, "round_robin").await?;
    let admin = a.admin();
    let fields = ok(admin
        .put(
            &format!("/api/v1/campaigns/{}/fields", a.campaign),
            json!({"fields": [
                {"name": "Monto", "kind": "number", "required": true},
                {"name": "Fecha", "kind": "date", "required": true},
            ]}),
        )
        .await)
    .await?;
    let number = id(&fields["items"][0]);
    let date = id(&fields["items"][1]);
    let message = a.customer_writes("+573004445566", "Hola").await?;
    let conversation = message["conversation_id"].as_str().unwrap().to_owned();
    let started = Instant::now();
    for payload in ["1; SELECT pg_sleep(6)", "1 OR 1=1", "'||pg_sleep(6)||'", "2026-01-01' OR '1'='1"] {
        let reply = admin
            .post(
                &format!("/api/v1/conversations/{conversation}/close"),
                json!({"disposition_id": a.dispositions[0], "fields": {number.clone(): payload, date.clone(): payload}}),
            )
            .await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{payload}: {}", reply.body);
        let fields_with_errors: Vec<&str> =
            reply.body["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
        assert!(fields_with_errors.iter().any(|f| f.contains(&number)), "{}", reply.body);
        assert!(fields_with_errors.iter().any(|f| f.contains(&date)), "{}", reply.body);
    }
    assert!(started.elapsed() < Duration::from_secs(6), "a value stalled the database");
    let after = ok(admin.get(&format!("/api/v1/conversations/{conversation}")).await).await?;
    assert_ne!(after["status"], "closed", "a refused close changed the conversation");
    Ok(())
});

// Row 9 (CVE-2021-22911): unauthenticated endpoints take typed JSON only; an object, an
// array or a number where a string goes is a 400, never a match.
both!(unauthenticated_endpoints_refuse_non_strings, |app| async move {
    let org = app.org("Acme").await?;
    let anonymous = app.client();
    let shapes = [json!({"$gt": ""}), json!({"$ne": null}), json!(["x"]), json!(1), json!(true), Value::Null];
    for shape in &shapes {
        let attempts = [
            ("/api/v1/session", json!({"email": shape, "password": shape})),
            ("/api/v1/session", json!({"email": org.admin_email, "password": shape})),
            ("/api/v1/password-recovery", json!({"email": shape})),
            ("/api/v1/password-reset", json!({"token": shape, "password": "a long enough password"})),
            ("/api/v1/setup", json!({"organization_name": shape, "name": shape, "email": shape, "password": shape})),
        ];
        for (path, body) in attempts {
            let reply = anonymous.post(path, body.clone()).await?;
            assert!(
                matches!(reply.status, StatusCode::BAD_REQUEST | StatusCode::CONFLICT),
                "{path} {body}: {} {}",
                reply.status,
                reply.body
            );
        }
    }
    // None of it logged anyone in.
    assert_eq!(anonymous.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});

// Row 10 (CVE-2026-45688): token and ticket lookups take exact strings; an object or an
// array where a token goes is refused, never matched against the first valid one.
both!(tokens_are_exact_strings, |app| async move {
    let org = app.org("Acme").await?;
    // A real token exists, so a "match anything" lookup would have something to find.
    let profiles = ok(org.admin.get("/api/v1/profiles").await).await?;
    let profile = profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").unwrap().clone();
    ok(org.admin.post("/api/v1/tokens", json!({"name": "real", "profile_id": profile["id"]})).await).await?;
    let http = reqwest::Client::new();
    for forged in [r#"{"$gt":""}"#, r#"["x"]"#, "*", "%", "null", "' OR '1'='1"] {
        let bearer = http.get(app.url("/api/v1/me")).header("authorization", format!("Bearer {forged}")).send().await?;
        assert_eq!(bearer.status(), StatusCode::UNAUTHORIZED, "bearer {forged}");
        let cookie =
            http.get(app.url("/api/v1/me")).header("cookie", format!("charla_session={forged}")).send().await?;
        assert_eq!(cookie.status(), StatusCode::UNAUTHORIZED, "cookie {forged}");
    }
    let anonymous = app.client();
    for token in [json!({"$gt": ""}), json!(["x"]), json!({"$regex": ".*"})] {
        let reply =
            anonymous.post("/api/v1/password-reset", json!({"token": token, "password": "a long password!"})).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{token}: {}", reply.body);
    }
    for token in ["%", "*", "' OR '1'='1"] {
        let reply =
            anonymous.post("/api/v1/password-reset", json!({"token": token, "password": "a long password!"})).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{token}: {}", reply.body);
        assert_eq!(reply.code(), "token_invalid");
    }
    Ok(())
});

// Row 13 (CVE-2022-32226): a list under a parent checks the parent's organization first:
// another organization's parent is a 404, and so is a parent id that is not an id.
both!(lists_under_a_parent_check_the_parent_first, |app| async move {
    let a = desk(&app, 1, "round_robin").await?;
    let b = desk(&app, 1, "round_robin").await?;
    let message = b.customer_writes("+573007778899", "Secreto de B").await?;
    let b_conversation = message["conversation_id"].as_str().unwrap().to_owned();
    let b_profiles = ok(b.admin().get("/api/v1/profiles").await).await?;
    let b_profile = id(&b_profiles["items"][0]);
    let b_agent = b.agent(0).id;
    let admin = a.admin();
    for path in [
        format!("/api/v1/conversations/{b_conversation}/messages"),
        format!("/api/v1/simulator/{}/messages", b.channel),
        format!("/api/v1/campaigns/{}/fields", b.campaign),
        format!("/api/v1/profiles/{b_profile}/members"),
        format!("/api/v1/users/{b_agent}/status-history"),
        format!("/api/v1/users/{b_agent}/absence"),
        format!("/api/v1/channels/{}/chatbot", b.channel),
    ] {
        let reply = admin.get(&path).await?;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}: {}", reply.body);
    }
    // Filters naming another organization's parent find nothing of it.
    for path in [
        format!("/api/v1/conversations?campaign_id={}", b.campaign),
        format!("/api/v1/conversations?channel_id={}", b.channel),
        format!("/api/v1/conversations?queue_id={}", b.queue),
        format!("/api/v1/conversations?agent_id={b_agent}"),
    ] {
        let reply = admin.get(&path).await?;
        assert_eq!(count(&reply), 0, "{path}: {}", reply.body);
    }
    for parent in [r#"{"$regex":".*"}"#, "*", "1 OR 1=1"] {
        let path = format!("/api/v1/conversations/{}/messages", encode(parent));
        let reply = admin.get(&path).await?;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}: {}", reply.body);
    }
    Ok(())
});
