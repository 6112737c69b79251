//! Realtime events of the inbox, addressed to who may see them: the conversation's agent,
//! its queue's members while it waits, and supervisors.

use charla_db::Tx;
use charla_db::repo::conversations::ConversationRow;
use charla_db::repo::messages::MessageRow;
use charla_db::repo::queues;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::error::AppResult;
use crate::services::events;
use crate::state::AppState;
use crate::views::inbox::{ConversationView, MessageView};

pub const CONVERSATION_UPDATED: &str = "conversation.updated";
pub const MESSAGE_CREATED: &str = "message.created";
pub const MESSAGE_UPDATED: &str = "message.updated";
pub const COUNTERS_UPDATED: &str = "inbox.counters_updated";
pub const QUEUE_UPDATED: &str = "queue.updated";

const SUPERVISION: [&str; 2] = ["inbox.supervise", "inbox.all"];

/// The users who see a conversation now, plus `also` (who saw it before a change).
pub async fn audience(tx: &mut Tx, org: Uuid, c: &ConversationRow, also: &[Option<Uuid>]) -> AppResult<Value> {
    let mut users: Vec<Uuid> = also.iter().flatten().copied().collect();
    users.extend(c.agent_id);
    if c.status == "queued"
        && let Some(queue) = c.queue_id
    {
        match c.reserved_for {
            Some(owner) => users.push(owner),
            None => users.extend(queues::members(&mut *tx, org, queue).await?),
        }
    }
    users.sort();
    users.dedup();
    Ok(events::audience(&users, &SUPERVISION))
}

/// The conversation changed (status, assignment, last message, unread count).
pub async fn conversation_updated(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    c: &ConversationRow,
    also: &[Option<Uuid>],
) -> AppResult<()> {
    let audience = audience(tx, org, c, also).await?;
    let payload = json!({ "campaign_id": c.campaign_id, "conversation": ConversationView::new(c, true) });
    events::emit(state, tx, org, CONVERSATION_UPDATED, &payload, &audience).await?;
    Ok(())
}

/// A message was added; the conversation's summary travels with it for the inbox list.
pub async fn message_created(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    c: &ConversationRow,
    m: &MessageRow,
) -> AppResult<()> {
    let audience = audience(tx, org, c, &[]).await?;
    let payload = json!({
        "campaign_id": c.campaign_id,
        "conversation": ConversationView::new(c, true),
        "message": MessageView::from(m),
    });
    events::emit(state, tx, org, MESSAGE_CREATED, &payload, &audience).await?;
    Ok(())
}

/// A message's delivery status moved.
pub async fn message_updated(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    c: &ConversationRow,
    m: &MessageRow,
) -> AppResult<()> {
    let audience = audience(tx, org, c, &[]).await?;
    let payload = json!({ "campaign_id": c.campaign_id, "message": MessageView::from(m) });
    events::emit(state, tx, org, MESSAGE_UPDATED, &payload, &audience).await?;
    Ok(())
}

/// An agent's own counters (assigned, unread) after a change; for their badge.
pub async fn counters_updated(state: &AppState, tx: &mut Tx, org: Uuid, agent: Uuid) -> AppResult<()> {
    let counters = queues::counters(&mut *tx, org, agent).await?;
    let payload = json!({
        "user_id": agent,
        "assigned": counters.assigned_count,
        "unread_conversations": counters.unread_conversations,
        "unread_messages": counters.unread_messages,
    });
    let audience = events::audience(&[agent], &["monitoring.view", "inbox.supervise"]);
    events::emit(state, tx, org, COUNTERS_UPDATED, &payload, &audience).await?;
    Ok(())
}

/// A queue's waiting count moved; for its members and supervisors.
pub async fn queue_updated(state: &AppState, tx: &mut Tx, org: Uuid, queue: Uuid) -> AppResult<()> {
    let Some(row) = queues::get(&mut *tx, org, queue).await? else {
        return Ok(());
    };
    let members = queues::members(&mut *tx, org, queue).await?;
    let payload = json!({ "queue_id": queue, "campaign_id": row.campaign_id, "waiting": row.waiting_count });
    let audience = events::audience(&members, &["monitoring.view", "inbox.supervise", "inbox.all"]);
    events::emit(state, tx, org, QUEUE_UPDATED, &payload, &audience).await?;
    Ok(())
}
