//! Sending an SMS: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` as a form,
//! with HTTP Basic auth, to the contact's phone number. Each send carries our message's
//! status callback URL (`…/webhooks/sms/{channel}/status?outbox_id={message}`), so its
//! statuses find it even when the answer with its SID never arrived. Texts and a bot's
//! menu (as its text) go as SMS; a media with an https link goes as an MMS with it. Twilio
//! fetches an MMS's media from a public URL, so a file stored here only goes as a link.

use charla_channels::SendError;
use charla_channels::twilio::outbound;
use charla_db::repo::channels::ChannelRow;
use charla_db::repo::contacts;
use charla_db::repo::messages::MessageRow;
use charla_domain::contacts::IdentityKind;
use charla_domain::messages::{DeliveryStatus, MessageKind};
use charla_domain::outbound::interactive::Menu;
use serde_json::Value;
use uuid::Uuid;

use super::{KIND, account_of, base_of, number_of};
use crate::channels::Sent;
use crate::outbound_http::client_for;
use crate::state::AppState;

fn retry(e: impl std::fmt::Display) -> SendError {
    SendError::Retryable(e.to_string())
}

fn permanent(code: &str, title: &str) -> SendError {
    SendError::Permanent { code: code.to_owned(), title: title.to_owned() }
}

/// Where Twilio posts this message's statuses.
pub fn status_callback(state: &AppState, channel: &ChannelRow, message: &MessageRow) -> String {
    format!("{}/webhooks/{}/{}/status?outbox_id={}", state.settings.public_base(), KIND.code(), channel.id, message.id)
}

pub async fn send(state: &AppState, org: Uuid, channel: &ChannelRow, message: &MessageRow) -> Result<Sent, SendError> {
    if channel.status == "unlinked" {
        return Err(SendError::Unlinked {
            code: "20003".to_owned(),
            title: "the account's credentials were refused".to_owned(),
        });
    }
    let to = recipient(state, org, message).await?;
    let (body, media) = content(message)?;
    let token = crate::services::channels::secrets_of(state, channel)
        .map_err(|e| retry(format!("{e:?}")))?
        .access_token
        .unwrap_or_default();
    let url = format!("{}{}", base_of(channel).trim_end_matches('/'), outbound::messages_path(account_of(channel)));
    let callback = status_callback(state, channel, message);
    let form = outbound::send_form(&to, number_of(channel), body.as_deref(), media.as_deref(), &callback);
    let client = client_for(&state.settings, &url).await.map_err(retry)?;
    let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(&form).finish();
    let request = client
        .post(&url)
        .basic_auth(account_of(channel), Some(&token))
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(encoded);
    let response = crate::outbound_http::send(request).await.map_err(retry)?;
    let status = response.status().as_u16();
    let answer: Value = crate::outbound_http::read_json(response).await.unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        return Err(outbound::classify(status, &answer));
    }
    let sid = outbound::sent_sid(&answer).ok_or_else(|| retry("the answer has no message sid"))?;
    // Twilio answers `queued`: accepted, as other networks' accepted sends are `sent`; its
    // callbacks then say sent, delivered or undelivered, never moving a status back.
    Ok(Sent::whole(Some(sid), DeliveryStatus::Sent))
}

/// The contact's phone number.
async fn recipient(state: &AppState, org: Uuid, message: &MessageRow) -> Result<String, SendError> {
    let identities = contacts::identities(&state.db, org, message.contact_id).await.map_err(retry)?;
    identities
        .into_iter()
        .find(|(kind, _)| kind == IdentityKind::Phone.code())
        .map(|(_, number)| number)
        .ok_or_else(|| permanent("no_recipient", "the contact has no phone number"))
}

/// The text and the media link of a message, as SMS carries them.
fn content(message: &MessageRow) -> Result<(Option<String>, Option<String>), SendError> {
    let kind = MessageKind::parse(&message.kind).unwrap_or(MessageKind::Text);
    let text = message.text.clone();
    if kind.is_media() {
        let link = message.payload.0.get("link").and_then(Value::as_str);
        return match link {
            Some(link) if link.starts_with("https://") => Ok((text, Some(link.to_owned()))),
            _ => Err(permanent("media_unavailable", "an SMS carries media only as a public https link")),
        };
    }
    match kind {
        MessageKind::Text => Ok((text, None)),
        MessageKind::Interactive => {
            let menu: Option<Menu> =
                message.payload.0.get("interactive").and_then(|m| serde_json::from_value(m.clone()).ok());
            Ok((menu.map(|m| m.fallback_text()).or(text), None))
        }
        _ => Err(permanent("unsupported", "this network does not take this kind of message")),
    }
}
