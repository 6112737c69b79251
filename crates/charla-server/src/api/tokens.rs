//! `/api/v1/tokens`: API tokens (permission `api.manage`).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo;
use charla_domain::access::Permission;
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
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
    caller.require(Permission::ApiManage)?;
    let limit = repo::page_limit(q.limit);
    let rows = repo::tokens::list(&state.db, caller.org, parse_cursor(q.after.as_deref())?, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |t| t.id);
    Ok(Json(Page::new(rows.iter().map(TokenView::from).collect(), next)))
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
    caller.require(Permission::ApiManage)?;
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &name, body.profile_id).await?)))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<TokenView>> {
    caller.require(Permission::ApiManage)?;
    let row = repo::tokens::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Json(TokenView::from(&row)))
}

pub async fn revoke(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    caller.require(Permission::ApiManage)?;
    service::revoke(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
