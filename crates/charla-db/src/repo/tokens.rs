//! API tokens: stored hashed, acting with the permissions of their profile.

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, Db, DbError, DbTs, Tx, on_conn, on_db, on_tx};

macro_rules! select_token {
    () => {
        "SELECT t.id, t.name, t.profile_id, t.created_by, u.name AS created_by_name, t.created_at, \
         t.last_used_at, t.revoked_at FROM api_tokens t \
         LEFT JOIN users u ON u.organization_id = t.organization_id AND u.id = t.created_by "
    };
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub id: Uuid,
    pub name: String,
    pub profile_id: Option<Uuid>,
    pub created_by: Uuid,
    /// The creator's name (`None` only if the user row is gone).
    pub created_by_name: Option<String>,
    pub created_at: DbTs,
    pub last_used_at: Option<DbTs>,
    pub revoked_at: Option<DbTs>,
}

pub struct NewToken<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub name: &'a str,
    pub token_hash: &'a str,
    pub profile_id: Uuid,
    pub created_by: Uuid,
    pub now: Ts,
}

pub async fn insert(tx: &mut Tx, t: &NewToken<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO api_tokens (organization_id, id, name, token_hash, profile_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(t.org)
        .bind(t.id)
        .bind(t.name)
        .bind(t.token_hash)
        .bind(t.profile_id)
        .bind(t.created_by)
        .bind(DbTs(t.now))
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn list(db: &Db, org: Uuid, after: Option<Uuid>, limit: i64) -> Result<Vec<TokenRow>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(concat!(
            select_token!(),
            "WHERE t.organization_id = $1 AND ($2 IS NULL OR t.id > $2) ORDER BY t.id LIMIT $3"
        ))
        .bind(org)
        .bind(after)
        .bind(limit + 1)
        .fetch_all(pool)
        .await
    })?)
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<TokenRow>, DbError> {
    Ok(on_conn!(conn.into(), |pool| {
        sqlx::query_as(concat!(select_token!(), "WHERE t.organization_id = $1 AND t.id = $2"))
            .bind(org)
            .bind(id)
            .fetch_optional(pool)
            .await
    })?)
}

/// A live (unrevoked) token by its hash.
pub async fn find_live(db: &Db, org: Uuid, token_hash: &str) -> Result<Option<TokenRow>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(concat!(
            select_token!(),
            "WHERE t.organization_id = $1 AND t.token_hash = $2 AND t.revoked_at IS NULL"
        ))
        .bind(org)
        .bind(token_hash)
        .fetch_optional(pool)
        .await
    })?)
}

pub async fn touch(db: &Db, org: Uuid, id: Uuid, now: Ts) -> Result<(), DbError> {
    crate::on_db_write!(db, |pool| sqlx::query(
        "UPDATE api_tokens SET last_used_at = $3 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(DbTs(now))
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn revoke(tx: &mut Tx, org: Uuid, id: Uuid, now: Ts) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE api_tokens SET revoked_at = $3 WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL",
        )
        .bind(org)
        .bind(id)
        .bind(DbTs(now))
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

/// Revokes every token acting with a profile that is being deleted.
pub async fn revoke_for_profile(tx: &mut Tx, org: Uuid, profile_id: Uuid, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $3), profile_id = NULL \
         WHERE organization_id = $1 AND profile_id = $2"
    )
    .bind(org)
    .bind(profile_id)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
