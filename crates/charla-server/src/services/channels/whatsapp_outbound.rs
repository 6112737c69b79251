//! Sending through the WhatsApp Cloud API.

use charla_channels::SendError;
use charla_channels::whatsapp::outbound;
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

fn retry(e: impl std::fmt::Display) -> SendError {
    SendError::Retryable(e.to_string())
}

pub async fn send(state: &AppState, channel: &ChannelRow, message: &MessageRow) -> Result<Sent, SendError> {
    if channel.status == "unlinked" {
        return Err(SendError::Unlinked {
            code: "190".to_owned(),
            title: "the channel needs to be linked again".to_owned(),
        });
    }
    let org = channel_org(state, channel).await?;
    let secrets = crate::services::channels::secrets_of(state, channel).map_err(|e| retry(format!("{e:?}")))?;
    let token = secrets.access_token.unwrap_or_default();
    let base = channel
        .config
        .0
        .get("api_base_url")
        .and_then(Value::as_str)
        .unwrap_or(crate::services::channels::GRAPH_API_BASE);
    let number = channel.network_key.clone().unwrap_or_default();
    let contact = contacts::get(&state.db, org, message.contact_id).await.map_err(retry)?;
    let to = contact.and_then(|c| c.phone).ok_or_else(|| SendError::Permanent {
        code: "no_phone".to_owned(),
        title: "the contact has no WhatsApp number".to_owned(),
    })?;
    if message.file_id.is_some() {
        return Err(SendError::Permanent {
            code: "media_unavailable".to_owned(),
            title: "sending files through WhatsApp is not available yet".to_owned(),
        });
    }
    let body = if message.kind == "template" {
        let t = message.payload.0.get("template").cloned().unwrap_or(Value::Null);
        let params: Vec<(Option<String>, String)> =
            serde_json::from_value(t.get("parameters").cloned().unwrap_or(Value::Null)).unwrap_or_default();
        let name = t.get("name").and_then(Value::as_str).unwrap_or_default();
        let language = t.get("language").and_then(Value::as_str).unwrap_or_default();
        outbound::template(&to, name, language, &params)
    } else {
        let quoted = match message.reply_to_id {
            Some(id) => messages::get(&state.db, org, id).await.map_err(retry)?.and_then(|m| m.network_id),
            None => None,
        };
        outbound::text(&to, message.text.as_deref().unwrap_or_default(), quoted.as_deref())
    };
    let url = format!("{}/{number}/messages", base.trim_end_matches('/'));
    let client = client_for(&state.settings, &url).await.map_err(retry)?;
    let response = client.post(&url).bearer_auth(token).json(&body).send().await.map_err(retry)?;
    let status = response.status().as_u16();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        return Err(outbound::classify(status, &answer));
    }
    let network_id = outbound::sent_id(&answer).ok_or_else(|| retry("the answer has no message id"))?;
    Ok(Sent { network_id, status: DeliveryStatus::Sent })
}

async fn channel_org(state: &AppState, channel: &ChannelRow) -> Result<uuid::Uuid, SendError> {
    charla_db::repo::channels::route(&state.db, channel.id)
        .await
        .map_err(retry)?
        .map(|(org, _)| org)
        .ok_or_else(|| SendError::Permanent { code: "gone".to_owned(), title: "the channel is gone".to_owned() })
}
