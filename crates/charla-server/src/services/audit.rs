//! The audit log: every administrative change is recorded in its use case's transaction,
//! and read back newest first.

use charla_db::Tx;
use charla_db::repo::{self, audit};
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::Page;
use crate::views::audit::AuditEntryView;

/// Which entries a page of the log lists.
pub struct AuditQuery {
    /// Only changes of this kind of entity (`user`, `profile`…).
    pub entity_type: Option<String>,
    /// Only changes of this entity.
    pub entity_id: Option<Uuid>,
    /// The last entry of the previous page.
    pub after: Option<Uuid>,
    pub limit: Option<i64>,
}

/// One page of the organization's log, newest first.
pub async fn list(state: &AppState, org: Uuid, query: &AuditQuery) -> AppResult<Page<AuditEntryView>> {
    let limit = repo::page_limit(query.limit);
    let (entity_type, entity_id) = (query.entity_type.as_deref(), query.entity_id);
    let rows = audit::list(&state.db, org, entity_type, entity_id, query.after, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |e| e.id);
    Ok(Page::new(rows.iter().map(AuditEntryView::from).collect(), next))
}

/// Records one administrative change in the caller's transaction.
pub async fn record(
    state: &AppState,
    tx: &mut Tx,
    caller: &Caller,
    action: &str,
    entity: (&str, Option<Uuid>),
    before: Option<&Value>,
    after: Option<&Value>,
) -> AppResult<()> {
    audit::insert(
        tx,
        &audit::NewEntry {
            org: caller.org,
            id: charla_domain::ids::new_id(),
            at: state.clock.now(),
            actor_user_id: Some(caller.user_id),
            actor_token_id: caller.token_id(),
            actor_name: &caller.name,
            action,
            entity_type: entity.0,
            entity_id: entity.1,
            before,
            after,
        },
    )
    .await?;
    Ok(())
}
