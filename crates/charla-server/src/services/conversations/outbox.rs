//! Replies and notes (design.md §4): an outbound message is a row plus a send job written in
//! one transaction; the job sends it through the channel and records what the network said.

use charla_db::Tx;
use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::messages::{self, MessageRow, NewMessage, StatusChange};
use charla_db::repo::{files, notifications, queues, users};
use charla_domain::conversations::lifecycle::ConversationStatus;
use charla_domain::ids::new_id;
use charla_domain::messages::{
    DeliveryStatus, Direction, MESSAGE_TEXT_MAX, MessageKind, contains_emoji, mentions, merge_status, preview,
};
use charla_domain::outbound::window;
use charla_domain::search::search_key;
use charla_domain::time::Ts;
use charla_domain::validation::Invalid;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::routing::Touched;
pub use super::template_send::{TemplateSend, send_template};
use super::{Working, change, events};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::jobs::model::JobKind;
use crate::jobs::model::{Enqueue, enqueue};
use crate::services::{campaign_rules, events as event_service, inbox_access};
use crate::state::AppState;

pub struct Reply {
    pub text: Option<String>,
    pub attachments: Vec<Uuid>,
    pub reply_to: Option<Uuid>,
}

#[derive(Serialize, Deserialize)]
pub struct SendJob {
    pub message_id: Uuid,
}

/// What one reply becomes: a text, or one message per attachment (the text as the caption
/// of the first); or a reaction.
pub(super) struct Part {
    pub kind: MessageKind,
    pub text: Option<String>,
    pub file_id: Option<Uuid>,
    pub payload: Value,
}

/// Whether the caller may write to the contact now: the conversation is open, theirs (or
/// they supervise it), and on WhatsApp inside the 24-hour window (CH-1); on Messenger and
/// Instagram a person may answer for 7 days (CH-6).
pub(super) fn check_can_reply(caller: &Caller, w: &Working, now: Ts) -> AppResult<()> {
    if w.status() == ConversationStatus::Closed {
        return Err(ErrorCode::ConversationClosed.into());
    }
    if !inbox_access::supervises(caller) && w.row.agent_id != Some(caller.user_id) {
        return Err(ErrorCode::NotYourConversation.into());
    }
    if let Some(network) = crate::channels::of(&w.row.channel_kind).filter(|n| n.reply_window()) {
        // A person answers here: on Messenger and Instagram for 7 days, with the tag.
        let tagged = network.human_agent_tag();
        let last = w.row.last_contact_message_at.map(|t| t.0);
        match window::allowance(last, now, true, tagged) {
            window::Allowance::Closed if tagged => return Err(ErrorCode::HumanAgentWindowClosed.into()),
            window::Allowance::Closed => return Err(ErrorCode::WindowClosed.into()),
            window::Allowance::Standard | window::Allowance::HumanAgent => {}
        }
    }
    Ok(())
}

/// Checks a reply against the campaign's agent permissions (CONV-5) and the conversation.
pub(super) async fn plan(tx: &mut Tx, caller: &Caller, w: &Working, reply: &Reply, now: Ts) -> AppResult<Vec<Part>> {
    let text = reply.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
    if text.as_ref().is_some_and(|t| t.chars().count() > MESSAGE_TEXT_MAX) {
        let mut invalid = Invalid::new();
        invalid.add_with("text", "too_long", &[("max", MESSAGE_TEXT_MAX as i64)]);
        return Err(invalid.into());
    }
    if text.is_none() && reply.attachments.is_empty() {
        return Err(Invalid::single("text", "required").into());
    }
    // A network may count its limit otherwise (Telegram: UTF-16 code units), so a text of
    // MESSAGE_TEXT_MAX chars may be beyond it.
    if let Some(network) = crate::channels::of(&w.row.channel_kind)
        && let Some(max) = text.as_deref().and_then(|t| network.text_too_long(t))
    {
        let mut invalid = Invalid::new();
        invalid.add_with("text", "too_long", &[("max", max as i64)]);
        return Err(invalid.into());
    }
    check_can_reply(caller, w, now)?;
    let supervises = inbox_access::supervises(caller);
    let rules = campaign_rules::load(&mut *tx, caller.org, w.row.campaign_id).await?;
    let perms = rules.permissions;
    if !supervises && !perms.emojis && text.as_deref().is_some_and(contains_emoji) {
        return Err(ErrorCode::EmojisNotAllowed.into());
    }
    if let Some(reply_to) = reply.reply_to {
        let target = messages::get(&mut *tx, caller.org, reply_to).await?;
        if target.is_none_or(|m| m.conversation_id != w.row.id) {
            return Err(Invalid::single("reply_to", "invalid").into());
        }
    }
    if reply.attachments.is_empty() {
        return Ok(vec![Part { kind: MessageKind::Text, text, file_id: None, payload: json!({}) }]);
    }
    if !supervises && !perms.attachments {
        return Err(ErrorCode::AttachmentsNotAllowed.into());
    }
    let mut parts = Vec::new();
    for (i, id) in reply.attachments.iter().enumerate() {
        let file = files::get(&mut *tx, caller.org, *id)
            .await?
            .ok_or_else(|| Invalid::single(&format!("attachments.{i}"), "invalid"))?;
        let kind = MessageKind::for_content_type(&file.content_type);
        if kind == MessageKind::Audio && !supervises && !perms.voice_notes {
            return Err(ErrorCode::VoiceNotesNotAllowed.into());
        }
        let caption = if i == 0 { text.clone() } else { None };
        parts.push(Part { kind, text: caption, file_id: Some(file.id), payload: json!({}) });
    }
    Ok(parts)
}

/// The agent's reply: stored `pending` with its send job; answers the first message.
pub async fn send(state: &AppState, caller: &Caller, id: Uuid, reply: &Reply) -> AppResult<MessageRow> {
    let mut first = None;
    change!(state, caller, id, |tx, w, touched, now| {
        let parts = plan(tx, caller, w, reply, now).await?;
        first = None;
        for part in parts {
            let message = insert_outbound(state, tx, Sender::of(caller), w, &part, reply.reply_to, now).await?;
            first.get_or_insert(message);
        }
        note_agent_reply(tx, caller, w, now, touched).await
    })?;
    state.jobs_wake.notify_one();
    first.ok_or(ErrorCode::NotFound.into())
}

/// Who an outbound message is by: a person (their reply), or nobody (the bot, the system).
#[derive(Clone, Copy)]
pub(super) struct Sender {
    pub org: Uuid,
    pub author: Option<Uuid>,
    /// Written through an API token: the broadcast report counts its origin as `api`.
    pub api: bool,
}

impl Sender {
    pub fn of(caller: &Caller) -> Sender {
        Sender { org: caller.org, author: Some(caller.user_id), api: caller.token_id().is_some() }
    }
}

/// One outbound message: its row, `pending`, and its send job, in the caller's transaction.
pub(super) async fn insert_outbound(
    state: &AppState,
    tx: &mut Tx,
    sender: Sender,
    w: &Working,
    part: &Part,
    reply_to: Option<Uuid>,
    now: Ts,
) -> AppResult<MessageRow> {
    let Sender { org, author, api } = sender;
    let id = new_id();
    let key = part.text.as_deref().map(search_key);
    messages::insert(
        tx,
        &NewMessage {
            org,
            id,
            conversation_id: w.row.id,
            contact_id: w.row.contact_id,
            channel_id: w.row.channel_id,
            direction: Direction::Outbound.code(),
            kind: part.kind.code(),
            text: part.text.as_deref(),
            search_key: key.as_deref(),
            payload: &part.payload,
            file_id: part.file_id,
            reply_to_id: reply_to,
            author_id: author,
            network_id: None,
            status: Some(DeliveryStatus::Pending.code()),
            now,
        },
    )
    .await?;
    if api {
        charla_db::repo::broadcast_report::mark_api_origin(tx, org, id).await?;
    }
    enqueue(
        state,
        tx,
        Enqueue {
            org,
            kind: JobKind::SendMessage,
            payload: &SendJob { message_id: id },
            run_at: None,
            dedup_key: Some(&format!("send:{id}")),
        },
    )
    .await?;
    let message = messages::get(&mut *tx, org, id).await?.ok_or(ErrorCode::NotFound)?;
    let mut row = w.row.clone();
    row.last_message_preview = Some(preview(part.text.as_deref().unwrap_or(part.kind.code())));
    events::message_created(state, tx, org, &row, &message).await?;
    Ok(message)
}

/// Replying counts as reading; the first reply is REP-2's first response.
pub(super) async fn note_agent_reply(
    tx: &mut Tx,
    caller: &Caller,
    w: &mut Working,
    now: Ts,
    touched: &mut Touched,
) -> AppResult<()> {
    w.next.last_activity_at = now;
    w.next.last_message_direction = Some(Direction::Outbound.code().to_owned());
    let last = messages::of_conversation(&mut *tx, caller.org, w.row.id, None, 1).await?;
    w.next.last_message_preview = last.first().map(|m| preview(m.text.as_deref().unwrap_or(m.kind.as_str())));
    if w.next.first_response_at.is_none() && w.next.agent_id == Some(caller.user_id) {
        w.next.first_response_at = Some(now);
    }
    if w.next.unread_count > 0
        && let Some(agent) = w.next.agent_id
    {
        queues::add_unread(tx, caller.org, agent, -1, -w.next.unread_count).await?;
        touched.agent(agent);
        w.next.unread_count = 0;
    }
    Ok(())
}

/// A private note (CONV-7); mentioned colleagues of the organization get a notification.
pub async fn note(state: &AppState, caller: &Caller, id: Uuid, text: &str) -> AppResult<MessageRow> {
    let text = text.trim();
    let mut invalid = Invalid::new();
    invalid.text("text", text, MESSAGE_TEXT_MAX);
    invalid.finish()?;
    let mut stored = None;
    change!(state, caller, id, |tx, w, _touched, now| {
        let message_id = new_id();
        messages::insert(
            tx,
            &NewMessage {
                org: caller.org,
                id: message_id,
                conversation_id: w.row.id,
                contact_id: w.row.contact_id,
                channel_id: w.row.channel_id,
                direction: Direction::Note.code(),
                kind: MessageKind::Text.code(),
                text: Some(text),
                search_key: Some(&search_key(text)),
                payload: &json!({}),
                file_id: None,
                reply_to_id: None,
                author_id: Some(caller.user_id),
                network_id: None,
                status: None,
                now,
            },
        )
        .await?;
        let message = messages::get(&mut *tx, caller.org, message_id).await?.ok_or(ErrorCode::NotFound)?;
        events::message_created(state, tx, caller.org, &w.row, &message).await?;
        for user in mentions(text) {
            if user == caller.user_id || users::get(&mut *tx, caller.org, user).await?.is_none() {
                continue;
            }
            let payload = json!({
                "conversation_id": w.row.id,
                "message_id": message_id,
                "by": { "id": caller.user_id, "name": caller.name },
                "text": preview(text),
            });
            let notification = new_id();
            notifications::insert(tx, caller.org, notification, user, "mention", &payload, now).await?;
            let event = json!({ "id": notification, "kind": "mention", "payload": payload, "created_at": now });
            let audience = event_service::audience(&[user], &[]);
            event_service::emit(state, tx, caller.org, "notification.created", &event, &audience).await?;
        }
        stored = Some(message);
        Ok(())
    })?;
    stored.ok_or(ErrorCode::NotFound.into())
}

/// What a network reported about one outbound message.
pub struct Report<'a> {
    pub status: DeliveryStatus,
    pub network_id: Option<&'a str>,
    /// The network's error code and title, for a failure.
    pub error: Option<(&'a str, &'a str)>,
}

/// Records a delivery status from the network, never moving it backwards.
pub async fn record_status(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    (message, conversation): (&MessageRow, &ConversationRow),
    report: Report<'_>,
    now: Ts,
) -> AppResult<MessageRow> {
    let Report { status: incoming, network_id, error } = report;
    // Merged over the row as it is now, under its lock: never over a stale read.
    let locked = messages::get_for_update(tx, org, message.id).await?.ok_or(ErrorCode::NotFound)?;
    let message = &locked;
    let current = message.status.as_deref().and_then(DeliveryStatus::parse).unwrap_or(DeliveryStatus::Pending);
    let status = merge_status(current, incoming);
    let at = |reached: bool, was: Option<Ts>| if reached { was.or(Some(now)) } else { was };
    let rank = status.rank().unwrap_or(0);
    let sent_rank = DeliveryStatus::Sent.rank().unwrap_or(0);
    let delivered_rank = DeliveryStatus::Delivered.rank().unwrap_or(0);
    let read_rank = DeliveryStatus::Read.rank().unwrap_or(0);
    let (code, title) = match (status, error) {
        (DeliveryStatus::Failed, Some((c, t))) => (Some(c), Some(t)),
        (DeliveryStatus::Failed, None) => (message.error_code.as_deref(), message.error_title.as_deref()),
        _ => (None, None),
    };
    messages::set_status(
        tx,
        org,
        message.id,
        &StatusChange {
            status: status.code(),
            network_id,
            error_code: code,
            error_title: title,
            resent: message.resent,
            sent_at: at(rank >= sent_rank && status != DeliveryStatus::Failed, message.sent_at.map(|t| t.0)),
            delivered_at: at(
                rank >= delivered_rank && status != DeliveryStatus::Failed,
                message.delivered_at.map(|t| t.0),
            ),
            read_at: at(rank >= read_rank && status != DeliveryStatus::Failed, message.read_at.map(|t| t.0)),
            now,
        },
    )
    .await?;
    let updated = messages::get(&mut *tx, org, message.id).await?.ok_or(ErrorCode::NotFound)?;
    if updated.status != message.status {
        events::message_updated(state, tx, org, conversation, &updated).await?;
    }
    Ok(updated)
}
