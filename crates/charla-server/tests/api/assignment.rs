//! Assignment (CONV-2) over the real API: round robin order, intelligent by free capacity
//! and idle time, exclusive agents, who gets nothing, and no double assignment under load.

use std::collections::BTreeMap;

use charla_testkit::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{Desk, desk, ok, set_status};

async fn agent_of(desk: &Desk, message: &Value) -> anyhow::Result<Option<String>> {
    let conversation = desk.conversation(message["conversation_id"].as_str().unwrap()).await?;
    Ok(conversation["agent_id"].as_str().map(str::to_owned))
}

async fn set_capacity(desk: &Desk, agent: usize, capacity: i64) -> anyhow::Result<()> {
    ok(desk.admin().patch(&format!("/api/v1/users/{}", desk.agent(agent).id), json!({"capacity": capacity})).await)
        .await?;
    Ok(())
}

both!(round_robin_takes_turns_in_order, |app| async move {
    let desk = desk(&app, 3, "round_robin").await?;
    for agent in &desk.agents {
        set_status(&agent.client, "online").await?;
    }
    let mut order = Vec::new();
    for i in 0..7 {
        let message = desk.customer_writes(&format!("+5730010000{i:02}"), "hola").await?;
        order.push(agent_of(&desk, &message).await?.expect("assigned"));
        app.clock.advance(jiff::SignedDuration::from_secs(1));
    }
    // Never-assigned agents first (by id), then whoever waited longest since their turn.
    let ids: Vec<String> = desk.agents.iter().map(|a| a.id.to_string()).collect();
    let expected: Vec<String> = (0..7).map(|i| ids[i % 3].clone()).collect();
    assert_eq!(order, expected);
    // The log says who got what and why.
    let log = ok(desk.admin().get("/api/v1/assignment-log").await).await?;
    let entries = log["items"].as_array().unwrap();
    assert_eq!(entries.len(), 7);
    assert!(entries.iter().all(|e| e["source"] == "bot" && e["to_queue_id"] == desk.queue.as_str()));
    Ok(())
});

both!(intelligent_gives_to_the_most_free_capacity_then_the_longest_idle, |app| async move {
    let desk = desk(&app, 2, "intelligent").await?;
    set_capacity(&desk, 0, 3).await?;
    set_capacity(&desk, 1, 2).await?;
    for agent in &desk.agents {
        set_status(&agent.client, "online").await?;
    }
    let a = desk.agent(0).id.to_string();
    let b = desk.agent(1).id.to_string();
    let mut got = Vec::new();
    for i in 0..5 {
        let message = desk.customer_writes(&format!("+5730020000{i:02}"), "hola").await?;
        got.push(agent_of(&desk, &message).await?);
        app.clock.advance(jiff::SignedDuration::from_secs(1));
    }
    // Free places: a 3 / b 2 → a; 2/2 tie → b never had one; 2/1 → a; 1/1 tie → b idle longer; then full.
    assert_eq!(got, [Some(a.clone()), Some(b.clone()), Some(a.clone()), Some(b.clone()), Some(a.clone())]);
    let sixth = desk.customer_writes("+573002000099", "hola").await?;
    assert_eq!(agent_of(&desk, &sixth).await?, None, "everyone is full: it waits");
    Ok(())
});

both!(paused_offline_and_full_agents_get_nothing_and_online_ones_take_the_oldest_first, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    set_capacity(&desk, 0, 2).await?;
    let reasons = ok(desk.admin().post("/api/v1/pause-reasons", json!({"name": "Almuerzo"})).await).await?;
    ok(desk.agent(1).client.put("/api/v1/me/status", json!({"status": "paused", "pause_reason": reasons["id"]})).await)
        .await?;
    let mut waiting = Vec::new();
    for i in 0..3 {
        let message = desk.customer_writes(&format!("+5730030000{i:02}"), "hola").await?;
        assert_eq!(agent_of(&desk, &message).await?, None);
        waiting.push(message["conversation_id"].as_str().unwrap().to_owned());
        app.clock.advance(jiff::SignedDuration::from_secs(60));
    }
    let counts = ok(desk.admin().get("/api/v1/inbox/counts").await).await?;
    let queue = counts["queues"].as_array().unwrap().iter().find(|q| q["queue_id"] == desk.queue.as_str()).unwrap();
    assert_eq!(queue["waiting"], 3);
    assert_eq!(counts["open"]["by_status"], json!({"queued": 3}), "the supervisor's totals per filter");
    assert_eq!(counts["open"]["by_campaign"][&desk.campaign], 3);
    assert_eq!(counts["open"]["by_channel"][&desk.channel], 3);
    set_status(&desk.agent(1).client, "invisible").await?;
    assert_eq!(
        ok(desk.admin().get("/api/v1/conversations?status=queued").await).await?["items"].as_array().unwrap().len(),
        3
    );
    // Agent 0 comes online with two places: the two oldest, in order.
    set_status(&desk.agent(0).client, "online").await?;
    let a = desk.agent(0).id.to_string();
    assert_eq!(desk.conversation(&waiting[0]).await?["agent_id"], a.as_str());
    assert_eq!(desk.conversation(&waiting[1]).await?["agent_id"], a.as_str());
    assert_eq!(desk.conversation(&waiting[2]).await?["status"], "queued");
    // Freeing a place (closing) hands over the next waiting one.
    let agent = &desk.agent(0).client;
    agent.post(&format!("/api/v1/conversations/{}/messages", waiting[0]), json!({"text": "hecho"})).await?;
    ok(agent
        .post(
            &format!("/api/v1/conversations/{}/close", waiting[0]),
            json!({"disposition_id": desk.dispositions[0], "fields": {desk.field.clone(): "Pedido"}}),
        )
        .await)
    .await?;
    assert_eq!(desk.conversation(&waiting[2]).await?["agent_id"], a.as_str());
    let counts = ok(agent.get("/api/v1/inbox/counts").await).await?;
    assert_eq!(counts["assigned"], 2);
    assert_eq!(counts["open"], Value::Null, "an agent's badges are their own");
    let totals = ok(desk.admin().get("/api/v1/inbox/counts").await).await?;
    assert_eq!(totals["open"]["by_status"], json!({"assigned": 2}));
    Ok(())
});

both!(the_exclusive_agent_gets_their_contacts, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    for agent in &desk.agents {
        set_status(&agent.client, "online").await?;
    }
    let owner = desk.agent(1);
    let contact = ok(desk
        .admin()
        .post("/api/v1/contacts", json!({"name": "Dueña", "phone": "+573004000001", "exclusive_agent_id": owner.id}))
        .await)
    .await?;
    // Round robin would pick agent 0 first; the owner gets it.
    let first = desk.customer_writes("+573004000001", "hola").await?;
    assert_eq!(first["contact_id"], contact["id"]);
    assert_eq!(agent_of(&desk, &first).await?, Some(owner.id.to_string()));
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();
    owner.client.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "hola"})).await?;
    ok(owner
        .client
        .post(
            &format!("/api/v1/conversations/{conversation}/close"),
            json!({"disposition_id": desk.dispositions[0], "fields": {desk.field.clone(): "Pedido"}}),
        )
        .await)
    .await?;
    // The owner is offline: without reassignment the contact waits for them.
    set_status(&owner.client, "offline").await?;
    let second = desk.customer_writes("+573004000001", "¿hola?").await?;
    let waiting = desk.conversation(second["conversation_id"].as_str().unwrap()).await?;
    assert_eq!(
        (waiting["status"].as_str(), waiting["reserved_for"].as_str()),
        (Some("queued"), Some(owner.id.to_string().as_str()))
    );
    let seen_by_other = ok(desk.agent(0).client.get("/api/v1/conversations").await).await?;
    assert!(seen_by_other["items"].as_array().unwrap().is_empty(), "reserved for the owner");
    set_status(&owner.client, "online").await?;
    assert_eq!(desk.conversation(second["conversation_id"].as_str().unwrap()).await?["agent_id"], owner.id.to_string());
    // With reassignment allowed, an offline owner's contact goes to someone else.
    desk.set_campaign(json!({"agent_permissions": {"reassign_when_exclusive_offline": true}})).await?;
    let other = desk.customer_writes("+573004000002", "otro").await?;
    ok(desk
        .admin()
        .patch(
            &format!("/api/v1/contacts/{}", other["contact_id"].as_str().unwrap()),
            json!({"exclusive_agent_id": owner.id}),
        )
        .await)
    .await?;
    set_status(&owner.client, "offline").await?;
    let taken = desk.conversation(other["conversation_id"].as_str().unwrap()).await?;
    assert_eq!(taken["agent_id"], desk.agent(0).id.to_string(), "assigned before the owner was set");
    Ok(())
});

both!(manual_assignment_transfers_and_their_log, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    let (a, b) = (desk.agent(0), desk.agent(1));
    let (supervisor_id, supervisor) = app.member(&desk.org, charla_domain::access::BuiltinProfile::Supervisor).await?;
    let message = desk.customer_writes("+573005000001", "hola").await?;
    let conversation = message["conversation_id"].as_str().unwrap().to_owned();
    let path = |action: &str| format!("/api/v1/conversations/{conversation}/{action}");
    // Nobody online, so it waits. Agents cannot assign; a supervisor can.
    let refused = a.client.post(&path("assign"), json!({"agent_id": a.id})).await?;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let assigned = ok(supervisor.post(&path("assign"), json!({"agent_id": a.id})).await).await?;
    assert_eq!(assigned["agent_id"], a.id.to_string());
    // Agent to agent, while the campaign allows it.
    let moved = ok(a.client.post(&path("transfer"), json!({"agent_id": b.id})).await).await?;
    assert_eq!(moved["agent_id"], b.id.to_string());
    assert_eq!(a.client.get(&format!("/api/v1/conversations/{conversation}")).await?.status, StatusCode::NOT_FOUND);
    desk.set_campaign(json!({"agent_permissions": {"transfer_between_agents": false}})).await?;
    let blocked = b.client.post(&path("transfer"), json!({"agent_id": a.id})).await?;
    assert_eq!((blocked.status, blocked.code()), (StatusCode::CONFLICT, "transfer_not_allowed"));
    let two_targets = b.client.post(&path("transfer"), json!({"agent_id": a.id, "queue_id": desk.queue})).await?;
    assert_eq!(two_targets.status, StatusCode::BAD_REQUEST);
    // Back to the queue: the agent who had it is skipped; the next one online takes it.
    let back = ok(supervisor.post(&path("unassign"), json!({})).await).await?;
    assert_eq!((back["status"].as_str(), back["agent_id"].as_str()), (Some("queued"), None));
    set_status(&a.client, "online").await?;
    assert_eq!(desk.conversation(&conversation).await?["agent_id"], a.id.to_string());
    // To another queue of the campaign: its members get it.
    let sales = ok(desk
        .admin()
        .post("/api/v1/queues", json!({"campaign_id": desk.campaign, "name": "Ventas", "member_ids": [b.id]}))
        .await)
    .await?;
    let queued = ok(a.client.post(&path("transfer"), json!({"queue_id": sales["id"]})).await).await?;
    assert_eq!((queued["status"].as_str(), queued["queue_id"].as_str()), (Some("queued"), sales["id"].as_str()));
    set_status(&b.client, "online").await?;
    assert_eq!(desk.conversation(&conversation).await?["agent_id"], b.id.to_string());
    let log = ok(desk.admin().get(&format!("/api/v1/assignment-log?conversation_id={conversation}")).await).await?;
    let steps: Vec<(&str, Option<&str>, Option<&str>)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["source"].as_str().unwrap(), e["to_agent_id"].as_str(), e["actor_user_id"].as_str()))
        .collect();
    let (a_id, b_id, sup) = (a.id.to_string(), b.id.to_string(), supervisor_id.to_string());
    assert_eq!(
        steps,
        [
            ("user", Some(a_id.as_str()), Some(sup.as_str())),
            ("user", Some(b_id.as_str()), Some(a_id.as_str())),
            ("user", None, Some(sup.as_str())),
            ("bot", Some(a_id.as_str()), None),
            ("user", None, Some(a_id.as_str())),
            ("bot", Some(b_id.as_str()), None),
        ]
    );
    // Capacity holds for manual assignment too.
    set_capacity(&desk, 0, 0).await?;
    let full = supervisor.post(&path("assign"), json!({"agent_id": a.id})).await?;
    assert_eq!((full.status, full.code()), (StatusCode::CONFLICT, "agent_at_capacity"));
    assert_eq!(desk.conversation(&conversation).await?["agent_id"], b.id.to_string(), "unchanged");
    Ok(())
});

/// 200 conversations arriving at once for 10 agents of capacity 5, on PostgreSQL: nothing
/// is assigned twice and no agent goes over capacity.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_arrivals_never_double_assign_or_overfill_on_postgres() {
    let app = TestApp::spawn(Backend::Postgres).await.unwrap();
    let desk = desk(&app, 10, "intelligent").await.unwrap();
    for agent in &desk.agents {
        set_status(&agent.client, "online").await.unwrap();
    }
    let mut tasks = Vec::new();
    for i in 0..200 {
        let admin = desk.admin().clone();
        let channel = desk.channel.clone();
        tasks.push(tokio::spawn(async move {
            let reply = admin
                .post(
                    &format!("/api/v1/simulator/{channel}/messages"),
                    json!({"text": "hola", "contact_phone": format!("+5731{i:08}")}),
                )
                .await
                .unwrap();
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let mut all = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(cursor) => format!("/api/v1/conversations?limit=200&after={cursor}"),
            None => "/api/v1/conversations?limit=200".to_owned(),
        };
        let page = ok(desk.admin().get(&path).await).await.unwrap();
        all.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(c) => next = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(all.len(), 200);
    let mut per_agent: BTreeMap<String, usize> = BTreeMap::new();
    for c in all.iter().filter(|c| c["status"] == "assigned") {
        *per_agent.entry(c["agent_id"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    assert_eq!(per_agent.len(), 10, "{per_agent:?}");
    assert!(per_agent.values().all(|n| *n == 5), "{per_agent:?}");
    assert_eq!(all.iter().filter(|c| c["status"] == "queued").count(), 150);
    // One assignment per conversation in the log, and counters equal to what is there.
    let mut log = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(cursor) => format!("/api/v1/assignment-log?limit=200&after={cursor}"),
            None => "/api/v1/assignment-log?limit=200".to_owned(),
        };
        let page = ok(desk.admin().get(&path).await).await.unwrap();
        log.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(c) => after = Some(c.to_owned()),
            None => break,
        }
    }
    let mut assigned: Vec<&str> = log.iter().map(|e| e["conversation_id"].as_str().unwrap()).collect();
    assert_eq!(assigned.len(), 50);
    assigned.sort();
    assigned.dedup();
    assert_eq!(assigned.len(), 50, "no conversation was assigned twice");
    for agent in &desk.agents {
        let counts = ok(agent.client.get("/api/v1/inbox/counts").await).await.unwrap();
        assert_eq!(counts["assigned"], 5);
        assert_eq!(counts["unread_conversations"], 5);
    }
    let counts = ok(desk.admin().get("/api/v1/inbox/counts").await).await.unwrap();
    let queue = counts["queues"].as_array().unwrap().iter().find(|q| q["queue_id"] == desk.queue.as_str()).unwrap();
    assert_eq!(queue["waiting"], 150);
}
