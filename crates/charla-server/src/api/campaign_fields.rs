//! `GET/PUT /api/v1/campaigns/{id}/fields`: a campaign's conversation fields (CONV-6).

use axum::Json;
use axum::extract::State;
use charla_domain::access::Permission;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::campaign_settings::{self, FieldInput};
use crate::state::AppState;

pub async fn list(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    Ok(Json(json!({ "items": campaign_settings::fields(&state, caller.org, id).await?, "next": null })))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldBody {
    id: Option<Uuid>,
    name: String,
    kind: String,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    options: Vec<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceBody {
    fields: Vec<FieldBody>,
}

pub async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<ReplaceBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::CampaignsManage)?;
    let input: Vec<FieldInput> = body
        .fields
        .into_iter()
        .map(|f| FieldInput { id: f.id, name: f.name, kind: f.kind, required: f.required, options: f.options })
        .collect();
    let items = campaign_settings::replace_fields(&state, &caller, id, &input).await?;
    Ok(Json(json!({ "items": items, "next": null })))
}
