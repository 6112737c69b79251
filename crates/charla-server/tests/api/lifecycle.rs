//! How attentions end (CONV-1, CONV-3, CONV-4): the inactivity timer on the test clock,
//! the contact's cancel word, and transfers to another campaign, each with its reason
//! and disposition.

use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{desk, id, ok, set_status};

both!(inactivity_closes_after_the_campaigns_time_and_not_before, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    desk.set_campaign(json!({"inactivity_minutes": 30})).await?;
    set_status(&desk.agent(0).client, "online").await?;
    let message = desk.customer_writes("+573006000001", "hola").await?;
    let conversation = message["conversation_id"].as_str().unwrap().to_owned();
    // Activity at minute 20 moves the deadline to minute 50.
    app.clock.advance(SignedDuration::from_mins(20));
    desk.agent(0)
        .client
        .post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "¿sigue ahí?"}))
        .await?;
    app.clock.advance(SignedDuration::from_mins(11));
    app.run_pending_jobs().await?;
    assert_eq!(desk.conversation(&conversation).await?["status"], "assigned", "minute 31: still active");
    app.clock.advance(SignedDuration::from_mins(20));
    app.run_pending_jobs().await?;
    let closed = desk.conversation(&conversation).await?;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_reason"], "inactivity");
    assert_eq!(closed["disposition_id"], desk.dispositions[3].as_str());
    let counts = ok(desk.agent(0).client.get("/api/v1/inbox/counts").await).await?;
    assert_eq!(counts["assigned"], 0);
    Ok(())
});

both!(the_cancel_word_loses_a_waiting_conversation_and_abandons_an_assigned_one, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    // Nobody online: the contact waits, then cancels.
    let waiting = desk.customer_writes("+573006000002", "hola").await?;
    let cancelled = desk.customer_writes("+573006000002", "  Cancel! ").await?;
    assert_eq!(cancelled["conversation_id"], waiting["conversation_id"]);
    let lost = desk.conversation(waiting["conversation_id"].as_str().unwrap()).await?;
    assert_eq!((lost["status"].as_str(), lost["closed_reason"].as_str()), (Some("closed"), Some("lost")));
    let counts = ok(desk.admin().get("/api/v1/inbox/counts").await).await?;
    let queue = counts["queues"].as_array().unwrap().iter().find(|q| q["queue_id"] == desk.queue.as_str()).unwrap();
    assert_eq!(queue["waiting"], 0, "it left the queue");
    // The campaign's word may be changed; once assigned, cancelling is abandoning.
    desk.set_campaign(json!({"cancel_word": "salir"})).await?;
    set_status(&desk.agent(0).client, "online").await?;
    let attended = desk.customer_writes("+573006000003", "hola").await?;
    assert_eq!(desk.conversation(attended["conversation_id"].as_str().unwrap()).await?["status"], "assigned");
    desk.customer_writes("+573006000003", "SALIR").await?;
    let abandoned = desk.conversation(attended["conversation_id"].as_str().unwrap()).await?;
    assert_eq!(abandoned["closed_reason"], "abandoned");
    assert_eq!(abandoned["agent_id"], desk.agent(0).id.to_string(), "the agent stays on record");
    let counts = ok(desk.agent(0).client.get("/api/v1/inbox/counts").await).await?;
    assert_eq!((counts["assigned"].as_i64(), counts["unread_conversations"].as_i64()), (Some(0), Some(0)));
    // A text that merely contains the word is a message like any other.
    let next = desk.customer_writes("+573006000003", "quiero salir de viaje").await?;
    assert_eq!(desk.conversation(next["conversation_id"].as_str().unwrap()).await?["status"], "assigned");
    Ok(())
});

both!(a_transfer_to_another_campaign_closes_here_and_opens_there, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let sales = ok(admin.post("/api/v1/campaigns", json!({"project_id": desk.project, "name": "Sales"})).await).await?;
    set_status(&desk.agent(0).client, "online").await?;
    let message = desk.customer_writes("+573006000004", "quiero comprar").await?;
    let here = message["conversation_id"].as_str().unwrap().to_owned();
    let reply = desk
        .agent(0)
        .client
        .post(&format!("/api/v1/conversations/{here}/transfer"), json!({"campaign_id": id(&sales)}))
        .await?;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let closed = desk.conversation(&here).await?;
    assert_eq!(closed["closed_reason"], "transferred");
    assert_eq!(closed["disposition_id"], desk.dispositions[2].as_str());
    let there = closed["transferred_to_id"].as_str().expect("the new conversation").to_owned();
    let opened = desk.conversation(&there).await?;
    assert_eq!(opened["campaign_id"], sales["id"]);
    assert_eq!(opened["status"], "queued");
    assert_eq!(opened["queue_id"], sales["default_queue_id"]);
    assert_eq!(opened["transferred_from_id"], here.as_str());
    // The contact's next message lands in the new campaign's conversation.
    let later = desk.customer_writes("+573006000004", "¿hola?").await?;
    assert_eq!(later["conversation_id"], there.as_str());
    // A mass transfer uses the mass-transfer disposition and reports each one.
    let other = desk.customer_writes("+573006000005", "hola").await?;
    let mass = ok(admin
        .post(
            "/api/v1/conversations/mass-transfer",
            json!({"conversation_ids": [other["conversation_id"], here], "queue_id": desk.queue}),
        )
        .await)
    .await?;
    assert_eq!(mass["items"][0]["ok"], true);
    assert_eq!(
        (mass["items"][1]["ok"].as_bool(), mass["items"][1]["code"].as_str()),
        (Some(false), Some("already_closed"))
    );
    Ok(())
});

both!(campaign_permissions_bind_agents_on_the_server, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = &desk.agent(0).client;
    set_status(agent, "online").await?;
    desk.set_campaign(
        json!({"agent_permissions": {"close_without_reply": false, "voice_notes": false, "history": false}}),
    )
    .await?;
    let first = desk.customer_writes("+573006000010", "hola").await?;
    let conversation = first["conversation_id"].as_str().unwrap().to_owned();
    let close = json!({"disposition_id": desk.dispositions[0], "fields": {desk.field.clone(): "Pedido"}});
    // Closing without having replied is refused while the campaign says so.
    let refused = agent.post(&format!("/api/v1/conversations/{conversation}/close"), close.clone()).await?;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.body["errors"][0], json!({"field": "conversation", "code": "reply_required", "params": {}}));
    // Voice notes are refused; text goes.
    let audio =
        ok(agent.send_bytes(reqwest::Method::POST, "/api/v1/files?name=nota.ogg", "audio/ogg", vec![1, 2, 3, 4]).await)
            .await?;
    let voice = agent
        .post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"attachments": [audio["id"]]}))
        .await?;
    assert_eq!((voice.status, voice.code()), (StatusCode::FORBIDDEN, "voice_notes_not_allowed"));
    ok(agent.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "te ayudo"})).await)
        .await?;
    ok(agent.post(&format!("/api/v1/conversations/{conversation}/close"), close).await).await?;
    // Without the history permission the agent sees no previous conversation.
    let next = desk.customer_writes("+573006000010", "otra vez").await?;
    let detail =
        ok(agent.get(&format!("/api/v1/conversations/{}", next["conversation_id"].as_str().unwrap())).await).await?;
    assert_eq!(detail["previous_conversations"], json!([]));
    assert_eq!(detail["history_messages"], json!([]));
    // A supervisor still does.
    let (_, supervisor) = app.member(&desk.org, charla_domain::access::BuiltinProfile::Supervisor).await?;
    let seen =
        ok(supervisor.get(&format!("/api/v1/conversations/{}", next["conversation_id"].as_str().unwrap())).await)
            .await?;
    assert_eq!(seen["previous_conversations"].as_array().unwrap().len(), 1);
    Ok(())
});

both!(a_campaign_keeps_its_hours_and_out_of_hours_action_as_the_contract_says, |app| async move {
    let desk = desk(&app, 0, "round_robin").await?;
    let schedule = json!({
        "time_zone": "America/Bogota",
        "always_open": false,
        "days": {"mon": [["08:00", "12:00"], ["14:00", "18:00"]], "tue": [["08:00", "18:00"]], "wed": [], "thu": [],
                 "fri": [["08:00", "17:00"]], "sat": [], "sun": []},
        "holidays": [{"date": "25/12", "name": "Navidad", "intervals": []}],
    });
    let out_of_hours = json!({"action": "close", "message": "Te respondemos mañana desde las 8:00.", "send_message": true, "apply_to_queued": false});
    let saved = ok(desk
        .admin()
        .patch(
            &format!("/api/v1/campaigns/{}", desk.campaign),
            json!({"schedule": schedule, "out_of_hours": out_of_hours}),
        )
        .await)
    .await?;
    assert_eq!(saved["schedule"], schedule);
    assert_eq!(saved["out_of_hours"], out_of_hours);
    let read = ok(desk.admin().get(&format!("/api/v1/campaigns/{}", desk.campaign)).await).await?;
    assert_eq!(read["schedule"]["holidays"][0]["name"], "Navidad");
    // Bad input: every error, under its field, and nothing half-written.
    let bad = desk
        .admin()
        .patch(
            &format!("/api/v1/campaigns/{}", desk.campaign),
            json!({"schedule": {"time_zone": "Mars/Olympus", "days": {"mon": [["09:00", "08:00"], ["25:00", "26:00"]]},
                                "holidays": [{"date": "31/02", "name": "Nunca"}]},
                   "out_of_hours": {"action": "queue", "send_message": true}}),
        )
        .await?;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> =
        bad.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    for expected in ["schedule.time_zone", "schedule.days.mon.0", "schedule.holidays.0.date", "out_of_hours.message"] {
        assert!(fields.contains(&expected), "{expected} in {fields:?}");
    }
    let unchanged = ok(desk.admin().get(&format!("/api/v1/campaigns/{}", desk.campaign)).await).await?;
    assert_eq!(unchanged["schedule"], schedule);
    // null removes the hours: always open again.
    let cleared =
        ok(desk.admin().patch(&format!("/api/v1/campaigns/{}", desk.campaign), json!({"schedule": null})).await)
            .await?;
    assert_eq!(cleared["schedule"], Value::Null);
    Ok(())
});
