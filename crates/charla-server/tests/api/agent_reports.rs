//! The agents report and the leaderboard (REP-4) over the scripted day of `reports`: each
//! agent's exact tickets and times, places, a supervisor's campaigns only, and nothing
//! of another organization.

use charla_domain::access::BuiltinProfile;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{desk, ok};
use super::reports::{DAY, scripted_day};

fn path(report: &str, query: &str) -> String {
    format!("/api/v1/reports/{report}?from={DAY}&to={DAY}{query}")
}

fn row<'a>(report: &'a Value, agent: &str) -> &'a Value {
    report["rows"].as_array().unwrap().iter().find(|r| r["agent_id"] == agent).unwrap_or(&Value::Null)
}

both!(each_agent_gets_its_exact_figures_and_place, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    scripted_day(&app, &desk).await?;
    let (zero_id, one_id) = (desk.agent(0).id.to_string(), desk.agent(1).id.to_string());
    let agents = ok(desk.admin().get(&path("agents", "")).await).await?;
    assert_eq!(agents["rows"].as_array().unwrap().len(), 2, "tickets nobody took are no agent's: {agents}");
    let zero = row(&agents, &zero_id);
    // A (closed), B (transferred to Sales) and C (abandoned while held).
    let counts =
        |r: &Value| ["offered", "attended", "closed", "transferred", "abandoned"].map(|k| r[k].as_u64().unwrap());
    assert_eq!(counts(zero), [3, 2, 1, 1, 1], "{zero}");
    assert_eq!(zero["attended_pct"], 66.67);
    // TMA: A 100 s, B 30 s, C 60 s; first response: A 30 s.
    assert_eq!(
        (zero["tma"]["avg"].as_f64(), zero["tma"]["max"].as_f64(), zero["tma"]["n"].as_u64()),
        (Some(63.3333), Some(100.0), Some(3))
    );
    assert_eq!(zero["first_response"]["n"], 1);
    let one = row(&agents, &one_id);
    // E (still open) and F (closed after midnight, queued on the day).
    assert_eq!(counts(one), [2, 1, 1, 0, 0], "{one}");
    assert_eq!(one["name"], "Agent");
    assert_eq!((zero["place"].as_u64(), one["place"].as_u64()), (Some(1), Some(2)));

    let board = ok(desk.admin().get(&path("leaderboard", "")).await).await?;
    let order: Vec<&str> = board["rows"].as_array().unwrap().iter().map(|r| r["agent_id"].as_str().unwrap()).collect();
    assert_eq!(order, [zero_id.as_str(), one_id.as_str()]);
    // Filters narrow both: Sales' ticket (B') has no agent, so Sales has no rows.
    let sales = ok(desk.admin().get("/api/v1/campaigns").await).await?["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Sales")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let only_sales = ok(desk.admin().get(&path("leaderboard", &format!("&campaign_id={sales}"))).await).await?;
    assert_eq!(only_sales["rows"], json!([]));
    let bad = desk.admin().get("/api/v1/reports/agents?from=2026-03-02&to=2026-03-01").await?;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let unknown = desk.admin().get(&path("agents", "&agent_id=x")).await?;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    Ok(())
});

both!(a_supervisor_ranks_only_its_campaigns_and_another_organization_nobody, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    let (supervisor_id, supervisor) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    scripted_day(&app, &desk).await?;
    // It supervises Support, where both agents worked.
    let mine = ok(supervisor.get(&path("leaderboard", "")).await).await?;
    assert_eq!(mine["rows"].as_array().unwrap().len(), 2);
    ok(desk.admin().put(&format!("/api/v1/users/{supervisor_id}/supervision"), json!({"campaign_ids": []})).await)
        .await?;
    for report in ["agents", "leaderboard"] {
        let nothing = ok(supervisor.get(&path(report, "")).await).await?;
        assert_eq!(nothing["rows"], json!([]), "{report}");
        let agent = desk.agent(0).client.get(&path(report, "")).await?;
        assert_eq!(agent.status, StatusCode::FORBIDDEN, "{report}");
        let other = app.org(&format!("Other {report}")).await?;
        let theirs = ok(other.admin.get(&path(report, &format!("&campaign_id={}", desk.campaign))).await).await?;
        assert_eq!(theirs["rows"], json!([]), "{report}");
    }
    Ok(())
});
