//! `/api/v1/templates`: a WhatsApp number's templates with their approval status, to send
//! one from a conversation; and a fresh read from the business account on request.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::templates::{self as service, NewTemplate};
use crate::state::AppState;
use crate::views::Page;
use crate::views::channels::TemplateView;

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
) -> AppResult<Json<Page<TemplateView>>> {
    Ok(Json(service::list(&state, caller.org, q.channel_id, q.status.as_deref()).await?))
}

/// `POST /api/v1/channels/{id}/sync-templates`: read the templates again (a job).
pub async fn sync(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<StatusCode> {
    service::sync(&state, &caller, id).await?;
    Ok(StatusCode::ACCEPTED)
}

/// A new template, in the Graph API's own shape.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    /// The WhatsApp number whose business account gets the template.
    channel_id: Uuid,
    /// Lowercase letters, digits and underscores.
    name: String,
    /// Meta's language code, such as `es`, `es_MX` or `pt_BR`.
    language: String,
    /// `MARKETING`, `UTILITY` or `AUTHENTICATION` (any case).
    category: String,
    /// HEADER, BODY, FOOTER and BUTTONS components, as Graph's `message_templates` takes them.
    components: Vec<Value>,
}

/// `POST /api/v1/templates`: check a new template and submit it for Meta's review (a job).
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreateBody>,
) -> AppResult<(StatusCode, Json<TemplateView>)> {
    let new = NewTemplate {
        channel_id: body.channel_id,
        name: body.name,
        language: body.language,
        category: body.category,
        components: Value::Array(body.components),
    };
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &new).await?)))
}
