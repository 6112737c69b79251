//! `/api/v1/channels`: members read them; `settings.manage` creates, edits, archives.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::{self, channels};
use charla_domain::access::Permission;
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::channels::{self as service, ChannelPatch, NewChannelInput};
use crate::state::AppState;
use crate::views::hierarchy as node_views;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    kind: Option<String>,
    campaign_id: Option<Uuid>,
    archived: Option<bool>,
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Value>> {
    let limit = repo::page_limit(q.limit);
    let filter = channels::ListFilter {
        kind: q.kind,
        campaign_id: q.campaign_id,
        archived: q.archived,
        after: parse_cursor(q.after.as_deref())?,
        limit,
    };
    let rows = channels::list(&state.db, caller.org, &filter).await?;
    let (rows, next) = repo::paginate(rows, limit, |c| c.id);
    Ok(Json(node_views::page(rows.iter().map(|c| service::view_for(&state, c, Some(&caller))).collect(), next)))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    let row = channels::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    Ok(Json(service::view_for(&state, &row, Some(&caller))))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    kind: String,
    name: String,
    campaign_id: Uuid,
    #[serde(default = "empty_object")]
    config: Value,
}

fn empty_object() -> Value {
    json!({})
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::SettingsManage)?;
    let mut invalid = Invalid::new();
    let name = check_name(&mut invalid, "name", &body.name);
    invalid.finish()?;
    let input = NewChannelInput { kind: body.kind, name, campaign_id: body.campaign_id, config: body.config };
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, input).await?)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchBody {
    name: Option<String>,
    campaign_id: Option<Uuid>,
    bot_enabled: Option<bool>,
    archived: Option<bool>,
    /// Only a web chat's settings can change (its origins, form and looks); networks'
    /// credentials are set when the channel is created.
    config: Option<Value>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<PatchBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::SettingsManage)?;
    let mut invalid = Invalid::new();
    let name = body.name.as_deref().map(|n| check_name(&mut invalid, "name", n));
    invalid.finish()?;
    let patch = ChannelPatch {
        name,
        campaign_id: body.campaign_id,
        bot_enabled: body.bot_enabled,
        archived: body.archived,
        config: body.config,
    };
    Ok(Json(service::update(&state, &caller, id, patch).await?))
}

pub async fn archive(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    caller.require(Permission::SettingsManage)?;
    let patch = ChannelPatch { name: None, campaign_id: None, bot_enabled: None, archived: Some(true), config: None };
    service::update(&state, &caller, id, patch).await?;
    Ok(StatusCode::NO_CONTENT)
}
