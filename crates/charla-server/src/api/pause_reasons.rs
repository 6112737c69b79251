//! `/api/v1/pause-reasons`: everyone reads the list; `users.manage` edits it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::pause_reasons as service;
use crate::state::AppState;
use crate::views::Page;
use crate::views::pause_reasons::PauseReasonView;

pub async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Page<PauseReasonView>>> {
    Ok(Json(service::list(&state, caller.org).await?))
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
) -> AppResult<(StatusCode, Json<PauseReasonView>)> {
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
) -> AppResult<Json<PauseReasonView>> {
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    Ok(Json(service::rename(&state, &caller, id, &name).await?))
}

pub async fn delete(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::delete(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
