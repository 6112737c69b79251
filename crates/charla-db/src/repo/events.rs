//! The `events` table: what agents' screens must show, in commit order.
//!
//! Readers page by the cursor `(txid, id)`. On PostgreSQL identity values are not
//! committed in order, so rows are read only below the horizon of transactions still
//! running and ordered by the writing transaction first: a late commit is never skipped.
//! SQLite has one writer and `txid` 0, so the order is simply `id`.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Json, Tx};

/// Where a reader stands in the event stream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub txid: i64,
    pub id: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EventRow {
    pub organization_id: Uuid,
    pub id: i64,
    pub txid: i64,
    pub kind: String,
    pub payload: Json<Value>,
    pub audience: Json<Value>,
    pub at: DbTs,
}

impl EventRow {
    pub fn cursor(&self) -> Cursor {
        Cursor { txid: self.txid, id: self.id }
    }
}

/// Appends an event in the caller's transaction and wakes the relays of every node.
pub async fn append(
    tx: &mut Tx,
    org: Uuid,
    kind: &str,
    payload: &Value,
    audience: &Value,
    at: Ts,
) -> Result<i64, DbError> {
    let (id,): (i64,) = match tx {
        Tx::Postgres(tx) => {
            let row = sqlx::query_as(
                "INSERT INTO events (organization_id, kind, payload, audience, at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(org)
            .bind(kind)
            .bind(Json(payload))
            .bind(Json(audience))
            .bind(DbTs(at))
            .fetch_one(&mut **tx)
            .await?;
            // One notification per transaction: PostgreSQL folds identical ones together.
            sqlx::query("SELECT pg_notify('charla_events', '')").execute(&mut **tx).await?;
            row
        }
        // SQLite: the single writer holds the lock, so the last id + 1 is the next one (read
        // off the `(txid, id)` index: `MAX(id)` alone would scan the table).
        Tx::Sqlite(tx) => {
            sqlx::query_as(
                "INSERT INTO events (organization_id, id, txid, kind, payload, audience, at) \
                 VALUES ($1, COALESCE((SELECT id FROM events ORDER BY txid DESC, id DESC LIMIT 1), 0) + 1, 0, $2, $3, $4, $5) \
                 RETURNING id",
            )
            .bind(org)
            .bind(kind)
            .bind(Json(payload))
            .bind(Json(audience))
            .bind(DbTs(at))
            .fetch_one(&mut ***tx)
            .await?
        }
    };
    Ok(id)
}

/// Events of every organization after `cursor`, in commit order.
pub async fn read_after(db: &Db, cursor: Cursor, limit: i64) -> Result<Vec<EventRow>, DbError> {
    let rows = match db {
        Db::Postgres(pool) => {
            sqlx::query_as(
                "SELECT organization_id, id, txid::text::bigint AS txid, kind, payload, audience, at FROM events \
             WHERE (txid, id) > ($1::text::xid8, $2) AND txid < pg_snapshot_xmin(pg_current_snapshot()) \
             ORDER BY txid, id LIMIT $3",
            )
            .bind(cursor.txid.to_string())
            .bind(cursor.id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
        Db::Sqlite(db) => {
            let pool = db.pool();
            sqlx::query_as(
                "SELECT organization_id, id, txid, kind, payload, audience, at FROM events \
             WHERE (txid, id) > ($1, $2) ORDER BY txid, id LIMIT $3",
            )
            .bind(cursor.txid)
            .bind(cursor.id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows)
}

/// One organization's events after `cursor`, in commit order (a reconnecting client's replay).
pub async fn read_org_after(db: &Db, org: Uuid, cursor: Cursor, limit: i64) -> Result<Vec<EventRow>, DbError> {
    let rows = match db {
        Db::Postgres(pool) => {
            sqlx::query_as(
                "SELECT organization_id, id, txid::text::bigint AS txid, kind, payload, audience, at FROM events \
             WHERE organization_id = $1 AND (txid, id) > ($2::text::xid8, $3) \
             AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid, id LIMIT $4",
            )
            .bind(org)
            .bind(cursor.txid.to_string())
            .bind(cursor.id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
        Db::Sqlite(db) => {
            let pool = db.pool();
            sqlx::query_as(
                "SELECT organization_id, id, txid, kind, payload, audience, at FROM events \
             WHERE organization_id = $1 AND (txid, id) > ($2, $3) ORDER BY txid, id LIMIT $4",
            )
            .bind(org)
            .bind(cursor.txid)
            .bind(cursor.id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows)
}

/// The cursor of one of the organization's events, if it is still retained.
pub async fn cursor_of(db: &Db, org: Uuid, id: i64) -> Result<Option<Cursor>, DbError> {
    let row: Option<(i64, i64)> = match db {
        Db::Postgres(pool) => {
            sqlx::query_as("SELECT txid::text::bigint, id FROM events WHERE organization_id = $1 AND id = $2")
                .bind(org)
                .bind(id)
                .fetch_optional(pool)
                .await?
        }
        Db::Sqlite(db) => {
            let pool = db.pool();
            sqlx::query_as("SELECT txid, id FROM events WHERE organization_id = $1 AND id = $2")
                .bind(org)
                .bind(id)
                .fetch_optional(pool)
                .await?
        }
    };
    Ok(row.map(|(txid, id)| Cursor { txid, id }))
}

/// The newest delivered position of the whole stream: where a relay starts.
pub async fn head(db: &Db) -> Result<Cursor, DbError> {
    let row: Option<(i64, i64)> = match db {
        Db::Postgres(pool) => {
            sqlx::query_as(
                "SELECT txid::text::bigint, id FROM events WHERE txid < pg_snapshot_xmin(pg_current_snapshot()) \
             ORDER BY txid DESC, id DESC LIMIT 1",
            )
            .fetch_optional(pool)
            .await?
        }
        Db::Sqlite(db) => {
            let pool = db.pool();
            sqlx::query_as("SELECT txid, id FROM events ORDER BY txid DESC, id DESC LIMIT 1")
                .fetch_optional(pool)
                .await?
        }
    };
    Ok(row.map(|(txid, id)| Cursor { txid, id }).unwrap_or_default())
}

/// The newest event of one organization (what a fresh client starts from).
pub async fn org_head(db: &Db, org: Uuid) -> Result<Option<Cursor>, DbError> {
    let row: Option<(i64, i64)> = match db {
        Db::Postgres(pool) => {
            sqlx::query_as(
                "SELECT txid::text::bigint, id FROM events WHERE organization_id = $1 \
             AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid DESC, id DESC LIMIT 1",
            )
            .bind(org)
            .fetch_optional(pool)
            .await?
        }
        Db::Sqlite(db) => {
            let pool = db.pool();
            sqlx::query_as("SELECT txid, id FROM events WHERE organization_id = $1 ORDER BY txid DESC, id DESC LIMIT 1")
                .bind(org)
                .fetch_optional(pool)
                .await?
        }
    };
    Ok(row.map(|(txid, id)| Cursor { txid, id }))
}

/// Drops events older than the retention window.
pub async fn purge_before(db: &Db, before: Ts) -> Result<u64, DbError> {
    let done = crate::on_db_write!(db, |pool| sqlx::query("DELETE FROM events WHERE at < $1")
        .bind(DbTs(before))
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}
