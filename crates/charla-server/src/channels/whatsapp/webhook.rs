//! `/webhooks/whatsapp/{channel_id}` (CH-1). Meta posts every number of an app to one URL,
//! so each entry is routed by its `phone_number_id` (or WABA id) to the organization's
//! channel for it (design.md §3); nothing ever reaches another organization.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use charla_channels::events::InboundEvent;
use charla_channels::whatsapp::{self, Routed};
use charla_db::repo::channels::{self, ChannelRow};
use uuid::Uuid;

use super::KIND;
use crate::error::ErrorCode;
use crate::services::channels::secrets_of;
use crate::state::AppState;
use crate::webhooks::{channel_of, meta_subscription, refuse, stage};

/// Meta's subscription check: the raw challenge for `subscribe` with the channel's token.
pub async fn verify_subscription(
    State(state): State<AppState>,
    Path(channel_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let (_, channel) = match channel_of(&state, &channel_id, KIND).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    meta_subscription(&state, &channel, &query)
}

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
    let Some(app_secret) = secrets_of(&state, &channel).ok().and_then(|s| s.app_secret) else {
        return refuse(ErrorCode::Unauthorized);
    };
    let signature = headers.get(whatsapp::SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if !whatsapp::verify(&app_secret, &body, signature) {
        metrics::counter!("charla_webhooks_total", "network" => KIND.code(), "outcome" => "bad_signature").increment(1);
        return refuse(ErrorCode::InvalidSignature);
    }
    let events = match whatsapp::parse(&body) {
        Ok(events) => events,
        Err(_) => return refuse(ErrorCode::MalformedWebhook),
    };
    let mut staged = Vec::with_capacity(events.len());
    for routed in events {
        match target_channel(&state, org, &channel, &app_secret, &routed).await {
            Ok(Some(target)) => staged.push((target.id, routed.event)),
            Ok(None) => {
                tracing::info!(channel = %channel.id, "webhook entry for a number this organization does not have: ignored");
            }
            Err(response) => return response,
        }
    }
    // Not stored: Meta delivers again, and what was stored dedupes.
    if let Err(response) = stage(&state, org, &staged).await {
        return response;
    }
    metrics::counter!("charla_webhooks_total", "network" => KIND.code(), "outcome" => "ok").increment(1);
    StatusCode::OK.into_response()
}

/// Which of the organization's channels an entry is for (design.md §3): the number's own
/// channel (same app secret), or for account-level updates the channels of the WABA; an
/// entry with neither belongs to the channel whose URL received it.
async fn target_channel(
    state: &AppState,
    org: Uuid,
    receiving: &ChannelRow,
    app_secret: &str,
    routed: &Routed,
) -> Result<Option<ChannelRow>, Response> {
    let unavailable = |_| refuse(ErrorCode::Unavailable);
    if let Some(number) = &routed.phone_number_id {
        if receiving.network_key.as_deref() == Some(number.as_str()) {
            return Ok(Some(receiving.clone()));
        }
        let candidates = channels::by_network_key(&state.db, org, KIND.code(), number).await.map_err(unavailable)?;
        return Ok(candidates
            .into_iter()
            .find(|c| secrets_of(state, c).ok().and_then(|s| s.app_secret).as_deref() == Some(app_secret)));
    }
    if let Some(waba) = &routed.waba_id {
        let mut in_account =
            channels::by_network_account(&state.db, org, KIND.code(), waba).await.map_err(unavailable)?;
        if let (InboundEvent::AccountUpdate(_), Some(display)) = (&routed.event, &routed.display_phone_number) {
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            in_account.retain(|c| {
                c.config
                    .0
                    .get("display_phone_number")
                    .and_then(|d| d.as_str())
                    .is_none_or(|d| digits(d) == digits(display))
            });
        }
        if receiving.network_account.as_deref() == Some(waba.as_str()) {
            return Ok(Some(receiving.clone()));
        }
        return Ok(in_account.into_iter().next());
    }
    Ok(Some(receiving.clone()))
}
