//! Fetches an inbound message's media from its network (`Network::fetch_media`: WhatsApp's
//! GET /{media-id} then the URL, Telegram's getFile then the file URL), stores it, and
//! shows it. Until then the message is visible as "media pending";
//! failures retry with back-off.

use anyhow::anyhow;
use charla_db::repo::jobs::JobRow;
use charla_db::repo::{channels, conversations, messages};
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::JobError;
use crate::outbound_http::BodyError;
use crate::services::conversations::events;
use crate::services::files::{Upload, store};
use crate::state::AppState;

#[derive(Deserialize)]
struct Payload {
    message_id: Uuid,
}

pub async fn run(state: &AppState, job: &JobRow) -> Result<(), JobError> {
    let payload: Payload = serde_json::from_value(job.payload.0.clone()).map_err(|e| JobError::Permanent(e.into()))?;
    let org = job.organization_id;
    let Some(message) = messages::get(&state.db, org, payload.message_id).await? else {
        return Ok(());
    };
    if message.payload.0.get("media_pending") != Some(&Value::Bool(true)) {
        return Ok(());
    }
    let channel = channels::get(&state.db, org, message.channel_id)
        .await?
        .ok_or_else(|| JobError::Permanent(anyhow!("the channel is gone")))?;
    let media = message.payload.0.get("media").cloned().unwrap_or(Value::Null);
    let media_id =
        media.get("id").and_then(Value::as_str).ok_or_else(|| JobError::Permanent(anyhow!("no media id")))?;
    if !charla_channels::is_media_id(media_id) {
        give_up(state, org, &message, "media_id_invalid").await?;
        return Err(JobError::Permanent(anyhow!("the webhook's media id is not an id")));
    }
    let network = crate::channels::of(&channel.kind)
        .ok_or_else(|| JobError::Permanent(anyhow!("{} has no network to fetch from", channel.kind)))?;
    let fetched = network.fetch_media(state, &channel, &message, media_id).await;
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
    let (name, content_type) = name_and_type(&media, mime, &message.kind, media_id);
    let upload = Upload { name: &name, content_type: &content_type, bytes: &bytes, in_library: false };
    let file = store(state, org, None, &upload).await?;
    let more = fetch_more(state, org, network, &channel, &message).await?;
    let mut marks = vec![("media_pending", Value::Bool(false))];
    if let Some(more) = more {
        marks.push(("more_media", more));
    }
    save_media_state(state, org, &message, &marks, Some(file.id)).await
}

/// The message's further media (an MMS carries up to ten), each stored as a file of its
/// own and named by its `file_id` in `more_media`; None when there are none. One that
/// fails makes the job retry (those stored keep their files: a retry reads them again).
async fn fetch_more(
    state: &AppState,
    org: Uuid,
    network: &dyn crate::channels::Network,
    channel: &channels::ChannelRow,
    message: &messages::MessageRow,
) -> Result<Option<Value>, JobError> {
    let Some(items) = message.payload.0.get("more_media").and_then(Value::as_array) else {
        return Ok(None);
    };
    let mut stored = Vec::with_capacity(items.len());
    for item in items {
        let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
        if !charla_channels::is_media_id(id) {
            return Err(JobError::Permanent(anyhow!("the webhook's media id is not an id")));
        }
        let (bytes, mime) = network.fetch_media(state, channel, message, id).await.map_err(JobError::Retry)?;
        let (name, content_type) = name_and_type(item, mime, &message.kind, id);
        let upload = Upload { name: &name, content_type: &content_type, bytes: &bytes, in_library: false };
        let file = store(state, org, None, &upload).await?;
        let mut item = item.clone();
        if let Some(obj) = item.as_object_mut() {
            obj.insert("file_id".to_owned(), Value::String(file.id.to_string()));
            obj.insert("content_type".to_owned(), Value::String(content_type));
        }
        stored.push(item);
    }
    Ok(Some(Value::Array(stored)))
}

/// The stored file's name and type: the network's when it gave them, else what the
/// download said, else a name made of the message's kind and the media id.
fn name_and_type(media: &Value, downloaded_type: Option<String>, kind: &str, media_id: &str) -> (String, String) {
    let content_type = media
        .get("mime_type")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or(downloaded_type)
        .unwrap_or_else(|| charla_domain::media_type::OCTET_STREAM.to_owned());
    let name = media
        .get("filename")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{kind}-{media_id}"));
    (name, content_type)
}

/// A media that will never be stored: the message stops showing it as pending and says why.
async fn give_up(state: &AppState, org: Uuid, message: &messages::MessageRow, reason: &str) -> Result<(), JobError> {
    let marks = [("media_pending", Value::Bool(false)), ("media_error", Value::String(reason.to_owned()))];
    save_media_state(state, org, message, &marks, message.file_id).await
}

/// Writes these keys into the message's content (and its file), and tells the inbox.
async fn save_media_state(
    state: &AppState,
    org: Uuid,
    message: &messages::MessageRow,
    marks: &[(&str, Value)],
    file_id: Option<Uuid>,
) -> Result<(), JobError> {
    let mut content = message.payload.0.clone();
    if let Some(obj) = content.as_object_mut() {
        for (key, value) in marks {
            obj.insert((*key).to_owned(), value.clone());
        }
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    messages::set_content(&mut tx, org, message.id, &content, file_id, now).await?;
    let updated = messages::get(&mut tx, org, message.id)
        .await?
        .ok_or_else(|| JobError::Retry(anyhow!("the message is gone")))?;
    if let Some(conversation) = conversations::get(&mut tx, org, message.conversation_id).await? {
        events::message_updated(state, &mut tx, org, &conversation, &updated).await?;
    }
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}
