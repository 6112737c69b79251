//! The realtime WebSocket: delivery, resume by last event id, and tenant isolation.

use std::time::Duration;

use charla_domain::access::BuiltinProfile;
use charla_testkit::{TestApp, TestClient};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(app: &TestApp, client: &TestClient, last: Option<i64>) -> anyhow::Result<Socket> {
    let query = last.map(|id| format!("?last_event_id={id}")).unwrap_or_default();
    let url = format!("{}/api/v1/realtime{query}", app.base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", client.cookie_header().unwrap_or_default().parse()?);
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    Ok(socket)
}

/// The next JSON message, or None when nothing arrives within the wait.
async fn next_message(socket: &mut Socket, wait: Duration) -> anyhow::Result<Option<Value>> {
    loop {
        match tokio::time::timeout(wait, socket.next()).await {
            Err(_) | Ok(None) => return Ok(None),
            Ok(Some(message)) => {
                if let Message::Text(text) = message? {
                    return Ok(Some(serde_json::from_str(&text)?));
                }
            }
        }
    }
}

async fn set_status(client: &TestClient, status: &str) -> anyhow::Result<()> {
    let reply = client.put("/api/v1/me/status", json!({"status": status})).await?;
    anyhow::ensure!(reply.status.is_success(), "{}", reply.body);
    Ok(())
}

both!(reconnecting_clients_get_exactly_what_they_missed, |app| async move {
    let org = app.org("Acme").await?;
    let (agent_id, agent) = app.member(&org, BuiltinProfile::Agent).await?;
    let other = app.org("Other").await?;

    let mut supervisor_socket = connect(&app, &org.admin, None).await?;
    let mut stranger = connect(&app, &other.admin, None).await?;
    let hello = next_message(&mut supervisor_socket, Duration::from_secs(5)).await?.expect("hello");
    assert_eq!(hello["kind"], "hello");
    assert_eq!(next_message(&mut stranger, Duration::from_secs(5)).await?.unwrap()["kind"], "hello");

    // Live delivery.
    set_status(&agent, "online").await?;
    let live = next_message(&mut supervisor_socket, Duration::from_secs(5)).await?.expect("a live event");
    assert_eq!(live["kind"], "user.status_changed");
    assert_eq!(live["payload"]["user_id"], agent_id.to_string());
    assert_eq!(live["payload"]["status"], "online");
    let last_seen = live["id"].as_i64().unwrap();

    // Disconnect; events happen meanwhile.
    drop(supervisor_socket);
    for status in ["invisible", "offline", "online"] {
        set_status(&agent, status).await?;
    }
    let mut resumed = connect(&app, &org.admin, Some(last_seen)).await?;
    assert_eq!(next_message(&mut resumed, Duration::from_secs(5)).await?.unwrap()["kind"], "hello");
    let mut missed = Vec::new();
    while let Some(event) = next_message(&mut resumed, Duration::from_millis(700)).await? {
        missed.push(event);
    }
    let statuses: Vec<&str> = missed.iter().map(|e| e["payload"]["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["invisible", "offline", "online"], "exactly the missed events, in order");
    let ids: Vec<i64> = missed.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids[0] > last_seen);

    // The other organization's user received nothing at all.
    assert_eq!(next_message(&mut stranger, Duration::from_millis(300)).await?, None);
    Ok(())
});

both!(agents_see_only_their_own_status_events, |app| async move {
    let org = app.org("Acme").await?;
    let (_, first) = app.member(&org, BuiltinProfile::Agent).await?;
    let (_, second) = app.member(&org, BuiltinProfile::Agent).await?;
    let mut socket = connect(&app, &first, None).await?;
    assert_eq!(next_message(&mut socket, Duration::from_secs(5)).await?.unwrap()["kind"], "hello");
    set_status(&second, "online").await?;
    set_status(&first, "online").await?;
    let event = next_message(&mut socket, Duration::from_secs(5)).await?.expect("own event");
    assert_eq!(event["payload"]["status"], "online");
    assert_eq!(next_message(&mut socket, Duration::from_millis(300)).await?, None, "nothing about the colleague");
    Ok(())
});

both!(unauthenticated_sockets_are_refused, |app| async move {
    let url = format!("{}/api/v1/realtime", app.base.replace("http://", "ws://"));
    let refused = tokio_tungstenite::connect_async(url).await;
    assert!(refused.is_err());
    Ok(())
});

both!(a_client_too_far_behind_is_told_to_reload, |app| async move {
    let org = app.org("Acme").await?;
    // An id the server no longer has (purged, or never existed for this organization).
    let mut socket = connect(&app, &org.admin, Some(987_654_321)).await?;
    assert_eq!(next_message(&mut socket, Duration::from_secs(5)).await?.unwrap()["kind"], "reload");
    assert_eq!(next_message(&mut socket, Duration::from_secs(5)).await?.unwrap()["kind"], "hello");
    Ok(())
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_postgres_deliver_across_nodes() {
    let first = TestApp::spawn(charla_testkit::Backend::Postgres).await.unwrap();
    let shared = first.state.settings.database_url.clone();
    let second = TestApp::spawn_with(charla_testkit::Backend::Postgres, |s| s.database_url = shared).await.unwrap();
    let org = first.org("Acme").await.unwrap();
    let (agent_id, agent) = first.member(&org, BuiltinProfile::Agent).await.unwrap();
    // The supervisor's socket is on the second node; the change happens on the first.
    let mut socket = connect(&second, &org.admin, None).await.unwrap();
    assert_eq!(next_message(&mut socket, Duration::from_secs(5)).await.unwrap().unwrap()["kind"], "hello");
    set_status(&agent, "online").await.unwrap();
    let event = next_message(&mut socket, Duration::from_secs(5)).await.unwrap().expect("delivered across nodes");
    assert_eq!(event["payload"]["user_id"], agent_id.to_string());
}
