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
use crate::outbound_http::client_for;
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
    let (bytes, mime) = match channel.kind.as_str() {
        "telegram" => (telegram_outbound::download(state, &channel, media_id).await.map_err(JobError::Retry)?, None),
        _ => download(state, &base, media_id, &token).await.map_err(JobError::Retry)?,
    };
    let content_type = media.get("mime_type").and_then(Value::as_str).map(str::to_owned).or(mime).unwrap_or_default();
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

/// GET {base}/{media-id} → its URL and type → GET the URL, both with the bearer token.
async fn download(
    state: &AppState,
    base: &str,
    media_id: &str,
    token: &str,
) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let info_url = format!("{}/{media_id}", base.trim_end_matches('/'));
    let info: Value = client_for(&state.settings, &info_url)
        .await?
        .get(&info_url)
        .bearer_auth(token)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let url = info.get("url").and_then(Value::as_str).context("the media answer has no url")?;
    let response =
        client_for(&state.settings, url).await?.get(url).bearer_auth(token).send().await?.error_for_status()?;
    let mime = info.get("mime_type").and_then(Value::as_str).map(str::to_owned);
    Ok((response.bytes().await?.to_vec(), mime))
}
