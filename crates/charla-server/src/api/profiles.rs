//! `/api/v1/profiles` and `/api/v1/permissions` (permission `users.manage`).

use std::collections::{BTreeMap, BTreeSet};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::profiles as repo;
use charla_domain::access::{CATALOGUE, Permission, parse_permissions};
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::profiles as service;
use crate::state::AppState;

pub async fn catalogue(caller: Caller) -> AppResult<Json<Value>> {
    caller.require(Permission::UsersManage)?;
    let modules: Vec<Value> =
        CATALOGUE.iter().map(|(module, permissions)| json!({ "module": module, "permissions": permissions })).collect();
    Ok(Json(json!({ "modules": modules })))
}

pub async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Value>> {
    caller.require(Permission::UsersManage)?;
    let rows = repo::list(&state.db, caller.org).await?;
    let mut by_profile: BTreeMap<uuid::Uuid, Vec<String>> = BTreeMap::new();
    for (profile, permission) in repo::all_permissions(&state.db, caller.org).await? {
        by_profile.entry(profile).or_default().push(permission);
    }
    let items: Vec<Value> =
        rows.iter().map(|p| service::render(p, by_profile.remove(&p.id).unwrap_or_default())).collect();
    Ok(Json(json!({ "items": items, "next": null })))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    caller.require(Permission::UsersManage)?;
    Ok(Json(service::view(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?))
}

fn check_permissions(invalid: &mut Invalid, codes: &[String]) -> BTreeSet<Permission> {
    match parse_permissions(codes) {
        Ok(set) => set,
        Err(unknown) => {
            for i in unknown {
                invalid.add(&format!("permissions[{i}]"), "unknown_permission");
            }
            BTreeSet::new()
        }
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    name: String,
    permissions: Vec<String>,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::UsersManage)?;
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    let permissions = check_permissions(&mut invalid, &body.permissions);
    invalid.finish()?;
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &name, &permissions).await?)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchBody {
    name: Option<String>,
    permissions: Option<Vec<String>>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<PatchBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::UsersManage)?;
    let mut invalid = Invalid::new();
    let name = body.name.as_deref().map(|n| check_name(&mut invalid, "name", n));
    let permissions = body.permissions.as_deref().map(|p| check_permissions(&mut invalid, p));
    invalid.finish()?;
    Ok(Json(service::update(&state, &caller, id, name.as_deref(), permissions.as_ref()).await?))
}

pub async fn delete(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    caller.require(Permission::UsersManage)?;
    service::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
