//! An agent's realtime socket as the web app opens it: logged in by `POST /api/v1/session`,
//! then `GET /api/v1/realtime` upgraded to a WebSocket with the session cookie and the
//! page's own `Origin`. A reader task reports each marked message it receives.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use futures_util::StreamExt;
use reqwest::header::SET_COOKIE;
use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// What an agent's browser holds after logging in: the cookies it sends with every request
/// and the upgrade, and the CSRF token it echoes on writes.
#[derive(Clone)]
pub struct Browser {
    cookies: String,
    csrf: String,
}

/// Logs `email` in and keeps the cookies the answer set and its CSRF token.
pub async fn login(http: &reqwest::Client, base: &str, email: &str, password: &str) -> anyhow::Result<Browser> {
    let response = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .with_context(|| format!("login of {email}"))?;
    ensure!(response.status().is_success(), "login of {email}: {}", response.status());
    let pairs: Vec<String> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .map(str::to_owned)
        .collect();
    ensure!(pairs.iter().any(|p| p.starts_with("charla_session=")), "login of {email} set no session cookie");
    let body: Value = response.json().await?;
    let csrf = body.get("csrf_token").and_then(Value::as_str).context("login answered no CSRF token")?.to_owned();
    Ok(Browser { cookies: pairs.join("; "), csrf })
}

impl Browser {
    /// `PUT` a JSON body as this browser; fails unless the answer is a success.
    pub async fn put(&self, http: &reqwest::Client, base: &str, path: &str, body: Value) -> anyhow::Result<()> {
        let response = http
            .put(format!("{base}{path}"))
            .header("cookie", &self.cookies)
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await?;
        ensure!(response.status().is_success(), "PUT {path}: {}", response.status());
        Ok(())
    }
}

/// A message event a socket received: the message's text, and when it arrived.
pub struct Arrival {
    pub socket: usize,
    pub text: String,
    pub at: Instant,
}

/// Opens the socket on `base` (`http://host:port`) and waits for its `hello`; then a task
/// forwards every `message.created` whose text starts with `marker` until the socket ends.
pub async fn open(
    base: &str,
    browser: &Browser,
    socket: usize,
    marker: &'static str,
    arrivals: UnboundedSender<Arrival>,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let url = format!("{}/api/v1/realtime", base.replace("http://", "ws://"));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", browser.cookies.parse()?);
    request.headers_mut().insert("origin", base.parse()?);
    let (mut stream, _) = tokio_tungstenite::connect_async(request).await.context("opening the realtime socket")?;
    let hello = tokio::time::timeout(Duration::from_secs(30), stream.next()).await.context("no hello in 30 s")?;
    match hello {
        Some(Ok(Message::Text(text))) if text.contains("\"hello\"") => {}
        other => bail!("the socket's first frame was not a hello: {other:?}"),
    }
    Ok(tokio::spawn(async move {
        while let Some(Ok(frame)) = stream.next().await {
            let Message::Text(text) = frame else { continue };
            let at = Instant::now();
            if let Some(text) = marked_message(&text, marker) {
                let _ = arrivals.send(Arrival { socket, text, at });
            }
        }
    }))
}

/// A marked message event a following socket received, with the event's id.
pub struct Received {
    pub socket: usize,
    pub event_id: i64,
    pub text: String,
}

/// What a following socket went through besides its events.
#[derive(Default)]
pub struct Interruptions {
    /// Times the socket ended and was opened again.
    pub reconnects: AtomicUsize,
    /// `reload` frames: the server could not replay what the socket missed.
    pub reloads: AtomicUsize,
}

/// Keeps agent `socket`'s realtime socket open as the web app does until `stop`: when it
/// ends it opens again with `last_event_id`, so the server replays what was missed.
pub async fn follow(
    base: String,
    browser: Browser,
    socket: usize,
    marker: &'static str,
    received: UnboundedSender<Received>,
    stop: Arc<AtomicBool>,
    interruptions: Arc<Interruptions>,
) {
    let mut last: Option<i64> = None;
    while !stop.load(Ordering::Relaxed) {
        let query = last.map(|id| format!("?last_event_id={id}")).unwrap_or_default();
        let url = format!("{}/api/v1/realtime{query}", base.replace("http://", "ws://"));
        let Ok(mut request) = url.into_client_request() else { return };
        if let (Ok(cookie), Ok(origin)) = (browser.cookies.parse(), base.parse()) {
            request.headers_mut().insert("cookie", cookie);
            request.headers_mut().insert("origin", origin);
        }
        if let Ok((mut stream, _)) = tokio_tungstenite::connect_async(request).await {
            loop {
                let frame = match tokio::time::timeout(FOLLOW_CHECK, stream.next()).await {
                    Err(_) if stop.load(Ordering::Relaxed) => return,
                    Err(_) => continue,
                    Ok(Some(Ok(frame))) => frame,
                    // Closed (the node stopped or died) or broken: open again.
                    Ok(_) => break,
                };
                let Message::Text(text) = frame else { continue };
                let Ok(event) = serde_json::from_str::<Value>(&text) else { continue };
                if event.get("kind").and_then(Value::as_str) == Some("reload") {
                    interruptions.reloads.fetch_add(1, Ordering::Relaxed);
                }
                let Some(id) = event.get("id").and_then(Value::as_i64) else { continue };
                // The server sends in commit order: resume after the last one received.
                last = Some(id);
                if let Some(text) = marked_message(&text, marker) {
                    let _ = received.send(Received { socket, event_id: id, text });
                }
            }
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
        interruptions.reconnects.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How often a following socket with nothing to read checks whether it should stop.
const FOLLOW_CHECK: Duration = Duration::from_millis(500);

/// The text of a `message.created` event's message when it starts with `marker`.
fn marked_message(frame: &str, marker: &str) -> Option<String> {
    // Most frames are other events: skip them before parsing.
    if !frame.contains(marker) {
        return None;
    }
    let event: Value = serde_json::from_str(frame).ok()?;
    if event.get("kind")?.as_str()? != "message.created" {
        return None;
    }
    let text = event.pointer("/payload/message/text")?.as_str()?;
    text.starts_with(marker).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_marked_messages_only() {
        let event =
            |kind: &str, text: &str| json!({"id": 1, "kind": kind, "payload": {"message": {"text": text}}}).to_string();
        assert_eq!(marked_message(&event("message.created", "rt-1-7"), "rt-"), Some("rt-1-7".to_owned()));
        assert_eq!(marked_message(&event("message.updated", "rt-1-7"), "rt-"), None);
        assert_eq!(marked_message(&event("message.created", "hola"), "rt-"), None);
        assert_eq!(marked_message("{not json rt-", "rt-"), None);
    }
}
