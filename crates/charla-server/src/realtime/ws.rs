//! `GET /api/v1/realtime?last_event_id=`: one WebSocket per tab, resumable.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use charla_db::repo::events::{self, Cursor, EventRow};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use charla_domain::contacts::mask_phone;

use super::hub::may_see;
use crate::api::extract::ApiQuery;
use crate::auth::Caller;
use crate::auth::caller::still_valid;
use crate::error::ApiResult;
use crate::services::inbox_access::{self, NumberVisibility};
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
    let mut numbers = numbers_of(&state, &caller).await?;
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
    cursor = replay(&state, &caller, &numbers, cursor, head, &mut sink).await?;
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
                numbers = numbers_of(&state, &caller).await?;
            }
            received = live.recv() => match received {
                Ok(event) => {
                    if event.organization_id == caller.org && event.cursor() > cursor {
                        cursor = event.cursor();
                        if event.kind == CAMPAIGN_SETTINGS_UPDATED {
                            numbers = numbers_of(&state, &caller).await?;
                        }
                        if may_see(&event.audience.0, caller.user_id, &caller.permissions) {
                            sink.send(text(render(&event, &numbers))).await?;
                        }
                    }
                }
                // Fell behind the hub: catch up from the table, which has everything.
                Err(RecvError::Lagged(_)) => {
                    let head = events::org_head(&state.db, caller.org).await?.unwrap_or(cursor);
                    cursor = replay(&state, &caller, &numbers, cursor, head, &mut sink).await?;
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
    numbers: &NumberVisibility,
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
                sink.send(text(render(&event, numbers))).await?;
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

const CAMPAIGN_SETTINGS_UPDATED: &str = "campaign.settings_updated";

async fn numbers_of(state: &AppState, caller: &Caller) -> anyhow::Result<NumberVisibility> {
    inbox_access::number_visibility_of(state, caller).await.map_err(|e| anyhow::anyhow!("{e:?}"))
}

fn render(event: &EventRow, numbers: &NumberVisibility) -> serde_json::Value {
    let mut payload = event.payload.0.clone();
    redact_numbers(&mut payload, numbers);
    json!({ "id": event.id, "kind": event.kind, "at": event.at.0, "payload": payload })
}

/// Events are written once for every recipient; a contact's number is masked at delivery
/// for those who may not see it in the event's campaign (CONV-5).
fn redact_numbers(payload: &mut serde_json::Value, numbers: &NumberVisibility) {
    let campaign = payload.get("campaign_id").and_then(|v| v.as_str()).and_then(|s| uuid::Uuid::try_parse(s).ok());
    if campaign.is_some_and(|c| numbers.shows(c)) {
        return;
    }
    for path in ["/conversation/contact/phone", "/contact/phone"] {
        if let Some(phone) = payload.pointer_mut(path)
            && let Some(text) = phone.as_str()
        {
            *phone = json!(mask_phone(text));
        }
    }
}

fn text(value: serde_json::Value) -> Message {
    Message::Text(value.to_string().into())
}
