//! An inbound media from the Cloud API: GET /{media-id} for a short-lived URL and its type,
//! then the bytes with the bearer token, up to the largest the network carries of its kind.

use anyhow::Context;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::messages::MessageRow;
use serde_json::Value;

use crate::outbound_http::{client_for, ensure_success, read_capped, read_json, send};
use crate::services::channels::secrets_of;
use crate::state::AppState;

pub async fn fetch(
    state: &AppState,
    channel: &ChannelRow,
    message: &MessageRow,
    media_id: &str,
) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let token = secrets_of(state, channel)?.access_token.unwrap_or_default();
    let base = channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or_default();
    download(state, base, media_id, &token, limit(&message.kind)).await
}

/// The largest media the WhatsApp Cloud API carries of a kind: 5 MB images, 500 KB
/// (animated) stickers, 16 MB audio and video, 100 MB documents.
fn limit(kind: &str) -> usize {
    const MB: usize = 1024 * 1024;
    match kind {
        "image" => 5 * MB,
        "sticker" => MB / 2,
        "audio" | "video" => 16 * MB,
        _ => 100 * MB,
    }
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
