//! Hours, out of hours, the chatbot, surveys and absence (BOT-1..5, CONV-13) through the
//! simulator, on the test clock (it starts Monday 2026-03-02 14:00 UTC, 09:00 in Bogotá).

use jiff::SignedDuration;
use serde_json::{Value, json};

use crate::desk::{Desk, desk, id, ok, set_status};

/// Monday to Friday 08:00–18:00 in Bogotá; Monday 2 March is a closed holiday.
fn office_hours() -> Value {
    let day = json!([["08:00", "18:00"]]);
    json!({
        "time_zone": "America/Bogota",
        "always_open": false,
        "days": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": [], "sun": []},
        "holidays": [{"date": "02/03", "name": "Festivo de prueba", "intervals": []}],
    })
}

/// 23:30 on the holiday in Bogotá.
fn to_holiday_night(app: &charla_testkit::TestApp) {
    app.clock.advance(SignedDuration::from_mins(14 * 60 + 30));
}

/// What the customer read: the texts of the messages sent to them, oldest first.
async fn received(desk: &Desk, phone: &str) -> anyhow::Result<Vec<String>> {
    Ok(desk
        .customer_thread(phone)
        .await?
        .iter()
        .filter(|m| m["direction"] == "outbound")
        .filter_map(|m| m["text"].as_str().map(str::to_owned))
        .collect())
}

async fn set_chatbot(desk: &Desk, settings: Value) -> anyhow::Result<Value> {
    ok(desk.admin().put(&format!("/api/v1/channels/{}/chatbot", desk.channel), settings).await).await
}

async fn out_of_hours_rows(desk: &Desk) -> anyhow::Result<Vec<Value>> {
    let page = ok(desk.admin().get("/api/v1/out-of-hours-contacts").await).await?;
    Ok(page["items"].as_array().cloned().unwrap_or_default())
}

async fn close_by_admin(desk: &Desk, conversation: &str) -> anyhow::Result<()> {
    let body = json!({"disposition_id": desk.dispositions[0], "fields": {desk.field.clone(): "Pedido"}});
    ok(desk.admin().post(&format!("/api/v1/conversations/{conversation}/close"), body).await).await?;
    Ok(())
}

fn conversation_of(message: &Value) -> String {
    message["conversation_id"].as_str().expect("a conversation").to_owned()
}

both!(a_holiday_night_with_close_closes_as_out_of_hours_and_says_so_once, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    desk.set_campaign(json!({
        "schedule": office_hours(),
        "out_of_hours": {"action": "close", "message": "Estamos cerrados. Abrimos a las 8:00.", "send_message": true},
    }))
    .await?;
    to_holiday_night(&app);
    let first = desk.customer_writes("+573005550001", "Hola, ¿están?").await?;
    let conversation = desk.conversation(&conversation_of(&first)).await?;
    assert_eq!(conversation["status"], "closed");
    assert_eq!(conversation["closed_reason"], "out_of_hours");
    assert_eq!(conversation["agent_id"], Value::Null, "nobody was given it: {conversation}");
    assert_eq!(received(&desk, "+573005550001").await?, vec!["Estamos cerrados. Abrimos a las 8:00."]);
    let rows = out_of_hours_rows(&desk).await?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["conversation_id"], conversation["id"]);
    assert_eq!(rows[0]["display_name"], "Cliente");
    assert_eq!(rows[0]["callback"], "n/a");
    assert_eq!(rows[0]["message_sent"], false);
    // Without the switch nothing is said.
    desk.set_campaign(json!({"out_of_hours": {"action": "close", "message": "Cerrado", "send_message": false}}))
        .await?;
    desk.customer_writes("+573005550002", "Hola").await?;
    assert_eq!(received(&desk, "+573005550002").await?, Vec::<String>::new());
    Ok(())
});

both!(queued_out_of_hours_waits_and_goes_to_an_agent_when_hours_open, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    desk.set_campaign(json!({"schedule": office_hours(), "out_of_hours": {"action": "queue"}})).await?;
    to_holiday_night(&app);
    let written = desk.customer_writes("+573005550003", "Necesito ayuda").await?;
    let conversation = conversation_of(&written);
    let waiting = desk.conversation(&conversation).await?;
    assert_eq!(waiting["status"], "queued", "{waiting}");
    assert_eq!(waiting["agent_id"], Value::Null, "an online agent does not get it out of hours");
    // The agent freeing and taking work does not pull it either.
    set_status(&desk.agent(0).client, "offline").await?;
    set_status(&desk.agent(0).client, "online").await?;
    assert_eq!(desk.conversation(&conversation).await?["status"], "queued");
    app.run_pending_jobs().await?;
    assert_eq!(desk.conversation(&conversation).await?["status"], "queued", "the release waits for opening");
    // Tuesday 08:00 in Bogotá.
    app.clock.advance(SignedDuration::from_mins(8 * 60 + 30));
    app.run_pending_jobs().await?;
    let assigned = desk.conversation(&conversation).await?;
    assert_eq!(assigned["status"], "assigned", "{assigned}");
    assert_eq!(assigned["agent_id"], desk.agent(0).id.to_string());
    assert_eq!(out_of_hours_rows(&desk).await?[0]["callback"], "n/a");
    Ok(())
});

both!(the_call_back_offer_feeds_the_out_of_hours_list, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    desk.set_campaign(json!({
        "schedule": office_hours(),
        "out_of_hours": {"action": "close", "message": "Estamos cerrados.", "send_message": true},
    }))
    .await?;
    set_chatbot(&desk, json!({"enabled": true, "unavailable": {"enabled": true}})).await?;
    to_holiday_night(&app);
    let written = desk.customer_writes("+573005550004", "Hola").await?;
    let conversation = conversation_of(&written);
    let said = received(&desk, "+573005550004").await?;
    assert_eq!(said[0], "Estamos cerrados.");
    assert!(said[1].starts_with("En este momento no hay atención disponible."), "{said:?}");
    assert!(said[1].ends_with("1. Sí\n2. No"), "{said:?}");
    assert_eq!(out_of_hours_rows(&desk).await?[0]["callback"], "no_answer");
    assert_eq!(desk.conversation(&conversation).await?["status"], "bot");
    desk.customer_writes("+573005550004", "1").await?;
    let rows = out_of_hours_rows(&desk).await?;
    assert_eq!(rows[0]["callback"], "yes");
    let closed = desk.conversation(&conversation).await?;
    assert_eq!(closed["closed_reason"], "out_of_hours");
    assert_eq!(
        received(&desk, "+573005550004").await?.last().unwrap(),
        "¡Listo! Te avisaremos apenas volvamos a atender."
    );
    // Another contact says no.
    desk.customer_writes("+573005550005", "Hola").await?;
    desk.customer_writes("+573005550005", "no").await?;
    let rows = out_of_hours_rows(&desk).await?;
    let answered: Vec<&Value> = rows.iter().map(|r| &r["callback"]).collect();
    assert_eq!(answered, vec!["no", "yes"], "newest first");
    // When hours open, whoever said yes is told; once.
    app.clock.advance(SignedDuration::from_mins(8 * 60 + 30));
    app.run_pending_jobs().await?;
    app.run_pending_jobs().await?;
    let told = "¡Hola! Ya estamos atendiendo. Escríbenos y te respondemos enseguida.";
    let yes_thread = received(&desk, "+573005550004").await?;
    assert_eq!(yes_thread.iter().filter(|t| *t == told).count(), 1, "{yes_thread:?}");
    assert!(!received(&desk, "+573005550005").await?.iter().any(|t| t == told));
    // Reaching back from the page: a new conversation for the agent, marked as sent.
    let agent = &desk.agent(0).client;
    set_status(agent, "online").await?;
    let sent = ok(agent
        .post(
            &format!("/api/v1/out-of-hours-contacts/{}/send", id(&rows[1])),
            json!({"text": "Ya abrimos, ¿te ayudo?"}),
        )
        .await)
    .await?;
    let reopened = desk.conversation(sent["conversation_id"].as_str().unwrap()).await?;
    assert_eq!(reopened["status"], "assigned");
    assert_eq!(reopened["agent_id"], desk.agent(0).id.to_string());
    assert!(out_of_hours_rows(&desk).await?[1]["message_sent"].as_bool().unwrap());
    Ok(())
});

both!(faq_and_queue_menus_route_to_the_chosen_queue, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    let sales =
        ok(desk.admin().post("/api/v1/queues", json!({"campaign_id": desk.campaign, "name": "Ventas"})).await).await?;
    let sales = id(&sales);
    ok(desk
        .admin()
        .patch(&format!("/api/v1/queues/{sales}"), json!({"member_ids": [desk.agent(1).id.to_string()]}))
        .await)
    .await?;
    set_status(&desk.agent(0).client, "online").await?;
    set_status(&desk.agent(1).client, "online").await?;
    let saved = set_chatbot(
        &desk,
        json!({
            "enabled": true,
            "faq": {"enabled": true, "items": [{"question": "¿Horario?", "answer": "De lunes a viernes, 8 a 18."}]},
            "queue_menu": {"enabled": true, "queues": [{"queue_id": sales, "label": "Ventas"}]},
        }),
    )
    .await?;
    assert_eq!(saved["settings"]["enabled"], true);
    assert_eq!(saved["defaults"]["other_matters"], "Otros asuntos");
    let phone = "+573005550006";
    let conversation = conversation_of(&desk.customer_writes(phone, "Hola").await?);
    let said = received(&desk, phone).await?;
    assert_eq!(said[0], "¡Hola Cliente, espero que estés bien! 😃");
    assert!(said[1].ends_with("1. ¿Horario?\n2. Hablar con un agente"), "{said:?}");
    assert_eq!(desk.conversation(&conversation).await?["status"], "bot");
    desk.customer_writes(phone, "1").await?;
    assert_eq!(received(&desk, phone).await?[2], "De lunes a viernes, 8 a 18.");
    desk.customer_writes(phone, "hablar con un agente").await?;
    let menu = received(&desk, phone).await?.last().cloned().unwrap();
    assert_eq!(
        menu,
        "Para dirigir correctamente tu atención, elige una de las siguientes opciones:\n\n1. Ventas\n2. Otros asuntos"
    );
    desk.customer_writes(phone, "1").await?;
    let routed = desk.conversation(&conversation).await?;
    assert_eq!(routed["queue_id"], sales, "{routed}");
    assert_eq!(routed["status"], "assigned");
    assert_eq!(routed["agent_id"], desk.agent(1).id.to_string(), "the Ventas member gets it");
    assert!(received(&desk, phone).await?.last().unwrap().starts_with("En un momento estaré disponible"));
    // Wrong answers are asked again, then the contact goes to the default queue.
    let phone = "+573005550007";
    let other = conversation_of(&desk.customer_writes(phone, "Hola").await?);
    desk.customer_writes(phone, "2").await?;
    desk.customer_writes(phone, "pizza").await?;
    assert!(received(&desk, phone).await?.iter().any(|t| t.starts_with("No entendí tu respuesta")));
    assert_eq!(desk.conversation(&other).await?["status"], "bot");
    desk.customer_writes(phone, "pizza").await?;
    let fallback = desk.conversation(&other).await?;
    assert_eq!(fallback["queue_id"], desk.queue, "{fallback}");
    assert_eq!(fallback["agent_id"], desk.agent(0).id.to_string());
    // Pausing the bot hands a conversation it holds to the queue at once.
    let phone = "+573005550013";
    let paused = conversation_of(&desk.customer_writes(phone, "Hola").await?);
    assert_eq!(desk.conversation(&paused).await?["status"], "bot");
    ok(desk.admin().post(&format!("/api/v1/conversations/{paused}/bot"), json!({"paused": true})).await).await?;
    let handed = desk.conversation(&paused).await?;
    assert_eq!(handed["status"], "assigned", "{handed}");
    assert_eq!(handed["bot_paused"], true);
    let before = received(&desk, phone).await?.len();
    desk.customer_writes(phone, "1").await?;
    assert_eq!(received(&desk, phone).await?.len(), before, "a paused bot says nothing");
    Ok(())
});

both!(the_return_greeting_comes_only_after_the_inactivity_period, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    set_chatbot(
        &desk,
        json!({
            "enabled": true,
            "return_greeting": {"enabled": true, "text": "¡Qué bueno verte de nuevo, {name}!", "after_hours": 2},
            "pre_attention": {"enabled": false},
            "post_attention": {"enabled": false},
        }),
    )
    .await?;
    let phone = "+573005550008";
    let first = conversation_of(&desk.customer_writes(phone, "Hola").await?);
    assert_eq!(received(&desk, phone).await?, vec!["¡Hola Cliente, espero que estés bien! 😃"]);
    close_by_admin(&desk, &first).await?;
    app.clock.advance(SignedDuration::from_mins(60));
    let second = conversation_of(&desk.customer_writes(phone, "Otra cosa").await?);
    assert_ne!(second, first);
    assert_eq!(received(&desk, phone).await?.len(), 1, "no greeting within the period");
    close_by_admin(&desk, &second).await?;
    app.clock.advance(SignedDuration::from_mins(3 * 60));
    desk.customer_writes(phone, "Volví").await?;
    assert_eq!(received(&desk, phone).await?.last().unwrap(), "¡Qué bueno verte de nuevo, Cliente!");
    Ok(())
});

both!(surveys_follow_their_frequency_and_land_on_conversation_and_agent, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    set_chatbot(
        &desk,
        json!({
            "enabled": true,
            "greeting": {"enabled": false},
            "pre_attention": {"enabled": false},
            "survey": {"enabled": true, "kind": "csat", "every": "attentions", "interval": 2},
        }),
    )
    .await?;
    let phone = "+573005550009";
    let first = conversation_of(&desk.customer_writes(phone, "Hola").await?);
    close_by_admin(&desk, &first).await?;
    let said = received(&desk, phone).await?;
    assert!(said[0].starts_with("Agradezco el contacto."), "post-attention first: {said:?}");
    assert!(said[1].starts_with("¿Qué tan satisfecho quedaste"), "{said:?}");
    // A wrong answer is asked again once; then the score lands.
    desk.customer_writes(phone, "9").await?;
    assert!(received(&desk, phone).await?.last().unwrap().starts_with("¿Qué tan satisfecho quedaste"));
    desk.customer_writes(phone, "5").await?;
    assert_eq!(received(&desk, phone).await?.last().unwrap(), "¡Gracias por tu respuesta!");
    let results = ok(desk.admin().get("/api/v1/surveys").await).await?;
    assert_eq!(results["items"].as_array().unwrap().len(), 1);
    let answer = &results["items"][0];
    assert_eq!(answer["score"], 5);
    assert_eq!(answer["conversation_id"], first);
    assert_eq!(answer["agent_id"], desk.agent(0).id.to_string());
    assert_eq!(results["summary"]["csat"]["satisfied_percent"], 100.0);
    let first_closed = desk.conversation(&first).await?;
    assert_eq!(first_closed["status"], "closed", "answering did not reopen it");
    // Second attention: not due (every 2nd); third: due.
    let second = conversation_of(&desk.customer_writes(phone, "Otra pregunta").await?);
    assert_ne!(second, first, "after the survey a message opens a new attention");
    close_by_admin(&desk, &second).await?;
    assert!(!received(&desk, phone).await?.last().unwrap().starts_with("¿Qué tan satisfecho"));
    let third = conversation_of(&desk.customer_writes(phone, "Y otra").await?);
    close_by_admin(&desk, &third).await?;
    assert!(received(&desk, phone).await?.last().unwrap().starts_with("¿Qué tan satisfecho"));
    // A message that is no score at all, twice, ends the survey and opens an attention.
    desk.customer_writes(phone, "hola de nuevo").await?;
    let fourth = conversation_of(&desk.customer_writes(phone, "necesito algo más").await?);
    assert_ne!(fourth, third);
    assert_eq!(ok(desk.admin().get("/api/v1/surveys").await).await?["items"].as_array().unwrap().len(), 1);
    Ok(())
});

both!(an_absence_message_goes_once_per_conversation_until_switched_off, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let agent = desk.agent(0);
    set_status(&agent.client, "online").await?;
    let me = format!("/api/v1/users/{}/absence", agent.id);
    let refused = agent.client.put(&me, json!({"enabled": true, "message": " "})).await?;
    assert_eq!(refused.status, reqwest::StatusCode::BAD_REQUEST, "{}", refused.body);
    let saved = ok(agent
        .client
        .put(&me, json!({"enabled": true, "message": "Estoy de vacaciones.", "suggested_contact": "+57 300 000 0000"}))
        .await)
    .await?;
    assert_eq!(saved["enabled"], true);
    let text = "Estoy de vacaciones.\n\nMientras tanto, puedes comunicarte con: +57 300 000 0000";
    desk.customer_writes("+573005550010", "Hola").await?;
    desk.customer_writes("+573005550010", "¿Hola?").await?;
    assert_eq!(received(&desk, "+573005550010").await?, vec![text]);
    desk.customer_writes("+573005550011", "Buenas").await?;
    assert_eq!(received(&desk, "+573005550011").await?, vec![text]);
    // Someone else's absence is the managers' business.
    let other = desk.admin().get(&format!("/api/v1/users/{}/absence", desk.org.admin_id)).await?;
    assert!(other.status.is_success());
    let (_, colleague) = app.member(&desk.org, charla_domain::access::BuiltinProfile::Agent).await?;
    let forbidden = colleague.put(&me, json!({"enabled": false})).await?;
    assert_eq!(forbidden.status, reqwest::StatusCode::FORBIDDEN);
    ok(agent.client.put(&me, json!({"enabled": false})).await).await?;
    desk.customer_writes("+573005550012", "Hola").await?;
    assert_eq!(received(&desk, "+573005550012").await?, Vec::<String>::new());
    Ok(())
});

both!(chatbot_settings_are_checked, |app| async move {
    let desk = desk(&app, 0, "round_robin").await?;
    let reply = desk
        .admin()
        .put(
            &format!("/api/v1/channels/{}/chatbot", desk.channel),
            json!({"faq": {"enabled": true, "items": []}, "queue_menu": {"queues": [{"queue_id": uuid::Uuid::nil(), "label": "X"}]}}),
        )
        .await?;
    assert_eq!(reply.status, reqwest::StatusCode::BAD_REQUEST, "{}", reply.body);
    let fields: Vec<&str> =
        reply.body["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["faq.items"]);
    let unknown_queue = desk
        .admin()
        .put(
            &format!("/api/v1/channels/{}/chatbot", desk.channel),
            json!({"queue_menu": {"queues": [{"queue_id": uuid::Uuid::nil(), "label": "X"}]}}),
        )
        .await?;
    assert_eq!(unknown_queue.body["errors"][0]["field"], "queue_menu.queues.0.queue_id", "{}", unknown_queue.body);
    let typo = desk.admin().put(&format!("/api/v1/channels/{}/chatbot", desk.channel), json!({"greting": {}})).await?;
    assert_eq!(typo.status, reqwest::StatusCode::BAD_REQUEST);
    let fresh = ok(desk.admin().get(&format!("/api/v1/channels/{}/chatbot", desk.channel)).await).await?;
    assert_eq!(fresh["settings"]["enabled"], false, "nothing was saved");
    Ok(())
});

both!(at_closing_time_waiting_conversations_get_the_out_of_hours_action, |app| async move {
    let desk = desk(&app, 1, "round_robin").await?;
    let day = json!([["08:00", "18:00"]]);
    let weekdays =
        json!({"time_zone": "America/Bogota", "days": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day}});
    desk.set_campaign(json!({
        "schedule": weekdays,
        "out_of_hours": {"action": "close", "message": "Cerramos por hoy.", "send_message": true, "apply_to_queued": true},
    }))
    .await?;
    // Monday 09:00 in Bogotá: open, but nobody is online, so it waits.
    let waiting = conversation_of(&desk.customer_writes("+573005550014", "Hola").await?);
    assert_eq!(desk.conversation(&waiting).await?["status"], "queued");
    app.run_pending_jobs().await?;
    assert_eq!(desk.conversation(&waiting).await?["status"], "queued", "not before closing");
    // 18:01 in Bogotá.
    app.clock.advance(SignedDuration::from_mins(9 * 60 + 1));
    app.run_pending_jobs().await?;
    let closed = desk.conversation(&waiting).await?;
    assert_eq!(closed["closed_reason"], "out_of_hours", "{closed}");
    assert_eq!(received(&desk, "+573005550014").await?, vec!["Cerramos por hoy."]);
    // With "queue", the next day's waiting conversation is held overnight, then assigned.
    desk.set_campaign(json!({"out_of_hours": {"action": "queue", "apply_to_queued": true}})).await?;
    app.clock.advance(SignedDuration::from_mins(14 * 60));
    let next_day = conversation_of(&desk.customer_writes("+573005550015", "Buenos días").await?);
    assert_eq!(desk.conversation(&next_day).await?["status"], "queued");
    app.clock.advance(SignedDuration::from_mins(10 * 60));
    app.run_pending_jobs().await?;
    let held = desk.conversation(&next_day).await?;
    assert!(held["held_until"].is_string(), "held until Wednesday: {held}");
    set_status(&desk.agent(0).client, "online").await?;
    assert_eq!(desk.conversation(&next_day).await?["status"], "queued", "not while held");
    app.clock.advance(SignedDuration::from_mins(14 * 60));
    app.run_pending_jobs().await?;
    let assigned = desk.conversation(&next_day).await?;
    assert_eq!(assigned["status"], "assigned", "{assigned}");
    Ok(())
});

/// The contact presses a reply button, signed like Meta signs it.
async fn press_button(
    app: &charla_testkit::TestApp,
    channel: &Value,
    wamid: &str,
    id: &str,
    title: &str,
) -> anyhow::Result<()> {
    use charla_testkit::fixtures::config;
    let payload = json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": config::WABA_A, "changes": [{ "field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": config::DISPLAY_A, "phone_number_id": config::NUMBER_A },
            "contacts": [{ "profile": { "name": "María José Peña" }, "wa_id": "573001234567" }],
            "messages": [{
                "from": "573001234567", "id": wamid, "type": "interactive",
                "interactive": { "type": "button_reply", "button_reply": { "id": id, "title": title } },
                "timestamp": (app.clock.now().as_micros() / 1_000_000).to_string(),
            }]
        }}]}]
    })
    .to_string();
    crate::whatsapp::post_signed(app, channel, payload).await
}

both!(
    on_whatsapp_menus_are_reply_buttons_and_a_press_routes,
    settings = crate::whatsapp::allow_stand_ins,
    |app| async move {
        let graph = charla_testkit::graph::GraphStandIn::start().await?;
        let desk = desk(&app, 1, "round_robin").await?;
        set_status(&desk.agent(0).client, "online").await?;
        let channel = crate::whatsapp::whatsapp_channel(
            &desk,
            &graph,
            charla_testkit::fixtures::config::NUMBER_A,
            charla_testkit::fixtures::config::WABA_A,
            charla_testkit::fixtures::config::DISPLAY_A,
        )
        .await?;
        let sales =
            id(&ok(desk.admin().post("/api/v1/queues", json!({"campaign_id": desk.campaign, "name": "Ventas"})).await)
                .await?);
        ok(desk
            .admin()
            .patch(&format!("/api/v1/queues/{sales}"), json!({"member_ids": [desk.agent(0).id.to_string()]}))
            .await)
        .await?;
        ok(desk
        .admin()
        .put(
            &format!("/api/v1/channels/{}/chatbot", id(&channel)),
            json!({
                "enabled": true,
                "greeting": {"enabled": false},
                "queue_menu": {"enabled": true, "queues": [{"queue_id": sales, "label": "Ventas"}, {"queue_id": desk.queue, "label": "Soporte"}]},
            }),
        )
        .await)
    .await?;
        crate::whatsapp::fresh_text(&app, &channel, "wamid.bot-menu-1", "Hola").await?;
        app.run_pending_jobs().await?;
        let sent: Vec<Value> = graph.requests().into_iter().filter(|r| r.is_send()).map(|r| r.body).collect();
        assert_eq!(sent.len(), 1, "{sent:?}");
        let menu = &sent[0];
        assert_eq!(menu["type"], "interactive");
        assert_eq!(menu["interactive"]["type"], "button");
        assert_eq!(
            menu["interactive"]["body"]["text"],
            "Para dirigir correctamente tu atención, elige una de las siguientes opciones:"
        );
        let buttons = menu["interactive"]["action"]["buttons"].as_array().unwrap();
        let titles: Vec<&str> = buttons.iter().map(|b| b["reply"]["title"].as_str().unwrap()).collect();
        assert_eq!(titles, vec!["Ventas", "Soporte", "Otros asuntos"]);
        let sales_button = buttons[0]["reply"]["id"].as_str().unwrap().to_owned();
        press_button(&app, &channel, "wamid.bot-menu-2", &sales_button, "Ventas").await?;
        let list = ok(desk.admin().get("/api/v1/conversations").await).await?;
        let conversation = &list["items"][0];
        assert_eq!(conversation["queue_id"], sales, "{conversation}");
        assert_eq!(conversation["status"], "assigned");
        Ok(())
    }
);
