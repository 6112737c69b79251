//! Sending through the Send API of a page or Instagram account (`POST /{account}/messages`
//! with the account's token): texts, a bot's menu as quick replies, media by link or as an
//! upload of the stored file. Each send goes under Meta's policy, decided at the moment it
//! goes: a response inside the contact's 24-hour window; past it, only a person's message
//! (never a bot's or an automation's), tagged `HUMAN_AGENT`, within 7 days; else it fails.

use charla_channels::SendError;
use charla_channels::messenger::outbound;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::contacts;
use charla_db::repo::conversations;
use charla_db::repo::messages::MessageRow;
use charla_domain::messages::{DeliveryStatus, MessageKind};
use charla_domain::outbound::interactive::Menu;
use charla_domain::outbound::window::{self, Allowance};
use serde_json::Value;
use uuid::Uuid;

use super::MetaInbox;
use crate::channels::Sent;
use crate::outbound_http::client_for;
use crate::state::AppState;

fn retry(e: impl std::fmt::Display) -> SendError {
    SendError::Retryable(e.to_string())
}

fn permanent(code: &str, title: &str) -> SendError {
    SendError::Permanent { code: code.to_owned(), title: title.to_owned() }
}

/// Who the message goes to and under which policy.
struct Target {
    recipient: String,
    allowance: Allowance,
}

pub async fn send(
    inbox: &MetaInbox,
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    message: &MessageRow,
) -> Result<Sent, SendError> {
    if channel.status == "unlinked" {
        return Err(SendError::Unlinked { code: "190".to_owned(), title: "the channel needs a new token".to_owned() });
    }
    let target = target(inbox, state, org, message).await?;
    let token = crate::services::channels::secrets_of(state, channel)
        .map_err(|e| retry(format!("{e:?}")))?
        .access_token
        .unwrap_or_default();
    let url =
        format!("{}/{}/messages", MetaInbox::base_of(channel).trim_end_matches('/'), MetaInbox::account_of(channel));
    let client = client_for(&state.settings, &url).await.map_err(retry)?;
    let kind = MessageKind::parse(&message.kind).unwrap_or(MessageKind::Text);
    let request = if kind.is_media() && message.payload.0.get("link").is_none() {
        upload_request(inbox, state, org, &target, kind, message, client.post(&url)).await?
    } else {
        client.post(&url).json(&body(inbox, &target, kind, message)?)
    };
    let response = crate::outbound_http::send(request.bearer_auth(&token)).await.map_err(retry)?;
    let status = response.status().as_u16();
    let answer: Value = crate::outbound_http::read_json(response).await.unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        return Err(outbound::classify(status, &answer));
    }
    let network_id = outbound::sent_id(&answer).ok_or_else(|| retry("the answer has no message id"))?;
    Ok(Sent::whole(Some(network_id), DeliveryStatus::Sent))
}

/// The contact's id on this network and the policy the send goes under now.
async fn target(inbox: &MetaInbox, state: &AppState, org: Uuid, message: &MessageRow) -> Result<Target, SendError> {
    let identities = contacts::identities(&state.db, org, message.contact_id).await.map_err(retry)?;
    let recipient = identities
        .into_iter()
        .find(|(kind, _)| kind == inbox.identity.code())
        .map(|(_, v)| v)
        .ok_or_else(|| permanent("no_recipient", "the contact has no id on this network"))?;
    let conversation = conversations::get(&state.db, org, message.conversation_id)
        .await
        .map_err(retry)?
        .ok_or_else(|| permanent("gone", "the conversation is gone"))?;
    let last = conversation.last_contact_message_at.map(|t| t.0);
    let by_person = message.author_id.is_some();
    let allowance = window::allowance(last, state.clock.now(), by_person, true);
    if allowance == Allowance::Closed {
        let title = if by_person {
            "more than 7 days since the contact's last message"
        } else {
            "more than 24 hours since the contact's last message"
        };
        return Err(permanent("window_closed", title));
    }
    Ok(Target { recipient, allowance })
}

/// The JSON body of a text, a menu (as quick replies, or its text beyond their limits) or a
/// media by its link.
fn body(inbox: &MetaInbox, target: &Target, kind: MessageKind, message: &MessageRow) -> Result<Value, SendError> {
    let (platform, to, allowance) = (inbox.platform, target.recipient.as_str(), target.allowance);
    let closed = || permanent("window_closed", "the message may not go now");
    if kind.is_media() {
        let link = message.payload.0.get("link").and_then(Value::as_str).unwrap_or_default();
        if !link.starts_with("https://") {
            return Err(permanent("invalid_link", "media links must be https URLs"));
        }
        return outbound::media_by_url(platform, to, allowance, kind, link)
            .ok_or_else(|| permanent("media_unavailable", "this kind of message carries no file"));
    }
    match kind {
        MessageKind::Text => {}
        MessageKind::Interactive => {
            let menu: Option<Menu> =
                message.payload.0.get("interactive").and_then(|m| serde_json::from_value(m.clone()).ok());
            if let Some(menu) = menu {
                let choices: Vec<(String, String)> =
                    menu.options.iter().map(|o| (o.title.clone(), o.id.clone())).collect();
                let quick = outbound::quick_replies(platform, to, allowance, &menu.body, &choices);
                return quick
                    .or_else(|| outbound::text(platform, to, allowance, &menu.fallback_text()))
                    .ok_or_else(closed);
            }
        }
        _ => return Err(permanent("unsupported", "this network does not take this kind of message")),
    }
    outbound::text(platform, to, allowance, message.text.as_deref().unwrap_or_default()).ok_or_else(closed)
}

/// A stored file as the send's `filedata`, with the envelope as form fields.
async fn upload_request(
    inbox: &MetaInbox,
    state: &AppState,
    org: Uuid,
    target: &Target,
    kind: MessageKind,
    message: &MessageRow,
    request: reqwest::RequestBuilder,
) -> Result<reqwest::RequestBuilder, SendError> {
    let file_id = message.file_id.ok_or_else(|| permanent("media_unavailable", "the message has no file"))?;
    let (file, bytes) = crate::services::files::read_in(state, org, file_id)
        .await
        .map_err(|_| permanent("media_unavailable", "the file to send is no longer stored"))?;
    let fields = outbound::media_upload_fields(inbox.platform, &target.recipient, target.allowance, kind)
        .ok_or_else(|| permanent("media_unavailable", "this kind of message carries no file"))?;
    let part = reqwest::multipart::Part::bytes(bytes).file_name(file.name.clone()).mime_str(&file.content_type);
    let part = part.map_err(|_| permanent("media_unavailable", "the file's content type is not valid"))?;
    let form = fields.into_iter().fold(reqwest::multipart::Form::new(), |form, (k, v)| form.text(k, v));
    Ok(request.multipart(form.part("filedata", part)))
}
