use charla_db::Tx;
use charla_db::repo::audit;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;

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
