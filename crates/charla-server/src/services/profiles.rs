//! Access profiles: custom permission sets; built-ins are fixed.

use std::collections::BTreeSet;

use charla_db::repo::{profiles, tokens, users};
use charla_db::{Db, DbError};
use charla_domain::access::Permission;
use charla_domain::ids::new_id;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;

pub async fn view(db: &Db, org: Uuid, id: Uuid) -> Result<Option<Value>, DbError> {
    let Some(profile) = profiles::get(db, org, id).await? else {
        return Ok(None);
    };
    let permissions = profiles::permissions(db, org, id).await?;
    Ok(Some(render(&profile, permissions.into_iter().collect())))
}

pub fn render(p: &profiles::ProfileRow, permissions: Vec<String>) -> Value {
    json!({
        "id": p.id,
        "name": p.name,
        "builtin": p.builtin,
        "permissions": permissions,
        "member_count": p.member_count,
    })
}

fn codes(set: &BTreeSet<Permission>) -> Vec<&'static str> {
    set.iter().map(|p| p.code()).collect()
}

fn conflict_as_name_taken(err: DbError) -> AppError {
    match err {
        DbError::Conflict(_) => charla_domain::validation::Invalid::single("name", "taken").into(),
        other => other.into(),
    }
}

/// A profile the caller may change: it exists and is not built in.
async fn custom_profile(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<(profiles::ProfileRow, Vec<String>)> {
    let row = profiles::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    if row.builtin.is_some() {
        return Err(ErrorCode::ProfileBuiltin.into());
    }
    let permissions = profiles::permissions(&state.db, caller.org, id).await?.into_iter().collect();
    Ok((row, permissions))
}

pub async fn create(
    state: &AppState,
    caller: &Caller,
    name: &str,
    permissions: &BTreeSet<Permission>,
) -> AppResult<Value> {
    let now = state.clock.now();
    let id = new_id();
    let mut tx = state.db.begin().await?;
    profiles::insert(&mut tx, caller.org, id, name, None, now).await.map_err(conflict_as_name_taken)?;
    profiles::set_permissions(&mut tx, caller.org, id, &codes(permissions)).await?;
    let profile = profiles::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = render(&profile, codes(permissions).into_iter().map(str::to_owned).collect());
    audit::record(state, &mut tx, caller, "profile.created", ("profile", Some(id)), None, Some(&after)).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    name: Option<&str>,
    permissions: Option<&BTreeSet<Permission>>,
) -> AppResult<Value> {
    let now = state.clock.now();
    let (row, kept_permissions) = custom_profile(state, caller, id).await?;
    let before = render(&row, kept_permissions.clone());
    let mut tx = state.db.begin().await?;
    if let Some(name) = name {
        profiles::rename(&mut tx, caller.org, id, name, now).await.map_err(conflict_as_name_taken)?;
    }
    if let Some(set) = permissions {
        profiles::set_permissions(&mut tx, caller.org, id, &codes(set)).await?;
        crate::services::supervision::access_changed(state, &mut tx, caller.org, None, Some(id)).await?;
    }
    let profile = profiles::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let kept: Vec<String> = match permissions {
        Some(set) => codes(set).into_iter().map(str::to_owned).collect(),
        None => kept_permissions,
    };
    let after = render(&profile, kept);
    audit::record(state, &mut tx, caller, "profile.updated", ("profile", Some(id)), Some(&before), Some(&after))
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a custom profile: its members and tokens lose its permissions.
pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    let now = state.clock.now();
    let (row, permissions) = custom_profile(state, caller, id).await?;
    let before = render(&row, permissions);
    let mut tx = state.db.begin().await?;
    users::clear_profile(&mut tx, caller.org, id).await?;
    tokens::revoke_for_profile(&mut tx, caller.org, id, now).await?;
    profiles::delete(&mut tx, caller.org, id).await?;
    crate::services::supervision::access_changed(state, &mut tx, caller.org, None, Some(id)).await?;
    audit::record(state, &mut tx, caller, "profile.deleted", ("profile", Some(id)), Some(&before), None).await?;
    tx.commit().await?;
    Ok(())
}
