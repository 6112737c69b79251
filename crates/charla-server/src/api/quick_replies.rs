//! `/api/v1/quick-replies` and `/api/v1/quick-reply-categories` (CONV-8): everyone with
//! `quick_replies.use` reads them and renders them into a conversation; `quick_replies.manage`
//! writes them. Text only, with `{{contact.name}}`-style variables.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::DbError;
use charla_db::repo::quick_replies::{self as repo, CategoryRow, ReplyRow, ReplyWrite};
use charla_db::repo::{conversations, users};
use charla_domain::access::Permission;
use charla_domain::contacts::mask_phone;
use charla_domain::ids::new_id;
use charla_domain::messages::MESSAGE_TEXT_MAX;
use charla_domain::quick_replies::{CATEGORY_NAME_MAX, TITLE_MAX, render, variables};
use charla_domain::search::{contains_pattern, search_key};
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{campaign_rules, inbox_access};
use crate::state::AppState;

fn category_view(c: &CategoryRow) -> Value {
    json!({ "id": c.id, "name": c.name, "created_at": c.created_at.0 })
}

fn reply_view(r: &ReplyRow) -> Value {
    json!({
        "id": r.id,
        "category_id": r.category_id,
        "title": r.title,
        "text": r.text,
        "variables": variables(&r.text),
        "created_by": r.created_by,
        "updated_at": r.updated_at.0,
    })
}

fn name_taken(err: DbError) -> AppError {
    match err {
        DbError::Conflict(_) => Invalid::single("name", "taken").into(),
        other => other.into(),
    }
}

pub async fn categories(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Value>> {
    caller.require(Permission::QuickRepliesUse)?;
    let rows = repo::categories(&state.db, caller.org).await?;
    Ok(Json(json!({ "items": rows.iter().map(category_view).collect::<Vec<_>>(), "next": null })))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryBody {
    name: String,
}

async fn save_category(state: &AppState, caller: &Caller, id: Uuid, body: &CategoryBody) -> AppResult<Value> {
    let mut invalid = Invalid::new();
    let name = invalid.text("name", &body.name, CATEGORY_NAME_MAX);
    invalid.finish()?;
    let mut tx = state.db.begin().await?;
    repo::save_category(&mut tx, caller.org, id, &name, state.clock.now()).await.map_err(name_taken)?;
    let row = repo::get_category(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    tx.commit().await?;
    Ok(category_view(&row))
}

pub async fn create_category(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CategoryBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::QuickRepliesManage)?;
    Ok((StatusCode::CREATED, Json(save_category(&state, &caller, new_id(), &body).await?)))
}

pub async fn update_category(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<CategoryBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::QuickRepliesManage)?;
    repo::get_category(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Json(save_category(&state, &caller, id, &body).await?))
}

pub async fn delete_category(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<StatusCode> {
    caller.require(Permission::QuickRepliesManage)?;
    let mut tx = state.db.begin().await?;
    if !repo::delete_category(&mut tx, caller.org, id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    tx.commit().await?;
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
) -> AppResult<Json<Value>> {
    caller.require(Permission::QuickRepliesUse)?;
    let pattern = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(contains_pattern);
    let rows = repo::replies(&state.db, caller.org, q.category_id, pattern.as_deref()).await?;
    Ok(Json(json!({ "items": rows.iter().map(reply_view).collect::<Vec<_>>(), "next": null })))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    caller.require(Permission::QuickRepliesUse)?;
    let row = repo::get_reply(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Json(reply_view(&row)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    category_id: Option<Uuid>,
    title: String,
    text: String,
}

async fn save_reply(state: &AppState, caller: &Caller, id: Uuid, body: &ReplyBody) -> AppResult<Value> {
    let mut invalid = Invalid::new();
    let title = invalid.text("title", &body.title, TITLE_MAX);
    let text = invalid.text("text", &body.text, MESSAGE_TEXT_MAX);
    if let Some(category) = body.category_id
        && repo::get_category(&state.db, caller.org, category).await?.is_none()
    {
        invalid.add("category_id", "invalid");
    }
    invalid.finish()?;
    let mut tx = state.db.begin().await?;
    repo::save_reply(
        &mut tx,
        &ReplyWrite {
            org: caller.org,
            id,
            category_id: body.category_id,
            title: &title,
            text: &text,
            search_key: &search_key(&format!("{title} {text}")),
            created_by: caller.user_id,
            now: state.clock.now(),
        },
    )
    .await?;
    let row = repo::get_reply(&mut tx, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    tx.commit().await?;
    Ok(reply_view(&row))
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ReplyBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::QuickRepliesManage)?;
    Ok((StatusCode::CREATED, Json(save_reply(&state, &caller, new_id(), &body).await?)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<ReplyBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::QuickRepliesManage)?;
    repo::get_reply(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Json(save_reply(&state, &caller, id, &body).await?))
}

pub async fn delete(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    caller.require(Permission::QuickRepliesManage)?;
    let mut tx = state.db.begin().await?;
    if !repo::delete_reply(&mut tx, caller.org, id).await? {
        return Err(ErrorCode::NotFound.into());
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderBody {
    conversation_id: Uuid,
}

/// The reply's text with the conversation's variables filled in, at insertion time; the
/// contact's number follows the same masking as everywhere else.
pub async fn render_for(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<RenderBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::QuickRepliesUse)?;
    let reply = repo::get_reply(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let conversation =
        conversations::get(&state.db, caller.org, body.conversation_id).await?.ok_or(ErrorCode::NotFound)?;
    inbox_access::check_visible(&state, &caller, &conversation).await?;
    let show = inbox_access::number_visibility_of(&state, &caller).await?.shows(conversation.campaign_id);
    let agent = users::get(&state.db, caller.org, caller.user_id).await?;
    let campaign = campaign_rules::load(&state.db, caller.org, conversation.campaign_id).await?;
    let phone = conversation.contact_phone.clone().map(|p| if show { p } else { mask_phone(&p) });
    let vars: BTreeMap<String, String> = [
        ("contact.name", conversation.contact_name.clone()),
        ("contact.phone", phone),
        ("contact.email", conversation.contact_email.clone()),
        ("agent.name", agent.map(|a| a.name)),
        ("campaign.name", Some(campaign.name)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.unwrap_or_default()))
    .collect();
    Ok(Json(json!({ "text": render(&reply.text, &vars) })))
}
