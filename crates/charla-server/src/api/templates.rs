//! `/api/v1/templates`: a WhatsApp number's templates with their approval status, to send
//! one from a conversation; and a fresh read from the business account on request.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_channels::whatsapp::outbound::template_body;
use charla_db::repo::{channels, templates};
use charla_domain::access::Permission;
use charla_domain::outbound::template::{Variables, variables};
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::state::AppState;

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
) -> AppResult<Json<Value>> {
    let channel = channels::get(&state.db, caller.org, q.channel_id).await?.ok_or(ErrorCode::NotFound)?;
    let Some(waba) = channel.network_account.as_deref() else {
        return Ok(Json(json!({ "items": [], "next": null })));
    };
    let items: Vec<Value> = templates::list(&state.db, caller.org, Some(waba))
        .await?
        .iter()
        .filter(|t| q.status.as_ref().is_none_or(|s| t.status.eq_ignore_ascii_case(s)))
        .map(|t| {
            let body = template_body(&t.components.0);
            let vars = body.as_deref().map(variables).unwrap_or(Variables::Positional(0));
            let (positional, named) = match vars {
                Variables::Positional(n) => (n, Vec::new()),
                Variables::Named(names) => (0, names),
            };
            json!({
                "id": t.id,
                "name": t.name,
                "language": t.language,
                "category": t.category,
                "status": t.status,
                "reason": t.reason,
                "details": t.details.0,
                "body": body,
                "positional_parameters": positional,
                "named_parameters": named,
                "updated_at": t.updated_at.0,
            })
        })
        .collect();
    Ok(Json(json!({ "items": items, "next": null })))
}

/// `POST /api/v1/channels/{id}/sync-templates`: read the templates again (a job).
pub async fn sync(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    caller.require(Permission::SettingsManage)?;
    let channel = channels::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let Some(network) = crate::channels::of(&channel.kind).filter(|n| n.templates()) else {
        return Err(ErrorCode::TemplatesUnavailable.into());
    };
    let mut tx = state.db.begin().await?;
    network.sync_templates(&state, &mut tx, caller.org, id).await?;
    tx.commit().await?;
    state.jobs_wake.notify_one();
    Ok(StatusCode::ACCEPTED)
}
