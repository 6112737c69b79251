//! What a network says of our sends as a whole rather than one by one: Messenger's
//! delivery and read watermarks (everything sent to a contact up to an instant), and the
//! sends still in flight to a contact (an echo of one may arrive before its answer).

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, DbError, DbTs, on_conn};

/// The most one watermark moves at once; a longer backlog is older than any inbox shows.
const WATERMARK_MAX: i64 = 500;

/// Our outbound messages on `channel` to `contact` that the network accepted at or before
/// `until` and that are not yet at `status_below` or beyond (`sent`, or `sent`/`delivered`).
pub async fn accepted_up_to<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel: Uuid,
    contact: Uuid,
    until: Ts,
    statuses: &[&str],
) -> Result<Vec<Uuid>, DbError> {
    const SQL: &str = "SELECT id FROM messages \
         WHERE organization_id = $1 AND channel_id = $2 AND contact_id = $3 AND direction = 'outbound' \
         AND network_id IS NOT NULL AND COALESCE(sent_at, created_at) <= $4 \
         AND (status = $5 OR status = $6) ORDER BY created_at LIMIT $7";
    let first = statuses.first().copied().unwrap_or_default();
    let second = statuses.get(1).copied().unwrap_or(first);
    Ok(on_conn!(conn.into(), |c| sqlx::query_scalar(SQL)
        .bind(org)
        .bind(channel)
        .bind(contact)
        .bind(DbTs(until))
        .bind(first)
        .bind(second)
        .bind(WATERMARK_MAX)
        .fetch_all(c)
        .await)?)
}

/// Whether a send of ours to `contact` on `channel` has not had the network's answer yet.
pub async fn in_flight<'c>(
    conn: impl Into<Conn<'c>>,
    org: Uuid,
    channel: Uuid,
    contact: Uuid,
) -> Result<bool, DbError> {
    const SQL: &str = "SELECT COUNT(*) FROM messages \
         WHERE organization_id = $1 AND channel_id = $2 AND contact_id = $3 AND direction = 'outbound' \
         AND network_id IS NULL AND status = 'sending'";
    let count: i64 =
        on_conn!(conn.into(), |c| sqlx::query_scalar(SQL).bind(org).bind(channel).bind(contact).fetch_one(c).await)?;
    Ok(count > 0)
}
