//! A conversation's thread as people read and write it: its messages a page at a time
//! (newest first), a reply, a template or a private note, and a reaction. Each answers the
//! message as the API shows it; the work is `outbox`'s and `reactions`'.

use charla_db::repo::{self, conversations, messages};
use uuid::Uuid;

use super::outbox::{self, Reply, TemplateSend};
use super::reactions;
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::inbox_access;
use crate::state::AppState;
use crate::views::Page;
use crate::views::inbox::MessageView;

/// A page of the conversation's messages older than `before` (the newest when unset); the
/// cursor is the oldest one given, while older ones remain.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    before: Option<Uuid>,
    limit: Option<i64>,
) -> AppResult<Page<MessageView>> {
    let row = conversations::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    inbox_access::check_visible(state, caller, &row).await?;
    let limit = repo::page_limit(limit);
    let rows = messages::of_conversation(&state.db, caller.org, id, before, limit + 1).await?;
    // One more than asked tells whether older ones remain; the oldest is the cursor.
    let (rows, older) = match rows.split_first() {
        Some((_, rest)) if rows.len() as i64 > limit => (rest, rest.first().map(|m| m.id)),
        _ => (rows.as_slice(), None),
    };
    Ok(Page::new(rows.iter().map(MessageView::from).collect(), older))
}

/// What a person writes in a conversation.
pub enum Compose {
    /// A reply to the contact, queued in the outbox.
    Reply(Reply),
    /// A WhatsApp template (outside the 24-hour window too), queued in the outbox.
    Template(TemplateSend),
    /// A private note for colleagues, never sent to the contact.
    Note(String),
}

/// Writes in the conversation; answers the (first) message stored.
pub async fn write(state: &AppState, caller: &Caller, id: Uuid, compose: &Compose) -> AppResult<MessageView> {
    let message = match compose {
        Compose::Reply(reply) => outbox::send(state, caller, id, reply).await?,
        Compose::Template(template) => outbox::send_template(state, caller, id, template).await?,
        Compose::Note(text) => outbox::note(state, caller, id, text).await?,
    };
    Ok(MessageView::from(&message))
}

/// Reacts to a message of the conversation (an empty emoji takes the reaction off).
pub async fn react(state: &AppState, caller: &Caller, id: Uuid, target: Uuid, emoji: &str) -> AppResult<MessageView> {
    Ok(MessageView::from(&reactions::react(state, caller, id, target, emoji).await?))
}
