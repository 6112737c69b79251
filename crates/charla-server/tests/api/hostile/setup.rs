//! First run under attack (issue 12, finding 8): parallel set-ups make one organization,
//! and the endpoint is limited per IP like password recovery.

use reqwest::StatusCode;
use serde_json::json;

both!(parallel_setups_make_one_organization, |app| async move {
    let tries = (0..8).map(|i| {
        let client = app.client();
        async move {
            let body = json!({
                "organization_name": format!("Org {i}"),
                "name": "Admin",
                "email": format!("admin{i}@first.test"),
                "password": "a long enough secret",
            });
            client.post("/api/v1/setup", body).await
        }
    });
    let replies = futures_util::future::join_all(tries).await;
    let mut created = 0;
    for reply in replies {
        let reply = reply?;
        match reply.status {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => assert_eq!(reply.code(), "setup_done"),
            other => panic!("setup answered {other} {}", reply.body),
        }
    }
    assert_eq!(created, 1);
    assert_eq!(charla_db::repo::orgs::count(&app.state.db).await?, 1);
    let status = app.client().get("/api/v1/setup").await?;
    assert_eq!(status.body["needs_setup"], false);
    Ok(())
});

both!(setup_is_limited_per_ip, settings = |s| s.recovery_ip_per_minute = 2, |app| async move {
    let anon = app.client();
    for _ in 0..2 {
        let reply = anon
            .post("/api/v1/setup", json!({"organization_name": "", "name": "", "email": "", "password": ""}))
            .await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    }
    let limited =
        anon.post("/api/v1/setup", json!({"organization_name": "", "name": "", "email": "", "password": ""})).await?;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.get("retry-after").is_some());
    Ok(())
});
