//! The administrator's day one: invite, profiles, the hierarchy, the audit log.

use charla_testkit::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

both!(invite_profile_hierarchy_and_audit, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    // A custom profile.
    let profile = admin
        .post("/api/v1/profiles", json!({"name": "Quality", "permissions": ["monitoring.view", "reports.view"]}))
        .await?;
    assert_eq!(profile.status, StatusCode::CREATED);
    let profile_id = id(&profile.body);
    // Invite a user with it: the mail reaches the SMTP stand-in with a set-password link.
    let invited = admin
        .post(
            "/api/v1/users",
            json!({"email": "Carla@Acme.test", "name": "Carla", "profile_id": profile_id, "language": "pt-BR"}),
        )
        .await?;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    assert_eq!(invited.body["email"], "carla@acme.test");
    assert_eq!(invited.body["invited"], true);
    app.run_pending_jobs().await?;
    let mail = app.smtp.mails().pop().expect("an invitation mail");
    assert!(mail.contains("To: carla@acme.test"));
    assert!(mail.contains("Acme"), "{mail}");
    assert!(mail.contains("Olá"), "the mail is in the invitee's language: {mail}");
    let start = mail.find("http://charla.test/accept-invite?token=").unwrap();
    let token = mail[start..].split_whitespace().next().unwrap().split("token=").nth(1).unwrap().to_owned();
    let anon = app.client();
    let set = anon.post("/api/v1/password-reset", json!({"token": token, "password": "carla's own secret"})).await?;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let carla = app.client();
    let login = carla.login("carla@acme.test", "carla's own secret").await?;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["permissions"], json!(["monitoring.view", "reports.view"]));
    assert_eq!(login.body["user"]["language"], "pt-BR");
    // Members of the profile.
    let members = admin.get(&format!("/api/v1/profiles/{profile_id}/members")).await?;
    assert_eq!(members.body["items"].as_array().unwrap().len(), 1);
    // The same email cannot be invited twice, in this or another organization.
    let again =
        admin.post("/api/v1/users", json!({"email": "carla@acme.test", "name": "C", "profile_id": profile_id})).await?;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "email_taken");
    // Client → project → campaign, then archive the campaign.
    let client = admin.post("/api/v1/clients", json!({"name": "Banco Andino"})).await?;
    assert_eq!(client.status, StatusCode::CREATED);
    let project = admin.post("/api/v1/projects", json!({"client_id": id(&client.body), "name": "Cobranzas"})).await?;
    assert_eq!(project.status, StatusCode::CREATED, "{}", project.body);
    let campaign = admin
        .post(
            "/api/v1/campaigns",
            json!({"project_id": id(&project.body), "name": "Mora temprana", "description": "30 días"}),
        )
        .await?;
    assert_eq!(campaign.status, StatusCode::CREATED);
    assert_eq!(campaign.body["project_id"], project.body["id"]);
    let renamed = admin.patch(&format!("/api/v1/campaigns/{}", id(&campaign.body)), json!({"name": "Mora 30"})).await?;
    assert_eq!(renamed.body["name"], "Mora 30");
    assert_eq!(
        admin.delete(&format!("/api/v1/campaigns/{}", id(&campaign.body))).await?.status,
        StatusCode::NO_CONTENT
    );
    let active = admin.get(&format!("/api/v1/campaigns?project_id={}&archived=false", id(&project.body))).await?;
    assert_eq!(active.body["items"].as_array().unwrap().len(), 0);
    let all = admin.get(&format!("/api/v1/campaigns?project_id={}", id(&project.body))).await?;
    assert_eq!(all.body["items"][0]["archived"], true);
    // The audit log shows each change, newest first, with before and after.
    let audit = admin.get("/api/v1/audit-log").await?;
    let actions: Vec<&str> =
        audit.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "campaign.archived",
            "campaign.updated",
            "campaign.created",
            "project.created",
            "client.created",
            "user.invited",
            "profile.created"
        ]
    );
    let rename = &audit.body["items"][1];
    assert_eq!(rename["before"]["name"], "Mora temprana");
    assert_eq!(rename["after"]["name"], "Mora 30");
    assert_eq!(rename["actor_name"], "Admin");
    Ok(())
});

both!(deleting_a_profile_takes_its_permissions_from_members, |app| async move {
    let org = app.org("Acme").await?;
    let admin = &org.admin;
    let profile = admin.post("/api/v1/profiles", json!({"name": "Auditors", "permissions": ["audit.view"]})).await?;
    let profile_id = id(&profile.body);
    let (user_id, _) = app.member(&org, charla_domain::access::BuiltinProfile::Agent).await?;
    let moved = admin.patch(&format!("/api/v1/users/{user_id}"), json!({"profile_id": profile_id})).await?;
    assert_eq!(moved.body["profile_name"], "Auditors");
    assert_eq!(admin.delete(&format!("/api/v1/profiles/{profile_id}")).await?.status, StatusCode::NO_CONTENT);
    let user = admin.get(&format!("/api/v1/users/{user_id}")).await?;
    assert!(user.body["profile_id"].is_null());
    // Built-in profiles cannot be edited or deleted.
    let builtin = admin.get("/api/v1/profiles").await?.body["items"][0]["id"].as_str().unwrap().to_owned();
    let refused = admin.delete(&format!("/api/v1/profiles/{builtin}")).await?;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(refused.code(), "profile_builtin");
    Ok(())
});

both!(status_changes_need_reasons_and_keep_history, |app| async move {
    let org = app.org("Acme").await?;
    let (agent_id, agent) = app.member(&org, charla_domain::access::BuiltinProfile::Agent).await?;
    let reason = org.admin.post("/api/v1/pause-reasons", json!({"name": "Almuerzo"})).await?;
    assert_eq!(reason.status, StatusCode::CREATED);
    let no_reason = agent.put("/api/v1/me/status", json!({"status": "paused"})).await?;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_reason.body["errors"][0]["field"], "pause_reason");
    assert_eq!(agent.put("/api/v1/me/status", json!({"status": "online"})).await?.body["status"], "online");
    let paused = agent.put("/api/v1/me/status", json!({"status": "paused", "pause_reason": "Almuerzo"})).await?;
    assert_eq!(paused.body["pause_reason_id"], reason.body["id"]);
    assert_eq!(agent.put("/api/v1/me/status", json!({"status": "sleeping"})).await?.status, StatusCode::BAD_REQUEST);
    let history = org.admin.get(&format!("/api/v1/users/{agent_id}/status-history")).await?;
    let statuses: Vec<&str> =
        history.body["items"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["paused", "online"]);
    assert_eq!(history.body["items"][0]["pause_reason_name"], "Almuerzo");
    Ok(())
});

both!(profile_and_language_edits, |app| async move {
    let org = app.org("Acme").await?;
    let me = org
        .admin
        .patch("/api/v1/me", json!({"language": "es", "time_zone": "America/Sao_Paulo", "name": "Ana"}))
        .await?;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["language"], "es");
    assert_eq!(me.body["time_zone"], "America/Sao_Paulo");
    let bad = org.admin.patch("/api/v1/me", json!({"language": "fr", "time_zone": "Mars/Base"})).await?;
    let codes: Vec<&str> = bad.body["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["invalid_language", "invalid_time_zone"]);
    Ok(())
});

#[tokio::test]
async fn first_run_creates_the_organization_once() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let anon = app.client();
    assert_eq!(anon.get("/api/v1/setup").await.unwrap().body["needs_setup"], true);
    let body = json!({"organization_name": "Mi Empresa", "name": "Lucía", "email": "lucia@empresa.test", "password": "una clave larga"});
    let created = anon.post("/api/v1/setup", body.clone()).await.unwrap();
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(created.body["organization"]["name"], "Mi Empresa");
    // Logged in at once.
    assert_eq!(anon.get("/api/v1/me").await.unwrap().body["user"]["email"], "lucia@empresa.test");
    let other = app.client();
    assert_eq!(other.get("/api/v1/setup").await.unwrap().body["needs_setup"], false);
    let again = other.post("/api/v1/setup", body).await.unwrap();
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "setup_done");
}

both!(user_search_ignores_accents_and_case, |app| async move {
    let org = app.org("Acme").await?;
    let profiles = org.admin.get("/api/v1/profiles").await?.body;
    let agent = profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "agent").unwrap()["id"].clone();
    for (email, name) in [("jose@acme.test", "José Pérez"), ("joao@acme.test", "João Araújo"), ("ana@acme.test", "Ana")]
    {
        let reply = org.admin.post("/api/v1/users", json!({"email": email, "name": name, "profile_id": agent})).await?;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    for (query, expected) in [("jose perez", "José Pérez"), ("ARAUJO", "João Araújo"), ("pérez", "José Pérez")] {
        let found = org.admin.get(&format!("/api/v1/users?q={}", query.replace(' ', "%20"))).await?;
        let names: Vec<&str> =
            found.body["items"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
        assert_eq!(names, [expected], "{query}");
    }
    Ok(())
});

#[tokio::test]
async fn org_create_works_from_a_shell_while_the_server_runs() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_charla"))
        .args(["--data-dir", app.data_dir.to_str().unwrap(), "--public-url", "http://charla.test"])
        .args(["org", "create", "--name", "Beta Corp", "--admin-email", "Boss@Beta.test"])
        .output()
        .await
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8(output.stdout).unwrap();
    let link = printed.split_whitespace().find(|w| w.starts_with("http://charla.test/accept-invite?token=")).unwrap();
    let token = link.split("token=").nth(1).unwrap();
    let anon = app.client();
    let set =
        anon.post("/api/v1/password-reset", json!({"token": token, "password": "boss password 1"})).await.unwrap();
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    let login = anon.login("boss@beta.test", "boss password 1").await.unwrap();
    assert_eq!(login.body["organization"]["name"], "Beta Corp");
    assert!(login.body["permissions"].as_array().unwrap().len() > 10, "the first user is an administrator");
    // The same address cannot start a second organization.
    let again = tokio::process::Command::new(env!("CARGO_BIN_EXE_charla"))
        .args(["--data-dir", app.data_dir.to_str().unwrap()])
        .args(["org", "create", "--name", "Gamma", "--admin-email", "boss@beta.test"])
        .output()
        .await
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already belongs to a user"));
}

both!(demo_data_is_created_once_and_kept, |app| async move {
    use charla_server::demo::{DemoOutcome, ensure};
    let first = ensure(&app.state.db, &app.clock, Some("demo-password-123".to_owned())).await?;
    assert!(matches!(first, DemoOutcome::Created { generated: false, .. }));
    let admin = app.client();
    admin.login_ok("admin@demo.test", "demo-password-123").await?;
    admin.post("/api/v1/clients", json!({"name": "Added by hand"})).await?;
    let again = ensure(&app.state.db, &app.clock, Some("another-password".to_owned())).await?;
    assert!(matches!(again, DemoOutcome::AlreadyThere));
    for email in ["supervisor@demo.test", "agent1@demo.test", "agent2@demo.test"] {
        app.client().login_ok(email, "demo-password-123").await?;
    }
    let clients = admin.get("/api/v1/clients").await?;
    assert_eq!(clients.body["items"].as_array().unwrap().len(), 2, "demo client and the added one");
    let campaigns = admin.get("/api/v1/campaigns").await?;
    assert_eq!(campaigns.body["items"].as_array().unwrap().len(), 2);
    let agent = app.client();
    agent.login_ok("agent1@demo.test", "demo-password-123").await?;
    let me = agent.get("/api/v1/me").await?;
    assert_eq!(me.body["user"]["profile_name"], "Agent");
    assert_eq!(me.body["user"]["profile_builtin"], "agent");
    assert_eq!(me.body["user"]["status"], "offline", "users start offline");
    Ok(())
});
