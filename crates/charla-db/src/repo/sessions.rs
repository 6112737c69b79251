//! Login sessions and one-time tokens (invitations, password recovery).

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Tx, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: Uuid,
    pub csrf_token: String,
    pub expires_at: DbTs,
}

pub struct NewSession<'a> {
    pub org: Uuid,
    pub token_hash: &'a str,
    pub user_id: Uuid,
    pub csrf_token: &'a str,
    pub now: Ts,
    pub expires_at: Ts,
}

pub async fn insert(db: &Db, s: &NewSession<'_>) -> Result<(), DbError> {
    crate::on_db_write!(db, |pool| {
        sqlx::query(
            "INSERT INTO sessions (organization_id, token_hash, user_id, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(s.org)
        .bind(s.token_hash)
        .bind(s.user_id)
        .bind(s.csrf_token)
        .bind(DbTs(s.now))
        .bind(DbTs(s.expires_at))
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn find(db: &Db, org: Uuid, token_hash: &str) -> Result<Option<SessionRow>, DbError> {
    Ok(crate::on_db!(db, |pool| {
        sqlx::query_as(
            "SELECT user_id, csrf_token, expires_at FROM sessions WHERE organization_id = $1 AND token_hash = $2",
        )
        .bind(org)
        .bind(token_hash)
        .fetch_optional(pool)
        .await
    })?)
}

/// One row per permission of the session's user (one row with no permission when the user's
/// profile grants none or the user has no profile).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionCallerRow {
    pub user_id: Uuid,
    pub csrf_token: String,
    pub expires_at: DbTs,
    pub name: String,
    pub active: bool,
    pub permission: Option<String>,
}

/// The session, its user and the user's permissions in one indexed read: every
/// authenticated request asks this, so it is one statement instead of three.
pub async fn find_caller(db: &Db, org: Uuid, token_hash: &str) -> Result<Vec<SessionCallerRow>, DbError> {
    Ok(crate::on_db!(db, |pool| {
        sqlx::query_as(
            "SELECT s.user_id, s.csrf_token, s.expires_at, u.name, u.active, pp.permission FROM sessions s \
             JOIN users u ON u.organization_id = s.organization_id AND u.id = s.user_id \
             LEFT JOIN profile_permissions pp ON pp.organization_id = u.organization_id AND pp.profile_id = u.profile_id \
             WHERE s.organization_id = $1 AND s.token_hash = $2",
        )
        .bind(org)
        .bind(token_hash)
        .fetch_all(pool)
        .await
    })?)
}

pub async fn delete(db: &Db, org: Uuid, token_hash: &str) -> Result<(), DbError> {
    crate::on_db_write!(db, |pool| sqlx::query("DELETE FROM sessions WHERE organization_id = $1 AND token_hash = $2")
        .bind(org)
        .bind(token_hash)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a user (logout everywhere, password change, deactivation).
pub async fn delete_for_user(tx: &mut Tx, org: Uuid, user_id: Uuid) -> Result<u64, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query("DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2")
        .bind(org)
        .bind(user_id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn insert_one_time(
    tx: &mut Tx,
    org: Uuid,
    token_hash: &str,
    user_id: Uuid,
    purpose: &str,
    now: Ts,
    expires_at: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
        "INSERT INTO one_time_tokens (organization_id, token_hash, user_id, purpose, created_at, expires_at, used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL)"
    )
    .bind(org)
    .bind(token_hash)
    .bind(user_id)
    .bind(purpose)
    .bind(DbTs(now))
    .bind(DbTs(expires_at))
    .execute(conn)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Marks an unexpired, unused one-time token used and returns its user; `None` when it is
/// unknown, expired or already used. The update itself is the check, so it works once.
pub async fn use_one_time(tx: &mut Tx, org: Uuid, token_hash: &str, now: Ts) -> Result<Option<Uuid>, DbError> {
    let row: Option<(Uuid,)> = on_tx!(tx, |conn| sqlx::query_as(
        "UPDATE one_time_tokens SET used_at = $3 \
         WHERE organization_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3 \
         RETURNING user_id"
    )
    .bind(org)
    .bind(token_hash)
    .bind(DbTs(now))
    .fetch_optional(conn)
    .await)?;
    Ok(row.map(|(id,)| id))
}

/// The user of an unexpired, unused one-time token, without using it: lets a caller refuse
/// a bogus link before doing any costly work. `use_one_time` still decides.
pub async fn peek_one_time(db: &Db, org: Uuid, token_hash: &str, now: Ts) -> Result<Option<Uuid>, DbError> {
    let row: Option<(Uuid,)> = crate::on_db!(db, |pool| sqlx::query_as(
        "SELECT user_id FROM one_time_tokens \
         WHERE organization_id = $1 AND token_hash = $2 AND used_at IS NULL AND expires_at > $3"
    )
    .bind(org)
    .bind(token_hash)
    .bind(DbTs(now))
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(|(id,)| id))
}

/// Voids every outstanding one-time link of a user (invitations and recoveries): after a
/// password is set, older links must not set it again.
pub async fn void_one_time_for_user(tx: &mut Tx, org: Uuid, user_id: Uuid, now: Ts) -> Result<u64, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "UPDATE one_time_tokens SET used_at = $3 WHERE organization_id = $1 AND user_id = $2 AND used_at IS NULL"
    )
    .bind(org)
    .bind(user_id)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done)
}
