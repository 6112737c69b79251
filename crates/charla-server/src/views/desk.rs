//! What surrounds the inbox: the caller's badges and queue lengths, the agents to transfer
//! to, the assignment log (REP-4) and the caller's notifications.

use std::collections::BTreeMap;

use charla_db::repo::notifications::NotificationRow;
use charla_db::repo::queues::{LogRow, QueueRow};
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// `GET /api/v1/inbox/counts`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct InboxCountsView {
    /// Conversations assigned to the caller now.
    pub assigned: i64,
    /// The caller's conversations with unread contact messages.
    pub unread_conversations: i64,
    /// Unread contact messages in the caller's conversations.
    pub unread_messages: i64,
    /// The queues the caller is a member of or oversees, with their waiting counts.
    pub queues: Vec<QueueCountView>,
    /// For supervisors and administrators: the open conversations of what they oversee,
    /// per filter value; null for agents.
    pub open: Option<OpenCountsView>,
}

/// A queue's waiting count.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QueueCountView {
    pub queue_id: Uuid,
    pub campaign_id: Uuid,
    pub name: String,
    /// Conversations waiting in it.
    pub waiting: i64,
}

impl From<&QueueRow> for QueueCountView {
    fn from(q: &QueueRow) -> Self {
        QueueCountView { queue_id: q.id, campaign_id: q.campaign_id, name: q.name.clone(), waiting: q.waiting_count }
    }
}

/// Open conversations counted by status, by campaign id and by channel id.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct OpenCountsView {
    pub by_status: BTreeMap<String, i64>,
    pub by_campaign: BTreeMap<String, i64>,
    pub by_channel: BTreeMap<String, i64>,
}

/// An active person as the inbox shows them (transfer targets, the supervisor's list).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct InboxAgentView {
    pub id: Uuid,
    pub name: String,
    pub avatar_url: Option<String>,
    /// `online`, `paused`, `invisible` or `offline`.
    pub status: String,
    /// Why the person paused (a pause reason of the organization), while `paused`.
    pub pause_reason_id: Option<Uuid>,
    pub status_changed_at: Ts,
    /// Conversations the person may hold at once.
    pub capacity: i64,
    /// Holds the agent's inbox permission, so conversations may be given to them.
    pub takes_conversations: bool,
    /// Conversations assigned now.
    pub assigned: i64,
    pub unread_conversations: i64,
    /// The queues the person is a member of.
    pub queue_ids: Vec<Uuid>,
}

/// One assignment change with its source and who did it (REP-4).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AssignmentView {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub contact_id: Uuid,
    pub campaign_id: Uuid,
    pub from_agent_id: Option<Uuid>,
    pub to_agent_id: Option<Uuid>,
    pub from_queue_id: Option<Uuid>,
    pub to_queue_id: Option<Uuid>,
    /// `user`, `bot`, `workflow`, `api`, `integration` or `contact_import`.
    pub source: String,
    /// The person or token's user who made it; null for automatic routing.
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub at: Ts,
}

impl From<&LogRow> for AssignmentView {
    fn from(r: &LogRow) -> Self {
        AssignmentView {
            id: r.id,
            conversation_id: r.conversation_id,
            contact_id: r.contact_id,
            campaign_id: r.campaign_id,
            from_agent_id: r.from_agent_id,
            to_agent_id: r.to_agent_id,
            from_queue_id: r.from_queue_id,
            to_queue_id: r.to_queue_id,
            source: r.source.clone(),
            actor_user_id: r.actor_user_id,
            actor_name: r.actor_name.clone(),
            at: r.at.0,
        }
    }
}

/// One of the caller's notifications.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NotificationView {
    pub id: Uuid,
    /// What happened: `mention` (a colleague named the caller in a note); the payload says
    /// where.
    pub kind: String,
    #[schemars(with = "serde_json::Map<String, Value>")]
    pub payload: Value,
    pub read_at: Option<Ts>,
    pub created_at: Ts,
}

impl From<&NotificationRow> for NotificationView {
    fn from(n: &NotificationRow) -> Self {
        NotificationView {
            id: n.id,
            kind: n.kind.clone(),
            payload: n.payload.0.clone(),
            read_at: n.read_at.map(|t| t.0),
            created_at: n.created_at.0,
        }
    }
}
