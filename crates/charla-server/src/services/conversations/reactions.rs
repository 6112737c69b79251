//! An agent's reaction on a message of the conversation (CH-1): an emoji on the contact's
//! message or one of ours, or an empty one to take it off. It goes out like any reply: an
//! outbound message of kind `reaction` (its target as `reply_to`) with its send job.

use charla_db::repo::messages::{self, MessageRow};
use charla_domain::messages::{Direction, MessageKind, is_reaction_emoji};
use charla_domain::validation::Invalid;
use serde_json::json;
use uuid::Uuid;

use super::change;
use super::outbox::{Part, Sender, check_can_reply, insert_outbound};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::{campaign_rules, inbox_access};
use crate::state::AppState;

/// Checks the emoji alone: empty (take it off) or one emoji.
fn check_emoji(emoji: &str) -> AppResult<()> {
    if emoji.is_empty() || is_reaction_emoji(emoji) {
        return Ok(());
    }
    Err(Invalid::single("emoji", "invalid").into())
}

pub async fn react(state: &AppState, caller: &Caller, id: Uuid, target: Uuid, emoji: &str) -> AppResult<MessageRow> {
    let emoji = emoji.trim();
    check_emoji(emoji)?;
    let mut stored = None;
    change!(state, caller, id, |tx, w, _touched, now| {
        let target = messages::get(&mut *tx, caller.org, target)
            .await?
            .filter(|m| m.conversation_id == w.row.id)
            .ok_or(ErrorCode::NotFound)?;
        let direction = Direction::parse(&target.direction);
        if !matches!(direction, Some(Direction::Inbound | Direction::Outbound)) {
            return Err(Invalid::single("message_id", "invalid").into());
        }
        check_can_reply(caller, w, now)?;
        // The network names a message by its own id: one that never reached it cannot take one.
        if target.network_id.is_none() {
            return Err(ErrorCode::ReactionTargetUnsent.into());
        }
        let rules = campaign_rules::load(&mut *tx, caller.org, w.row.campaign_id).await?;
        if !emoji.is_empty() && !rules.permissions.emojis && !inbox_access::supervises(caller) {
            return Err(ErrorCode::EmojisNotAllowed.into());
        }
        let part = Part {
            kind: MessageKind::Reaction,
            text: (!emoji.is_empty()).then(|| emoji.to_owned()),
            file_id: None,
            payload: json!({ "reaction": { "emoji": emoji } }),
        };
        stored = Some(insert_outbound(state, tx, Sender::of(caller), w, &part, Some(target.id), now).await?);
        Ok(())
    })?;
    state.jobs_wake.notify_one();
    stored.ok_or(ErrorCode::NotFound.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_emoji_or_nothing() {
        for fine in ["", "👍", "❤️", "👍🏽", "👨‍👩‍👧"] {
            assert!(check_emoji(fine).is_ok(), "{fine}");
        }
        for refused in ["ok", "hola 👍", &"👍".repeat(17)] {
            assert!(check_emoji(refused).is_err(), "{refused}");
        }
    }
}
