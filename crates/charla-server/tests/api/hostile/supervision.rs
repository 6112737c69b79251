//! ORG-3: a supervisor sees only the campaigns it supervises. A supervisor of campaign
//! A against a conversation in campaign B: absent from every list, 404 on every route that
//! shows or changes it, and no realtime event.

use charla_domain::access::BuiltinProfile;
use charla_testkit::{TestApp, TestClient};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::sockets::events_until;
use crate::desk::{Desk, connect, desk, drain, id, ok};

const PHONE_A: &str = "+573001110001";
const PHONE_B: &str = "+573002220002";

pub struct Two {
    pub desk: Desk,
    pub campaign_b: String,
    pub channel_b: String,
    pub queue_b: String,
    pub supervisor_id: Uuid,
    pub supervisor: TestClient,
}

/// The desk's campaign A and a second campaign B with its own simulator; a supervisor who
/// supervises A only.
pub async fn two_campaigns(app: &TestApp) -> anyhow::Result<Two> {
    let desk = desk(app, 1, "round_robin").await?;
    let admin = desk.admin();
    let campaign_b =
        ok(admin.post("/api/v1/campaigns", json!({"project_id": desk.project, "name": "Sales"})).await).await?;
    let queue_b = campaign_b["default_queue_id"].as_str().unwrap_or_default().to_owned();
    let channel_b = ok(admin
        .post("/api/v1/channels", json!({"kind": "simulator", "name": "Simulator B", "campaign_id": id(&campaign_b)}))
        .await)
    .await?;
    let (supervisor_id, supervisor) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    let set = admin
        .put(&format!("/api/v1/users/{supervisor_id}/supervision"), json!({"campaign_ids": [desk.campaign]}))
        .await?;
    anyhow::ensure!(set.status == StatusCode::OK, "{}", set.body);
    Ok(Two { campaign_b: id(&campaign_b), channel_b: id(&channel_b), queue_b, desk, supervisor_id, supervisor })
}

impl Two {
    /// A customer writes on campaign A's or B's simulator; answers the stored message.
    pub async fn writes(&self, channel: &str, phone: &str, text: &str) -> anyhow::Result<Value> {
        ok(self
            .desk
            .admin()
            .post(
                &format!("/api/v1/simulator/{channel}/messages"),
                json!({"text": text, "contact_phone": phone, "contact_name": "Cliente"}),
            )
            .await)
        .await
    }
}

fn ids_of(page: &Value) -> Vec<String> {
    page["items"].as_array().map(|items| items.iter().map(id).collect()).unwrap_or_default()
}

both!(a_supervisor_sees_only_the_campaigns_it_supervises, |app| async move {
    let two = two_campaigns(&app).await?;
    let admin = two.desk.admin();
    let sup = &two.supervisor;
    let in_a = two.writes(&two.desk.channel, PHONE_A, "Hola A").await?;
    let in_b = two.writes(&two.channel_b, PHONE_B, "Hola B").await?;
    let (conv_a, conv_b) = (in_a["conversation_id"].as_str().unwrap(), in_b["conversation_id"].as_str().unwrap());
    let contact_b = in_b["contact_id"].as_str().unwrap();
    let contact_a = in_a["contact_id"].as_str().unwrap();
    let message_b = id(&in_b);

    // Lists: A's conversation, never B's, whatever the filters ask.
    for path in [
        "/api/v1/conversations".to_owned(),
        "/api/v1/conversations?status=queued".to_owned(),
        format!("/api/v1/conversations?campaign_id={}", two.campaign_b),
        format!("/api/v1/conversations?queue_id={}", two.queue_b),
        format!("/api/v1/conversations?channel_id={}", two.channel_b),
        format!("/api/v1/conversations?contact_id={contact_b}"),
        "/api/v1/conversations?q=Hola".to_owned(),
        "/api/v1/history?status=queued".to_owned(),
    ] {
        let page = ok(sup.get(&path).await).await?;
        let ids = ids_of(&page);
        assert!(!ids.contains(&conv_b.to_owned()), "{path} shows campaign B's conversation: {page}");
        if !path.contains(&two.campaign_b)
            && !path.contains(&two.queue_b)
            && !path.contains(&two.channel_b)
            && !path.contains(contact_b)
        {
            assert!(ids.contains(&conv_a.to_owned()), "{path} misses campaign A's conversation: {page}");
        }
    }
    // The administrator sees both.
    let all = ids_of(&ok(admin.get("/api/v1/conversations").await).await?);
    assert!(all.contains(&conv_a.to_owned()) && all.contains(&conv_b.to_owned()));

    // Detail and every route on B's conversation: 404, as if it did not exist.
    let agent = two.desk.agent(0).id;
    for (method, path, body) in [
        ("get", format!("/api/v1/conversations/{conv_b}"), None),
        ("get", format!("/api/v1/conversations/{conv_b}/messages"), None),
        ("post", format!("/api/v1/conversations/{conv_b}/messages"), Some(json!({"text": "hi"}))),
        ("post", format!("/api/v1/conversations/{conv_b}/messages"), Some(json!({"text": "note", "private": true}))),
        ("post", format!("/api/v1/conversations/{conv_b}/messages/{message_b}/reaction"), Some(json!({"emoji": "👍"}))),
        ("post", format!("/api/v1/conversations/{conv_b}/accept"), None),
        ("post", format!("/api/v1/conversations/{conv_b}/assign"), Some(json!({"agent_id": agent}))),
        ("post", format!("/api/v1/conversations/{conv_b}/unassign"), None),
        ("post", format!("/api/v1/conversations/{conv_b}/transfer"), Some(json!({"queue_id": two.desk.queue}))),
        ("post", format!("/api/v1/conversations/{conv_b}/close"), Some(json!({}))),
        ("post", format!("/api/v1/conversations/{conv_b}/read"), None),
        ("post", format!("/api/v1/conversations/{conv_b}/typing"), None),
        ("post", format!("/api/v1/conversations/{conv_b}/bot"), Some(json!({"paused": true}))),
        ("get", format!("/api/v1/contacts/{contact_b}"), None),
        ("patch", format!("/api/v1/contacts/{contact_b}"), Some(json!({"name": "Renamed"}))),
        ("post", format!("/api/v1/contacts/{contact_b}/notes"), Some(json!({"text": "seen"}))),
    ] {
        let reply = match (method, body) {
            ("get", _) => sup.get(&path).await?,
            ("patch", Some(body)) => sup.patch(&path, body).await?,
            (_, body) => sup.post(&path, body.unwrap_or(json!({}))).await?,
        };
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}: {}", reply.body);
    }
    // Mass transfer: B's conversation fails on its own, as not found.
    let mass = ok(sup
        .post("/api/v1/conversations/mass-transfer", json!({"conversation_ids": [conv_b], "queue_id": two.desk.queue}))
        .await)
    .await?;
    assert_eq!(mass["items"][0]["ok"], false, "{mass}");
    assert_eq!(mass["items"][0]["code"], "not_found", "{mass}");
    // A's conversation is the supervisor's to see, with its number.
    let detail = ok(sup.get(&format!("/api/v1/conversations/{conv_a}")).await).await?;
    assert_eq!(detail["contact"]["contact"]["phone"], PHONE_A, "{detail}");
    assert_eq!(sup.get(&format!("/api/v1/conversations/{conv_a}/messages")).await?.status, StatusCode::OK);

    // Contacts: those of A, not those of B.
    let contacts = ids_of(&ok(sup.get("/api/v1/contacts").await).await?);
    assert!(contacts.contains(&contact_a.to_owned()), "{contacts:?}");
    assert!(!contacts.contains(&contact_b.to_owned()), "{contacts:?}");
    assert_eq!(ok(sup.get(&format!("/api/v1/contacts/{contact_a}")).await).await?["phone"], PHONE_A);

    // Counts: B's open conversation and queue are not the supervisor's.
    let counts = ok(sup.get("/api/v1/inbox/counts").await).await?;
    assert!(counts["open"]["by_campaign"].get(&two.campaign_b).is_none(), "{counts}");
    assert!(counts["open"]["by_channel"].get(&two.channel_b).is_none(), "{counts}");
    assert_eq!(counts["open"]["by_campaign"][&two.desk.campaign], 1, "{counts}");
    let queues: Vec<String> =
        counts["queues"].as_array().unwrap().iter().map(|q| q["queue_id"].as_str().unwrap().to_owned()).collect();
    assert!(!queues.contains(&two.queue_b), "{counts}");
    assert!(queues.contains(&two.desk.queue), "{counts}");

    // Reports: the assignment log of B is not the supervisor's.
    ok(admin.post(&format!("/api/v1/conversations/{conv_b}/assign"), json!({"agent_id": agent})).await).await?;
    ok(admin.post(&format!("/api/v1/conversations/{conv_a}/assign"), json!({"agent_id": agent})).await).await?;
    let log = ok(sup.get("/api/v1/assignment-log").await).await?;
    let logged: Vec<&str> =
        log["items"].as_array().unwrap().iter().filter_map(|r| r["conversation_id"].as_str()).collect();
    assert!(logged.contains(&conv_a) && !logged.contains(&conv_b), "{log}");
    let surveys = sup.get(&format!("/api/v1/surveys?campaign_id={}", two.campaign_b)).await?;
    assert_eq!(surveys.status, StatusCode::OK, "{}", surveys.body);
    Ok(())
});

both!(a_supervisors_socket_gets_only_its_campaigns_events, |app| async move {
    let two = two_campaigns(&app).await?;
    let mut socket = connect(&app, &two.supervisor).await?;
    let in_b = two.writes(&two.channel_b, PHONE_B, "Hola B").await?;
    let in_a = two.writes(&two.desk.channel, PHONE_A, "Hola A").await?;
    let conv_a = in_a["conversation_id"].as_str().unwrap().to_owned();
    let conv_b = in_b["conversation_id"].as_str().unwrap().to_owned();
    // A's message arrives; nothing of B came before it, or after.
    let mut seen = events_until(&mut socket, |e| {
        e["kind"] == "message.created" && e["payload"]["conversation"]["id"] == conv_a.as_str()
    })
    .await?;
    seen.extend(drain(&mut socket).await?);
    for event in &seen {
        assert_ne!(event["payload"]["campaign_id"], json!(two.campaign_b), "campaign B's event delivered: {event}");
        assert_ne!(event["payload"]["conversation"]["id"], json!(conv_b), "campaign B's event delivered: {event}");
    }
    Ok(())
});

both!(supervising_nothing_sees_nothing_and_administrators_set_the_list, |app| async move {
    let two = two_campaigns(&app).await?;
    let admin = two.desk.admin();
    let sup = &two.supervisor;
    let path = format!("/api/v1/users/{}/supervision", two.supervisor_id);
    assert_eq!(ok(admin.get(&path).await).await?, json!({"campaign_ids": [two.desk.campaign]}));
    two.writes(&two.desk.channel, PHONE_A, "Hola A").await?;
    ok(admin.put(&path, json!({"campaign_ids": []})).await).await?;
    assert_eq!(ok(sup.get("/api/v1/conversations").await).await?["items"], json!([]));
    assert_eq!(ok(sup.get("/api/v1/contacts").await).await?["items"], json!([]));
    assert_eq!(ok(sup.get("/api/v1/inbox/counts").await).await?["open"]["by_campaign"], json!({}));

    // Bad lists: unknown or another organization's campaign, a missing list.
    let other = app.org("Other").await?;
    let client = ok(other.admin.post("/api/v1/clients", json!({"name": "X"})).await).await?;
    let project =
        ok(other.admin.post("/api/v1/projects", json!({"client_id": id(&client), "name": "P"})).await).await?;
    let foreign =
        ok(other.admin.post("/api/v1/campaigns", json!({"project_id": id(&project), "name": "C"})).await).await?;
    for (body, field) in [
        (json!({"campaign_ids": [Uuid::now_v7()]}), "campaign_ids[0]"),
        (json!({"campaign_ids": [two.desk.campaign, id(&foreign)]}), "campaign_ids[1]"),
        (json!({}), "campaign_ids"),
    ] {
        let reply = admin.put(&path, body.clone()).await?;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}: {}", reply.body);
        assert_eq!(reply.body["errors"][0]["field"], field, "{}", reply.body);
    }
    // Another organization's user: 404 both ways; a supervisor may not set lists: 403.
    let theirs = format!("/api/v1/users/{}/supervision", other.admin_id);
    assert_eq!(admin.get(&theirs).await?.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.put(&theirs, json!({"campaign_ids": []})).await?.status, StatusCode::NOT_FOUND);
    let mine = sup.put(&path, json!({"campaign_ids": [two.campaign_b]})).await?;
    assert_eq!(mine.status, StatusCode::FORBIDDEN, "{}", mine.body);

    // An explicit list: B added now; a campaign created later does not join.
    ok(admin.put(&path, json!({"campaign_ids": [two.campaign_b]})).await).await?;
    let later =
        ok(admin.post("/api/v1/campaigns", json!({"project_id": two.desk.project, "name": "Later"})).await).await?;
    assert_eq!(ok(admin.get(&path).await).await?, json!({"campaign_ids": [two.campaign_b]}));
    let _ = later;
    let audit = ok(admin.get("/api/v1/audit-log").await).await?;
    assert!(
        audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "user.supervision_updated"),
        "not audited: {audit}"
    );
    Ok(())
});
