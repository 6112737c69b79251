//! `/webhooks/telegram/{channel_id}` (CH-2): the secret-token header set with setWebhook,
//! then the update, stored once (keyed by chat and message id).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use charla_channels::telegram;
use charla_db::repo::channels::{self, ChannelRow};
use serde_json::json;
use uuid::Uuid;

use crate::error::problem;
use crate::services::channel_events;
use crate::services::channels::secrets_of;
use crate::state::AppState;

const KIND: &str = "telegram";

fn refuse(status: StatusCode, code: &str) -> Response {
    problem(status, code, None, json!({}))
}

async fn channel_of(state: &AppState, raw_id: &str) -> Result<(Uuid, ChannelRow), Response> {
    let not_found = || refuse(StatusCode::NOT_FOUND, "not_found");
    let id = Uuid::try_parse(raw_id).map_err(|_| not_found())?;
    let route =
        channels::route(&state.db, id).await.map_err(|_| refuse(StatusCode::SERVICE_UNAVAILABLE, "unavailable"))?;
    let Some((org, _)) = route.filter(|(_, kind)| kind == KIND) else {
        return Err(not_found());
    };
    let channel = channels::get(&state.db, org, id)
        .await
        .map_err(|_| refuse(StatusCode::SERVICE_UNAVAILABLE, "unavailable"))?
        .filter(|c| c.archived_at.is_none())
        .ok_or_else(not_found)?;
    Ok((org, channel))
}

pub async fn receive(
    State(state): State<AppState>,
    Path(channel_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (org, channel) = match channel_of(&state, &channel_id).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let secret = secrets_of(&state, &channel).ok().and_then(|s| s.verify_token).unwrap_or_default();
    let header = headers.get(telegram::SECRET_HEADER).and_then(|v| v.to_str().ok());
    if !telegram::verify(&secret, header) {
        metrics::counter!("charla_webhooks_total", "network" => KIND, "outcome" => "bad_secret").increment(1);
        return refuse(StatusCode::FORBIDDEN, "invalid_secret");
    }
    let events = match telegram::parse(&body) {
        Ok(events) => events,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "malformed_webhook"),
    };
    for event in &events {
        if let Err(err) = channel_events::apply(&state, org, &channel, event).await {
            tracing::warn!(error = ?err, channel = %channel.id, "telegram update not applied");
            return refuse(StatusCode::SERVICE_UNAVAILABLE, "unavailable");
        }
    }
    metrics::counter!("charla_webhooks_total", "network" => KIND, "outcome" => "ok").increment(1);
    StatusCode::OK.into_response()
}
