//! The audit log: every administrative change, who made it, and the row before and after.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Json, Tx, on_db, on_tx};

pub struct NewEntry<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub at: Ts,
    pub actor_user_id: Option<Uuid>,
    pub actor_token_id: Option<Uuid>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    pub before: Option<&'a Value>,
    pub after: Option<&'a Value>,
}

pub async fn insert(tx: &mut Tx, e: &NewEntry<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO audit_log (organization_id, id, at, actor_user_id, actor_token_id, actor_name, action, \
         entity_type, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(e.org)
        .bind(e.id)
        .bind(DbTs(e.at))
        .bind(e.actor_user_id)
        .bind(e.actor_token_id)
        .bind(e.actor_name)
        .bind(e.action)
        .bind(e.entity_type)
        .bind(e.entity_id)
        .bind(e.before.map(Json))
        .bind(e.after.map(Json))
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EntryRow {
    pub id: Uuid,
    pub at: DbTs,
    pub actor_user_id: Option<Uuid>,
    pub actor_token_id: Option<Uuid>,
    pub actor_name: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    pub before: Option<Json<Value>>,
    pub after: Option<Json<Value>>,
}

/// Newest first; `before` is the id of the last entry of the previous page.
pub async fn list(
    db: &Db,
    org: Uuid,
    entity_type: Option<&str>,
    entity_id: Option<Uuid>,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<EntryRow>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(
            "SELECT id, at, actor_user_id, actor_token_id, actor_name, action, entity_type, entity_id, before, after \
         FROM audit_log WHERE organization_id = $1 AND ($2 IS NULL OR entity_type = $2) \
         AND ($3 IS NULL OR entity_id = $3) AND ($4 IS NULL OR id < $4) ORDER BY id DESC LIMIT $5",
        )
        .bind(org)
        .bind(entity_type)
        .bind(entity_id)
        .bind(before)
        .bind(limit + 1)
        .fetch_all(pool)
        .await
    })?)
}
