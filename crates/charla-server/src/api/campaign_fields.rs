//! `GET/PUT /api/v1/campaigns/{id}/fields`: a campaign's conversation fields (CONV-6).

use axum::Json;
use axum::extract::State;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::{ApiJson, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::campaign_fields::{self as service, FieldInput};
use crate::state::AppState;
use crate::views::Page;
use crate::views::campaigns::FieldView;

/// The fields in order, as one page.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<Page<FieldView>>> {
    Ok(Json(service::fields(&state, caller.org, id).await?))
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
) -> AppResult<Json<Page<FieldView>>> {
    let input: Vec<FieldInput> = body
        .fields
        .into_iter()
        .map(|f| FieldInput { id: f.id, name: f.name, kind: f.kind, required: f.required, options: f.options })
        .collect();
    Ok(Json(service::replace_fields(&state, &caller, id, &input).await?))
}
