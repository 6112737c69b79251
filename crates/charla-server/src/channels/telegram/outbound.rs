//! Calling the Telegram Bot API: texts, menus as inline keyboards, media (uploaded as
//! multipart, or by a link Telegram fetches), reactions.
//!
//! A media message whose text is beyond Telegram's caption limit goes in two parts: the
//! media without a caption, then the text as a `sendMessage`. Each part is a send of its
//! own (a run of the send job, at its own turn in the chat's pace); the media's id is
//! recorded in the message's payload (`telegram_parts`) before the text goes, so a retry
//! or a crash after it sends only the text. The message keeps the media's id.

use charla_channels::SendError;
use charla_channels::telegram::outbound;
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
use crate::outbound_http::{self, client_for, ensure_success, read_capped, read_json};
use crate::state::AppState;

fn base_and_token(state: &AppState, channel: &ChannelRow) -> anyhow::Result<(String, String)> {
    let secrets = crate::services::channels::secrets_of(state, channel)?;
    let base = channel.config.0.get("api_base_url").and_then(Value::as_str).unwrap_or(super::TELEGRAM_API_BASE);
    Ok((base.trim_end_matches('/').to_owned(), secrets.access_token.unwrap_or_default()))
}

/// POST {base}/bot{token}/{method}; answers the HTTP status and the JSON body.
pub async fn call(state: &AppState, channel: &ChannelRow, method: &str, body: &Value) -> anyhow::Result<(u16, Value)> {
    let (base, token) = base_and_token(state, channel)?;
    let url = format!("{base}/bot{token}/{method}");
    let response = outbound_http::send(client_for(&state.settings, &url).await?.post(&url).json(body)).await?;
    let status = response.status().as_u16();
    Ok((status, read_json(response).await.unwrap_or(Value::Null)))
}

/// POST {base}/bot{token}/{method} as multipart: the fields, and the file under `field`.
async fn call_with_file(
    state: &AppState,
    channel: &ChannelRow,
    method: &str,
    fields: &Value,
    (field, file): (&str, reqwest::multipart::Part),
) -> anyhow::Result<(u16, Value)> {
    let (base, token) = base_and_token(state, channel)?;
    let url = format!("{base}/bot{token}/{method}");
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields.as_object().into_iter().flatten() {
        // Form fields are text: numbers as digits, objects as JSON (the Bot API reads both).
        let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        form = form.text(name.clone(), text);
    }
    let form = form.part(field.to_owned(), file);
    let response = outbound_http::send(client_for(&state.settings, &url).await?.post(&url).multipart(form)).await?;
    let status = response.status().as_u16();
    Ok((status, read_json(response).await.unwrap_or(Value::Null)))
}

/// The largest file a bot may download through the Bot API (getFile).
pub const DOWNLOAD_LIMIT: usize = 20 * 1024 * 1024;

/// The bytes of a file the contact sent: getFile for its path, then the file URL, read up
/// to the Bot API's 20 MB.
pub async fn download(state: &AppState, channel: &ChannelRow, file_id: &str) -> anyhow::Result<Vec<u8>> {
    let (status, answer) = call(state, channel, "getFile", &serde_json::json!({ "file_id": file_id })).await?;
    anyhow::ensure!(status == 200, "getFile answered {status}");
    let path =
        answer.pointer("/result/file_path").and_then(Value::as_str).ok_or_else(|| anyhow::anyhow!("no file_path"))?;
    let (base, token) = base_and_token(state, channel)?;
    let url = format!("{base}/file/bot{token}/{path}");
    let response = ensure_success(outbound_http::send(client_for(&state.settings, &url).await?.get(&url)).await?)?;
    Ok(read_capped(response, DOWNLOAD_LIMIT).await?)
}

fn permanent(code: &str, title: &str) -> SendError {
    SendError::Permanent { code: code.to_owned(), title: title.to_owned() }
}

fn retry(e: impl std::fmt::Display) -> SendError {
    SendError::Retryable(e.to_string())
}

/// A message's id within its chat, from the network id we keep (`<chat>:<id>`).
fn in_chat(network_id: &str) -> Option<&str> {
    network_id.rsplit_once(':').map(|(_, id)| id)
}

/// Where in the payload the parts of a message sent in two are recorded: `{"media": id}`
/// once the media went, `{"media": id, "text": id}` once the text did too.
pub const PARTS: &str = "telegram_parts";

/// What this run sends of the message.
enum Step {
    /// The whole message, as one send.
    Whole,
    /// The media of a caption beyond the limit, without it.
    Media,
    /// Then the caption, as a text, after the media (its network id).
    Text(String),
}

pub async fn send(state: &AppState, org: Uuid, channel: &ChannelRow, message: &MessageRow) -> Result<Sent, SendError> {
    let identities = contacts::identities(&state.db, org, message.contact_id).await.map_err(retry)?;
    let chat = identities
        .iter()
        .find(|(kind, _)| kind == super::KIND.code())
        .map(|(_, v)| v.clone())
        .ok_or_else(|| permanent("no_chat", "the contact has no Telegram chat"))?;
    let quoted = match message.reply_to_id {
        Some(id) => messages::get(&state.db, org, id).await.map_err(retry)?.and_then(|m| m.network_id),
        None => None,
    };
    let reply_to = quoted.as_deref().and_then(in_chat);
    let kind = MessageKind::parse(&message.kind).unwrap_or(MessageKind::Text);
    let ((status, answer), step) = call_for(state, org, channel, message, (&chat, kind, reply_to)).await?;
    if !(200..300).contains(&status) {
        if outbound::is_blocked(&answer) {
            let mut tx = state.db.begin().await.map_err(retry)?;
            contacts::mark_unreachable(&mut tx, org, message.contact_id, state.clock.now()).await.map_err(retry)?;
            tx.commit().await.map_err(retry)?;
        }
        return Err(outbound::classify(status, &answer));
    }
    if kind == MessageKind::Reaction {
        return Ok(Sent::whole(None, DeliveryStatus::Sent));
    }
    let id = outbound::sent_id(&answer).ok_or_else(|| retry("the answer has no message id"))?;
    let this = format!("{chat}:{id}");
    Ok(match step {
        Step::Whole => Sent::whole(Some(this), DeliveryStatus::Sent),
        Step::Media => Sent {
            network_id: Some(this.clone()),
            status: DeliveryStatus::Sent,
            part: Some((PARTS, json!({ "media": this }))),
            more: true,
        },
        Step::Text(media) => Sent {
            network_id: Some(media.clone()),
            status: DeliveryStatus::Sent,
            part: Some((PARTS, json!({ "media": media, "text": this }))),
            more: false,
        },
    })
}

/// The Bot API call this message takes (a reaction, a menu, a media with or without its
/// caption, the text after a long caption's media, or a text), and which step of the
/// message it was.
async fn call_for(
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    message: &MessageRow,
    (chat, kind, reply_to): (&str, MessageKind, Option<&str>),
) -> Result<((u16, Value), Step), SendError> {
    let text = message.text.as_deref();
    let mut step = Step::Whole;
    let answer = match kind {
        MessageKind::Reaction => {
            let target = reply_to
                .and_then(|id| id.parse::<i64>().ok())
                .ok_or_else(|| permanent("reaction_target", "the message reacted to never reached Telegram"))?;
            let emoji = message.payload.0.pointer("/reaction/emoji").and_then(Value::as_str).unwrap_or_default();
            let body = outbound::set_message_reaction(chat, target, emoji);
            call(state, channel, "setMessageReaction", &body).await.map_err(retry)?
        }
        MessageKind::Interactive => {
            let menu: Option<Menu> =
                message.payload.0.get("interactive").and_then(|m| serde_json::from_value(m.clone()).ok());
            let fallback = text.map(str::to_owned).or_else(|| menu.as_ref().map(Menu::fallback_text));
            let body = menu
                .as_ref()
                .and_then(|m| outbound::send_menu(chat, m, reply_to))
                .unwrap_or_else(|| outbound::send_message(chat, fallback.as_deref().unwrap_or_default(), reply_to));
            call(state, channel, "sendMessage", &body).await.map_err(retry)?
        }
        kind if kind.is_media() => {
            let caption = text.filter(|c| kind != MessageKind::Sticker && !c.trim().is_empty());
            match caption.filter(|c| !outbound::caption_fits(c)) {
                None => send_media(state, org, channel, message, (chat, kind, caption, reply_to)).await?,
                Some(long) => match message.payload.0.pointer(&format!("/{PARTS}/media")).and_then(Value::as_str) {
                    Some(media) => {
                        step = Step::Text(media.to_owned());
                        let body = outbound::send_message(chat, long, None);
                        call(state, channel, "sendMessage", &body).await.map_err(retry)?
                    }
                    None => {
                        step = Step::Media;
                        send_media(state, org, channel, message, (chat, kind, None, reply_to)).await?
                    }
                },
            }
        }
        _ => {
            let body = outbound::send_message(chat, text.unwrap_or_default(), reply_to);
            call(state, channel, "sendMessage", &body).await.map_err(retry)?
        }
    };
    Ok((answer, step))
}

/// A file: by the link the payload names (Telegram fetches it), else the stored file
/// uploaded with the send.
async fn send_media(
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    message: &MessageRow,
    (chat, kind, caption, reply_to): (&str, MessageKind, Option<&str>, Option<&str>),
) -> Result<(u16, Value), SendError> {
    let unavailable = || permanent("media_unavailable", "this kind of message carries no file");
    if let Some(link) = message.payload.0.get("link").and_then(Value::as_str) {
        if !link.starts_with("https://") {
            return Err(permanent("invalid_link", "media links must be https URLs"));
        }
        let (method, body) = outbound::send_media(chat, kind, link, caption).ok_or_else(unavailable)?;
        return call(state, channel, method, &body).await.map_err(retry);
    }
    let (method, field) = outbound::media_method(kind).ok_or_else(unavailable)?;
    let file_id = message.file_id.ok_or_else(|| permanent("media_unavailable", "the message has no file"))?;
    let (file, bytes) = crate::services::files::read_in(state, org, file_id)
        .await
        .map_err(|_| permanent("media_unavailable", "the file to send is no longer stored"))?;
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(file.name.clone())
        .mime_str(&file.content_type)
        .map_err(|_| permanent("media_unavailable", "the file's content type is not valid"))?;
    let fields = outbound::media_fields(chat, kind, caption, reply_to);
    call_with_file(state, channel, method, &fields, (field, part)).await.map_err(retry)
}
