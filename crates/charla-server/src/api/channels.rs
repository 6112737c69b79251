//! `/api/v1/channels`: members read them; `settings.manage` creates, edits, archives.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::tenancy::check_name;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::channels::{self as service, ChannelPatch, ChannelQuery, NewChannelInput};
use crate::state::AppState;
use crate::views::Page;
use crate::views::channels::ChannelView;

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
) -> AppResult<Json<Page<ChannelView>>> {
    let query = ChannelQuery {
        kind: q.kind,
        campaign_id: q.campaign_id,
        archived: q.archived,
        after: parse_cursor(q.after.as_deref())?,
        limit: q.limit,
    };
    Ok(Json(service::list(&state, &caller, query).await?))
}

pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<ChannelView>> {
    Ok(Json(service::get(&state, &caller, id).await?))
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
    Value::Object(serde_json::Map::new())
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<ChannelView>)> {
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
) -> AppResult<Json<ChannelView>> {
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
    let patch = ChannelPatch { name: None, campaign_id: None, bot_enabled: None, archived: Some(true), config: None };
    service::update(&state, &caller, id, patch).await?;
    Ok(StatusCode::NO_CONTENT)
}
