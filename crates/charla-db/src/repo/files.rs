//! Stored files: message attachments and the file library. The bytes live in the file
//! store; this table knows their name, type, size, checksum and where they are.

use charla_domain::time::Ts;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FileRow {
    pub id: Uuid,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub in_library: bool,
    pub created_by: Option<Uuid>,
    pub created_at: DbTs,
}

const SELECT: &str =
    "SELECT id, name, content_type, size, sha256, storage_key, in_library, created_by, created_at FROM files ";

pub struct NewFile<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub in_library: bool,
    pub created_by: Option<Uuid>,
    pub now: Ts,
}

pub async fn insert(tx: &mut Tx, f: &NewFile<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO files (organization_id, id, name, content_type, size, sha256, storage_key, in_library, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(f.org)
    .bind(f.id)
    .bind(f.name)
    .bind(f.content_type)
    .bind(f.size)
    .bind(f.sha256)
    .bind(f.storage_key)
    .bind(f.in_library)
    .bind(f.created_by)
    .bind(DbTs(f.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<FileRow>, DbError> {
    let sql = format!("{SELECT}WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(id).fetch_optional(c).await)?)
}

/// The file library, newest first.
pub async fn library<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<FileRow>, DbError> {
    let sql = format!(
        "{SELECT}WHERE organization_id = $1 AND in_library = TRUE AND ($2 IS NULL OR id < $2) ORDER BY id DESC LIMIT $3"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql))
        .bind(org)
        .bind(after)
        .bind(limit + 1)
        .fetch_all(c)
        .await)?)
}

pub async fn set_in_library(tx: &mut Tx, org: Uuid, id: Uuid, in_library: bool) -> Result<bool, DbError> {
    let done =
        on_tx!(tx, |conn| sqlx::query("UPDATE files SET in_library = $3 WHERE organization_id = $1 AND id = $2")
            .bind(org)
            .bind(id)
            .bind(in_library)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
