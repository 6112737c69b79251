//! The conversations report (REP-2, REP-4): a scripted day on the test clock gives the
//! exact figures, grouped by day and by agent; a supervisor reads only its campaigns;
//! another organization reads nothing of it.

use charla_domain::access::BuiltinProfile;
use charla_domain::time::Ts;
use charla_testkit::{TestApp, TestClient};
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{Desk, desk, id, ok, set_status};

pub const DAY: &str = "2026-03-02";
const NEXT_DAY: &str = "2026-03-03";

fn secs(app: &TestApp, s: i64) {
    app.clock.advance(SignedDuration::from_secs(s));
}

async fn reply(agent: &TestClient, conversation: &str, text: &str) -> anyhow::Result<()> {
    ok(agent.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": text})).await).await?;
    Ok(())
}

async fn close(desk: &Desk, agent: &TestClient, conversation: &str) -> anyhow::Result<()> {
    let body = json!({"disposition_id": desk.dispositions[0], "fields": {desk.field.clone(): "Pedido"}});
    ok(agent.post(&format!("/api/v1/conversations/{conversation}/close"), body).await).await?;
    Ok(())
}

async fn writes(desk: &Desk, phone: &str, text: &str) -> anyhow::Result<String> {
    Ok(desk.customer_writes(phone, text).await?["conversation_id"].as_str().unwrap().to_owned())
}

/// The day of the issue: attended, transferred, abandoned, lost, a wait in the queue, one
/// crossing midnight in Bogotá and one on the next day. Answers Sales' campaign id.
pub async fn scripted_day(app: &TestApp, desk: &Desk) -> anyhow::Result<String> {
    let (zero, one) = (&desk.agent(0).client, &desk.agent(1).client);
    desk.set_campaign(json!({"cancel_word": "salir"})).await?;
    let sales =
        ok(desk.admin().post("/api/v1/campaigns", json!({"project_id": desk.project, "name": "Sales"})).await).await?;
    set_status(zero, "online").await?;
    // t=0 (09:00 in Bogotá): A is assigned at once, answered at 30 s, writes at 40 s,
    // answered at 60 s, closed at 100 s.
    let a = writes(desk, "+573007000001", "hola").await?;
    secs(app, 30);
    reply(zero, &a, "buenos días").await?;
    secs(app, 10);
    writes(desk, "+573007000001", "¿tienen envío?").await?;
    secs(app, 20);
    reply(zero, &a, "sí").await?;
    secs(app, 40);
    close(desk, zero, &a).await?;
    // t=100: B is transferred to Sales at 130 s, where it waits (offered there too).
    let b = writes(desk, "+573007000002", "quiero comprar").await?;
    secs(app, 30);
    ok(zero.post(&format!("/api/v1/conversations/{b}/transfer"), json!({"campaign_id": id(&sales)})).await).await?;
    // t=200: C gives up at 260 s while agent 0 holds it: abandoned.
    secs(app, 70);
    writes(desk, "+573007000003", "hola").await?;
    secs(app, 60);
    writes(desk, "+573007000003", "salir").await?;
    // t=300: nobody online; D gives up at 360 s in the queue: lost.
    secs(app, 40);
    set_status(zero, "offline").await?;
    writes(desk, "+573007000004", "hola").await?;
    secs(app, 60);
    writes(desk, "+573007000004", "salir").await?;
    // t=400: E waits 90 s until agent 1 comes, who answers 10 s later; still open.
    secs(app, 40);
    let e = writes(desk, "+573007000005", "hola").await?;
    secs(app, 90);
    set_status(one, "online").await?;
    secs(app, 10);
    reply(one, &e, "hola, soy Ana").await?;
    // 23:59:00 in Bogotá: F is answered after midnight and closed at 00:02:00.
    let late: jiff::Timestamp = "2026-03-03T04:59:00Z".parse()?;
    app.clock.advance(Ts::from_timestamp(late).since(app.clock.now()));
    let f = writes(desk, "+573007000006", "¿siguen abiertos?").await?;
    secs(app, 90);
    reply(one, &f, "sí").await?;
    secs(app, 90);
    close(desk, one, &f).await?;
    // 00:05 on the next day: G, still open.
    secs(app, 180);
    writes(desk, "+573007000007", "hola").await?;
    Ok(id(&sales))
}

fn report_path(query: &str) -> String {
    format!("/api/v1/reports/conversations?from={DAY}&to={NEXT_DAY}{query}")
}

fn stats(v: &Value) -> (f64, f64, u64) {
    (v["avg"].as_f64().unwrap_or(-1.0), v["max"].as_f64().unwrap_or(-1.0), v["n"].as_u64().unwrap())
}

fn close_to(value: &Value, exact: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - exact).abs() <= exact * 0.05)
}

both!(a_scripted_day_gives_the_exact_figures, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    let sales = scripted_day(&app, &desk).await?;
    let by_day = ok(desk.admin().get(&report_path("&group_by=day")).await).await?;
    let t = &by_day["totals"];
    let counts =
        ["offered", "attended", "abandoned", "lost", "transferred", "out_of_hours"].map(|k| t[k].as_u64().unwrap());
    assert_eq!(counts, [8, 3, 1, 1, 1, 0], "{t}");
    let rows = by_day["rows"].as_array().unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(keys, [DAY, NEXT_DAY]);
    assert_eq!(rows[0]["label"], DAY);
    let d = &rows[0];
    // A, B, B' (in Sales), C, D, E and F (queued at 23:59) are the day's; G the next's.
    assert_eq!((d["offered"].as_u64(), d["attended"].as_u64()), (Some(7), Some(3)), "{d}");
    assert_eq!(d["attended_pct"], 42.86);
    assert_eq!(rows[1]["offered"], 1);
    // TMF: A, B, C, F 0 s, E 90 s. First response: A 30, E 10, F 90.
    assert_eq!(stats(&d["tmf"]), (18.0, 90.0, 5));
    assert_eq!(d["tmf"]["p50"], 0.0);
    assert!(close_to(&d["tmf"]["p90"], 90.0), "{}", d["tmf"]);
    assert_eq!(stats(&d["first_response"]), (43.3333, 90.0, 3));
    assert!(close_to(&d["first_response"]["p50"], 30.0), "{}", d["first_response"]);
    // TME = TMF + first response: A 30, E 100, F 90.
    assert_eq!(stats(&d["tme"]), (73.3333, 100.0, 3));
    // TMA (closed − assigned): A 100, B 30, C 60, F 180.
    assert_eq!(stats(&d["tma"]), (92.5, 180.0, 4));
    // Resolution (closed − opened): A 100, B 30, C 60, D 60, F 180.
    assert_eq!(stats(&d["resolution"]), (86.0, 180.0, 5));
    // Responses: A 30 and 20, F 90 (E's first message came before an agent had it).
    assert_eq!(stats(&d["response"]), (46.6667, 90.0, 3));
    // No tickets, no percentages or times: null, not 0.
    let empty = ok(desk.admin().get("/api/v1/reports/conversations?from=2026-01-01&to=2026-01-31").await).await?;
    assert_eq!(empty["totals"]["attended_pct"], Value::Null);
    assert_eq!(empty["totals"]["tmf"], json!({"avg": null, "p50": null, "p90": null, "max": null, "n": 0}));
    assert_eq!(empty["rows"], json!([]));

    let by_agent =
        ok(desk.admin().get(&format!("/api/v1/reports/conversations?from={DAY}&to={DAY}&group_by=agent")).await)
            .await?;
    let row = |key: &str| {
        by_agent["rows"].as_array().unwrap().iter().find(|r| r["key"] == key).cloned().unwrap_or(Value::Null)
    };
    let (zero, one) = (row(&desk.agent(0).id.to_string()), row(&desk.agent(1).id.to_string()));
    let figures =
        |r: &Value| ["offered", "attended", "abandoned", "lost", "transferred"].map(|k| r[k].as_u64().unwrap());
    assert_eq!(figures(&zero), [3, 2, 1, 0, 1], "A, B, C: {zero}");
    assert_eq!(zero["label"], "Agent");
    assert_eq!(figures(&one), [2, 1, 0, 0, 0], "E and F: {one}");
    assert_eq!(stats(&one["tmf"]), (45.0, 90.0, 2));
    let nobody = row("none");
    assert_eq!(figures(&nobody), [2, 0, 0, 1, 0], "B' and D: {nobody}");
    assert_eq!(nobody["label"], Value::Null);
    assert_eq!(by_agent["totals"]["offered"], 7);

    // Filters: Sales holds only B'; a campaign filter by id and grouping by campaign agree.
    let only_sales = ok(desk.admin().get(&report_path(&format!("&campaign_id={sales}"))).await).await?;
    assert_eq!(
        (only_sales["totals"]["offered"].as_u64(), only_sales["totals"]["attended"].as_u64()),
        (Some(1), Some(0))
    );
    let by_campaign = ok(desk.admin().get(&report_path("&group_by=campaign")).await).await?;
    let labels: Vec<&str> =
        by_campaign["rows"].as_array().unwrap().iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Sales", "Support"]);
    let agent_one = ok(desk.admin().get(&report_path(&format!("&agent_id={}", desk.agent(1).id))).await).await?;
    assert_eq!(agent_one["totals"]["offered"], 3, "E, F and G");
    let by_queue =
        ok(desk.admin().get(&report_path(&format!("&group_by=queue&queue_id={}", desk.queue))).await).await?;
    assert_eq!(by_queue["rows"][0]["key"], desk.queue.as_str());
    Ok(())
});

both!(the_report_refuses_bad_periods_and_unknown_groupings, |app| async move {
    let org = app.org("Acme").await?;
    let bad = [
        ("", "from", "required"),
        ("?from=2026-03-02", "to", "required"),
        ("?from=2026-02-30&to=2026-03-01", "from", "invalid"),
        ("?from=2026-03-02&to=2026-03-01", "to", "invalid_period"),
        ("?from=2025-01-01&to=2026-03-01", "to", "period_too_long"),
    ];
    for (query, field, code) in bad {
        let reply = org.admin.get(&format!("/api/v1/reports/conversations{query}")).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}: {}", reply.body);
        assert_eq!(
            (reply.body["errors"][0]["field"].as_str(), reply.body["errors"][0]["code"].as_str()),
            (Some(field), Some(code)),
            "{query}"
        );
    }
    for query in ["group_by=month", "campaign_id=42", "colour=red"] {
        let reply =
            org.admin.get(&format!("/api/v1/reports/conversations?from=2026-03-01&to=2026-03-02&{query}")).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}: {}", reply.body);
        assert_eq!(reply.code(), "invalid_query");
    }
    Ok(())
});

both!(a_supervisor_reads_only_its_campaigns_and_another_organization_nothing, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    // Supervises Support only: Sales is created after it (scripted_day creates it).
    let (supervisor_id, supervisor) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    scripted_day(&app, &desk).await?;
    let mine = ok(supervisor.get(&report_path("&group_by=campaign")).await).await?;
    let labels: Vec<&str> = mine["rows"].as_array().unwrap().iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Support"], "{mine}");
    assert_eq!(mine["totals"]["offered"], 7);
    assert_eq!(mine["rows"][0]["key"], desk.campaign.as_str());
    // Naming a campaign it does not supervise reads nothing, rather than the campaign.
    let all = ok(desk.admin().get(&report_path("&group_by=campaign")).await).await?;
    let other = all["rows"].as_array().unwrap().iter().find(|r| r["label"] == "Sales").unwrap()["key"]
        .as_str()
        .unwrap()
        .to_owned();
    let refused = ok(supervisor.get(&report_path(&format!("&campaign_id={other}"))).await).await?;
    assert_eq!(refused["totals"]["offered"], 0);
    // A supervisor of nothing reads nothing.
    ok(desk.admin().put(&format!("/api/v1/users/{supervisor_id}/supervision"), json!({"campaign_ids": []})).await)
        .await?;
    let nothing = ok(supervisor.get(&report_path("")).await).await?;
    assert_eq!((nothing["totals"]["offered"].as_u64(), nothing["rows"].clone()), (Some(0), json!([])));
    // Agents have no reports at all.
    let agent = desk.agent(0).client.get(&report_path("")).await?;
    assert_eq!(agent.status, StatusCode::FORBIDDEN);
    // Another organization, even naming A's campaign and agent, reads nothing of A.
    let b = app.org("Other").await?;
    let theirs = ok(b.admin.get(&report_path(&format!("&campaign_id={}", desk.campaign))).await).await?;
    assert_eq!((theirs["totals"]["offered"].as_u64(), theirs["rows"].clone()), (Some(0), json!([])));
    let theirs = ok(b.admin.get(&report_path(&format!("&group_by=agent&agent_id={}", desk.agent(0).id))).await).await?;
    assert_eq!(theirs["rows"], json!([]));
    Ok(())
});
