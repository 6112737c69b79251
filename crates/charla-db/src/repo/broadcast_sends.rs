//! The writes of sending a broadcast: its status moves, each recipient leaving the outbox
//! (departed, or failed with its cause), and the counts the pace needs.

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, Tx, on_conn, on_tx};

/// Moves a broadcast from one status to another; false when it was not in `from` (another
/// request moved it first).
pub async fn set_status(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    from: &str,
    to: &str,
    wait_reason: Option<&str>,
    now: Ts,
) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "UPDATE broadcasts SET status = $4, wait_reason = $5, updated_at = $6 \
         WHERE organization_id = $1 AND id = $2 AND status = $3"
    )
    .bind(org)
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(wait_reason)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Says why the rest of a sending broadcast waits (None once it goes again).
pub async fn set_wait_reason(tx: &mut Tx, org: Uuid, id: Uuid, reason: Option<&str>, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE broadcasts SET wait_reason = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(reason)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// A recipient accepted by the network: departed, with the network's message id.
pub async fn mark_departed(
    tx: &mut Tx,
    org: Uuid,
    broadcast: Uuid,
    row: i64,
    network_id: &str,
    now: Ts,
) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "UPDATE broadcast_recipients SET status = 'departed', network_id = $4, departed_at = $5, updated_at = $5 \
         WHERE organization_id = $1 AND broadcast_id = $2 AND row_number = $3 AND status = 'in_outbox'"
    )
    .bind(org)
    .bind(broadcast)
    .bind(row)
    .bind(network_id)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// How a recipient failed before it was sent.
pub struct Failure<'a> {
    /// `departure_failed` (ours) or `send_failed` (the network's, with its code and title).
    pub status: &'a str,
    pub comment: Option<&'a str>,
    pub error_code: Option<&'a str>,
    pub error_title: Option<&'a str>,
}

pub async fn mark_failed(
    tx: &mut Tx,
    org: Uuid,
    broadcast: Uuid,
    row: i64,
    failure: &Failure<'_>,
    now: Ts,
) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "UPDATE broadcast_recipients SET status = $4, comment = $5, error_code = $6, error_title = $7, \
         failed_at = $8, departed_at = CASE WHEN $4 = 'send_failed' THEN $8 ELSE NULL END, updated_at = $8 \
         WHERE organization_id = $1 AND broadcast_id = $2 AND row_number = $3 AND status = 'in_outbox'"
    )
    .bind(org)
    .bind(broadcast)
    .bind(row)
    .bind(failure.status)
    .bind(failure.comment)
    .bind(failure.error_code)
    .bind(failure.error_title)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Distinct recipients a number's broadcasts reached since `since` (the tier's 24 hours).
pub async fn reached_since<'c>(conn: impl Into<Conn<'c>>, org: Uuid, channel: Uuid, since: Ts) -> Result<i64, DbError> {
    let (count,): (i64,) = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT COUNT(DISTINCT recipient) FROM broadcast_recipients \
         WHERE organization_id = $1 AND channel_id = $2 AND departed_at IS NOT NULL AND departed_at >= $3"
    )
    .bind(org)
    .bind(channel)
    .bind(DbTs(since))
    .fetch_one(c)
    .await)?;
    Ok(count)
}

/// When the oldest departure of a number within the window leaves it (the tier frees up).
pub async fn oldest_departure_since<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel: Uuid,
    since: Ts,
) -> Result<Option<DbTs>, DbError> {
    let (oldest,): (Option<DbTs>,) = on_conn!(conn.into(), |c| sqlx::query_as(
        "SELECT MIN(departed_at) FROM broadcast_recipients \
         WHERE organization_id = $1 AND channel_id = $2 AND departed_at IS NOT NULL AND departed_at >= $3"
    )
    .bind(org)
    .bind(channel)
    .bind(DbTs(since))
    .fetch_one(c)
    .await)?;
    Ok(oldest)
}
