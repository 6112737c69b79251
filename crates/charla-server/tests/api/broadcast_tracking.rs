//! Tracking broadcast messages (OUT-4): the network's statuses in any order move each
//! recipient forward only, failures keep the network's code and title, totals count each
//! recipient once, a reply counts as replied (and opens a conversation as usual, which the
//! broadcast alone never does), and the opt-out word keeps marketing from its sender.

use charla_db::repo::broadcasts;
use charla_testkit::fixtures::{config, wamid};
use charla_testkit::graph::GraphStandIn;
use serde_json::{Value, json};
use uuid::Uuid;

use super::broadcast_sending::{act, promo, run_for, sheet};
use super::broadcasts::{broadcast_desk, upload};
use super::desk::ok;
use super::whatsapp::{allow_stand_ins, fresh_text, post_signed};

/// A status webhook as the Cloud API posts it, echoing the send's callback data.
pub fn status(wamid: &str, status: &str, at: i64, callback: &str, error: Option<(i64, &str)>) -> String {
    let mut s = json!({
        "id": wamid, "status": status, "timestamp": at.to_string(), "recipient_id": "573001234567",
        "biz_opaque_callback_data": callback,
    });
    if let Some((code, title)) = error {
        s["errors"] = json!([{ "code": code, "title": title, "message": title }]);
    }
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": config::WABA_A, "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": config::DISPLAY_A, "phone_number_id": config::NUMBER_A },
            "statuses": [s],
        }}]}],
    })
    .to_string()
}

both!(statuses_in_any_order_track_every_stage_and_replies_count, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, channel) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    let created =
        ok(upload(admin, "Tracked", "t.csv", sheet(&[promo("+573001234567"), promo("+573001234599")])).await).await?;
    let id = created["id"].as_str().unwrap().to_owned();
    ok(act(admin, &id, "start").await).await?;
    run_for(&app, 3).await?;
    let stored = broadcasts::recipients(&app.state.db, desk.org.id, Uuid::parse_str(&id)?, None, None, 10).await?;
    let wamids: Vec<String> = stored.iter().map(|r| r.network_id.clone().unwrap()).collect();
    let t0 = app.clock.now().as_micros() / 1_000_000;
    let (one, two) = (format!("broadcast:{id}:recipient:2"), format!("broadcast:{id}:recipient:3"));
    for (w, st, dt, cb, err) in [
        (&wamids[0], "read", 30, &one, None),
        (&wamids[0], "sent", 10, &one, None),
        (&wamids[0], "delivered", 20, &one, None),
        (&wamids[1], "sent", 10, &two, None),
        (&wamids[1], "failed", 15, &two, Some((131026, "Message undeliverable"))),
        (&wamids[1], "delivered", 20, &two, None),
    ] {
        post_signed(&app, &channel, status(w, st, t0 + dt, cb, err)).await?;
    }
    let detail = ok(admin.get(&format!("/api/v1/broadcasts/{id}")).await).await?;
    assert_eq!(
        detail["totals"],
        json!({"in_outbox": 0, "departed": 0, "sent": 0, "delivered": 0, "read": 1, "departure_failed": 0, "send_failed": 1})
    );
    assert_eq!(detail["replied"], 0);
    let list = ok(admin.get(&format!("/api/v1/broadcasts/{id}/messages")).await).await?;
    let read = &list["items"][0];
    assert_eq!(read["status"], "read");
    assert_eq!(
        read["stages"],
        json!({"departure": "success", "send": "success", "delivery": "success", "read": "success"})
    );
    let at = |s: i64| charla_domain::time::Ts::from_micros((t0 + s) * 1_000_000).to_rfc3339();
    assert_eq!(read["stage_times"]["send"], at(10));
    assert_eq!(read["stage_times"]["delivery"], at(20));
    assert_eq!(read["stage_times"]["read"], at(30));
    let failed = &list["items"][1];
    assert_eq!(failed["status"], "send_failed");
    assert_eq!(failed["stages"], json!({"departure": "success", "send": "failed", "delivery": "na", "read": "na"}));
    assert_eq!(failed["error"], json!({"code": "131026", "title": "Message undeliverable"}));
    let only_failed = ok(admin.get(&format!("/api/v1/broadcasts/{id}/messages?status=send_failed")).await).await?;
    assert_eq!(only_failed["items"].as_array().unwrap().len(), 1);
    let bad = admin.get(&format!("/api/v1/broadcasts/{id}/messages?status=lost")).await?;
    assert_eq!(bad.code(), "invalid_query");
    // The broadcast alone opened no conversation; the reply does, and counts.
    assert_eq!(ok(admin.get("/api/v1/conversations").await).await?["items"], json!([]));
    fresh_text(&app, &channel, &wamid("in_text"), "¿Hasta cuándo vale?").await?;
    let conversations = ok(admin.get("/api/v1/conversations").await).await?;
    assert_eq!(conversations["items"].as_array().unwrap().len(), 1);
    let detail = ok(admin.get(&format!("/api/v1/broadcasts/{id}")).await).await?;
    assert_eq!(detail["replied"], 1);
    let list = ok(admin.get(&format!("/api/v1/broadcasts/{id}/messages")).await).await?;
    assert!(list["items"][0]["replied_at"].is_string());
    assert_eq!(list["items"][1]["replied_at"], Value::Null);
    // "baja" keeps the next marketing broadcast from them.
    fresh_text(&app, &channel, &wamid("in_image"), " baja ").await?;
    let next = ok(upload(admin, "Again", "a.csv", sheet(&[promo("+573001234567")])).await).await?;
    assert_eq!(next["invalid_rows"][0]["code"], "opted_out");
    Ok(())
});
