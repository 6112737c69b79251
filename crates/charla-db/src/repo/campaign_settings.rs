//! A campaign's conversation settings: default queue, assignment method, cancel word,
//! inactivity, special dispositions, agent permissions, its selected dispositions and fields.

use charla_domain::time::Ts;
use serde_json::Value;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Conn, Db, DbError, DbTs, Json, Tx, on_conn, on_db, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SettingsRow {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub archived_at: Option<DbTs>,
    pub default_queue_id: Option<Uuid>,
    pub assignment_method: String,
    pub cancel_word: String,
    pub inactivity_minutes: Option<i64>,
    pub inactivity_disposition_id: Option<Uuid>,
    pub transfer_disposition_id: Option<Uuid>,
    pub mass_transfer_disposition_id: Option<Uuid>,
    pub agent_permissions: Option<Json<Value>>,
    pub schedule: Option<Json<Value>>,
    pub out_of_hours: Option<Json<Value>>,
}

const SELECT_SETTINGS: &str = "SELECT id, project_id, name, archived_at, default_queue_id, assignment_method, \
    cancel_word, inactivity_minutes, inactivity_disposition_id, transfer_disposition_id, \
    mass_transfer_disposition_id, agent_permissions, schedule, out_of_hours FROM campaigns ";

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, campaign: Uuid) -> Result<Option<SettingsRow>, DbError> {
    let sql = format!("{SELECT_SETTINGS}WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(campaign).fetch_optional(c).await)?)
}

pub async fn all<'c>(conn: impl Into<Conn<'c>>, org: Uuid) -> Result<Vec<SettingsRow>, DbError> {
    let sql = format!("{SELECT_SETTINGS}WHERE organization_id = $1 ORDER BY id");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).fetch_all(c).await)?)
}

pub struct SettingsUpdate<'a> {
    pub assignment_method: &'a str,
    pub cancel_word: &'a str,
    pub inactivity_minutes: Option<i64>,
    pub inactivity_disposition_id: Option<Uuid>,
    pub transfer_disposition_id: Option<Uuid>,
    pub mass_transfer_disposition_id: Option<Uuid>,
    pub agent_permissions: &'a Value,
    pub schedule: Option<&'a Value>,
    pub out_of_hours: Option<&'a Value>,
    pub now: Ts,
}

pub async fn update(tx: &mut Tx, org: Uuid, campaign: Uuid, u: &SettingsUpdate<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE campaigns SET assignment_method = $3, cancel_word = $4, inactivity_minutes = $5, \
         inactivity_disposition_id = $6, transfer_disposition_id = $7, mass_transfer_disposition_id = $8, \
         agent_permissions = $9, updated_at = $10, schedule = $11, out_of_hours = $12 \
         WHERE organization_id = $1 AND id = $2",
    )
    .bind(org)
    .bind(campaign)
    .bind(u.assignment_method)
    .bind(u.cancel_word)
    .bind(u.inactivity_minutes)
    .bind(u.inactivity_disposition_id)
    .bind(u.transfer_disposition_id)
    .bind(u.mass_transfer_disposition_id)
    .bind(Json(u.agent_permissions))
    .bind(DbTs(u.now))
    .bind(u.schedule.map(Json))
    .bind(u.out_of_hours.map(Json))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_default_queue(tx: &mut Tx, org: Uuid, campaign: Uuid, queue: Uuid) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE campaigns SET default_queue_id = $3 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(campaign)
    .bind(queue)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Campaigns created before queues existed, of every organization (filled at start-up).
pub async fn without_default_queue(db: &Db) -> Result<Vec<(Uuid, Uuid)>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as(
        "SELECT organization_id, id FROM campaigns WHERE default_queue_id IS NULL ORDER BY organization_id, id"
    )
    .fetch_all(pool)
    .await)?)
}

pub async fn dispositions<'c>(conn: impl Into<Conn<'c>>, org: Uuid, campaign: Uuid) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT disposition_id FROM campaign_dispositions WHERE organization_id = $1 AND campaign_id = $2 \
         ORDER BY disposition_id"
    )
    .bind(org)
    .bind(campaign)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn set_dispositions(tx: &mut Tx, org: Uuid, campaign: Uuid, ids: &[Uuid]) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "DELETE FROM campaign_dispositions WHERE organization_id = $1 AND campaign_id = $2"
    )
    .bind(org)
    .bind(campaign)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    for id in ids {
        on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO campaign_dispositions (organization_id, campaign_id, disposition_id) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING"
        )
        .bind(org)
        .bind(campaign)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FieldRow {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub options: Json<Vec<String>>,
    pub position: i64,
    pub archived_at: Option<DbTs>,
}

pub async fn fields<'c>(conn: impl Into<Conn<'c>>, org: Uuid, campaign: Uuid) -> Result<Vec<FieldRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, campaign_id, name, kind, required, options, position, archived_at FROM campaign_fields \
         WHERE organization_id = $1 AND campaign_id = $2 ORDER BY position, id"
    )
    .bind(org)
    .bind(campaign)
    .fetch_all(c)
    .await)?)
}

pub struct FieldWrite<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub name: &'a str,
    pub kind: &'a str,
    pub required: bool,
    pub options: &'a [String],
    pub position: i64,
    pub archived_at: Option<Ts>,
    pub now: Ts,
}

/// Inserts or rewrites a field definition.
pub async fn upsert_field(tx: &mut Tx, f: &FieldWrite<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO campaign_fields (organization_id, id, campaign_id, name, kind, required, options, position, \
         archived_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
         ON CONFLICT (organization_id, id) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
         required = excluded.required, options = excluded.options, position = excluded.position, \
         archived_at = excluded.archived_at, updated_at = excluded.updated_at",
    )
    .bind(f.org)
    .bind(f.id)
    .bind(f.campaign_id)
    .bind(f.name)
    .bind(f.kind)
    .bind(f.required)
    .bind(Json(f.options))
    .bind(f.position)
    .bind(f.archived_at.map(DbTs))
    .bind(DbTs(f.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_cancel_word(tx: &mut Tx, org: Uuid, campaign: Uuid, word: &str) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("UPDATE campaigns SET cancel_word = $3 WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(campaign)
        .bind(word)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
