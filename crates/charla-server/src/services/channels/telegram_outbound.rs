//! Calling the Telegram Bot API.

use charla_channels::SendError;
use charla_channels::telegram::outbound;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::{
    contacts,
    messages::{self, MessageRow},
};
use charla_domain::messages::DeliveryStatus;
use serde_json::Value;

use crate::jobs::kinds::send_message::Sent;
use crate::outbound_http::client_for;
use crate::state::AppState;

fn base_and_token(state: &AppState, channel: &ChannelRow) -> anyhow::Result<(String, String)> {
    let secrets = crate::services::channels::secrets_of(state, channel).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let base = channel
        .config
        .0
        .get("api_base_url")
        .and_then(Value::as_str)
        .unwrap_or(crate::services::channels::TELEGRAM_API_BASE);
    Ok((base.trim_end_matches('/').to_owned(), secrets.access_token.unwrap_or_default()))
}

/// POST {base}/bot{token}/{method}; answers the HTTP status and the JSON body.
pub async fn call(state: &AppState, channel: &ChannelRow, method: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
    let (base, token) = base_and_token(state, channel)?;
    let url = format!("{base}/bot{token}/{method}");
    let response = client_for(&state.settings, &url).await?.post(&url).json(body).send().await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

/// The bytes of a file the contact sent: getFile for its path, then the file URL.
pub async fn download(state: &AppState, channel: &ChannelRow, file_id: &str) -> anyhow::Result<Vec<u8>> {
    let (status, answer) = call(state, channel, "getFile", &serde_json::json!({ "file_id": file_id })).await?;
    anyhow::ensure!(status == 200, "getFile answered {status}");
    let path =
        answer.pointer("/result/file_path").and_then(Value::as_str).ok_or_else(|| anyhow::anyhow!("no file_path"))?;
    let (base, token) = base_and_token(state, channel)?;
    let url = format!("{base}/file/bot{token}/{path}");
    let response = client_for(&state.settings, &url).await?.get(&url).send().await?.error_for_status()?;
    Ok(response.bytes().await?.to_vec())
}

pub async fn send(
    state: &AppState,
    org: uuid::Uuid,
    channel: &ChannelRow,
    message: &MessageRow,
) -> Result<Sent, SendError> {
    let retry = |e: anyhow::Error| SendError::Retryable(e.to_string());
    let identities = contacts::identities(&state.db, org, message.contact_id).await.map_err(|e| retry(e.into()))?;
    let chat = identities.iter().find(|(kind, _)| kind == "telegram").map(|(_, v)| v.clone()).ok_or_else(|| {
        SendError::Permanent { code: "no_chat".to_owned(), title: "the contact has no Telegram chat".to_owned() }
    })?;
    if message.file_id.is_some() {
        return Err(SendError::Permanent {
            code: "media_unavailable".to_owned(),
            title: "sending files through Telegram is not available yet".to_owned(),
        });
    }
    let quoted = match message.reply_to_id {
        Some(id) => messages::get(&state.db, org, id).await.map_err(|e| retry(e.into()))?.and_then(|m| m.network_id),
        None => None,
    };
    let reply_to = quoted.as_deref().and_then(|n| n.rsplit_once(':').map(|(_, id)| id.to_owned()));
    let body = outbound::send_message(&chat, message.text.as_deref().unwrap_or_default(), reply_to.as_deref());
    let (status, answer) = call(state, channel, "sendMessage", &body).await.map_err(retry)?;
    if !(200..300).contains(&status) {
        if outbound::is_blocked(&answer) {
            let mut tx = state.db.begin().await.map_err(|e| retry(e.into()))?;
            contacts::mark_unreachable(&mut tx, org, message.contact_id, state.clock.now())
                .await
                .map_err(|e| retry(e.into()))?;
            tx.commit().await.map_err(|e| retry(e.into()))?;
        }
        return Err(outbound::classify(status, &answer));
    }
    let id =
        outbound::sent_id(&answer).ok_or_else(|| SendError::Retryable("the answer has no message id".to_owned()))?;
    Ok(Sent { network_id: format!("{chat}:{id}"), status: DeliveryStatus::Sent })
}
