//! Logging in under attack (issue 12, findings 3 and 8): the lockout holds under
//! concurrency, unknown emails lock like real accounts, and every login path fails closed.

use charla_testkit::app::PASSWORD;
use reqwest::{Method, StatusCode};
use serde_json::json;

both!(parallel_wrong_passwords_lock_the_account, |app| async move {
    let org = app.org("Acme").await?;
    let attempts = (0..20).map(|i| {
        let client = app.client();
        let email = org.admin_email.clone();
        async move { client.login(&email, &format!("wrong password {i}")).await }
    });
    let replies = futures_util::future::join_all(attempts).await;
    let mut locked = 0;
    for reply in replies {
        let reply = reply?;
        // Waiting for Argon2 is not a refusal: nobody is told 429 under the per-IP limit.
        assert!(
            matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::LOCKED),
            "{} {}",
            reply.status,
            reply.body
        );
        locked += usize::from(reply.status == StatusCode::LOCKED);
    }
    assert!(locked >= 1, "20 parallel failures never locked the account");
    // The right password is refused while the lock lasts...
    let right = app.client().login(&org.admin_email, PASSWORD).await?;
    assert_eq!(right.status, StatusCode::LOCKED, "{}", right.body);
    assert_eq!(right.code(), "account_locked");
    // ...and works once it has passed.
    app.clock.advance(jiff::SignedDuration::from_mins(16));
    assert_eq!(app.client().login(&org.admin_email, PASSWORD).await?.status, StatusCode::OK);
    Ok(())
});

both!(unknown_emails_lock_like_real_accounts, |app| async move {
    let org = app.org("Acme").await?;
    let client = app.client();
    for email in [org.admin_email.as_str(), "nobody@nowhere.test"] {
        for attempt in 1..=4 {
            let reply = client.login(email, "wrong password").await?;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{email} attempt {attempt}");
            assert_eq!(reply.code(), "invalid_credentials");
        }
        for _ in 0..2 {
            let reply = client.login(email, "wrong password").await?;
            assert_eq!(reply.status, StatusCode::LOCKED, "{email}: {}", reply.body);
            assert_eq!(reply.code(), "account_locked");
            assert!(reply.body["locked_until"].is_string());
        }
    }
    // Differently typed, the same address.
    let shouted = client.login("  NOBODY@nowhere.TEST ", "wrong password").await?;
    assert_eq!(shouted.status, StatusCode::LOCKED);
    Ok(())
});

both!(a_locked_account_spends_no_argon2, |app| async move {
    let org = app.org("Acme").await?;
    let client = app.client();
    for _ in 0..5 {
        client.login(&org.admin_email, "wrong password").await?;
    }
    let before = app.state.password_work.runs();
    for _ in 0..10 {
        assert_eq!(client.login(&org.admin_email, PASSWORD).await?.status, StatusCode::LOCKED);
    }
    assert_eq!(app.state.password_work.runs(), before, "a locked account still verified passwords");
    Ok(())
});

both!(every_login_path_fails_closed, |app| async move {
    let org = app.org("Acme").await?;
    let anon = app.client();
    let email = org.admin_email.as_str();
    let hostile = [
        json!({"email": {"$gt": ""}, "password": PASSWORD}),
        json!({"email": email, "password": {"$gt": ""}}),
        json!({"email": [email], "password": PASSWORD}),
        json!({"email": email, "password": [PASSWORD]}),
        json!({"email": email, "password": 12345}),
        json!({"email": 1, "password": PASSWORD}),
        json!({"email": email, "password": true}),
        json!({"email": email, "password": null}),
        json!({"email": email}),
        json!({"email": email, "password": ""}),
        json!({"email": email, "password": PASSWORD, "admin": true}),
        json!({}),
        json!([email, PASSWORD]),
        json!(PASSWORD),
    ];
    for body in hostile {
        let reply = anon.post("/api/v1/session", body.clone()).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {} {}", reply.status, reply.body);
        assert!(reply.headers.get("set-cookie").is_none(), "{body} set a cookie");
    }
    let form = anon
        .send_raw(
            Method::POST,
            "/api/v1/session",
            "application/x-www-form-urlencoded",
            &format!("email={email}&password=x"),
        )
        .await?;
    assert!(form.status.is_client_error(), "{}", form.status);
    let wrong = anon.login(email, "not the password").await?;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // Tokens where strings go: the recovery and reset links.
    for body in [json!({"email": {"$gt": ""}}), json!({"email": [email]}), json!({"email": 7})] {
        let reply = anon.post("/api/v1/password-recovery", body.clone()).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {}", reply.body);
    }
    for body in [
        json!({"token": {"$gt": ""}, "password": "a brand new secret"}),
        json!({"token": ["x"], "password": "a brand new secret"}),
        json!({"token": 1, "password": "a brand new secret"}),
        json!({"token": null, "password": "a brand new secret"}),
        json!({"token": "x", "password": {"$gt": ""}}),
    ] {
        let reply = anon.post("/api/v1/password-reset", body.clone()).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {}", reply.body);
    }
    // Nothing above let anyone in.
    assert_eq!(anon.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});
