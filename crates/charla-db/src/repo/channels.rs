//! Channels: one connected account on a network, feeding one campaign.

use charla_domain::time::Ts;
use serde_json::Value;
// Dynamic statements here are assembled from fixed fragments and numbered placeholders only.
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Json, Tx, on_conn, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ChannelRow {
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub campaign_id: Uuid,
    pub config: Json<Value>,
    /// Encrypted at rest; never part of a view.
    pub secrets: Option<String>,
    pub bot_enabled: bool,
    pub status: String,
    pub network_key: Option<String>,
    pub network_account: Option<String>,
    pub health: Option<Json<Value>>,
    pub archived_at: Option<DbTs>,
    pub created_at: DbTs,
}

const SELECT: &str = "SELECT id, kind, name, campaign_id, config, secrets, bot_enabled, status, network_key, \
    network_account, health, archived_at, created_at FROM channels ";

pub struct NewChannel<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub kind: &'a str,
    pub name: &'a str,
    pub campaign_id: Uuid,
    pub config: &'a Value,
    pub secrets: Option<&'a str>,
    pub bot_enabled: bool,
    pub status: &'a str,
    pub network_key: Option<&'a str>,
    pub network_account: Option<&'a str>,
    pub now: Ts,
}

/// Inserts the channel and its entry in the webhook directory.
pub async fn insert(tx: &mut Tx, c: &NewChannel<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO channel_routes (channel_id, organization_id, kind) VALUES ($1, $2, $3)"
    )
    .bind(c.id)
    .bind(c.org)
    .bind(c.kind)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO channels (organization_id, id, kind, name, campaign_id, config, secrets, bot_enabled, status, \
         network_key, network_account, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
    )
    .bind(c.org)
    .bind(c.id)
    .bind(c.kind)
    .bind(c.name)
    .bind(c.campaign_id)
    .bind(Json(c.config))
    .bind(c.secrets)
    .bind(c.bot_enabled)
    .bind(c.status)
    .bind(c.network_key)
    .bind(c.network_account)
    .bind(DbTs(c.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<ChannelRow>, DbError> {
    let sql = format!("{SELECT}WHERE organization_id = $1 AND id = $2");
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(id).fetch_optional(c).await)?)
}

pub struct ListFilter {
    pub kind: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub archived: Option<bool>,
    pub after: Option<Uuid>,
    pub limit: i64,
}

pub async fn list<'c>(conn: impl Into<Conn<'c>>, org: Uuid, f: &ListFilter) -> Result<Vec<ChannelRow>, DbError> {
    let sql = format!(
        "{SELECT}WHERE organization_id = $1 AND ($2 IS NULL OR kind = $2) AND ($3 IS NULL OR campaign_id = $3) \
         AND ($4 IS NULL OR (archived_at IS NOT NULL) = $4) AND ($5 IS NULL OR id > $5) ORDER BY id LIMIT $6"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql))
        .bind(org)
        .bind(&f.kind)
        .bind(f.campaign_id)
        .bind(f.archived)
        .bind(f.after)
        .bind(f.limit + 1)
        .fetch_all(c)
        .await)?)
}

pub struct ChannelUpdate<'a> {
    pub name: &'a str,
    pub campaign_id: Uuid,
    pub config: &'a Value,
    pub bot_enabled: bool,
    pub status: &'a str,
    pub archived_at: Option<Ts>,
    pub now: Ts,
}

pub async fn update(tx: &mut Tx, org: Uuid, id: Uuid, u: &ChannelUpdate<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE channels SET name = $3, campaign_id = $4, config = $5, bot_enabled = $6, status = $7, \
         archived_at = $8, updated_at = $9 WHERE organization_id = $1 AND id = $2",
    )
    .bind(org)
    .bind(id)
    .bind(u.name)
    .bind(u.campaign_id)
    .bind(Json(u.config))
    .bind(u.bot_enabled)
    .bind(u.status)
    .bind(u.archived_at.map(DbTs))
    .bind(DbTs(u.now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The organization a webhook's channel belongs to (the URL names only the channel).
pub async fn route(db: &crate::Db, channel_id: Uuid) -> Result<Option<(Uuid, String)>, DbError> {
    Ok(crate::on_db!(db, |pool| sqlx::query_as(
        "SELECT organization_id, kind FROM channel_routes WHERE channel_id = $1"
    )
    .bind(channel_id)
    .fetch_optional(pool)
    .await)?)
}

/// Live channels of a kind with this network key (WhatsApp: phone_number_id).
pub async fn by_network_key<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    kind: &str,
    key: &str,
) -> Result<Vec<ChannelRow>, DbError> {
    let sql = format!(
        "{SELECT}WHERE organization_id = $1 AND kind = $2 AND network_key = $3 AND archived_at IS NULL ORDER BY id"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql)).bind(org).bind(kind).bind(key).fetch_all(c).await)?)
}

/// Live channels of a kind in this network account (WhatsApp: WABA id).
pub async fn by_network_account<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    kind: &str,
    account: &str,
) -> Result<Vec<ChannelRow>, DbError> {
    let sql = format!(
        "{SELECT}WHERE organization_id = $1 AND kind = $2 AND network_account = $3 AND archived_at IS NULL ORDER BY id"
    );
    Ok(on_conn!(conn.into(), |c| sqlx::query_as(AssertSqlSafe(sql))
        .bind(org)
        .bind(kind)
        .bind(account)
        .fetch_all(c)
        .await)?)
}

pub async fn set_health(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    health: &Value,
    status: &str,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE channels SET health = $3, status = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(Json(health))
    .bind(status)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
