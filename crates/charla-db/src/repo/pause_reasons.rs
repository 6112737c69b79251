use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Tx, on_db, on_tx};

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize)]
pub struct PauseReasonRow {
    pub id: Uuid,
    pub name: String,
}

pub async fn list(db: &Db, org: Uuid) -> Result<Vec<PauseReasonRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM pause_reasons WHERE organization_id = $1 ORDER BY name"
    )
    .bind(org)
    .fetch_all(pool)
    .await)?)
}

pub async fn get(db: &Db, org: Uuid, id: Uuid) -> Result<Option<PauseReasonRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as("SELECT id, name FROM pause_reasons WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn find_by_name(db: &Db, org: Uuid, name: &str) -> Result<Option<PauseReasonRow>, DbError> {
    Ok(crate::on_db!(db, |pool| sqlx::query_as(
        "SELECT id, name FROM pause_reasons WHERE organization_id = $1 AND name = $2"
    )
    .bind(org)
    .bind(name)
    .fetch_optional(pool)
    .await)?)
}

pub async fn insert(tx: &mut Tx, org: Uuid, id: Uuid, name: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO pause_reasons (organization_id, id, name, created_at) VALUES ($1, $2, $3, $4)"
    )
    .bind(org)
    .bind(id)
    .bind(name)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn rename(tx: &mut Tx, org: Uuid, id: Uuid, name: &str) -> Result<bool, DbError> {
    let done =
        on_tx!(tx, |conn| sqlx::query("UPDATE pause_reasons SET name = $3 WHERE organization_id = $1 AND id = $2")
            .bind(org)
            .bind(id)
            .bind(name)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Deletes a reason; users paused with it keep their status without a reason.
pub async fn delete(tx: &mut Tx, org: Uuid, id: Uuid) -> Result<bool, DbError> {
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE users SET pause_reason_id = NULL WHERE organization_id = $1 AND pause_reason_id = $2")
            .bind(org)
            .bind(id)
            .execute(conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    let done = on_tx!(tx, |conn| sqlx::query("DELETE FROM pause_reasons WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
