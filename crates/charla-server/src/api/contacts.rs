//! `/api/v1/contacts` (CRM-1): `contacts.view` reads (agents: the contacts they serve),
//! `contacts.manage` creates and edits; notes for everyone who can read the contact.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use charla_db::repo::{self, contacts, conversations};
use charla_domain::access::Permission;
use charla_domain::contacts::normalize_tag;
use charla_domain::search::contains_pattern;
use jiff::SignedDuration;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::extract::{ApiJson, ApiQuery, IdPath, double_option, parse_cursor};
use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::contacts::{self as service, ContactInput};
use crate::services::inbox_access::{self, NumberVisibility};
use crate::state::AppState;
use crate::views::contacts::{ContactDetailView, ContactView, IdentityView, NoteView};
use crate::views::inbox::ConversationView;

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
    after: Option<String>,
    limit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::ContactsView)?;
    let numbers = inbox_access::number_visibility_of(&state, &caller).await?;
    let limit = repo::page_limit(q.limit);
    let text = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let digits: String = text.unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
    // Only callers who see every number may find contacts by it.
    let phone_pattern =
        (digits.len() >= 3 && matches!(numbers, NumberVisibility::Everywhere)).then(|| format!("%{digits}%"));
    let since = q.active_days.map(|d| state.clock.now().minus(SignedDuration::from_hours(24 * d.clamp(1, 3660))));
    let filter = contacts::ListFilter {
        search: text.map(contains_pattern),
        phone_pattern,
        tag: q.tag.as_deref().map(normalize_tag),
        exclusive_agent_id: q.exclusive_agent_id,
        unassigned: q.unassigned,
        interacted_since: since,
        served_by: (!service::reads_all(&caller)).then_some(caller.user_id),
        or_supervised: service::supervision_limited(&caller),
        after: parse_cursor(q.after.as_deref())?,
        limit,
    };
    let rows = contacts::list(&state.db, caller.org, &filter).await?;
    let (rows, next) = repo::paginate(rows, limit, |c| c.id);
    let mut items = Vec::new();
    for row in &rows {
        let show = service::shows_number(&state, &caller, &numbers, row.id).await?;
        items.push(ContactView::new(row, show));
    }
    Ok(Json(json!({ "items": items, "next": next })))
}

/// One contact with identities, tags, notes and the conversations the caller may see.
pub async fn get(State(state): State<AppState>, caller: Caller, IdPath(id): IdPath) -> AppResult<Json<Value>> {
    let row = service::check_readable(&state, &caller, id).await?;
    let numbers = inbox_access::number_visibility_of(&state, &caller).await?;
    let show = service::shows_number(&state, &caller, &numbers, id).await?;
    let identities = contacts::identities(&state.db, caller.org, id).await?;
    let tags = contacts::tags(&state.db, caller.org, id).await?;
    let notes = contacts::notes(&state.db, caller.org, id).await?;
    let all = service::reads_all(&caller);
    let view = inbox_access::view_of(&state, caller.org, caller.user_id, &caller.permissions).await?;
    let conversations: Vec<ConversationView> = conversations::of_contact(&state.db, caller.org, id, 50)
        .await?
        .iter()
        .filter(|c| {
            all || c.agent_id == Some(caller.user_id) || view.as_ref().is_some_and(|v| v.oversees(c.campaign_id))
        })
        .map(|c| ConversationView::new(c, numbers.shows(c.campaign_id)))
        .collect();
    let view = ContactDetailView {
        contact: ContactView::new(&row, show),
        identities: IdentityView::list(&identities, show),
        tags,
        notes: notes.iter().map(NoteView::from).collect(),
        conversations,
    };
    Ok(Json(json!(view)))
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
            tags: b.tags,
            exclusive_agent_id: b.exclusive_agent_id,
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<ContactBody>,
) -> AppResult<(StatusCode, Json<Value>)> {
    caller.require(Permission::ContactsManage)?;
    let id = service::create(&state, &caller, &body.into()).await?;
    let Json(view) = get(State(state), caller, IdPath(id)).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath,
    ApiJson(body): ApiJson<ContactBody>,
) -> AppResult<Json<Value>> {
    caller.require(Permission::ContactsManage)?;
    service::update(&state, &caller, id, &body.into()).await?;
    get(State(state), caller, IdPath(id)).await
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
) -> AppResult<(StatusCode, Json<Value>)> {
    let note = service::add_note(&state, &caller, id, &body.text, body.pinned).await?;
    let notes = contacts::notes(&state.db, caller.org, id).await?;
    let view = notes.iter().find(|n| n.id == note).map(NoteView::from).ok_or(ErrorCode::NotFound)?;
    Ok((StatusCode::CREATED, Json(json!(view))))
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
) -> AppResult<Json<Value>> {
    service::check_readable(&state, &caller, body.contact_id).await?;
    let mut tx = state.db.begin().await?;
    let found = contacts::pin_note(&mut tx, caller.org, body.contact_id, id, body.pinned, state.clock.now()).await?;
    tx.commit().await?;
    if !found {
        return Err(ErrorCode::NotFound.into());
    }
    let notes = contacts::notes(&state.db, caller.org, body.contact_id).await?;
    Ok(Json(json!(notes.iter().find(|n| n.id == id).map(NoteView::from).ok_or(ErrorCode::NotFound)?)))
}
