//! Finding 8d: the widget's socket, open to anyone before the hello, takes small frames
//! only and waits a few seconds for the visitor's hello.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::visitor::{SHOP, Visitor, shop};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn open(visitor: &Visitor) -> anyhow::Result<Socket> {
    let mut request = visitor.stream_url().into_client_request()?;
    request.headers_mut().insert("origin", SHOP.parse()?);
    let (socket, _) = tokio_tungstenite::connect_async(request).await?;
    Ok(socket)
}

/// The next text frame, or `None` once the server closed (or went quiet for `wait`).
async fn next_text(socket: &mut Socket, wait: Duration) -> Option<Value> {
    loop {
        match tokio::time::timeout(wait, socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => return serde_json::from_str(&text).ok(),
            Ok(Some(Ok(Message::Close(_)) | Err(_)) | None) | Err(_) => return None,
            Ok(Some(Ok(_))) => {}
        }
    }
}

both!(the_widget_socket_refuses_a_huge_hello, |app| async move {
    let (_desk, channel) = shop(&app).await?;
    let ana = Visitor::arrive(&app, &channel, "Ana").await?;
    // A valid hello, padded with JSON whitespace to 64 KiB: only its size is wrong.
    let hello = format!("{{\"token\": \"{}\"{}}}", ana.token, " ".repeat(64 * 1024));
    let mut socket = open(&ana).await?;
    let _ = socket.send(Message::Text(hello.into())).await;
    let answer = next_text(&mut socket, Duration::from_secs(5)).await;
    assert!(answer.as_ref().is_none_or(|a| a["kind"] != "hello"), "a 64 KiB frame was taken: {answer:?}");
    // A hello of ordinary size still works.
    let mut socket = open(&ana).await?;
    socket.send(Message::Text(json!({"token": ana.token}).to_string().into())).await?;
    let answer = next_text(&mut socket, Duration::from_secs(5)).await;
    assert_eq!(answer.as_ref().map(|a| a["kind"].clone()), Some(json!("hello")), "{answer:?}");
    Ok(())
});

both!(the_widget_socket_waits_a_few_seconds_for_the_hello, |app| async move {
    let (_desk, channel) = shop(&app).await?;
    let ana = Visitor::arrive(&app, &channel, "Ana").await?;
    let mut socket = open(&ana).await?;
    let started = std::time::Instant::now();
    // Silent: the server gives up on its own, well before the old 10 s.
    let mut closed = false;
    while started.elapsed() < Duration::from_secs(8) {
        match tokio::time::timeout(Duration::from_secs(8), socket.next()).await {
            Ok(Some(Ok(
                Message::Text(_) | Message::Ping(_) | Message::Pong(_) | Message::Binary(_) | Message::Frame(_),
            ))) => {}
            Ok(Some(Ok(Message::Close(_)) | Err(_)) | None) => {
                closed = true;
                break;
            }
            Err(_) => break,
        }
    }
    assert!(closed, "the socket stayed open {:?} without a hello", started.elapsed());
    assert!(started.elapsed() <= Duration::from_secs(7), "closed only after {:?}", started.elapsed());
    Ok(())
});
