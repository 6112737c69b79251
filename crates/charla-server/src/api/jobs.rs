//! `GET /api/v1/jobs`: the organization's background jobs, to see what failed and why
//! (permission `settings.manage`).

use axum::Json;
use axum::extract::State;
use charla_db::repo;
use charla_domain::access::Permission;
use serde::Deserialize;
use serde_json::{Value, json};

use super::extract::{ApiQuery, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::state::AppState;
use crate::views::hierarchy as node_views;

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
) -> AppResult<Json<Value>> {
    caller.require(Permission::SettingsManage)?;
    if let Some(status) = q.status.as_deref()
        && !matches!(status, "pending" | "running" | "failed")
    {
        return Err(AppError::Detailed(
            ErrorCode::InvalidQuery,
            "status must be pending, running or failed".to_owned(),
        ));
    }
    let limit = repo::page_limit(q.limit);
    let rows =
        repo::jobs::list(&state.db, caller.org, q.status.as_deref(), parse_cursor(q.after.as_deref())?, limit).await?;
    let (rows, next) = repo::paginate(rows, limit, |j| j.id);
    let items = rows
        .iter()
        .map(|j| {
            json!({
                "id": j.id,
                "kind": j.kind,
                "status": j.status,
                "attempts": j.attempts,
                "max_attempts": j.max_attempts,
                "run_at": j.run_at.0,
                "last_error": j.last_error,
                "created_at": j.created_at.0,
            })
        })
        .collect();
    Ok(Json(node_views::page(items, next)))
}
