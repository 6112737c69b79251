//! `POST /api/v1/conversations`: reach a contact first (OUT-3), by a template or, while
//! their 24-hour window is open, a text.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use uuid::Uuid;

use super::messages::TemplateBody;
use crate::api::extract::ApiJson;
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::conversations::proactive::{self, Opening, Whom};
use crate::state::AppState;
use crate::views::conversations::StartedConversationView;

/// Who (`contact_id` or `phone`, with its country code) and the first message (`template`,
/// or `text` inside the window), on a channel of a campaign the caller works.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    channel_id: Uuid,
    contact_id: Option<Uuid>,
    phone: Option<String>,
    template: Option<TemplateBody>,
    text: Option<String>,
}

pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<StartBody>,
) -> AppResult<(StatusCode, Json<StartedConversationView>)> {
    let whom = match (body.contact_id, body.phone) {
        (Some(contact), None) => Whom::Contact(contact),
        (None, Some(phone)) => Whom::Phone(phone),
        (Some(_), Some(_)) => return Err(Invalid::single("phone", "invalid").into()),
        (None, None) => return Err(Invalid::single("contact_id", "required").into()),
    };
    let opening = match (body.text, body.template) {
        (Some(text), None) => Opening::Text(text),
        (None, Some(template)) => Opening::Template(template.into_send()?),
        (Some(_), Some(_)) => return Err(Invalid::single("text", "invalid").into()),
        (None, None) => return Err(Invalid::single("template", "required").into()),
    };
    let started = proactive::start(&state, &caller, body.channel_id, &whom, &opening).await?;
    Ok((StatusCode::CREATED, Json(started)))
}
