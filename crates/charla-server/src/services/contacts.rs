//! Contacts (CRM-1): found or created by their identity on a network; edited by people.

use charla_db::Tx;
use charla_db::repo::contacts::{self, ContactRow, NewContact};
use charla_db::repo::users;
use charla_domain::access::Permission;
use charla_domain::contact_fields::StoredValue;
use charla_domain::contacts::{CONTACT_NAME_MAX, IdentityKind, NOTE_MAX, check_tag, normalize_phone};
use charla_domain::ids::new_id;
use charla_domain::people::check_email;
use charla_domain::search::search_key;
use charla_domain::time::Ts;
use charla_domain::validation::Invalid;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::contact_fields;
use crate::services::contact_reads::{self, check_readable, supervision_limited};
use crate::state::AppState;
use crate::views::contacts::{ContactDetailView, NoteView};

/// What search matches a contact by: name and email, lowercase without accents.
pub fn contact_search_key(name: Option<&str>, email: Option<&str>) -> String {
    search_key(&[name.unwrap_or_default(), email.unwrap_or_default()].join(" "))
}

/// The contact holding this identity, created (with the name the network gave) when new.
pub async fn find_or_create(
    tx: &mut Tx,
    org: Uuid,
    kind: IdentityKind,
    value: &str,
    name: Option<&str>,
    now: Ts,
) -> AppResult<ContactRow> {
    if let Some(id) = contacts::find_by_identity(&mut *tx, org, kind.code(), value).await? {
        let contact = contacts::get(&mut *tx, org, id).await?.ok_or(ErrorCode::NotFound)?;
        if contact.name.is_none()
            && let Some(name) = name
        {
            let key = contact_search_key(Some(name), contact.email.as_deref());
            contacts::update(
                tx,
                org,
                id,
                &contacts::ContactUpdate {
                    name: Some(name),
                    phone: contact.phone.as_deref(),
                    email: contact.email.as_deref(),
                    search_key: &key,
                    attributes: &contact.attributes.0,
                    exclusive_agent_id: contact.exclusive_agent_id,
                    now,
                },
            )
            .await?;
            return contacts::get(&mut *tx, org, id).await?.ok_or(ErrorCode::NotFound.into());
        }
        return Ok(contact);
    }
    let id = new_id();
    let phone = (kind == IdentityKind::Phone).then_some(value);
    let email = (kind == IdentityKind::Email).then_some(value);
    contacts::insert(
        tx,
        &NewContact {
            org,
            id,
            name,
            phone,
            email,
            search_key: &contact_search_key(name, email),
            attributes: &json!({}),
            exclusive_agent_id: None,
            now,
        },
    )
    .await?;
    if !contacts::add_identity(tx, org, kind.code(), value, id, now).await? {
        // Created at the same moment by another delivery: start again and find it.
        return Err(ErrorCode::Conflict.into());
    }
    contacts::get(&mut *tx, org, id).await?.ok_or(ErrorCode::NotFound.into())
}

pub async fn exclusive_agent(tx: &mut Tx, org: Uuid, contact: Uuid) -> AppResult<Option<Uuid>> {
    Ok(contacts::get(&mut *tx, org, contact).await?.and_then(|c| c.exclusive_agent_id))
}

pub struct ContactInput {
    pub name: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub attributes: Option<Value>,
    pub fields: Option<Map<String, Value>>,
    pub tags: Option<Vec<String>>,
    pub exclusive_agent_id: Option<Option<Uuid>>,
}

/// Checks a contact's fields as a person submits them; normalized values out.
async fn check_input(state: &AppState, org: Uuid, input: &ContactInput) -> AppResult<CheckedContact> {
    let mut invalid = Invalid::new();
    let name = input.name.as_ref().map(|n| invalid.optional_text("name", n.as_deref(), CONTACT_NAME_MAX));
    let phone = input.phone.as_ref().map(|p| {
        p.as_deref().map(str::trim).filter(|p| !p.is_empty()).and_then(|p| {
            let normalized = normalize_phone(p);
            if normalized.is_none() {
                invalid.add("phone", "invalid_phone");
            }
            normalized
        })
    });
    let email = input
        .email
        .as_ref()
        .map(|e| e.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(|e| check_email(&mut invalid, "email", e)));
    if input.attributes.as_ref().is_some_and(|a| !a.is_object()) {
        invalid.add("attributes", "invalid");
    }
    let tags = input.tags.as_ref().map(|tags| {
        let mut out: Vec<String> =
            tags.iter().enumerate().map(|(i, t)| check_tag(&mut invalid, &format!("tags.{i}"), t)).collect();
        out.sort();
        out.dedup();
        out
    });
    let fields = match &input.fields {
        Some(values) => contact_fields::check(state, org, &mut invalid, values).await?,
        None => Vec::new(),
    };
    if let Some(Some(agent)) = input.exclusive_agent_id
        && users::get(&state.db, org, agent).await?.is_none_or(|u| !u.active)
    {
        invalid.add("exclusive_agent_id", "invalid");
    }
    invalid.finish()?;
    Ok(CheckedContact { name, phone, email, tags, fields })
}

struct CheckedContact {
    name: Option<Option<String>>,
    phone: Option<Option<String>>,
    email: Option<Option<String>>,
    tags: Option<Vec<String>>,
    fields: Vec<(Uuid, Option<StoredValue>)>,
}

/// Keeps the identity table in step with the contact's phone or email; a value another
/// contact holds is refused.
async fn set_identity(
    tx: &mut Tx,
    org: Uuid,
    contact: Uuid,
    kind: IdentityKind,
    value: Option<&str>,
    now: Ts,
) -> AppResult<()> {
    contacts::remove_identity(tx, org, kind.code(), contact).await?;
    if let Some(value) = value
        && !contacts::add_identity(tx, org, kind.code(), value, contact, now).await?
    {
        let field = if kind == IdentityKind::Phone { "phone" } else { "email" };
        return Err(Invalid::single(field, "taken").into());
    }
    Ok(())
}

/// A person adds a contact; the answer is the contact as they read it.
pub async fn create(state: &AppState, caller: &Caller, input: &ContactInput) -> AppResult<ContactDetailView> {
    let checked = check_input(state, caller.org, input).await?;
    let now = state.clock.now();
    let id = new_id();
    let name = checked.name.flatten();
    let phone = checked.phone.flatten();
    let email = checked.email.flatten();
    let mut tx = state.db.begin().await?;
    contacts::insert(
        &mut tx,
        &NewContact {
            org: caller.org,
            id,
            name: name.as_deref(),
            phone: phone.as_deref(),
            email: email.as_deref(),
            search_key: &contact_search_key(name.as_deref(), email.as_deref()),
            attributes: input.attributes.as_ref().unwrap_or(&json!({})),
            exclusive_agent_id: input.exclusive_agent_id.flatten(),
            now,
        },
    )
    .await?;
    set_identity(&mut tx, caller.org, id, IdentityKind::Phone, phone.as_deref(), now).await?;
    set_identity(&mut tx, caller.org, id, IdentityKind::Email, email.as_deref(), now).await?;
    contacts::set_tags(&mut tx, caller.org, id, &checked.tags.unwrap_or_default()).await?;
    contact_fields::store(&mut tx, caller.org, id, &checked.fields, now).await?;
    tx.commit().await?;
    contact_reads::read_back(state, caller, id).await
}

/// A person edits a contact; the answer is the contact as they read it.
pub async fn update(state: &AppState, caller: &Caller, id: Uuid, input: &ContactInput) -> AppResult<ContactDetailView> {
    // A supervisor edits only the contacts it may read (ORG-3).
    if supervision_limited(caller) {
        caller.require(Permission::ContactsView)?;
        check_readable(state, caller, id).await?;
    }
    let before = contacts::get(&state.db, caller.org, id).await?.ok_or(ErrorCode::NotFound)?;
    let checked = check_input(state, caller.org, input).await?;
    let now = state.clock.now();
    let name = checked.name.unwrap_or(before.name.clone());
    let phone = checked.phone.clone().unwrap_or(before.phone.clone());
    let email = checked.email.clone().unwrap_or(before.email.clone());
    let attributes = input.attributes.clone().unwrap_or(before.attributes.0.clone());
    let mut tx = state.db.begin().await?;
    contacts::update(
        &mut tx,
        caller.org,
        id,
        &contacts::ContactUpdate {
            name: name.as_deref(),
            phone: phone.as_deref(),
            email: email.as_deref(),
            search_key: &contact_search_key(name.as_deref(), email.as_deref()),
            attributes: &attributes,
            exclusive_agent_id: input.exclusive_agent_id.unwrap_or(before.exclusive_agent_id),
            now,
        },
    )
    .await?;
    if checked.phone.is_some() {
        set_identity(&mut tx, caller.org, id, IdentityKind::Phone, phone.as_deref(), now).await?;
    }
    if checked.email.is_some() {
        set_identity(&mut tx, caller.org, id, IdentityKind::Email, email.as_deref(), now).await?;
    }
    if let Some(tags) = &checked.tags {
        contacts::set_tags(&mut tx, caller.org, id, tags).await?;
    }
    contact_fields::store(&mut tx, caller.org, id, &checked.fields, now).await?;
    let payload = json!({ "contact_id": id });
    let audience = crate::services::events::audience(&[], &["inbox.supervise", "inbox.all", "contacts.manage"]);
    crate::services::events::emit(state, &mut tx, caller.org, "contact.updated", &payload, &audience).await?;
    tx.commit().await?;
    state.hub.wake();
    contact_reads::read_back(state, caller, id).await
}

/// A note on a contact the caller reads.
pub async fn add_note(
    state: &AppState,
    caller: &Caller,
    contact: Uuid,
    text: &str,
    pinned: bool,
) -> AppResult<NoteView> {
    check_readable(state, caller, contact).await?;
    let mut invalid = Invalid::new();
    let text = invalid.text("text", text, NOTE_MAX);
    invalid.finish()?;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    contacts::insert_note(
        &mut tx,
        &contacts::NewNote {
            org: caller.org,
            id,
            contact_id: contact,
            author_id: caller.user_id,
            text: &text,
            pinned,
            now: state.clock.now(),
        },
    )
    .await?;
    tx.commit().await?;
    contact_reads::note(state, caller, contact, id).await
}

/// Pins or unpins a note of a contact the caller reads.
pub async fn pin_note(state: &AppState, caller: &Caller, contact: Uuid, id: Uuid, pinned: bool) -> AppResult<NoteView> {
    check_readable(state, caller, contact).await?;
    let mut tx = state.db.begin().await?;
    let found = contacts::pin_note(&mut tx, caller.org, contact, id, pinned, state.clock.now()).await?;
    tx.commit().await?;
    if !found {
        return Err(ErrorCode::NotFound.into());
    }
    contact_reads::note(state, caller, contact, id).await
}
