use std::collections::BTreeSet;

use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Conn, Db, DbError, DbTs, Tx, on_conn, on_db, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProfileRow {
    pub id: Uuid,
    pub name: String,
    pub builtin: Option<String>,
    pub member_count: i64,
}

macro_rules! select_profile {
    () => {
        "SELECT p.id, p.name, p.builtin, \
         (SELECT COUNT(*) FROM users u WHERE u.organization_id = p.organization_id AND u.profile_id = p.id) AS member_count \
         FROM profiles p "
    };
}

pub async fn list(db: &Db, org: Uuid) -> Result<Vec<ProfileRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as(concat!(select_profile!(), "WHERE p.organization_id = $1 ORDER BY p.id"))
        .bind(org)
        .fetch_all(pool)
        .await)?)
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, org: Uuid, id: Uuid) -> Result<Option<ProfileRow>, DbError> {
    Ok(on_conn!(conn.into(), |pool| sqlx::query_as(concat!(
        select_profile!(),
        "WHERE p.organization_id = $1 AND p.id = $2"
    ))
    .bind(org)
    .bind(id)
    .fetch_optional(pool)
    .await)?)
}

pub async fn find_builtin(db: &Db, org: Uuid, builtin: &str) -> Result<Option<ProfileRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as(concat!(
        select_profile!(),
        "WHERE p.organization_id = $1 AND p.builtin = $2"
    ))
    .bind(org)
    .bind(builtin)
    .fetch_optional(pool)
    .await)?)
}

pub async fn insert(
    tx: &mut Tx,
    org: Uuid,
    id: Uuid,
    name: &str,
    builtin: Option<&str>,
    now: Ts,
) -> Result<(), DbError> {
    on_tx!(tx, |conn| {
        sqlx::query(
        "INSERT INTO profiles (organization_id, id, name, builtin, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)"
    )
    .bind(org)
    .bind(id)
    .bind(name)
    .bind(builtin)
    .bind(DbTs(now))
    .execute(conn)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn rename(tx: &mut Tx, org: Uuid, id: Uuid, name: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query(
        "UPDATE profiles SET name = $3, updated_at = $4 WHERE organization_id = $1 AND id = $2"
    )
    .bind(org)
    .bind(id)
    .bind(name)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Replaces the profile's permission set.
pub async fn set_permissions(tx: &mut Tx, org: Uuid, id: Uuid, permissions: &[&str]) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("DELETE FROM profile_permissions WHERE organization_id = $1 AND profile_id = $2")
        .bind(org)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    for permission in permissions {
        on_tx!(tx, |conn| {
            sqlx::query("INSERT INTO profile_permissions (organization_id, profile_id, permission) VALUES ($1, $2, $3)")
                .bind(org)
                .bind(id)
                .bind(*permission)
                .execute(conn)
                .await
                .map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

pub async fn permissions(db: &Db, org: Uuid, id: Uuid) -> Result<BTreeSet<String>, DbError> {
    let rows: Vec<(String,)> = on_db!(db, |pool| {
        sqlx::query_as("SELECT permission FROM profile_permissions WHERE organization_id = $1 AND profile_id = $2")
            .bind(org)
            .bind(id)
            .fetch_all(pool)
            .await
    })?;
    Ok(rows.into_iter().map(|(p,)| p).collect())
}

/// Every profile's permissions in one read, for lists.
pub async fn all_permissions(db: &Db, org: Uuid) -> Result<Vec<(Uuid, String)>, DbError> {
    Ok(on_db!(db, |pool| {
        sqlx::query_as(
        "SELECT profile_id, permission FROM profile_permissions WHERE organization_id = $1 ORDER BY profile_id, permission"
    )
    .bind(org)
    .fetch_all(pool)
    .await
    })?)
}

/// Deletes the profile and its permissions; callers first detach members and tokens.
pub async fn delete(tx: &mut Tx, org: Uuid, id: Uuid) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("DELETE FROM profile_permissions WHERE organization_id = $1 AND profile_id = $2")
        .bind(org)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    on_tx!(tx, |conn| sqlx::query("DELETE FROM profiles WHERE organization_id = $1 AND id = $2")
        .bind(org)
        .bind(id)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
