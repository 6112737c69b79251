//! `GET /widget/v1/channels/{id}/stream`: the visitor's realtime WebSocket. A browser
//! cannot put headers on a WebSocket, so the widget's first frame carries its token and
//! the last message it has (`{"token", "after"}`); the socket answers `hello`, what came
//! after that message, then live: agents' messages, `typing`, and `read` once the agents
//! have read everything the visitor wrote. A reconnect with `after` misses nothing.

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Extension, State};
use axum::response::Response;
use charla_db::repo::events::EventRow;
use charla_db::repo::messages;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use super::cors::Embed;
use crate::services::conversations::events::{CONVERSATION_UPDATED, MESSAGE_CREATED};
use crate::services::conversations::typing::CONVERSATION_TYPING;
use crate::services::webchat::{self, Visitor};
use crate::state::AppState;

/// How long the widget has to send its token once connected (anyone may open the socket).
const HELLO_WAIT: Duration = Duration::from_secs(5);
/// The largest frame or message a visitor's socket takes: the widget only ever sends its
/// small hello; the library's default would be 64 MiB.
const FRAME_LIMIT: usize = 16 * 1024;
const PAGE: i64 = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Hello {
    token: String,
    after: Option<Uuid>,
}

pub async fn connect(
    State(state): State<AppState>,
    Extension(embed): Extension<Embed>,
    upgrade: WebSocketUpgrade,
) -> Response {
    // A visitor only sends its hello: a small read buffer (allocated up front) keeps many
    // idle visitors cheap; the library's default is 128 KiB.
    upgrade.read_buffer_size(4 * 1024).max_frame_size(FRAME_LIMIT).max_message_size(FRAME_LIMIT).on_upgrade(
        move |socket| async move {
            if let Err(err) = serve(state, embed, socket).await {
                tracing::debug!(error = ?err, "widget socket closed");
            }
        },
    )
}

fn text(value: Value) -> Message {
    Message::Text(value.to_string().into())
}

async fn serve(state: AppState, embed: Embed, socket: WebSocket) -> anyhow::Result<()> {
    // Subscribe before replaying, so nothing committed in between is missed.
    let mut live = state.hub.subscribe();
    let (mut sink, mut stream) = socket.split();
    let hello = match tokio::time::timeout(HELLO_WAIT, stream.next()).await {
        Ok(Some(Ok(Message::Text(raw)))) => serde_json::from_str::<Hello>(&raw).ok(),
        _ => None,
    };
    let Some(hello) = hello else {
        sink.send(text(json!({ "kind": "error", "code": "malformed_hello" }))).await?;
        return Ok(());
    };
    let visitor = match webchat::visitor(&state, embed.org, &embed.channel, Some(&hello.token)).await {
        Ok(v) => v,
        Err(err) => {
            sink.send(text(json!({ "kind": "error", "code": err.code() }))).await?;
            return Ok(());
        }
    };
    sink.send(text(json!({ "kind": "hello" }))).await?;
    let mut cursor = replay(&state, &embed, &visitor, hello.after, &mut sink).await?;
    let mut read = None;
    loop {
        tokio::select! {
            received = live.recv() => match received {
                Ok(event) if event.organization_id == embed.org => {
                    for out in relay(&state, &embed, &visitor, &event, &mut read).await? {
                        if let Some(id) = out.pointer("/message/id").and_then(Value::as_str).and_then(|s| Uuid::try_parse(s).ok()) {
                            cursor = cursor.max(Some(id));
                        }
                        sink.send(text(out)).await?;
                    }
                }
                Ok(_) => {}
                // Fell behind the hub: the table has everything after the cursor.
                Err(RecvError::Lagged(_)) => cursor = replay(&state, &embed, &visitor, cursor, &mut sink).await?,
                Err(RecvError::Closed) => return Ok(()),
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Close(_))) | None => return Ok(()),
                Some(Ok(_)) => {}
                Some(Err(err)) => return Err(err.into()),
            },
        }
    }
}

/// Sends the visitor's messages after `after`; answers the last one sent.
async fn replay<S>(
    state: &AppState,
    embed: &Embed,
    visitor: &Visitor,
    mut after: Option<Uuid>,
    sink: &mut S,
) -> anyhow::Result<Option<Uuid>>
where
    S: SinkExt<Message> + Unpin,
    S::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        let rows = webchat::thread(state, embed.org, &embed.channel, visitor, after, PAGE).await?;
        let full = rows.len() as i64 == PAGE;
        for m in &rows {
            after = Some(m.id);
            sink.send(text(json!({ "kind": "message", "message": webchat::message_view(embed.channel.id, m) })))
                .await?;
        }
        if !full {
            return Ok(after);
        }
    }
}

/// Whether an event's payload names this visitor on this channel, at these places.
fn concerns(payload: &Value, (contact, channel): (&str, &str), embed: &Embed, visitor: &Visitor) -> bool {
    let id = |p: &str| payload.pointer(p).and_then(Value::as_str).and_then(|s| Uuid::try_parse(s).ok());
    id(contact) == Some(visitor.contact.id) && id(channel) == Some(embed.channel.id)
}

/// What one of the organization's events tells this visitor, if anything. Messages are
/// read again from the table, so a note or another contact's message never slips through.
async fn relay(
    state: &AppState,
    embed: &Embed,
    visitor: &Visitor,
    event: &EventRow,
    read: &mut Option<bool>,
) -> anyhow::Result<Vec<Value>> {
    let payload = &event.payload.0;
    let mut out = Vec::new();
    match event.kind.as_str() {
        MESSAGE_CREATED if concerns(payload, ("/message/contact_id", "/message/channel_id"), embed, visitor) => {
            let id = payload.pointer("/message/id").and_then(Value::as_str).and_then(|s| Uuid::try_parse(s).ok());
            if let Some(id) = id
                && let Some(m) = messages::get(&state.db, embed.org, id).await?
                && m.contact_id == visitor.contact.id
                && m.channel_id == embed.channel.id
                && matches!(m.direction.as_str(), "inbound" | "outbound")
            {
                out.push(json!({ "kind": "message", "message": webchat::message_view(embed.channel.id, &m) }));
            }
        }
        CONVERSATION_TYPING if concerns(payload, ("/contact_id", "/channel_id"), embed, visitor) => {
            out.push(json!({ "kind": "typing" }));
        }
        CONVERSATION_UPDATED
            if concerns(payload, ("/conversation/contact/id", "/conversation/channel_id"), embed, visitor) =>
        {
            // Read means: the agents have read all the visitor wrote; told when it becomes so.
            let all_read = payload.pointer("/conversation/unread_count").and_then(Value::as_i64) == Some(0);
            if all_read && *read != Some(true) {
                out.push(json!({ "kind": "read" }));
            }
            *read = Some(all_read);
        }
        _ => {}
    }
    Ok(out)
}
