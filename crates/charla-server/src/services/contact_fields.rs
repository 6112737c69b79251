//! Custom contact fields (CRM-2): administrators define them; every write of a contact's
//! values is checked against them by type (`charla_domain::contact_fields`).

use std::collections::BTreeMap;

use charla_db::Tx;
use charla_db::repo::contact_fields::{self, FieldRow, NewField, TypedValue};
use charla_domain::contact_fields::{
    FIELDS_MAX, FieldDef, FieldType, StoredValue, check_definition, check_key, check_values,
};
use charla_domain::ids::new_id;
use charla_domain::validation::Invalid;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::auth::Caller;
use crate::error::{AppResult, ErrorCode};
use crate::services::audit;
use crate::state::AppState;
use crate::views::Page;
use crate::views::contact_fields::{ContactFieldView, value_json};

/// The organization's fields in their order; archived ones too when asked.
pub async fn list(state: &AppState, org: Uuid, with_archived: bool) -> AppResult<Page<ContactFieldView>> {
    let rows = contact_fields::list(&state.db, org, with_archived).await?;
    Ok(Page::new(rows.iter().filter_map(ContactFieldView::from_row).collect(), None::<Uuid>))
}

pub struct NewFieldInput {
    pub key: String,
    pub label: String,
    pub field_type: FieldType,
    pub options: Vec<String>,
}

pub async fn create(state: &AppState, caller: &Caller, input: &NewFieldInput) -> AppResult<ContactFieldView> {
    let mut invalid = Invalid::new();
    let key = check_key(&mut invalid, &input.key);
    let (label, options) = check_definition(&mut invalid, &input.label, input.field_type, &input.options);
    invalid.finish()?;
    let id = new_id();
    let mut tx = state.db.begin().await?;
    if contact_fields::count(&mut tx, caller.org).await? >= FIELDS_MAX as i64 {
        return Err(ErrorCode::TooManyFields.into());
    }
    let field = NewField {
        org: caller.org,
        id,
        key: &key,
        label: &label,
        field_type: input.field_type.code(),
        options: &options,
        now: state.clock.now(),
    };
    if !contact_fields::insert(&mut tx, &field).await? {
        return Err(Invalid::single("key", "taken").into());
    }
    let after = read(&mut tx, caller.org, id).await?;
    let audited = serde_json::to_value(&after).ok();
    audit::record(state, &mut tx, caller, "contact_field.created", ("contact_field", Some(id)), None, audited.as_ref())
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub struct FieldPatch {
    pub label: Option<String>,
    pub options: Option<Vec<String>>,
    pub position: Option<i64>,
    pub archived: Option<bool>,
}

/// Renames, re-orders, changes a list's options, archives or restores a field. Its key and
/// type stay: values already stored were checked against them.
pub async fn update(state: &AppState, caller: &Caller, id: Uuid, patch: &FieldPatch) -> AppResult<ContactFieldView> {
    let mut tx = state.db.begin().await?;
    let before = read(&mut tx, caller.org, id).await?;
    let mut invalid = Invalid::new();
    let label = patch.label.as_deref().unwrap_or(&before.label);
    let options = patch.options.as_deref().unwrap_or(&before.options);
    let (label, options) = check_definition(&mut invalid, label, before.field_type, options);
    invalid.finish()?;
    let now = state.clock.now();
    let position = patch.position.unwrap_or(before.position);
    contact_fields::update(&mut tx, caller.org, id, &label, &options, position, now).await?;
    if let Some(archived) = patch.archived {
        let at = archived.then_some(before.archived_at.unwrap_or(now));
        contact_fields::set_archived(&mut tx, caller.org, id, at, now).await?;
    }
    let after = read(&mut tx, caller.org, id).await?;
    let (was, is) = (serde_json::to_value(&before).ok(), serde_json::to_value(&after).ok());
    audit::record(
        state,
        &mut tx,
        caller,
        "contact_field.updated",
        ("contact_field", Some(id)),
        was.as_ref(),
        is.as_ref(),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn read(tx: &mut Tx, org: Uuid, id: Uuid) -> AppResult<ContactFieldView> {
    let row: Option<FieldRow> = contact_fields::get(&mut *tx, org, id).await?;
    row.as_ref().and_then(ContactFieldView::from_row).ok_or(ErrorCode::NotFound.into())
}

/// The live fields as values are checked against them.
pub async fn live_defs(state: &AppState, org: Uuid) -> AppResult<Vec<FieldDef>> {
    let rows = contact_fields::list(&state.db, org, false).await?;
    Ok(rows
        .iter()
        .filter_map(|f| {
            Some(FieldDef {
                id: f.id,
                key: f.key.clone(),
                field_type: FieldType::parse(&f.field_type)?,
                options: f.options.0.clone(),
            })
        })
        .collect())
}

/// Checks a write's values; what to store, or the field errors (`fields.<key>`).
pub async fn check(
    state: &AppState,
    org: Uuid,
    invalid: &mut Invalid,
    values: &Map<String, Value>,
) -> AppResult<Vec<(Uuid, Option<StoredValue>)>> {
    let defs = live_defs(state, org).await?;
    Ok(check_values(invalid, &defs, values))
}

/// Stores checked values in the contact's write transaction.
pub async fn store(
    tx: &mut Tx,
    org: Uuid,
    contact: Uuid,
    values: &[(Uuid, Option<StoredValue>)],
    now: charla_domain::time::Ts,
) -> AppResult<()> {
    for (field, value) in values {
        match value {
            None => contact_fields::clear_value(tx, org, contact, *field).await?,
            Some(value) => contact_fields::set_value(tx, org, contact, *field, &typed(value), now).await?,
        }
    }
    Ok(())
}

fn typed(value: &StoredValue) -> TypedValue {
    match value {
        StoredValue::Text(text) => TypedValue { text: Some(text.clone()), ..TypedValue::default() },
        StoredValue::Number(number) => TypedValue { number: Some(*number), ..TypedValue::default() },
        StoredValue::Date(date) => TypedValue { date: Some(date.clone()), ..TypedValue::default() },
        StoredValue::Boolean(flag) => TypedValue { boolean: Some(*flag), ..TypedValue::default() },
    }
}

/// A contact's values of the live fields, keyed by field key.
pub async fn values_of(state: &AppState, org: Uuid, contact: Uuid) -> AppResult<BTreeMap<String, Value>> {
    let rows = contact_fields::values_of(&state.db, org, contact).await?;
    Ok(rows.iter().map(|r| (r.key.clone(), value_json(r))).collect())
}
