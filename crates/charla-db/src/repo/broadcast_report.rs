//! Broadcast reports (OUT-6): outbound templates counted per quarter-hour of departure,
//! status and reply, from broadcast recipients and from conversation messages. The
//! quarter-hour is the one expression that differs between the databases' clocks.

use charla_domain::time::Ts;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

use crate::{Backend, Db, DbError, DbTs, Tx, on_db, on_tx};

/// Which messages a report counts: departed in `[from, until)`, of one number or
/// broadcast when given.
pub struct CountFilter {
    pub from: Ts,
    pub until: Ts,
    pub channel_id: Option<Uuid>,
    pub broadcast_id: Option<Uuid>,
}

/// How many messages of one broadcast (or none), quarter-hour, status and origin, and
/// whether they were replied to.
#[derive(Debug, sqlx::FromRow)]
pub struct CountRow {
    pub broadcast_id: Option<Uuid>,
    pub bucket: i64,
    pub status: String,
    pub replied: i64,
    /// 1 for a template an API token sent.
    pub api: i64,
    pub count: i64,
}

/// The quarter-hour (since the Unix epoch) of a timestamp column. The SQL built from it
/// holds only these constant texts; every value is bound.
fn bucket(backend: Backend, column: &str) -> String {
    match backend {
        Backend::Sqlite => format!("({column} / 900000000)"),
        Backend::Postgres => format!("CAST(FLOOR(EXTRACT(EPOCH FROM {column}) / 900) AS BIGINT)"),
    }
}

/// Broadcast recipients that left (or failed to) in the period; those still waiting have
/// no departure yet and are not counted.
pub async fn broadcast_counts(db: &Db, org: Uuid, f: &CountFilter) -> Result<Vec<CountRow>, DbError> {
    let at = bucket(db.backend(), "COALESCE(departed_at, failed_at)");
    let sql = format!(
        "SELECT broadcast_id, bucket, status, replied, CAST(0 AS BIGINT) AS api, COUNT(*) AS count FROM (\
         SELECT broadcast_id, {at} AS bucket, status, \
         CAST(CASE WHEN replied_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS replied \
         FROM broadcast_recipients WHERE organization_id = $1 \
         AND ((departed_at >= $2 AND departed_at < $3) OR (departed_at IS NULL AND failed_at >= $2 AND failed_at < $3)) \
         AND ($4 IS NULL OR channel_id = $4) AND ($5 IS NULL OR broadcast_id = $5)) t \
         GROUP BY broadcast_id, bucket, status, replied"
    );
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(org)
        .bind(DbTs(f.from))
        .bind(DbTs(f.until))
        .bind(f.channel_id)
        .bind(f.broadcast_id)
        .fetch_all(c)
        .await)?)
}

/// Templates sent from conversations or the API in the period, by when they were written;
/// one counts as replied when the contact wrote in its conversation afterwards.
pub async fn message_counts(db: &Db, org: Uuid, f: &CountFilter) -> Result<Vec<CountRow>, DbError> {
    let at = bucket(db.backend(), "m.created_at");
    let replied = "CASE WHEN EXISTS (SELECT 1 FROM messages i WHERE i.organization_id = m.organization_id \
         AND i.conversation_id = m.conversation_id AND i.direction = 'inbound' AND i.created_at > m.created_at) \
         THEN 1 ELSE 0 END";
    let api = "CASE WHEN m.origin = 'api' THEN 1 ELSE 0 END";
    let sql = format!(
        "SELECT CAST(NULL AS {uuid}) AS broadcast_id, bucket, status, replied, api, COUNT(*) AS count FROM (\
         SELECT {at} AS bucket, COALESCE(m.status, 'pending') AS status, \
         CAST({replied} AS BIGINT) AS replied, CAST({api} AS BIGINT) AS api \
         FROM messages m WHERE m.organization_id = $1 AND m.direction = 'outbound' AND m.kind = 'template' \
         AND m.created_at >= $2 AND m.created_at < $3 AND ($4 IS NULL OR m.channel_id = $4)) t \
         GROUP BY bucket, status, replied, api",
        uuid = match db.backend() {
            Backend::Sqlite => "BLOB",
            Backend::Postgres => "UUID",
        }
    );
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(org)
        .bind(DbTs(f.from))
        .bind(DbTs(f.until))
        .bind(f.channel_id)
        .fetch_all(c)
        .await)?)
}

/// Marks a message an API token wrote, for the report's origin.
pub async fn mark_api_origin(tx: &mut Tx, org: Uuid, message: Uuid) -> Result<(), DbError> {
    on_tx!(tx, |c| sqlx::query("UPDATE messages SET origin = 'api' WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(message)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
