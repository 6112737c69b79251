//! Sending through the WhatsApp Cloud API: texts, templates, media (a stored file uploaded
//! once, its media id kept on the message so a retry does not upload it again; or a link),
//! menus, reactions, read marks. Every message send carries the message's own id as
//! `biz_opaque_callback_data`, which Meta returns in its statuses (see `channel_events`).

use charla_channels::SendError;
use charla_channels::whatsapp::{interactive, outbound};
use charla_db::Tx;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::{
    contacts,
    messages::{self, MessageRow},
};
use charla_domain::messages::{DeliveryStatus, MessageKind};
use charla_domain::outbound::interactive::Menu;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::channels::Sent;
use crate::outbound_http::client_for;
use crate::state::AppState;

/// Where the upload's media id is kept in the message's payload, with the number it was
/// uploaded to (media ids belong to one number).
const UPLOAD_KEY: &str = "whatsapp_upload";

fn retry(e: impl std::fmt::Display) -> SendError {
    SendError::Retryable(e.to_string())
}

fn permanent(code: &str, title: &str) -> SendError {
    SendError::Permanent { code: code.to_owned(), title: title.to_owned() }
}

/// One number's endpoint on the Graph API.
struct Api {
    base: String,
    token: String,
    number: String,
}

impl Api {
    fn of(state: &AppState, channel: &ChannelRow) -> Result<Api, SendError> {
        if channel.status == "unlinked" {
            return Err(SendError::Unlinked {
                code: "190".to_owned(),
                title: "the channel needs to be linked again".to_owned(),
            });
        }
        let secrets = crate::services::channels::secrets_of(state, channel).map_err(|e| retry(format!("{e:?}")))?;
        let base = channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or(super::GRAPH_API_BASE);
        Ok(Api {
            base: base.trim_end_matches('/').to_owned(),
            token: secrets.access_token.unwrap_or_default(),
            number: channel.network_key.clone().unwrap_or_default(),
        })
    }

    fn url(&self, what: &str) -> String {
        format!("{}/{}/{what}", self.base, self.number)
    }

    /// The answer of a successful call, or the network's error classified.
    async fn post(&self, request: reqwest::RequestBuilder) -> Result<Value, SendError> {
        let response = crate::outbound_http::send(request.bearer_auth(&self.token)).await.map_err(retry)?;
        let status = response.status().as_u16();
        let answer: Value = crate::outbound_http::read_json(response).await.unwrap_or(Value::Null);
        if !(200..300).contains(&status) {
            return Err(outbound::classify(status, &answer));
        }
        Ok(answer)
    }

    async fn post_json(&self, state: &AppState, what: &str, body: &Value) -> Result<Value, SendError> {
        let url = self.url(what);
        let client = client_for(&state.settings, &url).await.map_err(retry)?;
        self.post(client.post(&url).json(body)).await
    }
}

pub async fn send(state: &AppState, channel: &ChannelRow, message: &MessageRow) -> Result<Sent, SendError> {
    let api = Api::of(state, channel)?;
    let org = channel_org(state, channel).await?;
    let contact = contacts::get(&state.db, org, message.contact_id).await.map_err(retry)?;
    let to =
        contact.and_then(|c| c.phone).ok_or_else(|| permanent("no_phone", "the contact has no WhatsApp number"))?;
    let kind = MessageKind::parse(&message.kind).unwrap_or(MessageKind::Text);
    let body = match kind {
        MessageKind::Template => template(&to, message),
        MessageKind::Interactive => menu(&to, message),
        MessageKind::Reaction => reaction(state, org, &to, message).await?,
        kind if kind.is_media() => media(state, org, &api, &to, kind, message).await?,
        _ => {
            let quoted = network_id_of(state, org, message.reply_to_id).await?;
            outbound::text(&to, message.text.as_deref().unwrap_or_default(), quoted.as_deref())
        }
    };
    let body = outbound::with_callback_data(body, &message.id.to_string());
    let answer = api.post_json(state, "messages", &body).await?;
    let network_id = outbound::sent_id(&answer).ok_or_else(|| retry("the answer has no message id"))?;
    Ok(Sent::whole(Some(network_id), DeliveryStatus::Sent))
}

/// A broadcast's template to one number, carrying `callback_data` (the broadcast and its
/// row) for the statuses to name; answers the network's message id.
pub async fn send_template(
    state: &AppState,
    channel: &ChannelRow,
    to: &str,
    (name, language): (&str, &str),
    params: &[(Option<String>, String)],
    callback_data: &str,
) -> Result<String, SendError> {
    let api = Api::of(state, channel)?;
    let body = outbound::with_callback_data(outbound::template(to, name, language, params), callback_data);
    let answer = api.post_json(state, "messages", &body).await?;
    outbound::sent_id(&answer).ok_or_else(|| retry("the answer has no message id"))
}

/// Marks the contact's message read on their phone (the blue ticks), by its wamid.
pub async fn mark_read(state: &AppState, channel: &ChannelRow, wamid: &str) -> Result<(), SendError> {
    let api = Api::of(state, channel)?;
    api.post_json(state, "messages", &outbound::mark_read(wamid)).await.map(drop)
}

fn template(to: &str, message: &MessageRow) -> Value {
    let t = message.payload.0.get("template").cloned().unwrap_or(Value::Null);
    let params: Vec<(Option<String>, String)> =
        serde_json::from_value(t.get("parameters").cloned().unwrap_or(Value::Null)).unwrap_or_default();
    let name = t.get("name").and_then(Value::as_str).unwrap_or_default();
    let language = t.get("language").and_then(Value::as_str).unwrap_or_default();
    outbound::template(to, name, language, &params)
}

/// The menu as buttons or a list; beyond WhatsApp's limits (or unreadable), its text.
fn menu(to: &str, message: &MessageRow) -> Value {
    let menu: Option<Menu> = message.payload.0.get("interactive").and_then(|m| serde_json::from_value(m.clone()).ok());
    let fallback = || {
        let text = message.text.clone().or_else(|| menu.as_ref().map(Menu::fallback_text)).unwrap_or_default();
        outbound::text(to, &text, None)
    };
    menu.as_ref().and_then(|m| interactive::request(to, m)).unwrap_or_else(fallback)
}

/// Our reaction on the message it answers (`reply_to`), by that message's wamid.
async fn reaction(state: &AppState, org: Uuid, to: &str, message: &MessageRow) -> Result<Value, SendError> {
    let target = network_id_of(state, org, message.reply_to_id)
        .await?
        .ok_or_else(|| permanent("reaction_target", "the message reacted to never reached WhatsApp"))?;
    let emoji = message.payload.0.pointer("/reaction/emoji").and_then(Value::as_str).unwrap_or_default();
    Ok(outbound::reaction(to, &target, emoji))
}

async fn network_id_of(state: &AppState, org: Uuid, id: Option<Uuid>) -> Result<Option<String>, SendError> {
    match id {
        Some(id) => Ok(messages::get(&state.db, org, id).await.map_err(retry)?.and_then(|m| m.network_id)),
        None => Ok(None),
    }
}

/// A media send: by the link the payload names, else by the stored file's media id.
async fn media(
    state: &AppState,
    org: Uuid,
    api: &Api,
    to: &str,
    kind: MessageKind,
    message: &MessageRow,
) -> Result<Value, SendError> {
    let caption = message.text.as_deref();
    let payload = &message.payload.0;
    if let Some(link) = payload.get("link").and_then(Value::as_str) {
        if !link.starts_with("https://") {
            return Err(permanent("invalid_link", "media links must be https URLs"));
        }
        let filename = payload.get("filename").and_then(Value::as_str).or(message.file_name.as_deref());
        return outbound::media(to, kind, outbound::MediaSource::Link(link), caption, filename)
            .ok_or_else(|| permanent("media_unavailable", "this kind of message carries no file"));
    }
    let uploaded = match payload.get(UPLOAD_KEY) {
        Some(upload) if upload.get("phone_number_id").and_then(Value::as_str) == Some(api.number.as_str()) => {
            upload.get("id").and_then(Value::as_str).map(str::to_owned)
        }
        _ => None,
    };
    let media_id = match uploaded {
        Some(id) => id,
        None => upload(state, org, api, message).await?,
    };
    outbound::media(to, kind, outbound::MediaSource::Uploaded(&media_id), caption, message.file_name.as_deref())
        .ok_or_else(|| permanent("media_unavailable", "this kind of message carries no file"))
}

/// Uploads the message's stored file to the number and keeps the media id on the message,
/// committed before the send: a retry after a crash sends by that id instead of uploading.
async fn upload(state: &AppState, org: Uuid, api: &Api, message: &MessageRow) -> Result<String, SendError> {
    let file_id = message.file_id.ok_or_else(|| permanent("media_unavailable", "the message has no file"))?;
    let (file, bytes) = crate::services::files::read_in(state, org, file_id)
        .await
        .map_err(|_| permanent("media_unavailable", "the file to send is no longer stored"))?;
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file.name.clone()).mime_str(&file.content_type);
    let part = part.map_err(|_| permanent("media_unavailable", "the file's content type is not valid"))?;
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", file.content_type.clone())
        .part("file", part);
    let url = api.url("media");
    let client = client_for(&state.settings, &url).await.map_err(retry)?;
    let answer = api.post(client.post(&url).multipart(form)).await?;
    let media_id = outbound::uploaded_id(&answer).ok_or_else(|| retry("the upload's answer has no id"))?;
    let mut payload = message.payload.0.clone();
    if let Some(obj) = payload.as_object_mut() {
        obj.insert(UPLOAD_KEY.to_owned(), json!({ "phone_number_id": api.number, "id": media_id }));
    }
    let mut tx: Tx = state.db.begin().await.map_err(retry)?;
    messages::set_content(&mut tx, org, message.id, &payload, message.file_id, state.clock.now())
        .await
        .map_err(retry)?;
    tx.commit().await.map_err(retry)?;
    Ok(media_id)
}

async fn channel_org(state: &AppState, channel: &ChannelRow) -> Result<Uuid, SendError> {
    charla_db::repo::channels::route(&state.db, channel.id)
        .await
        .map_err(retry)?
        .map(|(org, _)| org)
        .ok_or_else(|| permanent("gone", "the channel is gone"))
}
