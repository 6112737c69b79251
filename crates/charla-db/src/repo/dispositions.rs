//! Dispositions (tipificaciones): closing categories configured per project.

use charla_domain::time::Ts;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DispositionRow {
    pub id: Uuid,
    pub project_id: Uuid,
    pub name: String,
    pub archived_at: Option<DbTs>,
    pub created_at: DbTs,
}

const SELECT: &str = "SELECT id, project_id, name, archived_at, created_at FROM dispositions ";

pub async fn insert(tx: &mut Tx, org: Uuid, id: Uuid, project_id: Uuid, name: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO dispositions (organization_id, id, project_id, name, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(org)
    .bind(id)
    .bind(project_id)
    .bind(name)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<DispositionRow>, DbError> {
    let sql = format!("{SELECT}WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(id).fetch_optional(c).await)?)
}

pub async fn list<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    project_id: Option<Uuid>,
) -> Result<Vec<DispositionRow>, DbError> {
    let sql = format!("{SELECT}WHERE organization_id = $1 AND ($2 IS NULL OR project_id = $2) ORDER BY name, id");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(project_id).fetch_all(c).await)?)
}

pub async fn update(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    name: &str,
    archived_at: Option<Ts>,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE dispositions SET name = $3, archived_at = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(name)
    .bind(archived_at.map(DbTs))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
