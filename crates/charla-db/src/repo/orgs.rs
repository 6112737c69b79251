use charla_domain::time::Ts;
use uuid::Uuid;

use crate::{Db, DbError, DbTs, Tx, on_db, on_tx};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrgRow {
    pub id: Uuid,
    pub name: String,
    /// The zone of the organization's days (reports, "today").
    pub time_zone: String,
    pub created_at: DbTs,
}

pub async fn insert(tx: &mut Tx, id: Uuid, name: &str, now: Ts) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(name)
        .bind(DbTs(now))
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<OrgRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as("SELECT id, name, time_zone, created_at FROM organizations WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<OrgRow>, DbError> {
    Ok(on_db!(db, |pool| sqlx::query_as(
        "SELECT id, name, time_zone, created_at FROM organizations WHERE name = $1 ORDER BY id LIMIT 1"
    )
    .bind(name)
    .fetch_optional(pool)
    .await)?)
}

pub async fn count(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = on_db!(db, |pool| sqlx::query_as("SELECT COUNT(*) FROM organizations").fetch_one(pool).await)?;
    Ok(n)
}

pub async fn list_ids(db: &Db) -> Result<Vec<Uuid>, DbError> {
    let rows: Vec<(Uuid,)> =
        on_db!(db, |pool| sqlx::query_as("SELECT id FROM organizations ORDER BY id").fetch_all(pool).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Claims the first run for `org` inside the transaction that creates it; false when another
/// set-up claimed it first. On PostgreSQL a racing claim waits for the first transaction and
/// then finds its row, so only one of two parallel set-ups can go on.
pub async fn claim_setup(tx: &mut Tx, org: Uuid, now: Ts) -> Result<bool, DbError> {
    let done = on_tx!(tx, |conn| sqlx::query(
        "INSERT INTO setup_claim (claim, organization_id, created_at) VALUES ('first_run', $1, $2) \
         ON CONFLICT (claim) DO NOTHING"
    )
    .bind(org)
    .bind(DbTs(now))
    .execute(conn)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// How many organizations exist, as the transaction sees it.
pub async fn count_in(tx: &mut Tx) -> Result<i64, DbError> {
    let (n,): (i64,) = on_tx!(tx, |conn| sqlx::query_as("SELECT COUNT(*) FROM organizations").fetch_one(conn).await)?;
    Ok(n)
}

/// The zone the organization's days follow (reports, "today").
pub async fn time_zone<'c>(conn: impl Into<crate::Conn<'c>>, org: Uuid) -> Result<Option<String>, DbError> {
    let row: Option<(String,)> =
        crate::on_conn!(conn.into(), |c| sqlx::query_as("SELECT time_zone FROM organizations WHERE id = $1")
            .bind(org)
            .fetch_optional(c)
            .await)?;
    Ok(row.map(|(zone,)| zone))
}

pub async fn set_time_zone(tx: &mut Tx, org: Uuid, zone: &str) -> Result<(), DbError> {
    on_tx!(tx, |conn| sqlx::query("UPDATE organizations SET time_zone = $2 WHERE id = $1")
        .bind(org)
        .bind(zone)
        .execute(conn)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}
