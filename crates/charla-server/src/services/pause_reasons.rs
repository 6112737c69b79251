//! The organization's list of pause reasons.

use charla_db::DbError;
use charla_db::repo::pause_reasons;
use charla_domain::ids::new_id;
use serde_json::json;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;

fn name_taken(err: DbError) -> AppError {
    match err {
        DbError::Conflict(_) => charla_domain::validation::Invalid::single("name", "taken").into(),
        other => other.into(),
    }
}

pub async fn create(state: &AppState, caller: &Caller, name: &str) -> AppResult<serde_json::Value> {
    let id = new_id();
    let mut tx = state.db.begin().await?;
    pause_reasons::insert(&mut tx, caller.org, id, name, state.clock.now()).await.map_err(name_taken)?;
    let view = json!({ "id": id, "name": name });
    audit::record(state, &mut tx, caller, "pause_reason.created", ("pause_reason", Some(id)), None, Some(&view))
        .await?;
    tx.commit().await?;
    Ok(view)
}

pub async fn rename(state: &AppState, caller: &Caller, id: Uuid, name: &str) -> AppResult<serde_json::Value> {
    let before = pause_reasons::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let mut tx = state.db.begin().await?;
    pause_reasons::rename(&mut tx, caller.org, id, name).await.map_err(name_taken)?;
    let (before, after) = (json!(before), json!({ "id": id, "name": name }));
    audit::record(
        state,
        &mut tx,
        caller,
        "pause_reason.updated",
        ("pause_reason", Some(id)),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    let before = pause_reasons::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let mut tx = state.db.begin().await?;
    pause_reasons::delete(&mut tx, caller.org, id).await?;
    audit::record(
        state,
        &mut tx,
        caller,
        "pause_reason.deleted",
        ("pause_reason", Some(id)),
        Some(&json!(before)),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
