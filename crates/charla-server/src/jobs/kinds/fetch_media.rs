//! Fetches an inbound message's media from the network (WhatsApp: GET /{media-id} for a
//! short-lived URL, then the bytes with the bearer token; Telegram: getFile, then the file
//! URL), stores it, and shows it. Until then the message is visible as "media pending";
//! failures retry with back-off.

use anyhow::{Context, anyhow};
use charla_db::repo::jobs::JobRow;
use charla_db::repo::{channels, conversations, messages};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::JobError;
use crate::outbound_http::{BodyError, client_for, ensure_success, read_capped, read_json, send};
use crate::services::channels::{secrets_of, telegram_outbound};
use crate::services::conversations::events;
use crate::services::files::{Upload, store};
use crate::state::AppState;

#[derive(Deserialize)]
struct Payload {
    message_id: Uuid,
}

fn retry(e: impl std::fmt::Debug) -> JobError {
    JobError::Retry(anyhow!("{e:?}"))
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: Payload = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let org = job.organization_id;
    let Some(message) = messages::get(&state.db, org, payload.message_id).await.map_err(retry)? else {
        return Ok(());
    };
    if message.payload.0.get("media_pending") != Some(&Value::Bool(true)) {
        return Ok(());
    }
    let channel = channels::get(&state.db, org, message.channel_id)
        .await
        .map_err(retry)?
        .ok_or_else(|| JobError::Permanent(anyhow!("the channel is gone")))?;
    let token = secrets_of(state, &channel).map_err(retry)?.access_token.unwrap_or_default();
    let base = channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or_default().to_owned();
    let media = message.payload.0.get("media").cloned().unwrap_or(Value::Null);
    let media_id =
        media.get("id").and_then(Value::as_str).ok_or_else(|| JobError::Permanent(anyhow!("no media id")))?;
    if !charla_channels::is_media_id(media_id) {
        give_up(state, org, &message, "media_id_invalid").await?;
        return Err(JobError::Permanent(anyhow!("the webhook's media id is not an id")));
    }
    let fetched = match channel.kind.as_str() {
        "telegram" => telegram_outbound::download(state, &channel, media_id).await.map(|bytes| (bytes, None)),
        _ => download(state, &base, media_id, &token, whatsapp_limit(&message.kind)).await,
    };
    let (bytes, mime) = match fetched {
        Ok(fetched) => fetched,
        Err(err) => match err.downcast_ref::<BodyError>() {
            // Never going to fit: the message stops waiting for it, and the job says why.
            Some(too_large @ BodyError::TooLarge { .. }) => {
                let reason = too_large.to_string();
                give_up(state, org, &message, "media_too_large").await?;
                return Err(JobError::Permanent(anyhow!("media {media_id}: {reason}")));
            }
            _ => return Err(JobError::Retry(err)),
        },
    };
    let content_type = media
        .get("mime_type")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or(mime)
        .unwrap_or_else(|| charla_domain::media_type::OCTET_STREAM.to_owned());
    let name = media
        .get("filename")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{}-{media_id}", message.kind));
    let upload = Upload { name: &name, content_type: &content_type, bytes: &bytes, in_library: false };
    let file = store(state, org, None, &upload).await.map_err(retry)?;
    let mut content = message.payload.0.clone();
    if let Some(obj) = content.as_object_mut() {
        obj.insert("media_pending".to_owned(), Value::Bool(false));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await.map_err(retry)?;
    messages::set_content(&mut tx, org, message.id, &content, Some(file.id), now).await.map_err(retry)?;
    let updated = messages::get(&mut tx, org, message.id).await.map_err(retry)?.ok_or_else(|| retry("gone"))?;
    if let Some(conversation) = conversations::get(&mut tx, org, message.conversation_id).await.map_err(retry)? {
        events::message_updated(state, &mut tx, org, &conversation, &updated).await.map_err(retry)?;
    }
    tx.commit().await.map_err(retry)?;
    state.hub.wake();
    Ok(())
}

/// The largest media the WhatsApp Cloud API carries of a kind: 5 MB images, 500 KB
/// (animated) stickers, 16 MB audio and video, 100 MB documents.
fn whatsapp_limit(kind: &str) -> usize {
    const MB: usize = 1024 * 1024;
    match kind {
        "image" => 5 * MB,
        "sticker" => MB / 2,
        "audio" | "video" => 16 * MB,
        _ => 100 * MB,
    }
}

/// A media that will never be stored: the message stops showing it as pending and says why.
async fn give_up(state: &AppState, org: Uuid, message: &messages::MessageRow, reason: &str) -> Result<(), JobError> {
    let mut content = message.payload.0.clone();
    if let Some(obj) = content.as_object_mut() {
        obj.insert("media_pending".to_owned(), Value::Bool(false));
        obj.insert("media_error".to_owned(), Value::String(reason.to_owned()));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await.map_err(retry)?;
    messages::set_content(&mut tx, org, message.id, &content, message.file_id, now).await.map_err(retry)?;
    let updated = messages::get(&mut tx, org, message.id).await.map_err(retry)?.ok_or_else(|| retry("gone"))?;
    if let Some(conversation) = conversations::get(&mut tx, org, message.conversation_id).await.map_err(retry)? {
        events::message_updated(state, &mut tx, org, &conversation, &updated).await.map_err(retry)?;
    }
    tx.commit().await.map_err(retry)?;
    state.hub.wake();
    Ok(())
}

/// GET {base}/{media-id} → its URL and type → GET the URL, both with the bearer token; the
/// bytes are read up to `limit`.
async fn download(
    state: &AppState,
    base: &str,
    media_id: &str,
    token: &str,
    limit: usize,
) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let info_url = format!("{}/{media_id}", base.trim_end_matches('/'));
    let client = client_for(&state.settings, &info_url).await?;
    let info = read_json(ensure_success(send(client.get(&info_url).bearer_auth(token)).await?)?).await?;
    let url = info.get("url").and_then(Value::as_str).context("the media answer has no url")?;
    let response = ensure_success(send(client_for(&state.settings, url).await?.get(url).bearer_auth(token)).await?)?;
    let mime = info.get("mime_type").and_then(Value::as_str).map(str::to_owned);
    Ok((read_capped(response, limit).await?, mime))
}
