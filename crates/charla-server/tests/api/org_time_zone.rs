//! The organization's time zone (`PATCH /api/v1/organization`): an administrator sets it,
//! `/me` shows it, it decides the local day a conversation is counted under, a bad zone is
//! refused, and it never reaches another organization.

use charla_domain::time::Ts;
use reqwest::StatusCode;
use serde_json::json;

use super::desk::{desk, ok};

const DAY: &str = "2026-03-02";
const NEXT_DAY: &str = "2026-03-03";

both!(the_organizations_zone_decides_the_report_days, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let other = app.org("Other").await?;
    let set = ok(desk.admin().patch("/api/v1/organization", json!({"time_zone": "UTC"})).await).await?;
    assert_eq!((set["id"].as_str(), set["time_zone"].as_str()), (Some(desk.org.id.to_string().as_str()), Some("UTC")));
    assert_eq!(ok(desk.admin().get("/api/v1/me").await).await?["organization"]["time_zone"], "UTC");
    // 22:00 on the 2nd in Bogotá is already the 3rd in UTC.
    let late: jiff::Timestamp = "2026-03-03T03:00:00Z".parse()?;
    app.clock.advance(Ts::from_timestamp(late).since(app.clock.now()));
    desk.customer_writes("+573007100001", "hola").await?;
    ok(desk.admin().patch("/api/v1/organization", json!({"time_zone": " America/Bogota "})).await).await?;
    desk.customer_writes("+573007100002", "hola").await?;
    let path = format!("/api/v1/reports/conversations?from={DAY}&to={NEXT_DAY}&group_by=day");
    let report = ok(desk.admin().get(&path).await).await?;
    let rows: Vec<(String, u64)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["key"].as_str().unwrap().to_owned(), r["offered"].as_u64().unwrap()))
        .collect();
    assert_eq!(rows, [(DAY.to_owned(), 1), (NEXT_DAY.to_owned(), 1)], "{report}");
    let audit = ok(desk.admin().get("/api/v1/audit-log").await).await?;
    let entries = audit["items"].as_array().unwrap().iter().filter(|e| e["action"] == "organization.updated").count();
    assert_eq!(entries, 2, "one audit entry per change");
    // The other organization kept its own zone.
    assert_eq!(ok(other.admin.get("/api/v1/me").await).await?["organization"]["time_zone"], "America/Bogota");
    Ok(())
});

both!(a_bad_zone_is_refused_and_changes_nothing, |app| async move {
    let org = app.org("Acme").await?;
    for (body, field, code) in [
        (json!({"time_zone": "Mars/Olympus"}), "time_zone", "invalid_time_zone"),
        (json!({"time_zone": ""}), "time_zone", "invalid_time_zone"),
    ] {
        let reply = org.admin.patch("/api/v1/organization", body.clone()).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {}", reply.body);
        let error = &reply.body["errors"][0];
        assert_eq!((error["field"].as_str(), error["code"].as_str()), (Some(field), Some(code)), "{body}");
    }
    for body in [json!({"name": "Other"}), json!({"time_zone": 5})] {
        let reply = org.admin.patch("/api/v1/organization", body.clone()).await?;
        assert!(reply.status.is_client_error(), "{body}: {}", reply.status);
    }
    assert_eq!(ok(org.admin.get("/api/v1/me").await).await?["organization"]["time_zone"], "America/Bogota");
    let audit = ok(org.admin.get("/api/v1/audit-log").await).await?;
    let changed = audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "organization.updated");
    assert!(!changed, "a refusal leaves no audit entry");
    Ok(())
});
