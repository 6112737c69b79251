//! `/api/v1/tokens`: API tokens (permission `api.manage`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::tokens as service;
use crate::state::AppState;
use crate::views::Page;
use crate::views::tokens::{NewTokenView, TokenView};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<TokenView>>> {
    let after = parse_cursor(q.after.as_deref())?;
    Ok(Json(service::list(&state, caller.org, after, q.limit).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    name: String,
    profile_id: Uuid,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<NewTokenView>)> {
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &name, body.profile_id).await?)))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<TokenView>> {
    Ok(Json(service::get(&state, caller.org, id).await?))
}

pub async fn revoke(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::revoke(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
