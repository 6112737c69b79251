//! Logging in and out, lockout, recovery links, sessions, tokens.

use charla_testkit::app::PASSWORD;
use charla_testkit::{Backend, TestApp};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;

fn link_in(mail: &str, path: &str) -> String {
    let start = mail.find(&format!("http://charla.test{path}?token=")).expect("link in mail");
    mail[start..].split_whitespace().next().unwrap().to_owned()
}

fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap().to_owned()
}

both!(login_failures_are_told_apart, |app| async move {
    let org = app.org("Acme").await?;
    let client = app.client();
    let wrong = client.login(&org.admin_email, "not the password").await?;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    let unknown = client.login("nobody@nowhere.test", PASSWORD).await?;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.code(), "invalid_credentials");
    let empty = client.login("", "").await?;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(empty.code(), "validation_failed");
    let fields: Vec<&str> =
        empty.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["email", "password"]);
    // An expired session is logged out.
    let me = org.admin.get("/api/v1/me").await?;
    assert_eq!(me.status, StatusCode::OK);
    app.clock.advance(SignedDuration::from_hours(24 * 8));
    let expired = org.admin.get("/api/v1/me").await?;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.code(), "unauthorized");
    Ok(())
});

both!(accounts_lock_after_repeated_failures, |app| async move {
    let org = app.org("Acme").await?;
    let client = app.client();
    for _ in 0..4 {
        assert_eq!(client.login(&org.admin_email, "wrong password").await?.status, StatusCode::UNAUTHORIZED);
    }
    let locked = client.login(&org.admin_email, "wrong password").await?;
    assert_eq!(locked.status, StatusCode::LOCKED);
    assert_eq!(locked.code(), "account_locked");
    assert!(locked.body["locked_until"].is_string());
    // Even the right password is refused while locked...
    assert_eq!(client.login(&org.admin_email, PASSWORD).await?.status, StatusCode::LOCKED);
    // ...and accepted once the lock has passed.
    app.clock.advance(SignedDuration::from_mins(16));
    assert_eq!(client.login(&org.admin_email, PASSWORD).await?.status, StatusCode::OK);
    Ok(())
});

#[tokio::test]
async fn the_per_ip_limit_answers_429_with_retry_after() {
    let app = TestApp::spawn_with(Backend::Sqlite, |s| s.login_ip_per_minute = 3).await.unwrap();
    let client = app.client();
    for _ in 0..3 {
        assert_eq!(client.login("x@y.test", "whatever-pass").await.unwrap().status, StatusCode::UNAUTHORIZED);
    }
    let limited = client.login("x@y.test", "whatever-pass").await.unwrap();
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.code(), "too_many_requests");
    let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
}

both!(recovery_links_work_once_and_expire, |app| async move {
    let org = app.org("Acme").await?;
    let anon = app.client();
    let asked = anon.post("/api/v1/password-recovery", json!({"email": org.admin_email})).await?;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    // An unknown address gets the same answer and no mail.
    assert_eq!(
        anon.post("/api/v1/password-recovery", json!({"email": "ghost@x.test"})).await?.status,
        StatusCode::ACCEPTED
    );
    app.run_pending_jobs().await?;
    let mails = app.smtp.mails();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains(&format!("To: {}", org.admin_email)));
    let token = token_of(&link_in(&mails[0], "/reset-password"));
    let reset = anon.post("/api/v1/password-reset", json!({"token": token, "password": "a brand new secret"})).await?;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    // The change ended the administrator's open session.
    assert_eq!(org.admin.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    let again = anon.post("/api/v1/password-reset", json!({"token": token, "password": "another new secret"})).await?;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.code(), "token_invalid");
    assert_eq!(anon.login(&org.admin_email, "a brand new secret").await?.status, StatusCode::OK);
    // A second link expires unused after two hours.
    anon.post("/api/v1/password-recovery", json!({"email": org.admin_email})).await?;
    app.run_pending_jobs().await?;
    let late = token_of(&link_in(&app.smtp.mails()[1], "/reset-password"));
    app.clock.advance(SignedDuration::from_mins(121));
    let expired = anon.post("/api/v1/password-reset", json!({"token": late, "password": "too late secret"})).await?;
    assert_eq!(expired.code(), "token_invalid");
    Ok(())
});

both!(logout_and_logout_everywhere, |app| async move {
    let org = app.org("Acme").await?;
    let laptop = org.admin;
    let phone = app.client();
    phone.login_ok(&org.admin_email, PASSWORD).await?;
    let tablet = app.client();
    tablet.login_ok(&org.admin_email, PASSWORD).await?;
    assert_eq!(tablet.delete("/api/v1/session").await?.status, StatusCode::NO_CONTENT);
    assert_eq!(tablet.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    assert_eq!(phone.get("/api/v1/me").await?.status, StatusCode::OK);
    assert_eq!(laptop.delete("/api/v1/sessions").await?.status, StatusCode::NO_CONTENT);
    assert_eq!(laptop.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    assert_eq!(phone.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});

both!(mutations_need_the_csrf_token, |app| async move {
    let org = app.org("Acme").await?;
    org.admin.forget_csrf();
    let refused = org.admin.post("/api/v1/clients", json!({"name": "Sneaky"})).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.code(), "csrf_failed");
    // Reads need none; /me hands the token back to a reloaded page.
    let me = org.admin.get("/api/v1/me").await?;
    assert!(me.body["csrf_token"].is_string());
    let clients = org.admin.get("/api/v1/clients").await?;
    assert_eq!(clients.body["items"].as_array().unwrap().len(), 0);
    Ok(())
});

both!(api_tokens_act_with_their_profile_and_can_be_revoked, |app| async move {
    let org = app.org("Acme").await?;
    let profiles = org.admin.get("/api/v1/profiles").await?;
    let agent =
        profiles.body["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").unwrap()["id"].clone();
    let created = org.admin.post("/api/v1/tokens", json!({"name": "CRM sync", "profile_id": agent})).await?;
    assert_eq!(created.status, StatusCode::CREATED);
    let secret = created.body["token"].as_str().unwrap().to_owned();
    let id = created.body["id"].as_str().unwrap().to_owned();
    // Shown once: never in the list or the detail.
    let listed = org.admin.get("/api/v1/tokens").await?;
    assert!(!listed.body.to_string().contains(&secret));
    assert!(listed.body["items"][0]["token"].is_null());
    let bot = org.admin.with_bearer(&secret);
    let me = bot.get("/api/v1/me").await?;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["permissions"], json!(["inbox.own", "contacts.view", "quick_replies.use", "files.use"]));
    // The agent profile cannot manage users; no CSRF token is needed with a bearer.
    assert_eq!(bot.get("/api/v1/users").await?.status, StatusCode::FORBIDDEN);
    assert_eq!(bot.get("/api/v1/clients").await?.status, StatusCode::OK);
    assert_eq!(org.admin.delete(&format!("/api/v1/tokens/{id}")).await?.status, StatusCode::NO_CONTENT);
    assert_eq!(bot.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    let shown = org.admin.get(&format!("/api/v1/tokens/{id}")).await?;
    assert!(shown.body["revoked_at"].is_string());
    Ok(())
});

both!(each_api_token_has_its_own_rate_limit, settings = |s| s.api_token_per_minute = 3, |app| async move {
    let org = app.org("Acme").await?;
    let profiles = org.admin.get("/api/v1/profiles").await?;
    let agent =
        profiles.body["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").unwrap()["id"].clone();
    let mut bots = Vec::new();
    for name in ["CRM sync", "Billing"] {
        let created = org.admin.post("/api/v1/tokens", json!({"name": name, "profile_id": agent})).await?;
        bots.push(org.admin.with_bearer(created.body["token"].as_str().unwrap()));
    }
    for _ in 0..3 {
        assert_eq!(bots[0].get("/api/v1/me").await?.status, StatusCode::OK);
    }
    let limited = bots[0].get("/api/v1/me").await?;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{}", limited.body);
    assert_eq!(limited.code(), "too_many_requests");
    let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Another token, and people in the web app, keep their own turns.
    assert_eq!(bots[1].get("/api/v1/me").await?.status, StatusCode::OK);
    for _ in 0..5 {
        assert_eq!(org.admin.get("/api/v1/me").await?.status, StatusCode::OK);
    }
    // A wrong token never spends a real one's turns: it is refused as unknown.
    let stranger = org.admin.with_bearer("not-a-token");
    assert_eq!(stranger.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});
