//! `/webhooks/telegram/{channel_id}` (CH-2): the secret-token header set with setWebhook,
//! then the update, stored once (keyed by chat and message id).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use charla_channels::telegram;

use super::KIND;
use crate::error::ErrorCode;
use crate::services::channels::secrets_of;
use crate::state::AppState;
use crate::webhooks::{channel_of, refuse, stage};

pub async fn receive(
    State(state): State<AppState>,
    Path(channel_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (org, channel) = match channel_of(&state, &channel_id, KIND).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let secret = secrets_of(&state, &channel).ok().and_then(|s| s.verify_token).unwrap_or_default();
    let header = headers.get(telegram::SECRET_HEADER).and_then(|v| v.to_str().ok());
    if !telegram::verify(&secret, header) {
        metrics::counter!("charla_webhooks_total", "network" => KIND.code(), "outcome" => "bad_secret").increment(1);
        return refuse(ErrorCode::InvalidSecret);
    }
    let events = match telegram::parse(&body) {
        Ok(events) => events,
        Err(_) => return refuse(ErrorCode::MalformedWebhook),
    };
    let staged: Vec<_> = events.into_iter().map(|event| (channel.id, event)).collect();
    if let Err(response) = stage(&state, org, &staged).await {
        return response;
    }
    metrics::counter!("charla_webhooks_total", "network" => KIND.code(), "outcome" => "ok").increment(1);
    StatusCode::OK.into_response()
}
