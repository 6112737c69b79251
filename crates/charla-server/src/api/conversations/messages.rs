//! `GET/POST /api/v1/conversations/{id}/messages`: read the thread (paged backwards from
//! the newest), reply through the outbox (202 with the queued message), or add a note.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::{self, conversations, messages};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::api::inbox_views;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::services::conversations::outbox::{self, Reply};
use crate::services::inbox_access;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadQuery {
    /// Older messages than this id (scrolling up); unset: the newest.
    before: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiQuery(q): ApiQuery<ThreadQuery>,
) -> ApiResult<Json<Value>> {
    let row = conversations::get(&state.db, caller.org, id).await?.ok_or(ApiError::NotFound)?;
    inbox_access::check_visible(&state, &caller, &row).await?;
    let limit = repo::page_limit(q.limit);
    let before = parse_cursor(q.before.as_deref())?;
    let rows = messages::of_conversation(&state.db, caller.org, id, before, limit + 1).await?;
    // One more than asked tells whether older ones remain; the oldest is the cursor.
    let (rows, older) = match rows.split_first() {
        Some((_, rest)) if rows.len() as i64 > limit => (rest, rest.first().map(|m| m.id)),
        _ => (rows.as_slice(), None),
    };
    Ok(Json(json!({ "items": rows.iter().map(inbox_views::message).collect::<Vec<_>>(), "next": older })))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendBody {
    text: Option<String>,
    #[serde(default)]
    attachments: Vec<Uuid>,
    reply_to: Option<Uuid>,
    /// `true`: a private note for colleagues, never sent to the contact.
    #[serde(default)]
    private: bool,
    /// A WhatsApp template; available with the WhatsApp channel.
    template: Option<Value>,
}

pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<SendBody>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    inbox_access::scope(&caller)?;
    if body.template.is_some() {
        return Err(ApiError::Conflict("templates_unavailable"));
    }
    let message = if body.private {
        if !body.attachments.is_empty() || body.reply_to.is_some() {
            return Err(charla_domain::validation::Invalid::single("private", "invalid").into());
        }
        outbox::note(&state, &caller, id, body.text.as_deref().unwrap_or_default()).await?
    } else {
        let reply = Reply { text: body.text, attachments: body.attachments, reply_to: body.reply_to };
        outbox::send(&state, &caller, id, &reply).await?
    };
    let status = if body.private { StatusCode::CREATED } else { StatusCode::ACCEPTED };
    Ok((status, Json(inbox_views::message(&message))))
}
