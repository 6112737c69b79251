//! Access profiles: custom permission sets; built-ins are fixed.

use std::collections::{BTreeMap, BTreeSet};

use charla_db::DbError;
use charla_db::repo::{profiles, tokens, users};
use charla_domain::access::Permission;
use charla_domain::ids::new_id;
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::profiles::{PermissionCatalogueView, ProfileView};
use crate::views::{Page, audited};

/// Every permission a profile may grant, by module.
pub fn catalogue() -> PermissionCatalogueView {
    PermissionCatalogueView::all()
}

/// The organization's profiles, built-in and custom, on one page.
pub async fn list(state: &AppState, org: Uuid) -> AppResult<Page<ProfileView>> {
    let rows = profiles::list(&state.db, org).await?;
    let mut by_profile: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
    for (profile, permission) in profiles::all_permissions(&state.db, org).await? {
        by_profile.entry(profile).or_default().push(permission);
    }
    let items = rows.iter().map(|p| ProfileView::new(p, by_profile.remove(&p.id).unwrap_or_default())).collect();
    Ok(Page::new(items, None::<String>))
}

pub async fn get(state: &AppState, org: Uuid, id: Uuid) -> AppResult<ProfileView> {
    let profile = profiles::get(&state.db, org, id).await?.ok_or(ErrorCode::NotFound)?;
    let permissions = profiles::permissions(&state.db, org, id).await?;
    Ok(ProfileView::new(&profile, permissions.into_iter().collect()))
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
) -> AppResult<ProfileView> {
    let now = state.clock.now();
    let id = new_id();
    let mut tx = state.db.begin().await?;
    profiles::insert(&mut tx, caller.org, id, name, None, now).await.map_err(conflict_as_name_taken)?;
    profiles::set_permissions(&mut tx, caller.org, id, &codes(permissions)).await?;
    let profile = profiles::get(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let after = ProfileView::new(&profile, codes(permissions).into_iter().map(str::to_owned).collect());
    audit::record(state, &mut tx, caller, "profile.created", ("profile", Some(id)), None, Some(&audited(&after)))
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn update(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    name: Option<&str>,
    permissions: Option<&BTreeSet<Permission>>,
) -> AppResult<ProfileView> {
    let now = state.clock.now();
    let (row, kept_permissions) = custom_profile(state, caller, id).await?;
    let before = ProfileView::new(&row, kept_permissions.clone());
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
    let after = ProfileView::new(&profile, kept);
    let (before_json, after_json) = (audited(&before), audited(&after));
    audit::record(
        state,
        &mut tx,
        caller,
        "profile.updated",
        ("profile", Some(id)),
        Some(&before_json),
        Some(&after_json),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a custom profile: its members and tokens lose its permissions.
pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> AppResult<()> {
    let now = state.clock.now();
    let (row, permissions) = custom_profile(state, caller, id).await?;
    let before = audited(&ProfileView::new(&row, permissions));
    let mut tx = state.db.begin().await?;
    users::clear_profile(&mut tx, caller.org, id).await?;
    tokens::revoke_for_profile(&mut tx, caller.org, id, now).await?;
    profiles::delete(&mut tx, caller.org, id).await?;
    crate::services::supervision::access_changed(state, &mut tx, caller.org, None, Some(id)).await?;
    audit::record(state, &mut tx, caller, "profile.deleted", ("profile", Some(id)), Some(&before), None).await?;
    tx.commit().await?;
    Ok(())
}
