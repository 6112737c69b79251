//! The `inbound_events` table: webhook events stored at acknowledgement, applied later by
//! the intake drain. Claiming leases a batch (another node takes it over only when the lease
//! lapses: its node died); an applied event leaves the table.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Json, on_db, on_tx};

pub struct NewInboundEvent<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub channel_id: Uuid,
    /// The network's id for what happened (a message id, a status of a message id...).
    pub dedup_key: &'a str,
    /// The drain lane that applies it (one sender, one lane: their order is kept).
    pub lane: i64,
    pub event: &'a Value,
}

/// Stores the events in one statement (atomic by itself: all or none); one already waiting
/// with the same key is skipped. Returns how many were new. A webhook's acknowledgement
/// costs this one round trip, like a single-row INSERT.
pub async fn stage(db: &Db, events: &[NewInboundEvent<'_>], now: Ts) -> Result<u64, DbError> {
    // Past this a statement would near the drivers' bind limits; a webhook this big is stored
    // in parts (a retry after a failed part stores only what is missing).
    const ROWS_PER_STATEMENT: usize = 1_000;
    let mut stored = 0;
    for part in events.chunks(ROWS_PER_STATEMENT) {
        stored += stage_part(db, part, now).await?;
    }
    Ok(stored)
}

async fn stage_part(db: &Db, events: &[NewInboundEvent<'_>], now: Ts) -> Result<u64, DbError> {
    if events.is_empty() {
        return Ok(0);
    }
    const COLUMNS: usize = 6;
    let rows: Vec<String> = (0..events.len())
        .map(|row| {
            let n = |column: usize| row * COLUMNS + column + 2;
            format!("(${}, ${}, ${}, ${}, ${}, ${}, 'pending', $1, 0, NULL, $1)", n(0), n(1), n(2), n(3), n(4), n(5))
        })
        .collect();
    let sql = format!(
        "INSERT INTO inbound_events (organization_id, id, channel_id, dedup_key, lane, event, status, available_at, \
         attempts, last_error, received_at) VALUES {} ON CONFLICT (organization_id, channel_id, dedup_key) DO NOTHING",
        rows.join(", ")
    );
    macro_rules! bound {
        ($query:expr) => {{
            let mut query = $query.bind(DbTs(now));
            for event in events {
                query = query
                    .bind(event.org)
                    .bind(event.id)
                    .bind(event.channel_id)
                    .bind(event.dedup_key)
                    .bind(event.lane)
                    .bind(Json(event.event));
            }
            query
        }};
    }
    let stored = match db {
        Db::Postgres(pool) => bound!(sqlx::query(sqlx::AssertSqlSafe(sql))).execute(pool).await?.rows_affected(),
        Db::Sqlite(db) => {
            let _turn = db.write_turn().await;
            bound!(sqlx::query(sqlx::AssertSqlSafe(sql))).execute(db.pool()).await?.rows_affected()
        }
    };
    Ok(stored)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct InboundEventRow {
    pub organization_id: Uuid,
    pub id: Uuid,
    pub channel_id: Uuid,
    pub event: Json<Value>,
    pub attempts: i64,
}

/// Leases up to `limit` pending events of `lane` (or of any lane) that are due, oldest
/// first, until `lease_until`.
pub async fn claim(
    db: &Db,
    lane: Option<i64>,
    now: Ts,
    lease_until: Ts,
    limit: i64,
) -> Result<Vec<InboundEventRow>, DbError> {
    // Two texts, not `$4 IS NULL OR`: each one plans onto the lane's index.
    let pick = match lane {
        Some(_) => {
            "SELECT organization_id, id FROM inbound_events \
            WHERE status = 'pending' AND lane = $4 AND available_at <= $1 ORDER BY available_at, id LIMIT $3"
        }
        None => {
            "SELECT organization_id, id FROM inbound_events \
            WHERE status = 'pending' AND available_at <= $1 AND $4 IS NULL ORDER BY available_at, id LIMIT $3"
        }
    };
    const RETURNING: &str = "RETURNING organization_id, id, channel_id, event, attempts";
    let mut rows: Vec<InboundEventRow> = match db {
        // PostgreSQL: several nodes drain at once; SKIP LOCKED hands each batch to one of them.
        Db::Postgres(pool) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "UPDATE inbound_events SET available_at = $2, attempts = attempts + 1 \
                 WHERE (organization_id, id) IN ({pick} FOR UPDATE SKIP LOCKED) {RETURNING}"
            )))
            .bind(DbTs(now))
            .bind(DbTs(lease_until))
            .bind(limit)
            .bind(lane)
            .fetch_all(pool)
            .await?
        }
        Db::Sqlite(db) => {
            let mut tx = db.begin_write().await?;
            let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "UPDATE inbound_events SET available_at = $2, attempts = attempts + 1 \
                 WHERE (organization_id, id) IN ({pick}) {RETURNING}"
            )))
            .bind(DbTs(now))
            .bind(DbTs(lease_until))
            .bind(limit)
            .bind(lane)
            .fetch_all(&mut **tx)
            .await?;
            tx.commit().await?;
            rows
        }
    };
    // RETURNING does not keep the subquery's order; ids are time-ordered.
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// Applied events leave, together (`(organization, id)` pairs).
pub async fn applied(db: &Db, events: &[(Uuid, Uuid)]) -> Result<(), DbError> {
    if events.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for (org, id) in events {
        on_tx!(&mut tx, |conn| sqlx::query("DELETE FROM inbound_events WHERE organization_id = $1 AND id = $2")
            .bind(org)
            .bind(id)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    tx.commit().await
}

/// An event that could not be applied: tried again at `retry_at`, or with `None` kept as
/// failed (for an operator to see), never silently dropped.
pub async fn not_applied(db: &Db, org: Uuid, id: Uuid, error: &str, retry_at: Option<Ts>) -> Result<(), DbError> {
    let (status, at) = match retry_at {
        Some(at) => ("pending", at),
        None => ("failed", Ts::from_micros(0)),
    };
    crate::on_db_write!(db, |pool| sqlx::query(
        "UPDATE inbound_events SET status = $3, available_at = CASE WHEN $3 = 'pending' THEN $4 ELSE available_at END, \
         last_error = $5 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(status)
    .bind(DbTs(at))
    .bind(error)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Events still waiting to be applied (pending), of every organization.
pub async fn pending_count(db: &Db) -> Result<i64, DbError> {
    let (count,): (i64,) =
        on_db!(db, |pool| sqlx::query_as("SELECT COUNT(*) FROM inbound_events WHERE status = 'pending'")
            .fetch_one(pool)
            .await)?;
    Ok(count)
}
