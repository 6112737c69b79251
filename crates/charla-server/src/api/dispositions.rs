//! `/api/v1/dispositions`: members read them; `campaigns.manage` creates and edits.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::dispositions as service;
use crate::state::AppState;
use crate::views::Page;
use crate::views::campaigns::DispositionView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    project_id: Option<Uuid>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<DispositionView>>> {
    Ok(Json(service::list(&state, caller.org, q.project_id).await?))
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<DispositionView>> {
    Ok(Json(service::get(&state, caller.org, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    project_id: Uuid,
    name: String,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<DispositionView>)> {
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, body.project_id, &name).await?)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchBody {
    name: Option<String>,
    archived: Option<bool>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<PatchBody>,
) -> AppResult<Json<DispositionView>> {
    let mut invalid = Invalid::new();
    let name = body.name.as_deref().map(|n| check_name(&mut invalid, "name", n));
    invalid.finish()?;
    Ok(Json(service::update(&state, &caller, id, name.as_deref(), body.archived).await?))
}

pub async fn archive(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::update(&state, &caller, id, None, Some(true)).await?;
    Ok(StatusCode::NO_CONTENT)
}
