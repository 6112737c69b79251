//! A channel's chatbot settings (BOT-4, BOT-5), kept as the domain's JSON.

use charla_domain::time::Ts;
use serde_json::Value;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Json, Tx, on_conn, on_tx};

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, channel: Uuid) -> Result<Option<Value>, DbError> {
    let row: Option<(Json<Value>,)> = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT settings FROM chatbots WHERE organization_id = $1 AND channel_id = $2"
    )
    .bind(org)
    .bind(channel)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(|(json,)| json.0))
}

pub async fn put(tx: &mut Tx, org: Uuid, channel: Uuid, settings: &Value, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO chatbots (organization_id, channel_id, settings, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organization_id, channel_id) DO UPDATE SET settings = $3, updated_at = $4",
    )
    .bind(org)
    .bind(channel)
    .bind(Json(settings))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The chatbot's switch lives on the channel (its views show it).
pub async fn set_enabled(tx: &mut Tx, org: Uuid, channel: Uuid, enabled: bool, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE channels SET bot_enabled = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(channel)
    .bind(enabled)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
