//! `/api/v1/contact-fields` (CRM-2): everyone who reads contacts sees the fields;
//! `settings.manage` defines, edits and archives them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::contact_fields::FieldType;
use schemars::JsonSchema;
use serde::Deserialize;

use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::contact_fields::{self as service, FieldPatch, NewFieldInput};
use crate::state::AppState;
use crate::views::Page;
use crate::views::contact_fields::ContactFieldView;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Include archived fields.
    #[serde(default)]
    archived: bool,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<ContactFieldView>>> {
    Ok(Json(service::list(&state, caller.org, q.archived).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFieldBody {
    key: String,
    label: String,
    #[serde(rename = "type")]
    field_type: FieldType,
    #[serde(default)]
    options: Vec<String>,
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewFieldBody>,
) -> AppResult<(StatusCode, Json<ContactFieldView>)> {
    let input = NewFieldInput { key: body.key, label: body.label, field_type: body.field_type, options: body.options };
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &input).await?)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldPatchBody {
    label: Option<String>,
    options: Option<Vec<String>>,
    position: Option<i64>,
    /// `true` archives the field (its values stay, hidden); `false` brings it back.
    archived: Option<bool>,
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<FieldPatchBody>,
) -> AppResult<Json<ContactFieldView>> {
    let patch =
        FieldPatch { label: body.label, options: body.options, position: body.position, archived: body.archived };
    Ok(Json(service::update(&state, &caller, id, &patch).await?))
}
