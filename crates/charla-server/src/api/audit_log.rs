//! `GET /api/v1/audit-log`: administrative changes, newest first (permission `audit.view`).

use axum::Json;
use axum::extract::State;
use charla_db::repo;
use charla_domain::access::Permission;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiQuery, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views::hierarchy as node_views;

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
) -> AppResult<Json<Value>> {
    caller.require(Permission::AuditView)?;
    let limit = repo::page_limit(q.limit);
    let rows = repo::audit::list(
        &state.db,
        caller.org,
        q.entity_type.as_deref(),
        q.entity_id,
        parse_cursor(q.after.as_deref())?,
        limit,
    )
    .await?;
    let (rows, next) = repo::paginate(rows, limit, |e| e.id);
    let items = rows
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "at": e.at.0,
                "actor_id": e.actor_user_id,
                "actor_token_id": e.actor_token_id,
                "actor_name": e.actor_name,
                "action": e.action,
                "entity_type": e.entity_type,
                "entity_id": e.entity_id,
                "before": e.before.as_ref().map(|b| &b.0),
                "after": e.after.as_ref().map(|a| &a.0),
            })
        })
        .collect();
    Ok(Json(node_views::page(items, next)))
}
