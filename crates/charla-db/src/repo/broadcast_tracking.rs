//! A broadcast's tracking (OUT-4): one recipient's status and stage times, the totals by
//! status, replies.

use charla_domain::time::Ts;
use uuid::Uuid;

use super::broadcasts::RecipientRow;
use crate::{Db, DbError, DbTs, Tx, on_db, on_tx};

pub async fn recipient(tx: &mut Tx, org: Uuid, broadcast: Uuid, row: i64) -> Result<Option<RecipientRow>, DbError> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "SELECT row_number, channel_id, recipient, template_id, template_name, language, marketing, parameters, \
         status, comment, network_id, departed_at, sent_at, delivered_at, read_at, failed_at, error_code, \
         error_title, replied_at FROM broadcast_recipients \
         WHERE organization_id = $1 AND broadcast_id = $2 AND row_number = $3"
    )
    .bind(org)
    .bind(broadcast)
    .bind(row)
    .fetch_optional(c)
    .await)?)
}

/// A recipient's status and stage times after a network report.
pub struct Tracked<'a> {
    pub status: &'a str,
    pub sent_at: Option<Ts>,
    pub delivered_at: Option<Ts>,
    pub read_at: Option<Ts>,
    pub failed_at: Option<Ts>,
    pub error_code: Option<&'a str>,
    pub error_title: Option<&'a str>,
}

pub async fn set_tracked(
    tx: &mut Tx,
    org: Uuid,
    broadcast: Uuid,
    row: i64,
    t: &Tracked<'_>,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE broadcast_recipients SET status = $4, sent_at = $5, delivered_at = $6, read_at = $7, failed_at = $8, \
         error_code = COALESCE($9, error_code), error_title = COALESCE($10, error_title), updated_at = $11 \
         WHERE organization_id = $1 AND broadcast_id = $2 AND row_number = $3"
    )
    .bind(org)
    .bind(broadcast)
    .bind(row)
    .bind(t.status)
    .bind(t.sent_at.map(DbTs))
    .bind(t.delivered_at.map(DbTs))
    .bind(t.read_at.map(DbTs))
    .bind(t.failed_at.map(DbTs))
    .bind(t.error_code)
    .bind(t.error_title)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Recipients by status, and how many replied.
pub async fn totals(db: &Db, org: Uuid, broadcast: Uuid) -> Result<(Vec<(String, i64)>, i64), DbError> {
    let by_status: Vec<(String, i64)> = on_db!(db, |c| {
        sqlx::query_as(
        "SELECT status, COUNT(*) FROM broadcast_recipients WHERE organization_id = $1 AND broadcast_id = $2 GROUP BY status"
    )
    .bind(org)
    .bind(broadcast)
    .fetch_all(c)
    .await
    })?;
    let (replied,): (i64,) = on_db!(db, |c| sqlx::query_as(
        "SELECT COUNT(*) FROM broadcast_recipients \
         WHERE organization_id = $1 AND broadcast_id = $2 AND replied_at IS NOT NULL"
    )
    .bind(org)
    .bind(broadcast)
    .fetch_one(c)
    .await)?;
    Ok((by_status, replied))
}

/// A reply from `phone` to a number: the broadcasts that reached it since `since` and had
/// no reply yet count it as replied.
pub async fn note_reply(tx: &mut Tx, org: Uuid, channel: Uuid, phone: &str, since: Ts, at: Ts) -> Result<u64, DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE broadcast_recipients SET replied_at = $5, updated_at = $5 WHERE organization_id = $1 \
         AND channel_id = $2 AND recipient = $3 AND departed_at IS NOT NULL AND departed_at >= $4 \
         AND replied_at IS NULL AND status NOT IN ('in_outbox', 'departure_failed')"
    )
    .bind(org)
    .bind(channel)
    .bind(phone)
    .bind(DbTs(since))
    .bind(DbTs(at))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))
    .map_err(Into::into)
}

/// The opt-out words of the broadcasts that reached `phone` from a number since `since`.
pub async fn opt_out_words(
    tx: &mut Tx,
    org: Uuid,
    channel: Uuid,
    phone: &str,
    since: Ts,
) -> Result<Vec<String>, DbError> {
    let rows: Vec<(String,)> = on_tx!(tx, |conn| sqlx::query_as(
        "SELECT DISTINCT b.opt_out_word FROM broadcast_recipients r JOIN broadcasts b \
         ON b.organization_id = r.organization_id AND b.id = r.broadcast_id \
         WHERE r.organization_id = $1 AND r.channel_id = $2 AND r.recipient = $3 AND r.departed_at >= $4 \
         AND b.opt_out_word IS NOT NULL"
    )
    .bind(org)
    .bind(channel)
    .bind(phone)
    .bind(DbTs(since))
    .fetch_all(conn)
    .await)?;
    Ok(rows.into_iter().map(|(w,)| w).collect())
}
