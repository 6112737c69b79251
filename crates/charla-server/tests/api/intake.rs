//! The staged intake (design.md §4): a webhook is acknowledged once its events are stored;
//! the drain applies them afterwards. A redelivery is stored once whether it comes while
//! the first copy waits or after it was applied; an event a dead node had claimed is applied
//! once its lease lapses; one that cannot be applied is retried, then kept as failed.

use charla_db::repo::inbound_events::{self, NewInboundEvent};
use charla_domain::ids::new_id;
use charla_testkit::TestApp;
use charla_testkit::fixtures::{self, whatsapp_signature};
use charla_testkit::graph::GraphStandIn;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use super::desk::{desk, id, ok};
use super::whatsapp::{allow_stand_ins, deliver, whatsapp_channel};
use charla_testkit::fixtures::config;

async fn inbound_count(admin: &charla_testkit::TestClient) -> anyhow::Result<usize> {
    let list = ok(admin.get("/api/v1/conversations").await).await?;
    let mut count = 0;
    for conversation in list["items"].as_array().unwrap() {
        let page = ok(admin.get(&format!("/api/v1/conversations/{}/messages", id(conversation))).await).await?;
        count += page["items"].as_array().unwrap().iter().filter(|m| m["direction"] == "inbound").count();
    }
    Ok(count)
}

async fn status_of(app: &TestApp, org: Uuid) -> anyhow::Result<Vec<(String, Option<String>)>> {
    let rows: Vec<(String, Option<String>)> = charla_db::on_db!(&app.state.db, |pool| sqlx::query_as(
        "SELECT status, last_error FROM inbound_events WHERE organization_id = $1"
    )
    .bind(org)
    .fetch_all(pool)
    .await)?;
    Ok(rows)
}

both!(a_webhook_is_stored_at_once_and_applied_once_by_the_drain, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;

    // Acknowledged twice; the second copy finds the first still waiting and is not stored.
    assert_eq!(deliver(&app, &channel, "text_message.json", None).await?, StatusCode::OK);
    assert_eq!(deliver(&app, &channel, "text_message.json", None).await?, StatusCode::OK);
    assert_eq!(inbound_events::pending_count(&app.state.db).await?, 1);
    assert_eq!(inbound_count(desk.admin()).await?, 0, "nothing applied before the drain runs");

    assert_eq!(app.drain_intake().await?, 1);
    assert_eq!(inbound_count(desk.admin()).await?, 1);
    assert_eq!(inbound_events::pending_count(&app.state.db).await?, 0);

    // Meta delivers it again later: stored, applied, and still one message.
    assert_eq!(deliver(&app, &channel, "text_message.json", None).await?, StatusCode::OK);
    assert_eq!(app.drain_intake().await?, 1);
    assert_eq!(inbound_count(desk.admin()).await?, 1);

    // A bad signature or a malformed body is refused before anything is stored.
    let url = channel["webhook_url"].as_str().unwrap().replace("http://charla.test", &app.base);
    let forged = reqwest::Client::new()
        .post(&url)
        .header("x-hub-signature-256", whatsapp_signature("image_message.json"))
        .body(fixtures::bytes("whatsapp/text_message.json"))
        .send()
        .await?;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(inbound_events::pending_count(&app.state.db).await?, 0);

    // Archived, the channel stops receiving at once, though webhooks just looked it up.
    ok(desk.admin().patch(&format!("/api/v1/channels/{}", id(&channel)), json!({ "archived": true })).await).await?;
    assert_eq!(deliver(&app, &channel, "image_message.json", None).await?, StatusCode::NOT_FOUND);
    assert_eq!(inbound_events::pending_count(&app.state.db).await?, 0);
    Ok(())
});

both!(an_event_a_dead_node_claimed_is_applied_when_its_lease_lapses, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    assert_eq!(deliver(&app, &channel, "text_message.json", None).await?, StatusCode::OK);

    // Another node claims it and dies before applying it.
    let now = app.clock.now();
    let claimed = inbound_events::claim(&app.state.db, None, now, now.plus(SignedDuration::from_secs(30)), 10).await?;
    assert_eq!(claimed.len(), 1);
    assert_eq!(app.drain_intake().await?, 0, "leased to the other node");
    assert_eq!(inbound_count(desk.admin()).await?, 0);

    app.clock.advance(SignedDuration::from_secs(31));
    assert_eq!(app.drain_intake().await?, 1);
    assert_eq!(inbound_count(desk.admin()).await?, 1);
    Ok(())
});

both!(an_event_that_cannot_be_applied_is_retried_then_kept_as_failed, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let channel_id = Uuid::parse_str(&id(&channel))?;
    // What no version of the server wrote: it must not block the lane nor vanish.
    let broken = json!({ "Nonsense": { "at": 1 } });
    let event = NewInboundEvent {
        org: desk.org.id,
        id: new_id(),
        channel_id,
        dedup_key: "message:broken",
        lane: 0,
        event: &broken,
    };
    inbound_events::stage(&app.state.db, &[event], app.clock.now()).await?;
    assert_eq!(deliver(&app, &channel, "text_message.json", None).await?, StatusCode::OK);

    app.drain_intake().await?;
    assert_eq!(inbound_count(desk.admin()).await?, 1, "the good event went through");
    let waiting = status_of(&app, desk.org.id).await?;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].0, "pending");
    assert!(waiting[0].1.as_deref().is_some_and(|e| !e.is_empty()), "the error is kept: {waiting:?}");

    for _ in 0..12 {
        app.clock.advance(SignedDuration::from_hours(2));
        app.drain_intake().await?;
    }
    let kept = status_of(&app, desk.org.id).await?;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0, "failed");
    assert_eq!(inbound_events::pending_count(&app.state.db).await?, 0);
    Ok(())
});
