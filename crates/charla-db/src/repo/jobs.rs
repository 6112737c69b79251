//! The `jobs` table: durable background work with leases, retries and dedup keys.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Json, Tx, on_db, on_tx};

pub struct NewJob<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub kind: &'a str,
    pub payload: &'a Value,
    pub run_at: Ts,
    pub max_attempts: i64,
    /// A second job with the same key is not enqueued while the first is pending or running.
    pub dedup_key: Option<&'a str>,
    pub now: Ts,
}

/// Enqueues in the caller's transaction; returns false when the dedup key already waits.
pub async fn enqueue(tx: &mut Tx, job: &NewJob<'_>) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO jobs (organization_id, id, kind, payload, status, run_at, attempts, max_attempts, \
         locked_until, last_error, dedup_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, 0, $6, NULL, NULL, $7, $8, $8) \
         ON CONFLICT (organization_id, dedup_key) DO NOTHING",
        )
        .bind(job.org)
        .bind(job.id)
        .bind(job.kind)
        .bind(Json(job.payload))
        .bind(DbTs(job.run_at))
        .bind(job.max_attempts)
        .bind(job.dedup_key)
        .bind(DbTs(job.now))
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct JobRow {
    pub organization_id: Uuid,
    pub id: Uuid,
    pub kind: String,
    pub payload: Json<Value>,
    pub status: String,
    pub run_at: DbTs,
    pub attempts: i64,
    pub max_attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DbTs,
}

/// Claims up to `limit` due jobs (pending and due, or running with an expired lease: their
/// node died) and leases them until `lease_until`. They come earliest due first, and jobs
/// due together in the order they were enqueued (ids are time-ordered): the outbox sends a
/// conversation's messages in the order they were written.
pub async fn claim(db: &Db, now: Ts, lease_until: Ts, limit: i64) -> Result<Vec<JobRow>, DbError> {
    let mut rows: Vec<JobRow> = match db {
        // PostgreSQL: several nodes claim at once; SKIP LOCKED hands each job to one of them.
        Db::Postgres(pool) => sqlx::query_as(
            "UPDATE jobs SET status = 'running', locked_until = $2, attempts = attempts + 1, updated_at = $1 \
             WHERE (organization_id, id) IN ( \
               SELECT organization_id, id FROM jobs \
               WHERE (status = 'pending' AND run_at <= $1) OR (status = 'running' AND locked_until <= $1) \
               ORDER BY run_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING organization_id, id, kind, payload, status, run_at, attempts, max_attempts, last_error, created_at",
        )
        .bind(DbTs(now))
        .bind(DbTs(lease_until))
        .bind(limit)
        .fetch_all(pool)
        .await?,
        // SQLite: one writer; BEGIN IMMEDIATE makes the select-and-update atomic.
        Db::Sqlite(db) => {
            let mut tx = db.begin_write().await?;
            let rows = sqlx::query_as(
                "UPDATE jobs SET status = 'running', locked_until = $2, attempts = attempts + 1, updated_at = $1 \
                 WHERE (organization_id, id) IN ( \
                   SELECT organization_id, id FROM jobs \
                   WHERE (status = 'pending' AND run_at <= $1) OR (status = 'running' AND locked_until <= $1) \
                   ORDER BY run_at, id LIMIT $3) \
                 RETURNING organization_id, id, kind, payload, status, run_at, attempts, max_attempts, last_error, created_at",
            )
            .bind(DbTs(now))
            .bind(DbTs(lease_until))
            .bind(limit)
            .fetch_all(&mut **tx)
            .await?;
            tx.commit().await?;
            rows
        }
    };
    // RETURNING does not keep the subquery's order.
    rows.sort_by_key(|job| (job.run_at.0, job.id));
    Ok(rows)
}

/// A finished job leaves the table, freeing its dedup key. `attempts` guards against a run
/// whose lease expired and was claimed again.
pub async fn complete(db: &Db, org: Uuid, id: Uuid, attempts: i64) -> Result<(), DbError> {
    crate::on_db_write!(db, |pool| {
        sqlx::query("DELETE FROM jobs WHERE organization_id = $1 AND id = $2 AND attempts = $3 AND status = 'running'")
            .bind(org)
            .bind(id)
            .bind(attempts)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Schedules another attempt at `retry_at`, or, with `None`, marks the job failed for good.
pub async fn fail(
    db: &Db,
    org: Uuid,
    id: Uuid,
    attempts: i64,
    error: &str,
    retry_at: Option<Ts>,
    now: Ts,
) -> Result<(), DbError> {
    match retry_at {
        Some(at) => crate::on_db_write!(db, |pool| {
            sqlx::query(
            "UPDATE jobs SET status = 'pending', run_at = $4, locked_until = NULL, last_error = $5, updated_at = $6 \
             WHERE organization_id = $1 AND id = $2 AND attempts = $3 AND status = 'running'"
        )
        .bind(org)
        .bind(id)
        .bind(attempts)
        .bind(DbTs(at))
        .bind(error)
        .bind(DbTs(now))
        .execute(pool)
        .await.map(|r| r.rows_affected())
        })?,
        None => crate::on_db_write!(db, |pool| {
            sqlx::query(
            "UPDATE jobs SET status = 'failed', locked_until = NULL, dedup_key = NULL, last_error = $4, updated_at = $5 \
             WHERE organization_id = $1 AND id = $2 AND attempts = $3 AND status = 'running'"
        )
        .bind(org)
        .bind(id)
        .bind(attempts)
        .bind(error)
        .bind(DbTs(now))
        .execute(pool)
        .await.map(|r| r.rows_affected())
        })?,
    };
    Ok(())
}

/// Puts a job back to wait until `run_at` without spending an attempt: it was not tried
/// (its turn to send is later), so its retry budget stays whole.
pub async fn defer(
    db: &Db,
    org: Uuid,
    id: Uuid,
    attempts: i64,
    run_at: Ts,
    reason: &str,
    now: Ts,
) -> Result<(), DbError> {
    crate::on_db_write!(db, |pool| {
        sqlx::query(
            "UPDATE jobs SET status = 'pending', run_at = $4, attempts = attempts - 1, locked_until = NULL, \
             last_error = $5, updated_at = $6 \
             WHERE organization_id = $1 AND id = $2 AND attempts = $3 AND status = 'running'",
        )
        .bind(org)
        .bind(id)
        .bind(attempts)
        .bind(DbTs(run_at))
        .bind(reason)
        .bind(DbTs(now))
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Extends the lease of a job this node still runs (its heartbeat) to `lease_until`;
/// false when the job is no longer ours: finished, or its lease lapsed and another node
/// claimed it (`attempts` moved on).
pub async fn renew(db: &Db, org: Uuid, id: Uuid, attempts: i64, lease_until: Ts, now: Ts) -> Result<bool, DbError> {
    let renewed = crate::on_db_write!(db, |pool| {
        sqlx::query(
            "UPDATE jobs SET locked_until = $4, updated_at = $5 \
             WHERE organization_id = $1 AND id = $2 AND attempts = $3 AND status = 'running'",
        )
        .bind(org)
        .bind(id)
        .bind(attempts)
        .bind(DbTs(lease_until))
        .bind(DbTs(now))
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(renewed == 1)
}

/// A stopping node gives back a job it claimed but never started: pending again, due as it
/// was, its attempt not counted, so another node takes it at once instead of after the lease.
pub async fn hand_back(db: &Db, org: Uuid, id: Uuid, attempts: i64, now: Ts) -> Result<bool, DbError> {
    let given = crate::on_db_write!(db, |pool| {
        sqlx::query(
            "UPDATE jobs SET status = 'pending', locked_until = NULL, attempts = attempts - 1, updated_at = $4 \
             WHERE organization_id = $1 AND id = $2 AND attempts = $3 AND status = 'running'",
        )
        .bind(org)
        .bind(id)
        .bind(attempts)
        .bind(DbTs(now))
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(given == 1)
}

/// Until when a running job is leased (None: not running, or gone).
pub async fn lease_of(db: &Db, org: Uuid, id: Uuid) -> Result<Option<Ts>, DbError> {
    let row: Option<(Option<DbTs>,)> = on_db!(db, |pool| {
        sqlx::query_as("SELECT locked_until FROM jobs WHERE organization_id = $1 AND id = $2 AND status = 'running'")
            .bind(org)
            .bind(id)
            .fetch_optional(pool)
            .await
    })?;
    Ok(row.and_then(|(until,)| until.map(|t| t.0)))
}

pub async fn get(db: &Db, org: Uuid, id: Uuid) -> Result<Option<JobRow>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(
            "SELECT organization_id, id, kind, payload, status, run_at, attempts, max_attempts, last_error, created_at \
         FROM jobs WHERE organization_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(id)
        .fetch_optional(pool)
        .await
    })?)
}

/// The organization's jobs of one status (pending, running, failed), oldest first.
pub async fn list(
    db: &Db,
    org: Uuid,
    status: Option<&str>,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<JobRow>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(
            "SELECT organization_id, id, kind, payload, status, run_at, attempts, max_attempts, last_error, created_at \
         FROM jobs WHERE organization_id = $1 AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR id > $3) \
         ORDER BY id LIMIT $4",
        )
        .bind(org)
        .bind(status)
        .bind(after)
        .bind(limit + 1)
        .fetch_all(pool)
        .await
    })?)
}
