//! API tokens (issue 12, findings 1 and 2): a token is never above its creator, and stops
//! with them.

use charla_domain::access::BuiltinProfile;
use charla_testkit::app::{TestApp, TestOrg};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn builtin_profile(org: &TestOrg, builtin: &str) -> anyhow::Result<Value> {
    let profiles = org.admin.get("/api/v1/profiles").await?;
    Ok(profiles.body["items"].as_array().unwrap().iter().find(|p| p["builtin"] == builtin).unwrap()["id"].clone())
}

/// A member whose profile holds only `api.manage`.
async fn integrator(app: &TestApp, org: &TestOrg) -> anyhow::Result<(Value, charla_testkit::TestClient)> {
    let profile =
        org.admin.post("/api/v1/profiles", json!({"name": "Integrations", "permissions": ["api.manage"]})).await?;
    assert_eq!(profile.status, StatusCode::CREATED, "{}", profile.body);
    let profile_id = profile.body["id"].clone();
    let (id, client) = app.member(org, BuiltinProfile::Agent).await?;
    let moved = org.admin.patch(&format!("/api/v1/users/{id}"), json!({"profile_id": profile_id})).await?;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    Ok((profile_id, client))
}

both!(a_token_is_never_above_its_creator, |app| async move {
    let org = app.org("Acme").await?;
    let admin_profile = builtin_profile(&org, "administrator").await?;
    let supervisor_profile = builtin_profile(&org, "supervisor").await?;
    let (own_profile, integrator) = integrator(&app, &org).await?;
    // The issue's request: api.manage alone minting an Administrator token.
    for above in [&admin_profile, &supervisor_profile] {
        let refused = integrator.post("/api/v1/tokens", json!({"name": "escalate", "profile_id": above})).await?;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_eq!(refused.code(), "profile_exceeds_caller");
    }
    // Its own profile (or less) is fine.
    let own = integrator.post("/api/v1/tokens", json!({"name": "mine", "profile_id": own_profile})).await?;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    // A token may not mint a token above its own profile either.
    let bot = integrator.with_bearer(own.body["token"].as_str().unwrap());
    let refused = bot.post("/api/v1/tokens", json!({"name": "escalate", "profile_id": admin_profile})).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(refused.code(), "profile_exceeds_caller");
    let same = bot.post("/api/v1/tokens", json!({"name": "same", "profile_id": own_profile})).await?;
    assert_eq!(same.status, StatusCode::CREATED, "{}", same.body);
    // An administrator's token with the Supervisor profile cannot mint an Administrator one.
    let sup = org.admin.post("/api/v1/tokens", json!({"name": "sup", "profile_id": supervisor_profile})).await?;
    let sup_bot = org.admin.with_bearer(sup.body["token"].as_str().unwrap());
    // (Supervisor lacks api.manage: the route itself refuses.)
    let refused = sup_bot.post("/api/v1/tokens", json!({"name": "escalate", "profile_id": admin_profile})).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Nothing above the integrator was stored.
    let listed = org.admin.get("/api/v1/tokens").await?;
    let names: Vec<&str> =
        listed.body["items"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"escalate"), "{names:?}");
    Ok(())
});

both!(a_deactivated_creators_tokens_stop_at_once, |app| async move {
    let org = app.org("Acme").await?;
    let admin_profile = builtin_profile(&org, "administrator").await?;
    let (second, second_admin) = app.member(&org, BuiltinProfile::Administrator).await?;
    let made = second_admin.post("/api/v1/tokens", json!({"name": "mine", "profile_id": admin_profile})).await?;
    assert_eq!(made.status, StatusCode::CREATED);
    let bot = org.admin.with_bearer(made.body["token"].as_str().unwrap());
    assert_eq!(bot.get("/api/v1/users").await?.status, StatusCode::OK);
    assert_eq!(org.admin.delete(&format!("/api/v1/users/{second}")).await?.status, StatusCode::NO_CONTENT);
    // What the review did next: list users, invite an administrator, re-activate the creator.
    let listed = bot.get("/api/v1/users").await?;
    assert_eq!(listed.status, StatusCode::UNAUTHORIZED, "{}", listed.body);
    let invited =
        bot.post("/api/v1/users", json!({"email": "evil@x.test", "name": "Evil", "profile_id": admin_profile})).await?;
    assert_eq!(invited.status, StatusCode::UNAUTHORIZED);
    let revived = bot.patch(&format!("/api/v1/users/{second}"), json!({"active": true})).await?;
    assert_eq!(revived.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bot.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});

both!(demoting_a_creator_demotes_their_tokens, |app| async move {
    let org = app.org("Acme").await?;
    let admin_profile = builtin_profile(&org, "administrator").await?;
    let agent_profile = builtin_profile(&org, "agent").await?;
    let (second, second_admin) = app.member(&org, BuiltinProfile::Administrator).await?;
    let made = second_admin.post("/api/v1/tokens", json!({"name": "mine", "profile_id": admin_profile})).await?;
    let bot = org.admin.with_bearer(made.body["token"].as_str().unwrap());
    assert_eq!(bot.get("/api/v1/users").await?.status, StatusCode::OK);
    let demoted = org.admin.patch(&format!("/api/v1/users/{second}"), json!({"profile_id": agent_profile})).await?;
    assert_eq!(demoted.status, StatusCode::OK);
    assert_eq!(bot.get("/api/v1/users").await?.status, StatusCode::FORBIDDEN);
    let me = bot.get("/api/v1/me").await?;
    assert_eq!(me.body["permissions"], json!(["inbox.own", "contacts.view", "quick_replies.use", "files.use"]));
    Ok(())
});

both!(an_administrator_sees_and_revokes_every_token, |app| async move {
    let org = app.org("Acme").await?;
    let agent_profile = builtin_profile(&org, "agent").await?;
    let (second, second_admin) = app.member(&org, BuiltinProfile::Administrator).await?;
    let made = second_admin.post("/api/v1/tokens", json!({"name": "theirs", "profile_id": agent_profile})).await?;
    let id = made.body["id"].as_str().unwrap().to_owned();
    let bot = org.admin.with_bearer(made.body["token"].as_str().unwrap());
    assert_eq!(bot.get("/api/v1/me").await?.status, StatusCode::OK);
    let listed = org.admin.get("/api/v1/tokens").await?;
    let row = listed.body["items"].as_array().unwrap().iter().find(|t| t["id"] == id.as_str()).unwrap().clone();
    assert_eq!(row["created_by"], json!(second));
    assert_eq!(row["created_by_name"], "Administrator");
    assert!(row["last_used_at"].is_string(), "{row}");
    assert_eq!(org.admin.delete(&format!("/api/v1/tokens/{id}")).await?.status, StatusCode::NO_CONTENT);
    assert_eq!(bot.get("/api/v1/me").await?.status, StatusCode::UNAUTHORIZED);
    Ok(())
});

both!(bogus_and_revoked_bearers_answer_401, |app| async move {
    let org = app.org("Acme").await?;
    let anon = app.client();
    let random = format!("{}.{}", org.id.simple(), "A".repeat(43));
    for bearer in [r#"{"$gt":""}"#, "[]", "1", "", random.as_str()] {
        let reply = anon.with_bearer(bearer).get("/api/v1/me").await?;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "bearer {bearer:?}: {}", reply.body);
    }
    Ok(())
});
