//! `GET /api/v1/jobs`: the organization's background jobs, to see what failed and why
//! (permission `settings.manage`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use super::extract::{ApiQuery, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::jobs;
use crate::state::AppState;
use crate::views::Page;
use crate::views::jobs::JobView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    status: Option<String>,
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<JobView>>> {
    if let Some(status) = q.status.as_deref()
        && !matches!(status, "pending" | "running" | "failed")
    {
        return Err(AppError::Detailed(
            ErrorCode::InvalidQuery,
            "status must be pending, running or failed".to_owned(),
        ));
    }
    let after = parse_cursor(q.after.as_deref())?;
    Ok(Json(jobs::list(&state, caller.org, q.status.as_deref(), after, q.limit).await?))
}
