//! `/api/v1/pause-reasons`: everyone reads the list; `users.manage` edits it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::pause_reasons as repo;
use charla_domain::access::Permission;
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::pause_reasons as service;
use crate::state::AppState;

pub async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Value>> {
    let rows = repo::list(&state.db, caller.org).await?;
    Ok(Json(json!({ "items": rows, "next": null })))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NameBody {
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NameBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::UsersManage)?;
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &name).await?)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<NameBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::UsersManage)?;
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    Ok(Json(service::rename(&state, &caller, id, &name).await?))
}

pub async fn delete(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    caller.require(Permission::UsersManage)?;
    service::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
