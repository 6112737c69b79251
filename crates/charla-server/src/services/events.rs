//! Realtime events: appended in the same transaction as the change they announce.

use charla_db::Tx;
use charla_db::repo::events;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::error::AppResult;
use crate::state::AppState;

/// Who may receive an event: listed users, or holders of any listed permission.
pub fn audience(user_ids: &[Uuid], permissions: &[&str]) -> Value {
    json!({ "user_ids": user_ids, "permissions": permissions })
}

pub async fn emit(
    state: &AppState,
    tx: &mut Tx,
    org: Uuid,
    kind: &str,
    payload: &Value,
    audience: &Value,
) -> AppResult<i64> {
    let id = events::append(tx, org, kind, payload, audience, state.clock.now()).await?;
    Ok(id)
}
