use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, Db, DbError, DbTs, Tx, on_conn, on_db, on_tx};

macro_rules! select_user {
    () => {
        "SELECT u.id, u.email, u.name, u.avatar_url, u.language, u.time_zone, u.status, \
         u.pause_reason_id, u.status_changed_at, u.capacity, u.profile_id, p.name AS profile_name, p.builtin AS profile_builtin, \
         u.active, (u.password_hash IS NULL) AS invited, u.created_at \
         FROM users u LEFT JOIN profiles p ON p.organization_id = u.organization_id AND p.id = u.profile_id "
    };
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub avatar_url: Option<String>,
    pub language: String,
    pub time_zone: String,
    pub status: String,
    pub pause_reason_id: Option<Uuid>,
    pub status_changed_at: DbTs,
    pub capacity: i64,
    pub profile_id: Option<Uuid>,
    pub profile_name: Option<String>,
    pub profile_builtin: Option<String>,
    pub active: bool,
    pub invited: bool,
    pub created_at: DbTs,
}

pub struct NewUser<'a> {
    pub org: Uuid,
    pub id: Uuid,
    pub email: &'a str,
    pub name: &'a str,
    pub search_key: &'a str,
    pub language: &'a str,
    pub time_zone: &'a str,
    pub capacity: i64,
    pub profile_id: Uuid,
    pub password_hash: Option<&'a str>,
    pub now: Ts,
}

/// Inserts the user and claims its email in the login directory; a taken email is a Conflict.
pub async fn insert(tx: &mut Tx, user: &NewUser<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("INSERT INTO user_emails (email, organization_id, user_id) VALUES ($1, $2, $3)")
        .bind(user.email)
        .bind(user.org)
        .bind(user.id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO users (organization_id, id, email, name, search_key, avatar_url, language, time_zone, \
         status, pause_reason_id, status_changed_at, capacity, profile_id, password_hash, active, \
         failed_logins, locked_until, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, 'offline', NULL, $8, $9, $10, $11, $12, 0, NULL, $8, $8)",
        )
        .bind(user.org)
        .bind(user.id)
        .bind(user.email)
        .bind(user.name)
        .bind(user.search_key)
        .bind(user.language)
        .bind(user.time_zone)
        .bind(DbTs(user.now))
        .bind(user.capacity)
        .bind(user.profile_id)
        .bind(user.password_hash)
        .bind(true)
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<UserRow>, DbError> {
    Ok(on_conn!(conn.into(), |pool| sqlx::query_as(concat!(
        select_user!(),
        "WHERE u.organization_id = $1 AND u.id = $2"
    ))
    .bind(org)
    .bind(id)
    .fetch_optional(pool)
    .await)?)
}

pub struct UserFilter<'a> {
    pub search: Option<&'a str>,
    pub profile_id: Option<Uuid>,
    pub after: Option<Uuid>,
    pub limit: i64,
}

/// One page of users by id (creation order); `search` is a LIKE pattern over the search key.
pub async fn list(db: &Db, org: Uuid, filter: &UserFilter<'_>) -> Result<Vec<UserRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as(concat!(
        select_user!(),
        "WHERE u.organization_id = $1 AND ($2 IS NULL OR u.id > $2) \
         AND ($3 IS NULL OR u.search_key LIKE $3 ESCAPE '\\' OR u.email LIKE $3 ESCAPE '\\') \
         AND ($4 IS NULL OR u.profile_id = $4) ORDER BY u.id LIMIT $5"
    ))
    .bind(org)
    .bind(filter.after)
    .bind(filter.search)
    .bind(filter.profile_id)
    .bind(filter.limit + 1)
    .fetch_all(pool)
    .await)?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Credentials {
    pub organization_id: Uuid,
    pub id: Uuid,
    pub password_hash: Option<String>,
    pub active: bool,
}

/// Looks an email up in the login directory of every organization.
pub async fn credentials_by_email(db: &Db, email: &str) -> Result<Option<Credentials>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(
            "SELECT u.organization_id, u.id, u.password_hash, u.active \
         FROM user_emails e JOIN users u ON u.organization_id = e.organization_id AND u.id = e.user_id \
         WHERE e.email = $1",
        )
        .bind(email)
        .fetch_optional(pool)
        .await
    })?)
}

pub async fn set_password(tx: &mut Tx, org: Uuid, id: Uuid, hash: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE users SET password_hash = $3, failed_logins = 0, locked_until = NULL, updated_at = $4 \
         WHERE organization_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(id)
        .bind(hash)
        .bind(DbTs(now))
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The editable part of a user, written whole after the service merged the patch.
pub struct UserUpdate<'a> {
    pub name: &'a str,
    pub search_key: &'a str,
    pub avatar_url: Option<&'a str>,
    pub language: &'a str,
    pub time_zone: &'a str,
    pub capacity: i64,
    pub profile_id: Option<Uuid>,
    pub active: bool,
}

pub async fn update(tx: &mut Tx, org: Uuid, id: Uuid, u: &UserUpdate<'_>, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE users SET name = $3, search_key = $4, avatar_url = $5, language = $6, time_zone = $7, \
         capacity = $8, profile_id = $9, active = $10, updated_at = $11 \
         WHERE organization_id = $1 AND id = $2",
        )
        .bind(org)
        .bind(id)
        .bind(u.name)
        .bind(u.search_key)
        .bind(u.avatar_url)
        .bind(u.language)
        .bind(u.time_zone)
        .bind(u.capacity)
        .bind(u.profile_id)
        .bind(u.active)
        .bind(DbTs(now))
        .execute(conn)
        .await
        .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub struct StatusChange<'a> {
    pub history_id: Uuid,
    pub status: &'a str,
    pub pause_reason_id: Option<Uuid>,
    pub pause_reason_name: Option<&'a str>,
    pub at: Ts,
}

/// Sets the status and appends it to the user's status history.
pub async fn set_status(tx: &mut Tx, org: Uuid, id: Uuid, change: &StatusChange<'_>) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE users SET status = $3, pause_reason_id = $4, status_changed_at = $5 \
         WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(change.status)
    .bind(change.pause_reason_id)
    .bind(DbTs(change.at))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    on_tx!(tx, |conn| {
        sqlx::query(
        "INSERT INTO user_status_history (organization_id, id, user_id, status, pause_reason_id, pause_reason_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)"
    )
    .bind(org)
    .bind(change.history_id)
    .bind(id)
    .bind(change.status)
    .bind(change.pause_reason_id)
    .bind(change.pause_reason_name)
    .bind(DbTs(change.at))
    .execute(conn)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StatusHistoryRow {
    pub id: Uuid,
    pub status: String,
    pub pause_reason_id: Option<Uuid>,
    pub pause_reason_name: Option<String>,
    pub at: DbTs,
}

/// The user's status changes, newest first.
pub async fn status_history(
    db: &Db,
    org: Uuid,
    user: Uuid,
    before: Option<Uuid>,
    limit: i64,
) -> Result<Vec<StatusHistoryRow>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(
            "SELECT id, status, pause_reason_id, pause_reason_name, at FROM user_status_history \
         WHERE organization_id = $1 AND user_id = $2 AND ($3 IS NULL OR id < $3) ORDER BY id DESC LIMIT $4",
        )
        .bind(org)
        .bind(user)
        .bind(before)
        .bind(limit + 1)
        .fetch_all(pool)
        .await
    })?)
}

pub async fn count_with_profile(tx: &mut Tx, org: Uuid, profile_id: Uuid) -> Result<i64, DbError> {
    let (n,): (i64,) =
        on_tx!(tx, |conn| sqlx::query_as("SELECT COUNT(*) FROM users WHERE organization_id = $1 AND profile_id = $2")
            .bind(org)
            .bind(profile_id)
            .fetch_one(conn)
            .await)?;
    Ok(n)
}

/// Takes a deleted profile's permissions from its members: they keep no profile.
pub async fn clear_profile(tx: &mut Tx, org: Uuid, profile_id: Uuid) -> Result<u64, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "UPDATE users SET profile_id = NULL WHERE organization_id = $1 AND profile_id = $2"
    )
    .bind(org)
    .bind(profile_id)
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn find_by_email(db: &Db, org: Uuid, email: &str) -> Result<Option<UserRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as(concat!(select_user!(), "WHERE u.organization_id = $1 AND u.email = $2"))
        .bind(org)
        .bind(email)
        .fetch_optional(pool)
        .await)?)
}
