//! WhatsApp message templates of a business account, with their approval status.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Json, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: Uuid,
    pub waba_id: String,
    pub network_id: String,
    pub name: String,
    pub language: Option<String>,
    pub category: Option<String>,
    pub status: String,
    pub reason: Option<String>,
    pub details: Json<Value>,
    pub components: Json<Value>,
    pub updated_at: DbTs,
}

pub struct TemplateWrite<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub waba_id: &'a str,
    pub network_id: &'a str,
    pub name: &'a str,
    pub language: Option<&'a str>,
    pub category: Option<&'a str>,
    pub status: &'a str,
    pub reason: Option<&'a str>,
    pub details: &'a Value,
    pub components: Option<&'a Value>,
    pub now: Ts,
}

/// Inserts a template or updates its status (and its components when given), by the
/// network's id within the business account.
pub async fn upsert(tx: &mut Tx, t: &TemplateWrite<'_>) -> Result<(), DbError> {
    let components = t.components.cloned().unwrap_or(Value::Array(Vec::new()));
    let keep_components = t.components.is_none();
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO templates (organization_id, id, waba_id, network_id, name, language, category, status, reason, \
         details, components, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (organization_id, waba_id, network_id) DO UPDATE SET name = excluded.name, \
         language = COALESCE(excluded.language, templates.language), \
         category = COALESCE(excluded.category, templates.category), status = excluded.status, \
         reason = excluded.reason, details = excluded.details, \
         components = CASE WHEN $13 THEN templates.components ELSE excluded.components END, \
         updated_at = excluded.updated_at"
    )
    .bind(t.org)
    .bind(t.id)
    .bind(t.waba_id)
    .bind(t.network_id)
    .bind(t.name)
    .bind(t.language)
    .bind(t.category)
    .bind(t.status)
    .bind(t.reason)
    .bind(Json(t.details))
    .bind(Json(&components))
    .bind(DbTs(t.now))
    .bind(keep_components)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn list<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    waba_id: Option<&str>,
) -> Result<Vec<TemplateRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, waba_id, network_id, name, language, category, status, reason, details, components, updated_at \
         FROM templates WHERE organization_id = $1 AND ($2 IS NULL OR waba_id = $2) ORDER BY name, language"
    )
    .bind(org)
    .bind(waba_id)
    .fetch_all(c)
    .await)?)
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<TemplateRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, waba_id, network_id, name, language, category, status, reason, details, components, updated_at \
         FROM templates WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// Whether the business account already has a template of this name and language.
pub async fn exists<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    waba_id: &str,
    name: &str,
    language: &str,
) -> Result<bool, DbError> {
    let (found,): (i64,) = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT COUNT(*) FROM templates WHERE organization_id = $1 AND waba_id = $2 AND name = $3 AND language = $4"
    )
    .bind(org)
    .bind(waba_id)
    .bind(name)
    .bind(language)
    .fetch_one(c)
    .await)?;
    Ok(found > 0)
}

/// What Graph answered a submission: its id for the template, and the status and
/// category it gave (Meta may recategorize).
pub struct Submitted<'a> {
    pub network_id: &'a str,
    pub status: &'a str,
    pub category: Option<&'a str>,
    pub reason: Option<&'a str>,
    pub now: Ts,
}

/// Records Graph's answer to a template we submitted; false when the row is gone.
pub async fn set_submitted(tx: &mut Tx, org: Uuid, id: Uuid, s: &Submitted<'_>) -> Result<bool, DbError> {
    let affected = on_tx!(tx, |conn| sqlx::query(
        "UPDATE templates SET network_id = $3, status = $4, category = COALESCE($5, category), reason = $6, \
         updated_at = $7 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(s.network_id)
    .bind(s.status)
    .bind(s.category)
    .bind(s.reason)
    .bind(DbTs(s.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(affected > 0)
}

/// Gives the row Graph's id already names (a status webhook got there before the
/// submission's answer) the components we submitted, and drops our row for it.
pub async fn merge_into_network_row(
    tx: &mut Tx,
    org: Uuid,
    ours: &TemplateRow,
    network_id: &str,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE templates SET components = $4, language = COALESCE(language, $5), \
         category = COALESCE(category, $6), updated_at = $7 \
         WHERE organization_id = $1 AND waba_id = $2 AND network_id = $3"
    )
    .bind(org)
    .bind(&ours.waba_id)
    .bind(network_id)
    .bind(&ours.components)
    .bind(&ours.language)
    .bind(&ours.category)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |conn| sqlx::query("DELETE FROM templates WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(ours.id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
