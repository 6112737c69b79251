//! `GET/POST /api/v1/conversations/{id}/messages`: read the thread (paged backwards from
//! the newest), reply through the outbox (202 with the queued message), or add a note.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::outbound::template::Given;
use charla_domain::validation::Invalid;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use crate::api::extract::{ApiJson, ApiQuery, IdPath, IdsPath, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::conversations::outbox::{Reply, TemplateSend};
use crate::services::conversations::thread::{self, Compose};
use crate::state::AppState;
use crate::views::Page;
use crate::views::inbox::MessageView;

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
) -> AppResult<Json<Page<MessageView>>> {
    let before = parse_cursor(q.before.as_deref())?;
    Ok(Json(thread::page(&state, &caller, id, before, q.limit).await?))
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
    /// A WhatsApp template (outside the 24-hour window too): its name, language and
    /// parameters, a list for `{{1}}..{{n}}` or an object for named variables.
    template: Option<TemplateBody>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    name: String,
    language: Option<String>,
    #[serde(default)]
    #[schemars(with = "Value")]
    parameters: Option<Value>,
}

impl TemplateBody {
    /// The template send it asks for, with its parameters read as a list or an object.
    pub fn into_send(self) -> AppResult<TemplateSend> {
        Ok(TemplateSend { name: self.name, language: self.language, parameters: given(self.parameters)? })
    }
}

fn given(parameters: Option<Value>) -> AppResult<Given> {
    match parameters {
        None | Some(Value::Null) => Ok(Given::List(Vec::new())),
        Some(value) => serde_json::from_value::<Vec<String>>(value.clone())
            .map(Given::List)
            .or_else(|_| serde_json::from_value::<BTreeMap<String, String>>(value).map(Given::Map))
            .map_err(|_| Invalid::single("template.parameters", "invalid").into()),
    }
}

/// What the body asks to write: a template alone, a note without attachments or a quoted
/// message, or a reply.
fn compose(body: SendBody) -> AppResult<Compose> {
    if let Some(template) = body.template {
        if body.text.is_some() || body.private || !body.attachments.is_empty() {
            return Err(Invalid::single("template", "invalid").into());
        }
        return Ok(Compose::Template(template.into_send()?));
    }
    if body.private {
        if !body.attachments.is_empty() || body.reply_to.is_some() {
            return Err(Invalid::single("private", "invalid").into());
        }
        return Ok(Compose::Note(body.text.unwrap_or_default()));
    }
    Ok(Compose::Reply(Reply { text: body.text, attachments: body.attachments, reply_to: body.reply_to }))
}

/// 202 with the queued message, or 201 with a note.
pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<SendBody>,
) -> AppResult<(StatusCode, Json<MessageView>)> {
    let compose = compose(body)?;
    let status = if matches!(compose, Compose::Note(_)) { StatusCode::CREATED } else { StatusCode::ACCEPTED };
    Ok((status, Json(thread::write(&state, &caller, id, &compose).await?)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReactionBody {
    /// One emoji; an empty string takes the reaction off.
    emoji: String,
}

/// `POST /api/v1/conversations/{id}/messages/{message_id}/reaction`: 202 with the queued
/// reaction.
pub async fn react(
    State(state): State<AppState>,
    caller: Caller,
    IdsPath(id, message_id): IdsPath,
    ApiJson(body): ApiJson<ReactionBody>,
) -> AppResult<(StatusCode, Json<MessageView>)> {
    Ok((StatusCode::ACCEPTED, Json(thread::react(&state, &caller, id, message_id, &body.emoji).await?)))
}
