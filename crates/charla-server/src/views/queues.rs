//! Queues of a campaign with their members (CONV-2).

use charla_db::repo::queues::QueueRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QueueView {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub name: String,
    /// The campaign's default queue, which cannot be archived.
    pub is_default: bool,
    /// Conversations waiting in the queue now.
    pub waiting: i64,
    /// The agents who take the queue's conversations.
    pub member_ids: Vec<Uuid>,
    pub archived: bool,
    pub created_at: Ts,
}

impl QueueView {
    pub fn new(q: &QueueRow, member_ids: Vec<Uuid>, is_default: bool) -> Self {
        QueueView {
            id: q.id,
            campaign_id: q.campaign_id,
            name: q.name.clone(),
            is_default,
            waiting: q.waiting_count,
            member_ids,
            archived: q.archived_at.is_some(),
            created_at: q.created_at.0,
        }
    }
}
