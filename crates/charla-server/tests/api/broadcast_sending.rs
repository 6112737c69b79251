//! Sending broadcasts (OUT-2): each good row sent once as its template with its variables
//! (the fixtures' request shapes), start now or at `start_at` on the test clock, pause,
//! resume and cancel, gradual batches, and the number's messaging-limit tier.

use charla_db::repo::{broadcast_sends, broadcasts};
use charla_testkit::fixtures::{self, config};
use charla_testkit::graph::GraphStandIn;
use charla_testkit::{TestApp, TestClient};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::broadcasts::{broadcast_desk, upload};
use super::desk::ok;
use super::whatsapp::allow_stand_ins;

const A: &str = config::DISPLAY_A;

pub fn sheet(rows: &[String]) -> Vec<u8> {
    format!("sender,recipient,template,language,var1,var2,var3,first_name,order_number\n{}\n", rows.join("\n"))
        .into_bytes()
}

pub fn promo(phone: &str) -> String {
    format!("{A},{phone},promo_enero,,María José,25%,31 de enero,,")
}

/// The template sends the stand-in received, in order.
fn sends(graph: &GraphStandIn) -> Vec<Value> {
    graph.requests().into_iter().filter(|r| r.is_send()).map(|r| r.body).collect()
}

/// Runs the jobs, moving the clock a second at a time (the pace), until nothing is due.
pub async fn run_for(app: &TestApp, seconds: i64) -> anyhow::Result<()> {
    for _ in 0..seconds {
        app.run_pending_jobs().await?;
        app.clock.advance(SignedDuration::from_secs(1));
    }
    app.run_pending_jobs().await?;
    Ok(())
}

pub async fn act(admin: &TestClient, id: &str, action: &str) -> anyhow::Result<charla_testkit::app::Reply> {
    admin.post(&format!("/api/v1/broadcasts/{id}/{action}"), json!({})).await
}

async fn status_of(admin: &TestClient, id: &str) -> anyhow::Result<String> {
    Ok(ok(admin.get(&format!("/api/v1/broadcasts/{id}")).await).await?["status"].as_str().unwrap().to_owned())
}

both!(each_good_row_is_sent_once_as_its_template_with_its_variables, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, _) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    let rows = [
        promo("+573001234567"),
        format!("{A},12,promo_enero,,a,b,c,,"),
        format!("{A},+5215512345678,order_confirmation,es_MX,,,,Juan,SKBUP2-4CPIG9"),
    ];
    let created = ok(upload(admin, "Enero", "enero.csv", sheet(&rows)).await).await?;
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(sends(&graph).is_empty(), "nothing goes before start");
    let started = ok(act(admin, &id, "start").await).await?;
    assert_eq!(started["status"], "sending");
    run_for(&app, 5).await?;
    assert_eq!(status_of(admin, &id).await?, "done");
    let sent = sends(&graph);
    assert_eq!(sent.len(), 2, "{sent:#?}");
    // The named template exactly as the fixture, plus the callback data naming the row.
    let mut named = sent[1].clone();
    assert_eq!(named["biz_opaque_callback_data"], format!("broadcast:{id}:recipient:4"));
    named.as_object_mut().unwrap().remove("biz_opaque_callback_data");
    assert_eq!(named, fixtures::json("whatsapp/outbound/send_template_named_request.json"));
    // The positional one in the fixture's shape: its body's text parameters in order.
    let fixture = fixtures::json("whatsapp/outbound/send_template_positional_request.json");
    let positional = &sent[0];
    assert_eq!(positional["to"], "+573001234567");
    assert_eq!(positional["template"]["name"], fixture["template"]["name"]);
    assert_eq!(positional["template"]["language"], fixture["template"]["language"]);
    let body = &positional["template"]["components"][0];
    assert_eq!(body["type"], "body");
    assert_eq!(body["parameters"][0], fixture["template"]["components"][1]["parameters"][0]);
    assert_eq!(body["parameters"][1], fixture["template"]["components"][1]["parameters"][1]);
    assert_eq!(body["parameters"][2], json!({"type": "text", "text": "31 de enero"}));
    assert_eq!(positional["biz_opaque_callback_data"], format!("broadcast:{id}:recipient:2"));
    // Both left the outbox with the network's id; running again sends nothing more.
    let stored = broadcasts::recipients(&app.state.db, desk.org.id, Uuid::parse_str(&id)?, None, None, 10).await?;
    assert!(stored.iter().all(|r| r.status == "departed" && r.network_id.is_some() && r.departed_at.is_some()));
    run_for(&app, 3).await?;
    assert_eq!(sends(&graph).len(), 2);
    let again = act(admin, &id, "start").await?;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "invalid_transition"));
    Ok(())
});

both!(
    a_scheduled_broadcast_waits_for_its_time_and_obeys_pause_resume_and_cancel,
    settings = allow_stand_ins,
    |app| async move {
        let graph = GraphStandIn::start().await?;
        let (desk, _) = broadcast_desk(&app, &graph).await?;
        let admin = desk.admin();
        let start_at = app.clock.now().plus(SignedDuration::from_hours(1)).to_rfc3339();
        let bytes = sheet(&[promo("+573001234567"), promo("+573001234568")]);
        let form = [("name", "Later"), ("start_at", start_at.as_str())];
        let created =
            ok(admin.post_multipart("/api/v1/broadcasts", &form, vec![("file", "l.csv", bytes.clone())]).await).await?;
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(ok(act(admin, &id, "start").await).await?["status"], "scheduled");
        run_for(&app, 5).await?;
        assert!(sends(&graph).is_empty(), "not before its time");
        assert_eq!(ok(act(admin, &id, "pause").await).await?["status"], "paused");
        assert_eq!(ok(act(admin, &id, "resume").await).await?["status"], "scheduled");
        app.clock.advance(SignedDuration::from_hours(1));
        run_for(&app, 5).await?;
        assert_eq!(sends(&graph).len(), 2);
        assert_eq!(status_of(admin, &id).await?, "done");
        // Paused while sending, nothing more goes until resumed; cancelled, nothing ever does.
        let gradual = [("name", "Gradual"), ("batch_size", "1"), ("batch_interval_seconds", "600")];
        let bytes = sheet(&[promo("+573001110001"), promo("+573001110002"), promo("+573001110003")]);
        let created =
            ok(admin.post_multipart("/api/v1/broadcasts", &gradual, vec![("file", "g.csv", bytes)]).await).await?;
        let gradual_id = created["id"].as_str().unwrap().to_owned();
        ok(act(admin, &gradual_id, "start").await).await?;
        run_for(&app, 5).await?;
        assert_eq!(sends(&graph).len(), 3, "one batch of one");
        app.clock.advance(SignedDuration::from_secs(600));
        run_for(&app, 2).await?;
        assert_eq!(sends(&graph).len(), 4, "the next batch after its interval");
        assert_eq!(ok(act(admin, &gradual_id, "pause").await).await?["status"], "paused");
        app.clock.advance(SignedDuration::from_secs(600));
        run_for(&app, 2).await?;
        assert_eq!(sends(&graph).len(), 4, "paused");
        assert_eq!(ok(act(admin, &gradual_id, "cancel").await).await?["status"], "cancelled");
        app.clock.advance(SignedDuration::from_secs(600));
        run_for(&app, 2).await?;
        assert_eq!(sends(&graph).len(), 4, "cancelled");
        let resume = act(admin, &gradual_id, "resume").await?;
        assert_eq!((resume.status, resume.code()), (StatusCode::CONFLICT, "invalid_transition"));
        Ok(())
    }
);

both!(a_number_at_its_tier_makes_the_rest_wait_with_the_reason_shown, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, _) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    // 250 unique recipients reached an hour ago: an unknown tier counts as 250.
    let earlier: Vec<String> = (0..250).map(|i| promo(&format!("+5730020{i:05}"))).collect();
    let first = ok(upload(admin, "Earlier", "e.csv", sheet(&earlier)).await).await?;
    let first_id = Uuid::parse_str(first["id"].as_str().unwrap())?;
    let mut tx = app.state.db.begin().await?;
    for row in 2..=251 {
        broadcast_sends::mark_departed(&mut tx, desk.org.id, first_id, row, &format!("wamid.{row}"), app.clock.now())
            .await?;
    }
    tx.commit().await?;
    app.clock.advance(SignedDuration::from_hours(1));
    let second = ok(upload(admin, "Now", "n.csv", sheet(&[promo("+573009990001")])).await).await?;
    let id = second["id"].as_str().unwrap().to_owned();
    ok(act(admin, &id, "start").await).await?;
    run_for(&app, 3).await?;
    let waiting = ok(admin.get(&format!("/api/v1/broadcasts/{id}")).await).await?;
    assert_eq!((waiting["status"].as_str(), waiting["wait_reason"].as_str()), (Some("sending"), Some("tier_limit")));
    assert!(sends(&graph).is_empty());
    // Once the earlier sends leave the 24 hours, the rest goes.
    app.clock.advance(SignedDuration::from_hours(23));
    run_for(&app, 3).await?;
    assert_eq!(sends(&graph).len(), 1);
    let done = ok(admin.get(&format!("/api/v1/broadcasts/{id}")).await).await?;
    assert_eq!((done["status"].as_str(), done["wait_reason"].as_str()), (Some("done"), None));
    Ok(())
});
