//! Network webhooks (design.md §4): `GET/POST /webhooks/{network}/{channel_id}`. Verify on the
//! raw bytes, parse, store what is new, answer 200 once it is durable. What the events mean
//! (contacts, conversations, bots, routing, statuses) is applied right after by the drain,
//! so the acknowledgement costs one short transaction whatever the event leads to.

pub mod drain;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Router;
use axum::response::{IntoResponse, Response};
use charla_channels::events::InboundEvent;
use charla_db::repo::channels::{self, ChannelRow};
use charla_db::repo::inbound_events::{self, NewInboundEvent};
use charla_domain::channels::ChannelKind;
use charla_domain::ids::new_id;

use uuid::Uuid;

use crate::api::problem::Problem;
use crate::error::ErrorCode;
use crate::services::channels::secrets_of;
use crate::state::AppState;

/// The largest webhook taken: Meta's may carry up to 3 MB; other routes stay at
/// `api::BODY_LIMIT`.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// `/webhooks/{kind}/{channel_id}` for every network that takes calls in, each to its own
/// handlers (`channels::<network>::webhook`: verify, parse, then `stage`), and
/// `/webhooks/{kind}/{channel_id}/status` for those that post our sends' statuses apart.
pub fn router() -> Router<AppState> {
    ChannelKind::ALL.into_iter().fold(Router::new(), |router, kind| {
        let network = crate::channels::network(kind);
        let router = match network.webhook() {
            Some(handlers) => router.route(&format!("/webhooks/{}/{{channel_id}}", kind.code()), handlers),
            None => router,
        };
        match network.status_webhook() {
            Some(handlers) => router.route(&format!("/webhooks/{}/{{channel_id}}/status", kind.code()), handlers),
            None => router,
        }
    })
}

/// A refusal as a problem document (networks read only the status).
pub fn refuse(code: ErrorCode) -> Response {
    Problem::of(code).into_response()
}

/// The live channel of this kind a webhook URL names, with its organization; anything
/// else (a bad id, another kind, archived) is 404.
pub async fn channel_of(state: &AppState, raw_id: &str, kind: ChannelKind) -> Result<(Uuid, ChannelRow), Response> {
    let not_found = || refuse(ErrorCode::NotFound);
    let unavailable = |_| refuse(ErrorCode::Unavailable);
    let id = Uuid::try_parse(raw_id).map_err(|_| not_found())?;
    if let Some((org, channel)) = state.webhook_channels.get(id) {
        return if channel.kind == kind.code() { Ok((org, channel)) } else { Err(not_found()) };
    }
    let Some((org, _)) = channels::route(&state.db, id).await.map_err(unavailable)?.filter(|(_, k)| k == kind.code())
    else {
        return Err(not_found());
    };
    let channel = channels::get(&state.db, org, id)
        .await
        .map_err(unavailable)?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(not_found)?;
    state.webhook_channels.put(org, &channel);
    Ok((org, channel))
}

/// Channels that webhooks named in the last moments. A network posts to the same URL many
/// times a second; a changed or archived channel is seen again within `TTL`.
#[derive(Default)]
pub struct ChannelCache(Mutex<HashMap<Uuid, (Instant, Uuid, ChannelRow)>>);

impl ChannelCache {
    const TTL: Duration = Duration::from_secs(2);
    const MAX: usize = 10_000;

    fn get(&self, id: Uuid) -> Option<(Uuid, ChannelRow)> {
        let cached = self.0.lock().ok()?;
        cached.get(&id).filter(|(at, _, _)| at.elapsed() < Self::TTL).map(|(_, org, channel)| (*org, channel.clone()))
    }

    fn put(&self, org: Uuid, channel: &ChannelRow) {
        if let Ok(mut cached) = self.0.lock() {
            if cached.len() >= Self::MAX {
                cached.retain(|_, (at, _, _)| at.elapsed() < Self::TTL);
            }
            cached.insert(channel.id, (Instant::now(), org, channel.clone()));
        }
    }

    /// Forgets a channel at once (it changed on this node).
    pub fn forget(&self, id: Uuid) {
        if let Ok(mut cached) = self.0.lock() {
            cached.remove(&id);
        }
    }
}

/// Stores a webhook's events (each for the channel it belongs to) in one statement and
/// wakes the drain; a redelivered event still waiting is not stored twice.
pub async fn stage(state: &AppState, org: Uuid, events: &[(Uuid, InboundEvent)]) -> Result<(), Response> {
    let unavailable = |err: anyhow::Error| {
        tracing::warn!(error = ?err, "webhook events not stored");
        refuse(ErrorCode::Unavailable)
    };
    if events.is_empty() {
        return Ok(());
    }
    let encoded: Vec<(Uuid, String, u8, serde_json::Value)> = events
        .iter()
        .map(|(channel, event)| {
            serde_json::to_value(event).map(|value| (*channel, event.dedup_key(), event.lane(drain::LANES), value))
        })
        .collect::<Result<_, _>>()
        .map_err(|err| unavailable(anyhow::Error::from(err)))?;
    let rows: Vec<NewInboundEvent<'_>> = encoded
        .iter()
        .map(|(channel_id, key, lane, event)| NewInboundEvent {
            org,
            id: new_id(),
            channel_id: *channel_id,
            dedup_key: key,
            lane: i64::from(*lane),
            event,
        })
        .collect();
    let now = state.clock.now();
    inbound_events::stage(&state.db, &rows, now).await.map_err(|e| unavailable(e.into()))?;
    for (_, _, lane, _) in &encoded {
        if let Some(wake) = state.intake_wake.get(usize::from(*lane)) {
            wake.notify_one();
        }
    }
    Ok(())
}

/// Meta's subscription check (WhatsApp, Messenger, Instagram): the raw `hub.challenge` for
/// `subscribe` with the channel's verify token; 400 without mode or token, 403 otherwise.
pub fn meta_subscription(state: &AppState, channel: &ChannelRow, query: &HashMap<String, String>) -> Response {
    let verify_token = secrets_of(state, channel).ok().and_then(|s| s.verify_token).unwrap_or_default();
    let mode = query.get("hub.mode").map(String::as_str);
    let token = query.get("hub.verify_token").map(String::as_str);
    if mode.is_none() || token.is_none() {
        return refuse(ErrorCode::InvalidQuery);
    }
    match charla_channels::whatsapp::challenge(
        mode,
        token,
        query.get("hub.challenge").map(String::as_str),
        &verify_token,
    ) {
        Some(challenge) if !verify_token.is_empty() => {
            ([(axum::http::header::CONTENT_TYPE, "text/plain")], challenge.to_owned()).into_response()
        }
        _ => refuse(ErrorCode::Forbidden),
    }
}
