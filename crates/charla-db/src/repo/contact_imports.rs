//! Contact imports (CRM-5): the import's status and counts, the rows it could not take,
//! and the log of contact owners it (or anyone) set.

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ImportRow {
    pub id: Uuid,
    pub status: String,
    pub file_name: String,
    pub rows_read: i64,
    pub created_count: i64,
    pub updated_count: i64,
    pub failed_count: i64,
    pub error_code: Option<String>,
    pub error_detail: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DbTs,
    pub updated_at: DbTs,
}

pub async fn insert(tx: &mut Tx, org: Uuid, id: Uuid, file_name: &str, by: Uuid, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO contact_imports (organization_id, id, status, file_name, created_by, created_at, updated_at) \
         VALUES ($1, $2, 'queued', $3, $4, $5, $5)",
    )
    .bind(org)
    .bind(id)
    .bind(file_name)
    .bind(by)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<ImportRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, status, file_name, rows_read, created_count, updated_count, failed_count, error_code, \
         error_detail, created_by, created_at, updated_at FROM contact_imports WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .fetch_optional(c)
    .await)?)
}

/// Starts (or starts again, after a crash) a run: counts and failures from zero.
pub async fn start(tx: &mut Tx, org: Uuid, id: Uuid, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "DELETE FROM contact_import_failures WHERE organization_id = $1 AND import_id = $2"
    )
    .bind(org)
    .bind(id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE contact_imports SET status = 'running', rows_read = 0, created_count = 0, updated_count = 0, \
         failed_count = 0, error_code = NULL, error_detail = NULL, updated_at = $3 \
         WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What a batch adds to the counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub failed: i64,
}

pub async fn add_progress(tx: &mut Tx, org: Uuid, id: Uuid, p: Progress, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE contact_imports SET rows_read = rows_read + $3, created_count = created_count + $4, \
         updated_count = updated_count + $5, failed_count = failed_count + $6, updated_at = $7 \
         WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(p.rows)
    .bind(p.created)
    .bind(p.updated)
    .bind(p.failed)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends a run: `done`, or `failed` with the reason the whole file was refused.
pub async fn finish(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    error: Option<(&str, Option<&str>)>,
    now: Ts,
) -> Result<(), DbError> {
    let status = if error.is_some() { "failed" } else { "done" };
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE contact_imports SET status = $3, error_code = $4, error_detail = $5, updated_at = $6 \
         WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(status)
    .bind(error.map(|e| e.0))
    .bind(error.and_then(|e| e.1))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FailureRow {
    pub row_number: i64,
    pub column_name: String,
    pub code: String,
}

pub async fn insert_failures(tx: &mut Tx, org: Uuid, import: Uuid, rows: &[FailureRow]) -> Result<(), DbError> {
    for r in rows {
        on_tx!(tx, |conn| sqlx::query(
            "INSERT INTO contact_import_failures (organization_id, import_id, row_number, column_name, code) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING"
        )
        .bind(org)
        .bind(import)
        .bind(r.row_number)
        .bind(&r.column_name)
        .bind(&r.code)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// The first `limit` failures in row order.
pub async fn failures<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    import: Uuid,
    limit: i64,
) -> Result<Vec<FailureRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT row_number, column_name, code FROM contact_import_failures \
         WHERE organization_id = $1 AND import_id = $2 ORDER BY row_number, column_name LIMIT $3"
    )
    .bind(org)
    .bind(import)
    .bind(limit)
    .fetch_all(c)
    .await)?)
}

/// A change of a contact's owner (its exclusive agent), with what caused it.
pub struct OwnerChange<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub contact_id: Uuid,
    pub from_agent_id: Option<Uuid>,
    pub to_agent_id: Option<Uuid>,
    pub source: &'a str,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<&'a str>,
    pub at: Ts,
}

pub async fn log_owner_change(tx: &mut Tx, e: &OwnerChange<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO contact_owner_log (organization_id, id, contact_id, from_agent_id, to_agent_id, source, \
         actor_user_id, actor_name, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )
    .bind(e.org)
    .bind(e.id)
    .bind(e.contact_id)
    .bind(e.from_agent_id)
    .bind(e.to_agent_id)
    .bind(e.source)
    .bind(e.actor_user_id)
    .bind(e.actor_name)
    .bind(DbTs(e.at))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OwnerLogRow {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub from_agent_id: Option<Uuid>,
    pub to_agent_id: Option<Uuid>,
    pub source: String,
    pub actor_user_id: Option<Uuid>,
    pub actor_name: Option<String>,
    pub at: DbTs,
}

/// A contact's owner changes, oldest first.
pub async fn owner_log<'c>(conn: impl Into<Conn<'c>>, org: Uuid, contact: Uuid) -> Result<Vec<OwnerLogRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, contact_id, from_agent_id, to_agent_id, source, actor_user_id, actor_name, at \
         FROM contact_owner_log WHERE organization_id = $1 AND contact_id = $2 ORDER BY id"
    )
    .bind(org)
    .bind(contact)
    .fetch_all(c)
    .await)?)
}
