//! The outbox's shared pacing state: a theoretical arrival time per sender and the slots
//! reserved for sends that wait. Reads lock the sender's row (an upsert that changes
//! nothing), so nodes pacing one sender at once take turns.

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Tx, on_tx};

/// The sender's theoretical arrival time, its row locked until the transaction ends
/// (`None`: it never sent, or long ago).
pub async fn lock_tat(tx: &mut Tx, org: Uuid, sender: &str, now: Ts) -> Result<Option<Ts>, DbError> {
    let (tat,): (Option<DbTs>,) = on_tx!(tx, |conn| sqlx::query_as(
        "INSERT INTO send_pacing (organization_id, sender_key, tat, updated_at) VALUES ($1, $2, NULL, $3) \
         ON CONFLICT (organization_id, sender_key) DO UPDATE SET updated_at = send_pacing.updated_at RETURNING tat"
    )
    .bind(org)
    .bind(sender)
    .bind(DbTs(now))
    .fetch_one(conn)
    .await)?;
    Ok(tat.map(|t| t.0))
}

pub async fn set_tat(tx: &mut Tx, org: Uuid, sender: &str, tat: Ts, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE send_pacing SET tat = $3, updated_at = $4 WHERE organization_id = $1 AND sender_key = $2"
    )
    .bind(org)
    .bind(sender)
    .bind(DbTs(tat))
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The slot reserved for `message` with `sender`, if any.
pub async fn slot(tx: &mut Tx, org: Uuid, message: Uuid, sender: &str) -> Result<Option<Ts>, DbError> {
    let row: Option<(DbTs,)> = on_tx!(tx, |conn| sqlx::query_as(
        "SELECT slot FROM send_slots WHERE organization_id = $1 AND message_id = $2 AND sender_key = $3"
    )
    .bind(org)
    .bind(message)
    .bind(sender)
    .fetch_optional(conn)
    .await)?;
    Ok(row.map(|(slot,)| slot.0))
}

pub async fn reserve(tx: &mut Tx, org: Uuid, message: Uuid, sender: &str, slot: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO send_slots (organization_id, message_id, sender_key, slot) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organization_id, message_id, sender_key) DO UPDATE SET slot = EXCLUDED.slot"
    )
    .bind(org)
    .bind(message)
    .bind(sender)
    .bind(DbTs(slot))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The message took its slot.
pub async fn release(tx: &mut Tx, org: Uuid, message: Uuid, sender: &str) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "DELETE FROM send_slots WHERE organization_id = $1 AND message_id = $2 AND sender_key = $3"
    )
    .bind(org)
    .bind(message)
    .bind(sender)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Forgets senders idle and slots passed since `before` (a slot never taken: its message
/// failed or was sent otherwise).
pub async fn purge_before(db: &Db, before: Ts) -> Result<u64, DbError> {
    let senders = crate::on_db_write!(db, |pool| sqlx::query("DELETE FROM send_pacing WHERE updated_at < $1")
        .bind(DbTs(before))
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    let slots = crate::on_db_write!(db, |pool| sqlx::query("DELETE FROM send_slots WHERE slot < $1")
        .bind(DbTs(before))
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(senders + slots)
}
