//! The inbox's badges and the people in it: `GET /api/v1/inbox/counts`, `GET
//! /api/v1/agents`, `GET /api/v1/assignment-log`, and the caller's notifications.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::inbox as service;
use crate::state::AppState;
use crate::views::Page;
use crate::views::desk::{AssignmentView, InboxAgentView, InboxCountsView, NotificationView};

pub async fn counts(State(state): State<AppState>, caller: Caller) -> AppResult<Json<InboxCountsView>> {
    Ok(Json(service::counts(&state, &caller).await?))
}

pub async fn agents(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Page<InboxAgentView>>> {
    Ok(Json(service::agents(&state, &caller).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogQuery {
    conversation_id: Option<Uuid>,
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn assignment_log(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LogQuery>,
) -> AppResult<Json<Page<AssignmentView>>> {
    let query = service::LogQuery {
        conversation_id: q.conversation_id,
        after: parse_cursor(q.after.as_deref())?,
        limit: q.limit,
    };
    Ok(Json(service::assignment_log(&state, &caller, &query).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationsQuery {
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn notifications(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<NotificationsQuery>,
) -> AppResult<Json<Page<NotificationView>>> {
    let after = parse_cursor(q.after.as_deref())?;
    Ok(Json(service::notifications(&state, &caller, after, q.limit).await?))
}

pub async fn read_notification(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    service::read_notification(&state, &caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
