//! `GET /api/v1/realtime?last_event_id=`: one WebSocket per tab, resumable.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use charla_db::repo::events::{self, Cursor, EventRow};
use charla_db::repo::{tokens, users};
use charla_domain::inbox_view::InboxView;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

use charla_domain::contacts::mask_phone;

use super::hub::{addressed, may_see};
use super::origin::origin_allowed;
use crate::api::extract::ApiQuery;
use crate::auth::Caller;
use crate::auth::caller::{Credential, permissions_of, still_valid};

use crate::error::{AppResult, ErrorCode};
use crate::services::inbox_access::{self, NumberVisibility};
use crate::services::supervision::ACCESS_CHANGED;
use crate::state::AppState;

/// The largest frame a client may send.
const CLIENT_FRAME_LIMIT: usize = 16 * 1024;
/// Each socket's read buffer, allocated up front: clients only send closes and pings, so a
/// small one keeps a thousand idle agents' sockets cheap (the library's default is 128 KiB).
const READ_BUFFER: usize = 4 * 1024;
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
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<RealtimeQuery>,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    // A browser says where the page that opens the socket comes from: only this server's
    // own pages may open it with the user's cookie (no Origin: not a browser).
    let origin = headers.get(axum::http::header::ORIGIN).map(|v| v.to_str().unwrap_or("\u{0}"));
    let host = headers.get(axum::http::header::HOST).and_then(|v| v.to_str().ok());
    if let Some(origin) = origin
        && !origin_allowed(origin, &state.settings.public_base(), state.settings.listen, host)
    {
        return Err(ErrorCode::Forbidden.into());
    }
    // Clients only ever send closes and pings: a small bound keeps a peer from making the
    // server buffer large frames.
    Ok(upgrade
        .read_buffer_size(READ_BUFFER)
        .max_frame_size(CLIENT_FRAME_LIMIT)
        .max_message_size(CLIENT_FRAME_LIMIT)
        .on_upgrade(move |socket| async move {
            metrics::gauge!("charla_realtime_connections").increment(1.0);
            if let Err(err) = serve(state, caller, query.last_event_id, socket).await {
                tracing::debug!(error = ?err, "realtime socket closed");
            }
            metrics::gauge!("charla_realtime_connections").decrement(1.0);
        }))
}

/// What the socket's user may receive now: reloaded on every change of their access.
struct Access {
    caller: Caller,
    view: Option<InboxView>,
    numbers: NumberVisibility,
}

impl Access {
    async fn load(state: &AppState, caller: Caller) -> anyhow::Result<Access> {
        let view = inbox_access::view_of(state, caller.org, caller.user_id, &caller.permissions).await?;
        let numbers = inbox_access::number_visibility(state, caller.org, view.as_ref()).await?;
        Ok(Access { caller, view, numbers })
    }

    /// Reads the user's permissions, supervision and number visibility again; None when
    /// the credential no longer stands (logged out, deactivated, revoked).
    async fn reload(state: &AppState, caller: &Caller) -> anyhow::Result<Option<Access>> {
        if !still_valid(state, caller).await? {
            return Ok(None);
        }
        let user_profile = users::get(&state.db, caller.org, caller.user_id).await?.and_then(|u| u.profile_id);
        let mut permissions = permissions_of(state, caller.org, user_profile).await?;
        if let Credential::ApiToken { token_id } = &caller.credential {
            // A token never does more than its creator may do now (as when it authenticates).
            let token_profile = tokens::get(&state.db, caller.org, *token_id).await?.and_then(|t| t.profile_id);
            let granted = permissions_of(state, caller.org, token_profile).await?;
            permissions = granted.intersection(&permissions).copied().collect();
        }
        Ok(Some(Access::load(state, Caller { permissions, ..caller.clone() }).await?))
    }

    /// Whether this event reaches the socket: its audience names the user or a permission
    /// they hold, and an inbox event's campaign is one a supervisor oversees.
    fn receives(&self, event: &EventRow) -> bool {
        let audience = &event.audience.0;
        let (listed, permitted) = addressed(audience, self.caller.user_id, &self.caller.permissions);
        match &self.view {
            Some(view) => view.receives(listed, permitted, inbox_campaign(event)),
            None => may_see(audience, self.caller.user_id, &self.caller.permissions),
        }
    }

    /// An access change that concerns this socket: its user, or a profile (any: the socket
    /// does not know which profile its permissions came from, so it reads them again).
    fn concerned_by(&self, event: &EventRow) -> bool {
        let payload = &event.payload.0;
        let user = payload.get("user_id").and_then(|v| v.as_str()).and_then(|s| Uuid::try_parse(s).ok());
        user == Some(self.caller.user_id) || payload.get("profile_id").is_some_and(|p| !p.is_null())
    }
}

/// The campaign of an event about a campaign's inbox (conversations, messages, queues).
fn inbox_campaign(event: &EventRow) -> Option<Uuid> {
    let inbox = ["conversation.", "message.", "queue."].iter().any(|prefix| event.kind.starts_with(prefix));
    if !inbox {
        return None;
    }
    event.payload.0.get("campaign_id").and_then(|v| v.as_str()).and_then(|s| Uuid::try_parse(s).ok())
}

/// Where a connecting client's stream starts (after the last event it saw, or at the head
/// for a new client) and the head it replays up to. An id the table no longer holds (purged) tells the client to reload,
/// since it missed more than a replay can give.
async fn resume_from<S>(
    state: &AppState,
    org: Uuid,
    last_event_id: Option<i64>,
    sink: &mut S,
) -> anyhow::Result<(Cursor, Cursor)>
where
    S: SinkExt<Message> + Unpin,
    S::Error: std::error::Error + Send + Sync + 'static,
{
    let head = events::org_head(&state.db, org).await?.unwrap_or_default();
    let from = match last_event_id {
        None => head,
        Some(id) => match events::cursor_of(&state.db, org, id).await? {
            Some(c) => c,
            None if id <= 0 => Cursor::default(),
            None => {
                sink.send(text(json!({ "kind": "reload" }))).await?;
                head
            }
        },
    };
    Ok((from, head))
}

async fn serve(state: AppState, caller: Caller, last_event_id: Option<i64>, socket: WebSocket) -> anyhow::Result<()> {
    // Subscribe before replaying, so nothing committed in between is missed.
    let mut live = state.hub.subscribe();
    let org = caller.org;
    let mut access = Access::load(&state, caller).await?;
    let (mut sink, mut stream) = socket.split();
    let (mut cursor, head) = resume_from(&state, org, last_event_id, &mut sink).await?;
    sink.send(text(json!({ "kind": "hello", "last_event_id": cursor.id }))).await?;
    cursor = match replay(&state, &mut access, cursor, head, &mut sink).await? {
        Some(c) => c,
        None => return close(&mut sink).await,
    };
    let mut recheck = tokio::time::interval(RECHECK);
    recheck.tick().await;
    loop {
        tokio::select! {
            _ = recheck.tick() => {
                // Logged out, deactivated or revoked: the socket ends with the credential.
                match Access::reload(&state, &access.caller).await? {
                    Some(fresh) => access = fresh,
                    None => return close(&mut sink).await,
                }
            }
            received = live.recv() => match received {
                Ok(event) => {
                    if event.organization_id == org && event.cursor() > cursor {
                        cursor = event.cursor();
                        if deliver(&state, &mut access, &event, &mut sink).await? == Delivered::Ended {
                            return close(&mut sink).await;
                        }
                    }
                }
                // Fell behind the hub: catch up from the table, which has everything.
                Err(RecvError::Lagged(_)) => {
                    let head = events::org_head(&state.db, org).await?.unwrap_or(cursor);
                    cursor = match replay(&state, &mut access, cursor, head, &mut sink).await? {
                        Some(c) => c,
                        None => return close(&mut sink).await,
                    };
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

async fn close<S>(sink: &mut S) -> anyhow::Result<()>
where
    S: SinkExt<Message> + Unpin,
{
    let _ = sink.send(Message::Close(None)).await;
    Ok(())
}

#[derive(PartialEq, Eq)]
enum Delivered {
    Sent,
    Skipped,
    /// The credential ended: the socket closes.
    Ended,
}

/// Handles one event in order: an access change reloads what the socket may see before
/// anything later is delivered (and tells the web app to refresh).
async fn deliver<S>(state: &AppState, access: &mut Access, event: &EventRow, sink: &mut S) -> anyhow::Result<Delivered>
where
    S: SinkExt<Message> + Unpin,
    S::Error: std::error::Error + Send + Sync + 'static,
{
    if event.kind == ACCESS_CHANGED {
        if access.concerned_by(event) {
            match Access::reload(state, &access.caller).await? {
                Some(fresh) => *access = fresh,
                None => return Ok(Delivered::Ended),
            }
            sink.send(text(json!({ "kind": "reload" }))).await?;
        }
        return Ok(Delivered::Skipped);
    }
    if event.kind == CAMPAIGN_SETTINGS_UPDATED {
        access.numbers = inbox_access::number_visibility(state, access.caller.org, access.view.as_ref()).await?;
    }
    if !access.receives(event) {
        return Ok(Delivered::Skipped);
    }
    sink.send(text(render(event, &access.numbers))).await?;
    Ok(Delivered::Sent)
}

/// Sends the organization's events after `cursor` (visible ones only); returns the new
/// cursor, or None when the credential ended on the way.
async fn replay<S>(
    state: &AppState,
    access: &mut Access,
    mut cursor: Cursor,
    head: Cursor,
    sink: &mut S,
) -> anyhow::Result<Option<Cursor>>
where
    S: SinkExt<Message> + Unpin,
    S::Error: std::error::Error + Send + Sync + 'static,
{
    let mut sent = 0usize;
    loop {
        let rows = events::read_org_after(&state.db, access.caller.org, cursor, PAGE).await?;
        let full = rows.len() as i64 == PAGE;
        for event in rows {
            cursor = event.cursor();
            match deliver(state, access, &event, sink).await? {
                Delivered::Sent => sent += 1,
                Delivered::Skipped => {}
                Delivered::Ended => return Ok(None),
            }
        }
        if sent > MAX_REPLAY {
            sink.send(text(json!({ "kind": "reload" }))).await?;
            return Ok(Some(head.max(cursor)));
        }
        if !full {
            return Ok(Some(cursor));
        }
    }
}

const CAMPAIGN_SETTINGS_UPDATED: &str = "campaign.settings_updated";

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
