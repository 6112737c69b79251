//! `/api/v1/quick-replies` and `/api/v1/quick-reply-categories` (CONV-8): everyone with
//! `quick_replies.use` reads them and renders them into a conversation; `quick_replies.manage`
//! writes them. Text only, with `{{contact.name}}`-style variables.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::quick_replies::{self as service, ReplyInput};
use crate::state::AppState;
use crate::views::Page;
use crate::views::quick_replies::{CategoryView, QuickReplyView, RenderedReplyView};

pub async fn categories(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Page<CategoryView>>> {
    Ok(Json(service::categories(&state, caller.org).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryBody {
    name: String,
}

pub async fn create_category(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CategoryBody>,
) -> AppResult<(StatusCode, Json<CategoryView>)> {
    Ok((StatusCode::CREATED, Json(service::create_category(&state, &caller, &body.name).await?)))
}

pub async fn update_category(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<CategoryBody>,
) -> AppResult<Json<CategoryView>> {
    Ok(Json(service::update_category(&state, &caller, id, &body.name).await?))
}

pub async fn delete_category(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    service::delete_category(&state, caller.org, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    category_id: Option<Uuid>,
    q: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<QuickReplyView>>> {
    Ok(Json(service::list(&state, caller.org, q.category_id, q.q.as_deref()).await?))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<QuickReplyView>> {
    Ok(Json(service::get(&state, caller.org, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    category_id: Option<Uuid>,
    title: String,
    text: String,
}

impl From<ReplyBody> for ReplyInput {
    fn from(body: ReplyBody) -> Self {
        ReplyInput { category_id: body.category_id, title: body.title, text: body.text }
    }
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ReplyBody>,
) -> AppResult<(StatusCode, Json<QuickReplyView>)> {
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &body.into()).await?)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<ReplyBody>,
) -> AppResult<Json<QuickReplyView>> {
    Ok(Json(service::update(&state, &caller, id, &body.into()).await?))
}

pub async fn delete(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::delete(&state, caller.org, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderBody {
    conversation_id: Uuid,
}

/// The reply's text with the conversation's variables filled in, at insertion time.
pub async fn render_for(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<RenderBody>,
) -> AppResult<Json<RenderedReplyView>> {
    Ok(Json(service::render_for(&state, &caller, id, body.conversation_id).await?))
}
