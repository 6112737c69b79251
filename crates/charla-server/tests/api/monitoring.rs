//! Live monitoring (REP-1): what waits and who attends now, today's figures, the people
//! at work; only the caller's campaigns, never another organization's.

use charla_domain::access::BuiltinProfile;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{desk, ok, set_status};

both!(monitoring_follows_the_day_as_it_happens, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    desk.set_campaign(json!({"cancel_word": "salir"})).await?;
    let (supervisor_id, supervisor) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    let read = || async { ok(supervisor.get("/api/v1/monitoring").await).await };
    let quiet = read().await?;
    assert_eq!((quiet["in_queue"].as_u64(), quiet["in_attendance"].as_u64()), (Some(0), Some(0)));
    assert_eq!(quiet["longest_wait"], Value::Null);
    assert_eq!(quiet["today"], json!({"open": 0, "closed": 0, "abandoned": 0, "lost": 0}));
    // Nobody online: two contacts wait, the first for 45 s.
    let first = desk.customer_writes("+573008000001", "hola").await?;
    let first = first["conversation_id"].as_str().unwrap().to_owned();
    app.clock.advance(SignedDuration::from_secs(30));
    desk.customer_writes("+573008000002", "hola").await?;
    app.clock.advance(SignedDuration::from_secs(15));
    let waiting = read().await?;
    assert_eq!(waiting["in_queue"], 2);
    assert_eq!(waiting["longest_wait"], 45.0);
    assert_eq!(waiting["today"]["open"], 2);
    // The second gives up; agent 0 comes online and takes the first, answers in 20 s.
    desk.customer_writes("+573008000002", "salir").await?;
    let zero = &desk.agent(0).client;
    set_status(zero, "online").await?;
    app.clock.advance(SignedDuration::from_secs(20));
    ok(zero.post(&format!("/api/v1/conversations/{first}/messages"), json!({"text": "hola"})).await).await?;
    let attending = read().await?;
    assert_eq!((attending["in_queue"].as_u64(), attending["in_attendance"].as_u64()), (Some(0), Some(1)));
    assert_eq!(attending["longest_wait"], Value::Null);
    assert_eq!(attending["first_response"]["avg"], 20.0);
    assert_eq!(attending["first_response"]["max"], 20.0);
    assert_eq!(attending["today"], json!({"open": 1, "closed": 1, "abandoned": 0, "lost": 1}));
    let agents = &attending["agents"];
    assert_eq!(
        (agents["online"].as_u64(), agents["paused"].as_u64(), agents["invisible"].as_u64()),
        (Some(1), Some(0), Some(0))
    );
    assert_eq!(agents["items"][0]["id"], desk.agent(0).id.to_string());
    assert_eq!(agents["items"][0]["tickets"], 1);
    // Closed after 60 s of attention.
    app.clock.advance(SignedDuration::from_secs(40));
    let close = json!({"disposition_id": desk.dispositions[0], "fields": {desk.field.clone(): "Pedido"}});
    ok(zero.post(&format!("/api/v1/conversations/{first}/close"), close).await).await?;
    let done = read().await?;
    assert_eq!(done["in_attendance"], 0);
    assert_eq!(done["attention"]["avg"], 60.0);
    assert_eq!(done["today"], json!({"open": 0, "closed": 2, "abandoned": 0, "lost": 1}));
    assert_eq!(done["agents"]["items"][0]["tickets"], 0);
    // Filters: another queue holds nothing.
    let sales =
        ok(desk.admin().post("/api/v1/campaigns", json!({"project_id": desk.project, "name": "Sales"})).await).await?;
    let other_queue = sales["default_queue_id"].as_str().unwrap();
    let filtered = ok(desk.admin().get(&format!("/api/v1/monitoring?queue_id={other_queue}")).await).await?;
    assert_eq!(filtered["today"], json!({"open": 0, "closed": 0, "abandoned": 0, "lost": 0}));
    // A supervisor of nothing sees nothing; agents may not look; nor may bad filters pass.
    ok(desk.admin().put(&format!("/api/v1/users/{supervisor_id}/supervision"), json!({"campaign_ids": []})).await)
        .await?;
    let nothing = read().await?;
    assert_eq!((nothing["today"]["closed"].as_u64(), nothing["agents"]["items"].clone()), (Some(0), json!([])));
    assert_eq!(desk.agent(0).client.get("/api/v1/monitoring").await?.status, StatusCode::FORBIDDEN);
    let bad = desk.admin().get("/api/v1/monitoring?from=2026-01-01").await?;
    assert_eq!((bad.status, bad.code()), (StatusCode::BAD_REQUEST, "invalid_query"));
    // Another organization, naming A's campaign, sees none of it.
    let b = app.org("Other").await?;
    let theirs = ok(b.admin.get(&format!("/api/v1/monitoring?campaign_id={}", desk.campaign)).await).await?;
    assert_eq!(theirs["today"], json!({"open": 0, "closed": 0, "abandoned": 0, "lost": 0}));
    assert_eq!((theirs["in_queue"].as_u64(), theirs["agents"]["items"].clone()), (Some(0), json!([])), "{theirs}");
    Ok(())
});
