//! `GET/POST /api/v1/conversations/{id}/messages`: read the thread (paged backwards from
//! the newest), reply through the outbox (202 with the queued message), or add a note.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::{self, conversations, messages};
use schemars::JsonSchema;
use std::collections::BTreeMap;

use charla_domain::outbound::template::Given;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::api::extract::{ApiJson, ApiQuery, IdPath, IdsPath, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::conversations::outbox::{self, Reply, TemplateSend};
use crate::services::conversations::reactions;
use crate::services::inbox_access;
use crate::state::AppState;
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
) -> AppResult<Json<Value>> {
    let row = conversations::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    inbox_access::check_visible(&state, &caller, &row).await?;
    let limit = repo::page_limit(q.limit);
    let before = parse_cursor(q.before.as_deref())?;
    let rows = messages::of_conversation(&state.db, caller.org, id, before, limit + 1).await?;
    // One more than asked tells whether older ones remain; the oldest is the cursor.
    let (rows, older) = match rows.split_first() {
        Some((_, rest)) if rows.len() as i64 > limit => (rest, rest.first().map(|m| m.id)),
        _ => (rows.as_slice(), None),
    };
    Ok(Json(json!({ "items": rows.iter().map(MessageView::from).collect::<Vec<_>>(), "next": older })))
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
            .map_err(|_| charla_domain::validation::Invalid::single("template.parameters", "invalid").into()),
    }
}

pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<SendBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    inbox_access::scope(&caller)?;
    if let Some(template) = body.template {
        if body.text.is_some() || body.private || !body.attachments.is_empty() {
            return Err(charla_domain::validation::Invalid::single("template", "invalid").into());
        }
        let send = template.into_send()?;
        let message = outbox::send_template(&state, &caller, id, &send).await?;
        return Ok((StatusCode::ACCEPTED, Json(json!(MessageView::from(&message)))));
    }
    let message = if body.private {
        if !body.attachments.is_empty() || body.reply_to.is_some() {
            return Err(charla_domain::validation::Invalid::single("private", "invalid").into());
        }
        outbox::note(&state, &caller, id, body.text.as_deref().unwrap_or_default()).await?
    } else {
        let reply = Reply { text: body.text, attachments: body.attachments, reply_to: body.reply_to };
        outbox::send(&state, &caller, id, &reply).await?
    };
    let status = if body.private { StatusCode::CREATED } else { StatusCode::ACCEPTED };
    Ok((status, Json(json!(MessageView::from(&message)))))
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
) -> AppResult<(StatusCode, Json<Value>)> {
    inbox_access::scope(&caller)?;
    let message = reactions::react(&state, &caller, id, message_id, &body.emoji).await?;
    Ok((StatusCode::ACCEPTED, Json(json!(MessageView::from(&message)))))
}
