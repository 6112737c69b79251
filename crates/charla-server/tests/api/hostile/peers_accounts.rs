//! Account rows of the hostile plan (docs/security/hostile-tests.md). Charla has no
//! identity providers (row 5) and no second factor (row 15): what stands in their place is
//! tested instead — invitation links that work once and expire, accounts unusable until
//! their owner sets a password, and one set of limits whatever a client asks for. Row 11:
//! every way in (REST, the realtime socket, the widget, API tokens) refuses a wrong, empty
//! or expired credential.

use charla_domain::access::BuiltinProfile;
use futures_util::{SinkExt, StreamExt};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::desk::{id, ok};

fn invite_token(mail: &str) -> String {
    let start = mail.find("http://charla.test/accept-invite?token=").expect("an invitation link");
    mail[start..].split_whitespace().next().unwrap().split("token=").nth(1).unwrap().to_owned()
}

async fn invite(
    app: &charla_testkit::TestApp,
    org: &charla_testkit::app::TestOrg,
    email: &str,
) -> anyhow::Result<String> {
    let profiles = ok(org.admin.get("/api/v1/profiles").await).await?;
    let agent = profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").unwrap().clone();
    ok(org.admin.post("/api/v1/users", json!({"email": email, "name": "Invited", "profile_id": agent["id"]})).await)
        .await?;
    app.run_pending_jobs().await?;
    let mail = app.smtp.mails().into_iter().rev().find(|m| m.contains(&format!("To: {email}"))).expect("a mail");
    Ok(invite_token(&mail))
}

// Row 5 (CVE-2026-44707): an invited account is unusable until its owner confirms it by
// setting a password through the mailed link; the link works once and expires.
both!(invitations_confirm_once_and_expire, |app| async move {
    let org = app.org("Acme").await?;
    let anonymous = app.client();
    let token = invite(&app, &org, "new@acme.test").await?;
    // Before the link is used no password opens the account, guessed or empty.
    for guess in ["", "password", "new@acme.test", "correct horse battery"] {
        let reply = anonymous.login("new@acme.test", guess).await?;
        assert!(
            matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::BAD_REQUEST),
            "{guess}: {}",
            reply.status
        );
    }
    let set =
        anonymous.post("/api/v1/password-reset", json!({"token": token, "password": "the owner's secret"})).await?;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    // A second use of the same link cannot take the account over.
    let again =
        anonymous.post("/api/v1/password-reset", json!({"token": token, "password": "an attacker's secret"})).await?;
    assert_eq!(again.code(), "token_invalid");
    assert_eq!(anonymous.login("new@acme.test", "an attacker's secret").await?.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.login("new@acme.test", "the owner's secret").await?.status, StatusCode::OK);
    // An invitation nobody used stops working after 72 hours.
    let late = invite(&app, &org, "late@acme.test").await?;
    app.clock.advance(SignedDuration::from_hours(73));
    let expired =
        anonymous.post("/api/v1/password-reset", json!({"token": late, "password": "too late secret"})).await?;
    assert_eq!(expired.code(), "token_invalid");
    assert_eq!(anonymous.login("late@acme.test", "too late secret").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});

async fn realtime_status(app: &charla_testkit::TestApp, header: Option<(&'static str, String)>) -> anyhow::Result<u16> {
    let url = format!("{}/api/v1/realtime", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    if let Some((name, value)) = header {
        request.headers_mut().insert(name, value.parse()?);
    }
    Ok(match tokio_tungstenite::connect_async(request).await {
        Ok(_) => 101,
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(other) => anyhow::bail!("{other}"),
    })
}

// Row 11 (CVE-2026-28514): a wrong, empty, forged, expired or revoked credential fails on
// every path in.
both!(every_way_in_refuses_a_bad_credential, |app| async move {
    let org = app.org("Acme").await?;
    let anonymous = app.client();
    // REST login.
    assert_eq!(anonymous.login(&org.admin_email, "wrong").await?.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.login(&org.admin_email, "").await?.status, StatusCode::BAD_REQUEST);
    assert_eq!(anonymous.login(&org.admin_email, " ").await?.status, StatusCode::UNAUTHORIZED);
    // API tokens: forged, revoked.
    let profiles = ok(org.admin.get("/api/v1/profiles").await).await?;
    let agent = profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").unwrap().clone();
    let token = ok(org.admin.post("/api/v1/tokens", json!({"name": "t", "profile_id": agent["id"]})).await).await?;
    let secret = token["token"].as_str().unwrap().to_owned();
    let bearer = org.admin.with_bearer(&secret);
    assert_eq!(bearer.get("/api/v1/me").await?.status, StatusCode::OK);
    assert_eq!(realtime_status(&app, Some(("authorization", format!("Bearer {secret}")))).await?, 101);
    let mut forged = secret.clone();
    forged.pop();
    forged.push(if secret.ends_with('A') { 'B' } else { 'A' });
    assert_eq!(org.admin.with_bearer(&forged).get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    assert_eq!(org.admin.with_bearer("").get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    assert_eq!(org.admin.delete(&format!("/api/v1/tokens/{}", id(&token))).await?.status, StatusCode::NO_CONTENT);
    assert_eq!(bearer.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    // The realtime socket: no credential, a forged or revoked one, an expired session.
    assert_eq!(realtime_status(&app, None).await?, 401);
    assert_eq!(realtime_status(&app, Some(("authorization", format!("Bearer {secret}")))).await?, 401);
    assert_eq!(realtime_status(&app, Some(("authorization", format!("Bearer {forged}")))).await?, 401);
    assert_eq!(realtime_status(&app, Some(("cookie", "charla_session=forged".to_owned()))).await?, 401);
    let (_, agent_client) = app.member(&org, BuiltinProfile::Agent).await?;
    let cookie = agent_client.cookie_header().unwrap();
    assert_eq!(realtime_status(&app, Some(("cookie", cookie.clone()))).await?, 101);
    app.clock.advance(SignedDuration::from_hours(24 * 8));
    assert_eq!(realtime_status(&app, Some(("cookie", cookie))).await?, 401);
    assert_eq!(agent_client.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});

// Row 11, the widget: a visitor's token is checked on every call and on the socket.
both!(the_widget_refuses_a_bad_visitor_token, |app| async move {
    let org = app.org("Acme").await?;
    let client = ok(org.admin.post("/api/v1/clients", json!({"name": "C"})).await).await?;
    let project = ok(org.admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "P"})).await).await?;
    let campaign =
        ok(org.admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "K"})).await).await?;
    let channel = ok(org
        .admin
        .post(
            "/api/v1/channels",
            json!({"kind": "webchat", "name": "Web", "campaign_id": id(&campaign),
                   "config": {"allowed_origins": ["https://shop.example"]}}),
        )
        .await)
    .await?;
    let base = app.url(&format!("/widget/v1/channels/{}", id(&channel)));
    let http = reqwest::Client::new();
    let started: Value = http
        .post(format!("{base}/sessions"))
        .header("origin", "https://shop.example")
        .json(&json!({"name": "Ana"}))
        .send()
        .await?
        .json()
        .await?;
    let real = started["token"].as_str().unwrap().to_owned();
    for token in [None, Some(String::new()), Some(format!("{real}x")), Some(r#"{"$gt":""}"#.to_owned())] {
        let mut request = http.get(format!("{base}/messages")).header("origin", "https://shop.example");
        if let Some(token) = &token {
            request = request.header("x-charla-visitor", token);
        }
        let status = request.send().await?.status();
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}");
        let mut write = http
            .post(format!("{base}/messages"))
            .header("origin", "https://shop.example")
            .json(&json!({"id": uuid::Uuid::now_v7(), "text": "hola"}));
        if let Some(token) = &token {
            write = write.header("x-charla-visitor", token);
        }
        assert_eq!(write.send().await?.status(), StatusCode::UNAUTHORIZED, "{token:?}");
    }
    // The socket says so and carries nothing.
    let url = format!("{}/stream", base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("origin", "https://shop.example".parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    socket.send(Message::Text(json!({"token": format!("{real}x"), "after": null}).to_string().into())).await?;
    let first = socket.next().await.expect("an answer")?;
    let answer: Value = serde_json::from_str(first.to_text()?)?;
    assert_eq!(answer["kind"], "error", "{answer}");
    Ok(())
});

// Row 15 (CVE-2022-35248): a client cannot choose a login mode that skips the limits; a
// different spelling of the same address is the same account.
both!(no_login_mode_skips_the_limits, |app| async move {
    let org = app.org("Acme").await?;
    let anonymous = app.client();
    for extra in [json!({"mode": "cas"}), json!({"skip_lockout": true}), json!({"provider": "saml"})] {
        let mut body = json!({"email": org.admin_email, "password": "wrong"});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let reply = anonymous.post("/api/v1/session", body).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert_eq!(reply.code(), "unknown_field");
    }
    // Failures under other spellings of the address count against the one account.
    let shouty = org.admin_email.to_uppercase();
    let padded = format!("  {}  ", org.admin_email);
    for email in [shouty.as_str(), padded.as_str(), shouty.as_str(), padded.as_str(), org.admin_email.as_str()] {
        let reply = anonymous.login(email, "wrong").await?;
        assert!(matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::LOCKED), "{email}: {}", reply.status);
    }
    let locked = anonymous.login(&org.admin_email, charla_testkit::app::PASSWORD).await?;
    assert_eq!(locked.status, StatusCode::LOCKED, "{}", locked.body);
    Ok(())
});

// Row 15, the per-IP limit holds whatever the client sends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_ip_limit_holds_for_every_shape_of_login() {
    let app = charla_testkit::TestApp::spawn_with(charla_testkit::Backend::Sqlite, |s| s.login_ip_per_minute = 3)
        .await
        .unwrap();
    let anonymous = app.client();
    for email in ["a@x.test", "B@X.TEST", "c@x.test"] {
        assert_eq!(anonymous.login(email, "wrong").await.unwrap().status, StatusCode::UNAUTHORIZED);
    }
    let limited = anonymous.login("d@x.test", "wrong").await.unwrap();
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers.contains_key("retry-after"));
}
