//! The audit log: administrative changes, who made them, the entity before and after.

use charla_db::repo::audit::EntryRow;
use charla_domain::time::Ts;
use schemars::JsonSchema;
use serde::Serialize;
use uuid::Uuid;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AuditEntryView {
    pub id: Uuid,
    pub at: Ts,
    /// The user who made the change (for an API token, the user who created it).
    pub actor_id: Option<Uuid>,
    /// The API token the change came through, if any.
    pub actor_token_id: Option<Uuid>,
    /// The actor's name when the change was made.
    pub actor_name: String,
    /// What happened, such as `user.invited` or `profile.updated`.
    pub action: String,
    /// The kind of entity changed, such as `user` or `profile`.
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    /// The entity's view before the change; null for a creation.
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub before: Option<serde_json::Value>,
    /// The entity's view after the change; null for a deletion.
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub after: Option<serde_json::Value>,
}

impl From<&EntryRow> for AuditEntryView {
    fn from(e: &EntryRow) -> Self {
        AuditEntryView {
            id: e.id,
            at: e.at.0,
            actor_id: e.actor_user_id,
            actor_token_id: e.actor_token_id,
            actor_name: e.actor_name.clone(),
            action: e.action.clone(),
            entity_type: e.entity_type.clone(),
            entity_id: e.entity_id,
            before: e.before.as_ref().map(|b| b.0.clone()),
            after: e.after.as_ref().map(|a| a.0.clone()),
        }
    }
}
