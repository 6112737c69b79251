//! Creating WhatsApp templates (OUT-1): Meta's rules answered field by field, one
//! submission to `POST /{waba-id}/message_templates` by a job, and the status then kept
//! from the template-status webhooks.

use charla_testkit::fixtures::{self, config};
use charla_testkit::graph::{GraphStandIn, created_template_id};
use charla_testkit::{TestApp, TestClient};
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::desk::{desk, id, ok};
use super::whatsapp::{allow_stand_ins, post_signed, whatsapp_channel};

/// The published request's template, as a caller writes it (category in lowercase).
fn documented(channel: &Value) -> Value {
    let mut body = fixtures::json("whatsapp/outbound/create_template_request.json");
    body["channel_id"] = channel["id"].clone();
    body["category"] = json!("utility");
    body.as_object_mut().unwrap().remove("parameter_format");
    body
}

fn submissions(graph: &GraphStandIn) -> Vec<Value> {
    graph
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/message_templates"))
        .map(|r| r.body)
        .collect()
}

async fn template(client: &TestClient, channel: &Value, name: &str) -> anyhow::Result<Value> {
    let list = ok(client.get(&format!("/api/v1/templates?channel_id={}", id(channel))).await).await?;
    Ok(list["items"].as_array().unwrap().iter().find(|t| t["name"] == name).cloned().unwrap_or(Value::Null))
}

/// Meta's template-status webhook for a template of ours, signed like Meta signs it.
async fn status_webhook(
    app: &TestApp,
    channel: &Value,
    fixture: &str,
    graph_id: &str,
    name: &str,
) -> anyhow::Result<()> {
    let mut payload = fixtures::json(&format!("whatsapp/{fixture}"));
    let value = &mut payload["entry"][0]["changes"][0]["value"];
    value["message_template_id"] = json!(graph_id.parse::<u64>()?);
    value["message_template_name"] = json!(name);
    payload["entry"][0]["id"] = json!(config::WABA_A);
    post_signed(app, channel, payload.to_string()).await
}

both!(a_template_is_submitted_once_and_follows_its_status_webhooks, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 1, "round_robin").await?;
    let admin = desk.admin();
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    app.run_pending_jobs().await?;

    let created = admin.post("/api/v1/templates", documented(&channel)).await?;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(
        (&created.body["status"], &created.body["category"], &created.body["language"]),
        (&json!("SUBMITTING"), &json!("UTILITY"), &json!("es_MX"))
    );
    assert_eq!(created.body["positional_parameters"], 2);
    assert!(submissions(&graph).is_empty(), "submitted by the job, not in the request");

    app.run_pending_jobs().await?;
    app.run_pending_jobs().await?;
    let sent = submissions(&graph);
    assert_eq!(sent, vec![fixtures::json("whatsapp/outbound/create_template_request.json")], "once, as Meta documents");
    let request = graph.requests().into_iter().find(|r| r.method == "POST").unwrap();
    assert_eq!(request.path, format!("/v24.0/{}/message_templates", config::WABA_A));
    assert_eq!(request.authorization.as_deref(), Some(format!("Bearer {}", charla_testkit::graph::TOKEN).as_str()));
    assert_eq!(template(admin, &channel, "pedido_en_camino").await?["status"], "PENDING");

    // The same name and language again is refused before it reaches Meta.
    let again = admin.post("/api/v1/templates", documented(&channel)).await?;
    assert_eq!(again.body["errors"], json!([{"field": "name", "code": "taken", "params": {}}]));

    // Meta approves it: the webhook finds it by the id Graph gave.
    status_webhook(&app, &channel, "template_status_approved.json", &created_template_id(1), "pedido_en_camino")
        .await?;
    let approved = template(admin, &channel, "pedido_en_camino").await?;
    assert_eq!((&approved["status"], &approved["id"]), (&json!("APPROVED"), &created.body["id"]));
    assert_eq!(approved["components"], documented(&channel)["components"]);

    // Another is rejected, with Meta's reason kept.
    let mut second = documented(&channel);
    second["name"] = json!("carrito_abandonado");
    ok(admin.post("/api/v1/templates", second).await).await?;
    app.run_pending_jobs().await?;
    status_webhook(&app, &channel, "template_status_rejected.json", &created_template_id(2), "carrito_abandonado")
        .await?;
    let rejected = template(admin, &channel, "carrito_abandonado").await?;
    assert_eq!((&rejected["status"], &rejected["reason"]), (&json!("REJECTED"), &json!("INVALID_FORMAT")));

    // Graph refusing the submission leaves the template with Meta's words, not in limbo.
    graph.answer_next_template(
        400,
        json!({"error": {"message": "Invalid parameter", "code": 100, "error_user_msg": "Ya existe contenido igual"}}),
    );
    let mut third = documented(&channel);
    third["name"] = json!("aviso_de_envio");
    ok(admin.post("/api/v1/templates", third).await).await?;
    app.run_pending_jobs().await?;
    let failed = template(admin, &channel, "aviso_de_envio").await?;
    assert_eq!((&failed["status"], &failed["reason"]), (&json!("SUBMIT_FAILED"), &json!("Ya existe contenido igual")));
    assert_eq!(submissions(&graph).len(), 3);
    Ok(())
});

/// Posts a template with these components and answers its field errors.
async fn refused(client: &TestClient, channel: &Value, components: Value) -> anyhow::Result<Value> {
    let body = json!({"channel_id": channel["id"], "name": "aviso", "language": "es", "category": "MARKETING",
                      "components": components});
    let reply = client.post("/api/v1/templates", body).await?;
    anyhow::ensure!(reply.status == StatusCode::BAD_REQUEST, "{} {}", reply.status, reply.body);
    assert_eq!(reply.code(), "validation_failed");
    Ok(reply.body["errors"].clone())
}

both!(every_template_rule_names_its_field, settings = allow_stand_ins, |app| async move {
    let graph = GraphStandIn::start().await?;
    let desk = desk(&app, 0, "round_robin").await?;
    let admin = desk.admin();
    let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
    let body = |text: &str| json!({"type": "BODY", "text": text});
    let error = |field: &str, code: &str, params: Value| json!({"field": field, "code": code, "params": params});

    // The seed's two: a header over 60 characters, a body over 1,024.
    let long = refused(
        admin,
        &channel,
        json!([{"type": "HEADER", "format": "TEXT", "text": "x".repeat(61)}, body(&"y".repeat(1025))]),
    )
    .await?;
    assert_eq!(
        long,
        json!([
            error("components.0.text", "header_too_long", json!({"max": 60})),
            error("components.1.text", "body_too_long", json!({"max": 1024})),
        ])
    );
    let cases = [
        (json!([body("Hola {{2}}")]), error("components.0.text", "variables_out_of_order", json!({}))),
        (json!([body("Hola {{1}} {{nombre}}")]), error("components.0.text", "mixed_variables", json!({}))),
        (json!([body("Hola {{Nombre}}")]), error("components.0.text", "invalid_variable_name", json!({}))),
        (json!([body("Hola {{1}}")]), error("components.0.example", "missing_example", json!({"expected": 1}))),
        (json!([{"type": "FOOTER", "text": "Pie"}]), error("components", "body_required", json!({}))),
        (json!([body("a"), body("b")]), error("components.1.type", "duplicate", json!({}))),
        (
            json!([body("a"), {"type": "FOOTER", "text": "Pie {{1}}"}]),
            error("components.1.text", "variables_not_allowed", json!({})),
        ),
        (
            json!([body("a"), {"type": "FOOTER", "text": "p".repeat(61)}]),
            error("components.1.text", "too_long", json!({"max": 60})),
        ),
        (
            json!([{"type": "HEADER", "format": "IMAGE"}, body("a")]),
            error("components.0.example.header_handle", "required", json!({})),
        ),
        (
            json!([body("a"), {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "x".repeat(26)}]}]),
            error("components.1.buttons.0.text", "too_long", json!({"max": 25})),
        ),
        (
            json!([body("a"), {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Ver", "url": "https://a.example/{{1}}/x"}]}]),
            error("components.1.buttons.0.url", "url_variable_at_end", json!({})),
        ),
        (
            json!([body("a"), {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Ver", "url": "tienda"}]}]),
            error("components.1.buttons.0.url", "invalid_url", json!({})),
        ),
        (
            json!([body("a"), {"type": "BUTTONS", "buttons": (0..11).map(|i| json!({"type": "QUICK_REPLY", "text": format!("O{i}")})).collect::<Vec<_>>()}]),
            error("components.1.buttons", "too_many", json!({"max": 10})),
        ),
        (
            json!([body("a"), {"type": "BUTTONS", "buttons": [{"type": "PHONE_NUMBER", "text": "Llamar", "phone_number": "llámame"}]}]),
            error("components.1.buttons.0.phone_number", "invalid_phone", json!({})),
        ),
    ];
    for (components, expected) in cases {
        assert_eq!(refused(admin, &channel, components.clone()).await?, json!([expected]), "{components}");
    }
    // The name, language and category, as Graph spells them.
    let reply = admin
        .post(
            "/api/v1/templates",
            json!({"channel_id": channel["id"], "name": "Aviso Nuevo", "language": "español", "category": "promo",
                   "components": [body("Hola")]}),
        )
        .await?;
    assert_eq!(
        reply.body["errors"],
        json!([
            error("name", "invalid_template_name", json!({})),
            error("language", "invalid_template_language", json!({})),
            error("category", "invalid", json!({})),
        ])
    );
    // A channel without templates says so; nothing reached Graph.
    let body = json!({"channel_id": desk.channel, "name": "aviso", "language": "es", "category": "UTILITY",
                      "components": [{"type": "BODY", "text": "Hola"}]});
    assert_eq!(admin.post("/api/v1/templates", body).await?.code(), "templates_unavailable");
    app.run_pending_jobs().await?;
    assert!(submissions(&graph).is_empty());
    Ok(())
});

both!(
    a_status_webhook_ahead_of_the_submissions_answer_leaves_one_template,
    settings = allow_stand_ins,
    |app| async move {
        let graph = GraphStandIn::start().await?;
        let desk = desk(&app, 0, "round_robin").await?;
        let admin = desk.admin();
        let channel = whatsapp_channel(&desk, &graph, config::NUMBER_A, config::WABA_A, config::DISPLAY_A).await?;
        app.run_pending_jobs().await?;
        ok(admin.post("/api/v1/templates", documented(&channel)).await).await?;
        // Meta approves it before its answer to the submission is recorded.
        status_webhook(&app, &channel, "template_status_approved.json", &created_template_id(1), "pedido_en_camino")
            .await?;
        app.run_pending_jobs().await?;
        let list = ok(admin.get(&format!("/api/v1/templates?channel_id={}", id(&channel))).await).await?;
        let ours: Vec<&Value> =
            list["items"].as_array().unwrap().iter().filter(|t| t["name"] == "pedido_en_camino").collect();
        assert_eq!(ours.len(), 1, "{list}");
        assert_eq!(ours[0]["status"], "APPROVED");
        assert_eq!(ours[0]["components"], documented(&channel)["components"]);
        assert_eq!(submissions(&graph).len(), 1);
        Ok(())
    }
);
