//! The whole loop on both databases: the simulator's customer writes, the conversation is
//! queued and assigned, the agent's socket hears it, the agent replies through the outbox,
//! the customer sees the reply and its status, and the agent closes it.

use reqwest::StatusCode;
use serde_json::json;

use super::desk::{connect, desk, drain, id, ok, set_status, wait_for};

both!(a_customer_is_attended_from_first_message_to_close, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    let agent = desk.agent(0);
    set_status(&agent.client, "online").await?;
    let mut socket = connect(&app, &agent.client).await?;

    // The customer writes: queued in the default queue and given to the online agent.
    let first = desk.customer_writes("+573001112233", "Hola, mi pedido no llegó").await?;
    assert_eq!(first["direction"], "inbound");
    let conversation_id = first["conversation_id"].as_str().unwrap().to_owned();
    let conversation = desk.conversation(&conversation_id).await?;
    assert_eq!(conversation["status"], "assigned");
    assert_eq!(conversation["queue_id"], desk.queue.as_str());
    assert_eq!(conversation["agent_id"], agent.id.to_string());
    assert!(conversation["queued_at"].is_string() && conversation["assigned_at"].is_string());
    assert_eq!(conversation["unread_count"], 1);

    // The agent's socket hears of it, live.
    let heard =
        wait_for(&mut socket, |e| e["kind"] == "message.created" && e["payload"]["message"]["direction"] == "inbound")
            .await?;
    assert_eq!(heard["payload"]["message"]["text"], "Hola, mi pedido no llegó");
    assert_eq!(heard["payload"]["conversation"]["agent_id"], agent.id.to_string());
    let counts = ok(agent.client.get("/api/v1/inbox/counts").await).await?;
    assert_eq!((counts["assigned"].as_i64(), counts["unread_conversations"].as_i64()), (Some(1), Some(1)));

    // The agent replies: 202 with the queued message; the outbox job sends it.
    let reply = agent
        .client
        .post(&format!("/api/v1/conversations/{conversation_id}/messages"), json!({"text": "Lo reviso ya mismo"}))
        .await?;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert_eq!(reply.body["status"], "pending");
    assert!(desk.customer_thread("+573001112233").await?.iter().all(|m| m["status"] != "delivered"));
    app.run_pending_jobs().await?;
    let thread = desk.customer_thread("+573001112233").await?;
    let texts: Vec<&str> = thread.iter().map(|m| m["text"].as_str().unwrap_or_default()).collect();
    assert_eq!(texts, ["Hola, mi pedido no llegó", "Lo reviso ya mismo"]);
    assert_eq!(thread[1]["direction"], "outbound");
    assert_eq!(thread[1]["status"], "delivered");
    // Replying counts as reading; the first response time is recorded.
    let conversation = desk.conversation(&conversation_id).await?;
    assert_eq!(conversation["unread_count"], 0);
    assert!(conversation["first_response_at"].is_string());
    let counts = ok(agent.client.get("/api/v1/inbox/counts").await).await?;
    assert_eq!(counts["unread_conversations"], 0);

    // The customer reads it; the agent's socket sees the status move to read.
    let read = desk
        .admin()
        .post(&format!("/api/v1/simulator/{}/read", desk.channel), json!({"contact_phone": "+573001112233"}))
        .await?;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    let status =
        wait_for(&mut socket, |e| e["kind"] == "message.updated" && e["payload"]["message"]["status"] == "read")
            .await?;
    assert_eq!(status["payload"]["message"]["text"], "Lo reviso ya mismo");
    assert_eq!(desk.customer_thread("+573001112233").await?[1]["status"], "read");

    // Closing needs the disposition and the campaign's required field.
    let close = format!("/api/v1/conversations/{conversation_id}/close");
    let refused = agent.client.post(&close, json!({})).await?;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let fields: Vec<(String, String)> = refused.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    assert!(fields.contains(&("disposition_id".to_owned(), "required".to_owned())), "{fields:?}");
    assert!(fields.contains(&(format!("fields.{}", desk.field), "required".to_owned())), "{fields:?}");
    let wrong = agent.client.post(&close, json!({"disposition_id": desk.dispositions[2]})).await?;
    assert_eq!(wrong.body["errors"][0]["field"], "disposition_id");
    assert_eq!(wrong.body["errors"][0]["code"], "invalid", "a disposition the campaign did not select");
    let bad_value = agent
        .client
        .post(&close, json!({"disposition_id": desk.dispositions[0], "fields": {desk.field.clone(): "Otro"}}))
        .await?;
    assert_eq!(bad_value.status, StatusCode::BAD_REQUEST);
    assert_eq!(desk.conversation(&conversation_id).await?["status"], "assigned", "nothing half-written");
    let closed = ok(agent
        .client
        .post(
            &close,
            json!({"disposition_id": desk.dispositions[0], "note": "Pedido reenviado", "fields": {desk.field.clone(): "Pedido"}}),
        )
        .await)
    .await?;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_reason"], "resolved");
    assert_eq!(closed["disposition_id"], desk.dispositions[0].as_str());
    assert_eq!(closed["closing_note"], "Pedido reenviado");
    assert_eq!(closed["fields"][&desk.field], "Pedido");
    assert_eq!(closed["closed_by"], agent.id.to_string());
    let again = agent.client.post(&close, json!({"disposition_id": desk.dispositions[0]})).await?;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "already_closed"));
    let counts = ok(agent.client.get("/api/v1/inbox/counts").await).await?;
    assert_eq!(counts["assigned"], 0, "the agent's place is free again");

    // A message after closing opens a new conversation; the old one is in its history.
    let later = desk.customer_writes("+573001112233", "Ya llegó, gracias").await?;
    let second = later["conversation_id"].as_str().unwrap();
    assert_ne!(second, conversation_id);
    let detail = ok(agent.client.get(&format!("/api/v1/conversations/{second}")).await).await?;
    assert_eq!(detail["conversation"]["status"], "assigned");
    let previous: Vec<&str> =
        detail["previous_conversations"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(previous, [conversation_id.as_str()]);
    let history: Vec<&str> =
        detail["history_messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(history, ["Hola, mi pedido no llegó", "Lo reviso ya mismo"]);
    assert_eq!(detail["campaign"]["fields"][0]["id"], desk.field.as_str());
    let names: Vec<&str> =
        detail["campaign"]["dispositions"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Not solved", "Solved"]);
    assert_eq!(detail["channel"]["kind"], "simulator");
    let agents = ok(agent.client.get("/api/v1/agents").await).await?;
    let me = agents["items"].as_array().unwrap().iter().find(|a| a["id"] == agent.id.to_string()).unwrap();
    assert_eq!(me["takes_conversations"], true);
    // The first conversation's timeline tells its story between the messages.
    let timeline = ok(agent.client.get(&format!("/api/v1/conversations/{conversation_id}/messages")).await).await?;
    let story: Vec<String> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| match m["direction"].as_str().unwrap() {
            "system" => format!("[{}]", m["payload"]["event"].as_str().unwrap()),
            _ => m["text"].as_str().unwrap().to_owned(),
        })
        .collect();
    assert_eq!(story, ["Hola, mi pedido no llegó", "[assigned]", "Lo reviso ya mismo", "[closed]"]);

    // The other agent was never told about this customer.
    let other = &desk.agent(1).client;
    let mut other_socket = connect(&app, other).await?;
    desk.customer_writes("+573001112233", "¿Sigue ahí?").await?;
    assert!(drain(&mut other_socket).await?.is_empty());
    assert_eq!(ok(other.get("/api/v1/conversations").await).await?["items"].as_array().unwrap().len(), 0);
    let hidden = other.get(&format!("/api/v1/conversations/{conversation_id}")).await?;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    Ok(())
});

both!(redelivered_and_concurrent_customer_messages_are_stored_once, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    // Two messages of a new customer at the same moment: one contact, one conversation.
    let (a, b) =
        tokio::join!(desk.customer_writes("+573004445566", "uno"), desk.customer_writes("+573004445566", "dos"));
    let (a, b) = (a?, b?);
    assert_eq!(a["conversation_id"], b["conversation_id"]);
    assert_eq!(a["contact_id"], b["contact_id"]);
    let list = ok(desk.admin().get("/api/v1/conversations").await).await?;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["unread_count"], 2);
    assert_eq!(desk.customer_thread("+573004445566").await?.len(), 2);
    Ok(())
});

both!(the_inbox_filters_and_the_history_page, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = desk.agent(0);
    set_status(&agent.client, "online").await?;
    let assigned = desk.customer_writes("+573001000001", "asignada").await?;
    set_status(&agent.client, "offline").await?;
    desk.customer_writes("+573001000002", "en cola").await?;
    let admin = desk.admin();
    let queued = ok(admin.get("/api/v1/conversations?status=queued").await).await?;
    assert_eq!(queued["items"].as_array().unwrap().len(), 1);
    assert_eq!(queued["items"][0]["last_message"]["preview"], "en cola");
    let mine = ok(admin.get(&format!("/api/v1/conversations?agent_id={}", agent.id)).await).await?;
    assert_eq!(mine["items"][0]["id"], assigned["conversation_id"]);
    let both_states = ok(admin.get("/api/v1/conversations?status=queued,assigned").await).await?;
    assert_eq!(both_states["items"].as_array().unwrap().len(), 2);
    let unread = ok(admin.get("/api/v1/conversations?unread=true").await).await?;
    assert_eq!(unread["items"].as_array().unwrap().len(), 2);
    let by_channel = ok(admin.get(&format!("/api/v1/conversations?channel_id={}", desk.channel)).await).await?;
    assert_eq!(by_channel["items"].as_array().unwrap().len(), 2);
    // Search finds conversations by what was written, accents and case aside.
    let found = ok(admin.get("/api/v1/conversations?q=ASIGNADA").await).await?;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    // The history page shows closed ones of the last three months.
    assert_eq!(ok(admin.get("/api/v1/history").await).await?["items"].as_array().unwrap().len(), 0);
    let conversation = assigned["conversation_id"].as_str().unwrap();
    agent.client.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "listo"})).await?;
    ok(agent
        .client
        .post(
            &format!("/api/v1/conversations/{conversation}/close"),
            json!({"disposition_id": desk.dispositions[1], "fields": {desk.field.clone(): "Reclamo"}}),
        )
        .await)
    .await?;
    let history = ok(admin.get("/api/v1/history").await).await?;
    assert_eq!(history["items"][0]["id"], conversation);
    assert_eq!(id(&history["items"][0]), conversation);
    Ok(())
});

both!(a_send_caught_in_the_network_call_by_a_crash_is_sent_again_once_and_flagged, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = desk.agent(0);
    set_status(&agent.client, "online").await?;
    let first = desk.customer_writes("+573001119999", "hola").await?;
    let conversation = first["conversation_id"].as_str().unwrap();
    let reply = ok(agent
        .client
        .post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "¿En qué te ayudo?"}))
        .await)
    .await?;
    // The node died after marking it `sending`, before the network answered.
    let id = uuid::Uuid::parse_str(reply["id"].as_str().unwrap())?;
    let mut tx = app.state.db.begin().await?;
    charla_db::repo::messages::set_status(
        &mut tx,
        desk.org.id,
        id,
        &charla_db::repo::messages::StatusChange {
            status: "sending",
            network_id: None,
            error_code: None,
            error_title: None,
            resent: false,
            sent_at: None,
            delivered_at: None,
            read_at: None,
            now: app.clock.now(),
        },
    )
    .await?;
    tx.commit().await?;
    app.run_pending_jobs().await?;
    let thread = desk.customer_thread("+573001119999").await?;
    let replies: Vec<_> = thread.iter().filter(|m| m["direction"] == "outbound").collect();
    assert_eq!(replies.len(), 1, "one message, not two");
    assert_eq!(replies[0]["status"], "delivered");
    assert_eq!(replies[0]["resent"], true, "flagged: the contact may have it twice");
    Ok(())
});
