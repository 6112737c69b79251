//! `GET /api/v1/realtime?last_event_id=`: one WebSocket per tab, resumable.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use charla_db::repo::events::{self, Cursor, EventRow};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::hub::may_see;
use crate::api::extract::ApiQuery;
use crate::auth::Caller;
use crate::auth::caller::still_valid;
use crate::error::ApiResult;
use crate::state::AppState;

/// A client further behind than this is told to reload instead of replaying.
const MAX_REPLAY: usize = 5000;
const PAGE: i64 = 500;
/// How often an open socket checks that its session or token still stands.
const RECHECK: std::time::Duration = std::time::Duration::from_secs(30);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RealtimeQuery {
    last_event_id: Option<i64>,
}

pub async fn connect(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<RealtimeQuery>,
    upgrade: WebSocketUpgrade,
) -> ApiResult<Response> {
    Ok(upgrade.on_upgrade(move |socket| async move {
        metrics::gauge!("charla_realtime_connections").increment(1.0);
        if let Err(err) = serve(state, caller, query.last_event_id, socket).await {
            tracing::debug!(error = ?err, "realtime socket closed");
        }
        metrics::gauge!("charla_realtime_connections").decrement(1.0);
    }))
}

async fn serve(state: AppState, caller: Caller, last_event_id: Option<i64>, socket: WebSocket) -> anyhow::Result<()> {
    // Subscribe before replaying, so nothing committed in between is missed.
    let mut live = state.hub.subscribe();
    let (mut sink, mut stream) = socket.split();
    let head = events::org_head(&state.db, caller.org).await?.unwrap_or_default();
    let mut cursor = match last_event_id {
        None => head,
        Some(id) => match events::cursor_of(&state.db, caller.org, id).await? {
            Some(c) => c,
            None if id <= 0 => Cursor::default(),
            None => {
                sink.send(text(json!({ "kind": "reload" }))).await?;
                head
            }
        },
    };
    sink.send(text(json!({ "kind": "hello", "last_event_id": cursor.id }))).await?;
    cursor = replay(&state, &caller, cursor, head, &mut sink).await?;
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.tick().await;
    loop {
        tokio::select! {
            _ = recheck.tick() => {
                // Logged out, deactivated or revoked: the socket ends with the credential.
                if !still_valid(&state, &caller).await.unwrap_or(false) {
                    let _ = sink.send(Message::Close(None)).await;
                    return Ok(());
                }
            }
            received = live.recv() => match received {
                Ok(event) => {
                    if event.organization_id == caller.org && event.cursor() > cursor {
                        cursor = event.cursor();
                        if may_see(&event.audience.0, caller.user_id, &caller.permissions) {
                            sink.send(text(render(&event))).await?;
                        }
                    }
                }
                // Fell behind the hub: catch up from the table, which has everything.
                Err(RecvError::Lagged(_)) => {
                    let head = events::org_head(&state.db, caller.org).await?.unwrap_or(cursor);
                    cursor = replay(&state, &caller, cursor, head, &mut sink).await?;
                }
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

/// Sends the organization's events after `cursor` (visible ones only); returns the new cursor.
async fn replay<S>(
    state: &AppState,
    caller: &Caller,
    mut cursor: Cursor,
    head: Cursor,
    sink: &mut S,
) -> anyhow::Result<Cursor>
where
    S: SinkExt<Message> + Unpin,
    S::Error: std::error::Error + Send + Sync + 'static,
{
    let mut sent = 0usize;
    loop {
        let rows = events::read_org_after(&state.db, caller.org, cursor, PAGE).await?;
        let full = rows.len() as i64 == PAGE;
        for event in rows {
            cursor = event.cursor();
            if may_see(&event.audience.0, caller.user_id, &caller.permissions) {
                sink.send(text(render(&event))).await?;
                sent += 1;
            }
        }
        if sent > MAX_REPLAY {
            sink.send(text(json!({ "kind": "reload" }))).await?;
            return Ok(head.max(cursor));
        }
        if !full {
            return Ok(cursor);
        }
    }
}

fn render(event: &EventRow) -> serde_json::Value {
    json!({ "id": event.id, "kind": event.kind, "at": event.at.0, "payload": event.payload.0 })
}

fn text(value: serde_json::Value) -> Message {
    Message::Text(value.to_string().into())
}
