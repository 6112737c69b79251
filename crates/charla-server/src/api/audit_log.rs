//! `GET /api/v1/audit-log`: administrative changes, newest first (permission `audit.view`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiQuery, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::audit::{self, AuditQuery};
use crate::state::AppState;
use crate::views::Page;
use crate::views::audit::AuditEntryView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    entity_type: Option<String>,
    entity_id: Option<Uuid>,
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<AuditEntryView>>> {
    let query = AuditQuery {
        entity_type: q.entity_type,
        entity_id: q.entity_id,
        after: parse_cursor(q.after.as_deref())?,
        limit: q.limit,
    };
    Ok(Json(audit::list(&state, caller.org, &query).await?))
}
