//! `/api/v1/contacts` (CRM-1): `contacts.view` reads (agents: the contacts they serve),
//! `contacts.manage` creates and edits; notes for everyone who can read the contact.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_domain::contact_fields::FieldOp;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, double_option, parse_cursor};
use crate::auth::Caller;
use crate::error::AppResult;
use crate::services::contact_reads::{self, ContactQuery, FieldQuery};
use crate::services::contacts::{self as service, ContactInput};
use crate::state::AppState;
use crate::views::Page;
use crate::views::contacts::{ContactDetailView, ContactView, NoteView};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    q: Option<String>,
    tag: Option<String>,
    exclusive_agent_id: Option<Uuid>,
    #[serde(default)]
    unassigned: bool,
    /// Contacts who wrote or were written to in the last N days.
    active_days: Option<i64>,
    /// A custom field's key, to filter by its value (CRM-2).
    field: Option<String>,
    /// How `field` compares: `eq` (the default), `lt`, `gt` (numbers and dates), `contains`
    /// (text, list, email, phone) or `is_set`.
    field_op: Option<FieldOp>,
    /// The value `field` is compared with, written as its type reads (`12.5`, `2026-03-31`, `true`).
    field_value: Option<String>,
    after: Option<String>,
    limit: Option<i64>,
}

/// The list's query string as the service's filter (the export reads the same one).
pub fn query_of(q: ListQuery) -> AppResult<ContactQuery> {
    Ok(ContactQuery {
        after: parse_cursor(q.after.as_deref())?,
        text: q.q,
        tag: q.tag,
        exclusive_agent_id: q.exclusive_agent_id,
        unassigned: q.unassigned,
        active_days: q.active_days,
        field: q.field.map(|key| FieldQuery { key, op: q.field_op.unwrap_or(FieldOp::Eq), value: q.field_value }),
        limit: q.limit,
    })
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Page<ContactView>>> {
    Ok(Json(contact_reads::list(&state, &caller, &query_of(q)?).await?))
}

/// One contact with identities, tags, notes and the conversations the caller may see.
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
) -> AppResult<Json<ContactDetailView>> {
    Ok(Json(contact_reads::detail(&state, &caller, id).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    #[serde(default, deserialize_with = "double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option::deserialize")]
    #[schemars(with = "Option<String>")]
    email: Option<Option<String>>,
    attributes: Option<Value>,
    /// Custom field values by key (CRM-2), each checked by its field's type; `null` clears one.
    #[schemars(with = "Option<serde_json::Map<String, Value>>")]
    fields: Option<serde_json::Map<String, Value>>,
    tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option::deserialize")]
    #[schemars(with = "Option<Uuid>")]
    exclusive_agent_id: Option<Option<Uuid>>,
}

impl From<ContactBody> for ContactInput {
    fn from(b: ContactBody) -> Self {
        ContactInput {
            name: b.name,
            phone: b.phone,
            email: b.email,
            attributes: b.attributes,
            fields: b.fields,
            tags: b.tags,
            exclusive_agent_id: b.exclusive_agent_id,
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ContactBody>,
) -> AppResult<(StatusCode, Json<ContactDetailView>)> {
    Ok((StatusCode::CREATED, Json(service::create(&state, &caller, &body.into()).await?)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<ContactBody>,
) -> AppResult<Json<ContactDetailView>> {
    Ok(Json(service::update(&state, &caller, id, &body.into()).await?))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    text: String,
    #[serde(default)]
    pinned: bool,
}

pub async fn add_note(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<NoteBody>,
) -> AppResult<(StatusCode, Json<NoteView>)> {
    Ok((StatusCode::CREATED, Json(service::add_note(&state, &caller, id, &body.text, body.pinned).await?)))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PinBody {
    contact_id: Uuid,
    pinned: bool,
}

/// `PATCH /api/v1/contact-notes/{id}`: pin or unpin a note.
pub async fn pin_note(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<PinBody>,
) -> AppResult<Json<NoteView>> {
    Ok(Json(service::pin_note(&state, &caller, body.contact_id, id, body.pinned).await?))
}
