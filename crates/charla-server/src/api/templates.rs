//! `/api/v1/templates`: a WhatsApp number's templates with their approval status, to send
//! one from a conversation; and a fresh read from the business account on request.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::templates as service;
use crate::state::AppState;
use crate::views::Page;
use crate::views::channels::TemplateView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    channel_id: Uuid,
    status: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<TemplateView>>> {
    Ok(Json(service::list(&state, caller.org, q.channel_id, q.status.as_deref()).await?))
}

/// `POST /api/v1/channels/{id}/sync-templates`: read the templates again (a job).
pub async fn sync(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::sync(&state, &caller, id).await?;
    Ok(StatusCode::ACCEPTED)
}
