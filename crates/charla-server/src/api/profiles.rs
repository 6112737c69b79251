//! `/api/v1/profiles` and `/api/v1/permissions` (permission `users.manage`).

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::access::{Permission, parse_permissions};
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::profiles as service;
use crate::state::AppState;
use crate::views::Page;
use crate::views::profiles::{PermissionCatalogueView, ProfileView};

pub async fn catalogue() -> Json<PermissionCatalogueView> {
    Json(service::catalogue())
}

pub async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Page<ProfileView>>> {
    Ok(Json(service::list(&state, caller.org).await?))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<ProfileView>> {
    Ok(Json(service::get(&state, caller.org, id).await?))
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
) -> AppResult<(StatusCode, Json<ProfileView>)> {
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
) -> AppResult<Json<ProfileView>> {
    let mut invalid = Invalid::new();
    let name = body.name.as_deref().map(|n| check_name(&mut invalid, "name", n));
    let permissions = body.permissions.as_deref().map(|p| check_permissions(&mut invalid, p));
    invalid.finish()?;
    Ok(Json(service::update(&state, &caller, id, name.as_deref(), permissions.as_ref()).await?))
}

pub async fn delete(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
