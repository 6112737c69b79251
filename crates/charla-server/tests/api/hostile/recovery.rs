//! Password recovery and reset under attack (issue 12, findings 5 and 8): bogus links cost
//! no Argon2, the endpoints have their own per-IP limit, an address gets at most 3 mails an
//! hour (known or not), and a reset voids every older link.

use charla_testkit::app::PASSWORD;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;

fn token_in(mail: &str, path: &str) -> String {
    let start = mail.find(&format!("http://charla.test{path}?token=")).expect("link in mail");
    let link = mail[start..].split_whitespace().next().unwrap();
    link.split("token=").nth(1).unwrap().to_owned()
}

both!(a_bogus_reset_link_costs_no_argon2, |app| async move {
    let org = app.org("Acme").await?;
    let anon = app.client();
    // A link that worked once, then bogus ones: unknown organization, unknown secret.
    anon.post("/api/v1/password-recovery", json!({"email": org.admin_email})).await?;
    app.run_pending_jobs().await?;
    let used = token_in(&app.smtp.mails()[0], "/reset-password");
    let done = anon.post("/api/v1/password-reset", json!({"token": used, "password": "a brand new secret"})).await?;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    let before = app.state.password_work.runs();
    let secret = "A".repeat(43);
    let bogus = [
        used.clone(),
        format!("{}.{secret}", org.id.simple()),
        format!("{}.{secret}", uuid::Uuid::now_v7().simple()),
        "not a token".to_owned(),
    ];
    for _ in 0..5 {
        for token in &bogus {
            let reply =
                anon.post("/api/v1/password-reset", json!({"token": token, "password": "a brand new secret"})).await?;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
            assert_eq!(reply.code(), "token_invalid");
        }
    }
    assert_eq!(app.state.password_work.runs(), before, "bogus reset links were hashed");
    // An expired link is refused the same way.
    anon.post("/api/v1/password-recovery", json!({"email": org.admin_email})).await?;
    app.run_pending_jobs().await?;
    let late = token_in(&app.smtp.mails()[1], "/reset-password");
    app.clock.advance(SignedDuration::from_mins(121));
    let expired = anon.post("/api/v1/password-reset", json!({"token": late, "password": "too late secret"})).await?;
    assert_eq!(expired.code(), "token_invalid");
    assert_eq!(app.state.password_work.runs(), before);
    Ok(())
});

both!(recovery_has_its_own_ip_limit, settings = |s| s.recovery_ip_per_minute = 3, |app| async move {
    let org = app.org("Acme").await?;
    let anon = app.client();
    for i in 0..2 {
        let reply = anon.post("/api/v1/password-recovery", json!({"email": format!("someone{i}@x.test")})).await?;
        assert_eq!(reply.status, StatusCode::ACCEPTED);
    }
    let reply = anon.post("/api/v1/password-reset", json!({"token": "x", "password": "a brand new secret"})).await?;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    // The fourth costly unauthenticated call from this address, whichever of the two.
    for (path, body) in [
        ("/api/v1/password-recovery", json!({"email": "someone9@x.test"})),
        ("/api/v1/password-reset", json!({"token": "x", "password": "a brand new secret"})),
    ] {
        let limited = anon.post(path, body).await?;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{path}: {}", limited.body);
        assert_eq!(limited.code(), "too_many_requests");
        let retry: u64 = limited.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(retry >= 1);
    }
    // Logging in keeps its own limit.
    assert_eq!(anon.login(&org.admin_email, PASSWORD).await?.status, StatusCode::OK);
    Ok(())
});

both!(recovery_mails_an_address_at_most_three_times_an_hour, |app| async move {
    let org = app.org("Acme").await?;
    let anon = app.client();
    let shouted = org.admin_email.to_uppercase();
    for email in [org.admin_email.as_str(), "ghost@nowhere.test"] {
        for _ in 0..3 {
            let reply = anon.post("/api/v1/password-recovery", json!({"email": email})).await?;
            assert_eq!(reply.status, StatusCode::ACCEPTED, "{email}: {}", reply.body);
        }
    }
    // The fourth answers 429 for the real address and the unknown one alike.
    for email in [shouted.as_str(), "ghost@nowhere.test"] {
        let reply = anon.post("/api/v1/password-recovery", json!({"email": email})).await?;
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{email}: {}", reply.body);
        assert_eq!(reply.code(), "too_many_requests");
        let retry: u64 = reply.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=3600).contains(&retry), "{retry}");
    }
    app.run_pending_jobs().await?;
    assert_eq!(app.smtp.mails().len(), 3);
    // An hour later the address may ask again.
    app.clock.advance(SignedDuration::from_mins(61));
    let again = anon.post("/api/v1/password-recovery", json!({"email": org.admin_email})).await?;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    app.run_pending_jobs().await?;
    assert_eq!(app.smtp.mails().len(), 4);
    Ok(())
});

both!(a_reset_voids_every_older_link, |app| async move {
    let org = app.org("Acme").await?;
    let profiles = org.admin.get("/api/v1/profiles").await?;
    let agent =
        profiles.body["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").unwrap()["id"].clone();
    let invited =
        org.admin.post("/api/v1/users", json!({"email": "new@acme.test", "name": "New", "profile_id": agent})).await?;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    let anon = app.client();
    for _ in 0..2 {
        anon.post("/api/v1/password-recovery", json!({"email": "new@acme.test"})).await?;
    }
    app.run_pending_jobs().await?;
    let mails = app.smtp.mails();
    assert_eq!(mails.len(), 3);
    let invite = token_in(&mails[0], "/accept-invite");
    let first = token_in(&mails[1], "/reset-password");
    let second = token_in(&mails[2], "/reset-password");
    let reset = anon.post("/api/v1/password-reset", json!({"token": second, "password": "a brand new secret"})).await?;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    for older in [invite, first] {
        let reply =
            anon.post("/api/v1/password-reset", json!({"token": older, "password": "an attacker's secret"})).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert_eq!(reply.code(), "token_invalid");
    }
    assert_eq!(anon.login("new@acme.test", "an attacker's secret").await?.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anon.login("new@acme.test", "a brand new secret").await?.status, StatusCode::OK);
    Ok(())
});

both!(a_reset_lifts_a_lock, |app| async move {
    let org = app.org("Acme").await?;
    let anon = app.client();
    for _ in 0..5 {
        anon.login(&org.admin_email, "wrong password").await?;
    }
    assert_eq!(anon.login(&org.admin_email, PASSWORD).await?.status, StatusCode::LOCKED);
    anon.post("/api/v1/password-recovery", json!({"email": org.admin_email})).await?;
    app.run_pending_jobs().await?;
    let token = token_in(&app.smtp.mails()[0], "/reset-password");
    let reset = anon.post("/api/v1/password-reset", json!({"token": token, "password": "a brand new secret"})).await?;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    assert_eq!(anon.login(&org.admin_email, "a brand new secret").await?.status, StatusCode::OK);
    Ok(())
});
