//! `/webhooks/sms/{channel_id}` (incoming SMS and MMS) and `/webhooks/sms/{channel_id}/status`
//! (each send's statuses, at the `StatusCallback` URL the send gave). Twilio signs the full
//! URL it called, so the check rebuilds it from `--public-url` and the path and query as
//! received; a server behind a proxy with the wrong public URL refuses every call (which
//! the README says). A message to another number than the channel's is left unstored.

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use charla_channels::events::InboundEvent;
use charla_channels::twilio::{self, Form};
use charla_db::repo::channels::ChannelRow;
use uuid::Uuid;

use super::{KIND, account_of, number_of};
use crate::error::ErrorCode;
use crate::services::channels::secrets_of;
use crate::state::AppState;
use crate::webhooks::{channel_of, refuse, stage};

/// Twilio's answer when Charla says nothing back inline: an empty TwiML document.
const EMPTY_TWIML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

fn twiml_ok() -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/xml")], EMPTY_TWIML).into_response()
}

fn count(outcome: &'static str) {
    metrics::counter!("charla_webhooks_total", "network" => KIND.code(), "outcome" => outcome).increment(1);
}

/// The channel, and the form once its signature and account are this channel's.
async fn verified(
    state: &AppState,
    channel_id: &str,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Uuid, ChannelRow, Form), Response> {
    let (org, channel) = channel_of(state, channel_id, KIND).await?;
    let Some(token) = secrets_of(state, &channel).ok().and_then(|s| s.access_token) else {
        return Err(refuse(ErrorCode::Unauthorized));
    };
    let form = twilio::read_form(body).map_err(|_| refuse(ErrorCode::MalformedWebhook))?;
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or_else(|| uri.path());
    let url = format!("{}{path}", state.settings.public_base());
    let signature = headers.get(twilio::SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    if !twilio::verify(&token, &url, &form, signature) {
        count("bad_signature");
        return Err(refuse(ErrorCode::InvalidSignature));
    }
    match twilio::account_of(&form) {
        Ok(account) if account == account_of(&channel) => Ok((org, channel, form)),
        Ok(_) => Err(refuse(ErrorCode::Forbidden)),
        Err(_) => Err(refuse(ErrorCode::MalformedWebhook)),
    }
}

async fn store(state: &AppState, org: Uuid, channel: &ChannelRow, event: InboundEvent) -> Result<(), Response> {
    // Not stored: Twilio retries, and what was stored dedupes by MessageSid.
    stage(state, org, &[(channel.id, event)]).await?;
    count("ok");
    Ok(())
}

/// An incoming SMS or MMS, stored once by its `MessageSid`; answered with empty TwiML.
pub async fn receive(
    State(state): State<AppState>,
    Path(channel_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (org, channel, form) = match verified(&state, &channel_id, &uri, &headers, &body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let event = match twilio::parse_inbound(&form) {
        Ok(event) => event,
        Err(_) => return refuse(ErrorCode::MalformedWebhook),
    };
    if twilio::field(&form, "To") != Some(number_of(&channel)) {
        tracing::info!(channel = %channel.id, "an SMS to another number than the channel's: ignored");
        count("other_number");
        return twiml_ok();
    }
    match store(&state, org, &channel, event).await {
        Ok(()) => twiml_ok(),
        Err(response) => response,
    }
}

/// A status of one of our sends: the callback URL names our message (`outbox_id`).
pub async fn status(
    State(state): State<AppState>,
    Path(channel_id): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (org, channel, form) = match verified(&state, &channel_id, &uri, &headers, &body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let outbox_id = uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "outbox_id").map(|(_, v)| v.into_owned())
    });
    let event = match twilio::parse_status(&form, outbox_id.as_deref()) {
        Ok(Some(event)) => event,
        Ok(None) => return StatusCode::OK.into_response(),
        Err(_) => return refuse(ErrorCode::MalformedWebhook),
    };
    if twilio::field(&form, "From").is_some_and(|from| from != number_of(&channel)) {
        tracing::info!(channel = %channel.id, "a status of another number's message: ignored");
        count("other_number");
        return StatusCode::OK.into_response();
    }
    match store(&state, org, &channel, event).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(response) => response,
    }
}
