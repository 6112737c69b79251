//! A user's notifications (mentions today; exports and reports later).

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Json, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: Uuid,
    pub kind: String,
    pub payload: Json<Value>,
    pub read_at: Option<DbTs>,
    pub created_at: DbTs,
}

pub async fn insert(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    user: Uuid,
    kind: &str,
    payload: &Value,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
        "INSERT INTO notifications (organization_id, id, user_id, kind, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(org)
    .bind(id)
    .bind(user)
    .bind(kind)
    .bind(Json(payload))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// A user's notifications, newest first.
pub async fn list<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    user: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<NotificationRow>, DbError> {
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT id, kind, payload, read_at, created_at FROM notifications WHERE organization_id = $1 AND user_id = $2 \
         AND ($3 IS NULL OR id < $3) ORDER BY id DESC LIMIT $4"
    )
    .bind(org)
    .bind(user)
    .bind(after)
    .bind(limit + 1)
    .fetch_all(c)
    .await)?)
}

pub async fn mark_read(tx: &mut Tx, org: Uuid, user: Uuid, id: Uuid, now: Ts) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| {
        sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $4) WHERE organization_id = $1 AND user_id = $2 AND id = $3"
    )
    .bind(org)
    .bind(user)
    .bind(id)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}
