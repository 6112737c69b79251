//! The login guard: failed logins and recovery requests per email address (hashed), for
//! addresses with and without an account alike. Each count changes in one statement.

use charla_domain::time::Ts;

use crate::{Db, DbError, DbTs, Tx, on_db, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Guard {
    pub failures: i64,
    pub locked_until: Option<DbTs>,
}

/// When the address's lock ends, if it is locked at `now`.
pub async fn locked_until(db: &Db, email_hash: &str, now: Ts) -> Result<Option<Ts>, DbError> {
    let row: Option<(Option<DbTs>,)> = on_db!(db, |pool| sqlx::query_as(
        "SELECT locked_until FROM login_guard WHERE email_hash = $1 AND locked_until > $2"
    )
    .bind(email_hash)
    .bind(DbTs(now))
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(until,)| until).map(|t| t.0))
}

/// Counts one failed login and, at the `max_failures`-th in a row, locks the address until
/// `lock_until` (the count then starts again). While a lock lasts, failures change nothing.
/// One statement, so parallel failures are all counted; returns the state after it.
pub async fn record_failure(
    db: &Db,
    email_hash: &str,
    max_failures: i64,
    now: Ts,
    lock_until: Ts,
) -> Result<Guard, DbError> {
    Ok(crate::on_db_write!(db, |pool| sqlx::query_as(
        "INSERT INTO login_guard (email_hash, failures, locked_until, recoveries, recoveries_since, updated_at) \
         VALUES ($1, CASE WHEN $2 <= 1 THEN 0 ELSE 1 END, CASE WHEN $2 <= 1 THEN $4 ELSE NULL END, 0, NULL, $3) \
         ON CONFLICT (email_hash) DO UPDATE SET \
           failures = CASE WHEN login_guard.locked_until > $3 THEN login_guard.failures \
                           WHEN login_guard.failures + 1 >= $2 THEN 0 \
                           ELSE login_guard.failures + 1 END, \
           locked_until = CASE WHEN login_guard.locked_until > $3 THEN login_guard.locked_until \
                               WHEN login_guard.failures + 1 >= $2 THEN $4 \
                               ELSE NULL END, \
           updated_at = $3 \
         RETURNING failures, locked_until"
    )
    .bind(email_hash)
    .bind(max_failures)
    .bind(DbTs(now))
    .bind(DbTs(lock_until))
    .fetch_one(pool)
    .await)?)
}

/// A successful login clears the failures, unless a lock began meanwhile: then the lock's
/// end is returned and stays.
pub async fn record_success(db: &Db, email_hash: &str, now: Ts) -> Result<Option<Ts>, DbError> {
    let row: Option<(Option<DbTs>,)> = crate::on_db_write!(db, |pool| sqlx::query_as(
        "UPDATE login_guard SET \
           failures = CASE WHEN locked_until > $2 THEN failures ELSE 0 END, \
           locked_until = CASE WHEN locked_until > $2 THEN locked_until ELSE NULL END, \
           updated_at = $2 \
         WHERE email_hash = $1 RETURNING locked_until"
    )
    .bind(email_hash)
    .bind(DbTs(now))
    .fetch_optional(pool)
    .await)?;
    Ok(row.and_then(|(until,)| until).map(|t| t.0).filter(|until| *until > now))
}

/// A password set from a link proves the address: its failures and lock are forgotten.
pub async fn clear_failures(tx: &mut Tx, email_hash: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE login_guard SET failures = 0, locked_until = NULL, updated_at = $2 WHERE email_hash = $1"
    )
    .bind(email_hash)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Counts one recovery request in the address's window: a window that began at or before
/// `window_start` is over, and this request begins a new one at `now`. Returns how many
/// requests the current window holds (this one included) and when it began.
pub async fn record_recovery(db: &Db, email_hash: &str, now: Ts, window_start: Ts) -> Result<(i64, Ts), DbError> {
    let (count, since): (i64, Option<DbTs>) = crate::on_db_write!(db, |pool| {
        sqlx::query_as(
        "INSERT INTO login_guard (email_hash, failures, locked_until, recoveries, recoveries_since, updated_at) \
         VALUES ($1, 0, NULL, 1, $2, $2) \
         ON CONFLICT (email_hash) DO UPDATE SET \
           recoveries = CASE WHEN login_guard.recoveries_since IS NULL OR login_guard.recoveries_since <= $3 THEN 1 \
                             ELSE login_guard.recoveries + 1 END, \
           recoveries_since = CASE WHEN login_guard.recoveries_since IS NULL OR login_guard.recoveries_since <= $3 THEN $2 \
                                   ELSE login_guard.recoveries_since END, \
           updated_at = $2 \
         RETURNING recoveries, recoveries_since"
    )
    .bind(email_hash)
    .bind(DbTs(now))
    .bind(DbTs(window_start))
    .fetch_one(pool)
    .await
    })?;
    Ok((count, since.map_or(now, |t| t.0)))
}

/// Forgets addresses idle since `before` whose lock (if any) is over.
pub async fn purge_idle(db: &Db, before: Ts) -> Result<u64, DbError> {
    let done = crate::on_db_write!(db, |pool| sqlx::query(
        "DELETE FROM login_guard WHERE updated_at < $1 AND (locked_until IS NULL OR locked_until < $1)"
    )
    .bind(DbTs(before))
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done)
}
