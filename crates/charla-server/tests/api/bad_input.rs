//! Bad input on every route gets a problem+json 4xx, never a 5xx, and writes nothing.

use charla_server::api::{Access, routes};
use reqwest::{Method, StatusCode};
use serde_json::json;

both!(bad_bodies_are_refused_cleanly_everywhere, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    let client = admin.post("/api/v1/clients", json!({"name": "Real"})).await?.body;
    let client_id = client["id"].as_str().unwrap().to_owned();
    let audit_before = admin.get("/api/v1/audit-log").await?.body["items"].as_array().unwrap().len();
    let long = "x".repeat(5000);
    for route in routes() {
        let spec = route.spec;
        if !matches!(spec.method, "post" | "patch" | "put")
            || spec.access == Access::Public && spec.path == "/api/v1/setup"
        {
            continue;
        }
        let path = spec.path.replace("{id}", &client_id);
        let method = Method::from_bytes(spec.method.to_uppercase().as_bytes()).unwrap();
        let cases = [
            ("application/json", "{not json".to_owned()),
            ("application/json", "[1, 2, 3]".to_owned()),
            ("application/json", json!({"name": 42, "email": ["x"], "status": {}}).to_string()),
            ("application/json", json!({"surprise": true}).to_string()),
            ("application/json", json!({"name": long, "email": long, "text": long}).to_string()),
            ("text/plain", "name=x".to_owned()),
        ];
        for (content_type, body) in cases {
            let reply = admin.send_raw(method.clone(), &path, content_type, &body).await?;
            let status = reply.status;
            assert!(
                status.is_client_error() || (status == StatusCode::ACCEPTED && spec.path.ends_with("/reset-password")),
                "{} {} with {body:.60}: {status} {}",
                spec.method,
                spec.path,
                reply.body
            );
            if status.is_client_error() {
                assert_eq!(reply.headers["content-type"], "application/problem+json", "{} {}", spec.method, spec.path);
                assert!(!reply.code().is_empty());
            }
        }
    }
    // Nothing was half-written: the client is as it was and no change was audited.
    let after = admin.get(&format!("/api/v1/clients/{client_id}")).await?;
    assert_eq!(after.body["name"], "Real");
    let audit_after = admin.get("/api/v1/audit-log").await?.body["items"].as_array().unwrap().len();
    assert_eq!(audit_before, audit_after);
    Ok(())
});

both!(unknown_ids_and_routes_are_404_problems, |app| async move {
    let org = app.org("Acme").await?;
    for path in
        ["/api/v1/clients/not-a-uuid", "/api/v1/users/01890000-0000-7000-8000-000000000000", "/api/v1/nothing-here"]
    {
        let reply = org.admin.get(path).await?;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.code(), "not_found");
    }
    let reply = org.admin.get("/api/v1/clients?limit=lots").await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "invalid_query");
    let reply = org.admin.get("/api/v1/clients?after=garbage").await?;
    assert_eq!(reply.code(), "invalid_query");
    let reply = org.admin.send(Method::PUT, "/api/v1/clients", Some(json!({}))).await?;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.code(), "method_not_allowed");
    Ok(())
});

both!(too_long_names_are_field_errors, |app| async move {
    let org = app.org("Acme").await?;
    let reply = org.admin.post("/api/v1/clients", json!({"name": "n".repeat(121)})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["errors"][0], json!({"field": "name", "code": "too_long", "params": {"max": 120}}));
    let reply = org
        .admin
        .post("/api/v1/profiles", json!({"name": "P", "permissions": ["inbox.own", "root.everything"]}))
        .await?;
    assert_eq!(reply.body["errors"][0]["field"], "permissions[1]");
    assert_eq!(reply.body["errors"][0]["code"], "unknown_permission");
    assert_eq!(org.admin.get("/api/v1/clients").await?.body["items"].as_array().unwrap().len(), 0);
    Ok(())
});

both!(keyset_pages_walk_every_row_once, |app| async move {
    let org = app.org("Acme").await?;
    for i in 0..7 {
        org.admin.post("/api/v1/clients", json!({"name": format!("Client {i}")})).await?;
    }
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(cursor) => format!("/api/v1/clients?limit=3&after={cursor}"),
            None => "/api/v1/clients?limit=3".to_owned(),
        };
        let page = org.admin.get(&path).await?.body;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["name"].as_str().unwrap().to_owned());
        }
        match page["next"].as_str() {
            Some(cursor) => next = Some(cursor.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, (0..7).map(|i| format!("Client {i}")).collect::<Vec<_>>());
    Ok(())
});
