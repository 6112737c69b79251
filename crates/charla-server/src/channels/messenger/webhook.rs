//! `/webhooks/messenger/{channel_id}` and `/webhooks/instagram/{channel_id}` (CH-6). Meta
//! posts every page (or account) of an app to one callback URL, so each entry is routed by
//! its `entry.id` to this organization's channel of that page or account, signed with the
//! same app secret (design.md §3, as WhatsApp's `phone_number_id`); nothing ever reaches
//! another organization, and an entry for a page the organization does not have is left.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use charla_channels::messenger::{self, Routed};
use charla_db::repo::channels::{self, ChannelRow};
use uuid::Uuid;

use super::MetaInbox;
use crate::error::ErrorCode;
use crate::services::channels::secrets_of;
use crate::state::AppState;
use crate::webhooks::{channel_of, meta_subscription, refuse, stage};

/// Meta's subscription check: the raw challenge for `subscribe` with the channel's token.
pub async fn verify_subscription(
    inbox: &'static MetaInbox,
    State(state): State<AppState>,
    Path(channel_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let (_, channel) = match channel_of(&state, &channel_id, inbox.kind).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    meta_subscription(&state, &channel, &query)
}

pub async fn receive(
    inbox: &'static MetaInbox,
    State(state): State<AppState>,
    Path(channel_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let network = inbox.kind.code();
    let (org, channel) = match channel_of(&state, &channel_id, inbox.kind).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let Some(app_secret) = secrets_of(&state, &channel).ok().and_then(|s| s.app_secret) else {
        return refuse(ErrorCode::Unauthorized);
    };
    let signature = headers.get(messenger::SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if !messenger::verify(&app_secret, &body, signature) {
        metrics::counter!("charla_webhooks_total", "network" => network, "outcome" => "bad_signature").increment(1);
        return refuse(ErrorCode::InvalidSignature);
    }
    let events = match messenger::parse(&body, inbox.platform) {
        Ok(events) => events,
        Err(_) => return refuse(ErrorCode::MalformedWebhook),
    };
    let mut staged = Vec::with_capacity(events.len());
    let mut targets: HashMap<String, Option<Uuid>> = HashMap::new();
    for Routed { account_id, event } in events {
        let account = account_id.unwrap_or_default();
        let target = match targets.get(&account) {
            Some(known) => *known,
            None => {
                let found = match target_channel(&state, org, inbox, &channel, &app_secret, &account).await {
                    Ok(found) => found,
                    Err(response) => return response,
                };
                targets.insert(account.clone(), found);
                found
            }
        };
        match target {
            Some(target) => staged.push((target, event)),
            None => {
                tracing::info!(channel = %channel.id, "webhook entry for an account this organization does not have: ignored")
            }
        }
    }
    // Not stored: Meta delivers again, and what was stored dedupes.
    if let Err(response) = stage(&state, org, &staged).await {
        return response;
    }
    metrics::counter!("charla_webhooks_total", "network" => network, "outcome" => "ok").increment(1);
    StatusCode::OK.into_response()
}

/// Which of the organization's channels an entry's page or account is: the receiving one,
/// or another of the same kind and app secret; None when the organization has none.
async fn target_channel(
    state: &AppState,
    org: Uuid,
    inbox: &MetaInbox,
    receiving: &ChannelRow,
    app_secret: &str,
    account: &str,
) -> Result<Option<Uuid>, Response> {
    if receiving.network_key.as_deref() == Some(account) {
        return Ok(Some(receiving.id));
    }
    let candidates = channels::by_network_key(&state.db, org, inbox.kind.code(), account)
        .await
        .map_err(|_| refuse(ErrorCode::Unavailable))?;
    Ok(candidates
        .into_iter()
        .filter(|c| c.archived_at.is_none())
        .find(|c| secrets_of(state, c).ok().and_then(|s| s.app_secret).as_deref() == Some(app_secret))
        .map(|c| c.id))
}
