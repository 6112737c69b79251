//! `/api/v1/queues`: inbox users read them; `campaigns.manage` creates and edits.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::routing::queue::check_queue_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::queues::{self as service, QueuePatch};
use crate::state::AppState;
use crate::views::Page;
use crate::views::queues::QueueView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    campaign_id: Option<Uuid>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<QueueView>>> {
    Ok(Json(service::list(&state, caller.org, q.campaign_id).await?))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<QueueView>> {
    Ok(Json(service::get(&state, caller.org, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    campaign_id: Uuid,
    name: String,
    #[serde(default)]
    member_ids: Vec<Uuid>,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<QueueView>)> {
    let mut invalid = Invalid::new();
    let name = check_queue_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    let view = service::create(&state, &caller, body.campaign_id, &name, &body.member_ids).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchBody {
    name: Option<String>,
    member_ids: Option<Vec<Uuid>>,
    archived: Option<bool>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<PatchBody>,
) -> AppResult<Json<QueueView>> {
    let mut invalid = Invalid::new();
    let name = body.name.as_deref().map(|n| check_queue_name(&mut invalid, "name", n));
    invalid.finish()?;
    let patch = QueuePatch { name, member_ids: body.member_ids, archived: body.archived };
    Ok(Json(service::update(&state, &caller, id, patch).await?))
}

pub async fn archive(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::update(&state, &caller, id, QueuePatch { name: None, member_ids: None, archived: Some(true) }).await?;
    Ok(StatusCode::NO_CONTENT)
}
