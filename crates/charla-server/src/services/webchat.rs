//! The web chat widget's visitor side (CH-3). A visitor is a contact whose `visitor`
//! identity is the channel and a hash of a random token only the visitor's browser holds:
//! whoever shows the token is that visitor, and sees only that contact's thread on that
//! channel. Their messages go through the one intake; agents' replies through the outbox.

use charla_db::repo::channels::{self, ChannelRow};
use charla_db::repo::contacts::{self, ContactRow, NewContact};
use charla_db::repo::{conversations, messages};
use charla_domain::channels::ChannelKind;
use charla_domain::contacts::{CONTACT_NAME_MAX, IdentityKind};
use charla_domain::ids::new_id;
use charla_domain::messages::{DeliveryStatus, MESSAGE_TEXT_MAX, MessageKind};
use charla_domain::validation::Invalid;
use charla_domain::webchat::{PreChatAnswers, attachment_allowed, check_pre_chat};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::channels::webchat::config as webchat_config;
use crate::error::{AppResult, ErrorCode};
use crate::services::contacts::contact_search_key;
use crate::services::conversations::intake::{self, Inbound, Outcome};
use crate::services::conversations::outbox::{Report, record_status};
use crate::services::files::{self, Upload};
use crate::state::AppState;

/// A live web chat channel and its organization; anything else is not found.
pub async fn channel(state: &AppState, id: Uuid) -> AppResult<(Uuid, ChannelRow)> {
    let Some((org, kind)) = channels::route(&state.db, id).await? else {
        return Err(ErrorCode::NotFound.into());
    };
    if !crate::channels::is(&kind, ChannelKind::Webchat) {
        return Err(ErrorCode::NotFound.into());
    }
    let row =
        channels::get(&state.db, org, id).await?.filter(|c| c.archived_at.is_none()).ok_or(ErrorCode::NotFound)?;
    Ok((org, row))
}

/// What the widget needs to draw itself; nothing secret.
pub fn public_config(channel: &ChannelRow) -> Value {
    let c = webchat_config::read(&channel.config.0);
    json!({
        "channel_id": channel.id,
        "title": c.title.unwrap_or_else(|| channel.name.clone()),
        "color": c.color,
        "welcome": c.welcome,
        "pre_chat": {
            "name": c.pre_chat.name.code(),
            "email": c.pre_chat.email.code(),
            "phone": c.pre_chat.phone.code(),
        },
    })
}

/// The identity value of a visitor: the channel and the token's hash, never the token.
fn identity_of(channel: Uuid, token: &str) -> String {
    format!("{channel}:{:x}", Sha256::digest(token.as_bytes()))
}

/// The visitor a request speaks for.
pub struct Visitor {
    pub contact: ContactRow,
    identity: String,
}

/// Starts a visitor from the pre-chat form; answers the token the widget keeps.
pub async fn start(
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    answers: &PreChatAnswers<'_>,
) -> AppResult<String> {
    let form = webchat_config::read(&channel.config.0).pre_chat;
    let person = check_pre_chat(&form, answers, CONTACT_NAME_MAX)?;
    let token = crate::auth::secret_token::random_secret();
    let identity = identity_of(channel.id, &token);
    let now = state.clock.now();
    let id = new_id();
    let mut tx = state.db.begin().await?;
    // The email and phone are what the visitor typed, kept on the contact but not as its
    // identities: typing someone's address must never reach that person's conversations.
    contacts::insert(
        &mut tx,
        &NewContact {
            org,
            id,
            name: person.name.as_deref(),
            phone: person.phone.as_deref(),
            email: person.email.as_deref(),
            search_key: &contact_search_key(person.name.as_deref(), person.email.as_deref()),
            attributes: &json!({}),
            exclusive_agent_id: None,
            now,
        },
    )
    .await?;
    if !contacts::add_identity(&mut tx, org, IdentityKind::Visitor.code(), &identity, id, now).await? {
        return Err(ErrorCode::Conflict.into());
    }
    tx.commit().await?;
    Ok(token)
}

/// The visitor holding this token on this channel, or 401.
pub async fn visitor(state: &AppState, org: Uuid, channel: &ChannelRow, token: Option<&str>) -> AppResult<Visitor> {
    let token = token.map(str::trim).filter(|t| !t.is_empty() && t.len() <= 200).ok_or(ErrorCode::Unauthorized)?;
    let identity = identity_of(channel.id, token);
    let id = contacts::find_by_identity(&state.db, org, IdentityKind::Visitor.code(), &identity)
        .await?
        .ok_or(ErrorCode::Unauthorized)?;
    let contact = contacts::get(&state.db, org, id).await?.ok_or(ErrorCode::Unauthorized)?;
    Ok(Visitor { contact, identity })
}

/// A message as its visitor sees it: no ids of agents, no payload, no notes.
pub fn message_view(channel: Uuid, m: &messages::MessageRow) -> Value {
    let attachment = m.file_id.map(|id| {
        json!({
            "id": id,
            "name": m.file_name,
            "content_type": m.file_content_type,
            "size": m.file_size,
            "url": format!("/widget/v1/channels/{channel}/files/{id}"),
        })
    });
    let from_agent = m.direction == "outbound";
    json!({
        "id": m.id,
        "direction": m.direction,
        "kind": m.kind,
        "text": m.text,
        "attachment": attachment,
        "author_name": if from_agent { m.author_name.clone() } else { None },
        "status": if from_agent { m.status.clone() } else { None },
        "created_at": m.created_at.0,
    })
}

/// The visitor's own thread on the channel, oldest first, after a message id.
pub async fn thread(
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    visitor: &Visitor,
    after: Option<Uuid>,
    limit: i64,
) -> AppResult<Vec<messages::MessageRow>> {
    Ok(messages::of_channel(&state.db, org, channel.id, Some(visitor.contact.id), after, limit).await?)
}

pub struct VisitorMessage<'a> {
    /// Chosen by the widget; a retry after a lost answer carries the same one.
    pub client_id: Uuid,
    pub text: Option<&'a str>,
    pub file: Option<Upload<'a>>,
}

/// The visitor writes; answers the stored message and whether it is new (a retry of a
/// message already stored answers that one).
/// A visitor's message must say something: a text within the limit, or an attachment of
/// a type the widget takes. Returns the trimmed text.
fn checked_text(m: &VisitorMessage<'_>) -> AppResult<Option<String>> {
    let mut invalid = Invalid::new();
    let text = invalid.optional_text("text", m.text, MESSAGE_TEXT_MAX);
    if let Some(upload) = &m.file
        && !attachment_allowed(upload.content_type)
    {
        invalid.add("content_type", "unsupported_attachment");
    }
    if m.file.is_none() && text.is_none() {
        invalid.add("text", "required");
    }
    invalid.finish()?;
    Ok(text)
}

pub async fn write(
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    visitor: &Visitor,
    m: &VisitorMessage<'_>,
) -> AppResult<(messages::MessageRow, bool)> {
    // Scoped by the visitor, so no one else's id can ever collide with theirs.
    let network_id = format!("web.{}.{}", visitor.contact.id, m.client_id);
    if let Some(existing) = messages::find_by_network_id(&state.db, org, channel.id, &network_id).await? {
        return Ok((existing, false));
    }
    let text = checked_text(m)?;
    let file = match &m.file {
        Some(upload) => Some(files::store(state, org, None, upload).await?),
        None => None,
    };
    let kind = match &file {
        Some(f) => MessageKind::for_content_type(&f.content_type),
        None => MessageKind::Text,
    };
    let outcome = intake::receive(
        state,
        org,
        &Inbound {
            channel,
            identity: (IdentityKind::Visitor, &visitor.identity),
            contact_name: None,
            network_id: &network_id,
            kind,
            text: text.as_deref(),
            payload: json!({}),
            file_id: file.as_ref().map(|f| f.id),
            at: None,
            reply_to: None,
            fetch_media: false,
        },
    )
    .await?;
    let (id, fresh) = match outcome {
        Outcome::Stored { message_id, .. } => (Some(message_id), true),
        // The same message raced itself in: the other copy is the one.
        Outcome::Duplicate => (None, false),
    };
    let row = match id {
        Some(id) => messages::get(&state.db, org, id).await?,
        None => messages::find_by_network_id(&state.db, org, channel.id, &network_id).await?,
    };
    Ok((row.ok_or(ErrorCode::NotFound)?, fresh))
}

/// The visitor's widget showed the agents' replies: they become read, never going back.
pub async fn read(state: &AppState, org: Uuid, channel: &ChannelRow, visitor: &Visitor) -> AppResult<()> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    for message in messages::unread_outbound(&mut tx, org, channel.id, visitor.contact.id).await? {
        let Some(conversation) = conversations::get(&mut tx, org, message.conversation_id).await? else {
            continue;
        };
        let report = Report { status: DeliveryStatus::Read, network_id: None, error: None };
        record_status(state, &mut tx, org, (&message, &conversation), report, now).await?;
    }
    tx.commit().await?;
    state.hub.wake();
    Ok(())
}

/// A file of the visitor's own thread, with its bytes; any other file is not found.
pub async fn file(
    state: &AppState,
    org: Uuid,
    channel: &ChannelRow,
    visitor: &Visitor,
    file_id: Uuid,
) -> AppResult<(charla_db::repo::files::FileRow, Vec<u8>)> {
    if !messages::contact_has_file(&state.db, org, channel.id, visitor.contact.id, file_id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    files::read_in(state, org, file_id).await
}
