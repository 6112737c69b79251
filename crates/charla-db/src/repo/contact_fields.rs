//! Custom contact fields (CRM-2): definitions and each contact's typed values.

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Json, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FieldRow {
    pub id: Uuid,
    pub key: String,
    pub label: String,
    pub field_type: String,
    pub options: Json<Vec<String>>,
    pub position: i64,
    pub archived_at: Option<DbTs>,
    pub created_at: DbTs,
    pub updated_at: DbTs,
}

macro_rules! select_field {
    () => {
        "SELECT id, key, label, field_type, options, position, archived_at, created_at, updated_at FROM contact_fields "
    };
}

/// The organization's fields in their order; archived ones only when asked.
pub async fn list<'c>(conn: impl Into<Conn<'c>>, org: Uuid, with_archived: bool) -> Result<Vec<FieldRow>, DbError> {
    const LIVE: &str =
        concat!(select_field!(), "WHERE organization_id = $1 AND archived_at IS NULL ORDER BY position, id");
    const ALL: &str = concat!(select_field!(), "WHERE organization_id = $1 ORDER BY position, id");
    let sql = if with_archived { ALL } else { LIVE };
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(sql).bind(org).fetch_all(c).await)?)
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<FieldRow>, DbError> {
    const SQL: &str = concat!(select_field!(), "WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(SQL).bind(org).bind(id).fetch_optional(c).await)?)
}

/// How many definitions the organization has, archived ones included.
pub async fn count(tx: &mut Tx, org: Uuid) -> Result<i64, DbError> {
    let (n,): (i64,) =
        on_tx!(tx, |c| sqlx::query_as("SELECT COUNT(*) FROM contact_fields WHERE organization_id = $1")
            .bind(org)
            .fetch_one(c)
            .await)?;
    Ok(n)
}

pub struct NewField<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub key: &'a str,
    pub label: &'a str,
    pub field_type: &'a str,
    pub options: &'a [String],
    pub now: Ts,
}

/// Adds a field at the end; `false` when the key is taken (archived fields keep theirs).
pub async fn insert(tx: &mut Tx, f: &NewField<'_>) -> Result<bool, DbError> {
    let done = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO contact_fields (organization_id, id, key, label, field_type, options, position, archived_at, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM contact_fields WHERE organization_id = $1), NULL, $7, $7) \
         ON CONFLICT (organization_id, key) DO NOTHING"
    )
    .bind(f.org)
    .bind(f.id)
    .bind(f.key)
    .bind(f.label)
    .bind(f.field_type)
    .bind(Json(f.options))
    .bind(DbTs(f.now))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Renames a field, replaces its options, or moves it; its key and type never change.
pub async fn update(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    label: &str,
    options: &[String],
    position: i64,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE contact_fields SET label = $3, options = $4, position = $5, updated_at = $6 \
         WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(label)
    .bind(Json(options))
    .bind(position)
    .bind(DbTs(now))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Archives (or brings back) a field; its values stay, hidden while it is archived.
pub async fn set_archived(tx: &mut Tx, org: Uuid, id: Uuid, archived_at: Option<Ts>, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE contact_fields SET archived_at = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(archived_at.map(DbTs))
    .bind(DbTs(now))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// One stored value in its typed column (the others are null).
#[derive(Clone, Debug, Default)]
pub struct TypedValue {
    pub text: Option<String>,
    pub number: Option<f64>,
    pub date: Option<String>,
    pub boolean: Option<bool>,
}

/// Sets a contact's value of a field.
pub async fn set_value(
    tx: &mut Tx,
    org: Uuid,
    contact: Uuid,
    field: Uuid,
    v: &TypedValue,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO contact_field_values (organization_id, contact_id, field_id, text_value, number_value, \
         date_value, bool_value, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (organization_id, contact_id, field_id) DO UPDATE SET text_value = excluded.text_value, \
         number_value = excluded.number_value, date_value = excluded.date_value, bool_value = excluded.bool_value, \
         updated_at = excluded.updated_at"
    )
    .bind(org)
    .bind(contact)
    .bind(field)
    .bind(v.text.as_deref())
    .bind(v.number)
    .bind(v.date.as_deref())
    .bind(v.boolean)
    .bind(DbTs(now))
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn clear_value(tx: &mut Tx, org: Uuid, contact: Uuid, field: Uuid) -> Result<(), DbError> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM contact_field_values WHERE organization_id = $1 AND contact_id = $2 AND field_id = $3"
    )
    .bind(org)
    .bind(contact)
    .bind(field)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A contact's value of one live field, with the field's key and type.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ValueRow {
    pub key: String,
    pub field_type: String,
    pub text_value: Option<String>,
    pub number_value: Option<f64>,
    pub date_value: Option<String>,
    pub bool_value: Option<bool>,
}

/// A contact's values of the fields that are not archived, in the fields' order.
pub async fn values_of<'c>(conn: impl Into<Conn<'c>>, org: Uuid, contact: Uuid) -> Result<Vec<ValueRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| {
        sqlx::query_as(
        "SELECT f.key, f.field_type, v.text_value, v.number_value, v.date_value, v.bool_value \
         FROM contact_field_values v JOIN contact_fields f ON f.organization_id = v.organization_id AND f.id = v.field_id \
         WHERE v.organization_id = $1 AND v.contact_id = $2 AND f.archived_at IS NULL ORDER BY f.position, f.id"
    )
    .bind(org)
    .bind(contact)
    .fetch_all(c)
    .await
    })?)
}
