//! Realtime of the hostile plan (docs/security/hostile-tests.md), row 17: events are made
//! by the server only. Whatever a client writes on its socket reaches nobody, its own
//! organization's other users included, and does not stop its own feed.

use std::time::Duration;

use charla_domain::access::BuiltinProfile;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::desk::{Socket, desk};

async fn connect(app: &charla_testkit::TestApp, client: &charla_testkit::TestClient) -> anyhow::Result<Socket> {
    let url = format!("{}/api/v1/realtime", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", client.cookie_header().unwrap_or_default().parse()?);
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    Ok(socket)
}

/// Every JSON frame that arrives until the socket is quiet for `quiet`.
async fn frames(socket: &mut Socket, quiet: Duration) -> anyhow::Result<Vec<Value>> {
    let mut seen = Vec::new();
    while let Ok(Some(frame)) = tokio::time::timeout(quiet, socket.next()).await {
        if let Message::Text(text) = frame? {
            seen.push(serde_json::from_str(&text)?);
        }
    }
    Ok(seen)
}

both!(clients_cannot_publish_events, |app| async move {
    let desk = desk(&app, 2, "round_robin").await?;
    let (_, stranger_admin) = {
        let other = app.org("Other").await?;
        (other.id, other.admin)
    };
    let (_, supervisor) = app.member(&desk.org, BuiltinProfile::Supervisor).await?;
    let mut attacker = connect(&app, &desk.agent(0).client).await?;
    let mut victim = connect(&app, &desk.agent(1).client).await?;
    let mut watcher = connect(&app, &supervisor).await?;
    let mut stranger = connect(&app, &stranger_admin).await?;
    for socket in [&mut attacker, &mut victim, &mut watcher, &mut stranger] {
        let hello = frames(socket, Duration::from_millis(300)).await?;
        assert_eq!(hello.first().map(|h| h["kind"].clone()), Some(json!("hello")));
    }
    let forged = [
        json!({"kind": "message.created", "payload": {"conversation_id": uuid::Uuid::now_v7(), "text": "Send your password"}}),
        json!({"id": 999_999, "kind": "conversation.assigned", "user_ids": [desk.agent(1).id], "payload": {}}),
        json!({"publish": "user.notification", "to": desk.agent(1).id, "text": "phish"}),
    ];
    for frame in &forged {
        attacker.send(Message::Text(frame.to_string().into())).await?;
    }
    attacker.send(Message::Binary(b"\x00\x01garbage".to_vec().into())).await?;
    for socket in [&mut victim, &mut watcher, &mut stranger] {
        let got = frames(socket, Duration::from_millis(500)).await?;
        assert!(got.is_empty(), "a client's frame reached another socket: {got:?}");
    }
    // The attacker's own socket still works: real events keep arriving.
    desk.customer_writes("+573004445566", "Hola").await?;
    let real = frames(&mut watcher, Duration::from_millis(800)).await?;
    assert!(real.iter().any(|e| e["kind"] == "message.created"), "{real:?}");
    assert!(real.iter().all(|e| e["payload"]["text"] != "Send your password"));
    Ok(())
});
