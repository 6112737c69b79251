//! Contacts, their identities on each network, tags and notes.

use charla_domain::contact_fields::{FieldOp, StoredValue};
use charla_domain::time::Ts;
use serde_json::Value;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::args::{Arg, Sql};
use crate::{Conn, DbError, DbTs, Json, Tx, bind_args, on_conn, on_tx};

const SELECT_CONTACT: &str = "SELECT id, name, phone, email, attributes, exclusive_agent_id, unreachable, \
    last_interaction_at, created_at, updated_at FROM contacts ";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ContactRow {
    pub id: Uuid,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub attributes: Json<Value>,
    pub exclusive_agent_id: Option<Uuid>,
    pub unreachable: bool,
    pub last_interaction_at: Option<DbTs>,
    pub created_at: DbTs,
    pub updated_at: DbTs,
}

pub struct NewContact<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub search_key: &'a str,
    pub attributes: &'a Value,
    pub exclusive_agent_id: Option<Uuid>,
    pub now: Ts,
}

pub async fn insert(tx: &mut Tx, c: &NewContact<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO contacts (organization_id, id, name, phone, email, search_key, attributes, exclusive_agent_id, \
         unreachable, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE, $9, $9)",
    )
    .bind(c.org)
    .bind(c.id)
    .bind(c.name)
    .bind(c.phone)
    .bind(c.email)
    .bind(c.search_key)
    .bind(Json(c.attributes))
    .bind(c.exclusive_agent_id)
    .bind(DbTs(c.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<ContactRow>, DbError> {
    let sql = format!("{SELECT_CONTACT}WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(id).fetch_optional(c).await)?)
}

pub struct ContactUpdate<'a> {
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub search_key: &'a str,
    pub attributes: &'a Value,
    pub exclusive_agent_id: Option<Uuid>,
    pub now: Ts,
}

pub async fn update(tx: &mut Tx, org: Uuid, id: Uuid, u: &ContactUpdate<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE contacts SET name = $3, phone = $4, email = $5, search_key = $6, attributes = $7, \
         exclusive_agent_id = $8, updated_at = $9 WHERE organization_id = $1 AND id = $2",
    )
    .bind(org)
    .bind(id)
    .bind(u.name)
    .bind(u.phone)
    .bind(u.email)
    .bind(u.search_key)
    .bind(Json(u.attributes))
    .bind(u.exclusive_agent_id)
    .bind(DbTs(u.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn touch(tx: &mut Tx, org: Uuid, id: Uuid, at: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE contacts SET last_interaction_at = $3, unreachable = FALSE WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(DbTs(at))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The contact an identity belongs to.
pub async fn find_by_identity<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    kind: &str,
    value: &str,
) -> Result<Option<Uuid>, DbError> {
    let row: Option<(Uuid,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT contact_id FROM contact_identities WHERE organization_id = $1 AND kind = $2 AND value = $3"
    )
    .bind(org)
    .bind(kind)
    .bind(value)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(|(id,)| id))
}

/// Claims an identity for a contact; false when another contact already holds it.
pub async fn add_identity(
    tx: &mut Tx,
    org: Uuid,
    kind: &str,
    value: &str,
    contact: Uuid,
    now: Ts,
) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO contact_identities (organization_id, kind, value, contact_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, kind, value) DO NOTHING",
    )
    .bind(org)
    .bind(kind)
    .bind(value)
    .bind(contact)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn remove_identity(tx: &mut Tx, org: Uuid, kind: &str, contact: Uuid) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "DELETE FROM contact_identities WHERE organization_id = $1 AND kind = $2 AND contact_id = $3"
    )
    .bind(org)
    .bind(kind)
    .bind(contact)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn identities<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    contact: Uuid,
) -> Result<Vec<(String, String)>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT kind, value FROM contact_identities WHERE organization_id = $1 AND contact_id = $2 ORDER BY kind, value"
    )
    .bind(org)
    .bind(contact)
    .fetch_all(c)
    .await)?)
}

pub async fn tags<'c>(conn: impl Into<Conn<'c>>, org: Uuid, contact: Uuid) -> Result<Vec<String>, DbError> {
    let rows: Vec<(String,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT tag FROM contact_tags WHERE organization_id = $1 AND contact_id = $2 ORDER BY tag"
    )
    .bind(org)
    .bind(contact)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}

pub async fn set_tags(tx: &mut Tx, org: Uuid, contact: Uuid, tags: &[String]) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("DELETE FROM contact_tags WHERE organization_id = $1 AND contact_id = $2")
        .bind(org)
        .bind(contact)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for tag in tags {
        on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO contact_tags (organization_id, contact_id, tag) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING"
        )
        .bind(org)
        .bind(contact)
        .bind(tag)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub search: Option<String>,
    pub phone_pattern: Option<String>,
    pub tag: Option<String>,
    pub exclusive_agent_id: Option<Uuid>,
    /// Contacts with no exclusive agent.
    pub unassigned: bool,
    pub interacted_since: Option<Ts>,
    /// Only contacts an agent has served (an agent's contacts).
    pub served_by: Option<Uuid>,
    /// With `served_by`: also contacts with a conversation in a campaign that user supervises.
    pub or_supervised: bool,
    /// Only contacts whose custom field compares so (CRM-2).
    pub field: Option<FieldFilter>,
    pub after: Option<Uuid>,
    pub limit: i64,
}

/// A comparison on one custom field's typed column; the value's type picks the column.
#[derive(Clone, Debug)]
pub struct FieldFilter {
    pub field_id: Uuid,
    pub op: FieldOp,
    /// Absent only for `is_set`.
    pub value: Option<StoredValue>,
}

/// ` AND EXISTS (…)` for a field filter, with its arguments pushed.
fn push_field_filter(sql: &mut Sql, f: &FieldFilter) {
    let field = sql.arg(Arg::Uuid(f.field_id));
    let comparison = match (&f.value, f.op) {
        (None, _) | (_, FieldOp::IsSet) => String::new(),
        (Some(StoredValue::Text(text)), FieldOp::Contains) => {
            let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let p = sql.arg(Arg::Text(format!("%{escaped}%")));
            format!(" AND LOWER(v.text_value) LIKE {p} ESCAPE '\\'")
        }
        (Some(value), op) => {
            let (column, p) = match value {
                StoredValue::Text(text) => ("text_value", sql.arg(Arg::Text(text.clone()))),
                StoredValue::Number(number) => ("number_value", sql.arg(Arg::Real(*number))),
                StoredValue::Date(date) => ("date_value", sql.arg(Arg::Text(date.clone()))),
                StoredValue::Boolean(flag) => ("bool_value", sql.arg(Arg::Bool(*flag))),
            };
            let operator = match op {
                FieldOp::Lt => "<",
                FieldOp::Gt => ">",
                _ => "=",
            };
            format!(" AND v.{column} {operator} {p}")
        }
    };
    sql.push(&format!(
        " AND EXISTS (SELECT 1 FROM contact_field_values v WHERE v.organization_id = contacts.organization_id \
         AND v.contact_id = contacts.id AND v.field_id = {field}{comparison})"
    ));
}

/// Newest contacts first (UUIDv7 ids are creation-ordered), keyset-paged by id.
pub async fn list<'c>(conn: impl Into<Conn<'c>>, org: Uuid, f: &ListFilter) -> Result<Vec<ContactRow>, DbError> {
    let mut sql = Sql::new(SELECT_CONTACT);
    let p = sql.arg(Arg::Uuid(org));
    sql.push(&format!("WHERE organization_id = {p}"));
    match (&f.search, &f.phone_pattern) {
        (Some(key), Some(phone)) => {
            let k = sql.arg(Arg::Text(key.clone()));
            let d = sql.arg(Arg::Text(phone.clone()));
            sql.push(&format!(" AND (search_key LIKE {k} ESCAPE '\\' OR phone LIKE {d})"));
        }
        (Some(key), None) => {
            let k = sql.arg(Arg::Text(key.clone()));
            sql.push(&format!(" AND search_key LIKE {k} ESCAPE '\\'"));
        }
        (None, Some(phone)) => {
            let d = sql.arg(Arg::Text(phone.clone()));
            sql.push(&format!(" AND phone LIKE {d}"));
        }
        (None, None) => {}
    }
    if let Some(tag) = &f.tag {
        let t = sql.arg(Arg::Text(tag.clone()));
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM contact_tags t WHERE t.organization_id = contacts.organization_id \
             AND t.contact_id = contacts.id AND t.tag = {t})"
        ));
    }
    if let Some(agent) = f.exclusive_agent_id {
        let a = sql.arg(Arg::Uuid(agent));
        sql.push(&format!(" AND exclusive_agent_id = {a}"));
    }
    if f.unassigned {
        sql.push(" AND exclusive_agent_id IS NULL");
    }
    if let Some(since) = f.interacted_since {
        let s = sql.arg(Arg::Ts(DbTs(since)));
        sql.push(&format!(" AND last_interaction_at >= {s}"));
    }
    if let Some(agent) = f.served_by {
        let a = sql.arg(Arg::Uuid(agent));
        let supervised = if f.or_supervised {
            format!(
                " OR v.campaign_id IN (SELECT s.campaign_id FROM supervised_campaigns s \
                 WHERE s.organization_id = v.organization_id AND s.user_id = {a})"
            )
        } else {
            String::new()
        };
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM conversations v WHERE v.organization_id = contacts.organization_id \
             AND v.contact_id = contacts.id AND (v.agent_id = {a}{supervised}))"
        ));
    }
    if let Some(field) = &f.field {
        push_field_filter(&mut sql, field);
    }
    if let Some(after) = f.after {
        let a = sql.arg(Arg::Uuid(after));
        sql.push(&format!(" AND id < {a}"));
    }
    let l = sql.arg(Arg::Int(f.limit + 1));
    sql.push(&format!(" ORDER BY id DESC LIMIT {l}"));
    Ok(on_conn!(conn.into(), |c| bind_args!(sqlx::query_as(AssertSqlSafe(sql.text)), &sql.args).fetch_all(c).await)?)
}

/// Whether an agent has ever had a conversation of this contact.
pub async fn served_by<'c>(conn: impl Into<Conn<'c>>, org: Uuid, contact: Uuid, agent: Uuid) -> Result<bool, DbError> {
    let row: Option<(Uuid,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id FROM conversations WHERE organization_id = $1 AND contact_id = $2 AND agent_id = $3 LIMIT 1"
    )
    .bind(org)
    .bind(contact)
    .bind(agent)
    .fetch_optional(c)
    .await)?;
    Ok(row.is_some())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NoteRow {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub author_id: Option<Uuid>,
    pub author_name: Option<String>,
    pub text: String,
    pub pinned: bool,
    pub created_at: DbTs,
}

pub async fn notes<'c>(conn: impl Into<Conn<'c>>, org: Uuid, contact: Uuid) -> Result<Vec<NoteRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT n.id, n.contact_id, n.author_id, u.name AS author_name, n.text, n.pinned, n.created_at \
         FROM contact_notes n LEFT JOIN users u ON u.organization_id = n.organization_id AND u.id = n.author_id \
         WHERE n.organization_id = $1 AND n.contact_id = $2 ORDER BY n.pinned DESC, n.id DESC"
    )
    .bind(org)
    .bind(contact)
    .fetch_all(c)
    .await)?)
}

pub struct NewNote<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub contact_id: Uuid,
    pub author_id: Uuid,
    pub text: &'a str,
    pub pinned: bool,
    pub now: Ts,
}

pub async fn insert_note(tx: &mut Tx, n: &NewNote<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO contact_notes (organization_id, id, contact_id, author_id, text, pinned, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(n.org)
    .bind(n.id)
    .bind(n.contact_id)
    .bind(n.author_id)
    .bind(n.text)
    .bind(n.pinned)
    .bind(DbTs(n.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Pins or unpins a note; false when the contact has no such note.
pub async fn pin_note(tx: &mut Tx, org: Uuid, contact: Uuid, id: Uuid, pinned: bool, now: Ts) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| {
        sqlx::query(
        "UPDATE contact_notes SET pinned = $4, updated_at = $5 WHERE organization_id = $1 AND contact_id = $2 AND id = $3"
    )
    .bind(org)
    .bind(contact)
    .bind(id)
    .bind(pinned)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

pub async fn mark_unreachable(tx: &mut Tx, org: Uuid, id: Uuid, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE contacts SET unreachable = TRUE, updated_at = $3 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
