//! Broadcast reports (OUT-6): templates counted by origin (broadcast, conversation, API)
//! on the organization's local days, each later stage counting in the earlier ones,
//! replies, the filters, the CSV copy, and another organization seeing none of it.

use charla_db::repo::{broadcasts, orgs};
use charla_testkit::fixtures::wamid;
use charla_testkit::graph::GraphStandIn;
use charla_testkit::{TestApp, TestClient};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::broadcast_sending::{act, promo, run_for, sheet};
use super::broadcast_tracking::status;
use super::broadcasts::{broadcast_desk, upload};
use super::desk::ok;
use super::whatsapp::{allow_stand_ins, fresh_text, post_signed};

const DAY: &str = "from=2026-03-02&to=2026-03-02";

fn template(name: &str) -> Value {
    json!({"name": "promo_enero", "language": "es", "parameters": [name, "25%", "31 de enero"]})
}

async fn report(client: &TestClient, query: &str) -> anyhow::Result<Value> {
    ok(client.get(&format!("/api/v1/reports/broadcasts?{query}")).await).await
}

fn figures(sent: i64, delivered: i64, read: i64, failed: i64, replied: i64, rate: f64) -> Value {
    json!({"sent": sent, "delivered": delivered, "read": read, "failed": failed, "replied": replied, "reply_rate": rate})
}

/// A broadcast to two recipients: the first reads it and replies, the second fails.
async fn broadcast_read_and_failed(
    app: &TestApp,
    org: Uuid,
    admin: &TestClient,
    channel: &Value,
) -> anyhow::Result<String> {
    let rows = sheet(&[promo("+573001234567"), promo("+573001234599")]);
    let created = ok(upload(admin, "Enero", "e.csv", rows).await).await?;
    let id = created["id"].as_str().unwrap().to_owned();
    ok(act(admin, &id, "start").await).await?;
    run_for(app, 3).await?;
    let stored = broadcasts::recipients(&app.state.db, org, Uuid::parse_str(&id)?, None, None, 10).await?;
    let t0 = app.clock.now().as_micros() / 1_000_000;
    let one = format!("broadcast:{id}:recipient:2");
    let two = format!("broadcast:{id}:recipient:3");
    let (first, second) = (stored[0].network_id.clone().unwrap(), stored[1].network_id.clone().unwrap());
    post_signed(app, channel, status(&first, "read", t0 + 5, &one, None)).await?;
    post_signed(app, channel, status(&second, "failed", t0 + 5, &two, Some((131026, "Message undeliverable")))).await?;
    fresh_text(app, channel, &wamid("in_text"), "¿Hasta cuándo vale?").await?;
    Ok(id)
}

both!(templates_are_counted_by_origin_on_the_organizations_days, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, channel) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    // Bogotá: the test clock's 14:00 UTC is 09:00 there, and 02:00 UTC the next day is
    // still the same local day.
    let mut tx = app.state.db.begin().await?;
    orgs::set_time_zone(&mut tx, desk.org.id, "America/Bogota").await?;
    tx.commit().await?;
    let broadcast = broadcast_read_and_failed(&app, desk.org.id, admin, &channel).await?;
    // A template from a conversation, and one through an API token twelve hours later.
    let body = json!({"channel_id": channel["id"], "phone": "+573005550000", "template": template("Ana")});
    assert_eq!(admin.post("/api/v1/conversations", body).await?.status, StatusCode::CREATED);
    app.clock.advance(SignedDuration::from_hours(12));
    let profiles = ok(admin.get("/api/v1/profiles").await).await?;
    let administrator =
        profiles["items"].as_array().unwrap().iter().find(|p| p["builtin"] == "administrator").unwrap()["id"].clone();
    let token = ok(admin.post("/api/v1/tokens", json!({"name": "crm", "profile_id": administrator})).await).await?;
    let bearer = admin.with_bearer(token["token"].as_str().unwrap());
    let body = json!({"channel_id": channel["id"], "phone": "+5491155551234", "template": template("Lucía")});
    assert_eq!(bearer.post("/api/v1/conversations", body).await?.status, StatusCode::CREATED);
    app.run_pending_jobs().await?;

    let all = report(admin, DAY).await?;
    assert_eq!(all["time_zone"], "America/Bogota");
    assert_eq!(all["totals"], figures(3, 1, 1, 1, 1, 0.3333), "{all}");
    let sources: Vec<(&str, Option<&str>, &Value)> = all["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["origin"].as_str().unwrap(), s["broadcast_name"].as_str(), &s["figures"]))
        .collect();
    assert_eq!(
        sources,
        [
            ("broadcast", Some("Enero"), &figures(1, 1, 1, 1, 1, 1.0)),
            ("conversation", None, &figures(1, 0, 0, 0, 0, 0.0)),
            ("api", None, &figures(1, 0, 0, 0, 0, 0.0)),
        ]
    );
    let days: Vec<&str> = all["days"].as_array().unwrap().iter().map(|d| d["day"].as_str().unwrap()).collect();
    assert_eq!(days, ["2026-03-02"], "one local day, though two UTC days");
    // The day before and after hold nothing.
    let before = report(admin, "from=2026-03-01&to=2026-03-01").await?;
    assert_eq!((before["totals"]["sent"].as_i64(), before["days"].clone()), (Some(0), json!([])));
    // Each filter.
    let api = report(admin, &format!("{DAY}&origin=api")).await?;
    assert_eq!(api["totals"], figures(1, 0, 0, 0, 0, 0.0));
    let one = report(admin, &format!("{DAY}&broadcast_id={broadcast}")).await?;
    assert_eq!(one["totals"], figures(1, 1, 1, 1, 1, 1.0));
    let elsewhere = report(admin, &format!("{DAY}&channel_id={}", Uuid::new_v4())).await?;
    assert_eq!(elsewhere["sources"], json!([]));
    let own = report(admin, &format!("{DAY}&channel_id={}", channel["id"].as_str().unwrap())).await?;
    assert_eq!(own["totals"]["sent"], 3);
    // Bad filters are a 400 naming the field.
    for (query, field) in [
        (format!("{DAY}&origin=fax"), "origin"),
        (format!("{DAY}&origin=api&broadcast_id={broadcast}"), "broadcast_id"),
        ("to=2026-03-02".to_owned(), "from"),
        ("from=2026-03-03&to=2026-03-02".to_owned(), "to"),
    ] {
        let bad = admin.get(&format!("/api/v1/reports/broadcasts?{query}")).await?;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{query}: {}", bad.body);
        assert_eq!(bad.body["errors"][0]["field"], field, "{query}: {}", bad.body);
    }
    let unknown = admin.get(&format!("/api/v1/reports/broadcasts?{DAY}&campaign_id=x")).await?;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    // The CSV copy: header, totals, one line per source and per day.
    let file = admin.get(&format!("/api/v1/reports/broadcasts.csv?{DAY}")).await?;
    assert_eq!(file.status, StatusCode::OK);
    assert!(file.headers["content-type"].to_str()?.starts_with("text/csv"));
    assert!(file.headers["content-disposition"].to_str()?.contains("broadcasts-2026-03-02-2026-03-02.csv"));
    let text = file.body.as_str().unwrap().to_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 1 + 3 + 1, "{text}");
    assert!(lines[1].ends_with(",3,1,1,1,1,0.3333"), "{text}");
    assert!(lines[2].contains(&broadcast) && lines[2].contains("Enero"), "{text}");
    assert!(lines[5].starts_with(&format!("{},2026-03-02", lines[5].split(',').next().unwrap())), "{text}");

    // Another organization sees none of it, even naming A's broadcast and number.
    let other = app.org("Other").await?;
    for query in [
        DAY.to_owned(),
        format!("{DAY}&broadcast_id={broadcast}"),
        format!("{DAY}&channel_id={}", channel["id"].as_str().unwrap()),
    ] {
        let theirs = report(&other.admin, &query).await?;
        assert_eq!((theirs["totals"]["sent"].as_i64(), theirs["sources"].clone()), (Some(0), json!([])), "{query}");
        let csv = other.admin.get(&format!("/api/v1/reports/broadcasts.csv?{query}")).await?;
        assert_eq!(csv.body.as_str().unwrap().lines().count(), 2, "header and zero totals only");
    }
    Ok(())
});

both!(a_broadcast_name_that_looks_like_a_formula_stays_text, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let (desk, _) = broadcast_desk(&app, &graph).await?;
    let admin = desk.admin();
    let created =
        ok(upload(admin, "=HYPERLINK(\"http://x\")", "f.csv", sheet(&[promo("+573001234567")])).await).await?;
    let id = created["id"].as_str().unwrap().to_owned();
    ok(act(admin, &id, "start").await).await?;
    run_for(&app, 2).await?;
    let text = admin.get("/api/v1/reports/broadcasts.csv?from=2026-03-02&to=2026-03-02").await?.body;
    let text = text.as_str().unwrap();
    assert!(text.contains("'=HYPERLINK"), "{text}");
    Ok(())
});
