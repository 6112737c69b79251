//! The web chat widget's public endpoints (CH-3) as a browser on a shop's site calls them:
//! origin checks and preflight, the pre-chat form, the visitor's thread and its socket,
//! attachments, read marks, and that no visitor ever reaches another's conversation.

use std::time::Duration;

use charla_testkit::TestApp;
use futures_util::SinkExt;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use uuid::Uuid;

use super::desk::{Desk, Socket, desk, id, next_event, ok, set_status};

const SHOP: &str = "https://shop.example";

/// A browser on some origin, speaking to the widget endpoints.
struct Browser {
    http: reqwest::Client,
    base: String,
    channel: String,
    origin: Option<String>,
    token: Option<String>,
}

struct Answer {
    status: StatusCode,
    allow_origin: Option<String>,
    body: Value,
}

impl Browser {
    fn new(app: &TestApp, channel: &str, origin: Option<&str>) -> Browser {
        Browser {
            http: reqwest::Client::new(),
            base: app.base.clone(),
            channel: channel.to_owned(),
            origin: origin.map(str::to_owned),
            token: None,
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<(&str, Vec<u8>)>) -> anyhow::Result<Answer> {
        let url = format!("{}/widget/v1/channels/{}{path}", self.base, self.channel);
        let mut request = self.http.request(method, url);
        if let Some(origin) = &self.origin {
            request = request.header("origin", origin);
        }
        if let Some(token) = &self.token {
            request = request.header("x-charla-visitor", token);
        }
        if let Some((content_type, bytes)) = body {
            request = request.header("content-type", content_type).body(bytes);
        }
        let response = request.send().await?;
        let status = response.status();
        let allow_origin =
            response.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let bytes = response.bytes().await?;
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        anyhow::ensure!(status.as_u16() < 500, "server error {status}: {body}");
        Ok(Answer { status, allow_origin, body })
    }

    async fn get(&self, path: &str) -> anyhow::Result<Answer> {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> anyhow::Result<Answer> {
        self.call(Method::POST, path, Some(("application/json", body.to_string().into_bytes()))).await
    }

    /// Fills the pre-chat form; keeps the token as the widget keeps it.
    async fn start(&mut self, name: &str) -> anyhow::Result<()> {
        let answer = self.post("/sessions", json!({"name": name, "email": "ana@cliente.example"})).await?;
        anyhow::ensure!(answer.status == StatusCode::CREATED, "{} {}", answer.status, answer.body);
        self.token = answer.body["token"].as_str().map(str::to_owned);
        Ok(())
    }

    async fn write(&self, text: &str) -> anyhow::Result<Value> {
        let answer = self.post("/messages", json!({"id": Uuid::now_v7(), "text": text})).await?;
        anyhow::ensure!(answer.status == StatusCode::CREATED, "{} {}", answer.status, answer.body);
        Ok(answer.body)
    }

    async fn thread(&self) -> anyhow::Result<Vec<Value>> {
        let answer = self.get("/messages").await?;
        anyhow::ensure!(answer.status == StatusCode::OK, "{} {}", answer.status, answer.body);
        Ok(answer.body["items"].as_array().cloned().unwrap_or_default())
    }

    async fn socket(&self, after: Option<&str>) -> anyhow::Result<Socket> {
        let url = format!("{}/widget/v1/channels/{}/stream", self.base.replace("http://", "ws://"), self.channel);
        let mut request = url.into_client_request()?;
        request.headers_mut().insert("origin", self.origin.clone().unwrap_or_default().parse()?);
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
        let hello = json!({"token": self.token, "after": after});
        socket.send(Message::Text(hello.to_string().into())).await?;
        let first = next_event(&mut socket, Duration::from_secs(5)).await?;
        anyhow::ensure!(first.as_ref().is_some_and(|h| h["kind"] == "hello"), "no hello: {first:?}");
        Ok(socket)
    }
}

async fn webchat_channel(desk: &Desk, origins: &[&str]) -> anyhow::Result<Value> {
    ok(desk
        .admin()
        .post(
            "/api/v1/channels",
            json!({
                "kind": "webchat",
                "name": "Tienda",
                "campaign_id": desk.campaign,
                "config": {
                    "allowed_origins": origins,
                    "pre_chat": {"name": "required", "email": "optional", "phone": "off"},
                    "title": "Habla con nosotros",
                    "color": "#0a7cff",
                },
            }),
        )
        .await)
    .await
}

/// A desk with one online agent and a web chat channel for the shop's site.
async fn shop(app: &TestApp) -> anyhow::Result<(Desk, String)> {
    let desk = desk(app, 1, "round_robin").await?;
    set_status(&desk.agent(0).client, "online").await?;
    let channel = webchat_channel(&desk, &[SHOP]).await?;
    Ok((desk, id(&channel)))
}

async fn wait_kind(socket: &mut Socket, kind: &str) -> anyhow::Result<Value> {
    for _ in 0..20 {
        match next_event(socket, Duration::from_secs(5)).await? {
            Some(event) if event["kind"] == kind => return Ok(event),
            Some(_) => {}
            None => break,
        }
    }
    anyhow::bail!("no {kind} on the visitor's socket")
}

both!(widget_visitor_and_agent_talk_both_ways, |app| async move {
    let (desk, channel) = shop(&app).await?;
    let view = ok(desk.admin().get(&format!("/api/v1/channels/{channel}")).await).await?;
    let snippet = view["snippet"].as_str().unwrap_or_default();
    assert!(snippet.contains("/widget/v1/charla.js") && snippet.contains(&channel), "{view}");
    assert_eq!(view["config"]["allowed_origins"], json!([SHOP]));
    assert_eq!(view["webhook_url"], Value::Null);
    let agent_view = ok(desk.agent(0).client.get(&format!("/api/v1/channels/{channel}")).await).await?;
    assert_eq!(agent_view.get("snippet"), None, "only administrators get the snippet");

    let mut visitor = Browser::new(&app, &channel, Some(SHOP));
    let config = visitor.get("/config").await?;
    assert_eq!(config.status, StatusCode::OK);
    assert_eq!(config.allow_origin.as_deref(), Some(SHOP));
    assert_eq!(config.body["title"], "Habla con nosotros");
    assert_eq!(config.body["pre_chat"], json!({"name": "required", "email": "optional", "phone": "off"}));
    for path in ["/config", "/sessions", "/messages", "/read", "/files", "/files/x"] {
        let preflight = visitor.call(Method::OPTIONS, path, None).await?;
        assert_eq!(preflight.status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(preflight.allow_origin.as_deref(), Some(SHOP), "{path}");
    }

    visitor.start("Ana").await?;
    let client_id = Uuid::now_v7();
    let first = visitor.post("/messages", json!({"id": client_id, "text": "Hola, ¿tienen talla M?"})).await?;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    // A retry after a lost answer stores nothing new and answers the same message.
    let again = visitor.post("/messages", json!({"id": client_id, "text": "Hola, ¿tienen talla M?"})).await?;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["id"], first.body["id"]);

    let agent = &desk.agent(0).client;
    let inbox = ok(agent.get(&format!("/api/v1/conversations?channel_id={channel}")).await).await?;
    let conversation = inbox["items"][0].clone();
    assert_eq!(inbox["items"].as_array().map(Vec::len), Some(1), "{inbox}");
    assert_eq!(conversation["contact"]["name"], "Ana");
    assert_eq!(conversation["contact"]["email"], "ana@cliente.example");
    let conversation = id(&conversation);
    let messages = ok(agent.get(&format!("/api/v1/conversations/{conversation}/messages")).await).await?;
    let inbound: Vec<_> =
        messages["items"].as_array().into_iter().flatten().filter(|m| m["direction"] == "inbound").collect();
    assert_eq!(inbound.len(), 1, "one message for two posts: {messages}");

    let mut socket = visitor.socket(first.body["id"].as_str()).await?;
    let typing = agent.post(&format!("/api/v1/conversations/{conversation}/typing"), json!({})).await?;
    assert_eq!(typing.status, StatusCode::NO_CONTENT, "{}", typing.body);
    wait_kind(&mut socket, "typing").await?;
    ok(agent.post(&format!("/api/v1/conversations/{conversation}/read"), json!({})).await).await?;
    wait_kind(&mut socket, "read").await?;
    let note = json!({"text": "cliente frecuente", "private": true});
    ok(agent.post(&format!("/api/v1/conversations/{conversation}/messages"), note).await).await?;
    let reply =
        ok(agent.post(&format!("/api/v1/conversations/{conversation}/messages"), json!({"text": "Sí, la hay"})).await)
            .await?;
    let pushed = wait_kind(&mut socket, "message").await?;
    assert_eq!(pushed["message"]["text"], "Sí, la hay", "the note never reaches the visitor: {pushed}");
    assert_eq!(pushed["message"]["direction"], "outbound");
    app.run_pending_jobs().await?;

    let thread = visitor.thread().await?;
    let texts: Vec<_> = thread.iter().map(|m| m["text"].as_str().unwrap_or_default()).collect();
    assert_eq!(texts, ["Hola, ¿tienen talla M?", "Sí, la hay"]);
    assert_eq!(thread[1]["status"], "delivered");
    assert_eq!(thread[1].get("payload"), None);

    // A reconnect with the last message it had gets only what came after.
    drop(socket);
    let mut resumed = visitor.socket(first.body["id"].as_str()).await?;
    let missed = wait_kind(&mut resumed, "message").await?;
    assert_eq!(missed["message"]["text"], "Sí, la hay");

    let read = visitor.post("/read", json!({})).await?;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    let after = ok(agent.get(&format!("/api/v1/conversations/{conversation}/messages")).await).await?;
    let replied = after["items"].as_array().into_iter().flatten().find(|m| m["id"] == reply["id"]).cloned();
    assert_eq!(replied.map(|m| m["status"].clone()), Some(json!("read")));
    Ok(())
});

both!(widget_visitors_never_reach_each_other, |app| async move {
    let (desk, channel) = shop(&app).await?;
    let mut ana = Browser::new(&app, &channel, Some(SHOP));
    ana.start("Ana").await?;
    ana.write("mi pedido 123").await?;
    let photo = ana
        .call(
            Method::POST,
            &format!("/files?id={}&name=foto.png", Uuid::now_v7()),
            Some(("image/png", b"\x89PNG\r\n\x1a\nfoto".to_vec())),
        )
        .await?;
    assert_eq!(photo.status, StatusCode::CREATED, "{}", photo.body);
    assert_eq!(photo.body["kind"], "image");
    let url = photo.body["attachment"]["url"].as_str().unwrap_or_default().to_owned();
    let file_path = url.trim_start_matches(&format!("/widget/v1/channels/{channel}"));
    assert_eq!(ana.get(file_path).await?.status, StatusCode::OK);

    let mut bruno = Browser::new(&app, &channel, Some(SHOP));
    bruno.start("Bruno").await?;
    assert!(bruno.thread().await?.is_empty(), "Bruno sees none of Ana's messages");
    assert_eq!(bruno.get(file_path).await?.status, StatusCode::NOT_FOUND);
    bruno.write("hola").await?;
    assert_eq!(bruno.thread().await?.len(), 1);
    assert_eq!(ana.thread().await?.len(), 2);
    let inbox = ok(desk.agent(0).client.get(&format!("/api/v1/conversations?channel_id={channel}")).await).await?;
    assert_eq!(inbox["items"].as_array().map(Vec::len), Some(2), "two visitors, two conversations");

    // Ana's token means nothing on another channel, and a made-up one nothing anywhere.
    let other = id(&webchat_channel(&desk, &[SHOP]).await?);
    let mut stolen = Browser::new(&app, &other, Some(SHOP));
    stolen.token = ana.token.clone();
    assert_eq!(stolen.get("/messages").await?.status, StatusCode::UNAUTHORIZED);
    let mut nobody = Browser::new(&app, &channel, Some(SHOP));
    assert_eq!(nobody.get("/messages").await?.status, StatusCode::UNAUTHORIZED);
    nobody.token = Some("not-a-token".to_owned());
    assert_eq!(nobody.get("/messages").await?.status, StatusCode::UNAUTHORIZED);
    let answer = nobody.post("/messages", json!({"id": Uuid::now_v7(), "text": "hola"})).await?;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.body["code"], "unauthorized");
    Ok(())
});

both!(widget_refuses_origins_the_channel_does_not_list, |app| async move {
    let (desk, channel) = shop(&app).await?;
    let mut visitor = Browser::new(&app, &channel, Some(SHOP));
    visitor.start("Ana").await?;
    for origin in [Some("https://evil.example"), Some("http://shop.example"), Some("https://shop.example:8443"), None] {
        let mut elsewhere = Browser::new(&app, &channel, origin);
        elsewhere.token = visitor.token.clone();
        for answer in [
            elsewhere.get("/config").await?,
            elsewhere.get("/messages").await?,
            elsewhere.call(Method::OPTIONS, "/sessions", None).await?,
            elsewhere.post("/sessions", json!({"name": "Eve"})).await?,
        ] {
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{origin:?}: {}", answer.body);
            assert_eq!(answer.body["code"], "origin_not_allowed");
            assert_eq!(answer.allow_origin, None, "no CORS headers for {origin:?}");
        }
    }
    // Not a web chat channel, no channel, another kind, an archived one: not found.
    for missing in [Uuid::now_v7().to_string(), "nope".to_owned(), desk.channel.clone()] {
        let stranger = Browser::new(&app, &missing, Some(SHOP));
        assert_eq!(stranger.get("/config").await?.status, StatusCode::NOT_FOUND);
    }
    ok(desk.admin().patch(&format!("/api/v1/channels/{channel}"), json!({"archived": true})).await).await?;
    assert_eq!(visitor.get("/config").await?.status, StatusCode::NOT_FOUND);
    Ok(())
});

both!(widget_limits_new_visitors_per_ip, settings = |s| s.widget_sessions_ip_per_minute = 2, |app| async move {
    let (_desk, channel) = shop(&app).await?;
    let visitor = Browser::new(&app, &channel, Some(SHOP));
    for _ in 0..2 {
        assert_eq!(visitor.post("/sessions", json!({"name": "Ana"})).await?.status, StatusCode::CREATED);
    }
    let limited = visitor.post("/sessions", json!({"name": "Ana"})).await?;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.allow_origin.as_deref(), Some(SHOP), "the widget can read why");
    Ok(())
});

both!(widget_bad_input_gets_clear_4xx, |app| async move {
    let (desk, channel) = shop(&app).await?;
    let mut visitor = Browser::new(&app, &channel, Some(SHOP));
    let field_codes = |a: &Answer| -> Vec<(String, String)> {
        a.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| (e["field"].as_str().unwrap_or("").to_owned(), e["code"].as_str().unwrap_or("").to_owned()))
            .collect()
    };
    let no_name = visitor.post("/sessions", json!({"email": "ana@x.example"})).await?;
    assert_eq!(no_name.status, StatusCode::BAD_REQUEST);
    assert_eq!(field_codes(&no_name), [("name".to_owned(), "required".to_owned())]);
    let asked_not = visitor.post("/sessions", json!({"name": "Ana", "phone": "+573001112233", "email": "x"})).await?;
    assert_eq!(field_codes(&asked_not).len(), 2, "{}", asked_not.body);
    let long = visitor.post("/sessions", json!({"name": "a".repeat(500)})).await?;
    assert_eq!(field_codes(&long), [("name".to_owned(), "too_long".to_owned())]);
    assert_eq!(visitor.post("/sessions", json!({"name": "Ana", "admin": true})).await?.body["code"], "unknown_field");
    let broken = visitor.call(Method::POST, "/sessions", Some(("application/json", b"{\"name\":".to_vec()))).await?;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    let not_json = visitor.call(Method::POST, "/sessions", Some(("text/plain", b"name=Ana".to_vec()))).await?;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    visitor.start("Ana").await?;
    for (body, code) in [
        (json!({"id": Uuid::now_v7()}), "validation_failed"),
        (json!({"id": Uuid::now_v7(), "text": "   "}), "validation_failed"),
        (json!({"id": Uuid::now_v7(), "text": "x".repeat(5000)}), "validation_failed"),
        (json!({"id": "not-a-uuid", "text": "hola"}), "malformed_json"),
        (json!({"text": "hola"}), "malformed_json"),
    ] {
        let answer = visitor.post("/messages", body.clone()).await?;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}: {}", answer.body);
        assert_eq!(answer.body["code"], code, "{body}");
    }
    let page = visitor
        .call(
            Method::POST,
            &format!("/files?id={}&name=a.html", Uuid::now_v7()),
            Some(("text/html", b"<script>".to_vec())),
        )
        .await?;
    assert_eq!(field_codes(&page), [("content_type".to_owned(), "unsupported_attachment".to_owned())]);
    let empty = visitor
        .call(Method::POST, &format!("/files?id={}&name=a.png", Uuid::now_v7()), Some(("image/png", Vec::new())))
        .await?;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let no_id = visitor.call(Method::POST, "/files?name=a.png", Some(("image/png", b"png".to_vec()))).await?;
    assert_eq!(no_id.body["code"], "invalid_query");
    assert_eq!(visitor.get("/messages?after=zzz").await?.status, StatusCode::BAD_REQUEST);
    assert_eq!(visitor.get(&format!("/files/{}", Uuid::now_v7())).await?.status, StatusCode::NOT_FOUND);
    assert_eq!(visitor.get("/files/nope").await?.status, StatusCode::NOT_FOUND);
    assert!(visitor.thread().await?.is_empty(), "nothing half-stored");

    // The channel's own settings are checked field by field when it is created.
    for (config, field) in [
        (json!({"allowed_origins": ["shop.example"]}), "config.allowed_origins.0"),
        (json!({"allowed_origins": [SHOP], "pre_chat": {"name": "sometimes"}}), "config.pre_chat.name"),
        (json!({"allowed_origins": [SHOP], "color": "blue"}), "config.color"),
        (json!({"allowed_origins": [SHOP], "token": "x"}), "config"),
    ] {
        let answer = desk
            .admin()
            .post(
                "/api/v1/channels",
                json!({"kind": "webchat", "name": "W", "campaign_id": desk.campaign, "config": config}),
            )
            .await?;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
        assert_eq!(answer.body["errors"][0]["field"], field);
    }
    Ok(())
});

both!(widget_script_is_served_for_any_site, |app| async move {
    let response = reqwest::get(format!("{}/widget/v1/charla.js", app.base)).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(header("content-type").contains("javascript"), "{}", header("content-type"));
    assert_eq!(header("cache-control"), "public, max-age=3600", "an hour: sites never change the URL");
    Ok(())
});

both!(widget_origins_can_change_after_creation, |app| async move {
    let (desk, channel) = shop(&app).await?;
    let moved = "https://new-shop.example";
    let patched = desk
        .admin()
        .patch(
            &format!("/api/v1/channels/{channel}"),
            json!({"config": {"allowed_origins": [moved], "title": "Nueva"}}),
        )
        .await?;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.body["config"]["allowed_origins"], json!([moved]));
    assert_eq!(Browser::new(&app, &channel, Some(SHOP)).get("/config").await?.status, StatusCode::FORBIDDEN);
    let config = Browser::new(&app, &channel, Some(moved)).get("/config").await?;
    assert_eq!(config.body["title"], "Nueva");
    let bad = desk
        .admin()
        .patch(&format!("/api/v1/channels/{channel}"), json!({"config": {"allowed_origins": ["nope"]}}))
        .await?;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    // A network's credentials are not edited this way.
    let simulator = desk.admin().patch(&format!("/api/v1/channels/{}", desk.channel), json!({"config": {}})).await?;
    assert_eq!(simulator.status, StatusCode::BAD_REQUEST);
    assert_eq!(simulator.body["errors"][0]["code"], "not_editable");
    Ok(())
});
