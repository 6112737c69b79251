//! Dispositions (CONV-3): configured per project, selected per campaign.

use charla_db::repo::dispositions::{self, DispositionRow};
use charla_db::repo::hierarchy::{self, Level};
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;

pub fn view(d: &DispositionRow) -> Value {
    json!({
        "id": d.id,
        "project_id": d.project_id,
        "name": d.name,
        "archived": d.archived_at.is_some(),
        "created_at": d.created_at.0,
    })
}

pub async fn create(state: &AppState, caller: &Caller, project: Uuid, name: &str) -> AppResult<Value> {
    if hierarchy::get(&state.db, Level::Project, caller.org, project).await?.is_none() {
        return Err(Invalid::single("project_id", "invalid").into());
    }
    let id = new_id();
    let mut tx = state.db.begin().await?;
    dispositions::insert(&mut tx, caller.org, id, project, name, state.clock.now()).await?;
    let row = dispositions::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = view(&row);
    audit::record(state, &mut tx, caller, "disposition.created", ("disposition", Some(id)), None, Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    name: Option<&str>,
    archived: Option<bool>,
) -> AppResult<Value> {
    let row = dispositions::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let now = state.clock.now();
    let archived_at = match archived {
        Some(true) => row.archived_at.map(|t| t.0).or(Some(now)),
        Some(false) => None,
        None => row.archived_at.map(|t| t.0),
    };
    let mut tx = state.db.begin().await?;
    dispositions::update(&mut tx, caller.org, id, name.unwrap_or(&row.name), archived_at, now).await?;
    let after_row = dispositions::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let (before, after) = (view(&row), view(&after_row));
    audit::record(
        state,
        &mut tx,
        caller,
        "disposition.updated",
        ("disposition", Some(id)),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
